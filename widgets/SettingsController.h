#pragma once

#include "core/ConsoleSettings.h"

#include <QObject>
#include <QPointer>

namespace ops {

class MainWindow;
class SettingsDialog;

/**
 * @brief Edit ▸ Settings… from opening to effect: reads the saved ConsoleSettings, shows the
 * SettingsDialog (non-modal, one at a time), and on Save writes them to QSettings (the keys
 * AlertSettings::load and the CLI read) and applies what the widgets own — thresholds to every
 * open DeploymentWorkspace (Health page, badges, graph marks) and the theme — then emits
 * applied() for app/ to apply the rest (the sessions' alerting, notifications, log level). The
 * status bar says what took effect and what waits for new deployments or a restart.
 */
class SettingsController : public QObject
{
    Q_OBJECT
public:
    explicit SettingsController(MainWindow *window);

    /** Where this run keeps its history and logs (app/ knows: AppPaths::dataDir()). */
    void setDataDirInUse(const QString &dir) { m_dataDirInUse = dir; }
    /** Opens the dialog on the saved settings (raises the open one). */
    SettingsDialog *open();
    /** Saves @p settings and applies them (what Save does). Returns the status bar's text. */
    QString save(const ConsoleSettings &settings);
    /** The saved settings' theme, at start. */
    static void applySavedTheme();

signals:
    /** Saved; @p changed: the names whose value changed (ConsoleSettings::names()). */
    void applied(const ops::ConsoleSettings &settings, const QStringList &changed);

private:
    MainWindow *m_window;
    QPointer<SettingsDialog> m_dialog;
    QString m_dataDirInUse;
};

} // namespace ops
