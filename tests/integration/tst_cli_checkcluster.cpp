// `redis-ops check` against a cluster lab without replicas broken on purpose: every master
// without a replica (as started), 3,000 slots without an owner on every node (CLUSTER
// DELSLOTSRANGE), the same slots given to another master (an uneven distribution), and a master
// stopped (SIGSTOP) past cluster-node-timeout, flagged failed with its slots lost. Each rule fires
// with its evidence, then the lab is repaired and it passes again; a scope guard puts the slots
// back if the test fails midway. No fixed sleeps: conditions are waited for with QTRY.
#include "CheckRun.h"
#include "LabFixture.h"
#include "lab/FaultInjector.h"

#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace ops;
using labtest::on;

class TestCliCheckCluster : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void clusterCoverageBalanceAndFailedMaster();

private:
    CheckRun check(const QStringList &args, int waitMs = 90000);

    std::unique_ptr<LocalLab> m_cluster;
    QTemporaryDir m_home;
};

void TestCliCheckCluster::initTestCase()
{
    QVERIFY(m_home.isValid());
}

void TestCliCheckCluster::cleanupTestCase()
{
    const QList<qint64> left = labtest::stopLabs({&m_cluster});
    QVERIFY2(left.isEmpty(), qPrintable(QStringLiteral("still running: %1").arg(left.size())));
}

CheckRun TestCliCheckCluster::check(const QStringList &args, int waitMs)
{
    return CheckRun::of(QStringLiteral(REDIS_OPS_BINARY), m_home.path(), args + QStringList{QStringLiteral("--json")}, waitMs);
}

void TestCliCheckCluster::clusterCoverageBalanceAndFailedMaster()
{
    m_cluster = labtest::startedLab(LabSpec::Kind::Cluster, 0);
    QVERIFY(m_cluster);
    LocalLab &lab = *m_cluster;
    QString why;
    QVERIFY2(labtest::waitClusterSettled(lab, why), qPrintable(why));
    const QList<LabNode> masters = lab.topology().nodesWithRole(LabNode::Role::Master);
    QCOMPARE(masters.size(), 3);
    const QStringList seed{QStringLiteral("-p"), QString::number(masters.first().endpoint.port)};
    // Who owns slot 0 (and so 0-2999, the lab splits the slots in three even ranges), and another master.
    Endpoint owner, other;
    for (const LabNode &m : masters) {
        const RedisResult nodes = on(lab, m.endpoint, {"CLUSTER", "NODES"});
        QVERIFY(nodes.ok());
        for (const QByteArray &line : nodes.value().bytes().split('\n'))
            if (line.contains("myself") && line.contains(" 0-"))
                owner = m.endpoint;
    }
    QVERIFY(owner.isValid());
    other = masters.at(0).endpoint == owner ? masters.at(1).endpoint : masters.at(0).endpoint;
    auto onAll = [&](const QList<QByteArray> &argv) {
        bool ok = true;
        for (const LabNode &m : masters)
            ok = on(lab, m.endpoint, argv).ok() && ok;
        return ok;
    };
    auto assignedEverywhere = [&](const QByteArray &count) {
        for (const LabNode &m : masters)
            if (labtest::infoField(on(lab, m.endpoint, {"CLUSTER", "INFO"}), "cluster_slots_assigned") != count)
                return false;
        return true;
    };
    FaultInjector faults(&lab);
    Endpoint frozen;
    auto restore = qScopeGuard([&] {
        if (frozen.isValid())
            faults.thaw(frozen);
        onAll({"CLUSTER", "DELSLOTSRANGE", "0", "2999"});
        on(lab, owner, {"CLUSTER", "ADDSLOTSRANGE", "0", "2999"});
    });

    // As started: no master has a replica, and the cluster is a deployment that fails over.
    const CheckRun start = check(seed);
    QVERIFY2(start.outcome(QStringLiteral("replication.no-replica")) == QLatin1String("fire:critical,fire:critical,fire:critical"),
             start.describe().constData());
    for (const char *rule : {"cluster.state", "cluster.coverage", "cluster.node-state", "cluster.slot-balance"})
        QVERIFY2(start.outcome(QString::fromLatin1(rule)) == QLatin1String("pass"), (QByteArray(rule) + "\n" + start.describe()).constData());

    // 3,000 slots lose their owner on every node: the cluster refuses queries.
    QVERIFY(onAll({"CLUSTER", "DELSLOTSRANGE", "0", "2999"}));
    QTRY_VERIFY_WITH_TIMEOUT(assignedEverywhere("13384"), 30000);
    const CheckRun uncovered = check(seed);
    QVERIFY2(uncovered.outcome(QStringLiteral("cluster.coverage")) == QLatin1String("fire:critical"), uncovered.describe().constData());
    QCOMPARE(uncovered.evidence(QStringLiteral("cluster.coverage"), QStringLiteral("uncovered")), QStringLiteral("3000"));
    QCOMPARE(uncovered.evidence(QStringLiteral("cluster.coverage"), QStringLiteral("ranges")), QStringLiteral("0-2999"));
    QVERIFY2(uncovered.outcome(QStringLiteral("cluster.state")) == QLatin1String("fire:critical"), uncovered.describe().constData());
    QCOMPARE(uncovered.evidence(QStringLiteral("cluster.state"), QStringLiteral("cluster_state")), QStringLiteral("fail"));

    // Given to another master instead: covered again, but one master has far more than its share.
    QVERIFY(on(lab, other, {"CLUSTER", "ADDSLOTSRANGE", "0", "2999"}).ok());
    QVERIFY2(labtest::waitClusterSettled(lab, why), qPrintable(why));
    const CheckRun uneven = check(seed);
    QVERIFY2(uneven.outcome(QStringLiteral("cluster.slot-balance")) == QLatin1String("fire:info,fire:info"), uneven.describe().constData());
    QStringList unevenNodes; // cluster findings name nodes by id
    for (const Endpoint &ep : {owner, other})
        unevenNodes << QString::fromLatin1(on(lab, ep, {"CLUSTER", "MYID"}).value().bytes());
    unevenNodes.sort();
    QCOMPARE(uneven.nodes(QStringLiteral("cluster.slot-balance")), unevenNodes);
    QCOMPARE(uneven.outcome(QStringLiteral("cluster.coverage")), QStringLiteral("pass"));
    QCOMPARE(uneven.outcome(QStringLiteral("cluster.state")), QStringLiteral("pass"));

    // Back to the owner: balanced.
    QVERIFY(onAll({"CLUSTER", "DELSLOTSRANGE", "0", "2999"}));
    QTRY_VERIFY_WITH_TIMEOUT(assignedEverywhere("13384"), 30000);
    QVERIFY(on(lab, owner, {"CLUSTER", "ADDSLOTSRANGE", "0", "2999"}).ok());
    QVERIFY2(labtest::waitClusterSettled(lab, why), qPrintable(why));
    const CheckRun balanced = check(seed);
    QVERIFY2(balanced.outcome(QStringLiteral("cluster.slot-balance")) == QLatin1String("pass"), balanced.describe().constData());

    // A master stops answering for longer than cluster-node-timeout: the others mark it failed,
    // and with no replica to promote its slots are lost.
    frozen = masters.last().endpoint;
    QVERIFY(faults.freeze(frozen));
    QTRY_VERIFY_WITH_TIMEOUT(on(lab, masters.first().endpoint, {"CLUSTER", "NODES"}).value().bytes().contains(
                                 QByteArray(" master,fail ")) &&
                                 labtest::infoField(on(lab, masters.first().endpoint, {"CLUSTER", "INFO"}), "cluster_state") == "fail",
                             30000);
    const CheckRun failed = check(seed);
    QVERIFY2(failed.outcome(QStringLiteral("cluster.node-state")) == QLatin1String("fire:critical"), failed.describe().constData());
    QCOMPARE(failed.evidence(QStringLiteral("cluster.node-state"), QStringLiteral("flags")), QStringLiteral("fail"));
    QCOMPARE(failed.nodes(QStringLiteral("cluster.node-state")).size(), 1);
    QVERIFY2(failed.outcome(QStringLiteral("cluster.state")) == QLatin1String("fire:critical"), failed.describe().constData());

    QVERIFY(faults.thaw(frozen));
    frozen = Endpoint();
    QVERIFY2(labtest::waitClusterSettled(lab, why), qPrintable(why));
    const CheckRun recovered = check(seed);
    QVERIFY2(recovered.outcome(QStringLiteral("cluster.node-state")) == QLatin1String("pass"), recovered.describe().constData());
    QVERIFY2(recovered.outcome(QStringLiteral("cluster.state")) == QLatin1String("pass"), recovered.describe().constData());
    restore.dismiss();
}

QTEST_GUILESS_MAIN(TestCliCheckCluster)
#include "tst_cli_checkcluster.moc"
