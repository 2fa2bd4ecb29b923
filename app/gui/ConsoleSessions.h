#pragma once

#include "GuiOptions.h"
#include "core/ConnectionProfile.h"
#include "lab/LabTopology.h"
#include "monitor/MonitorConfig.h"

#include <QObject>

namespace ops {

class AlertNotifier;

class ConsoleRuntime;
class DrillsMenu;
class MainWindow;

/**
 * @brief What the console watches and how a deployment becomes a tab: a saved or typed
 * connection profile, a seed from the command line, or the lab once it is ready — each a
 * DeploymentSession on the runtime's backend thread with its tab, key counts and actions wired
 * (ConsoleWiring). Shared by app/gui/main.cpp and the GUI tests, so a test drives the same
 * console an operator starts.
 */
class ConsoleSessions : public QObject
{
    Q_OBJECT
public:
    /** @p readOnly (--read-only) applies to the lab and the command-line seed; profiles carry their own. */
    /** @p notifier: desktop notifications (null: the system tray), see ConsoleWiring::wire. */
    ConsoleSessions(ConsoleRuntime &runtime, MainWindow &window, bool readOnly = false, QObject *parent = nullptr,
                    AlertNotifier *notifier = nullptr);

    /** Watches @p config (at the poll interval of Settings) in a new tab titled @p title; returns its monitor id. */
    int watch(const MonitorConfig &config, const QString &title, const Endpoint &seed, bool readOnly);
    int watchSeed(const ConnectionOptions &connection, bool readOnly);
    /** A named (saved) profile's tab is tracked by the Overview's saved deployments (health badge). */
    void watchProfile(const ConnectionProfile &profile);
    /** What the command line names: the lab (started; watched once ready) or a deployment. */
    void openFromCommandLine(const GuiOptions &options);
    /** The lab's deployment: its sentinels (Sentinel lab) or its first master (cluster, standalone). */
    void watchLab(const LabTopology &topology);
    /** Drills ▸ …: the drill's lab is watched in a tab of its own, closed with the drill. */
    DrillsMenu *drills() const { return m_drills; }
    /** The monitor watching the drill's lab, or -1. */
    int drillMonitor() const { return m_drillMonitor; }

private:
    void wireDrills();
    void track(const ConnectionProfile &profile, int monitorId);
    MonitorConfig labConfig(const LabTopology &topology) const;

    ConsoleRuntime &m_runtime;
    MainWindow &m_window;
    bool m_readOnly;
    DrillsMenu *m_drills = nullptr;
    int m_drillMonitor = -1;
};

} // namespace ops
