#include "AppPaths.h"
#include "ConsoleRuntime.h"
#include "ConsoleSessions.h"
#include "GuiOptions.h"
#include "MainWindow.h"
#include "SignalWatcher.h"
#include "core/ConsoleSettings.h"
#include "core/Logging.h"

#include <QApplication>
#include <QSettings>
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
        std::fprintf(stderr, "redis-ops-console: %s\nRun 'redis-ops-console --help' for the options.\n",
                     error.toLocal8Bit().constData());
        return 2;
    }
    if (!options.printAndExit.isEmpty()) { // --help, --help-man, --version
        std::fputs(options.printAndExit.toUtf8().constData(), stdout);
        return 0;
    }
    const QSettings settings;
    ops::AppPaths::useSavedDataDir(settings); // unless --data-dir named one
    ops::Logging::Config logConfig;
    logConfig.filePath = ops::AppPaths::logFile(QStringLiteral("redis-ops-console"));
    ops::Logging::initialize(logConfig);
    ops::Logging::setLevel(ops::ConsoleSettings::load(settings).spdlogLevel());

    ops::ConsoleRuntime runtime;
    runtime.openHistory(ops::AppPaths::historyFile());
    ops::MainWindow window;
    ops::ConsoleSessions sessions(runtime, window, options.readOnly);
    ops::SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &ops::SignalWatcher::interrupted, &app, &QApplication::quit);
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
    sessions.openFromCommandLine(options);
    const int rc = QApplication::exec();
    return exitCode != 0 ? exitCode : rc;
}
