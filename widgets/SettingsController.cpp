#include "SettingsController.h"

#include "DeploymentWorkspace.h"
#include "MainWindow.h"
#include "SettingsDialog.h"
#include "ThemePalette.h"

#include <QSettings>
#include <QStatusBar>

namespace ops {

SettingsController::SettingsController(MainWindow *window)
    : QObject(window), m_window(window)
{
}

SettingsDialog *SettingsController::open()
{
    if (m_dialog == nullptr) {
        m_dialog = new SettingsDialog(ConsoleSettings::load(QSettings()), m_dataDirInUse, m_window);
        m_dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_dialog, &QDialog::accepted, this, [this] { save(m_dialog->settings()); });
    }
    m_dialog->show();
    m_dialog->raise();
    m_dialog->activateWindow();
    return m_dialog;
}

QString SettingsController::save(const ConsoleSettings &settings)
{
    QSettings stored;
    const QStringList changed = settings.differences(ConsoleSettings::load(stored));
    settings.save(stored);
    stored.sync();

    bool thresholds = false, later = false, restart = false;
    for (const QString &name : changed) {
        const ConsoleSettings::Applies when = ConsoleSettings::appliesWhen(name);
        thresholds = thresholds || AlertSettings::names().contains(name);
        later = later || when == ConsoleSettings::Applies::NewDeployments;
        restart = restart || when == ConsoleSettings::Applies::Restart;
    }
    const QList<int> open = m_window->monitorIds();
    if (thresholds)
        for (const int id : open)
            m_window->deployment(id)->setHealthThresholds(settings.alerts.thresholds);
    if (changed.contains(QStringLiteral("theme")))
        ThemePalette::apply(settings.theme);
    emit applied(settings, changed);

    QStringList parts;
    if (changed.isEmpty())
        parts << tr("Settings saved, nothing changed");
    else
        parts << tr("Settings saved");
    if (thresholds)
        parts << tr("thresholds applied to %n open deployment(s)", nullptr, int(open.size()));
    if (later)
        parts << tr("the poll interval applies to deployments opened from now on");
    if (restart)
        parts << tr("the data directory applies after a restart");
    const QString text = parts.join(QStringLiteral("; "));
    m_window->statusBar()->showMessage(text, 15000);
    return text;
}

void SettingsController::applySavedTheme()
{
    ThemePalette::apply(ConsoleSettings::load(QSettings()).theme);
}

} // namespace ops
