// Drill results compared over time: DrillTrend (first, best and last run of each trainee on each
// drill; each run against the same trainee's previous run of that drill) and DrillRunsModel (the
// drill report's table), checked by QAbstractItemModelTester.
#include "drills/DrillTrend.h"
#include "viewmodels/DrillRunsModel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace ops;

namespace {
DrillScore run(const QString &drill, const QString &trainee, qint64 detectMs, qint64 recoverMs, const QString &outcome = QStringLiteral("recovered"))
{
    DrillScore s;
    s.scenarioId = drill;
    s.trainee = trainee;
    s.detectMs = detectMs;
    s.recoverMs = recoverMs;
    s.outcome = outcome;
    s.startedMs = 1'700'000'000'000;
    s.ackedWrites = 100;
    s.lostWrites = outcome == QLatin1String("recovered") ? 0 : -1;
    return s;
}

/** Ann and Bob on two drills, interleaved as a training day would store them. */
QList<DrillScore> day()
{
    return {run(QStringLiteral("master-killed"), QStringLiteral("ann"), 9000, 41000),
            run(QStringLiteral("master-killed"), QStringLiteral("bob"), 3000, 20000),
            run(QStringLiteral("memory-full"), QStringLiteral("ann"), -1, -1, QStringLiteral("aborted")),
            run(QStringLiteral("master-killed"), QStringLiteral("ann"), 4000, 12300),
            run(QStringLiteral("master-killed"), QStringLiteral("ann"), 5000, 13300),
            run(QStringLiteral("memory-full"), QStringLiteral("ann"), 2000, 30000)};
}
} // namespace

class TestDrillRuns : public QObject
{
    Q_OBJECT
private slots:
    void versusPrevious_data();
    void versusPrevious();
    void trends();
    void model();
};

void TestDrillRuns::versusPrevious_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<QString>("expected");
    QTest::newRow("ann's first master-killed") << 0 << QStringLiteral("first run");
    QTest::newRow("bob's first, after ann's") << 1 << QStringLiteral("first run");
    QTest::newRow("an aborted first run") << 2 << QStringLiteral("first run");
    QTest::newRow("faster than ann's previous") << 3 << QStringLiteral("\u221228.7 s");
    QTest::newRow("slower than the one before, not the first") << 4 << QStringLiteral("+1.0 s");
    QTest::newRow("previous run never recovered") << 5 << QStringLiteral("-");
    QTest::newRow("out of range") << 6 << QString();
}

void TestDrillRuns::versusPrevious()
{
    QFETCH(int, index);
    QFETCH(QString, expected);
    QCOMPARE(DrillTrend::versusPrevious(day(), index), expected);
}

void TestDrillRuns::trends()
{
    const QList<DrillTrend> trends = DrillTrend::of(day());
    QCOMPARE(trends.size(), 3); // (master-killed, ann), (master-killed, bob), (memory-full, ann)
    const DrillTrend &ann = trends.at(0);
    QCOMPARE(ann.scenarioId, QStringLiteral("master-killed"));
    QCOMPARE(ann.trainee, QStringLiteral("ann"));
    QCOMPARE(ann.runs, 3);
    QCOMPARE(ann.recovered, 3);
    QCOMPARE(ann.firstRecoverMs, 41000);
    QCOMPARE(ann.bestRecoverMs, 12300);
    QCOMPARE(ann.lastRecoverMs, 13300);
    QCOMPARE(ann.firstDetectMs, 9000);
    QCOMPARE(ann.bestDetectMs, 4000);
    QCOMPARE(ann.lastDetectMs, 5000);
    QCOMPARE(trends.at(1).trainee, QStringLiteral("bob"));
    const DrillTrend &memory = trends.at(2);
    QCOMPARE(memory.runs, 2);
    QCOMPARE(memory.recovered, 1);
    QCOMPARE(memory.firstRecoverMs, -1); // the first run was aborted: no time, and it is not the best
    QCOMPARE(memory.bestRecoverMs, 30000);
    QCOMPARE(ann.toText(), QStringLiteral("master-killed / ann: 3 run(s), 3 recovered\n"
                                          "  recovery: first 41.0 s, best 12.3 s, last 13.3 s\n"
                                          "  detection: first 9.0 s, best 4.0 s, last 5.0 s"));
    QVERIFY(memory.toText().contains(QStringLiteral("recovery: first -, best 30.0 s, last 30.0 s")));
}

void TestDrillRuns::model()
{
    DrillRunsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    model.setRuns(day());
    QCOMPARE(model.rowCount(), 6);
    QCOMPARE(model.columnCount(), int(DrillRunsModel::ColumnCount));
    QCOMPARE(model.index(3, DrillRunsModel::Recover).data().toString(), QStringLiteral("12.3 s"));
    QCOMPARE(model.index(3, DrillRunsModel::Recover).data(DrillRunsModel::RawRole).toLongLong(), 12300);
    QCOMPARE(model.index(3, DrillRunsModel::VersusPrevious).data().toString(), QStringLiteral("\u221228.7 s"));
    QCOMPARE(model.index(2, DrillRunsModel::Detect).data().toString(), QStringLiteral("-"));
    QCOMPARE(model.index(2, DrillRunsModel::Lost).data().toString(), QStringLiteral("-"));
    QCOMPARE(model.index(0, DrillRunsModel::Lost).data().toString(), QStringLiteral("0 of 100"));
    QCOMPARE(model.index(0, DrillRunsModel::Steps).data().toString(), QStringLiteral("0 action(s)"));
    QCOMPARE(model.headerData(DrillRunsModel::VersusPrevious, Qt::Horizontal).toString(), QStringLiteral("Recovery vs previous"));
    // Trainee names are server-independent but still shown as plain text in the tooltip.
    DrillScore hostile = run(QStringLiteral("master-killed"), QStringLiteral("<b>eve</b>"), 1000, 2000);
    model.setRuns({hostile});
    QVERIFY(!model.index(0, DrillRunsModel::Trainee).data(Qt::ToolTipRole).toString().contains(QStringLiteral("<b>")));
    QCOMPARE(model.index(0, DrillRunsModel::Trainee).data().toString(), QStringLiteral("<b>eve</b>"));
    model.setRuns({});
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestDrillRuns)
#include "tst_drillruns.moc"
