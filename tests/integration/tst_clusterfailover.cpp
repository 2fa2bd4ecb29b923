// Guided cluster manual failover end to end on a real lab (3 masters, 1 replica each): survey →
// plan → one journaled CLUSTER FAILOVER [FORCE|TAKEOVER] → verification (ROLE, CLUSTER NODES from
// several nodes, the epoch change). Each mode fails over another shard while a writer records
// every acknowledged write on it; the default (coordinated) mode must lose none, FORCE runs with
// the master SIGSTOPped, and what each mode loses is reported with its time to verified. The
// journal is read back afterwards: the operation and its one step, as previewed.
#include "AckedWriter.h"
#include "LabFixture.h"
#include "actions/ClusterFailoverExecutor.h"
#include "actions/ClusterFailoverPlanner.h"
#include "actions/ClusterSurveyor.h"
#include "actions/OperationRunner.h"
#include "core/Clock.h"
#include "discovery/ClusterNodesParser.h"
#include "discovery/RoleReply.h"
#include "history/AsyncHistoryStore.h"
#include "history/HistoryStore.h"
#include "lab/FaultInjector.h"
#include "model/HashSlot.h"
#include "resp/RedisConnection.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace ops;
using labtest::describe;
using labtest::execute;
using Mode = ClusterFailoverRequest::Mode;

class TestClusterFailover : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();
    void failover_data();
    void failover();
    void cancelBeforeTheCommandSendsNothing();
    void serverSideTimeoutIsReported();
    void automaticFailoverOvertakingIsReported();
    void unknownOutcomeIsReadBackNotResent();

private:
    ClusterFailoverPlan planFor(const Endpoint &replica, Mode mode, int surveyTimeoutMs);
    QList<ClusterNodeLine> nodesOf(const Endpoint &node);
    /** Once the cluster is settled: the @p index-th master by its first slot and its replica, as the cluster says now. */
    bool findShard(int index, ClusterNodeLine &master, Endpoint &replica, QList<ClusterNodeLine> *masters = nullptr);
    /** The operation as the journal has it, read back from the file. */
    std::optional<OperationRecord> stored(const QString &id);
    /** Journals and runs @p plan; the executor's result (Unknown state when it did not finish). */
    ClusterFailoverExecutor::Result run(const ClusterFailoverPlan &plan, OperationRecord &record, bool cancelAtOnce = false);
    Endpoint roleMasterOf(const Endpoint &node);
    /** The last @p lines of the server logs of @p nodes (a failed row's evidence). */
    QString serverLogs(const QList<Endpoint> &nodes, int lines = 40) const;

    std::unique_ptr<LocalLab> m_lab;
    std::unique_ptr<FaultInjector> m_faults;
    QTemporaryDir m_dir;
    std::unique_ptr<AsyncHistoryStore> m_journal;
    Endpoint m_frozen;
};

void TestClusterFailover::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_lab = labtest::startedLab(LabSpec::Kind::Cluster, 1);
    QVERIFY(m_lab);
    m_faults = std::make_unique<FaultInjector>(m_lab.get());
    m_journal = std::make_unique<AsyncHistoryStore>(m_dir.filePath(QStringLiteral("history.db")));
    std::optional<HistoryError> opened;
    m_journal->open(this, [&](int, const HistoryError &e) { opened = e; });
    QTRY_VERIFY(opened.has_value());
    QVERIFY2(!opened->isError(), qPrintable(opened->message));
}

void TestClusterFailover::cleanup()
{
    if (m_frozen.isValid()) // a failed row must not leave a stopped server behind
        m_faults->thaw(m_frozen);
    m_frozen = {};
}

void TestClusterFailover::cleanupTestCase()
{
    cleanup();
    if (m_journal)
        m_journal->close();
    m_faults.reset();
    m_lab.reset();
}

QList<ClusterNodeLine> TestClusterFailover::nodesOf(const Endpoint &node)
{
    RedisConnection c(m_lab->topology().connectionOptions(node));
    const RedisResult r = execute(c, RespCommand{"CLUSTER", "NODES"});
    if (!r.ok())
        return {};
    Parsed<QList<ClusterNodeLine>> lines = parseClusterNodes(r.value().bytes());
    return lines.ok() ? lines.take() : QList<ClusterNodeLine>{};
}

Endpoint TestClusterFailover::roleMasterOf(const Endpoint &node)
{
    RedisConnection c(m_lab->topology().connectionOptions(node));
    const RedisResult r = execute(c, RespCommand{"ROLE"}, 1000, 3000);
    const Parsed<RoleInfo> role = r.ok() ? parseRole(r.value()) : Parsed<RoleInfo>(ParseError{});
    if (!role.ok() || role.value().role != RoleInfo::Role::Replica || role.value().linkState != "connected")
        return {};
    return Endpoint{role.value().masterHost, role.value().masterPort};
}

QString TestClusterFailover::serverLogs(const QList<Endpoint> &nodes, int lines) const
{
    QStringList out;
    for (const LabNode &n : m_lab->topology().nodes) {
        if (!nodes.contains(n.endpoint))
            continue;
        QFile f(n.directory + QStringLiteral("/server.log"));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> all = f.readAll().trimmed().split('\n');
        out << QStringLiteral("--- %1 (%2)").arg(n.endpoint.toString(), LabNode::roleName(n.role));
        for (qsizetype i = std::max<qsizetype>(0, all.size() - lines); i < all.size(); ++i)
            out << QString::fromUtf8(all[i]);
    }
    return out.join(QLatin1Char('\n'));
}

ClusterFailoverPlan TestClusterFailover::planFor(const Endpoint &replica, Mode mode, int surveyTimeoutMs)
{
    ClusterSurveyor::Options o;
    o.seeds = {replica};
    o.dataOptions = m_lab->topology().connectionOptions(replica);
    o.timeoutMs = surveyTimeoutMs;
    ClusterSurveyor surveyor(o);
    QSignalSpy done(&surveyor, &ClusterSurveyor::finished);
    surveyor.start();
    if (!done.wait(20000))
        return {};
    ClusterFailoverRequest request;
    request.replica = replica;
    request.mode = mode;
    return ClusterFailoverPlanner::plan(done.constFirst().constFirst().value<ClusterSurvey>(), request);
}

std::optional<OperationRecord> TestClusterFailover::stored(const QString &id)
{
    HistoryStore store(m_dir.filePath(QStringLiteral("history.db")));
    if (store.open().isError())
        return std::nullopt;
    return store.operation(id);
}

bool TestClusterFailover::findShard(int index, ClusterNodeLine &master, Endpoint &replica, QList<ClusterNodeLine> *masters)
{
    QString why;
    if (!labtest::waitClusterSettled(*m_lab, why, 60000)) {
        qWarning().noquote() << "the cluster did not settle:" << why;
        return false;
    }
    QList<ClusterNodeLine> found;
    const QList<ClusterNodeLine> all = nodesOf(m_lab->topology().nodes.constFirst().endpoint);
    for (const ClusterNodeLine &l : all)
        if (l.isMaster() && l.slotCount() > 0)
            found << l;
    std::sort(found.begin(), found.end(),
              [](const auto &a, const auto &b) { return a.slotRanges.first().first < b.slotRanges.first().first; });
    if (found.size() != 3)
        return false;
    master = found[index];
    replica = {};
    for (const ClusterNodeLine &l : all)
        if (l.isReplica() && l.masterId == master.id)
            replica = Endpoint{l.host, l.port};
    if (masters != nullptr)
        *masters = found;
    return replica.isValid();
}

ClusterFailoverExecutor::Result TestClusterFailover::run(const ClusterFailoverPlan &plan, OperationRecord &record,
                                                        bool cancelAtOnce)
{
    record.id = OperationRecord::newId();
    record.kind = QStringLiteral("cluster-failover");
    record.deploymentId = plan.deploymentId;
    record.operatorName = OperationRecord::currentOperator();
    record.target = plan.target.toString();
    record.mode = ClusterFailoverRequest::modeName(plan.request.mode);
    record.plan = plan.toJson();
    OperationRunner::Options runnerOptions;
    runnerOptions.dataOptions = m_lab->topology().connectionOptions(plan.target);
    runnerOptions.connectTimeoutMs = 1000;
    runnerOptions.commandTimeoutMs = 3000;
    OperationRunner runner(record, runnerOptions, m_journal.get(), Clock::system());
    ClusterFailoverExecutor executor(plan, &runner);
    QStringList phases;
    connect(&executor, &ClusterFailoverExecutor::phaseChanged, this,
            [&](ClusterFailoverExecutor::Phase, const QString &text) { phases << text; });
    QSignalSpy finished(&executor, &ClusterFailoverExecutor::finished);
    executor.start();
    if (cancelAtOnce)
        executor.cancel();
    if (!finished.wait(60000))
        return {};
    qInfo().noquote() << phases.join(QLatin1Char('\n'));
    return finished.constFirst().constFirst().value<ClusterFailoverExecutor::Result>();
}

void TestClusterFailover::failover_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<int>("shard"); // which master: each mode fails over another shard
    QTest::newRow("default") << int(Mode::Default) << 0;
    QTest::newRow("force, master SIGSTOPped") << int(Mode::Force) << 1;
    QTest::newRow("takeover") << int(Mode::Takeover) << 2;
}

void TestClusterFailover::failover()
{
    QFETCH(int, mode);
    QFETCH(int, shard);
    ClusterNodeLine master;
    Endpoint replica;
    QList<ClusterNodeLine> masters;
    QVERIFY(findShard(shard, master, replica, &masters));
    const Endpoint oldMaster{master.host, master.port};

    // A hash tag in the shard's slots: every key of the writer lands on it (one slot, MGET-able).
    QByteArray tag;
    for (int i = 0; tag.isEmpty(); ++i) {
        const QByteArray candidate = "{s" + QByteArray::number(shard) + '-' + QByteArray::number(i) + '}';
        for (const SlotRange &r : master.slotRanges)
            if (r.contains(HashSlot::of(candidate)))
                tag = candidate;
    }
    const QByteArray prefix = tag + QByteArray(QTest::currentDataTag()).left(5) + ":w:";
    ConnectionOptions writerOptions = m_lab->topology().connectionOptions(oldMaster);
    writerOptions.reconnect.enabled = false;
    AckedWriter writer(writerOptions, prefix, 3000);
    writer.start();
    QTRY_VERIFY(writer.acked().size() > 200); // writes flow before the operator confirms

    RedisConnection replicaConnection(m_lab->topology().connectionOptions(replica));
    if (Mode(mode) == Mode::Force) {
        // The cluster's own failover would race ours after cluster-node-timeout (2 s in the lab):
        // the replica does not start one by itself; a manual FORCE still runs.
        QVERIFY(execute(replicaConnection, RespCommand{"CONFIG", "SET", "cluster-replica-no-failover", "yes"}).ok());
        QVERIFY(m_faults->freeze(oldMaster));
        m_frozen = oldMaster;
    }

    ClusterFailoverPlan plan;
    const int surveyTimeout = Mode(mode) == Mode::Force ? 800 : 3000;
    QTRY_VERIFY_WITH_TIMEOUT((plan = planFor(replica, Mode(mode), surveyTimeout)).allowed(), 30000);
    qInfo().noquote() << plan.describe().join(QLatin1Char('\n'));
    QCOMPARE(plan.target, replica);
    QCOMPARE(plan.oldMaster, oldMaster);

    OperationRecord record;
    const ClusterFailoverExecutor::Result result = run(plan, record);
    QVERIFY2(result.state == OperationRecord::State::Succeeded, qPrintable(result.outcome));
    QCOMPARE(result.promoted, replica);
    QVERIFY(!result.overtaken);
    // At the moment it says verified, the replica's own ROLE says master (no QTRY: already true).
    QCOMPARE(execute(replicaConnection, RespCommand{"ROLE"}).value()[0].bytes(), QByteArrayLiteral("master"));
    QVERIFY2(result.configEpochAfter > result.configEpochBefore,
             qPrintable(QStringLiteral("%1 -> %2").arg(result.configEpochBefore).arg(result.configEpochAfter)));
    QVERIFY(result.currentEpochBefore >= 0);

    // Independently of the verifier: another master's view names the replica master of the slots.
    const Endpoint other{masters[(shard + 1) % 3].host, masters[(shard + 1) % 3].port};
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const ClusterNodeLine &l : nodesOf(other))
                if (Endpoint{l.host, l.port} == replica)
                    return l.isMaster() && l.slotCount() == master.slotCount();
            return false;
        }(),
        10000);

    if (Mode(mode) == Mode::Force) {
        QVERIFY(m_faults->thaw(oldMaster));
        m_frozen = {};
        QVERIFY(execute(replicaConnection, RespCommand{"CONFIG", "SET", "cluster-replica-no-failover", "no"}).ok());
    }
    // The old master comes back as a replica of the new one (after SIGCONT in FORCE).
    QTRY_VERIFY_WITH_TIMEOUT(roleMasterOf(oldMaster) == replica, 30000);
    // The writer stops at the old master's first error (MOVED once demoted; a timeout while frozen).
    QTRY_VERIFY_WITH_TIMEOUT(writer.stopped(), 30000);
    RedisConnection holder(m_lab->topology().connectionOptions(replica));
    int lost = -1;
    QTRY_VERIFY_WITH_TIMEOUT((lost = writer.missing(holder)) >= 0, 5000);
    qInfo("%s: confirmation to verified %lld ms (promoted after %lld ms, old master back after %lld ms), "
          "config epoch %lld -> %lld; %lld acknowledged writes, %d lost (writer stopped: %s)",
          QTest::currentDataTag(), result.totalMs, result.promotedMs, result.oldMasterBackMs, result.configEpochBefore,
          result.configEpochAfter, qint64(writer.acked().size()), lost, qPrintable(writer.stopReason()));
    if (Mode(mode) == Mode::Default)
        QCOMPARE(lost, 0);

    // The journal read back: the operation and its step, as previewed, answered.
    const std::optional<OperationRecord> journaled = stored(record.id);
    QVERIFY(journaled.has_value());
    QCOMPARE(journaled->state, OperationRecord::State::Succeeded);
    QCOMPARE(journaled->kind, QStringLiteral("cluster-failover"));
    QVERIFY(journaled->deploymentId.startsWith(QStringLiteral("cluster:")));
    QStringList commands;
    for (const OperationStep &s : journaled->steps) {
        QCOMPARE(s.state, OperationStep::State::Answered);
        QCOMPARE(s.targetNode, replica.toString());
        commands << s.commandText;
    }
    QStringList planned;
    for (const PlannedCommand &c : plan.commands)
        planned << c.command.redactedText();
    QCOMPARE(commands, planned);
    QCOMPARE(journaled->details.value(QStringLiteral("configEpochAfter")).toInteger(), result.configEpochAfter);
}

void TestClusterFailover::cancelBeforeTheCommandSendsNothing()
{
    ClusterNodeLine master;
    Endpoint replica;
    QVERIFY(findShard(0, master, replica));
    // Another console's action is connected to the replica: the survey shows it as a warning.
    ConnectionOptions otherConsole = m_lab->topology().connectionOptions(replica);
    otherConsole.clientName = QByteArrayLiteral("redis-ops:op:0123abcd:someone-else");
    RedisConnection other(otherConsole);
    QCOMPARE(labtest::openAndWait(other).kind(), RedisError::Kind::None);
    const ClusterFailoverPlan plan = planFor(replica, Mode::Default, 3000);
    QVERIFY2(plan.allowed(), qPrintable(plan.describe().join(QLatin1Char('\n'))));
    const auto check = std::find_if(plan.checks.cbegin(), plan.checks.cend(),
                                    [](const PreCheck &c) { return c.id == QStringLiteral("other-operators"); });
    QVERIFY(check != plan.checks.cend());
    QCOMPARE(check->status, PreCheck::Status::Warn);
    QVERIFY2(check->evidence.contains(QStringLiteral("redis-ops:op:0123abcd:someone-else on ") + replica.toString()),
             qPrintable(check->evidence));
    OperationRecord record;
    const ClusterFailoverExecutor::Result result = run(plan, record, true);
    QCOMPARE(result.state, OperationRecord::State::Cancelled);
    const Endpoint masterEndpoint{master.host, master.port};
    QCOMPARE(roleMasterOf(replica), masterEndpoint); // still its replica
    const std::optional<OperationRecord> journaled = stored(record.id);
    QVERIFY(journaled.has_value());
    QCOMPARE(journaled->state, OperationRecord::State::Cancelled);
    QVERIFY(journaled->steps.isEmpty()); // nothing was sent, nothing journaled as sent
}

// The master stops answering between the plan and the command (SIGSTOP): the replica accepts
// CLUSTER FAILOVER (the master is not flagged failed yet), never gets the master's paused offset,
// and its manual failover times out server-side ("Manual failover timed out"): reported as such.
void TestClusterFailover::serverSideTimeoutIsReported()
{
    ClusterNodeLine master;
    Endpoint replica;
    QVERIFY(findShard(1, master, replica));
    const Endpoint oldMaster{master.host, master.port};
    RedisConnection replicaConnection(m_lab->topology().connectionOptions(replica));
    QVERIFY(execute(replicaConnection, RespCommand{"CONFIG", "SET", "cluster-replica-no-failover", "yes"}).ok());
    ClusterFailoverPlan plan = planFor(replica, Mode::Default, 3000);
    QVERIFY2(plan.allowed(), qPrintable(plan.describe().join(QLatin1Char('\n'))));
    plan.request.verifyMarginMs = 1500; // the deadline: the server's 5 s + 1.5 s
    QVERIFY(m_faults->freeze(oldMaster));
    m_frozen = oldMaster;
    OperationRecord record;
    const ClusterFailoverExecutor::Result result = run(plan, record);
    QVERIFY(m_faults->thaw(oldMaster));
    m_frozen = {};
    // The replica may fail over by itself again only once no node flags the master FAIL any more.
    // Before that, it would start an automatic election that the master's return cuts short, and
    // Redis lets a replica try again only after 4 × cluster-node-timeout: the next row's manual
    // failover on this shard would wait out that window (measured: 2.5 s of its 5 s).
    QString why;
    QVERIFY2(labtest::waitClusterSettled(*m_lab, why, 60000), qPrintable(why));
    QVERIFY(execute(replicaConnection, RespCommand{"CONFIG", "SET", "cluster-replica-no-failover", "no"}).ok());
    QCOMPARE(result.state, OperationRecord::State::Failed);
    QVERIFY2(result.serverTimedOut, qPrintable(result.outcome));
    QVERIFY2(result.outcome.contains(QStringLiteral("timed out on the server's side")), qPrintable(result.outcome));
    QVERIFY(result.totalMs >= plan.manualFailoverTimeoutMs);
    // The master is back and still the master of its shard.
    QTRY_COMPARE_WITH_TIMEOUT(roleMasterOf(replica), oldMaster, 30000);
}

// FORCE planned against a frozen master, but the cluster's own failover (cluster-node-timeout
// 2 s in the lab) promotes the replica before the operator confirms: nothing is sent, and the
// operation reports that an automatic failover overtook it.
void TestClusterFailover::automaticFailoverOvertakingIsReported()
{
    ClusterNodeLine master;
    Endpoint replica;
    QVERIFY(findShard(2, master, replica));
    const Endpoint oldMaster{master.host, master.port};
    QVERIFY(m_faults->freeze(oldMaster));
    m_frozen = oldMaster;
    const ClusterFailoverPlan plan = planFor(replica, Mode::Force, 800);
    QVERIFY2(plan.allowed(), qPrintable(plan.describe().join(QLatin1Char('\n'))));
    RedisConnection replicaConnection(m_lab->topology().connectionOptions(replica));
    QTRY_VERIFY_WITH_TIMEOUT(execute(replicaConnection, RespCommand{"ROLE"}).value().toDisplayString().contains(QStringLiteral("master")),
                             30000);
    OperationRecord record;
    const ClusterFailoverExecutor::Result result = run(plan, record);
    QVERIFY(m_faults->thaw(oldMaster));
    m_frozen = {};
    QCOMPARE(result.state, OperationRecord::State::Aborted);
    QVERIFY(result.overtaken);
    QCOMPARE(result.promoted, replica);
    QVERIFY2(result.outcome.contains(QStringLiteral("automatic failover overtook")), qPrintable(result.outcome));
    const std::optional<OperationRecord> journaled = stored(record.id);
    QVERIFY(journaled.has_value() && journaled->steps.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(roleMasterOf(oldMaster), replica, 30000);
}

// The target stops (SIGSTOP) just as CLUSTER FAILOVER goes out: no reply within the command
// timeout, the step is journaled Unknown. The executor does not resend: it verifies; once the
// target runs again it executes the command it already received and the failover is verified.
void TestClusterFailover::unknownOutcomeIsReadBackNotResent()
{
    ClusterNodeLine master;
    Endpoint replica;
    QVERIFY(findShard(1, master, replica));
    const ClusterFailoverPlan plan = planFor(replica, Mode::Default, 3000);
    QVERIFY2(plan.allowed(), qPrintable(plan.describe().join(QLatin1Char('\n'))));
    OperationRecord record;
    record.id = OperationRecord::newId();
    record.kind = QStringLiteral("cluster-failover");
    record.plan = plan.toJson();
    OperationRunner::Options runnerOptions;
    runnerOptions.dataOptions = m_lab->topology().connectionOptions(replica);
    runnerOptions.connectTimeoutMs = 500;
    runnerOptions.commandTimeoutMs = 800; // the target's freeze (< cluster-node-timeout) outlasts it
    OperationRunner runner(record, runnerOptions, m_journal.get(), Clock::system());
    ClusterFailoverExecutor executor(plan, &runner);
    connect(&executor, &ClusterFailoverExecutor::phaseChanged, this,
            [&](ClusterFailoverExecutor::Phase phase, const QString &) {
                if (phase == ClusterFailoverExecutor::Phase::FailingOver && m_faults->freeze(replica))
                    m_frozen = replica;
            });
    int unknownSteps = 0;
    connect(&runner, &OperationRunner::stepChanged, this, [&](const OperationStep &step) {
        if (step.state != OperationStep::State::Unknown)
            return;
        ++unknownSteps;
        m_faults->thaw(replica);
        m_frozen = {};
    });
    QSignalSpy finished(&executor, &ClusterFailoverExecutor::finished);
    executor.start();
    QVERIFY(finished.wait(60000));
    const auto result = finished.constFirst().constFirst().value<ClusterFailoverExecutor::Result>();
    QCOMPARE(unknownSteps, 1);
    if (result.state != OperationRecord::State::Succeeded)
        qWarning("%s", qPrintable(serverLogs({replica, Endpoint{master.host, master.port}})));
    QVERIFY2(result.state == OperationRecord::State::Succeeded, qPrintable(result.outcome));
    QVERIFY(result.details.value(QStringLiteral("replyUnknown")).toBool());
    const std::optional<OperationRecord> journaled = stored(record.id);
    QVERIFY(journaled.has_value());
    QCOMPARE(int(journaled->steps.size()), 1); // not resent
    QCOMPARE(journaled->steps.first().state, OperationStep::State::Unknown);
    qInfo("unknown outcome: verified %lld ms after confirmation", result.totalMs);
}

QTEST_GUILESS_MAIN(TestClusterFailover)
#include "tst_clusterfailover.moc"
