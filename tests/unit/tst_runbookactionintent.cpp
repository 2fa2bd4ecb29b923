// RunbookActionIntent: a runbook's action step (parameters already substituted) turned into the
// wizards' intents on a snapshot: node names resolved (id, unique prefix, host:port), modes per
// deployment kind, slot counts and ranges checked, cluster-only actions refused elsewhere.
#include "HealthTestSupport.h"
#include "runbooks/RunbookActionIntent.h"

#include <QtTest>

using namespace healthtest;

namespace {
QVariantMap params(const QStringList &pairs)
{
    QVariantMap out;
    for (const QString &p : pairs)
        out.insert(p.section(QLatin1Char('='), 0, 0), p.section(QLatin1Char('='), 1));
    return out;
}

/** The intent in a line a row can compare: "failover graceful node= preferred=10.0.0.3:6379", ... */
QString summary(const RunbookActionIntent &i)
{
    switch (i.kind) {
    case RunbookActionIntent::Kind::Invalid: return QStringLiteral("error: ") + i.error;
    case RunbookActionIntent::Kind::Failover:
        return QStringLiteral("failover %1 node=%2 preferred=%3")
            .arg(FailoverIntent::modeName(i.failover.mode), i.failover.node.isValid() ? i.failover.node.toString() : QString(),
                 i.failover.preferred.isValid() ? i.failover.preferred.toString() : QString());
    case RunbookActionIntent::Kind::Reshard: {
        QStringList ranges;
        for (const SlotRange &r : i.reshard.ranges)
            ranges << r.toString();
        return QStringLiteral("%1 from=%2 to=%3 slots=%4 ranges=%5 weights=%6 empty=%7")
            .arg(ReshardIntent::modeName(i.reshard.mode), i.reshard.sources.join(QLatin1Char(',')), i.reshard.target)
            .arg(i.reshard.slotCount)
            .arg(ranges.join(QLatin1Char(',')))
            .arg(i.reshard.weights.size())
            .arg(i.reshard.useEmptyMasters ? QStringLiteral("yes") : QStringLiteral("no"));
    }
    case RunbookActionIntent::Kind::Maintenance:
        return QStringLiteral("%1 node=%2 replica_of=%3 assign=%4")
            .arg(MaintenanceIntent::kindName(i.maintenance.kind), i.maintenance.node, i.maintenance.replicaOf, i.maintenance.assignEmptyTo);
    }
    return {};
}
} // namespace

class TestRunbookActionIntent : public QObject
{
    Q_OBJECT
private slots:
    void build_data();
    void build();
};

void TestRunbookActionIntent::build_data()
{
    QTest::addColumn<bool>("onCluster");
    QTest::addColumn<QString>("action");
    QTest::addColumn<QStringList>("given");
    QTest::addColumn<QString>("expected");
    QTest::newRow("sentinel failover, best replica") << false << "failover" << QStringList{} << "failover graceful node= preferred=";
    QTest::newRow("sentinel failover to a replica") << false << "failover" << words("target=10.0.0.3:6379")
                                                    << "failover graceful node= preferred=10.0.0.3:6379";
    QTest::newRow("sentinel standard, by master name") << false << "failover" << words("mode=standard,master=mymaster")
                                                       << "failover standard node= preferred=";
    QTest::newRow("sentinel: another master's name") << false << "failover" << words("master=other")
                                                     << "error: failover master 'other': this deployment's master is 'mymaster' at 10.0.0.1:6379";
    QTest::newRow("sentinel: no takeover") << false << "failover" << words("mode=takeover")
                                           << "error: failover mode 'takeover' is not one of graceful, standard on a sentinel deployment";
    QTest::newRow("target is the master") << false << "failover" << words("target=10.0.0.1:6379")
                                          << "error: failover target 10.0.0.1:6379 is not a replica";
    QTest::newRow("cluster failover of a master by id") << true << "failover" << words("master=m1")
                                                        << "failover standard node=10.0.1.2:7000 preferred=";
    QTest::newRow("cluster: a replica named as master promotes it") << true << "failover" << words("master=10.0.2.2:7000,mode=force")
                                                                    << "failover force node=10.0.1.2:7000 preferred=10.0.2.2:7000";
    QTest::newRow("cluster: target alone names the shard") << true << "failover" << words("target=r2-0")
                                                           << "failover standard node=10.0.1.3:7000 preferred=10.0.2.3:7000";
    QTest::newRow("cluster: which shard?") << true << "failover" << QStringList{}
                                           << "error: failover on a cluster needs 'master' (or 'target'): which shard";
    QTest::newRow("cluster: unknown node") << true << "failover" << words("master=10.9.9.9:1")
                                           << "error: failover master: no node is '10.9.9.9:1' (a node id, a unique id prefix or host:port)";
    QTest::newRow("cluster: graceful is Sentinel's") << true << "failover" << words("mode=graceful")
                                                     << "error: failover mode 'graceful' is not one of standard, force, takeover on a cluster deployment";
    QTest::newRow("reshard by count") << true << "reshard" << words("from=m0,to=m1,slots=100")
                                      << "move from=m0 to=m1 slots=100 ranges= weights=0 empty=no";
    QTest::newRow("reshard two sources, ranges") << true << "reshard" << QStringList{QStringLiteral("from=m0, m2"), QStringLiteral("to=m1"), QStringLiteral("ranges=0-99, 200")}
                                                 << "move from=m0,m2 to=m1 slots=0 ranges=0-99,200 weights=0 empty=no";
    QTest::newRow("reshard both count and ranges") << true << "reshard" << words("from=m0,to=m1,slots=5,ranges=1-2")
                                                   << "error: reshard needs exactly one of 'slots' and 'ranges'";
    QTest::newRow("reshard bad range") << true << "reshard" << words("from=m0,to=m1,ranges=100-16384")
                                       << "error: reshard ranges: '100-16384' is not A-B with 0 <= A <= B <= 16383";
    QTest::newRow("reshard no target") << true << "reshard" << words("from=m0,slots=5") << "error: reshard needs 'from' and 'to'";
    QTest::newRow("rebalance") << true << "rebalance" << QStringList{QStringLiteral("weights=m0=2,m1=0"), QStringLiteral("use_empty_masters=true")}
                               << "rebalance from= to= slots=0 ranges= weights=2 empty=yes";
    QTest::newRow("rebalance bad weight") << true << "rebalance" << QStringList{QStringLiteral("weights=m0=-1")}
                                          << "error: rebalance weight 'm0=-1': use NODE=W with W >= 0";
    QTest::newRow("drain") << true << "drain" << words("node=m2") << "drain from=m2 to= slots=0 ranges= weights=0 empty=no";
    QTest::newRow("fix") << true << "fix" << QStringList{} << "cluster-fix node= replica_of= assign=";
    QTest::newRow("add a replica") << true << "add-node" << words("node=10.0.5.1:7000,replica_of=m0")
                                   << "add-node node=10.0.5.1:7000 replica_of=m0 assign=";
    QTest::newRow("remove needs a node") << true << "remove-node" << QStringList{} << "error: remove-node needs 'node'";
    QTest::newRow("reshard on sentinel") << false << "reshard" << words("from=a,to=b,slots=1") << "error: reshard needs a Redis Cluster";
    QTest::newRow("fix on sentinel") << false << "fix" << QStringList{} << "error: fix needs a Redis Cluster";
}

void TestRunbookActionIntent::build()
{
    QFETCH(bool, onCluster);
    QFETCH(QString, action);
    QFETCH(QStringList, given);
    QFETCH(QString, expected);
    const TopologySnapshot s = onCluster ? cluster() : sentinelDeployment();
    QCOMPARE(summary(RunbookActionIntent::build(action, params(given), s)), expected);
}

QTEST_APPLESS_MAIN(TestRunbookActionIntent)
#include "tst_runbookactionintent.moc"
