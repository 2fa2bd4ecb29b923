// Integration tests of the live model on real lab topologies: discovery from one seed (cluster,
// Sentinel, standalone), and the events the Monitor records for a cluster manual failover, a
// Sentinel failover (pub/sub, then confirmed by polling), kill -9 of a master (pfail -> fail ->
// promotion), a slot put in migrating/importing state, and a frozen node that goes stale while
// the others keep updating. Events must be in the history (written on its own thread by an
// AsyncHistoryStore, read here over a second connection) before they are published.
#include "ConsoleRuntime.h"
#include "LabFixture.h"
#include "history/AsyncHistoryStore.h"
#include "history/HistoryStore.h"
#include "lab/FaultInjector.h"
#include "lab/LocalLab.h"
#include "monitor/Monitor.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>
#include <memory>

using namespace ops;
using labtest::execute;

class TestMonitor : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void discoversClusterFromOneReplica();
    void slowFirstClusterViewIsNotAChange();
    void discoversSentinelDeployment();
    void discoversStandaloneFromReplica();
    void clusterManualFailover();
    void killedMasterGoesPFailFailThenReplicaPromoted();
    void migratingSlotShowsInSnapshot();
    void frozenNodeGoesStaleOthersKeepUpdating();
    void sentinelFailoverFromPubSubConfirmedByPolling();
    void runtimeMonitorsOnBackendThreadAndQueuesToGui();

private:
    bool startLab(LabSpec::Kind kind, int replicas = 1);
    void startMonitor(MonitorConfig::Kind kind, const QList<Endpoint> &seeds, int intervalMs = 500);
    /** Waits for a snapshot satisfying @p pred; the last snapshot on timeout. */
    SnapshotPtr waitSnapshot(const std::function<bool(const TopologySnapshot &)> &pred, int timeoutMs = 20000);
    int findEvent(const std::function<bool(const OpsEvent &)> &pred) const;
    QByteArray nodeId(const Endpoint &ep);
    QString describeEvents() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalLab> m_lab;
    std::unique_ptr<AsyncHistoryStore> m_history; ///< what the monitor writes to (history thread)
    std::unique_ptr<HistoryStore> m_reader;       ///< the same file, read on this thread
    std::unique_ptr<Monitor> m_monitor;
    OpsEvents m_events;
    int m_notStoredWhenPublished = 0;
};

void TestMonitor::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_history = std::make_unique<AsyncHistoryStore>(m_dir->filePath(QStringLiteral("history.sqlite")));
    bool opened = false;
    m_history->open(this, [&opened](int, const HistoryError &error) {
        QVERIFY2(!error.isError(), qPrintable(error.message));
        opened = true;
    });
    QTRY_VERIFY(opened);
    m_reader = std::make_unique<HistoryStore>(m_history->filePath());
    QVERIFY(!m_reader->open().isError());
    m_events.clear();
    m_notStoredWhenPublished = 0;
}

void TestMonitor::cleanup()
{
    if (QTest::currentTestFailed())
        qWarning().noquote() << "events seen:\n" << describeEvents();
    m_monitor.reset();
    m_lab.reset();
    m_reader.reset();
    m_history.reset();
    m_dir.reset();
}

bool TestMonitor::startLab(LabSpec::Kind kind, int replicas)
{
    m_lab = labtest::startedLab(kind, replicas);
    return m_lab != nullptr;
}

void TestMonitor::startMonitor(MonitorConfig::Kind kind, const QList<Endpoint> &seeds, int intervalMs)
{
    MonitorConfig config;
    config.kind = kind;
    config.seeds = seeds;
    config.masterName = QByteArrayLiteral("mymaster");
    config.intervalMs = intervalMs;
    config.staleAfterMs = std::max(1500, 3 * intervalMs);
    config.commandTimeoutMs = std::max(1000, 2 * intervalMs);
    config.dataOptions = m_lab->topology().connectionOptions(seeds.first());
    config.sentinelOptions = config.dataOptions;
    m_monitor = std::make_unique<Monitor>(config, m_history.get());
    connect(m_monitor.get(), &Monitor::eventsRecorded, this, [this](const OpsEvents &events) {
        for (const OpsEvent &e : events) {
            // Stored before published: the id is set and the row is already in the database.
            HistoryQuery q;
            q.deploymentId = e.deploymentId;
            q.sinceMs = e.timestampMs;
            q.untilMs = e.timestampMs;
            bool found = false;
            for (const OpsEvent &stored : m_reader->query(q))
                found = found || (stored.id == e.id && e.id != 0);
            if (!found)
                ++m_notStoredWhenPublished;
            m_events.append(e);
        }
    });
    m_monitor->start();
}

SnapshotPtr TestMonitor::waitSnapshot(const std::function<bool(const TopologySnapshot &)> &pred, int timeoutMs)
{
    (void)QTest::qWaitFor([&] { return m_monitor->snapshot() && pred(*m_monitor->snapshot()); }, timeoutMs);
    return m_monitor->snapshot();
}

int TestMonitor::findEvent(const std::function<bool(const OpsEvent &)> &pred) const
{
    for (qsizetype i = 0; i < m_events.size(); ++i)
        if (pred(m_events.at(i)))
            return int(i);
    return -1;
}

QByteArray TestMonitor::nodeId(const Endpoint &ep)
{
    return execute(*m_lab->control(ep), RespCommand{"CLUSTER", "MYID"}).value().bytes();
}

QString TestMonitor::describeEvents() const
{
    QStringList lines;
    for (const OpsEvent &e : m_events)
        lines << QStringLiteral("%1 %2 %3 %4").arg(e.kindName(), e.nodeId.left(12), e.endpoint, e.message);
    return lines.join(QLatin1Char('\n'));
}

namespace {
bool complete(const TopologySnapshot &s, int nodes, int sentinels = 0)
{
    if (s.nodes.size() != nodes || s.sentinels.size() != sentinels)
        return false;
    for (const QList<Node> *list : {&s.nodes, &s.sentinels})
        for (const Node &n : *list)
            if (n.lastSeenMs == 0)
                return false;
    return true;
}
} // namespace

void TestMonitor::discoversClusterFromOneReplica()
{
    QVERIFY(startLab(LabSpec::Kind::Cluster));
    // ready() does not wait for the cluster's own settling: a master's config epoch may still
    // change (epoch-collision resolution after ADDSLOTS, or a bump not yet gossiped to every
    // node), and a node may still be flagged fail? by a peer that was slow during formation.
    // The monitor rightly reports those as events, so start it on a settled cluster: then any
    // event below comes from discovery itself, which must not produce any.
    QString unsettled;
    QVERIFY2(labtest::waitClusterSettled(*m_lab, unsettled), qPrintable(unsettled));
    const Endpoint seed = m_lab->topology().nodesWithRole(LabNode::Role::Replica).first().endpoint;
    startMonitor(MonitorConfig::Kind::Auto, {seed});
    const SnapshotPtr s = waitSnapshot([](const TopologySnapshot &t) {
        return complete(t, 6) && t.slotMap && t.slotMap->coveredCount() == kSlotCount && t.viewpoints.size() >= 2;
    });
    QVERIFY(s);
    QCOMPARE(s->kind, TopologySnapshot::Kind::Cluster);
    QVERIFY2(complete(*s, 6), qPrintable(QString::number(s->nodes.size())));
    QCOMPARE(s->masters().size(), 3);
    QCOMPARE(s->clusterState, QByteArrayLiteral("ok"));
    QVERIFY(s->viewpoints.size() >= 2);
    QVERIFY(s->deploymentId.startsWith(QLatin1String("cluster:")));
    for (const Node *m : s->masters()) {
        QCOMPARE(s->replicasOf(m->id).size(), 1);
        QVERIFY(m->slotCount > 5000);
        QCOMPARE(QByteArray(nodeId(m->endpoint)), m->id.toLatin1());
    }
    // Every slot's owner matches what the cluster itself says (CLUSTER SHARDS-free check: SLOTS).
    const RedisResult clusterSlots = execute(*m_lab->control(seed), RespCommand{"CLUSTER", "SLOTS"});
    QVERIFY(clusterSlots.ok());
    for (const RespValue &range : clusterSlots.value().elements()) {
        const QString owner = QString::fromLatin1(range[2][2].bytes());
        for (int slot = int(range[0].integer()); slot <= int(range[1].integer()); slot += 97)
            QCOMPARE(s->slotMap->ownerOf(slot), owner);
    }
    QVERIFY2(m_events.isEmpty(), qPrintable(QStringLiteral("discovery is not a change, yet %1 event(s):\n%2")
                                                .arg(m_events.size()).arg(describeEvents())));
}

void TestMonitor::slowFirstClusterViewIsNotAChange()
{
    QVERIFY(startLab(LabSpec::Kind::Cluster));
    QString unsettled;
    QVERIFY2(labtest::waitClusterSettled(*m_lab, unsettled), qPrintable(unsettled));
    // The seed answers nothing for 0.9 s: the first cycles publish before any CLUSTER NODES.
    const Endpoint seed = m_lab->topology().nodesWithRole(LabNode::Role::Master).first().endpoint;
    FaultInjector faults(m_lab.get());
    QString pauseResult = QStringLiteral("pending");
    faults.clientPause(seed, 900, false, [&](const QString &error) { pauseResult = error; });
    QTRY_VERIFY(pauseResult != QLatin1String("pending"));
    QVERIFY2(pauseResult.isEmpty(), qPrintable(pauseResult));
    startMonitor(MonitorConfig::Kind::Cluster, {seed}, 250);
    int withoutClusterView = 0;
    QStringList ids;
    connect(m_monitor.get(), &Monitor::snapshotChanged, this, [&](const SnapshotPtr &s) {
        withoutClusterView += s->viewpoints.isEmpty() ? 1 : 0;
        if (!ids.contains(s->deploymentId))
            ids << s->deploymentId;
    });
    const SnapshotPtr s = waitSnapshot([](const TopologySnapshot &t) { return complete(t, 6) && t.viewpoints.size() >= 2; });
    QVERIFY(s);
    QVERIFY2(withoutClusterView > 0, "the seed answered before the first cycle ended: nothing was tested");
    QVERIFY2(s->deploymentId.startsWith(QLatin1String("cluster:")), qPrintable(s->deploymentId));
    // Nodes seen by address first, then by id, are not nodes added and removed...
    QVERIFY2(m_events.isEmpty(), qPrintable(QStringLiteral("discovery is not a change, yet %1 event(s):\n%2")
                                                .arg(m_events.size()).arg(describeEvents())));
    // ...and nothing was stored under the provisional id.
    QCOMPARE(m_reader->query(HistoryQuery{}).size(), 0);
    QCOMPARE(ids.last(), s->deploymentId);
}

void TestMonitor::discoversSentinelDeployment()
{
    QVERIFY(startLab(LabSpec::Kind::Sentinel, 2));
    const QList<LabNode> sentinels = m_lab->topology().nodesWithRole(LabNode::Role::Sentinel);
    startMonitor(MonitorConfig::Kind::Sentinel, {sentinels.first().endpoint});
    const SnapshotPtr s = waitSnapshot([](const TopologySnapshot &t) { return complete(t, 3, 3); });
    QVERIFY2(s && complete(*s, 3, 3), s ? qPrintable(QStringLiteral("%1 nodes %2 sentinels").arg(s->nodes.size()).arg(s->sentinels.size())) : "none");
    QCOMPARE(s->kind, TopologySnapshot::Kind::Sentinel);
    QCOMPARE(s->masterName, QStringLiteral("mymaster"));
    QCOMPARE(s->quorum, 2);
    const Endpoint master = m_lab->topology().nodesWithRole(LabNode::Role::Master).first().endpoint;
    QVERIFY(s->master());
    QCOMPARE(s->master()->endpoint, master);
    QCOMPARE(s->replicasOf(master.toString()).size(), 2);
    for (const Node *r : s->replicasOf(master.toString())) {
        QCOMPARE(r->masterLinkUp, 1);
        QVERIFY(r->lagBytes >= 0);
    }
    QVERIFY(s->sentinelMasterViews.isEmpty());
}

void TestMonitor::discoversStandaloneFromReplica()
{
    QVERIFY(startLab(LabSpec::Kind::Standalone, 2));
    const Endpoint replica = m_lab->topology().nodesWithRole(LabNode::Role::Replica).first().endpoint;
    startMonitor(MonitorConfig::Kind::Auto, {replica});
    const SnapshotPtr s = waitSnapshot([](const TopologySnapshot &t) { return complete(t, 3); });
    QVERIFY(s && complete(*s, 3));
    QCOMPARE(s->kind, TopologySnapshot::Kind::Standalone);
    const Endpoint master = m_lab->topology().nodesWithRole(LabNode::Role::Master).first().endpoint;
    QCOMPARE(s->master()->endpoint, master);
    QCOMPARE(s->replicasOf(master.toString()).size(), 2);
}

void TestMonitor::clusterManualFailover()
{
    QVERIFY(startLab(LabSpec::Kind::Cluster));
    const LabNode replica = m_lab->topology().nodesWithRole(LabNode::Role::Replica).first();
    startMonitor(MonitorConfig::Kind::Cluster, {replica.endpoint});
    QVERIFY(waitSnapshot([](const TopologySnapshot &t) { return complete(t, 6); }));
    const QString replicaId = QString::fromLatin1(nodeId(replica.endpoint));
    const QString oldMasterId = m_monitor->snapshot()->node(replicaId)->masterId;

    QVERIFY(execute(*m_lab->control(replica.endpoint), RespCommand{"CLUSTER", "FAILOVER"}).ok());
    QTRY_VERIFY_WITH_TIMEOUT(findEvent([&](const OpsEvent &e) { return e.kind == OpsEvent::Kind::Promoted && e.nodeId == replicaId; }) >= 0
                                 && findEvent([&](const OpsEvent &e) { return e.kind == OpsEvent::Kind::Demoted && e.nodeId == oldMasterId; }) >= 0,
                             20000);
    const OpsEvent promoted = m_events.at(findEvent([&](const OpsEvent &e) { return e.kind == OpsEvent::Kind::Promoted; }));
    QCOMPARE(promoted.details.value(QStringLiteral("newMaster")).toString(), replicaId);
    QCOMPARE(promoted.details.value(QStringLiteral("oldMaster")).toString(), oldMasterId);
    QCOMPARE(promoted.source, OpsEvent::Source::Poll);
    const OpsEvent demoted = m_events.at(findEvent([&](const OpsEvent &e) { return e.kind == OpsEvent::Kind::Demoted; }));
    QCOMPARE(demoted.details.value(QStringLiteral("newMaster")).toString(), replicaId);
    QCOMPARE(m_notStoredWhenPublished, 0);
    HistoryQuery q;
    q.kinds = {QStringLiteral("promoted"), QStringLiteral("demoted")};
    QCOMPARE(m_reader->query(q).size(), 2);
}

void TestMonitor::killedMasterGoesPFailFailThenReplicaPromoted()
{
    QVERIFY(startLab(LabSpec::Kind::Cluster));
    const LabNode master = m_lab->topology().nodesWithRole(LabNode::Role::Master).first();
    const LabNode seed = m_lab->topology().nodesWithRole(LabNode::Role::Master).last();
    startMonitor(MonitorConfig::Kind::Cluster, {seed.endpoint}, 250);
    QVERIFY(waitSnapshot([](const TopologySnapshot &t) { return complete(t, 6); }));
    const QString masterId = QString::fromLatin1(nodeId(master.endpoint));
    const QList<const Node *> replicas = m_monitor->snapshot()->replicasOf(masterId);
    QCOMPARE(replicas.size(), 1);
    const QString replicaId = replicas.first()->id;

    // PFAIL lasts only until the failure reports of a majority of masters meet on one node, often
    // well under a poll. Freezing the third master first holds the dead one in PFAIL (one live
    // master cannot make a majority of three) until the thaw: PFAIL must be seen, then FAIL.
    FaultInjector faults(m_lab.get());
    const LabNode frozen = m_lab->topology().nodesWithRole(LabNode::Role::Master).at(1);
    QVERIFY(frozen.endpoint != master.endpoint && frozen.endpoint != seed.endpoint);
    QVERIFY(faults.freeze(frozen.endpoint));
    QVERIFY(faults.kill(master.endpoint));
    const auto pfailSeen = [&] { return findEvent([&](const OpsEvent &e) { return e.kind == OpsEvent::Kind::PFailSet && e.nodeId == masterId; }); };
    const auto failSeen = [&] { return findEvent([&](const OpsEvent &e) { return e.kind == OpsEvent::Kind::FailSet && e.nodeId == masterId; }); };
    QTRY_VERIFY2_WITH_TIMEOUT(pfailSeen() >= 0, qPrintable(describeEvents()), 20000);
    QCOMPARE(failSeen(), -1);
    QVERIFY(faults.thaw(frozen.endpoint));
    QTRY_VERIFY_WITH_TIMEOUT(findEvent([&](const OpsEvent &e) { return e.kind == OpsEvent::Kind::Promoted && e.nodeId == replicaId; }) >= 0, 30000);
    const int pfail = pfailSeen();
    const int fail = failSeen();
    const int promoted = findEvent([&](const OpsEvent &e) { return e.kind == OpsEvent::Kind::Promoted && e.nodeId == replicaId; });
    const int stale = findEvent([&](const OpsEvent &e) { return e.kind == OpsEvent::Kind::NodeStale && e.nodeId == masterId; });
    QVERIFY2(pfail >= 0 && fail > pfail, qPrintable(describeEvents()));
    QVERIFY(fail <= promoted);
    QVERIFY(stale >= 0);
    QCOMPARE(m_notStoredWhenPublished, 0);
}

void TestMonitor::migratingSlotShowsInSnapshot()
{
    QVERIFY(startLab(LabSpec::Kind::Cluster));
    const QList<LabNode> masters = m_lab->topology().nodesWithRole(LabNode::Role::Master);
    startMonitor(MonitorConfig::Kind::Cluster, {masters.first().endpoint});
    QVERIFY(waitSnapshot([](const TopologySnapshot &t) { return complete(t, 6); }));
    const Endpoint source = masters.at(0).endpoint, target = masters.at(1).endpoint;
    const QByteArray sourceId = nodeId(source), targetId = nodeId(target);
    const int slot = m_monitor->snapshot()->node(QString::fromLatin1(sourceId))->slotRanges.first().first + 7;
    const QByteArray slotText = QByteArray::number(slot);

    QVERIFY(execute(*m_lab->control(target), RespCommand{"CLUSTER", "SETSLOT", slotText, "IMPORTING", sourceId}).ok());
    QVERIFY(execute(*m_lab->control(source), RespCommand{"CLUSTER", "SETSLOT", slotText, "MIGRATING", targetId}).ok());
    const SnapshotPtr s = waitSnapshot([&](const TopologySnapshot &t) {
        const SlotMap::Migration *m = t.slotMap ? t.slotMap->migration(slot) : nullptr;
        return m != nullptr && m->migratingSeen && m->importingSeen;
    });
    const SlotMap::Migration *m = s->slotMap->migration(slot);
    QVERIFY(m);
    QCOMPARE(m->source, QString::fromLatin1(sourceId));
    QCOMPARE(m->target, QString::fromLatin1(targetId));
    QVERIFY(!m->isHalfOpen());
    QTRY_VERIFY_WITH_TIMEOUT(findEvent([&](const OpsEvent &e) { return e.kind == OpsEvent::Kind::MigrationStarted; }) >= 0, 5000);

    // Finish it: the slot moves to the target.
    for (const Endpoint &ep : {target, source})
        QVERIFY(execute(*m_lab->control(ep), RespCommand{"CLUSTER", "SETSLOT", slotText, "NODE", targetId}).ok());
    QVERIFY(waitSnapshot([&](const TopologySnapshot &t) {
        return t.slotMap && t.slotMap->migration(slot) == nullptr && t.slotMap->ownerOf(slot) == QString::fromLatin1(targetId);
    }));
    QTRY_VERIFY_WITH_TIMEOUT(findEvent([&](const OpsEvent &e) { return e.kind == OpsEvent::Kind::MigrationFinished; }) >= 0, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(findEvent([&](const OpsEvent &e) {
        return e.kind == OpsEvent::Kind::SlotOwnerChanged && e.details.value(QStringLiteral("slots")).toString() == QString::number(slot)
            && e.details.value(QStringLiteral("to")).toString() == QString::fromLatin1(targetId);
    }) >= 0, 5000);
}

void TestMonitor::frozenNodeGoesStaleOthersKeepUpdating()
{
    QVERIFY(startLab(LabSpec::Kind::Cluster));
    const LabNode frozen = m_lab->topology().nodesWithRole(LabNode::Role::Replica).first();
    const LabNode seed = m_lab->topology().nodesWithRole(LabNode::Role::Master).first();
    startMonitor(MonitorConfig::Kind::Cluster, {seed.endpoint}, 250);
    QVERIFY(waitSnapshot([](const TopologySnapshot &t) { return complete(t, 6); }));
    const QString frozenId = QString::fromLatin1(nodeId(frozen.endpoint));

    FaultInjector faults(m_lab.get());
    QVERIFY(faults.freeze(frozen.endpoint));
    auto thaw = qScopeGuard([&] { faults.thaw(frozen.endpoint); });
    QTRY_VERIFY_WITH_TIMEOUT(findEvent([&](const OpsEvent &e) { return e.kind == OpsEvent::Kind::NodeStale && e.nodeId == frozenId; }) >= 0, 10000);
    // While it is frozen every other node keeps being refreshed: each is seen again after the
    // frozen node went stale (a condition on the monitor's own clock, not a wall-clock bound).
    const qint64 staleSeenMs = m_monitor->snapshot()->timestampMs;
    QSignalSpy snapshots(m_monitor.get(), &Monitor::snapshotChanged);
    QVERIFY(snapshots.wait(2000));
    QTRY_VERIFY_WITH_TIMEOUT(snapshots.size() >= 4, 3000);
    const SnapshotPtr s = m_monitor->snapshot();
    for (const Node &n : s->nodes) {
        if (n.id == frozenId) {
            QVERIFY(n.has(Node::Stale));
            continue;
        }
        QVERIFY2(!n.has(Node::Stale), qPrintable(n.endpoint.toString()));
        QVERIFY2(n.lastSeenMs > staleSeenMs, qPrintable(QStringLiteral("%1 last seen %2 ms before the node went stale")
                                                               .arg(n.endpoint.toString()).arg(staleSeenMs - n.lastSeenMs)));
    }
    thaw.dismiss();
    QVERIFY(faults.thaw(frozen.endpoint));
    QTRY_VERIFY_WITH_TIMEOUT(findEvent([&](const OpsEvent &e) { return e.kind == OpsEvent::Kind::NodeRecovered && e.nodeId == frozenId; }) >= 0, 10000);
}

void TestMonitor::sentinelFailoverFromPubSubConfirmedByPolling()
{
    QVERIFY(startLab(LabSpec::Kind::Sentinel, 2));
    const QList<LabNode> sentinels = m_lab->topology().nodesWithRole(LabNode::Role::Sentinel);
    const Endpoint oldMaster = m_lab->topology().nodesWithRole(LabNode::Role::Master).first().endpoint;
    startMonitor(MonitorConfig::Kind::Sentinel, {sentinels.first().endpoint});
    QVERIFY(waitSnapshot([](const TopologySnapshot &t) { return complete(t, 3, 3); }));

    QVERIFY(execute(*m_lab->control(sentinels.first().endpoint), RespCommand{"SENTINEL", "FAILOVER", "mymaster"}).ok());
    QTRY_VERIFY_WITH_TIMEOUT(findEvent([](const OpsEvent &e) { return e.kindName() == QLatin1String("+switch-master"); }) >= 0, 20000);
    const OpsEvent sw = m_events.at(findEvent([](const OpsEvent &e) { return e.kindName() == QLatin1String("+switch-master"); }));
    QCOMPARE(sw.source, OpsEvent::Source::Sentinel);
    QCOMPARE(sw.details.value(QStringLiteral("oldMaster")).toString(), oldMaster.toString());
    const QString newMaster = sw.details.value(QStringLiteral("newMaster")).toString();
    QVERIFY(newMaster != oldMaster.toString());
    // Confirmed by polling: the new master is promoted, the old one demoted.
    QTRY_VERIFY_WITH_TIMEOUT(findEvent([&](const OpsEvent &e) { return e.kind == OpsEvent::Kind::Promoted && e.nodeId == newMaster; }) >= 0, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(findEvent([&](const OpsEvent &e) { return e.kind == OpsEvent::Kind::Demoted && e.nodeId == oldMaster.toString(); }) >= 0, 20000);
    QVERIFY(findEvent([](const OpsEvent &e) { return e.kindName() == QLatin1String("+try-failover"); }) >= 0);
    QCOMPARE(m_notStoredWhenPublished, 0);
    HistoryQuery q;
    q.kinds = {QStringLiteral("+switch-master")};
    QVERIFY(!m_reader->query(q).isEmpty());
}

// The production wiring: the Monitor lives on ConsoleRuntime's backend thread and everything it
// publishes reaches this (GUI) thread by queued signals.
void TestMonitor::runtimeMonitorsOnBackendThreadAndQueuesToGui()
{
    QVERIFY(startLab(LabSpec::Kind::Cluster));
    const LabNode replica = m_lab->topology().nodesWithRole(LabNode::Role::Replica).first();
    ConsoleRuntime runtime;
    runtime.openHistory(m_dir->filePath(QStringLiteral("runtime.sqlite")));
    MonitorConfig config;
    config.seeds = {replica.endpoint};
    config.dataOptions = m_lab->topology().connectionOptions(replica.endpoint);
    config.intervalMs = 300;
    SnapshotPtr last;
    QList<QThread *> deliveredOn;
    OpsEvents events;
    connect(&runtime, &ConsoleRuntime::snapshotChanged, this, [&](int, const SnapshotPtr &s) {
        last = s;
        deliveredOn << QThread::currentThread();
    });
    connect(&runtime, &ConsoleRuntime::eventsRecorded, this, [&](int, const OpsEvents &e) { events += e; });
    QSignalSpy samples(&runtime, &ConsoleRuntime::samplesReady);
    const int id = runtime.startMonitor(config);
    QVERIFY(id > 0);
    QTRY_VERIFY_WITH_TIMEOUT(last && complete(*last, 6), 20000);
    QVERIFY(!samples.isEmpty());
    for (QThread *t : std::as_const(deliveredOn))
        QCOMPARE(t, QThread::currentThread());
    QVERIFY(execute(*m_lab->control(replica.endpoint), RespCommand{"CLUSTER", "FAILOVER"}).ok());
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(events.begin(), events.end(), [](const OpsEvent &e) { return e.kind == OpsEvent::Kind::Promoted; }), 20000);
    for (const OpsEvent &e : std::as_const(events))
        QVERIFY(e.id > 0); // stored (on the history thread) before it was published
    runtime.stopMonitor(id);
}

QTEST_GUILESS_MAIN(TestMonitor)
#include "tst_monitor.moc"
