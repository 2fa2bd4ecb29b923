// Unit tests of SnapshotBuilder on hand-made observations: how CLUSTER NODES views from several
// viewpoints and each node's own INFO are merged (no single viewpoint decides), staleness, lag,
// Sentinel majority and disagreement, and standalone replicas discovered from INFO.
#include "SyntheticObservation.h"
#include "discovery/SnapshotBuilder.h"

#include <QtTest>

using namespace ops;

namespace {

constexpr qint64 kNow = 1'000'000;

const QByteArray A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const QByteArray B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
const QByteArray A1 = "a111111111111111111111111111111111111111";
const QByteArray B1 = "b111111111111111111111111111111111111111";

// One CLUSTER NODES line; flags e.g. "myself,master".
QByteArray line(const QByteArray &id, int port, const QByteArray &flags, const QByteArray &master, int epoch,
                const QByteArray &slotText = {})
{
    QByteArray l = id + " 127.0.0.1:" + QByteArray::number(port) + "@" + QByteArray::number(port + 10000) + " " + flags + " "
        + (master.isEmpty() ? QByteArray("-") : master) + " 0 1700000000000 " + QByteArray::number(epoch) + " connected";
    if (!slotText.isEmpty())
        l += " " + slotText;
    return l + "\n";
}

// The healthy view of A(0-8191)<-A1, B(8192-16383)<-B1 from node @p self.
QByteArray healthyView(const QByteArray &self)
{
    auto f = [&](const QByteArray &id, const QByteArray &role) { return id == self ? "myself," + role : role; };
    return line(A, 7000, f(A, "master"), {}, 1, "0-8191") + line(B, 7001, f(B, "master"), {}, 2, "8192-16383")
        + line(A1, 7002, f(A1, "slave"), A, 1) + line(B1, 7003, f(B1, "slave"), B, 2);
}

NodeObservation observe(int port, const QByteArray &clusterNodes = {}, const QByteArray &info = {})
{
    return synthetic::observation(quint16(port), kNow, clusterNodes, info);
}

SnapshotInput clusterInput(const QList<NodeObservation> &observations)
{
    SnapshotInput in;
    in.deploymentId = QStringLiteral("cluster:t");
    in.kind = TopologySnapshot::Kind::Cluster;
    in.nowMs = kNow;
    in.staleAfterMs = 3000;
    for (const NodeObservation &o : observations)
        in.observations.insert(o.endpoint.toString(), o);
    return in;
}

} // namespace

class TestSnapshotBuilder : public QObject
{
    Q_OBJECT

private slots:
    void healthyClusterFromTwoViewpoints();
    void pfailNeedsAnotherNodeFailFromAnyViewpoint();
    void ownLineWinsOverOthersView();
    void higherConfigEpochWinsSlots();
    void infoIsAuthorityOnRole();
    void staleViewpointIgnoredAndSilentNodeStale();
    void migrationsFromOwnLines();
    void lagFromMasterInfo_data();
    void lagFromMasterInfo();
    void sentinelMajorityAndDisagreement();
    void standaloneDiscoversReplicasFromInfo();
    void standaloneDiscoversTheMasterAReplicaFollows();
    void replicaBehindNatBelongsToTheMasterListingIt();
    void announcedAddressesAndHostnames();
    void settingsOfDataNodes_data();
    void settingsOfDataNodes();
    void settingsOfSentinels();
};

void TestSnapshotBuilder::healthyClusterFromTwoViewpoints()
{
    const TopologySnapshot s = SnapshotBuilder::build(clusterInput({observe(7000, healthyView(A)), observe(7003, healthyView(B1))}));
    QCOMPARE(s.nodes.size(), 4);
    QCOMPARE(s.viewpoints.size(), 2);
    QCOMPARE(s.slotMap->coveredCount(), kSlotCount);
    QCOMPARE(s.slotMap->ownerOf(0), QString::fromLatin1(A));
    QCOMPARE(s.slotMap->ownerOf(16383), QString::fromLatin1(B));
    QCOMPARE(s.clusterState, QByteArrayLiteral("ok"));
    // Masters first, each followed by its replica.
    QCOMPARE(s.nodes[0].id, QString::fromLatin1(A));
    QCOMPARE(s.nodes[1].id, QString::fromLatin1(A1));
    QCOMPARE(s.nodes[2].id, QString::fromLatin1(B));
    QCOMPARE(s.nodes[3].id, QString::fromLatin1(B1));
    QCOMPARE(s.node(QString::fromLatin1(A))->slotCount, 8192);
    QVERIFY(s.warnings.isEmpty());
}

void TestSnapshotBuilder::pfailNeedsAnotherNodeFailFromAnyViewpoint()
{
    QByteArray view = healthyView(A);
    view.replace(B + " 127.0.0.1:7001@17001 master", B + " 127.0.0.1:7001@17001 master,fail?");
    TopologySnapshot s = SnapshotBuilder::build(clusterInput({observe(7000, view), observe(7001, healthyView(B))}));
    QVERIFY(s.node(QString::fromLatin1(B))->has(Node::PFail)); // A suspects B: shown, though B's own view is fine
    QVERIFY(!s.node(QString::fromLatin1(B))->has(Node::Fail));

    QByteArray failed = healthyView(A1);
    failed.replace(B + " 127.0.0.1:7001@17001 master", B + " 127.0.0.1:7001@17001 master,fail");
    s = SnapshotBuilder::build(clusterInput({observe(7000, healthyView(A)), observe(7002, failed)}));
    QVERIFY(s.node(QString::fromLatin1(B))->has(Node::Fail));
}

void TestSnapshotBuilder::ownLineWinsOverOthersView()
{
    // A's view is outdated about B1 (still a replica); B1 says it is master with epoch 3.
    QByteArray own = healthyView(B1);
    own.replace(B1 + " 127.0.0.1:7003@17003 myself,slave " + B + " 0 1700000000000 2 connected",
                B1 + " 127.0.0.1:7003@17003 myself,master - 0 1700000000000 3 connected 8192-16383");
    const TopologySnapshot s = SnapshotBuilder::build(clusterInput({observe(7000, healthyView(A)), observe(7003, own)}));
    QCOMPARE(s.node(QString::fromLatin1(B1))->role, Node::Role::Master);
    QCOMPARE(s.node(QString::fromLatin1(B1))->configEpoch, quint64(3));
    QVERIFY(!s.warnings.isEmpty()); // the viewpoints disagree about B1's role, and that is said
}

void TestSnapshotBuilder::higherConfigEpochWinsSlots()
{
    // Two views claim slots 8192-8291 for different masters: B (epoch 2) and A (epoch 5 in the other view).
    QByteArray other = healthyView(A1);
    other.replace(A + " 127.0.0.1:7000@17000 master - 0 1700000000000 1 connected 0-8191",
                  A + " 127.0.0.1:7000@17000 master - 0 1700000000000 5 connected 0-8291");
    const TopologySnapshot s = SnapshotBuilder::build(clusterInput({observe(7001, healthyView(B)), observe(7002, other)}));
    QCOMPARE(s.slotMap->ownerOf(8200), QString::fromLatin1(A));
    QCOMPARE(s.slotMap->ownerOf(8292), QString::fromLatin1(B));
    QVERIFY(std::any_of(s.warnings.begin(), s.warnings.end(), [](const QString &w) { return w.contains(QLatin1String("claimed")); }));
}

void TestSnapshotBuilder::infoIsAuthorityOnRole()
{
    const QByteArray info = "# Replication\r\nrole:master\r\nconnected_slaves:0\r\nmaster_repl_offset:500\r\n";
    const TopologySnapshot s = SnapshotBuilder::build(clusterInput({observe(7000, healthyView(A)), observe(7001, healthyView(B)),
                                                                   observe(7002, {}, info)}));
    QCOMPARE(s.node(QString::fromLatin1(A1))->role, Node::Role::Master);
    QCOMPARE(s.node(QString::fromLatin1(A1))->replOffset, qint64(500));
}

void TestSnapshotBuilder::staleViewpointIgnoredAndSilentNodeStale()
{
    NodeObservation old = observe(7001, healthyView(B));
    old.clusterNodesAtMs = kNow - 60000;     // too old to count as a viewpoint
    old.lastSuccessMs = kNow - 60000;        // and B has been silent for a minute
    old.lastFailureMs = kNow - 500;
    old.lastError = QStringLiteral("127.0.0.1:7001: no reply to INFO within 2000 ms");
    const TopologySnapshot s = SnapshotBuilder::build(clusterInput({observe(7000, healthyView(A)), old}));
    QCOMPARE(s.viewpoints.size(), 1);
    const Node *b = s.node(QString::fromLatin1(B));
    QVERIFY(b->has(Node::Stale));
    QCOMPARE(b->lastError, old.lastError);
    QVERIFY(!s.node(QString::fromLatin1(A))->has(Node::Stale));
    QCOMPARE(s.staleCount(), 1);
}

void TestSnapshotBuilder::migrationsFromOwnLines()
{
    QByteArray a = healthyView(A);
    a.replace("connected 0-8191", "connected 0-8191 [100->-" + B + "]");
    QByteArray b = healthyView(B);
    b.replace("connected 8192-16383", "connected 8192-16383 [100-<-" + A + "]");
    const TopologySnapshot s = SnapshotBuilder::build(clusterInput({observe(7000, a), observe(7001, b)}));
    const SlotMap::Migration *m = s.slotMap->migration(100);
    QVERIFY(m);
    QCOMPARE(m->source, QString::fromLatin1(A));
    QCOMPARE(m->target, QString::fromLatin1(B));
    QVERIFY(m->migratingSeen && m->importingSeen);

    // Only the importing half visible: a half-open slot.
    const TopologySnapshot half = SnapshotBuilder::build(clusterInput({observe(7001, b), observe(7002, healthyView(A1))}));
    QVERIFY(half.slotMap->migration(100)->isHalfOpen());
}

void TestSnapshotBuilder::lagFromMasterInfo_data()
{
    QTest::addColumn<QByteArray>("slaveLine");   // the master's slave0 entry
    QTest::addColumn<QByteArray>("replicaTail"); // the replica's link status and offset
    QTest::addColumn<qint64>("lagBytes");
    QTest::addColumn<double>("lagSeconds");
    QTest::addColumn<QByteArray>("masterOffset");
    const QByteArray up = "master_link_status:up\r\nmaster_last_io_seconds_ago:1\r\nslave_repl_offset:950\r\n";
    QTest::newRow("online: the master's view") << QByteArray("state=online,offset=900,lag=2") << up << qint64(100) << 2.0 << QByteArray("master_repl_offset:1000");
    // Right after a failover the new replica is listed with offset 0 until it first ACKs: that
    // is not 1000 bytes (or gigabytes) of lag; the replica's own offset tells.
    QTest::newRow("wait_bgsave offset 0") << QByteArray("state=wait_bgsave,offset=0,lag=0") << up << qint64(50) << 1.0 << QByteArray("master_repl_offset:1000");
    QTest::newRow("online but not acked yet") << QByteArray("state=online,offset=0,lag=0") << up << qint64(50) << 1.0 << QByteArray("master_repl_offset:1000");
    QTest::newRow("idle new master: both at 0 are in sync")
        << QByteArray("state=online,offset=0,lag=0") << QByteArray("master_link_status:up\r\nmaster_last_io_seconds_ago:1\r\nslave_repl_offset:0\r\n")
        << qint64(0) << 0.0 << QByteArray("master_repl_offset:0");
    QTest::newRow("syncing, replica has no offset yet")
        << QByteArray("state=send_bulk,offset=0,lag=0")
        << QByteArray("master_link_status:down\r\nmaster_sync_in_progress:1\r\nslave_repl_offset:0\r\n") << qint64(-1) << -1.0 << QByteArray("master_repl_offset:1000");
}

void TestSnapshotBuilder::lagFromMasterInfo()
{
    QFETCH(QByteArray, slaveLine);
    QFETCH(QByteArray, replicaTail);
    QFETCH(QByteArray, masterOffset);
    const QByteArray masterInfo = "# Replication\r\nrole:master\r\nconnected_slaves:1\r\n"
                                  "slave0:ip=127.0.0.1,port=7002," + slaveLine + "\r\n" + masterOffset + "\r\n";
    const QByteArray replicaInfo = "# Replication\r\nrole:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:7000\r\n" + replicaTail;
    const TopologySnapshot s = SnapshotBuilder::build(clusterInput({observe(7000, healthyView(A), masterInfo),
                                                                   observe(7001, healthyView(B)), observe(7002, {}, replicaInfo)}));
    const Node *r = s.node(QString::fromLatin1(A1));
    QTEST(r->lagBytes, "lagBytes");
    QTEST(r->lagSeconds, "lagSeconds");
}

void TestSnapshotBuilder::sentinelMajorityAndDisagreement()
{
    auto sentinel = [](int port, int masterPort, quint64 epoch) {
        NodeObservation o = observe(port);
        o.isSentinel = true;
        SentinelMasterState m;
        m.name = "mymaster";
        m.host = QStringLiteral("127.0.0.1");
        m.port = quint16(masterPort);
        m.quorum = 2;
        m.configEpoch = epoch;
        m.flags = {"master"};
        o.sentinelMaster = m;
        o.sentinelMasterAtMs = kNow - 100;
        return o;
    };
    SnapshotInput in;
    in.kind = TopologySnapshot::Kind::Sentinel;
    in.masterName = QStringLiteral("mymaster");
    in.nowMs = kNow;
    for (const NodeObservation &o : {sentinel(26379, 6379, 1), sentinel(26380, 6379, 1), sentinel(26381, 6380, 2)})
        in.observations.insert(o.endpoint.toString(), o);
    const TopologySnapshot s = SnapshotBuilder::build(in);
    QCOMPARE(s.sentinels.size(), 3);
    QCOMPARE(s.master()->endpoint.port, quint16(6379)); // two of three
    QCOMPARE(s.quorum, 2);
    QCOMPARE(s.sentinelMasterViews.size(), 3);
    QCOMPARE(s.sentinelMasterViews.value(QStringLiteral("127.0.0.1:26381")), QStringLiteral("127.0.0.1:6380"));
}

void TestSnapshotBuilder::standaloneDiscoversReplicasFromInfo()
{
    const QByteArray info = "# Replication\r\nrole:master\r\nconnected_slaves:2\r\n"
                            "slave0:ip=127.0.0.1,port=6380,state=online,offset=10,lag=0\r\n"
                            "slave1:ip=127.0.0.1,port=6381,state=online,offset=10,lag=1\r\nmaster_repl_offset:10\r\n";
    SnapshotInput in;
    in.kind = TopologySnapshot::Kind::Standalone;
    in.nowMs = kNow;
    const NodeObservation o = observe(6379, {}, info);
    in.observations.insert(o.endpoint.toString(), o);
    const TopologySnapshot s = SnapshotBuilder::build(in);
    QCOMPARE(s.nodes.size(), 3);
    QCOMPARE(s.replicasOf(QStringLiteral("127.0.0.1:6379")).size(), 2);
    QCOMPARE(s.node(QStringLiteral("127.0.0.1:6381"))->lagSeconds, 1.0);
}

// Seeded with a replica only: the master it follows appears at once (to be polled), with the
// replica under it; a replica whose INFO is not in yet names no master and adds none.
void TestSnapshotBuilder::standaloneDiscoversTheMasterAReplicaFollows()
{
    const QByteArray replicaInfo = "# Replication\r\nrole:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:6379\r\n"
                                   "master_link_status:up\r\nslave_repl_offset:10\r\n";
    SnapshotInput in;
    in.kind = TopologySnapshot::Kind::Standalone;
    in.nowMs = kNow;
    const NodeObservation replica = observe(6380, {}, replicaInfo);
    in.observations.insert(replica.endpoint.toString(), replica);
    NodeObservation silent = observe(6390, {}, {});
    silent.info.reset();
    in.observations.insert(silent.endpoint.toString(), silent);
    const TopologySnapshot s = SnapshotBuilder::build(in);
    QCOMPARE(s.nodes.size(), 3);
    const Node *master = s.node(QStringLiteral("127.0.0.1:6379"));
    QVERIFY(master != nullptr);
    QVERIFY(master->isMaster());
    QCOMPARE(s.replicasOf(QStringLiteral("127.0.0.1:6379")).size(), 1);
    QVERIFY(s.node(QStringLiteral("127.0.0.1:6390"))->masterId.isEmpty());
}

// A replica that reaches its master through NAT or a proxy (master_host:port is not the address
// the console uses) is the replica of the master whose INFO lists it: no phantom master at the
// other address, and its lag comes from that master's view.
void TestSnapshotBuilder::replicaBehindNatBelongsToTheMasterListingIt()
{
    const QByteArray masterInfo = "# Replication\r\nrole:master\r\nconnected_slaves:1\r\n"
                                  "slave0:ip=127.0.0.1,port=6380,state=online,offset=1000,lag=0\r\nmaster_repl_offset:3001000\r\n";
    const QByteArray replicaInfo = "# Replication\r\nrole:slave\r\nmaster_host:10.9.9.9\r\nmaster_port:16379\r\n"
                                   "master_link_status:up\r\nslave_repl_offset:1000\r\n";
    SnapshotInput in;
    in.kind = TopologySnapshot::Kind::Standalone;
    in.nowMs = kNow;
    in.staleAfterMs = 3000;
    for (const NodeObservation &o : {observe(6379, {}, masterInfo), observe(6380, {}, replicaInfo)})
        in.observations.insert(o.endpoint.toString(), o);
    const TopologySnapshot s = SnapshotBuilder::build(in);
    QCOMPARE(s.nodes.size(), 2); // no 10.9.9.9:16379
    QCOMPARE(s.node(QStringLiteral("127.0.0.1:6380"))->masterId, QStringLiteral("127.0.0.1:6379"));
    QCOMPARE(s.replicasOf(QStringLiteral("127.0.0.1:6379")).size(), 1);
    QCOMPARE(s.node(QStringLiteral("127.0.0.1:6380"))->lagBytes, qint64(3000000));
}

// Nodes are reached where the cluster announces them: the announced ip, and the announced
// hostname when a node has no ip (cluster-announce-hostname with an empty address).
void TestSnapshotBuilder::announcedAddressesAndHostnames()
{
    QByteArray view = healthyView(A);
    view.replace("127.0.0.1:7001@17001", "10.1.2.3:7001@17001,node-b.example");
    view.replace("127.0.0.1:7003@17003", ":7003@17003,node-b1.example");
    const TopologySnapshot s = SnapshotBuilder::build(clusterInput({observe(7000, view)}));
    const Node *b = s.node(QString::fromLatin1(B));
    QCOMPARE(b->endpoint.toString(), QStringLiteral("10.1.2.3:7001"));
    QCOMPARE(b->hostname, QStringLiteral("node-b.example"));
    const Node *b1 = s.node(QString::fromLatin1(B1));
    QCOMPARE(b1->endpoint.toString(), QStringLiteral("node-b1.example:7003"));
    QCOMPARE(b1->busPort, quint16(17003));
}


void TestSnapshotBuilder::settingsOfDataNodes_data()
{
    QTest::addColumn<bool>("read");
    QTest::addColumn<QString>("error");
    QTest::addColumn<bool>("attempted");
    QTest::newRow("read") << true << QString() << true;
    QTest::newRow("denied") << false << QStringLiteral("CONFIG GET failed: NOPERM") << true;
    QTest::newRow("stale values kept, then denied") << true << QStringLiteral("CONFIG GET failed: NOPERM") << true;
    QTest::newRow("not read yet") << false << QString() << false;
}

void TestSnapshotBuilder::settingsOfDataNodes()
{
    QFETCH(bool, read);
    QFETCH(QString, error);
    QFETCH(bool, attempted);
    NodeObservation o = observe(6379, {}, "role:master\r\nused_memory:100\r\nmaxmemory_policy:allkeys-lru\r\n"
                                          "total_system_memory:8000\r\nmem_fragmentation_bytes:42\r\n");
    if (read) {
        o.config = QHash<QByteArray, QByteArray>{{"save", ""}, {"appendonly", "yes"}};
        o.configAtMs = kNow - 60'000; // minutes old: still the node's settings (no staleness)
    }
    o.configError = error;
    SnapshotInput in;
    in.kind = TopologySnapshot::Kind::Standalone;
    in.nowMs = kNow;
    in.observations.insert(o.endpoint.toString(), o);
    const Node n = SnapshotBuilder::build(in).nodes.first();
    QCOMPARE(n.config.attempted(), attempted);
    QCOMPARE(n.config.value("appendonly"), read ? QByteArray("yes") : QByteArray());
    QCOMPARE(n.config.readAtMs, read ? kNow - 60'000 : 0);
    QCOMPARE(n.config.unavailable, error);
    if (!error.isEmpty())
        QCOMPARE(n.config.whyUnknown("maxmemory"), error);
    QCOMPARE(n.maxMemoryPolicy, QStringLiteral("allkeys-lru"));
    QCOMPARE(n.totalSystemMemory, qint64(8000));
    QCOMPARE(n.fragmentationBytes, qint64(42));
}

void TestSnapshotBuilder::settingsOfSentinels()
{
    NodeObservation o = observe(26379, {}, "redis_mode:sentinel\r\nsentinel_tilt:1\r\n");
    o.isSentinel = true;
    SentinelMasterState m;
    m.name = "mymaster";
    m.host = QStringLiteral("127.0.0.1");
    m.port = 6379;
    m.quorum = 2;
    m.raw = {{"quorum", "2"}, {"parallel-syncs", "1"}, {"config-epoch", "7"}};
    o.sentinelMaster = m;
    o.sentinelMasterAtMs = kNow - 100;
    CkQuorum ck;
    ck.ok = false;
    ck.noQuorum = true;
    ck.text = QStringLiteral("NOQUORUM 1 usable Sentinels");
    o.ckQuorum = ck;
    o.configAtMs = kNow - 200;
    SnapshotInput in;
    in.kind = TopologySnapshot::Kind::Sentinel;
    in.masterName = QStringLiteral("mymaster");
    in.nowMs = kNow;
    in.observations.insert(o.endpoint.toString(), o);
    const Node n = SnapshotBuilder::build(in).sentinels.first();
    QCOMPARE(n.config.value("config-epoch"), QByteArray("7"));
    QCOMPARE(n.config.integer("quorum"), std::optional<qint64>(2));
    QCOMPARE(n.config.value("ckquorum-ok"), QByteArray("0"));
    QCOMPARE(n.config.value("ckquorum"), QByteArray("NOQUORUM 1 usable Sentinels"));
    QCOMPARE(n.config.value("sentinel_tilt"), QByteArray("1"));
    QCOMPARE(n.config.readAtMs, kNow - 100);
}

QTEST_GUILESS_MAIN(TestSnapshotBuilder)
#include "tst_snapshotbuilder.moc"
