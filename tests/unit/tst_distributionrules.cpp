// cluster.key-skew (INFO keys per master against its share of the slots, at and around the 50 %
// tolerance and the 1000-key floor) and cluster.hot-slots (the per-slot census in HealthContext:
// even, one hash-tag funnel, none taken, failed, incomplete).
#include "HealthTestSupport.h"

#include <QTest>

using namespace healthtest;

class TestDistributionRules : public QObject
{
    Q_OBJECT
private slots:
    void keySkew_data();
    void keySkew();
    void keySkewEvidence();
    void hotSlots_data();
    void hotSlots();
    void hotSlotsEvidence();
    void notAppliedToOtherKinds();
};

void TestDistributionRules::keySkew_data()
{
    QTest::addColumn<QList<qint64>>("keys"); // masters m0, m1, m2 (5461 / 5461 / 5462 slots)
    QTest::addColumn<QString>("expected");
    QTest::newRow("even") << QList<qint64>{100000, 100000, 100000} << "pass";
    QTest::newRow("29 % over: within 50 %") << QList<qint64>{150000, 100000, 100000} << "pass";
    QTest::newRow("80 % over on m0") << QList<qint64>{300000, 100000, 100000} << "fire:warning";
    QTest::newRow("m2 nearly empty") << QList<qint64>{100000, 100000, 1000} << "fire:warning";
    QTest::newRow("small but beyond the floor") << QList<qint64>{3000, 10, 10} << "fire:warning";
    QTest::newRow("skewed under the 1000-key floor") << QList<qint64>{1500, 10, 10} << "pass";
    QTest::newRow("empty cluster") << QList<qint64>{0, 0, 0} << "pass";
    QTest::newRow("m1 keyspace not read") << QList<qint64>{100000, -1, 100000} << "unknown";
}

void TestDistributionRules::keySkew()
{
    QFETCH(QList<qint64>, keys);
    QFETCH(QString, expected);
    TopologySnapshot s = cluster(3, 1);
    for (int i = 0; i < 3; ++i)
        nodeById(s, QStringLiteral("m%1").arg(i)).keys = keys[i];
    QCOMPARE(outcome(s, QStringLiteral("cluster.key-skew")), expected);
}

void TestDistributionRules::keySkewEvidence()
{
    TopologySnapshot s = cluster(3, 1);
    nodeById(s, QStringLiteral("m0")).keys = 300000;
    nodeById(s, QStringLiteral("m1")).keys = 100000;
    nodeById(s, QStringLiteral("m2")).keys = 100000;
    const HealthFinding f = HealthChecker().check(s).ofRule(QStringLiteral("cluster.key-skew")).first();
    QCOMPARE(f.nodes, QStringList{QStringLiteral("m0")});
    QVERIFY2(f.summary.contains(QLatin1String("10.0.1.1:7000 300000 keys, 166656 expected for its 5461 slots")), qPrintable(f.summary));
    QCOMPARE(f.evidenceText(), QStringLiteral("10.0.1.1:7000=300000 keys / 166656 expected, keys=500000, tolerance=50 %"));
}

void TestDistributionRules::hotSlots_data()
{
    QTest::addColumn<QString>("census"); // even, funnel, none, problem, incomplete
    QTest::addColumn<QString>("expected");
    QTest::newRow("even: 10 keys a slot") << "even" << "pass";
    QTest::newRow("a hash tag funnels 50000 keys into slot 42") << "funnel" << "fire:warning";
    QTest::newRow("just under 8 x the mean") << "under" << "pass";
    QTest::newRow("no census taken yet") << "none" << "unknown";
    QTest::newRow("the census could not run") << "problem" << "unknown";
    QTest::newRow("a master failed, nothing hot elsewhere") << "incomplete" << "unknown";
}

void TestDistributionRules::hotSlots()
{
    QFETCH(QString, census);
    QFETCH(QString, expected);
    const TopologySnapshot s = cluster(3, 1);
    HealthContext c;
    if (census == QLatin1String("even"))
        c.keyCensus = evenCensus(s);
    else if (census == QLatin1String("funnel"))
        c.keyCensus = evenCensus(s, 10, {{42, 50000}});
    else if (census == QLatin1String("under"))
        c.keyCensus = evenCensus(s, 100, {{42, 790}}); // mean ~100.04: 8 x is ~800
    else if (census == QLatin1String("problem"))
        c.keyCensus = std::make_shared<const SlotKeyCounts>(QStringLiteral("the deployment is no longer watched"));
    else if (census == QLatin1String("incomplete")) {
        auto counts = std::make_shared<SlotKeyCounts>(SlotRange{0, kSlotCount - 1}, s.slotMap, 1);
        for (int slot = 0; slot < kSlotCount / 3; ++slot)
            counts->setCount(slot, 10);
        SlotKeyCounts::Master failed;
        failed.nodeId = QStringLiteral("m1");
        failed.error = RedisError(RedisError::Kind::Timeout, Endpoint{QStringLiteral("10.0.1.2"), 7000}, QStringLiteral("timed out"));
        counts->addMaster(failed);
        counts->finish();
        c.keyCensus = counts;
    }
    if (c.keyCensus)
        c.keyCensusProblem.clear();
    QCOMPARE(outcome(s, QStringLiteral("cluster.hot-slots"), {}, c), expected);
}

void TestDistributionRules::hotSlotsEvidence()
{
    const TopologySnapshot s = cluster(3, 1);
    HealthContext c;
    c.keyCensus = evenCensus(s, 10, {{42, 50000}, {9000, 20000}});
    const HealthFinding f = HealthChecker().check(s, c).ofRule(QStringLiteral("cluster.hot-slots")).first();
    QVERIFY(f.fires());
    QCOMPARE(f.nodes, (QStringList{QStringLiteral("m0"), QStringLiteral("m1")}));
    QVERIFY2(f.summary.startsWith(QLatin1String("2 hot slot(s) hold ")), qPrintable(f.summary));
    QVERIFY2(f.evidenceText().contains(QLatin1String("slots=42:50000 9000:20000")), qPrintable(f.evidenceText()));
    QVERIFY(f.fix.contains(QLatin1String("hash tag")));
    // None yet: the reason is the context's.
    HealthContext none;
    none.keyCensusProblem = QStringLiteral("per-slot key counts not taken yet");
    QCOMPARE(HealthChecker().check(s, none).ofRule(QStringLiteral("cluster.hot-slots")).first().summary, none.keyCensusProblem);
}

void TestDistributionRules::notAppliedToOtherKinds()
{
    QCOMPARE(outcome(sentinelDeployment(), QStringLiteral("cluster.key-skew")), QStringLiteral("n/a"));
    QCOMPARE(outcome(standalone(), QStringLiteral("cluster.hot-slots")), QStringLiteral("n/a"));
}

QTEST_APPLESS_MAIN(TestDistributionRules)
#include "tst_distributionrules.moc"
