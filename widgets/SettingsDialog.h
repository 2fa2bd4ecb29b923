#pragma once

#include "core/ConsoleSettings.h"

#include <QDialog>
#include <QHash>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace ops {

/**
 * @brief Edit ▸ Settings… (Ctrl+,): the poll interval, the alert thresholds (failover readiness
 * included: down-after factor, client retry budget, backlog outage) and which alerts
 * notify, the data directory, the log level and the theme (ConsoleSettings). Every field is
 * checked as it is typed by ConsoleSettings::set(), its error (with the accepted range) shown under
 * it, and Save stays disabled while one is wrong. Each group says when it takes effect: at once,
 * for deployments opened afterwards, or after a restart.
 *
 * objectNames: settingsDialog, "setting-<name>" per field (ConsoleSettings::names()),
 * "settingError-<name>" per text field's error, settingsSave.
 */
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    /** @p dataDirInUse: where this run keeps its history and logs (shown next to the setting). */
    SettingsDialog(const ConsoleSettings &current, const QString &dataDirInUse, QWidget *parent = nullptr);

    /** The settings as edited; meaningful when errors() is empty. */
    ConsoleSettings settings() const;
    /** "name=value: why" per field that does not validate. */
    QStringList errors() const;

    void accept() override;

private:
    QLineEdit *addText(QFormLayout *form, const QString &name, const QString &label, const QString &hint);
    QCheckBox *addSwitch(QFormLayout *form, const QString &name, const QString &label);
    QComboBox *addChoice(QFormLayout *form, const QString &name, const QString &label, const QStringList &choices);
    QLabel *note(const QString &text);
    void validate();

    ConsoleSettings m_initial;
    QHash<QString, QLineEdit *> m_texts;
    QHash<QString, QLabel *> m_errors;
    QHash<QString, QCheckBox *> m_switches;
    QHash<QString, QComboBox *> m_choices;
    QPushButton *m_save = nullptr;
};

} // namespace ops
