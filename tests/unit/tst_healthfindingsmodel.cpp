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
    QTest::newRow("sound") << "none" << "pass" << "18 passing";
    QTest::newRow("a warning") << "min-replicas" << "warning" << "1 warning · 17 passing";
    QTest::newRow("critical before warning") << "both" << "critical" << "1 critical · 1 warning · 16 passing";
    QTest::newRow("unknown after firing, before passing") << "unreadable+count" << "critical" << "1 critical · 2 unknown · 15 passing";
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

    // Cluster ids are 40 hex digits in life: the table names nodes by address, the tooltip by id.
    const auto c = std::make_shared<const TopologySnapshot>(healthtest::cluster(3, 0));
    const HealthReport report = HealthChecker().check(*c);
    model.setReport(report, c);
    int row = -1;
    for (int r = 0; r < model.rowCount(); ++r)
        if (row < 0 && model.index(r, HealthFindingsModel::Rule).data().toString() == QLatin1String("replication.no-replica"))
            row = r;
    QVERIFY(row >= 0);
    const QString nodes = model.index(row, HealthFindingsModel::Nodes).data().toString();
    const QRegularExpression address(QStringLiteral("^10\\.0\\.1\\.([1-3]):7000$"));
    const QRegularExpressionMatch m = address.match(nodes);
    QVERIFY2(m.hasMatch(), qPrintable(nodes));
    const QString id = QStringLiteral("m%1").arg(m.captured(1).toInt() - 1);
    QVERIFY(model.index(row, HealthFindingsModel::Nodes).data(Qt::ToolTipRole).toString().contains(QStringLiteral("Node ids: ") + id));
    model.setReport(report); // no snapshot: ids
    QCOMPARE(model.index(row, HealthFindingsModel::Nodes).data().toString(), id);
}

QTEST_APPLESS_MAIN(TestHealthFindingsModel)
#include "tst_healthfindingsmodel.moc"
