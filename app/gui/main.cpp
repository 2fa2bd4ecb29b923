#include "AppPaths.h"
#include "ConsoleRuntime.h"
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
    ops::MainWindow window;
    ops::SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &ops::SignalWatcher::interrupted, &app, &QApplication::quit);
    QObject::connect(&runtime, &ops::ConsoleRuntime::summary, &window, &ops::MainWindow::showSummary);
    QObject::connect(&window, &ops::MainWindow::connectRequested, &runtime, &ops::ConsoleRuntime::connectTo);
    QObject::connect(&runtime, &ops::ConsoleRuntime::labProgress, &window,
                     [&window](const QString &step) { window.showBusy(QObject::tr("Starting lab: %1").arg(step)); });
    QObject::connect(&runtime, &ops::ConsoleRuntime::labReady, &window, [&](const ops::LabTopology &topology) {
        window.showLab(topology);
        const auto masters = topology.nodesWithRole(ops::LabNode::Role::Master);
        runtime.connectTo(topology.connectionOptions(masters.first().endpoint));
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
        QObject::connect(&window, &ops::MainWindow::firstRefreshShown, &window, [&] {
            // Let the layout settle for one event-loop turn, then capture what a user would see.
            QTimer::singleShot(300, &window, [&] {
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
    if (options.startLab)
        runtime.startLab(options.lab);
    else if (options.haveConnection)
        runtime.connectTo(options.connection);
    const int rc = QApplication::exec();
    return exitCode != 0 ? exitCode : rc;
}
