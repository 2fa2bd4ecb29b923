#include "ConnectionDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QInputDialog>
#include <QSettings>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

namespace ops {

ConnectionDialog::ConnectionDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Connect to a Redis node"));
    setObjectName(QStringLiteral("connectionDialog"));
    auto *layout = new QVBoxLayout(this);
    auto *profileRow = new QHBoxLayout;
    m_profiles = new QComboBox(this);
    m_profiles->setObjectName(QStringLiteral("profiles"));
    m_profiles->setMinimumContentsLength(20);
    auto *save = new QPushButton(tr("&Save as…"), this);
    save->setObjectName(QStringLiteral("saveProfile"));
    auto *remove = new QPushButton(tr("&Delete"), this);
    remove->setObjectName(QStringLiteral("deleteProfile"));
    auto *profileLabel = new QLabel(tr("Pro&file:"), this);
    profileLabel->setBuddy(m_profiles);
    profileRow->addWidget(profileLabel);
    profileRow->addWidget(m_profiles, 1);
    profileRow->addWidget(save);
    profileRow->addWidget(remove);
    layout->addLayout(profileRow);
    connect(save, &QPushButton::clicked, this, &ConnectionDialog::saveProfile);
    connect(remove, &QPushButton::clicked, this, &ConnectionDialog::deleteProfile);
    connect(m_profiles, &QComboBox::activated, this, [this](int index) {
        if (index <= 0)
            return;
        loadProfile(m_profiles->itemText(index));
    });

    auto *form = new QFormLayout;
    m_host = new QLineEdit(QStringLiteral("127.0.0.1"), this);
    m_host->setObjectName(QStringLiteral("host"));
    m_port = new QSpinBox(this);
    m_port->setObjectName(QStringLiteral("port"));
    m_port->setRange(1, 65535);
    m_port->setValue(6379);
    m_user = new QLineEdit(this);
    m_user->setObjectName(QStringLiteral("user"));
    m_user->setPlaceholderText(tr("default"));
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("kept in memory only"));
    form->addRow(tr("&Host:"), m_host);
    form->addRow(tr("&Port:"), m_port);
    form->addRow(tr("ACL &user:"), m_user);
    form->addRow(tr("Pass&word:"), m_password);
    m_keepPassword = new QCheckBox(tr("&Keep the password of a saved profile in the system keychain"), this);
    m_keepPassword->setObjectName(QStringLiteral("keepPassword"));
    m_keepPassword->setEnabled(false);
    m_keepPassword->setToolTip(tr("No keychain is connected: the password is typed each time."));
    form->addRow(QString(), m_keepPassword);
    m_keychainNote = new QLabel(this);
    m_keychainNote->setObjectName(QStringLiteral("keychainNote"));
    m_keychainNote->setTextFormat(Qt::PlainText);
    m_keychainNote->setWordWrap(true);
    m_keychainNote->hide();
    form->addRow(QString(), m_keychainNote);
    m_sentinels = new QLineEdit(this);
    m_sentinels->setObjectName(QStringLiteral("sentinels"));
    m_sentinels->setPlaceholderText(tr("host:port, host:port … (empty: host above is a cluster or standalone node)"));
    m_master = new QLineEdit(this);
    m_master->setObjectName(QStringLiteral("masterName"));
    m_master->setPlaceholderText(tr("Sentinel master name, e.g. mymaster"));
    form->addRow(tr("Se&ntinels:"), m_sentinels);
    form->addRow(tr("&Master name:"), m_master);
    m_readOnly = new QCheckBox(tr("&Read-only: watch only, never run actions (failover, resharding)"), this);
    m_readOnly->setObjectName(QStringLiteral("readOnly"));
    form->addRow(QString(), m_readOnly);
    layout->addLayout(form);

    m_tls = new QGroupBox(tr("Use &TLS"), this);
    m_tls->setObjectName(QStringLiteral("tls"));
    m_tls->setCheckable(true);
    m_tls->setChecked(false);
    auto *tlsForm = new QFormLayout(m_tls);
    m_caFile = fileField(QStringLiteral("caFile"), tr("CA certificate"), m_tls, tlsForm, tr("CA file:"));
    m_certFile = fileField(QStringLiteral("certFile"), tr("Client certificate"), m_tls, tlsForm, tr("Client cert:"));
    m_keyFile = fileField(QStringLiteral("keyFile"), tr("Client key"), m_tls, tlsForm, tr("Client key:"));
    m_sni = new QLineEdit(m_tls);
    m_sni->setPlaceholderText(tr("host name to verify (default: host)"));
    tlsForm->addRow(tr("Server name:"), m_sni);
    m_insecure = new QCheckBox(tr("Do not verify the server certificate (insecure)"), m_tls);
    tlsForm->addRow(m_insecure);
    layout->addWidget(m_tls);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("connectionError"));
    m_error->setTextFormat(Qt::PlainText);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: palette(highlight); font-weight: bold"));
    m_error->hide();
    layout->addWidget(m_error);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Connect"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectionDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ConnectionDialog::reject);
    layout->addWidget(buttons);
    reloadProfiles();
}

void ConnectionDialog::reloadProfiles(const QString &select)
{
    QSettings settings;
    m_profiles->clear();
    m_profiles->addItem(tr("(new connection)"));
    m_profiles->addItems(ConnectionProfile::names(settings));
    const int index = m_profiles->findText(select);
    m_profiles->setCurrentIndex(std::max(0, index));
}

void ConnectionDialog::saveProfile()
{
    bool ok = false;
    const QString current = m_profiles->currentIndex() > 0 ? m_profiles->currentText() : QString();
    const QString label = m_keeper && m_keepPassword->isChecked() ? tr("Profile name (the password goes to the keychain):")
                                                                   : tr("Profile name (no password is saved):");
    const QString name = QInputDialog::getText(this, tr("Save profile"), label, QLineEdit::Normal, current, &ok).trimmed();
    if (!ok || name.isEmpty())
        return;
    ConnectionProfile p = profile();
    p.name = name;
    const QString password = QString::fromUtf8(p.options.password);
    p.askPassword = !p.options.password.isEmpty(); // opening it from the Overview asks for one
    p.options.password.clear();
    p.passwordInKeychain = m_keeper && m_keepPassword->isChecked();
    QSettings settings;
    p.save(settings);
    reloadProfiles(name);
    if (!m_keeper)
        return;
    if (!p.passwordInKeychain) {
        m_keeper->remove(name, [self = QPointer<ConnectionDialog>(this)](const SecretKeeper::Result &r) {
            if (self && !r.ok())
                self->showKeychainNote(r.message);
        });
        return;
    }
    if (password.isEmpty()) { // keep what the keychain holds
        showKeychainNote(tr("Saved; the keychain's password for it is kept (none typed)."));
        return;
    }
    showKeychainNote(tr("Saving the password in the keychain…"));
    m_keeper->write(name, password, [self = QPointer<ConnectionDialog>(this)](const SecretKeeper::Result &r) {
        if (self)
            self->showKeychainNote(r.ok() ? tr("Saved; the password is in the system keychain.")
                                          : tr("Saved without the password: %1").arg(r.message));
    });
}

void ConnectionDialog::loadProfile(const QString &name)
{
    QSettings settings;
    const ConnectionProfile p = ConnectionProfile::load(settings, name);
    setProfile(p);
    const int generation = ++m_profileGeneration;
    m_keychainNote->hide();
    if (!p.passwordInKeychain || !m_keeper)
        return;
    showKeychainNote(tr("Reading the password from the keychain…"));
    m_keeper->read(name, [self = QPointer<ConnectionDialog>(this), generation](const SecretKeeper::Result &r) {
        if (!self || generation != self->m_profileGeneration)
            return;
        if (!r.ok()) {
            self->showKeychainNote(tr("%1: type the password.").arg(r.message));
            return;
        }
        if (self->m_password->text().isEmpty())
            self->m_password->setText(r.password);
        self->showKeychainNote(tr("Password from the system keychain."));
    });
}

void ConnectionDialog::showKeychainNote(const QString &text)
{
    m_keychainNote->setText(text);
    m_keychainNote->show();
}

void ConnectionDialog::setSecretKeeper(SecretKeeper *keeper)
{
    m_keeper = keeper;
    m_keepPassword->setEnabled(keeper != nullptr);
    m_keepPassword->setToolTip(keeper ? tr("The password goes to the OS keychain (Secret Service), never to the "
                                           "settings file.")
                                      : tr("No keychain is connected: the password is typed each time."));
}

void ConnectionDialog::deleteProfile()
{
    if (m_profiles->currentIndex() <= 0)
        return;
    const QString name = m_profiles->currentText();
    QSettings settings;
    ConnectionProfile::remove(settings, name);
    reloadProfiles();
    if (m_keeper)
        m_keeper->remove(name, [self = QPointer<ConnectionDialog>(this)](const SecretKeeper::Result &r) {
            if (self && !r.ok())
                self->showKeychainNote(r.message);
        });
}

ConnectionProfile ConnectionDialog::profile() const
{
    ConnectionProfile p;
    p.name = m_profiles->currentIndex() > 0 ? m_profiles->currentText() : QString();
    p.options = options();
    for (const QString &part : m_sentinels->text().split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts)) {
        bool ok = false;
        const Endpoint ep = Endpoint::parse(part, 26379, &ok);
        if (ok)
            p.sentinels << ep;
    }
    p.masterName = m_master->text().trimmed().toUtf8();
    p.readOnly = m_readOnly->isChecked();
    return p;
}

void ConnectionDialog::setProfile(const ConnectionProfile &p)
{
    setOptions(p.options);
    QStringList sentinels;
    for (const Endpoint &ep : p.sentinels)
        sentinels << ep.toString();
    m_sentinels->setText(sentinels.join(QStringLiteral(", ")));
    m_master->setText(QString::fromUtf8(p.masterName));
    m_readOnly->setChecked(p.readOnly);
    m_keepPassword->setChecked(p.passwordInKeychain);
    m_password->clear();
    m_password->setFocus();
}

QLineEdit *ConnectionDialog::fileField(const QString &objectName, const QString &caption, QWidget *parent,
                                       QFormLayout *form, const QString &label)
{
    auto *row = new QWidget(parent);
    auto *h = new QHBoxLayout(row);
    h->setContentsMargins(0, 0, 0, 0);
    auto *edit = new QLineEdit(row);
    edit->setObjectName(objectName);
    auto *browse = new QPushButton(tr("Browse…"), row);
    connect(browse, &QPushButton::clicked, this, [this, edit, caption] {
        const QString file = QFileDialog::getOpenFileName(this, caption, edit->text(), tr("PEM files (*.pem *.crt *.key);;All files (*)"));
        if (!file.isEmpty())
            edit->setText(file);
    });
    h->addWidget(edit, 1);
    h->addWidget(browse);
    form->addRow(label, row);
    return edit;
}

void ConnectionDialog::setOptions(const ConnectionOptions &o)
{
    m_host->setText(o.endpoint.host);
    m_port->setValue(o.endpoint.port);
    m_user->setText(o.user);
    m_tls->setChecked(o.tls.enabled);
    m_caFile->setText(o.tls.caFile);
    m_certFile->setText(o.tls.certFile);
    m_keyFile->setText(o.tls.keyFile);
    m_sni->setText(o.tls.serverName);
    m_insecure->setChecked(o.tls.insecure);
}

ConnectionOptions ConnectionDialog::options() const
{
    ConnectionOptions o;
    o.endpoint = Endpoint{m_host->text().trimmed(), quint16(m_port->value())};
    o.user = m_user->text().trimmed();
    o.password = m_password->text().toUtf8();
    o.tls.enabled = m_tls->isChecked();
    o.tls.caFile = m_caFile->text().trimmed();
    o.tls.certFile = m_certFile->text().trimmed();
    o.tls.keyFile = m_keyFile->text().trimmed();
    o.tls.serverName = m_sni->text().trimmed();
    o.tls.insecure = m_insecure->isChecked();
    return o;
}

void ConnectionDialog::accept()
{
    const ConnectionOptions o = options();
    QString problem;
    const ConnectionProfile target = profile();
    const int sentinelWords = int(m_sentinels->text().split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts).size());
    if (sentinelWords != target.sentinels.size())
        problem = tr("Sentinels must be host:port, separated by commas.");
    else if (o.endpoint.host.isEmpty() && !target.isSentinel())
        problem = tr("Enter a host name or address.");
    else if (target.isSentinel() && target.masterName.isEmpty())
        problem = tr("A Sentinel deployment needs the master name.");
    else if (o.tls.enabled && o.tls.certFile.isEmpty() != o.tls.keyFile.isEmpty())
        problem = tr("A client certificate needs both the certificate and the key file.");
    else
        for (const QString &f : {o.tls.caFile, o.tls.certFile, o.tls.keyFile})
            if (o.tls.enabled && !f.isEmpty() && !QFileInfo(f).isReadable()) {
                problem = tr("Cannot read %1.").arg(f);
                break;
            }
    if (!problem.isEmpty()) {
        m_error->setText(problem);
        m_error->show();
        return;
    }
    QDialog::accept();
}

} // namespace ops
