// IncidentReportBuilder on a real history file: the window's events (not those outside it, not
// another deployment's), the operations overlapping it (not the run itself), a failover episode
// begun before the window, and a runbook run replayed from its journal rows — status, attempts,
// what it did, the skip reason, notes with their times — with the window derived from the run.
#include "history/HistoryStore.h"
#include "reports/IncidentReportBuilder.h"
#include "runbooks/RunbookJournal.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

using namespace ops;
using Status = RunbookStepState::Status;

namespace {

const qint64 kT0 = 1'790'000'000'000;

OpsEvent sentinelEvent(qint64 ms, const QString &type, const QString &master, const QString &deployment = QStringLiteral("prod"))
{
    OpsEvent e;
    e.timestampMs = ms;
    e.deploymentId = deployment;
    e.kind = OpsEvent::Kind::Sentinel;
    e.sentinelType = type;
    e.source = OpsEvent::Source::Sentinel;
    e.message = type + QStringLiteral(" ") + master;
    e.details = {{QStringLiteral("masterName"), master}};
    return e;
}

OperationStep row(const QString &op, int seq, qint64 ms, const QString &command, const QString &summary, OperationStep::State state)
{
    OperationStep s;
    s.operationId = op;
    s.seq = seq;
    s.plannedMs = ms;
    s.doneMs = state == OperationStep::State::Planned ? 0 : ms + 500;
    s.commandText = command;
    s.replySummary = summary;
    s.state = state;
    return s;
}

RunbookStep step(const QString &id, RunbookStep::Kind kind, const QString &title)
{
    RunbookStep s;
    s.id = id;
    s.kind = kind;
    s.title = title;
    return s;
}

} // namespace

class TestIncidentReportBuilder : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void windowOfTheRun();
    void explicitWindow();
    void errors();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<HistoryStore> m_store;
};

void TestIncidentReportBuilder::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_store = std::make_unique<HistoryStore>(m_dir.filePath(QStringLiteral("history.sqlite")));
    QVERIFY(!m_store->open().isError());
    OpsEvents events{
        sentinelEvent(kT0 - 3600'000, QStringLiteral("+sdown"), QStringLiteral("old")),     // long before
        sentinelEvent(kT0 - 30'000, QStringLiteral("+sdown"), QStringLiteral("mymaster")),  // episode starts before the window
        sentinelEvent(kT0 - 29'000, QStringLiteral("+odown"), QStringLiteral("mymaster")),
        sentinelEvent(kT0 + 5'000, QStringLiteral("+try-failover"), QStringLiteral("mymaster")),
        sentinelEvent(kT0 + 12'000, QStringLiteral("+switch-master"), QStringLiteral("mymaster")),
        sentinelEvent(kT0 + 13'000, QStringLiteral("+sdown"), QStringLiteral("mymaster"), QStringLiteral("staging")),
        sentinelEvent(kT0 + 7200'000, QStringLiteral("+sdown"), QStringLiteral("later")),   // long after
    };
    QVERIFY(!m_store->append(events).isError());

    OperationRecord failover;
    failover.id = QStringLiteral("fo-1");
    failover.kind = QStringLiteral("sentinel-failover");
    failover.deploymentId = QStringLiteral("prod");
    failover.operatorName = QStringLiteral("alice");
    failover.target = QStringLiteral("mymaster");
    failover.startedMs = kT0 + 4'000;
    failover.endedMs = kT0 + 12'500;
    failover.state = OperationRecord::State::Succeeded;
    failover.outcome = QStringLiteral("10.0.0.2:6379 is the master");
    QVERIFY(!m_store->createOperation(failover).isError());
    QVERIFY(!m_store->updateOperation(failover).isError());

    Runbook rb;
    rb.id = QStringLiteral("sentinel-master-down");
    rb.title = QStringLiteral("Master down");
    const RunbookStep look = step(QStringLiteral("look"), RunbookStep::Kind::Check, QStringLiteral("Look at it"));
    const RunbookStep act = step(QStringLiteral("act"), RunbookStep::Kind::Action, QStringLiteral("Fail over"));
    const RunbookStep tell = step(QStringLiteral("tell"), RunbookStep::Kind::Manual, QStringLiteral("Tell the team"));
    rb.steps = {look, act, tell};
    OperationRecord run;
    run.id = QStringLiteral("run-1");
    run.kind = RunbookJournal::kind();
    run.deploymentId = QStringLiteral("prod");
    run.operatorName = QStringLiteral("bob");
    run.target = rb.id;
    run.plan = RunbookJournal::plan(rb, {{QStringLiteral("master"), QStringLiteral("mymaster")}}, QByteArray("h"));
    run.startedMs = kT0;
    run.endedMs = kT0 + 20'000;
    run.state = OperationRecord::State::Succeeded;
    run.outcome = QStringLiteral("ended");
    QVERIFY(!m_store->createOperation(run).isError());
    QVERIFY(!m_store->updateOperation(run).isError());
    using S = OperationStep::State;
    const QList<OperationStep> rows{
        row(run.id, 1, kT0 + 1'000, RunbookJournal::commandText(look, QStringLiteral("sentinel.quorum_ok")),
            RunbookJournal::summary(Status::Failed, {}, QStringLiteral("quorum not reached")), S::Failed),
        row(run.id, 2, kT0 + 2'000, RunbookJournal::noteText(QStringLiteral("look"), QStringLiteral("two sentinels <down>")), QStringLiteral("note"), S::Answered),
        row(run.id, 3, kT0 + 3'000, RunbookJournal::commandText(look, QStringLiteral("sentinel.quorum_ok")),
            RunbookJournal::summary(Status::Passed, {}, QStringLiteral("quorum 2 of 3")), S::Answered),
        row(run.id, 4, kT0 + 4'000, RunbookJournal::commandText(act, QStringLiteral("failover mymaster")),
            RunbookJournal::summary(Status::Done, {}, QStringLiteral("verified")), S::Answered),
        row(run.id, 5, kT0 + 15'000, RunbookJournal::commandText(tell, QStringLiteral("post in #ops")),
            RunbookJournal::summary(Status::Skipped, {}, QStringLiteral("the team was on the call")), S::Answered),
    };
    for (const OperationStep &s : rows)
        QVERIFY(!m_store->appendStep(s).isError());
}

void TestIncidentReportBuilder::windowOfTheRun()
{
    IncidentReportBuilder::Request request;
    request.runOperationId = QStringLiteral("run-1");
    request.marginMs = 10'000;
    HistoryError error;
    const IncidentReport r = IncidentReportBuilder::build(*m_store, request, &error);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(r.deploymentId, QStringLiteral("prod"));
    QCOMPARE(r.fromMs, kT0 - 10'000);
    QCOMPARE(r.toMs, kT0 + 30'000);
    QCOMPARE(r.events.size(), 2); // +try-failover, +switch-master of prod
    QCOMPARE(r.events.first().sentinelType, QStringLiteral("+try-failover"));
    QCOMPARE(r.operations.size(), 1);
    QCOMPARE(r.operations.first().id, QStringLiteral("fo-1"));
    QCOMPARE(r.episodes.size(), 1);
    QCOMPARE(r.episodes.first().startMs, kT0 - 30'000); // begun before the window
    QCOMPARE(r.episodes.first().endMs, kT0 + 12'000);
    QCOMPARE(r.episodes.first().outcome, FailoverEpisode::Outcome::Completed);

    QVERIFY(r.run.has_value());
    QCOMPARE(r.run->title, QStringLiteral("Master down"));
    QCOMPARE(r.run->record.operatorName, QStringLiteral("bob"));
    QCOMPARE(r.run->inputs, (QList<QPair<QString, QString>>{{QStringLiteral("master"), QStringLiteral("mymaster")}}));
    QCOMPARE(r.run->steps.size(), 3);
    const IncidentRunbookStep &look = r.run->steps.at(0);
    QCOMPARE(look.state.status, Status::Passed);
    QCOMPARE(look.attempts, 2);
    QCOMPARE(look.state.startedMs, kT0 + 1'000); // from the first attempt, the retry included
    QCOMPARE(look.kind, QStringLiteral("check"));
    QCOMPARE(look.what, QStringLiteral("sentinel.quorum_ok"));
    QCOMPARE(look.state.detail, QStringLiteral("quorum 2 of 3"));
    QCOMPARE(look.notes.size(), 1);
    QCOMPARE(look.notes.first().timestampMs, kT0 + 2'000);
    QCOMPARE(look.notes.first().text, QStringLiteral("two sentinels <down>"));
    QCOMPARE(r.run->steps.at(1).state.status, Status::Done);
    QCOMPARE(r.run->steps.at(2).state.status, Status::Skipped);
    QCOMPARE(r.run->steps.at(2).state.detail, QStringLiteral("the team was on the call"));
    QCOMPARE(r.run->steps.at(2).attempts, 1);

    // The timeline: by time, every source.
    QStringList sources;
    for (int i = 0; i < r.timeline.size(); ++i) {
        if (i > 0)
            QVERIFY(r.timeline.at(i - 1).timestampMs <= r.timeline.at(i).timestampMs);
        sources << r.timeline.at(i).source + QLatin1Char(':') + r.timeline.at(i).what;
    }
    QCOMPARE(sources, (QStringList{QStringLiteral("runbook:sentinel-master-down"), QStringLiteral("runbook:look"), QStringLiteral("runbook:look"),
                                   QStringLiteral("operation:sentinel-failover"), QStringLiteral("runbook:act"),
                                   QStringLiteral("event:+try-failover"), QStringLiteral("event:+switch-master"),
                                   QStringLiteral("operation:sentinel-failover"), QStringLiteral("runbook:tell"),
                                   QStringLiteral("runbook:sentinel-master-down")}));
}

void TestIncidentReportBuilder::explicitWindow()
{
    IncidentReportBuilder::Request request;
    request.deploymentId = QStringLiteral("prod");
    request.fromMs = kT0 + 11'000;
    request.toMs = kT0 + 11'500;
    HistoryError error;
    const IncidentReport r = IncidentReportBuilder::build(*m_store, request, &error);
    QVERIFY(!error.isError());
    QVERIFY(r.events.isEmpty());
    QCOMPARE(r.operations.size(), 2); // the failover and the run overlap it; no run asked for
    QCOMPARE(r.episodes.size(), 1);   // still going on in the window
    QVERIFY(!r.run);
}

void TestIncidentReportBuilder::errors()
{
    HistoryError error;
    IncidentReportBuilder::Request unknown;
    unknown.runOperationId = QStringLiteral("nope");
    IncidentReportBuilder::build(*m_store, unknown, &error);
    QCOMPARE(error.kind, HistoryError::Kind::Query);
    QVERIFY(error.message.contains(QStringLiteral("no runbook run nope")));
    IncidentReportBuilder::Request notARun;
    notARun.runOperationId = QStringLiteral("fo-1");
    IncidentReportBuilder::build(*m_store, notARun, &error);
    QVERIFY(error.message.contains(QStringLiteral("not a runbook run")));
    IncidentReportBuilder::Request backwards;
    backwards.deploymentId = QStringLiteral("prod");
    backwards.fromMs = kT0;
    backwards.toMs = kT0 - 1;
    IncidentReportBuilder::build(*m_store, backwards, &error);
    QCOMPARE(error.kind, HistoryError::Kind::Query);
}

QTEST_APPLESS_MAIN(TestIncidentReportBuilder)
#include "tst_incidentreportbuilder.moc"
