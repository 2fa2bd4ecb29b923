// Live-model measurements on real lab topologies, printed for the notes (not a pass/fail test):
//  1. Sentinel: +switch-master published -> event stored, measured against an independent
//     subscriber on the same sentinel running on its own thread (both receive the same message;
//     the difference is our parse + durable store (history thread) + publish path).
//  2. Cluster: role change -> Promoted event, where the role change instant is found by a
//     separate connection polling ROLE on the promoted replica back to back.
//  3. Load: commands per second per node at the default 1 s interval, from INFO commandstats
//     deltas over a 30 s window (only the commands the monitor sends are counted).
//
//   bench_monitor [failovers=3] [loadSeconds=30]
#include "LabFixture.h"
#include "discovery/InfoReply.h"
#include "history/AsyncHistoryStore.h"
#include "lab/LocalLab.h"
#include "monitor/Monitor.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QDateTime>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <cstdio>

using namespace ops;
using labtest::execute;

namespace {

qint64 nowMs() { return QDateTime::currentMSecsSinceEpoch(); }

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? -1 : v.at(v.size() / 2);
}

std::unique_ptr<Monitor> startMonitor(LocalLab &lab, MonitorConfig::Kind kind, const Endpoint &seed, AsyncHistoryStore *history)
{
    MonitorConfig config;
    config.kind = kind;
    config.seeds = {seed};
    config.masterName = QByteArrayLiteral("mymaster");
    config.dataOptions = lab.topology().connectionOptions(seed);
    config.sentinelOptions = config.dataOptions;
    auto monitor = std::make_unique<Monitor>(config, history);
    monitor->start();
    return monitor;
}

bool waitComplete(Monitor &m, int nodes)
{
    return QTest::qWaitFor([&] {
        const SnapshotPtr s = m.snapshot();
        if (!s || s->nodes.size() != nodes)
            return false;
        return std::all_of(s->nodes.begin(), s->nodes.end(), [](const Node &n) { return n.lastSeenMs > 0; });
    }, 20000);
}

void sentinelLatency(int rounds, AsyncHistoryStore *history)
{
    LocalLab lab;
    LabSpec spec;
    spec.kind = LabSpec::Kind::Sentinel;
    spec.replicasPerMaster = 2;
    QString error;
    if (!labtest::startLab(lab, spec, error)) {
        std::fprintf(stderr, "lab: %s\n", qPrintable(error));
        return;
    }
    const Endpoint sentinel = lab.topology().nodesWithRole(LabNode::Role::Sentinel).first().endpoint;
    auto monitor = startMonitor(lab, MonitorConfig::Kind::Sentinel, sentinel, history);
    (void)waitComplete(*monitor, 3);
    // The independent subscriber runs on its own thread, so it hears the message when it arrives,
    // not when the monitor's thread gets round to it.
    QThread probeThread;
    probeThread.start();
    std::atomic<qint64> heardAt{0};
    qint64 storedAt = 0;
    RedisConnection *probe = nullptr;
    QObject anchor;
    anchor.moveToThread(&probeThread);
    QMetaObject::invokeMethod(&anchor, [&] {
        probe = new RedisConnection(lab.topology().connectionOptions(sentinel));
        probe->psubscribe({QByteArrayLiteral("+switch-master")}, nullptr, [&](const PubSubMessage &) { heardAt = nowMs(); });
    }, Qt::BlockingQueuedConnection);
    auto stopProbe = qScopeGuard([&] {
        QMetaObject::invokeMethod(&anchor, [&] { delete probe; }, Qt::BlockingQueuedConnection);
        probeThread.quit();
        probeThread.wait();
    });
    QObject::connect(monitor.get(), &Monitor::eventsRecorded, [&](const OpsEvents &events) {
        for (const OpsEvent &e : events)
            if (e.kindName() == QLatin1String("+switch-master") && e.details.value(QStringLiteral("sentinel")).toString() == sentinel.toString())
                storedAt = nowMs();
    });
    QTest::qWait(500);
    QList<double> deltas;
    for (int i = 0; i < rounds; ++i) {
        heardAt = storedAt = 0;
        execute(*lab.control(sentinel), RespCommand{"SENTINEL", "FAILOVER", "mymaster"});
        if (!QTest::qWaitFor([&] { return heardAt > 0 && storedAt > 0; }, 30000)) {
            std::printf("  round %d: no +switch-master\n", i);
            continue;
        }
        deltas << double(storedAt - heardAt);
        // Let the deployment settle (failover-timeout in the lab is 5 s; the next FAILOVER needs it done).
        QTest::qWait(6000);
    }
    std::printf("sentinel +switch-master -> stored: median %.0f ms, max %.0f ms over %lld failovers\n", median(deltas),
                deltas.isEmpty() ? -1.0 : *std::max_element(deltas.begin(), deltas.end()), qint64(deltas.size()));
}

void clusterLatencyAndLoad(int rounds, int loadSeconds, AsyncHistoryStore *history)
{
    LocalLab lab;
    LabSpec spec;
    spec.kind = LabSpec::Kind::Cluster;
    QString error;
    if (!labtest::startLab(lab, spec, error)) {
        std::fprintf(stderr, "lab: %s\n", qPrintable(error));
        return;
    }
    const QList<LabNode> nodes = lab.topology().nodes;
    auto monitor = startMonitor(lab, MonitorConfig::Kind::Cluster, nodes.first().endpoint, history);
    (void)waitComplete(*monitor, 6);

    // Load first, on a quiet cluster.
    auto ourCalls = [&](const Endpoint &ep) {
        const RedisResult r = execute(*lab.control(ep), RespCommand{"INFO", "commandstats"});
        const InfoReply info = InfoReply::parse(r.value().bytes());
        qint64 n = 0;
        for (const char *c : {"info", "cluster|nodes", "cluster|info", "client|setname", "ping", "auth"})
            n += std::max<qint64>(0, info.commandCalls(c));
        return n;
    };
    QHash<QString, qint64> before;
    for (const LabNode &n : nodes)
        before.insert(n.endpoint.toString(), ourCalls(n.endpoint));
    QElapsedTimer window;
    window.start();
    QTest::qWait(loadSeconds * 1000);
    const double seconds = double(window.elapsed()) / 1000.0;
    double worst = 0, sum = 0;
    for (const LabNode &n : nodes) {
        // -1: the INFO commandstats of the "after" measurement itself is counted by the server.
        const double rate = double(ourCalls(n.endpoint) - before.value(n.endpoint.toString()) - 1) / seconds;
        worst = std::max(worst, rate);
        sum += rate;
    }
    std::printf("load at the default 1 s interval over %.0f s: mean %.2f, max %.2f commands/s per node (6-node cluster)\n",
                seconds, sum / double(nodes.size()), worst);

    QList<double> deltas;
    for (int i = 0; i < rounds; ++i) {
        const SnapshotPtr s = monitor->snapshot();
        const Node *replica = nullptr;
        for (const Node &n : s->nodes)
            if (n.isReplica() && !n.has(Node::Stale)) {
                replica = &n;
                break;
            }
        const Endpoint ep = replica->endpoint;
        const QString id = replica->id;
        qint64 promotedAt = 0, eventAt = 0;
        auto conn = QObject::connect(monitor.get(), &Monitor::eventsRecorded, [&](const OpsEvents &events) {
            for (const OpsEvent &e : events)
                if (e.kind == OpsEvent::Kind::Promoted && e.nodeId == id)
                    eventAt = nowMs();
        });
        RedisConnection watcher(lab.topology().connectionOptions(ep));
        execute(*lab.control(ep), RespCommand{"CLUSTER", "FAILOVER"});
        QElapsedTimer guard;
        guard.start();
        while (promotedAt == 0 && guard.elapsed() < 15000) { // execute() runs the event loop meanwhile
            const RedisResult role = execute(watcher, RespCommand{"ROLE"});
            if (role.ok() && role.value()[0].bytes() == "master")
                promotedAt = nowMs();
        }
        (void)QTest::qWaitFor([&] { return eventAt > 0; }, 10000);
        QObject::disconnect(conn);
        if (eventAt > 0)
            deltas << double(eventAt - promotedAt);
        QTest::qWait(3000);
    }
    std::printf("cluster role change -> promoted event: median %.0f ms, max %.0f ms over %lld failovers (interval 1000 ms)\n",
                median(deltas), deltas.isEmpty() ? -1.0 : *std::max_element(deltas.begin(), deltas.end()),
                qint64(deltas.size()));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int rounds = argc > 1 ? std::atoi(argv[1]) : 3;
    const int loadSeconds = argc > 2 ? std::atoi(argv[2]) : 30;
    QTemporaryDir dir;
    AsyncHistoryStore history(dir.filePath(QStringLiteral("history.sqlite")));
    history.open(); // FIFO: every append runs after it
    clusterLatencyAndLoad(rounds, loadSeconds, &history);
    sentinelLatency(rounds, &history);
    return 0;
}
