// The sentinel.* health rules on synthetic Sentinel snapshots: a sound deployment broken in one
// place per row, boundaries included (count 2/3/4, quorum at, above and below the majority).
#include "HealthTestSupport.h"

#include <QTest>

using namespace healthtest;

class TestSentinelRules : public QObject
{
    Q_OBJECT
private slots:
    void soundDeploymentPasses();
    void count_data();
    void count();
    void quorum_data();
    void quorum();
    void quorumEvidence();
    void agreement_data();
    void agreement();
    void ckQuorum_data();
    void ckQuorum();
    void tilt_data();
    void tilt();
    void parallelSyncs_data();
    void parallelSyncs();
    void downAfter_data();
    void downAfter();
    void downAfterLatency_data();
    void downAfterLatency();
    void downAfterLatencyEvidence();
    void notAppliedToOtherKinds();
};

void TestSentinelRules::soundDeploymentPasses()
{
    const HealthReport report = HealthChecker(soundThresholds()).check(sentinelDeployment(), soundContext(sentinelDeployment()));
    for (const HealthFinding &f : report.findings)
        QVERIFY2(f.status == HealthFinding::Status::Pass, qPrintable(f.ruleId + QStringLiteral(": ") + f.summary));
    QVERIFY(!report.ofRule(QStringLiteral("sentinel.quorum")).isEmpty());
}

void TestSentinelRules::count_data()
{
    QTest::addColumn<int>("sentinels");
    QTest::addColumn<QString>("expected");
    QTest::newRow("none known") << 0 << "unknown";
    QTest::newRow("1") << 1 << "fire:critical";
    QTest::newRow("2: below the minimum") << 2 << "fire:critical";
    QTest::newRow("3: the minimum") << 3 << "pass";
    QTest::newRow("4: even") << 4 << "fire:warning";
    QTest::newRow("5") << 5 << "pass";
    QTest::newRow("6: even") << 6 << "fire:warning";
}

void TestSentinelRules::count()
{
    QFETCH(int, sentinels);
    QFETCH(QString, expected);
    QCOMPARE(outcome(sentinelDeployment(sentinels, 2, sentinels / 2 + 1), QStringLiteral("sentinel.count")), expected);
}

void TestSentinelRules::quorum_data()
{
    QTest::addColumn<int>("sentinels");
    QTest::addColumn<int>("quorum");
    QTest::addColumn<QString>("expected");
    QTest::newRow("3 / 2: the majority") << 3 << 2 << "pass";
    QTest::newRow("3 / 1: below") << 3 << 1 << "fire:warning";
    QTest::newRow("3 / 3: above, one down blocks") << 3 << 3 << "fire:warning";
    QTest::newRow("3 / 4: above the count") << 3 << 4 << "fire:critical";
    QTest::newRow("5 / 3: the majority") << 5 << 3 << "pass";
    QTest::newRow("5 / 2: below") << 5 << 2 << "fire:warning";
    QTest::newRow("5 / 4: above") << 5 << 4 << "fire:warning";
    QTest::newRow("5 / 5: equal to the count") << 5 << 5 << "fire:warning";
    QTest::newRow("5 / 6: above the count") << 5 << 6 << "fire:critical";
    QTest::newRow("4 / 3: the majority of 4") << 4 << 3 << "pass";
}

void TestSentinelRules::quorum()
{
    QFETCH(int, sentinels);
    QFETCH(int, quorum);
    QFETCH(QString, expected);
    QCOMPARE(outcome(sentinelDeployment(sentinels, 2, quorum), QStringLiteral("sentinel.quorum")), expected);
}

void TestSentinelRules::quorumEvidence()
{
    TopologySnapshot s = sentinelDeployment(3, 2, 2);
    s.sentinels[2].config.values.insert("quorum", "3"); // one sentinel configured differently
    const QList<HealthFinding> found = HealthChecker().check(s).ofRule(QStringLiteral("sentinel.quorum"));
    QCOMPARE(found.size(), 1);
    QCOMPARE(found.first().nodes, QStringList{s.sentinels[2].id});
    QCOMPARE(found.first().evidenceText(), QStringLiteral("quorum=3, sentinels=3, majority=2"));
    QVERIFY(found.first().fix.contains(QStringLiteral("SENTINEL SET mymaster quorum 2")));

    for (Node &n : s.sentinels)
        n.config = {};
    QCOMPARE(outcome(s, QStringLiteral("sentinel.quorum")), QStringLiteral("unknown"));
}

void TestSentinelRules::agreement_data()
{
    QTest::addColumn<bool>("masterViewsDiffer");
    QTest::addColumn<QStringList>("epochs");
    QTest::addColumn<QString>("expected");
    QTest::newRow("agree") << false << words("3,3,3") << "pass";
    QTest::newRow("an epoch behind") << false << words("3,2,3") << "fire:warning";
    QTest::newRow("masters differ") << true << words("3,3,3") << "fire:critical";
    QTest::newRow("both") << true << words("4,3,3") << "fire:critical,fire:warning";
}

void TestSentinelRules::agreement()
{
    QFETCH(bool, masterViewsDiffer);
    QFETCH(QStringList, epochs);
    QFETCH(QString, expected);
    TopologySnapshot s = sentinelDeployment(3);
    for (int i = 0; i < 3; ++i)
        s.sentinels[i].config.values.insert("config-epoch", epochs.at(i).toUtf8());
    if (masterViewsDiffer)
        s.sentinelMasterViews = {{s.sentinels[0].id, QStringLiteral("10.0.0.1:6379")},
                                 {s.sentinels[1].id, QStringLiteral("10.0.0.1:6379")},
                                 {s.sentinels[2].id, QStringLiteral("10.0.0.2:6379")}};
    QCOMPARE(outcome(s, QStringLiteral("sentinel.agreement")), expected);
}

void TestSentinelRules::ckQuorum_data()
{
    QTest::addColumn<QStringList>("ok"); // per sentinel: "1", "0", or "" (not read)
    QTest::addColumn<QString>("expected");
    QTest::newRow("all ok") << words("1,1,1") << "pass";
    QTest::newRow("one fails") << words("1,0,1") << "fire:critical";
    QTest::newRow("two fail") << words("0,0,1") << "fire:critical,fire:critical";
    QTest::newRow("one read, ok") << words(",1,") << "pass";
    QTest::newRow("none read") << words(",,") << "unknown";
}

void TestSentinelRules::ckQuorum()
{
    QFETCH(QStringList, ok);
    QFETCH(QString, expected);
    TopologySnapshot s = sentinelDeployment(3);
    for (int i = 0; i < 3; ++i) {
        if (ok.at(i).isEmpty()) {
            s.sentinels[i].config.values.remove("ckquorum-ok");
        } else {
            s.sentinels[i].config.values.insert("ckquorum-ok", ok.at(i).toUtf8());
            if (ok.at(i) == QLatin1String("0"))
                s.sentinels[i].config.values.insert("ckquorum", "NOQUORUM 1 usable Sentinels");
        }
    }
    QCOMPARE(outcome(s, QStringLiteral("sentinel.ckquorum")), expected);
}

void TestSentinelRules::tilt_data()
{
    QTest::addColumn<QStringList>("tilt");
    QTest::addColumn<QString>("expected");
    QTest::newRow("none") << words("0,0,0") << "pass";
    QTest::newRow("one in TILT") << words("0,1,0") << "fire:warning";
    QTest::newRow("not read") << words(",,") << "unknown";
}

void TestSentinelRules::tilt()
{
    QFETCH(QStringList, tilt);
    QFETCH(QString, expected);
    TopologySnapshot s = sentinelDeployment(3);
    for (int i = 0; i < 3; ++i) {
        if (tilt.at(i).isEmpty())
            s.sentinels[i].config.values.remove("sentinel_tilt");
        else
            s.sentinels[i].config.values.insert("sentinel_tilt", tilt.at(i).toUtf8());
    }
    QCOMPARE(outcome(s, QStringLiteral("sentinel.tilt")), expected);
}

void TestSentinelRules::parallelSyncs_data()
{
    QTest::addColumn<int>("replicas");
    QTest::addColumn<int>("parallelSyncs");
    QTest::addColumn<QString>("expected");
    QTest::newRow("1 replica, 1") << 1 << 1 << "pass";
    QTest::newRow("2 replicas, 1") << 2 << 1 << "pass";
    QTest::newRow("2 replicas, 2: all at once") << 2 << 2 << "fire:warning";
    QTest::newRow("3 replicas, 2") << 3 << 2 << "pass";
    QTest::newRow("3 replicas, 3") << 3 << 3 << "fire:warning";
    QTest::newRow("3 replicas, 10") << 3 << 10 << "fire:warning";
}

void TestSentinelRules::parallelSyncs()
{
    QFETCH(int, replicas);
    QFETCH(int, parallelSyncs);
    QFETCH(QString, expected);
    TopologySnapshot s = sentinelDeployment(3, replicas);
    for (Node &n : s.sentinels)
        n.config.values.insert("parallel-syncs", QByteArray::number(parallelSyncs));
    QCOMPARE(outcome(s, QStringLiteral("sentinel.parallel-syncs")), expected);
}

void TestSentinelRules::downAfter_data()
{
    QTest::addColumn<QByteArray>("downAfterMs");
    QTest::addColumn<QByteArray>("failoverTimeoutMs");
    QTest::addColumn<QString>("downAfterOutcome");
    QTest::addColumn<QString>("timeoutOutcome");
    QTest::newRow("5 s / 60 s: sound") << QByteArray("5000") << QByteArray("60000") << "pass" << "pass";
    QTest::newRow("1 s, the lower bound / 2 s, twice") << QByteArray("1000") << QByteArray("2000") << "pass" << "pass";
    QTest::newRow("999 ms: pauses fail over") << QByteArray("999") << QByteArray("60000") << "fire:warning" << "pass";
    QTest::newRow("60 s, the upper bound") << QByteArray("60000") << QByteArray("180000") << "pass" << "pass";
    QTest::newRow("61 s: a minute of failed writes") << QByteArray("61000") << QByteArray("180000") << "fire:warning" << "pass";
    QTest::newRow("timeout just under twice") << QByteArray("5000") << QByteArray("9999") << "pass" << "fire:warning";
    QTest::newRow("timeout under down-after") << QByteArray("30000") << QByteArray("10000") << "pass" << "fire:warning";
    QTest::newRow("not reported") << QByteArray() << QByteArray() << "unknown" << "unknown";
}

void TestSentinelRules::downAfter()
{
    QFETCH(QByteArray, downAfterMs);
    QFETCH(QByteArray, failoverTimeoutMs);
    QFETCH(QString, downAfterOutcome);
    QFETCH(QString, timeoutOutcome);
    TopologySnapshot s = sentinelDeployment();
    for (Node &n : s.sentinels) {
        n.config.values.remove("down-after-milliseconds");
        n.config.values.remove("failover-timeout");
        if (!downAfterMs.isEmpty())
            n.config.values.insert("down-after-milliseconds", downAfterMs);
        if (!failoverTimeoutMs.isEmpty())
            n.config.values.insert("failover-timeout", failoverTimeoutMs);
    }
    // One finding per sentinel that is off (3 sentinels, all set alike).
    const auto expected = [](const QString &one) {
        return one.startsWith(QLatin1String("fire")) ? QStringList{one, one, one}.join(QLatin1Char(',')) : one;
    };
    QCOMPARE(outcome(s, QStringLiteral("sentinel.down-after")), expected(downAfterOutcome));
    QCOMPARE(outcome(s, QStringLiteral("sentinel.failover-timeout")), expected(timeoutOutcome));
}

void TestSentinelRules::downAfterLatency_data()
{
    QTest::addColumn<QByteArray>("downAfterMs");
    QTest::addColumn<qint64>("worstUs");   // on the slowest replica; -1: nothing measured anywhere
    QTest::addColumn<double>("factor");
    QTest::addColumn<QString>("expected");
    QTest::newRow("5 s, 2 ms worst: sound") << QByteArray("5000") << qint64(2000) << 10.0 << "pass";
    QTest::newRow("exactly 10 x the worst") << QByteArray("1000") << qint64(100000) << 10.0 << "pass";
    QTest::newRow("just under 10 x the worst") << QByteArray("999") << qint64(100000) << 10.0 << "fire:warning";
    QTest::newRow("1 s against a 300 ms round trip") << QByteArray("1000") << qint64(300000) << 10.0 << "fire:warning";
    QTest::newRow("factor raised by the operator") << QByteArray("5000") << qint64(2000) << 5000.0 << "fire:warning";
    QTest::newRow("30 s, Redis's default, on a LAN") << QByteArray("30000") << qint64(2000) << 10.0 << "pass";
    QTest::newRow("60 s, 30000 round trips: info") << QByteArray("60000") << qint64(2000) << 10.0 << "fire:info";
    QTest::newRow("60 s over a slow WAN: silent") << QByteArray("60000") << qint64(200000) << 10.0 << "pass";
    QTest::newRow("no round trip measured") << QByteArray("5000") << qint64(-1) << 10.0 << "unknown";
    QTest::newRow("down-after not reported") << QByteArray() << qint64(2000) << 10.0 << "unknown";
}

void TestSentinelRules::downAfterLatency()
{
    QFETCH(QByteArray, downAfterMs);
    QFETCH(qint64, worstUs);
    QFETCH(double, factor);
    QFETCH(QString, expected);
    TopologySnapshot s = sentinelDeployment();
    for (Node &n : s.nodes) {
        if (worstUs < 0) {
            n.roundTripMaxUs = n.roundTripP99Us = -1;
            n.roundTripSamples = 0;
        }
    }
    if (worstUs >= 0)
        s.nodes.last().roundTripMaxUs = worstUs;
    for (Node &n : s.sentinels) {
        n.config.values.remove("down-after-milliseconds");
        if (!downAfterMs.isEmpty())
            n.config.values.insert("down-after-milliseconds", downAfterMs);
    }
    HealthThresholds t;
    t.downAfterLatencyFactor = factor;
    // One finding per distinct down-after value (all three sentinels alike).
    QCOMPARE(outcome(s, QStringLiteral("sentinel.down-after-latency"), t), expected);
}

void TestSentinelRules::downAfterLatencyEvidence()
{
    TopologySnapshot s = sentinelDeployment();
    s.nodes[1].roundTripMaxUs = 250'500; // 250.5 ms on the first replica
    s.nodes[1].roundTripP99Us = 200'000;
    s.nodes[1].roundTripSamples = 40;
    for (Node &n : s.sentinels)
        n.config.values.insert("down-after-milliseconds", "2000");
    const HealthReport report = HealthChecker().check(s);
    const HealthFinding *f = nullptr;
    for (const HealthFinding &x : report.findings)
        if (x.ruleId == QLatin1String("sentinel.down-after-latency"))
            f = &x;
    QVERIFY(f != nullptr);
    QVERIFY(f->fires());
    QCOMPARE(f->evidenceText(), QStringLiteral("down-after-milliseconds=2000, worst-round-trip=250.500 ms, p99-round-trip=200.000 ms, "
                                               "samples=40, slowest-node=10.0.0.2:6379"));
    QVERIFY2(f->fix.contains(QLatin1String("down-after-milliseconds 6000")), qPrintable(f->fix));
    QVERIFY(f->nodes.contains(QStringLiteral("10.0.0.2:6379")));
    QVERIFY(f->nodes.contains(s.sentinels.first().id));

    // Nothing timed yet: unknown, and it says why per node.
    for (Node &n : s.nodes) {
        n.roundTripSamples = 0;
        n.lastError = QStringLiteral("connection refused");
    }
    const HealthReport unknown = HealthChecker().check(s);
    for (const HealthFinding &x : unknown.findings)
        if (x.ruleId == QLatin1String("sentinel.down-after-latency"))
            QVERIFY2(x.summary.contains(QLatin1String("10.0.0.1:6379 (connection refused)")), qPrintable(x.summary));
}

void TestSentinelRules::notAppliedToOtherKinds()
{
    QCOMPARE(outcome(cluster(), QStringLiteral("sentinel.count")), QStringLiteral("n/a"));
    QCOMPARE(outcome(standalone(), QStringLiteral("sentinel.quorum")), QStringLiteral("n/a"));
}

QTEST_APPLESS_MAIN(TestSentinelRules)
#include "tst_sentinelrules.moc"
