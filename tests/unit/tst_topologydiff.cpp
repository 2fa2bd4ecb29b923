// Unit tests of TopologyDiff: each row mutates a base snapshot and expects exactly the listed
// event kinds (in order), so a missing event and a spurious one both fail.
#include "model/TopologyDiff.h"

#include <QtTest>

#include <functional>

using namespace ops;

namespace {

using Mutation = std::function<void(TopologySnapshot &)>;

Node makeNode(const QString &id, quint16 port, Node::Role role, const QString &master = {})
{
    Node n;
    n.id = id;
    n.endpoint = Endpoint{QStringLiteral("127.0.0.1"), port};
    n.role = role;
    n.masterId = master;
    n.configEpoch = role == Node::Role::Master ? port - 7000 + 1 : 0;
    n.masterLinkUp = role == Node::Role::Replica ? 1 : -1;
    n.lastSeenMs = 1000;
    return n;
}

// Cluster A(0-8191) <- a1, B(8192-16383) <- b1.
TopologySnapshot base()
{
    TopologySnapshot s;
    s.deploymentId = QStringLiteral("cluster:test");
    s.kind = TopologySnapshot::Kind::Cluster;
    s.timestampMs = 5000;
    s.clusterState = "ok";
    s.nodes = {makeNode(QStringLiteral("A"), 7000, Node::Role::Master), makeNode(QStringLiteral("a1"), 7003, Node::Role::Replica, QStringLiteral("A")),
               makeNode(QStringLiteral("B"), 7001, Node::Role::Master), makeNode(QStringLiteral("b1"), 7004, Node::Role::Replica, QStringLiteral("B"))};
    auto map = std::make_shared<SlotMap>();
    map->assign({0, 8191}, QStringLiteral("A"));
    map->assign({8192, 16383}, QStringLiteral("B"));
    s.slotMap = map;
    return s;
}

Node &nodeOf(TopologySnapshot &s, const QString &id)
{
    for (Node &n : s.nodes)
        if (n.id == id)
            return n;
    qFatal("no node");
}

SlotMap &slotsOf(TopologySnapshot &s)
{
    auto copy = std::make_shared<SlotMap>(*s.slotMap);
    s.slotMap = copy;
    return *copy;
}

QStringList kinds(const OpsEvents &events)
{
    QStringList out;
    for (const OpsEvent &e : events)
        out << e.kindName();
    return out;
}

} // namespace

Q_DECLARE_METATYPE(Mutation)

class TestTopologyDiff : public QObject
{
    Q_OBJECT

private slots:
    void diff_data();
    void diff();
    void slotMoveDetails();
    void failoverPairDetails();
    void sentinelDisagreement();
    void eventsCarryDeploymentAndTime();
};

void TestTopologyDiff::diff_data()
{
    QTest::addColumn<Mutation>("mutate");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("no change") << Mutation([](TopologySnapshot &) {}) << QStringList();
    QTest::newRow("metrics only") << Mutation([](TopologySnapshot &s) {
        nodeOf(s, QStringLiteral("A")).usedMemory = 12345;
        nodeOf(s, QStringLiteral("a1")).lagBytes = 99;
        nodeOf(s, QStringLiteral("a1")).lastSeenMs = 9999;
    }) << QStringList();
    QTest::newRow("node added") << Mutation([](TopologySnapshot &s) {
        s.nodes.append(makeNode(QStringLiteral("C"), 7002, Node::Role::Master));
    }) << QStringList{QStringLiteral("node-added")};
    QTest::newRow("node removed") << Mutation([](TopologySnapshot &s) { s.nodes.removeAt(3); })
                                  << QStringList{QStringLiteral("node-removed")};
    QTest::newRow("failover") << Mutation([](TopologySnapshot &s) {
        Node &a = nodeOf(s, QStringLiteral("A"));
        Node &a1 = nodeOf(s, QStringLiteral("a1"));
        a.role = Node::Role::Replica;
        a.masterId = QStringLiteral("a1");
        a1.role = Node::Role::Master;
        a1.masterId.clear();
        a1.configEpoch = 9;
    }) << QStringList{QStringLiteral("demoted"), QStringLiteral("promoted")}; // a replica's epoch 0 -> 9 is not a change
    QTest::newRow("replica follows another master") << Mutation([](TopologySnapshot &s) {
        nodeOf(s, QStringLiteral("b1")).masterId = QStringLiteral("A");
    }) << QStringList{QStringLiteral("master-changed")};
    QTest::newRow("pfail set") << Mutation([](TopologySnapshot &s) { nodeOf(s, QStringLiteral("B")).flags |= Node::PFail; })
                               << QStringList{QStringLiteral("pfail-set")};
    QTest::newRow("fail and stale") << Mutation([](TopologySnapshot &s) {
        nodeOf(s, QStringLiteral("B")).flags |= Node::Fail | Node::Stale;
    }) << QStringList{QStringLiteral("fail-set"), QStringLiteral("node-stale")};
    QTest::newRow("config epoch bump") << Mutation([](TopologySnapshot &s) { nodeOf(s, QStringLiteral("B")).configEpoch = 7; })
                                       << QStringList{QStringLiteral("config-epoch-changed")};
    QTest::newRow("replication link down") << Mutation([](TopologySnapshot &s) { nodeOf(s, QStringLiteral("a1")).masterLinkUp = 0; })
                                           << QStringList{QStringLiteral("replication-link-down")};
    QTest::newRow("link unknown is not a change") << Mutation([](TopologySnapshot &s) { nodeOf(s, QStringLiteral("a1")).masterLinkUp = -1; })
                                                  << QStringList();
    QTest::newRow("one range moved") << Mutation([](TopologySnapshot &s) { slotsOf(s).assign({0, 99}, QStringLiteral("B")); })
                                     << QStringList{QStringLiteral("slot-owner-changed")};
    QTest::newRow("two ranges moved") << Mutation([](TopologySnapshot &s) {
        slotsOf(s).assign({0, 9}, QStringLiteral("B"));
        slotsOf(s).assign({100, 100}, QStringLiteral("B"));
    }) << QStringList{QStringLiteral("slot-owner-changed"), QStringLiteral("slot-owner-changed")};
    QTest::newRow("adjacent ranges to different owners") << Mutation([](TopologySnapshot &s) {
        s.nodes.append(makeNode(QStringLiteral("C"), 7002, Node::Role::Master));
        slotsOf(s).assign({0, 9}, QStringLiteral("B"));
        slotsOf(s).assign({10, 19}, QStringLiteral("C"));
    }) << QStringList{QStringLiteral("node-added"), QStringLiteral("slot-owner-changed"), QStringLiteral("slot-owner-changed")};
    QTest::newRow("migration started") << Mutation([](TopologySnapshot &s) {
        slotsOf(s).setMigrating(5, QStringLiteral("A"), QStringLiteral("B"));
    }) << QStringList{QStringLiteral("migration-started")};
    QTest::newRow("cluster state fail") << Mutation([](TopologySnapshot &s) { s.clusterState = "fail"; })
                                        << QStringList{QStringLiteral("cluster-state-changed")};
}

void TestTopologyDiff::diff()
{
    QFETCH(Mutation, mutate);
    QFETCH(QStringList, expected);
    const TopologySnapshot before = base();
    TopologySnapshot after = base();
    after.timestampMs = 6000;
    mutate(after);
    QCOMPARE(kinds(TopologyDiff::diff(before, after)), expected);
    // And back: every change has its opposite (or the reverse move).
    const OpsEvents reverse = TopologyDiff::diff(after, before);
    QCOMPARE(reverse.size(), expected.size());
}

void TestTopologyDiff::slotMoveDetails()
{
    TopologySnapshot after = base();
    slotsOf(after).assign({8000, 8191}, QStringLiteral("B"));
    const OpsEvents events = TopologyDiff::diff(base(), after);
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0].details.value(QStringLiteral("slots")).toString(), QStringLiteral("8000-8191"));
    QCOMPARE(events[0].details.value(QStringLiteral("count")).toInt(), 192);
    QCOMPARE(events[0].details.value(QStringLiteral("from")).toString(), QStringLiteral("A"));
    QCOMPARE(events[0].details.value(QStringLiteral("to")).toString(), QStringLiteral("B"));

    // Uncovered slots are critical and say so.
    TopologySnapshot holes = base();
    auto map = std::make_shared<SlotMap>();
    map->assign({0, 8191}, QStringLiteral("A"));
    map->assign({8192, 16000}, QStringLiteral("B"));
    holes.slotMap = map;
    const OpsEvents lost = TopologyDiff::diff(base(), holes);
    QCOMPARE(lost.size(), 1);
    QCOMPARE(lost[0].severity, OpsEvent::Severity::Critical);
    QVERIFY(lost[0].message.contains(QLatin1String("16001-16383")));
    QVERIFY(lost[0].message.contains(QLatin1String("no longer covered")));
}

void TestTopologyDiff::failoverPairDetails()
{
    TopologySnapshot after = base();
    nodeOf(after, QStringLiteral("A")).role = Node::Role::Replica;
    nodeOf(after, QStringLiteral("A")).masterId = QStringLiteral("a1");
    nodeOf(after, QStringLiteral("a1")).role = Node::Role::Master;
    const OpsEvents events = TopologyDiff::diff(base(), after);
    QCOMPARE(kinds(events), (QStringList{QStringLiteral("demoted"), QStringLiteral("promoted")}));
    for (const OpsEvent &e : events) {
        QCOMPARE(e.details.value(QStringLiteral("oldMaster")).toString(), QStringLiteral("A"));
        QCOMPARE(e.details.value(QStringLiteral("newMaster")).toString(), QStringLiteral("a1"));
        QCOMPARE(e.severity, OpsEvent::Severity::Warning);
    }
    QCOMPARE(events[1].details.value(QStringLiteral("newMasterAddress")).toString(), QStringLiteral("127.0.0.1:7003"));
}

void TestTopologyDiff::sentinelDisagreement()
{
    TopologySnapshot a;
    a.kind = TopologySnapshot::Kind::Sentinel;
    a.masterName = QStringLiteral("mymaster");
    TopologySnapshot b = a;
    b.sentinelMasterViews = {{QStringLiteral("127.0.0.1:26379"), QStringLiteral("127.0.0.1:6379")},
                             {QStringLiteral("127.0.0.1:26380"), QStringLiteral("127.0.0.1:6380")}};
    const OpsEvents start = TopologyDiff::diff(a, b);
    QCOMPARE(kinds(start), QStringList{QStringLiteral("sentinel-disagreement")});
    QCOMPARE(start[0].details.value(QStringLiteral("state")).toString(), QStringLiteral("disagree"));
    QCOMPARE(start[0].details.value(QStringLiteral("views")).toObject().size(), 2);
    QVERIFY(TopologyDiff::diff(b, b).isEmpty());
    const OpsEvents end = TopologyDiff::diff(b, a);
    QCOMPARE(end.size(), 1);
    QCOMPARE(end[0].details.value(QStringLiteral("state")).toString(), QStringLiteral("agree"));
}

void TestTopologyDiff::eventsCarryDeploymentAndTime()
{
    TopologySnapshot after = base();
    after.timestampMs = 777;
    nodeOf(after, QStringLiteral("B")).flags |= Node::PFail;
    const OpsEvents events = TopologyDiff::diff(base(), after);
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0].deploymentId, QStringLiteral("cluster:test"));
    QCOMPARE(events[0].timestampMs, qint64(777));
    QCOMPARE(events[0].nodeId, QStringLiteral("B"));
    QCOMPARE(events[0].endpoint, QStringLiteral("127.0.0.1:7001"));
    QCOMPARE(events[0].source, OpsEvent::Source::Poll);
}

QTEST_GUILESS_MAIN(TestTopologyDiff)
#include "tst_topologydiff.moc"
