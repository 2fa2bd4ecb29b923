// failover.client-retry-budget: the clients' stated retry budget against the recorded failover
// durations (max and p90): over, at, none stated (info with the durations), no history, no
// failover recorded; Sentinel and Cluster only.
#include "HealthTestSupport.h"

#include <QTest>

using namespace healthtest;

Q_DECLARE_METATYPE(std::optional<QList<qint64>>)

class TestFailoverRules : public QObject
{
    Q_OBJECT
private slots:
    void budget_data();
    void budget();
    void evidence();
    void notAppliedToStandalone();
};

void TestFailoverRules::budget_data()
{
    QTest::addColumn<std::optional<QList<qint64>>>("durations");
    QTest::addColumn<qint64>("budgetMs");
    QTest::addColumn<QString>("expected");
    using D = std::optional<QList<qint64>>;
    QTest::newRow("within the budget") << D(QList<qint64>{3000, 4000}) << qint64(5000) << "pass";
    QTest::newRow("the longest equals the budget") << D(QList<qint64>{3000, 4000}) << qint64(4000) << "pass";
    QTest::newRow("one ms over") << D(QList<qint64>{3000, 4001}) << qint64(4000) << "fire:warning";
    QTest::newRow("one slow outlier over a fast p90") << D(QList<qint64>{1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 20000})
                                                      << qint64(5000) << "fire:warning";
    QTest::newRow("no budget stated: info") << D(QList<qint64>{3000, 4000}) << qint64(0) << "fire:info";
    QTest::newRow("no failover recorded") << D(QList<qint64>{}) << qint64(5000) << "unknown";
    QTest::newRow("history not read") << D() << qint64(5000) << "unknown";
}

void TestFailoverRules::budget()
{
    QFETCH(std::optional<QList<qint64>>, durations);
    QFETCH(qint64, budgetMs);
    QFETCH(QString, expected);
    HealthContext c;
    c.failoverDurationsMs = durations;
    HealthThresholds t;
    t.clientRetryBudgetMs = budgetMs;
    QCOMPARE(outcome(sentinelDeployment(), QStringLiteral("failover.client-retry-budget"), t, c), expected);
    QCOMPARE(outcome(cluster(), QStringLiteral("failover.client-retry-budget"), t, c), expected);
}

void TestFailoverRules::evidence()
{
    HealthContext c;
    c.failoverDurationsMs = QList<qint64>{1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 20000};
    HealthThresholds t;
    t.clientRetryBudgetMs = 5000;
    const HealthFinding f = HealthChecker(t).check(sentinelDeployment(), c).ofRule(QStringLiteral("failover.client-retry-budget")).first();
    QCOMPARE(f.summary, QStringLiteral("1 of 10 recorded failover(s) took longer than the clients retry (5.0 s): up to 20.0 s, "
                                       "p90 1.0 s — their requests fail during such a failover"));
    QCOMPARE(f.evidenceText(), QStringLiteral("failovers=10, p90=1.0 s, max=20.0 s, client-retry-budget-ms=5000, over-budget=1"));
    t.clientRetryBudgetMs = 0;
    const HealthFinding info = HealthChecker(t).check(sentinelDeployment(), c).ofRule(QStringLiteral("failover.client-retry-budget")).first();
    QVERIFY2(info.summary.contains(QLatin1String("up to 20.0 s (p90 1.0 s, 10 failover(s))")), qPrintable(info.summary));
    QVERIFY(info.fix.contains(QLatin1String("client-retry-budget-ms")));
    HealthContext none;
    none.failoverHistoryProblem = QStringLiteral("no history is open here, so no failover durations are known");
    QCOMPARE(HealthChecker(t).check(sentinelDeployment(), none).ofRule(QStringLiteral("failover.client-retry-budget")).first().summary,
             none.failoverHistoryProblem);
}

void TestFailoverRules::notAppliedToStandalone()
{
    QCOMPARE(outcome(standalone(), QStringLiteral("failover.client-retry-budget")), QStringLiteral("n/a"));
}

QTEST_APPLESS_MAIN(TestFailoverRules)
#include "tst_failoverrules.moc"
