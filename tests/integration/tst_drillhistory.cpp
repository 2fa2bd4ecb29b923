// Drill results and the trainee's activity in the history store, on SQLite and on PostgreSQL:
// scores round-trip as audit rows and are listed per trainee, oldest first; DrillActivity turns
// the operations, runbook steps and audit records written after the fault into actions, once each.
#include "StoreBackends.h"
#include "drills/DrillActivity.h"
#include "drills/DrillHistory.h"
#include "history/HistoryStore.h"
#include "runbooks/Runbook.h"
#include "runbooks/RunbookJournal.h"

#include <QtTest>

using namespace ops;

class TestDrillHistory : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase_data() { StoreBackends::addRows(); }
    void init();
    void scoresPerTrainee();
    void activityFromHistory();

private:
    StoreBackends m_backends;
    QString m_location;
};

void TestDrillHistory::init()
{
    QFETCH_GLOBAL(QString, backend);
    QString error;
    m_location = m_backends.freshStore(backend, &error);
    QVERIFY2(!m_location.isEmpty(), qPrintable(error));
}

void TestDrillHistory::scoresPerTrainee()
{
    HistoryStore store(m_location);
    QVERIFY(!store.open().isError());
    DrillScore first;
    first.scenarioId = QStringLiteral("master-killed");
    first.trainee = QStringLiteral("alice");
    first.seed = 4'000'000'000u; // above INT_MAX: kept exactly
    first.startedMs = 1'700'000'000'000;
    first.outcome = QStringLiteral("recovered");
    first.detectMs = 1200;
    first.recoverMs = 9800;
    first.ackedWrites = 1234;
    first.lostWrites = 0;
    first.actions = QStringList{QStringLiteral("look"), QStringLiteral("detect")};
    first.runbookSteps = 7;
    first.matchedSteps = 2;
    DrillScore bobs = first;
    bobs.trainee = QStringLiteral("bob");
    bobs.startedMs += 1000;
    DrillScore second = first;
    second.startedMs += 2000;
    second.outcome = QStringLiteral("aborted");
    second.recoverMs = -1;
    second.lostWrites = -1;
    second.note = QStringLiteral("undo failed: x");
    for (const DrillScore &s : {second, bobs, first}) // stored out of order
        QVERIFY(!DrillHistory::save(store, s).isError());

    HistoryError error;
    const QList<DrillScore> alice = DrillHistory::runs(store, QStringLiteral("alice"), &error);
    QVERIFY(!error.isError());
    QCOMPARE(alice, (QList<DrillScore>{first, second}));
    QCOMPARE(DrillHistory::runs(store, QStringLiteral("bob")), QList<DrillScore>{bobs});
    QCOMPARE(DrillHistory::runs(store, {}).size(), 3);
    QVERIFY(DrillHistory::runs(store, QStringLiteral("carol")).isEmpty());
    // They are audit rows like any operator action.
    const QList<AuditRecord> audit = store.audit(QStringLiteral("drill:master-killed"));
    QCOMPARE(audit.size(), 3);
    QCOMPARE(audit.first().action, QStringLiteral("drill"));
}

void TestDrillHistory::activityFromHistory()
{
    HistoryStore store(m_location);
    QVERIFY(!store.open().isError());
    const qint64 fault = 1'700'000'000'000;
    // Before the fault: not the trainee's.
    AuditRecord before;
    before.timestampMs = fault - 1;
    before.action = QStringLiteral("config-set");
    QVERIFY(!store.appendAudit(before).isError());

    DrillActivity activity(fault);
    QCOMPARE(activity.poll(store), QStringList());

    // A runbook run with two steps (one journaled twice) and a failover, then an audit record.
    OperationRecord run;
    run.id = OperationRecord::newId();
    run.kind = RunbookJournal::kind();
    run.deploymentId = QStringLiteral("mymaster@127.0.0.1:1");
    run.startedMs = fault + 10;
    QVERIFY(!store.createOperation(run).isError());
    int seq = 0;
    for (const char *stepId : {"look", "detect", "detect"}) {
        RunbookStep step;
        step.id = QString::fromLatin1(stepId);
        step.kind = RunbookStep::Kind::Check;
        OperationStep row;
        row.operationId = run.id;
        row.seq = ++seq;
        row.commandText = RunbookJournal::commandText(step, QStringLiteral("a check"));
        row.plannedMs = fault + 20 + seq;
        QVERIFY(!store.appendStep(row).isError());
    }
    OperationRecord failover;
    failover.id = OperationRecord::newId();
    failover.kind = QStringLiteral("sentinel-failover");
    failover.startedMs = fault + 30;
    QVERIFY(!store.createOperation(failover).isError());
    AuditRecord after;
    after.timestampMs = fault + 40;
    after.action = QStringLiteral("failover");
    QVERIFY(!store.appendAudit(after).isError());
    DrillScore drill;
    drill.scenarioId = QStringLiteral("master-killed");
    drill.startedMs = fault + 50;
    QVERIFY(!DrillHistory::save(store, drill).isError()); // the drill's own row is no action

    QCOMPARE(activity.poll(store), (QStringList{QStringLiteral("runbook"), QStringLiteral("look"), QStringLiteral("detect"),
                                                QStringLiteral("sentinel-failover"), QStringLiteral("failover")}));
    QCOMPARE(activity.poll(store), QStringList()); // each reported once
}

QTEST_MAIN(TestDrillHistory)
#include "tst_drillhistory.moc"
