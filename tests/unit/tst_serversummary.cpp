// ServerSummary::fromSnapshot: what the Overview shows, from the monitor's snapshot only.
#include "model/TopologySnapshot.h"
#include "monitor/ServerSummary.h"

#include <QTest>

using namespace ops;

namespace {

constexpr qint64 kNow = 1'700'000'000'000;

Node dataNode(const QString &id, quint16 port, Node::Role role, qint64 memory)
{
    Node n;
    n.id = id;
    n.endpoint = Endpoint{QStringLiteral("127.0.0.1"), port};
    n.role = role;
    n.usedMemory = memory;
    n.version = QStringLiteral("7.0.15");
    n.lastSeenMs = kNow;
    return n;
}

TopologySnapshot cluster()
{
    TopologySnapshot s;
    s.kind = TopologySnapshot::Kind::Cluster;
    s.deploymentId = QStringLiteral("cluster:abc");
    s.sequence = 7;
    s.clusterState = "ok";
    s.nodes = {dataNode(QStringLiteral("a"), 7000, Node::Role::Master, 100), dataNode(QStringLiteral("b"), 7001, Node::Role::Master, 200),
               dataNode(QStringLiteral("c"), 7002, Node::Role::Replica, 300)};
    s.nodes[0].slotCount = 8192;
    s.nodes[1].slotCount = 8192;
    return s;
}

} // namespace

class TestServerSummary : public QObject
{
    Q_OBJECT
private slots:
    void seedIsShownWhenKnown();
    void firstMasterWithoutSeed();
    void staleNodeIsUnreachableWithItsError();
    void sentinelDeployment();
    void emptySnapshot();
};

void TestServerSummary::seedIsShownWhenKnown()
{
    const ServerSummary s = ServerSummary::fromSnapshot(cluster(), Endpoint{QStringLiteral("127.0.0.1"), 7002});
    QCOMPARE(s.endpoint.port, quint16(7002));
    QVERIFY(s.reachable);
    QCOMPARE(s.role, QStringLiteral("replica"));
    QCOMPARE(s.usedMemory, qint64(300));
    QCOMPARE(s.mode, QStringLiteral("cluster"));
    QCOMPARE(s.clusterState, QStringLiteral("ok"));
    QCOMPARE(s.clusterKnownNodes, qint64(3));
    QCOMPARE(s.clusterSize, qint64(2));
    QCOMPARE(s.deploymentId, QStringLiteral("cluster:abc"));
    QCOMPARE(s.snapshotSequence, quint64(7));
    QCOMPARE(s.refreshedAt.toMSecsSinceEpoch(), kNow);
}

void TestServerSummary::firstMasterWithoutSeed()
{
    // An endpoint that is not (or no longer) a data node of the deployment: the first master.
    for (const Endpoint &seed : {Endpoint{}, Endpoint{QStringLiteral("127.0.0.1"), 9999}}) {
        const ServerSummary s = ServerSummary::fromSnapshot(cluster(), seed);
        QCOMPARE(s.endpoint.port, quint16(7000));
        QCOMPARE(s.role, QStringLiteral("master"));
        QCOMPARE(s.usedMemory, qint64(100));
    }
}

void TestServerSummary::staleNodeIsUnreachableWithItsError()
{
    TopologySnapshot snapshot = cluster();
    snapshot.nodes[0].flags |= Node::Stale;
    snapshot.nodes[0].lastError = QStringLiteral("127.0.0.1:7000: connection refused");
    const ServerSummary stale = ServerSummary::fromSnapshot(snapshot);
    QVERIFY(!stale.reachable);
    QCOMPARE(stale.error, snapshot.nodes[0].lastError);
    snapshot.nodes[0] = dataNode(QStringLiteral("a"), 7000, Node::Role::Master, -1);
    snapshot.nodes[0].lastSeenMs = 0; // never answered
    const ServerSummary never = ServerSummary::fromSnapshot(snapshot);
    QVERIFY(!never.reachable);
    QVERIFY(!never.error.isEmpty());
}

void TestServerSummary::sentinelDeployment()
{
    TopologySnapshot snapshot;
    snapshot.kind = TopologySnapshot::Kind::Sentinel;
    snapshot.nodes = {dataNode(QStringLiteral("127.0.0.1:6380"), 6380, Node::Role::Replica, 1),
                      dataNode(QStringLiteral("127.0.0.1:6379"), 6379, Node::Role::Master, 2)};
    snapshot.sentinels = {Node{}, Node{}, Node{}};
    const ServerSummary s = ServerSummary::fromSnapshot(snapshot);
    QCOMPARE(s.endpoint.port, quint16(6379)); // the master, wherever it is listed
    QCOMPARE(s.mode, QStringLiteral("standalone"));
    QCOMPARE(s.sentinels, qint64(3));
    QVERIFY(s.clusterState.isEmpty());
    QCOMPARE(s.clusterKnownNodes, qint64(-1));
}

void TestServerSummary::emptySnapshot()
{
    const Endpoint seed{QStringLiteral("127.0.0.1"), 7000};
    const ServerSummary s = ServerSummary::fromSnapshot(TopologySnapshot{}, seed);
    QCOMPARE(s.endpoint, seed);
    QVERIFY(!s.reachable);
    QVERIFY(!s.error.isEmpty());
}

QTEST_APPLESS_MAIN(TestServerSummary)
#include "tst_serversummary.moc"
