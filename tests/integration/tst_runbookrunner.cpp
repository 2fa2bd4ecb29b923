// RunbookRunner on real labs, in process (the console's and the CLI's runner on a
// DeploymentSession): every built-in runbook runs non-interactively on a lab and ends with the
// deployment healthy (the failure runbooks after the failure was made: kill -9 of a master); an
// interactive run is driven through its prompts (a failed check retried, noted and skipped, a
// manual step confirmed, an action confirmed with its text); a run cut off in the middle of a
// wait is resumed from the journal by a new runner; every run is read back from the journal.
#include "ClusterData.h"
#include "LabFixture.h"
#include "LabSeeding.h"
#include "core/Clock.h"
#include "history/AsyncHistoryStore.h"
#include "lab/FaultInjector.h"
#include "lab/LocalLab.h"
#include "health/HealthChecker.h"
#include "runbooks/RunbookFacts.h"
#include "runbooks/RunbookJournal.h"
#include "runbooks/RunbookLibrary.h"
#include "runbooks/RunbookRunner.h"
#include "session/DeploymentSession.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace ops;
using Status = RunbookStepState::Status;

namespace {

QString statuses(const RunbookRunState &s)
{
    QStringList out;
    for (const RunbookStepState &st : s.steps)
        out << st.stepId + QLatin1Char('=') + RunbookStepState::statusName(st.status);
    return out.join(QLatin1Char(' '));
}

QString details(const RunbookRunState &s)
{
    QStringList out{s.outcome};
    for (const RunbookStepState &st : s.steps)
        if (!st.detail.isEmpty())
            out << st.stepId + QStringLiteral(": ") + st.detail;
    return out.join(QLatin1Char('\n'));
}

const char kInteractive[] = R"(id: interactive
title: Interactive run
applies_to: sentinel
steps:
  - id: impossible
    title: Lag above a gigabyte
    check: replication.max_lag_bytes > 1gb
  - id: read
    title: Read maxmemory
    command: [CONFIG, GET, maxmemory]
  - id: look
    title: The operator looks
    manual: Look at the output above.
  - id: fail-over
    title: Fail over
    action:
      name: failover
      params:
        mode: graceful
  - id: serving
    title: Is a master serving?
    branch: {if: master.up, then: end, else: read}
)";

const char kResumable[] = R"(id: resumable
title: Cut off in a wait
applies_to: sentinel
steps:
  - {id: ping, title: Ping, command: [PING]}
  - id: limit
    title: Wait for a memory limit
    wait: {until: memory.max_used_share > 0, timeout: 2m, interval: 200ms}
  - {id: after, title: Master up, check: master.up}
)";

} // namespace

class TestRunbookRunner : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void sentinelRunbooks();
    void interactiveRun();
    void resumeAfterCutOff();
    void wrongKindIsRefusedUnjournaled();
    void sentinelMasterDown();
    void clusterRunbooks();
    void clusterNodeFailure();

private:
    std::unique_ptr<DeploymentSession> sentinelSession();
    std::unique_ptr<DeploymentSession> clusterSession();
    /** A session over @p config, once its snapshot lists @p nodes data nodes. */
    std::unique_ptr<DeploymentSession> session(const MonitorConfig &config, int nodes);
    RunbookLibrary::Loaded load(const QString &nameOrFile);
    /** Runs @p nameOrFile non-interactively to its end; the final state. */
    RunbookRunState runToEnd(DeploymentSession &s, const QString &nameOrFile, const QHash<QString, QString> &inputs = {});
    OperationRecord journaled(const QString &operationId);
    QString writeFile(const QString &name, const char *text);
    bool setMaxmemory(const QByteArray &bytes);

    QTemporaryDir m_dir;
    std::unique_ptr<AsyncHistoryStore> m_history;
    std::unique_ptr<LocalLab> m_sentinel;
    std::unique_ptr<LocalLab> m_cluster;
};

void TestRunbookRunner::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_history = std::make_unique<AsyncHistoryStore>(m_dir.filePath(QStringLiteral("history.sqlite")));
    bool ok = false;
    m_history->open(this, [&ok](int, const HistoryError &e) { ok = !e.isError(); });
    QTRY_VERIFY_WITH_TIMEOUT(ok, 10000);
    m_sentinel = labtest::startedLab(LabSpec::Kind::Sentinel, 2);
    QVERIFY(m_sentinel);
}

void TestRunbookRunner::cleanupTestCase()
{
    m_sentinel.reset();
    m_cluster.reset();
    m_history.reset();
}

std::unique_ptr<DeploymentSession> TestRunbookRunner::session(const MonitorConfig &config, int nodes)
{
    DeploymentSession::Options o;
    o.monitor = config;
    auto s = std::make_unique<DeploymentSession>(o, m_history.get(), Clock::system());
    s->start();
    const bool settled = QTest::qWaitFor([&] { return s->snapshot() && s->snapshot()->nodes.size() >= nodes; }, 20000);
    return settled ? std::move(s) : nullptr;
}

std::unique_ptr<DeploymentSession> TestRunbookRunner::sentinelSession()
{
    return session(labtest::sentinelMonitorConfig(m_sentinel->topology()), 3);
}

std::unique_ptr<DeploymentSession> TestRunbookRunner::clusterSession()
{
    return session(labtest::clusterMonitorConfig(m_cluster->topology()), 6);
}

RunbookLibrary::Loaded TestRunbookRunner::load(const QString &nameOrFile)
{
    return RunbookLibrary().find(nameOrFile);
}

RunbookRunState TestRunbookRunner::runToEnd(DeploymentSession &s, const QString &nameOrFile, const QHash<QString, QString> &inputs)
{
    const RunbookLibrary::Loaded l = load(nameOrFile);
    if (!l.runbook) {
        qWarning() << l.errors;
        return {};
    }
    const RunbookInputs::Result in = RunbookInputs::resolve(*l.runbook, inputs);
    if (!in.ok()) {
        qWarning() << in.errors;
        return {};
    }
    RunbookRunner runner(*l.runbook, l.sha256, &s, m_history.get(), Clock::system(), {true});
    QSignalSpy finished(&runner, &RunbookRunner::finished);
    runner.start(in);
    if (finished.isEmpty() && !finished.wait(240000))
        return {};
    return finished.first().first().value<RunbookRunState>();
}

OperationRecord TestRunbookRunner::journaled(const QString &operationId)
{
    std::optional<OperationRecord> got;
    bool answered = false;
    m_history->operation(operationId, this, [&](const std::optional<OperationRecord> &r, const HistoryError &) {
        got = r;
        answered = true;
    });
    if (!QTest::qWaitFor([&] { return answered; }, 10000))
        return {};
    return got.value_or(OperationRecord{});
}

QString TestRunbookRunner::writeFile(const QString &name, const char *text)
{
    const QString path = m_dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text) < 0)
        return {};
    return path;
}

bool TestRunbookRunner::setMaxmemory(const QByteArray &bytes)
{
    for (const LabNode &n : m_sentinel->topology().nodes) {
        if (n.role == LabNode::Role::Sentinel)
            continue;
        RedisConnection *c = m_sentinel->control(n.endpoint);
        if (!c || !labtest::execute(*c, RespCommand{"CONFIG", "SET", "maxmemory", bytes}).ok())
            return false;
    }
    return true;
}

void TestRunbookRunner::sentinelRunbooks()
{
    auto s = sentinelSession();
    QVERIFY(s);
    const QString masterBefore = s->snapshot()->master()->endpoint.toString();
    for (const char *name : {"replication-lag-high", "memory-pressure", "sentinel-planned-failover"}) {
        const RunbookRunState end = runToEnd(*s, QLatin1String(name));
        QVERIFY2(end.state == OperationRecord::State::Succeeded, qPrintable(QLatin1String(name) + QLatin1Char('\n') + details(end)));
        // The journal has the run: its state, one attempt per step reached, replayed to the same states.
        const OperationRecord op = journaled(end.operationId);
        QCOMPARE(op.kind, RunbookJournal::kind());
        QCOMPARE(op.target, QLatin1String(name));
        QCOMPARE(op.state, OperationRecord::State::Succeeded);
        QCOMPARE(op.mode, QStringLiteral("non-interactive"));
        const RunbookJournal::Position replayed = RunbookJournal::replay(*load(QLatin1String(name)).runbook, op);
        RunbookRunState again = end;
        again.steps = replayed.steps;
        QCOMPARE(statuses(again), statuses(end));
        QCOMPARE(replayed.resumeAt, int(end.steps.size()));
    }
    // The planned failover moved the master, through a journaled, verified failover operation.
    QTRY_VERIFY_WITH_TIMEOUT(s->snapshot()->master() && s->snapshot()->master()->endpoint.toString() != masterBefore, 10000);
    const RunbookRunState last = runToEnd(*s, QStringLiteral("replication-lag-high"));
    QCOMPARE(last.state, OperationRecord::State::Succeeded);
}

void TestRunbookRunner::interactiveRun()
{
    auto s = sentinelSession();
    QVERIFY(s);
    const QString masterBefore = s->snapshot()->master()->endpoint.toString();
    const RunbookLibrary::Loaded l = RunbookLibrary::load(writeFile(QStringLiteral("interactive.yaml"), kInteractive));
    QVERIFY2(l.runbook, qPrintable(l.errors.join(QLatin1Char('\n'))));
    RunbookRunner runner(*l.runbook, l.sha256, s.get(), m_history.get(), Clock::system(), {});
    QSignalSpy finished(&runner, &RunbookRunner::finished);
    runner.start(RunbookInputs::resolve(*l.runbook, {}));
    const auto waitingOn = [&](RunbookPrompt::Kind kind, int step) {
        return QTest::qWaitFor([&] { return runner.state().prompt.kind == kind && runner.state().prompt.step == step; }, 30000);
    };
    // A check that does not hold waits for the operator: a note, a retry (a second attempt), a skip.
    QVERIFY(waitingOn(RunbookPrompt::Kind::StepFailed, 0));
    QVERIFY(runner.state().prompt.text.startsWith(QLatin1String("does not hold (replication.max_lag_bytes = ")));
    runner.addNote(QStringLiteral("lag graphs are flat"));
    runner.skip(QString()); // a skip needs a reason
    QCOMPARE(runner.state().prompt.kind, RunbookPrompt::Kind::StepFailed);
    runner.retry();
    QVERIFY(QTest::qWaitFor([&] { return runner.state().steps.at(0).status == Status::Running; }, 5000));
    QVERIFY(waitingOn(RunbookPrompt::Kind::StepFailed, 0));
    runner.skip(QStringLiteral("lag is fine today"));
    // The command runs, then the manual step waits for a confirmation.
    QVERIFY(waitingOn(RunbookPrompt::Kind::Manual, 2));
    QVERIFY2(runner.state().steps.at(1).output.contains(QLatin1String("maxmemory")), qPrintable(runner.state().steps.at(1).output));
    runner.confirm();
    // The action previews: a wrong confirmation text runs nothing; the right one runs it.
    QVERIFY(waitingOn(RunbookPrompt::Kind::ConfirmAction, 3));
    const ActionPreview preview = runner.state().prompt.preview;
    QVERIFY(preview.allowed());
    QVERIFY(!preview.confirmText.isEmpty());
    runner.confirm(QStringLiteral("not-") + preview.confirmText);
    QCOMPARE(runner.state().prompt.kind, RunbookPrompt::Kind::ConfirmAction);
    QVERIFY(!s->actionRunning());
    runner.confirm(preview.confirmText);
    QVERIFY(finished.wait(60000));
    const RunbookRunState end = finished.first().first().value<RunbookRunState>();
    QVERIFY2(end.state == OperationRecord::State::Succeeded, qPrintable(details(end)));
    QCOMPARE(statuses(end), QStringLiteral("impossible=skipped read=done look=done fail-over=done serving=passed"));
    QVERIFY(s->snapshot()->master()->endpoint.toString() != masterBefore || QTest::qWaitFor([&] {
        return s->snapshot()->master()->endpoint.toString() != masterBefore;
    }, 10000));

    // Read back: three attempts of the first step (failed, failed, skipped) and its note; the
    // action's own operation succeeded; replay gives the same states and the end.
    const OperationRecord op = journaled(end.operationId);
    QCOMPARE(op.state, OperationRecord::State::Succeeded);
    QCOMPARE(op.mode, QStringLiteral("interactive"));
    QStringList firstStep;
    for (const OperationStep &row : op.steps) {
        const auto r = RunbookJournal::decode(row);
        QVERIFY(r);
        if (r->stepId == QLatin1String("impossible"))
            firstStep << (r->note ? QStringLiteral("note: ") + r->text : RunbookStepState::statusName(r->status));
    }
    QCOMPARE(firstStep, QStringList({QStringLiteral("failed"), QStringLiteral("note: lag graphs are flat"), QStringLiteral("failed"),
                                     QStringLiteral("skipped")}));
    const RunbookJournal::Position p = RunbookJournal::replay(*l.runbook, op);
    QCOMPARE(p.resumeAt, 5);
    QCOMPARE(p.steps.at(0).notes.size(), 1);
    QVERIFY(p.steps.at(0).detail.endsWith(QLatin1String(": lag is fine today")));
    const QString actionId = end.steps.at(3).operationId;
    QVERIFY(!actionId.isEmpty());
    const OperationRecord failover = journaled(actionId);
    QCOMPARE(failover.kind, QStringLiteral("sentinel-failover"));
    QCOMPARE(failover.state, OperationRecord::State::Succeeded);
}

void TestRunbookRunner::resumeAfterCutOff()
{
    auto s = sentinelSession();
    QVERIFY(s);
    QVERIFY(setMaxmemory("0"));
    const RunbookLibrary::Loaded l = RunbookLibrary::load(writeFile(QStringLiteral("resumable.yaml"), kResumable));
    QVERIFY2(l.runbook, qPrintable(l.errors.join(QLatin1Char('\n'))));
    QString id;
    {
        // The first runner dies in the middle of its wait (as a killed console would: no word
        // to the journal after the wait's row).
        RunbookRunner first(*l.runbook, l.sha256, s.get(), m_history.get(), Clock::system(), {true});
        first.start(RunbookInputs::resolve(*l.runbook, {}));
        QVERIFY(QTest::qWaitFor([&] { return first.state().steps.at(1).status == Status::Running; }, 15000));
        id = first.state().operationId;
        bool flushed = false;
        m_history->flush(this, [&] { flushed = true; });
        QVERIFY(QTest::qWaitFor([&] { return flushed; }, 5000));
    }
    OperationRecord cut = journaled(id);
    QCOMPARE(cut.state, OperationRecord::State::Running);
    QCOMPARE(RunbookJournal::replay(*l.runbook, cut).resumeAt, 1);

    QVERIFY(setMaxmemory("1gb"));
    RunbookRunner second(*l.runbook, l.sha256, s.get(), m_history.get(), Clock::system(), {true});
    QSignalSpy finished(&second, &RunbookRunner::finished);
    second.resume(cut);
    QVERIFY(finished.wait(30000));
    const RunbookRunState end = finished.first().first().value<RunbookRunState>();
    QVERIFY(setMaxmemory("0"));
    QVERIFY2(end.state == OperationRecord::State::Succeeded, qPrintable(details(end)));
    QCOMPARE(end.operationId, id); // the same operation went on
    QCOMPARE(statuses(end), QStringLiteral("ping=done limit=passed after=passed"));
    QStringList rows;
    for (const OperationStep &row : journaled(id).steps)
        rows << RunbookJournal::decode(row)->stepId + QLatin1Char('=') + OperationStep::stateName(row.state);
    QCOMPARE(rows, QStringList({QStringLiteral("ping=answered"), QStringLiteral("limit=failed"), QStringLiteral("limit=answered"),
                                QStringLiteral("after=answered")}));
    QCOMPARE(journaled(id).state, OperationRecord::State::Succeeded);
}

void TestRunbookRunner::wrongKindIsRefusedUnjournaled()
{
    auto s = sentinelSession();
    QVERIFY(s);
    const RunbookRunState end = runToEnd(*s, QStringLiteral("cluster-node-failure"));
    QCOMPARE(end.state, OperationRecord::State::Failed);
    QCOMPARE(end.outcome, QStringLiteral("Not started: runbook 'cluster-node-failure' is for cluster deployments; this one is sentinel."));
    QVERIFY(end.operationId.isEmpty());
}

void TestRunbookRunner::sentinelMasterDown()
{
    auto s = sentinelSession();
    QVERIFY(s);
    // The failovers of the tests before have settled: both replicas in sync, no failover running.
    QVERIFY(QTest::qWaitFor([&] {
        const SnapshotPtr snap = s->snapshot();
        const RunbookFacts facts(*snap, HealthChecker().check(*snap));
        const auto inSync = facts.value(QStringLiteral("master.replicas_in_sync"));
        return inSync.isKnown() && inSync.number == 2 && snap->failoverState.isEmpty() && snap->sentinelMasterViews.isEmpty();
    }, 30000));
    const Endpoint master = s->snapshot()->master()->endpoint;
    FaultInjector faults(m_sentinel.get());
    QVERIFY(faults.kill(master));
    const RunbookRunState end = runToEnd(*s, QStringLiteral("sentinel-master-down"));
    if (end.state != OperationRecord::State::Succeeded) { // what the sentinels say, for the failure message
        for (const LabNode &n : m_sentinel->topology().nodesWithRole(LabNode::Role::Sentinel)) {
            RedisConnection c(m_sentinel->topology().connectionOptions(n.endpoint));
            qWarning().noquote() << n.endpoint.toString() << labtest::describe(labtest::execute(c, RespCommand{"SENTINEL", "MASTERS"}));
            qWarning().noquote() << n.endpoint.toString() << labtest::describe(labtest::execute(c, RespCommand{"SENTINEL", "REPLICAS", "mymaster"}));
        }
    }
    QVERIFY2(end.state == OperationRecord::State::Succeeded, qPrintable(details(end)));
    QVERIFY(s->snapshot()->master()->endpoint != master);
    QVERIFY(faults.restart(master));
}

void TestRunbookRunner::clusterRunbooks()
{
    m_sentinel.reset(); // one lab at a time: the machine is small
    m_cluster = labtest::startedLab(LabSpec::Kind::Cluster, 1, 2);
    QVERIFY(m_cluster);
    QString why;
    QVERIFY2(labtest::waitClusterSettled(*m_cluster, why), qPrintable(why));
    QCOMPARE(labtest::seedKeys(*m_cluster, "rb:", 3000, 32), QString());
    auto s = clusterSession();
    QVERIFY(s);

    // An open slot left behind (IMPORTING on one master, MIGRATING on its owner, no key moved).
    const QVector<Endpoint> owners = labtest::slotOwners(*m_cluster);
    const QList<Endpoint> masters = labtest::mastersBySlot(*m_cluster);
    const int slot = 42;
    const Endpoint owner = owners.at(slot);
    const Endpoint other = masters.at(1);
    QByteArray ownerId, otherId;
    for (const Node &n : s->snapshot()->nodes) {
        if (n.endpoint == owner)
            ownerId = n.id.toUtf8();
        if (n.endpoint == other)
            otherId = n.id.toUtf8();
    }
    QVERIFY(labtest::execute(*m_cluster->control(other), RespCommand{"CLUSTER", "SETSLOT", "42", "IMPORTING", ownerId}).ok());
    QVERIFY(labtest::execute(*m_cluster->control(owner), RespCommand{"CLUSTER", "SETSLOT", "42", "MIGRATING", otherId}).ok());
    QVERIFY(!labtest::openSlots(*m_cluster).isEmpty());
    RunbookRunState end = runToEnd(*s, QStringLiteral("open-slots-after-migration"));
    QVERIFY2(end.state == OperationRecord::State::Succeeded, qPrintable(details(end)));
    QCOMPARE(labtest::openSlots(*m_cluster), QStringList());
    QCOMPARE(journaled(end.steps.at(3).operationId).kind, QStringLiteral("cluster-fix"));

    // A shard added (a master and its replica) and given its share; then drained and removed.
    const QList<LabNode> spares = m_cluster->topology().nodesWithRole(LabNode::Role::Spare);
    QCOMPARE(spares.size(), 2);
    const QString added = spares.at(0).endpoint.toString();
    end = runToEnd(*s, QStringLiteral("add-shard-and-rebalance"),
                   {{QStringLiteral("node"), added}, {QStringLiteral("replica"), spares.at(1).endpoint.toString()}});
    QVERIFY2(end.state == OperationRecord::State::Succeeded, qPrintable(details(end)));
    QCOMPARE(labtest::mastersBySlot(*m_cluster).size(), 4);
    QVERIFY(labtest::mastersBySlot(*m_cluster).contains(spares.at(0).endpoint));
    labtest::ReadBack back = labtest::readBack(*m_cluster, "rb:", 3000, 32);
    QVERIFY2(back.present == 3000, qPrintable(back.toString()));

    end = runToEnd(*s, QStringLiteral("drain-and-remove-shard"), {{QStringLiteral("node"), added}});
    QVERIFY2(end.state == OperationRecord::State::Succeeded, qPrintable(details(end)));
    QCOMPARE(labtest::mastersBySlot(*m_cluster).size(), 3);
    QVERIFY(!labtest::mastersBySlot(*m_cluster).contains(spares.at(0).endpoint));
    back = labtest::readBack(*m_cluster, "rb:", 3000, 32);
    QVERIFY2(back.present == 3000, qPrintable(back.toString()));
    QCOMPARE(labtest::openSlots(*m_cluster), QStringList());
}

void TestRunbookRunner::clusterNodeFailure()
{
    QVERIFY(m_cluster);
    auto s = clusterSession();
    QVERIFY(s);
    // Kill a master that has a replica: the replica takes over its slots.
    Endpoint victim;
    for (const Node *m : s->snapshot()->masters())
        if (m->slotCount > 0 && !s->snapshot()->replicasOf(m->id).isEmpty())
            victim = m->endpoint;
    QVERIFY(victim.isValid());
    FaultInjector faults(m_cluster.get());
    QVERIFY(faults.kill(victim));
    const RunbookRunState end = runToEnd(*s, QStringLiteral("cluster-node-failure"));
    QVERIFY2(end.state == OperationRecord::State::Succeeded, qPrintable(details(end)));
    // The cluster (a live node's CLUSTER NODES) gave the victim's slots to its replica.
    const QList<Endpoint> owners = labtest::mastersBySlot(*m_cluster);
    QCOMPARE(owners.size(), 3);
    QVERIFY(!owners.contains(victim));
    const labtest::ReadBack back = labtest::readBack(*m_cluster, "rb:", 3000, 32);
    QVERIFY2(back.present == 3000, qPrintable(back.toString()));
}

QTEST_MAIN(TestRunbookRunner)
#include "tst_runbookrunner.moc"
