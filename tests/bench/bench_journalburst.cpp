// Does journaling disturb monitoring? A Monitor polls a real 6-node cluster lab (LocalLab) on this
// thread (the one that owns its sockets) at a 100 ms interval, while operation steps are journaled
// (SQLite, WAL, synchronous=FULL: an fsync per step), in three phases of equal length:
//   idle   no journal writes
//   async  steps through an AsyncHistoryStore (history thread), one outstanding at a time, the
//          next one sent from the previous one's acknowledgement, as an executor would
//   burst  bursts of 500 steps posted at once to the AsyncHistoryStore, the next burst when the
//          last one is acknowledged
//   sync   steps through a HistoryStore on this thread, one per event-loop turn (the old design:
//          the fsync runs on the socket thread)
// Per phase: the interval between published snapshots (target 100 ms), the lateness of a 5 ms
// precise probe timer on the same thread (how long the event loop was blocked), and the number
// of steps journaled. Numbers are printed (median / p99 / max), never asserted.
//
//   bench_journalburst [secondsPerPhase=15]
#include "LabFixture.h"
#include "history/AsyncHistoryStore.h"
#include "history/HistoryStore.h"
#include "lab/LocalLab.h"
#include "monitor/Monitor.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <algorithm>
#include <cstdio>
#include <functional>

using namespace ops;

namespace {

constexpr int kIntervalMs = 100;

struct Stats
{
    double median = 0, p99 = 0, max = 0;
    qsizetype n = 0;
};

Stats stats(QList<double> v)
{
    Stats s;
    s.n = v.size();
    if (v.isEmpty())
        return s;
    std::sort(v.begin(), v.end());
    s.median = v.at(v.size() / 2);
    s.p99 = v.at(std::min(v.size() - 1, qsizetype(double(v.size()) * 0.99)));
    s.max = v.last();
    return s;
}

OperationStep makeStep(const QString &operationId, int seq)
{
    OperationStep step;
    step.operationId = operationId;
    step.seq = seq;
    step.targetNode = QStringLiteral("127.0.0.1:7000");
    step.commandText = QStringLiteral("CLIENT PAUSE 2000 WRITE");
    step.plannedMs = QDateTime::currentMSecsSinceEpoch();
    return step;
}

OperationRecord makeOperation()
{
    OperationRecord op;
    op.id = OperationRecord::newId();
    op.kind = QStringLiteral("bench");
    op.deploymentId = QStringLiteral("bench");
    op.state = OperationRecord::State::Running;
    op.startedMs = QDateTime::currentMSecsSinceEpoch();
    return op;
}

struct Phase
{
    const char *name;
    std::function<void(const bool &running, int &steps)> start; ///< starts the writer; stops when running is false
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int seconds = argc > 1 ? std::max(3, std::atoi(argv[1])) : 15;
    QTemporaryDir dir;

    LocalLab lab;
    LabSpec spec;
    spec.kind = LabSpec::Kind::Cluster;
    QString error;
    if (!labtest::startLab(lab, spec, error) || !labtest::waitClusterSettled(lab, error)) {
        std::fprintf(stderr, "lab: %s\n", qPrintable(error));
        return 1;
    }
    // The monitor's own events go through an AsyncHistoryStore, as in the console.
    AsyncHistoryStore events(dir.filePath(QStringLiteral("events.sqlite")));
    events.open();
    // The journal: a second file so both designs write to a database of the same size.
    AsyncHistoryStore journal(dir.filePath(QStringLiteral("journal-async.sqlite")));
    journal.open();
    HistoryStore syncJournal(dir.filePath(QStringLiteral("journal-sync.sqlite")));
    if (syncJournal.open().isError())
        return 1;

    MonitorConfig config;
    config.kind = MonitorConfig::Kind::Cluster;
    config.seeds = {lab.topology().nodes.first().endpoint};
    config.dataOptions = lab.topology().connectionOptions(config.seeds.first());
    config.intervalMs = kIntervalMs;
    config.staleAfterMs = 3000;
    config.commandTimeoutMs = 1000;
    Monitor monitor(config, &events);
    QElapsedTimer clock;
    clock.start();
    qint64 lastSnapshotNs = 0;
    QList<double> intervals;
    QObject::connect(&monitor, &Monitor::snapshotChanged, [&](const SnapshotPtr &) {
        const qint64 t = clock.nsecsElapsed();
        if (lastSnapshotNs > 0)
            intervals << double(t - lastSnapshotNs) / 1e6;
        lastSnapshotNs = t;
    });
    monitor.start();
    if (!QTest::qWaitFor([&] { return monitor.snapshot() && monitor.snapshot()->nodes.size() == 6; }, 20000)) {
        std::fprintf(stderr, "monitor: no complete snapshot\n");
        return 1;
    }

    // Probe: a precise 5 ms timer on this thread; its lateness is how long the loop was blocked.
    QList<double> lateness;
    qint64 probeDueNs = 0;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(5);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 t = clock.nsecsElapsed();
        if (probeDueNs > 0)
            lateness << std::max(0.0, double(t - probeDueNs) / 1e6);
        probeDueNs = t + 5'000'000;
    });

    const OperationRecord asyncOp = makeOperation();
    journal.createOperation(asyncOp);
    const OperationRecord burstOp = makeOperation();
    journal.createOperation(burstOp);
    const OperationRecord syncOp = makeOperation();
    (void)syncJournal.createOperation(syncOp);
    QObject context;

    const QList<Phase> phases{
        {"idle (no journal writes)", [](const bool &, int &) {}},
        {"async journal (history thread)",
         [&](const bool &running, int &steps) {
             // One outstanding step, the next from the acknowledgement: durable before "sending".
             auto next = std::make_shared<std::function<void()>>();
             *next = [&, next] {
                 if (!running)
                     return;
                 journal.appendStep(makeStep(asyncOp.id, steps + 1 + 1'000'000), &context,
                                    [&, next](const OperationStep &, const HistoryError &e) {
                                        if (!e.isError())
                                            ++steps;
                                        (*next)();
                                    });
             };
             (*next)();
         }},
        {"async bursts of 500 steps",
         [&](const bool &running, int &steps) {
             auto burst = std::make_shared<std::function<void()>>();
             *burst = [&, burst] {
                 if (!running)
                     return;
                 const int first = steps;
                 for (int i = 1; i <= 500; ++i)
                     journal.appendStep(makeStep(burstOp.id, first + i), &context,
                                        [&, burst, i](const OperationStep &, const HistoryError &e) {
                                            steps += !e.isError();
                                            if (i == 500)
                                                (*burst)();
                                        });
             };
             (*burst)();
         }},
        {"sync journal (on the monitor's thread)",
         [&](const bool &running, int &steps) {
             auto next = std::make_shared<std::function<void()>>();
             *next = [&, next] {
                 if (!running)
                     return;
                 if (!syncJournal.appendStep(makeStep(syncOp.id, steps + 1)).isError())
                     ++steps;
                 QTimer::singleShot(0, &context, *next); // one fsync per event-loop turn
             };
             (*next)();
         }},
    };

    std::printf("monitor over a 6-node cluster lab, interval %d ms, %d s per phase\n", kIntervalMs, seconds);
    std::printf("%-40s %8s | %-30s | %-30s\n", "phase", "steps/s", "snapshot interval ms med/p99/max",
                "loop stall ms med/p99/max");
    for (const Phase &phase : phases) {
        intervals.clear();
        lateness.clear();
        lastSnapshotNs = 0;
        probeDueNs = 0;
        bool running = true;
        int steps = 0;
        probe.start();
        phase.start(running, steps);
        // A plain event loop: QTest::qWait sleeps 10 ms between event batches, which would hide stalls.
        QEventLoop loop;
        QTimer::singleShot(seconds * 1000, &loop, &QEventLoop::quit);
        loop.exec();
        running = false;
        probe.stop();
        bool drained = false;
        journal.flush(&context, [&drained] { drained = true; });
        (void)QTest::qWaitFor([&] { return drained; }, 30000);
        const Stats i = stats(intervals);
        const Stats l = stats(lateness);
        std::printf("%-40s %8.0f | %8.1f %8.1f %8.1f (n=%3lld) | %8.2f %8.2f %8.2f (n=%5lld)\n", phase.name,
                    double(steps) / seconds, i.median, i.p99, i.max, qint64(i.n), l.median, l.p99, l.max, qint64(l.n));
        std::fflush(stdout);
    }
    monitor.stop();
    return 0;
}
