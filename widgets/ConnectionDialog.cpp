#include "ConnectionDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace ops {

ConnectionDialog::ConnectionDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Connect to a Redis node"));
    setObjectName(QStringLiteral("connectionDialog"));
    auto *layout = new QVBoxLayout(this);
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
    if (o.endpoint.host.isEmpty())
        problem = tr("Enter a host name or address.");
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
