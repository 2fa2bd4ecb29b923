#include "ConsoleSessions.h"

#include "ConsoleRuntime.h"
#include "ConsoleWiring.h"
#include "DeploymentWorkspace.h"
#include "MainWindow.h"
#include "OverviewPage.h"
#include "SavedDeploymentsPanel.h"
#include "core/ConsoleSettings.h"
#include "drills/DrillsMenu.h"
#include "health/AlertSettings.h"

#include <QSettings>

#include <algorithm>
#include "metrics/MetricsPage.h"

namespace ops {

ConsoleSessions::ConsoleSessions(ConsoleRuntime &runtime, MainWindow &window, bool readOnly, QObject *parent,
                                 AlertNotifier *notifier)
    : QObject(parent), m_runtime(runtime), m_window(window), m_readOnly(readOnly)
{
    ConsoleWiring::wire(runtime, window, notifier);
    connect(&window, &MainWindow::connectRequested, this, &ConsoleSessions::watchProfile);
    connect(&runtime, &ConsoleRuntime::labProgress, &window,
            [&window](const QString &step) { window.showBusy(QObject::tr("Starting lab: %1").arg(step)); });
    connect(&runtime, &ConsoleRuntime::labReady, this, &ConsoleSessions::watchLab);
    wireDrills();
}

void ConsoleSessions::wireDrills()
{
    const QByteArray user = qgetenv("USER");
    m_drills = new DrillsMenu(&m_window, user.isEmpty() ? tr("trainee") : QString::fromLocal8Bit(user));
    ConsoleRuntime *runtime = &m_runtime;
    m_drills->setRunsQuery([runtime](QObject *context, DrillsMenu::RunsHandler handler) {
        runtime->queryDrillRuns({}, context, [handler = std::move(handler)](const QList<DrillScore> &runs, const HistoryError &error) {
            handler(runs, error.isError() ? error.message : QString());
        });
    });
    connect(m_drills, &DrillsMenu::startRequested, runtime, &ConsoleRuntime::startDrill);
    connect(m_drills, &DrillsMenu::acknowledgeRequested, runtime, &ConsoleRuntime::acknowledgeDrill);
    connect(m_drills, &DrillsMenu::abortRequested, runtime, &ConsoleRuntime::abortDrill);
    connect(runtime, &ConsoleRuntime::drillProgress, m_drills, &DrillsMenu::showProgress);
    connect(runtime, &ConsoleRuntime::drillInjected, m_drills, &DrillsMenu::showInjected);
    connect(runtime, &ConsoleRuntime::drillChecked, m_drills, &DrillsMenu::showCheck);
    connect(runtime, &ConsoleRuntime::drillActionSeen, m_drills, &DrillsMenu::showActionSeen);
    connect(runtime, &ConsoleRuntime::drillFinished, m_drills, &DrillsMenu::showFinished);
    // The trainee works on the drill's lab like on any deployment: a tab of its own, from the
    // moment the lab answers (the fault then happens in front of them).
    connect(runtime, &ConsoleRuntime::drillLabReady, this, [this](const LabTopology &topology) {
        const MonitorConfig config = labConfig(topology);
        m_drillMonitor = watch(config, tr("drill %1").arg(LabSpec::kindName(topology.spec.kind)), config.dataOptions.endpoint, m_readOnly);
    });
    connect(m_drills, &DrillsMenu::closeRequested, this, [this] {
        if (m_window.deployment(m_drillMonitor) != nullptr && !m_window.closeDeployment(m_drillMonitor))
            return; // an action runs there: the window said so; the drill stays open
        m_drillMonitor = -1;
        m_runtime.closeDrill();
    });
}

int ConsoleSessions::watch(const MonitorConfig &given, const QString &title, const Endpoint &seed, bool readOnly)
{
    // Settings ▸ poll interval, for deployments opened from now on; staleness and command
    // deadlines follow it as in `redis-ops watch --interval`.
    MonitorConfig config = given;
    config.intervalMs = ConsoleSettings::load(QSettings()).pollIntervalMs;
    config.staleAfterMs = std::max(3000, 3 * config.intervalMs);
    config.commandTimeoutMs = std::max(1000, 2 * config.intervalMs);
    const int id = m_runtime.startMonitor(config, readOnly);
    // The Overview is built from its snapshots (no poll of its own): @p seed is the node it shows.
    DeploymentWorkspace *workspace = m_window.addDeployment(id, title, seed);
    // The page judges by the thresholds the session's alerts use (ConsoleRuntime::startMonitor).
    workspace->setHealthThresholds(AlertSettings::load(QSettings()).thresholds);
    workspace->metricsPage()->setHistory(m_runtime.metricHistory(id)); // fed by the session, read by the page
    // Key counts (hover: one slot; Ctrl+K: all) on the backend thread, answered to this tab.
    auto answer = [workspace](const SlotKeyCountsPtr &counts) { workspace->setSlotKeyCounts(counts); };
    ConsoleRuntime *runtime = &m_runtime;
    connect(workspace, &DeploymentWorkspace::keyCountRequested, workspace,
            [runtime, id, workspace, answer](int slot) { runtime->countKeys(id, slot, slot, workspace, answer); });
    connect(workspace, &DeploymentWorkspace::countAllKeysRequested, workspace,
            [runtime, id, workspace, answer] { runtime->countKeys(id, 0, kSlotCount - 1, workspace, answer); });
    return id;
}

int ConsoleSessions::watchSeed(const ConnectionOptions &connection, bool readOnly)
{
    MonitorConfig config;
    config.seeds = {connection.endpoint};
    config.dataOptions = connection;
    config.sentinelOptions = connection;
    return watch(config, connection.endpoint.toString(), connection.endpoint, readOnly);
}

void ConsoleSessions::watchProfile(const ConnectionProfile &profile)
{
    if (!profile.isSentinel()) {
        track(profile, watchSeed(profile.options, profile.readOnly));
        return;
    }
    MonitorConfig config;
    config.kind = MonitorConfig::Kind::Sentinel;
    config.seeds = profile.sentinels;
    config.masterName = profile.masterName;
    config.dataOptions = profile.options;
    config.sentinelOptions = profile.options; // sentinels usually have no password of their own
    config.sentinelOptions.user.clear();
    config.sentinelOptions.password.clear();
    track(profile, watch(config, profile.name.isEmpty() ? QString::fromUtf8(profile.masterName) : profile.name, {}, profile.readOnly));
}

void ConsoleSessions::track(const ConnectionProfile &profile, int monitorId)
{
    // A saved profile's tab: its health badge on the Overview's saved deployments.
    if (!profile.name.isEmpty())
        m_window.overviewPage()->savedDeployments()->track(profile.name, monitorId, m_window.deployment(monitorId));
}

void ConsoleSessions::openFromCommandLine(const GuiOptions &options)
{
    if (options.startLab)
        m_runtime.startLab(options.lab);
    else if (options.haveDeployment)
        watchProfile(options.deployment);
}

MonitorConfig ConsoleSessions::labConfig(const LabTopology &topology) const
{
    // The lab's deployment: its sentinels (Sentinel lab) or its first master (cluster, standalone).
    const auto masters = topology.nodesWithRole(LabNode::Role::Master);
    const ConnectionOptions first = topology.connectionOptions(masters.first().endpoint);
    MonitorConfig config;
    config.dataOptions = first;
    config.sentinelOptions = first;
    if (topology.spec.kind == LabSpec::Kind::Sentinel) {
        config.kind = MonitorConfig::Kind::Sentinel;
        config.masterName = topology.spec.masterName.toUtf8();
        for (const LabNode &s : topology.nodesWithRole(LabNode::Role::Sentinel))
            config.seeds << s.endpoint;
    } else {
        config.seeds = {first.endpoint};
    }
    return config;
}

void ConsoleSessions::watchLab(const LabTopology &topology)
{
    m_window.showLab(topology);
    const MonitorConfig config = labConfig(topology);
    watch(config, tr("lab %1").arg(LabSpec::kindName(topology.spec.kind)), config.dataOptions.endpoint, m_readOnly);
}

} // namespace ops
