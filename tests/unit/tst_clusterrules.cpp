// The cluster.* health rules on synthetic cluster snapshots: state, coverage (one slot missing),
// open slots (both halves / one half), node flags, slot balance at and beyond 20 %.
#include "HealthTestSupport.h"

#include <QTest>

using namespace healthtest;

class TestClusterRules : public QObject
{
    Q_OBJECT
private slots:
    void soundClusterPasses();
    void state_data();
    void state();
    void coverage_data();
    void coverage();
    void openSlots_data();
    void openSlots();
    void nodeState_data();
    void nodeState();
    void slotBalance_data();
    void slotBalance();
    void nodeTimeout_data();
    void nodeTimeout();
    void fullCoverage_data();
    void fullCoverage();
};

void TestClusterRules::soundClusterPasses()
{
    const HealthReport report = HealthChecker().check(cluster());
    for (const HealthFinding &f : report.findings)
        QVERIFY2(f.status == HealthFinding::Status::Pass, qPrintable(f.ruleId + QStringLiteral(": ") + f.summary));
    QCOMPARE(report.ofRule(QStringLiteral("cluster.coverage")).size(), 1);
    QCOMPARE(outcome(sentinelDeployment(), QStringLiteral("cluster.state")), QStringLiteral("n/a"));
}

void TestClusterRules::state_data()
{
    QTest::addColumn<QByteArray>("state");
    QTest::addColumn<QString>("expected");
    QTest::newRow("ok") << QByteArray("ok") << "pass";
    QTest::newRow("fail") << QByteArray("fail") << "fire:critical";
    QTest::newRow("not read") << QByteArray() << "unknown";
}

void TestClusterRules::state()
{
    QFETCH(QByteArray, state);
    QFETCH(QString, expected);
    TopologySnapshot s = cluster();
    s.clusterState = state;
    QCOMPARE(outcome(s, QStringLiteral("cluster.state")), expected);
}

void TestClusterRules::coverage_data()
{
    QTest::addColumn<int>("firstUncovered"); // -1: none
    QTest::addColumn<int>("lastUncovered");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("ranges");
    QTest::newRow("covered") << -1 << -1 << "pass" << "";
    QTest::newRow("one slot") << 0 << 0 << "fire:critical" << "0";
    QTest::newRow("the last slot") << 16383 << 16383 << "fire:critical" << "16383";
    QTest::newRow("a range") << 100 << 199 << "fire:critical" << "100-199";
}

void TestClusterRules::coverage()
{
    QFETCH(int, firstUncovered);
    QFETCH(int, lastUncovered);
    QFETCH(QString, expected);
    QFETCH(QString, ranges);
    TopologySnapshot s = cluster(3, 1);
    auto map = std::make_shared<SlotMap>();
    for (int slot = 0; slot < kSlotCount; ++slot)
        if (slot < firstUncovered || slot > lastUncovered)
            map->assign(SlotRange{slot, slot}, s.slotMap->ownerOf(slot));
    s.slotMap = map;
    QCOMPARE(outcome(s, QStringLiteral("cluster.coverage")), expected);
    if (!ranges.isEmpty()) {
        const HealthFinding f = HealthChecker().check(s).ofRule(QStringLiteral("cluster.coverage")).first();
        QCOMPARE(f.evidence.last(), (QPair<QString, QString>{QStringLiteral("ranges"), ranges}));
    }
    s.slotMap.reset();
    QCOMPARE(outcome(s, QStringLiteral("cluster.coverage")), QStringLiteral("unknown"));
}

void TestClusterRules::openSlots_data()
{
    QTest::addColumn<bool>("migrating");
    QTest::addColumn<bool>("importing");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("halfOpen");
    QTest::newRow("none") << false << false << "pass" << "";
    QTest::newRow("both halves") << true << true << "fire:warning" << "0";
    QTest::newRow("migrating only") << true << false << "fire:warning" << "1";
    QTest::newRow("importing only") << false << true << "fire:warning" << "1";
}

void TestClusterRules::openSlots()
{
    QFETCH(bool, migrating);
    QFETCH(bool, importing);
    QFETCH(QString, expected);
    QFETCH(QString, halfOpen);
    TopologySnapshot s = cluster(3, 1);
    auto map = std::make_shared<SlotMap>(*s.slotMap);
    if (migrating)
        map->setMigrating(42, QStringLiteral("m0"), QStringLiteral("m1"));
    if (importing)
        map->setImporting(42, QStringLiteral("m1"), QStringLiteral("m0"));
    s.slotMap = map;
    QCOMPARE(outcome(s, QStringLiteral("cluster.open-slots")), expected);
    if (!halfOpen.isEmpty()) {
        const HealthFinding f = HealthChecker().check(s).ofRule(QStringLiteral("cluster.open-slots")).first();
        QVERIFY2(f.evidenceText().contains(QStringLiteral("halfOpen=") + halfOpen), qPrintable(f.evidenceText()));
        QVERIFY(f.nodes.contains(QStringLiteral("m0")) && f.nodes.contains(QStringLiteral("m1")));
    }
}

void TestClusterRules::nodeState_data()
{
    QTest::addColumn<int>("flags");
    QTest::addColumn<QString>("expected");
    QTest::newRow("healthy") << 0 << "pass";
    QTest::newRow("fail") << int(Node::Fail) << "fire:critical";
    QTest::newRow("pfail") << int(Node::PFail) << "fire:warning";
    QTest::newRow("handshake") << int(Node::Handshake) << "fire:warning";
    QTest::newRow("noaddr") << int(Node::NoAddr) << "fire:warning";
    QTest::newRow("stale only: our polling, not the cluster") << int(Node::Stale) << "pass";
}

void TestClusterRules::nodeState()
{
    QFETCH(int, flags);
    QFETCH(QString, expected);
    TopologySnapshot s = cluster(3, 1);
    nodeById(s, QStringLiteral("r1-0")).flags = quint16(flags);
    QCOMPARE(outcome(s, QStringLiteral("cluster.node-state")), expected);
}

void TestClusterRules::slotBalance_data()
{
    QTest::addColumn<QList<int>>("slotCounts"); // per master
    QTest::addColumn<QString>("expected");
    QTest::newRow("even") << QList<int>{5461, 5462, 5461} << "pass";
    QTest::newRow("20 % over and under: at the threshold") << QList<int>{6000, 4000, 5000} << "pass";
    QTest::newRow("beyond 20 %") << QList<int>{6001, 3999, 5000} << "fire:info,fire:info";
    QTest::newRow("one master") << QList<int>{16384} << "pass";
}

void TestClusterRules::slotBalance()
{
    QFETCH(QList<int>, slotCounts);
    QFETCH(QString, expected);
    TopologySnapshot s = cluster(int(slotCounts.size()), 1);
    int i = 0;
    for (Node &n : s.nodes)
        if (n.isMaster())
            n.slotCount = slotCounts.at(i++);
    QCOMPARE(outcome(s, QStringLiteral("cluster.slot-balance")), expected);
}

void TestClusterRules::nodeTimeout_data()
{
    QTest::addColumn<QStringList>("values"); // per node, masters then replicas; "-": not read
    QTest::addColumn<QString>("expected");
    QTest::newRow("15000 everywhere") << words("15000,15000,15000,15000") << "pass";
    QTest::newRow("1000: at the lower bound") << words("1000,1000,1000,1000") << "pass";
    QTest::newRow("999 everywhere") << words("999,999,999,999") << "fire:warning";
    QTest::newRow("60000: at the upper bound") << words("60000,60000,60000,60000") << "pass";
    QTest::newRow("60001 everywhere") << words("60001,60001,60001,60001") << "fire:info";
    QTest::newRow("one node differs") << words("15000,15000,20000,15000") << "fire:warning";
    QTest::newRow("one node differs and is too low") << words("15000,500,15000,15000") << "fire:warning,fire:warning";
    QTest::newRow("one node not read") << words("15000,-,15000,15000") << "unknown";
}

void TestClusterRules::nodeTimeout()
{
    QFETCH(QStringList, values);
    QFETCH(QString, expected);
    TopologySnapshot s = cluster(2, 1);
    QCOMPARE(s.nodes.size(), values.size());
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (values.at(i) == QLatin1String("-"))
            s.nodes[i].config.values.remove("cluster-node-timeout");
        else
            s.nodes[i].config.values.insert("cluster-node-timeout", values.at(i).toLatin1());
    }
    QCOMPARE(outcome(s, QStringLiteral("cluster.node-timeout")), expected);
}

void TestClusterRules::fullCoverage_data()
{
    QTest::addColumn<int>("replicas"); // per master
    QTest::addColumn<QStringList>("values"); // per node in order; a shorter list repeats its last value
    QTest::addColumn<QString>("expected");
    QTest::newRow("yes, every master has a replica") << 1 << words("yes") << "pass";
    QTest::newRow("no, every master has a replica") << 1 << words("no") << "pass";
    QTest::newRow("yes, no replicas: each master stops it all") << 0 << words("yes") << "fire:warning,fire:warning,fire:warning";
    QTest::newRow("no, no replicas") << 0 << words("no") << "pass";
    QTest::newRow("mixed") << 1 << words("yes,no,yes") << "fire:warning";
    QTest::newRow("upper case is the same value") << 1 << words("yes,YES") << "pass";
}

void TestClusterRules::fullCoverage()
{
    QFETCH(int, replicas);
    QFETCH(QStringList, values);
    QFETCH(QString, expected);
    TopologySnapshot s = cluster(3, replicas);
    for (qsizetype i = 0; i < s.nodes.size(); ++i)
        s.nodes[i].config.values.insert("cluster-require-full-coverage", values.at(std::min(i, values.size() - 1)).toLatin1());
    QCOMPARE(outcome(s, QStringLiteral("cluster.full-coverage")), expected);
}

QTEST_APPLESS_MAIN(TestClusterRules)
#include "tst_clusterrules.moc"
