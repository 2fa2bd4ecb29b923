// The console's backend without its window, for the test that SIGKILLs a console in the middle of
// a reshard: a ConsoleRuntime (backend thread, a DeploymentSession watching the cluster, history on
// its own thread) previews a move of slots through the intent the reshard wizard sends
// (ConsoleRuntime::previewReshard) and executes that preview, printing one flushed line per event
// so the test can kill it while slots are open:
//   PREVIEW <title> | STARTED <operation> | PROGRESS <slotsDone> <slotsTotal> <open windows> | FINISHED ...
//
//   console_reshard <historyFile> <seed host:port> <source host:port> <target host:port> <slots> <maxKeysPerSecond>
#include "ConsoleRuntime.h"

#include <QCoreApplication>

#include <cstdio>

using namespace ops;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 7) {
        std::fprintf(stderr, "usage: console_reshard historyFile seed source target slots maxKeysPerSecond\n");
        return 2;
    }
    MonitorConfig config; // as ConsoleSessions::watchSeed builds it
    config.seeds = {Endpoint::parse(args.at(2), 6379)};
    config.dataOptions.endpoint = config.seeds.first();
    config.sentinelOptions = config.dataOptions;
    ReshardIntent intent; // what the wizard sends for "Move slots"
    intent.mode = ReshardIntent::Mode::Move;
    intent.sources = {args.at(3)};
    intent.target = args.at(4);
    intent.slotCount = args.at(5).toInt();
    intent.maxKeysPerSecond = args.at(6).toLongLong();
    intent.streams = 1;

    ConsoleRuntime runtime;
    runtime.openHistory(args.at(1));
    auto line = [](const QString &text) {
        std::printf("%s\n", text.toUtf8().constData());
        std::fflush(stdout);
    };
    const int id = runtime.startMonitor(config);
    bool asked = false;
    QObject::connect(&runtime, &ConsoleRuntime::snapshotChanged, &app, [&](int, const SnapshotPtr &s) {
        if (asked || !s || s->kind != TopologySnapshot::Kind::Cluster || s->nodes.size() < 3)
            return;
        asked = true;
        runtime.previewReshard(id, intent);
    });
    QObject::connect(&runtime, &ConsoleRuntime::actionPreview, &app, [&](int, const ActionPreview &p) {
        if (!p.allowed()) {
            line(QStringLiteral("REFUSED ") + p.blockingReasons().join(QStringLiteral("; ")));
            app.exit(1);
            return;
        }
        line(QStringLiteral("PREVIEW ") + p.title);
        runtime.executeAction(id, p.id);
    });
    QObject::connect(&runtime, &ConsoleRuntime::actionStarted, &app,
                     [&](int, const QString &operationId) { line(QStringLiteral("STARTED ") + operationId); });
    QObject::connect(&runtime, &ConsoleRuntime::reshardProgress, &app, [&](int, const ReshardProgress &p) {
        int open = 0;
        for (const ReshardProgress::Stream &s : p.streams)
            open += s.openSlots.isEmpty() ? 0 : 1;
        line(QStringLiteral("PROGRESS %1 %2 %3").arg(p.slotsDone).arg(p.slotsTotal).arg(open));
    });
    QObject::connect(&runtime, &ConsoleRuntime::actionFinished, &app, [&](int, const ActionOutcome &o) {
        line(QStringLiteral("FINISHED %1 %2").arg(o.state, o.outcome));
        app.exit(o.verified ? 0 : 1);
    });
    return QCoreApplication::exec();
}
