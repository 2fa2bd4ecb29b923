// RunbookStepsModel under QAbstractItemModelTester: a runbook's steps as rows, a run's states
// changing only the rows that changed, a state of another runbook ignored.
#include "runbooks/RunbookLoader.h"
#include "viewmodels/RunbookStepsModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using namespace ops;

namespace {
const char kRunbook[] = "id: t\ntitle: T\napplies_to: both\nsteps:\n"
                        "  - {id: look, title: Look around, command: [INFO]}\n"
                        "  - {id: ok, title: All fine, check: nodes.down == 0}\n"
                        "  - {id: act, title: Fail over, action: {name: failover}}\n";
} // namespace

class TestRunbookStepsModel : public QObject
{
    Q_OBJECT
private slots:
    void rowsAndChanges();
};

void TestRunbookStepsModel::rowsAndChanges()
{
    RunbookStepsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    const std::optional<Runbook> rb = RunbookLoader::parse(kRunbook, QStringLiteral("t.yaml")).runbook;
    QVERIFY(rb);
    model.setRunbook(*rb);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.data(model.index(0, RunbookStepsModel::Step), Qt::DisplayRole).toString(), QStringLiteral("Look around"));
    QCOMPARE(model.data(model.index(2, RunbookStepsModel::Kind), Qt::DisplayRole).toString(), QStringLiteral("failover"));
    QCOMPARE(model.data(model.index(1, RunbookStepsModel::Status), Qt::DisplayRole).toString(), QStringLiteral("pending"));

    RunbookRunState state = model.state();
    state.runbookId = QStringLiteral("t");
    state.current = 1;
    state.steps[0].status = RunbookStepState::Status::Done;
    state.steps[0].startedMs = 1000;
    state.steps[0].endedMs = 3500;
    state.steps[0].detail = QStringLiteral("3 of 3 node(s) answered\nsecond line");
    state.steps[1].status = RunbookStepState::Status::Running;
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setState(state);
    QCOMPARE(changed.size(), 2); // rows 0 and 1; row 2 did not change
    QCOMPARE(model.data(model.index(0, RunbookStepsModel::Took), Qt::DisplayRole).toString(), QStringLiteral("2.5 s"));
    QCOMPARE(model.data(model.index(0, RunbookStepsModel::Detail), Qt::DisplayRole).toString(), QStringLiteral("3 of 3 node(s) answered"));
    QCOMPARE(model.data(model.index(1, RunbookStepsModel::Took), Qt::DisplayRole).toString(), QString());
    QVERIFY(model.data(model.index(1, 0), RunbookStepsModel::CurrentRole).toBool());
    QCOMPARE(model.data(model.index(1, 0), RunbookStepsModel::StatusRole).toString(), QStringLiteral("running"));

    changed.clear();
    model.setState(state); // nothing changed
    QCOMPARE(changed.size(), 0);
    RunbookRunState other = state;
    other.steps.removeLast(); // a run of another runbook
    model.setState(other);
    QCOMPARE(changed.size(), 0);
    QCOMPARE(model.state().steps.size(), 3);
}

QTEST_APPLESS_MAIN(TestRunbookStepsModel)
#include "tst_runbookstepsmodel.moc"
