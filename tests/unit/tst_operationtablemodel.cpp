// OperationTableModel: QAbstractItemModelTester over resets; what each column shows for each
// state (unfinished operations read "unfinished (interrupted)" with their last step), raw roles
// for sorting, pre-check counts from the plan, and server text kept as plain text.
#include "viewmodels/OperationTableModel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QtTest>

using namespace ops;
using State = OperationRecord::State;

namespace {
OperationRecord makeOperation(const QString &id, State state, qint64 startedMs, qint64 endedMs)
{
    OperationRecord op;
    op.id = id;
    op.kind = QStringLiteral("sentinel-failover");
    op.deploymentId = QStringLiteral("sentinel:mymaster@127.0.0.1:26379");
    op.operatorName = QStringLiteral("alice");
    op.target = QStringLiteral("mymaster");
    op.mode = QStringLiteral("graceful");
    op.state = state;
    op.startedMs = startedMs;
    op.endedMs = endedMs;
    op.outcome = endedMs > 0 ? QStringLiteral("<b>verified</b>: 127.0.0.1:6380 is master") : QString();
    op.plan = QJsonObject{{QStringLiteral("checks"),
                           QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("quorum")}, {QStringLiteral("status"), QStringLiteral("pass")}},
                                      QJsonObject{{QStringLiteral("id"), QStringLiteral("replica-lag")}, {QStringLiteral("status"), QStringLiteral("fail")},
                                                  {QStringLiteral("overridden"), true}},
                                      QJsonObject{{QStringLiteral("id"), QStringLiteral("agreement")}, {QStringLiteral("status"), QStringLiteral("pass")}}}}};
    OperationStep step;
    step.operationId = id;
    step.seq = 1;
    step.targetNode = QStringLiteral("127.0.0.1:6379");
    step.commandText = QStringLiteral("CLIENT PAUSE 3000 WRITE");
    step.state = OperationStep::State::Answered;
    step.replySummary = QStringLiteral("OK");
    op.steps << step;
    return op;
}
} // namespace

class TestOperationTableModel : public QObject
{
    Q_OBJECT

private slots:
    void resetsUnderTheTester();
    void columns_data();
    void columns();
    void rawRolesSort();
};

void TestOperationTableModel::resetsUnderTheTester()
{
    OperationTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    model.setOperations({makeOperation(QStringLiteral("a"), State::Succeeded, 1000, 2500),
                         makeOperation(QStringLiteral("b"), State::Running, 3000, 0)});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), int(OperationTableModel::ColumnCount));
    QCOMPARE(model.rowOfId(QStringLiteral("b")), 1);
    QCOMPARE(model.rowOfId(QStringLiteral("x")), -1);
    QCOMPARE(model.unfinishedCount(), 1);
    model.setOperations({});
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.unfinishedCount(), 0);
}

void TestOperationTableModel::columns_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<qint64>("endedMs");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("display");
    QTest::newRow("succeeded state") << int(State::Succeeded) << qint64(2500) << int(OperationTableModel::State) << QStringLiteral("succeeded");
    QTest::newRow("running = interrupted") << int(State::Running) << qint64(0) << int(OperationTableModel::State)
                                           << QStringLiteral("running — unfinished (interrupted)");
    QTest::newRow("planned = interrupted") << int(State::Planned) << qint64(0) << int(OperationTableModel::State)
                                           << QStringLiteral("planned — unfinished (interrupted)");
    QTest::newRow("aborted state") << int(State::Aborted) << qint64(1200) << int(OperationTableModel::State) << QStringLiteral("aborted");
    QTest::newRow("duration") << int(State::Succeeded) << qint64(2500) << int(OperationTableModel::Duration) << QStringLiteral("1500 ms");
    QTest::newRow("long duration") << int(State::Failed) << qint64(13500) << int(OperationTableModel::Duration) << QStringLiteral("12.5 s");
    QTest::newRow("no duration when unfinished") << int(State::Running) << qint64(0) << int(OperationTableModel::Duration) << QStringLiteral("—");
    QTest::newRow("outcome is plain text") << int(State::Succeeded) << qint64(2500) << int(OperationTableModel::Outcome)
                                           << QStringLiteral("<b>verified</b>: 127.0.0.1:6380 is master");
    QTest::newRow("unfinished shows its last step") << int(State::Running) << qint64(0) << int(OperationTableModel::Outcome)
                                                    << QStringLiteral("last step: #1 CLIENT PAUSE 3000 WRITE on 127.0.0.1:6379: answered (OK)");
    QTest::newRow("pre-checks") << int(State::Succeeded) << qint64(2500) << int(OperationTableModel::PreChecks)
                                << QStringLiteral("1 overridden, 2 pass");
    QTest::newRow("operator") << int(State::Succeeded) << qint64(2500) << int(OperationTableModel::Operator) << QStringLiteral("alice");
    QTest::newRow("mode") << int(State::Succeeded) << qint64(2500) << int(OperationTableModel::Mode) << QStringLiteral("graceful");
}

void TestOperationTableModel::columns()
{
    QFETCH(int, state);
    QFETCH(qint64, endedMs);
    QFETCH(int, column);
    QFETCH(QString, display);
    OperationTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setOperations({makeOperation(QStringLiteral("op"), State(state), 1000, endedMs)});
    const QModelIndex index = model.index(0, column);
    QCOMPARE(index.data().toString(), display);
    QCOMPARE(index.data(OperationTableModel::OperationIdRole).toString(), QStringLiteral("op"));
    QCOMPARE(index.data(OperationTableModel::UnfinishedRole).toBool(), State(state) == State::Running || State(state) == State::Planned);
    QVERIFY(!model.headerData(column, Qt::Horizontal).toString().isEmpty());
}

void TestOperationTableModel::rawRolesSort()
{
    OperationTableModel model;
    model.setOperations({makeOperation(QStringLiteral("a"), State::Succeeded, 1000, 2500),
                         makeOperation(QStringLiteral("b"), State::Running, 3000, 0)});
    QCOMPARE(model.index(0, OperationTableModel::Started).data(OperationTableModel::RawRole).toLongLong(), 1000);
    QCOMPARE(model.index(1, OperationTableModel::Started).data(OperationTableModel::RawRole).toLongLong(), 3000);
    QCOMPARE(model.index(0, OperationTableModel::Duration).data(OperationTableModel::RawRole).toLongLong(), 1500);
    QCOMPARE(model.index(1, OperationTableModel::Duration).data(OperationTableModel::RawRole).toLongLong(), -1);
    QCOMPARE(model.index(1, OperationTableModel::State).data(OperationTableModel::RawRole).toInt(), int(State::Running));
    QVERIFY(model.index(1, OperationTableModel::Outcome).data(Qt::ToolTipRole).toString().startsWith(QStringLiteral("Interrupted")));
}

QTEST_APPLESS_MAIN(TestOperationTableModel)
#include "tst_operationtablemodel.moc"
