// The console's backend without its window, for the crash test: a ConsoleRuntime (backend thread,
// DeploymentSession per deployment, history on its own thread) watches a Sentinel deployment,
// previews a graceful failover to a given replica and executes it, printing one line per progress
// report (flushed) so the test can SIGKILL it at a chosen step, as an operator's console could die.
//
//   console_failover <historyFile> <masterName> <pauseTimeoutMs> <target host:port> <sentinel host:port>...
#include "ConsoleRuntime.h"

#include <QCoreApplication>

#include <cstdio>

using namespace ops;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 6) {
        std::fprintf(stderr, "usage: console_failover historyFile masterName pauseTimeoutMs target sentinel...\n");
        return 2;
    }
    MonitorConfig config;
    config.kind = MonitorConfig::Kind::Sentinel;
    config.masterName = args.at(2).toUtf8();
    for (const QString &s : args.mid(5))
        config.seeds << Endpoint::parse(s, 26379);
    FailoverIntent intent;
    intent.mode = FailoverIntent::Mode::Graceful;
    intent.pauseTimeoutMs = args.at(3).toInt();
    intent.preferred = Endpoint::parse(args.at(4), 6379);

    ConsoleRuntime runtime;
    runtime.openHistory(args.at(1));
    auto line = [](const QString &text) {
        std::printf("%s\n", text.toUtf8().constData());
        std::fflush(stdout);
    };
    const int id = runtime.startMonitor(config);
    bool asked = false;
    QObject::connect(&runtime, &ConsoleRuntime::snapshotChanged, &app, [&](int, const SnapshotPtr &s) {
        if (asked || !s || s->nodes.size() < 3)
            return;
        asked = true;
        runtime.previewFailover(id, intent);
    });
    QObject::connect(&runtime, &ConsoleRuntime::actionPreview, &app, [&](int, const ActionPreview &p) {
        if (!p.allowed()) {
            line(QStringLiteral("REFUSED ") + p.blockingReasons().join(QStringLiteral("; ")));
            app.exit(1);
            return;
        }
        line(QStringLiteral("PREVIEW ") + p.target);
        runtime.executeAction(id, p.id);
    });
    QObject::connect(&runtime, &ConsoleRuntime::actionStarted, &app,
                     [&](int, const QString &operationId) { line(QStringLiteral("STARTED ") + operationId); });
    QObject::connect(&runtime, &ConsoleRuntime::actionProgress, &app,
                     [&](int, const ActionProgress &p) { line(QStringLiteral("PROGRESS ") + p.text); });
    QObject::connect(&runtime, &ConsoleRuntime::actionFinished, &app, [&](int, const ActionOutcome &o) {
        line(QStringLiteral("FINISHED %1 %2").arg(o.state, o.outcome));
        app.exit(o.verified ? 0 : 1);
    });
    return QCoreApplication::exec();
}
