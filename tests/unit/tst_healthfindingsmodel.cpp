// HealthFindingsModel: worst first, raw ranks for sorting, the status word for colours, the
// summary line, tooltips with evidence and fix; QAbstractItemModelTester over report changes.
#include "HealthTestSupport.h"
#include "viewmodels/HealthFindingsModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace healthtest;

class TestHealthFindingsModel : public QObject
{
    Q_OBJECT
private slots:
    void order_data();
    void order();
    void tooltipAndRoles();
};

void TestHealthFindingsModel::order_data()
{
    QTest::addColumn<QString>("breakage");
    QTest::addColumn<QString>("firstStatus");
    QTest::addColumn<QString>("summary");
    QTest::newRow("sound") << "none" << "pass" << "14 passing";
    QTest::newRow("a warning") << "min-replicas" << "warning" << "1 warning · 13 passing";
    QTest::newRow("critical before warning") << "both" << "critical" << "1 critical · 1 warning · 12 passing";
    QTest::newRow("unknown after firing, before passing") << "unreadable+count" << "critical" << "1 critical · 2 unknown · 11 passing";
}

void TestHealthFindingsModel::order()
{
    QFETCH(QString, breakage);
    QFETCH(QString, firstStatus);
    QFETCH(QString, summary);
    TopologySnapshot s = sentinelDeployment(3, 1);
    Node &master = s.nodes[0];
    if (breakage == QLatin1String("min-replicas") || breakage == QLatin1String("both"))
        master.config.values.insert("min-replicas-to-write", "0");
    if (breakage == QLatin1String("both"))
        master.config.values.insert("save", "");
    if (breakage.startsWith(QLatin1String("unreadable"))) {
        master.config = NodeConfig{{}, QStringLiteral("CONFIG GET failed: renamed"), 0};
        s.sentinels.removeLast(); // 2 sentinels: critical
    }
    HealthFindingsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setReport(HealthChecker().check(sentinelDeployment())); // a previous report, replaced
    model.setReport(HealthChecker().check(s));
    QCOMPARE(model.index(0, HealthFindingsModel::Status).data().toString(), firstStatus);
    QCOMPARE(model.summaryText(), summary);
    int previous = 5;
    for (int row = 0; row < model.rowCount(); ++row) {
        const int rank = model.index(row, HealthFindingsModel::Status).data(HealthFindingsModel::RawRole).toInt();
        QVERIFY2(rank <= previous, qPrintable(QString::number(row)));
        previous = rank;
    }
}

void TestHealthFindingsModel::tooltipAndRoles()
{
    TopologySnapshot s = sentinelDeployment(3, 1);
    s.nodes[0].config.values.insert("min-replicas-to-write", "0");
    HealthFindingsModel model;
    model.setReport(HealthChecker().check(s));
    const QModelIndex first = model.index(0, HealthFindingsModel::Summary);
    QCOMPARE(model.index(0, HealthFindingsModel::Rule).data().toString(), QStringLiteral("replication.min-replicas-to-write"));
    QCOMPARE(first.data(HealthFindingsModel::SeverityRole).toString(), QStringLiteral("warning"));
    QCOMPARE(model.index(0, HealthFindingsModel::Nodes).data().toString(), s.nodes[0].id);
    const QString tip = first.data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QLatin1String("Evidence: min-replicas-to-write=0")) && tip.contains(QLatin1String("Fix: CONFIG SET")), qPrintable(tip));
    QCOMPARE(model.headerData(HealthFindingsModel::Summary, Qt::Horizontal).toString(), QStringLiteral("Finding"));
}

QTEST_APPLESS_MAIN(TestHealthFindingsModel)
#include "tst_healthfindingsmodel.moc"
