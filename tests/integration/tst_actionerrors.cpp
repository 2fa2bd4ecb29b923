// The error kinds an action must tell apart, produced by real servers: a standalone node
// (NOREPLICAS, BUSYKEY, IOERR, MASTERDOWN), a Sentinel lab (NOQUORUM, NOGOODSLAVE, INPROG) and
// a cluster lab (CLUSTER FAILOVER refused without FORCE). Each reply is Answered and keeps its
// raw prefix.
#include "LabFixture.h"
#include "RedisNodeFixture.h"
#include "lab/FaultInjector.h"
#include "discovery/SentinelReplies.h"
#include "lab/FreePorts.h"
#include "resp/RedisConnection.h"

#include <QtTest>

using namespace ops;
using namespace nodetest;
using labtest::describe;
using labtest::execute;

class TestActionErrors : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void standaloneReplies();
    void sentinelReplies();
    void clusterFailoverNeedsForce();

private:
    /** Sends @p command on @p c and checks the reply is the error @p kind with @p prefix, answered. */
    static bool expectError(RedisConnection &c, const RespCommand &command, Kind kind, const QByteArray &prefix);
    StandaloneNode m_fx;
};

void TestActionErrors::initTestCase()
{
    QString error;
    QVERIFY2(m_fx.start(QByteArrayLiteral("tst-actionerrors"), error), qPrintable(error));
}

void TestActionErrors::cleanupTestCase() { m_fx.stop(); }

bool TestActionErrors::expectError(RedisConnection &c, const RespCommand &command, Kind kind, const QByteArray &prefix)
{
    const RedisResult r = execute(c, command);
    const bool ok = !r.ok() && r.error().kind() == kind && r.error().prefix() == prefix
        && r.error().delivery() == RedisError::Delivery::Answered;
    if (!ok)
        qWarning().noquote() << command.redactedText() << "->" << describe(r) << "kind"
                             << RedisError::kindName(r.error().kind()) << "expected" << RedisError::kindName(kind);
    return ok;
}

void TestActionErrors::standaloneReplies()
{
    RedisConnection &c = *m_fx.admin;
    QVERIFY(execute(c, RespCommand{"SET", "busy", "1"}).ok());

    // min-replicas-to-write 1 with no replica: writes are refused.
    QVERIFY(execute(c, RespCommand{"CONFIG", "SET", "min-replicas-to-write", "1"}).ok());
    QVERIFY(expectError(c, RespCommand{"SET", "k", "v"}, Kind::NoReplicas, "NOREPLICAS"));
    QVERIFY(execute(c, RespCommand{"CONFIG", "SET", "min-replicas-to-write", "0"}).ok());

    // RESTORE over an existing key (what MIGRATE hits on a target that has the key).
    const RedisResult dump = execute(c, RespCommand{"DUMP", "busy"});
    QVERIFY2(dump.ok() && dump.value().isString(), describe(dump).constData());
    QVERIFY(expectError(c, RespCommand{"RESTORE", "busy", "0", dump.value().bytes()}, Kind::BusyKey, "BUSYKEY"));

    // MIGRATE to a port nobody listens on.
    const quint16 nobody = FreePorts::allocate(1).constFirst();
    QVERIFY(expectError(c, RespCommand{"MIGRATE", "127.0.0.1", QByteArray::number(nobody), "busy", "0", "500"},
                        Kind::IoErr, "IOERR"));

    // A replica whose master link is down and that may not serve stale data.
    QVERIFY(execute(c, RespCommand{"CONFIG", "SET", "replica-serve-stale-data", "no"}).ok());
    QVERIFY(execute(c, RespCommand{"REPLICAOF", "127.0.0.1", QByteArray::number(nobody)}).ok());
    QVERIFY(expectError(c, RespCommand{"GET", "busy"}, Kind::MasterDown, "MASTERDOWN"));
    QVERIFY(execute(c, RespCommand{"REPLICAOF", "NO", "ONE"}).ok());
    QVERIFY(execute(c, RespCommand{"CONFIG", "SET", "replica-serve-stale-data", "yes"}).ok());
}

void TestActionErrors::sentinelReplies()
{
    const std::unique_ptr<LocalLab> lab = labtest::startedLab(LabSpec::Kind::Sentinel, 2);
    QVERIFY(lab);
    const LabTopology &topology = lab->topology();
    const QByteArray master = topology.spec.masterName.toUtf8();
    const Endpoint sentinel = topology.nodesWithRole(LabNode::Role::Sentinel).constFirst().endpoint;
    RedisConnection s(topology.connectionOptions(sentinel));

    // A quorum no sentinel set can reach.
    QVERIFY(execute(s, RespCommand{"SENTINEL", "SET", master, "quorum", "5"}).ok());
    QVERIFY(expectError(s, RespCommand{"SENTINEL", "CKQUORUM", master}, Kind::NoQuorum, "NOQUORUM"));
    QVERIFY(execute(s, RespCommand{"SENTINEL", "SET", master, "quorum", "2"}).ok());

    // Every replica frozen: once the sentinel sees them down, nobody can be promoted. FAILOVER is
    // sent only then: sent earlier it would start a real failover.
    FaultInjector faults(lab.get());
    const QList<LabNode> replicas = topology.nodesWithRole(LabNode::Role::Replica);
    auto replicasDown = [&](bool down) {
        const RedisResult r = execute(s, RespCommand{"SENTINEL", "REPLICAS", master});
        const Parsed<QList<SentinelReplicaState>> parsed = parseSentinelReplicas(r.value());
        if (!r.ok() || !parsed.ok() || parsed.value().size() != replicas.size())
            return false;
        return std::all_of(parsed.value().begin(), parsed.value().end(),
                           [down](const SentinelReplicaState &x) { return x.sdown() == down; });
    };
    auto failoverIdle = [&] {
        const Parsed<SentinelMasterState> m = parseSentinelMaster(execute(s, RespCommand{"SENTINEL", "MASTER", master}).value());
        return m.ok() && !m.value().failoverInProgress();
    };
    for (const LabNode &r : replicas)
        QVERIFY(faults.freeze(r.endpoint));
    QTRY_VERIFY_WITH_TIMEOUT(replicasDown(true), 20000);
    QVERIFY(expectError(s, RespCommand{"SENTINEL", "FAILOVER", master}, Kind::NoGoodReplica, "NOGOODSLAVE"));
    for (const LabNode &r : replicas)
        QVERIFY(faults.thaw(r.endpoint));

    // Replicas back: the first FAILOVER starts one, a second at once finds it running.
    QTRY_VERIFY_WITH_TIMEOUT(replicasDown(false) && failoverIdle(), 20000);
    const RedisResult started = execute(s, RespCommand{"SENTINEL", "FAILOVER", master});
    QVERIFY2(started.ok(), describe(started).constData());
    QVERIFY(expectError(s, RespCommand{"SENTINEL", "FAILOVER", master}, Kind::InProgress, "INPROG"));
}

void TestActionErrors::clusterFailoverNeedsForce()
{
    const std::unique_ptr<LocalLab> lab = labtest::startedLab(LabSpec::Kind::Cluster, 1);
    QVERIFY(lab);
    QString why;
    QVERIFY2(labtest::waitClusterSettled(*lab, why), qPrintable(why));
    const LabTopology &topology = lab->topology();
    const Endpoint masterNode = topology.nodesWithRole(LabNode::Role::Master).constFirst().endpoint;
    RedisConnection m(topology.connectionOptions(masterNode));
    const QByteArray masterId = execute(m, RespCommand{"CLUSTER", "MYID"}).value().bytes();
    QVERIFY(!masterId.isEmpty());

    // Its replica: the one whose CLUSTER NODES says "myself,slave <masterId>".
    std::unique_ptr<RedisConnection> replica;
    for (const LabNode &n : topology.nodesWithRole(LabNode::Role::Replica)) {
        auto c = std::make_unique<RedisConnection>(topology.connectionOptions(n.endpoint));
        const RedisResult role = execute(*c, RespCommand{"ROLE"});
        if (role.ok() && role.value().size() > 2 && role.value()[2].integer() == masterNode.port)
            replica = std::move(c);
    }
    QVERIFY(replica);
    QVERIFY(expectError(m, RespCommand{"CLUSTER", "FAILOVER"}, Kind::Reply, "ERR")); // sent to a master

    // No automatic promotion, so the refusal is the replica's own answer, not a race with it.
    QVERIFY(execute(*replica, RespCommand{"CONFIG", "SET", "cluster-replica-no-failover", "yes"}).ok());
    FaultInjector faults(lab.get());
    QVERIFY(faults.kill(masterNode));
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const RedisResult nodes = execute(*replica, RespCommand{"CLUSTER", "NODES"});
            for (const QByteArray &line : nodes.value().bytes().split('\n'))
                if (line.startsWith(masterId) && line.split(' ').value(2).split(',').contains("fail"))
                    return true;
            return false;
        }(),
        20000);
    QVERIFY(expectError(*replica, RespCommand{"CLUSTER", "FAILOVER"}, Kind::NeedsForce, "ERR"));
}

QTEST_GUILESS_MAIN(TestActionErrors)
#include "tst_actionerrors.moc"
