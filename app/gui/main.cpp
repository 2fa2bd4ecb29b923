#include "AppPaths.h"
#include "ConsoleRuntime.h"
#include "ConsoleWiring.h"
#include "DeploymentWorkspace.h"
#include "GuiOptions.h"
#include "MainWindow.h"
#include "SignalWatcher.h"
#include "core/Logging.h"

#include <QApplication>
#include <QTimer>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("redis-ops-console"));
    QApplication::setOrganizationName(QStringLiteral("redis-ops"));
    QApplication::setApplicationDisplayName(QStringLiteral("Redis Ops Console"));
    QApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION_STRING));

    ops::GuiOptions options;
    QString error;
    if (!ops::GuiOptions::parse(QApplication::arguments(), options, error)) {
        const bool help = error.startsWith(QStringLiteral("Usage"));
        std::fprintf(help ? stdout : stderr, "%s\n", error.toLocal8Bit().constData());
        return help ? 0 : 2;
    }
    ops::Logging::Config logConfig;
    logConfig.filePath = ops::AppPaths::logFile(QStringLiteral("redis-ops-console"));
    ops::Logging::initialize(logConfig);

    ops::ConsoleRuntime runtime;
    runtime.openHistory(ops::AppPaths::historyFile());
    ops::MainWindow window;
    ops::ConsoleWiring::wire(runtime, window);
    // Watches a deployment in its own tab, on the backend thread.
    // The Overview is built from its snapshots (no poll of its own): @p seed is the node it shows.
    auto watch = [&](ops::MonitorConfig config, const QString &title, const ops::Endpoint &seed) {
        const int id = runtime.startMonitor(config);
        ops::DeploymentWorkspace *workspace = window.addDeployment(id, title, seed);
        // Key counts (hover: one slot; Ctrl+K: all) on the backend thread, answered to this tab.
        auto answerCounts = [workspace](const ops::SlotKeyCountsPtr &counts) { workspace->setSlotKeyCounts(counts); };
        QObject::connect(workspace, &ops::DeploymentWorkspace::keyCountRequested, workspace,
                         [&runtime, id, workspace, answerCounts](int slot) { runtime.countKeys(id, slot, slot, workspace, answerCounts); });
        QObject::connect(workspace, &ops::DeploymentWorkspace::countAllKeysRequested, workspace, [&runtime, id, workspace, answerCounts] {
            runtime.countKeys(id, 0, ops::kSlotCount - 1, workspace, answerCounts);
        });
    };
    auto watchSeed = [&](const ops::ConnectionOptions &connection) {
        ops::MonitorConfig config;
        config.seeds = {connection.endpoint};
        config.dataOptions = connection;
        config.sentinelOptions = connection;
        watch(config, connection.endpoint.toString(), connection.endpoint);
    };
    ops::SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &ops::SignalWatcher::interrupted, &app, &QApplication::quit);
    QObject::connect(&window, &ops::MainWindow::connectRequested, &runtime, [&](const ops::ConnectionProfile &target) {
        if (!target.isSentinel()) {
            watchSeed(target.options);
            return;
        }
        ops::MonitorConfig config;
        config.kind = ops::MonitorConfig::Kind::Sentinel;
        config.seeds = target.sentinels;
        config.masterName = target.masterName;
        config.dataOptions = target.options;
        config.sentinelOptions = target.options; // sentinels usually have no password of their own
        config.sentinelOptions.user.clear();
        config.sentinelOptions.password.clear();
        watch(config, target.name.isEmpty() ? QString::fromUtf8(target.masterName) : target.name, {});
    });
    QObject::connect(&runtime, &ops::ConsoleRuntime::labProgress, &window,
                     [&window](const QString &step) { window.showBusy(QObject::tr("Starting lab: %1").arg(step)); });
    QObject::connect(&runtime, &ops::ConsoleRuntime::labReady, &window, [&](const ops::LabTopology &topology) {
        window.showLab(topology);
        const auto masters = topology.nodesWithRole(ops::LabNode::Role::Master);
        const ops::ConnectionOptions first = topology.connectionOptions(masters.first().endpoint);
        ops::MonitorConfig config;
        config.dataOptions = first;
        config.sentinelOptions = first;
        if (topology.spec.kind == ops::LabSpec::Kind::Sentinel) {
            config.kind = ops::MonitorConfig::Kind::Sentinel;
            config.masterName = topology.spec.masterName.toUtf8();
            for (const ops::LabNode &s : topology.nodesWithRole(ops::LabNode::Role::Sentinel))
                config.seeds << s.endpoint;
        } else {
            config.seeds = {first.endpoint};
        }
        watch(config, QObject::tr("lab %1").arg(ops::LabSpec::kindName(topology.spec.kind)), first.endpoint);
    });
    int exitCode = 0;
    QObject::connect(&runtime, &ops::ConsoleRuntime::labFailed, &window, [&](const QString &why) {
        if (!options.screenshot.isEmpty()) {
            std::fprintf(stderr, "redis-ops-console: the lab did not start: %s\n", why.toLocal8Bit().constData());
            exitCode = 1;
            app.exit(1);
            return;
        }
        window.showFatal(QObject::tr("The lab did not start:\n%1").arg(why));
    });

    if (!options.screenshot.isEmpty()) {
        // Every page (the Overview too) is drawn from the snapshots: wait until every server has
        // answered once, let more cycles arrive (lag, events) and the layout settle, then capture.
        QObject::connect(&window, &ops::MainWindow::firstSnapshotShown, &window, [&] {
            QTimer::singleShot(options.screenshotDelayMs, &window, [&] {
                const bool saved = window.grab().save(options.screenshot);
                if (!saved)
                    std::fprintf(stderr, "redis-ops-console: cannot write %s\n", options.screenshot.toLocal8Bit().constData());
                app.exit(saved ? 0 : 1);
            });
        });
        QTimer::singleShot(options.screenshotTimeoutMs, &app, [&] {
            std::fprintf(stderr, "redis-ops-console: no refresh within %d ms; no screenshot taken\n", options.screenshotTimeoutMs);
            app.exit(1);
        });
    }

    window.show();
    if (options.viewGiven) // wins over the layout restored from settings
        window.setExplicitView(options.view);
    if (options.startLab)
        runtime.startLab(options.lab);
    else if (options.haveConnection)
        watchSeed(options.connection);
    const int rc = QApplication::exec();
    return exitCode != 0 ? exitCode : rc;
}
