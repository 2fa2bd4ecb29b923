// Unit tests of the event log models: QAbstractItemModelTester through appends, overflow of the
// bounded capacity and clears; raw roles for sorting; the application log pulled from the ring.
#include "core/LogRingSink.h"
#include "viewmodels/AppLogModel.h"
#include "viewmodels/EventLogModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

#include <spdlog/logger.h>

using namespace ops;

namespace {
OpsEvents makeEvents(int first, int count)
{
    OpsEvents out;
    for (int i = first; i < first + count; ++i) {
        OpsEvent e;
        e.id = i;
        e.timestampMs = 1'700'000'000'000 + i;
        e.kind = i % 2 ? OpsEvent::Kind::Promoted : OpsEvent::Kind::Sentinel;
        e.sentinelType = QStringLiteral("+switch-master");
        e.severity = i % 3 ? OpsEvent::Severity::Warning : OpsEvent::Severity::Critical;
        e.endpoint = QStringLiteral("127.0.0.1:%1").arg(7000 + i);
        e.message = QStringLiteral("<b>event %1</b>").arg(i); // markup stays text
        out << e;
    }
    return out;
}
} // namespace

class TestEventLogModel : public QObject
{
    Q_OBJECT

private slots:
    void appendsAndOverflow_data();
    void appendsAndOverflow();
    void displayAndRawRoles();
    void appLogPullsNewLinesOnly();
};

void TestEventLogModel::appendsAndOverflow_data()
{
    QTest::addColumn<int>("capacity");
    QTest::addColumn<QList<int>>("batches");
    QTest::addColumn<int>("expectedRows");
    QTest::addColumn<qint64>("firstId");
    QTest::newRow("under capacity") << 10 << QList<int>{3, 4} << 7 << qint64(0);
    QTest::newRow("exactly full") << 5 << QList<int>{2, 3} << 5 << qint64(0);
    QTest::newRow("overflow drops oldest") << 5 << QList<int>{4, 3} << 5 << qint64(2);
    QTest::newRow("batch bigger than capacity") << 4 << QList<int>{2, 9} << 4 << qint64(7);
    QTest::newRow("empty batch") << 4 << QList<int>{0, 2, 0} << 2 << qint64(0);
}

void TestEventLogModel::appendsAndOverflow()
{
    QFETCH(int, capacity);
    QFETCH(QList<int>, batches);
    QFETCH(int, expectedRows);
    QFETCH(qint64, firstId);
    EventLogModel model(capacity);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    int next = 0;
    for (int n : batches) {
        model.append(makeEvents(next, n));
        next += n;
    }
    QCOMPARE(model.rowCount(), expectedRows);
    QCOMPARE(model.eventAt(0).id, firstId);
    QCOMPARE(model.eventAt(model.rowCount() - 1).id, qint64(next - 1));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestEventLogModel::displayAndRawRoles()
{
    EventLogModel model;
    model.append(makeEvents(1, 2));
    QCOMPARE(model.index(0, EventLogModel::Kind).data().toString(), QStringLiteral("promoted"));
    QCOMPARE(model.index(1, EventLogModel::Kind).data().toString(), QStringLiteral("+switch-master"));
    QCOMPARE(model.index(0, EventLogModel::Node).data().toString(), QStringLiteral("127.0.0.1:7001"));
    QCOMPARE(model.index(0, EventLogModel::Message).data().toString(), QStringLiteral("<b>event 1</b>"));
    QCOMPARE(model.index(0, EventLogModel::Time).data(EventLogModel::RawRole).toLongLong(), 1'700'000'000'001LL);
    QCOMPARE(model.index(0, EventLogModel::Severity).data(EventLogModel::RawRole).toInt(), int(OpsEvent::Severity::Warning));
    QCOMPARE(model.index(1, EventLogModel::Severity).data().toString(), QStringLiteral("warning"));
    QVERIFY(model.headerData(EventLogModel::Message, Qt::Horizontal).toString().size() > 0);
}

void TestEventLogModel::appLogPullsNewLinesOnly()
{
    auto sink = std::make_shared<LogRingSink>(100);
    spdlog::logger logger("tst", sink);
    AppLogModel model(sink, 3);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.refresh(), 0);
    logger.warn("first {}", 1);
    logger.error("second");
    QCOMPARE(model.refresh(), 2);
    QCOMPARE(model.refresh(), 0);
    QCOMPARE(model.index(0, AppLogModel::Subsystem).data().toString(), QStringLiteral("tst"));
    QVERIFY(model.index(0, AppLogModel::Text).data().toString().contains(QLatin1String("first 1")));
    QCOMPARE(model.index(1, AppLogModel::Level).data().toString(), QStringLiteral("error"));
    for (int i = 0; i < 5; ++i)
        logger.info("more {}", i);
    QCOMPARE(model.refresh(), 3); // capacity 3: only the newest
    QCOMPARE(model.rowCount(), 3);
    QVERIFY(model.index(2, AppLogModel::Text).data().toString().contains(QLatin1String("more 4")));
}

QTEST_GUILESS_MAIN(TestEventLogModel)
#include "tst_eventlogmodel.moc"
