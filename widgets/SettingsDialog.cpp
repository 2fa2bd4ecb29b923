#include "SettingsDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace ops {

SettingsDialog::SettingsDialog(const ConsoleSettings &current, const QString &dataDirInUse, QWidget *parent)
    : QDialog(parent), m_initial(current)
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    // Wide enough for the notes and the validation messages on one line each (wrapped labels in a
    // form layout are otherwise squeezed and clipped).
    setMinimumWidth(640);
    auto *layout = new QVBoxLayout(this);

    auto *monitoring = new QGroupBox(tr("Monitoring"), this);
    auto *monitoringForm = new QFormLayout(monitoring);
    addText(monitoringForm, QStringLiteral("poll-interval"), tr("Poll &interval (ms):"),
            tr("%1 to %2 ms").arg(ConsoleSettings::kMinPollIntervalMs).arg(ConsoleSettings::kMaxPollIntervalMs));
    monitoringForm->addRow(note(tr("Applies to deployments opened from now on; open tabs keep their interval.")));
    layout->addWidget(monitoring);

    auto *thresholds = new QGroupBox(tr("Alert thresholds"), this);
    auto *thresholdForm = new QFormLayout(thresholds);
    addText(thresholdForm, QStringLiteral("lag-bytes"), tr("Replica lag, &bytes:"), tr("at least 1: 1048576, 512kb, 1mb, 2gb"));
    addText(thresholdForm, QStringLiteral("lag-seconds"), tr("Replica lag, &seconds:"), tr("above 0: 10, 2.5"));
    addText(thresholdForm, QStringLiteral("memory-percent"), tr("&Memory used of maxmemory (%):"), tr("above 0, at most 100"));
    addText(thresholdForm, QStringLiteral("fragmentation"), tr("&Fragmentation ratio:"), tr("above 1: 1.5"));
    thresholdForm->addRow(note(tr("Applies at once to every open deployment (Health page, badges, alerts) and to redis-ops check.")));
    layout->addWidget(thresholds);

    auto *readiness = new QGroupBox(tr("Failover readiness"), this);
    auto *readinessForm = new QFormLayout(readiness);
    // What each is compared with goes in the tooltip: the notes stay one line (see setMinimumWidth).
    addText(readinessForm, QStringLiteral("down-after-latency-factor"), tr("Do&wn-after over worst round trip (×):"),
            tr("at least 1: 10"))
        ->setToolTip(tr("down-after-milliseconds must be at least this many times the worst round trip the console measures"));
    addText(readinessForm, QStringLiteral("client-retry-budget-ms"), tr("Client retr&y budget (ms):"),
            tr("0 (not stated) to 86400000: 5000"))
        ->setToolTip(tr("How long the clients keep retrying (timeout × retries + backoff), against the recorded failovers"));
    addText(readinessForm, QStringLiteral("backlog-outage-seconds"), tr("Backlog covers an o&utage of (s):"), tr("above 0: 60, 300"))
        ->setToolTip(tr("Seconds of writes repl-backlog-size must hold, so a replica back from an outage resyncs partially"));
    readinessForm->addRow(note(tr("Applies at once, like the thresholds above; the retry budget is checked against the history.")));
    layout->addWidget(readiness);

    auto *notify = new QGroupBox(tr("Desktop notifications"), this);
    auto *notifyForm = new QFormLayout(notify);
    addSwitch(notifyForm, QStringLiteral("node-down"), tr("A node &fails or stops answering"));
    addSwitch(notifyForm, QStringLiteral("failover"), tr("A fail&over starts or ends"));
    addSwitch(notifyForm, QStringLiteral("rule-firing"), tr("A health &rule starts firing"));
    addSwitch(notifyForm, QStringLiteral("trend"), tr("A &trend will cross a threshold"));
    notifyForm->addRow(note(tr("Applies at once. Events are always recorded in the history and the event log.")));
    layout->addWidget(notify);

    auto *files = new QGroupBox(tr("Files and logging"), this);
    auto *filesForm = new QFormLayout(files);
    QLineEdit *dataDir = addText(filesForm, QStringLiteral("data-dir"), tr("&Data directory:"), tr("empty: %1").arg(dataDirInUse));
    auto *browse = new QPushButton(tr("Browse…"), files);
    browse->setObjectName(QStringLiteral("settingsBrowseDataDir"));
    connect(browse, &QPushButton::clicked, this, [this, dataDir] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Data directory"), dataDir->text());
        if (!dir.isEmpty())
            dataDir->setText(dir);
    });
    filesForm->addRow(QString(), browse);
    filesForm->addRow(note(tr("History database, logs and runbooks/ live there; applies after a restart (--data-dir wins).")));
    QLabel *inUse = note(tr("In use now: %1").arg(dataDirInUse));
    inUse->setWordWrap(false); // a long path widens the dialog instead of being cut off below
    filesForm->addRow(inUse);
    addChoice(filesForm, QStringLiteral("log-level"), tr("&Log level:"), ConsoleSettings::logLevels());
    filesForm->addRow(note(tr("Applies at once to the log file and the application log.")));
    layout->addWidget(files);

    auto *appearance = new QGroupBox(tr("Appearance"), this);
    auto *appearanceForm = new QFormLayout(appearance);
    addChoice(appearanceForm, QStringLiteral("theme"), tr("T&heme:"), ConsoleSettings::themeNames());
    appearanceForm->addRow(note(tr("Applies at once.")));
    layout->addWidget(appearance);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_save = buttons->button(QDialogButtonBox::Save);
    m_save->setObjectName(QStringLiteral("settingsSave"));
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    layout->addWidget(buttons);

    for (auto it = m_texts.cbegin(); it != m_texts.cend(); ++it)
        it.value()->setText(current.value(it.key()));
    for (auto it = m_switches.cbegin(); it != m_switches.cend(); ++it)
        it.value()->setChecked(current.value(it.key()) == QLatin1String("on"));
    for (auto it = m_choices.cbegin(); it != m_choices.cend(); ++it)
        it.value()->setCurrentText(current.value(it.key()));
    for (QLineEdit *edit : std::as_const(m_texts))
        connect(edit, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    validate();
}

QLabel *SettingsDialog::note(const QString &text)
{
    auto *label = new QLabel(text, this);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setEnabled(false); // the palette's dimmed text: a remark, not a field
    return label;
}

QLineEdit *SettingsDialog::addText(QFormLayout *form, const QString &name, const QString &label, const QString &hint)
{
    auto *edit = new QLineEdit(this);
    edit->setObjectName(QStringLiteral("setting-") + name);
    edit->setPlaceholderText(hint);
    edit->setToolTip(hint);
    form->addRow(label, edit);
    auto *error = new QLabel(this);
    error->setObjectName(QStringLiteral("settingError-") + name);
    error->setTextFormat(Qt::PlainText);
    error->setWordWrap(true);
    error->setStyleSheet(QStringLiteral("color: #d32f2f; font-weight: bold"));
    error->hide();
    form->addRow(error); // the whole row: the message is longer than the field
    m_texts.insert(name, edit);
    m_errors.insert(name, error);
    return edit;
}

QCheckBox *SettingsDialog::addSwitch(QFormLayout *form, const QString &name, const QString &label)
{
    auto *box = new QCheckBox(label, this);
    box->setObjectName(QStringLiteral("setting-") + name);
    form->addRow(box);
    m_switches.insert(name, box);
    return box;
}

QComboBox *SettingsDialog::addChoice(QFormLayout *form, const QString &name, const QString &label, const QStringList &choices)
{
    auto *combo = new QComboBox(this);
    combo->setObjectName(QStringLiteral("setting-") + name);
    combo->addItems(choices);
    form->addRow(label, combo);
    m_choices.insert(name, combo);
    return combo;
}

ConsoleSettings SettingsDialog::settings() const
{
    ConsoleSettings s = m_initial;
    for (auto it = m_texts.cbegin(); it != m_texts.cend(); ++it)
        s.set(it.key(), it.value()->text(), nullptr); // a bad field keeps the value it had
    for (auto it = m_switches.cbegin(); it != m_switches.cend(); ++it)
        s.set(it.key(), it.value()->isChecked() ? QStringLiteral("on") : QStringLiteral("off"), nullptr);
    for (auto it = m_choices.cbegin(); it != m_choices.cend(); ++it)
        s.set(it.key(), it.value()->currentText(), nullptr);
    return s;
}

QStringList SettingsDialog::errors() const
{
    QStringList out;
    ConsoleSettings probe;
    for (const QString &name : ConsoleSettings::names()) {
        QString error;
        if (const QLineEdit *edit = m_texts.value(name); edit != nullptr && !probe.set(name, edit->text(), &error))
            out << error;
    }
    return out;
}

void SettingsDialog::validate()
{
    bool valid = true;
    ConsoleSettings probe;
    for (auto it = m_texts.cbegin(); it != m_texts.cend(); ++it) {
        QString error;
        const bool ok = probe.set(it.key(), it.value()->text(), &error);
        QLabel *label = m_errors.value(it.key());
        label->setText(error);
        label->setVisible(!ok);
        valid = valid && ok;
    }
    m_save->setEnabled(valid);
}

void SettingsDialog::accept()
{
    validate();
    if (!errors().isEmpty())
        return;
    QDialog::accept();
}

} // namespace ops
