// `redis-ops failover` as an operator runs it, on a real Sentinel lab (1 master, 2 replicas,
// 3 sentinels), with its data dir, HOME and XDG dirs in a temporary directory:
// - killed with SIGKILL right after CLIENT PAUSE is answered (graceful mode): the journal shows
//   the operation unfinished with its steps up to the pause, the pause ends by itself within its
//   bound (how long writes stayed blocked is measured), `history --operations` lists it as
//   unfinished and the next `failover` warns about it; that run then succeeds and the sentinel
//   events it heard are in the history with its operation id. The killed run's target is held a
//   few bytes behind by the same relay as below, so its catch-up cannot finish before the kill
//   (no race between the kill and SENTINEL FAILOVER);
// - a replica lagging over --max-lag is refused without --override-lag and allowed with it. The
//   lag is made without a race: the replica replicates through a HoldingProxy that holds back
//   what the master streams, so its link stays up and it answers while it is exactly that far
//   behind.
// No fixed sleeps: every wait is on output, a signal or a server state, with a deadline.
#include "CliProcess.h"
#include "HoldingProxy.h"
#include "LabFixture.h"
#include "ConsoleRuntime.h"
#include "history/HistoryStore.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace ops;
using labtest::describe;
using labtest::execute;

namespace {

/** redis-ops with HOME, XDG dirs and --data-dir in @p home. */
class CliRun : public CliProcess
{
public:
    CliRun(const QString &home, const QStringList &args) : CliProcess(QStringLiteral(REDIS_OPS_BINARY), home, args) {}
};

bool isEvent(const QJsonObject &o, const char *event) { return o.value(QStringLiteral("event")).toString() == QLatin1String(event); }

} // namespace

class TestCliFailover : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void killedDuringGracefulFailover();
    void consoleKilledDuringGracefulFailover();
    void laggingReplicaNeedsOverride();

private:
    QStringList failoverArgs() const;
    Endpoint currentMaster();
    /** Until a dry run's plan is allowed (a fresh lab: every sentinel knows every replica): polled, 60 s at most. */
    bool settled();
    /** SENTINEL SET failover-timeout on every sentinel (it also bounds Sentinel's fix-slave-config). */
    bool setFailoverTimeout(int ms);
    /**
     * Makes @p replica replicate from @p master through @p proxy (Sentinel's fix-slave-config
     * put off first) and waits until it is in sync; then setHolding(true) on the proxy holds it
     * back by exactly what the master writes meanwhile.
     */
    void relay(HoldingProxy &proxy, const Endpoint &replica, const Endpoint &master);
    /** Master's master_repl_offset, @p replica's slave_repl_offset and its master_link_status. */
    std::tuple<qint64, qint64, QByteArray> offsets(const Endpoint &master, const Endpoint &replica);
    /**
     * The replica's link is up and it has applied everything the master had sent when asked
     * (the master is read first). Equal offsets read apart would need a moment without the
     * sentinels' hello messages, which a slow (sanitizer) build rarely finds.
     */
    bool caughtUp(const Endpoint &master, const Endpoint &replica);
    /** @p count SETs of 4 KiB to @p master. */
    void write(const Endpoint &master, int count);
    /** relay(), then holding: @p writes SETs of 4 KiB are held back from @p replica. Null on failure. */
    std::unique_ptr<HoldingProxy> heldBehind(const Endpoint &replica, const Endpoint &master, int writes);
    QString historyFile() const { return m_home->path() + QStringLiteral("/data/history.sqlite"); }

    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<LocalLab> m_lab;
};

void TestCliFailover::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
    m_lab = labtest::startedLab(LabSpec::Kind::Sentinel, 2);
    QVERIFY(m_lab);
}

void TestCliFailover::cleanup()
{
    m_lab.reset();
    m_home.reset();
}

QStringList TestCliFailover::failoverArgs() const
{
    QStringList args{QStringLiteral("failover")};
    for (const LabNode &s : m_lab->topology().nodesWithRole(LabNode::Role::Sentinel))
        args << QStringLiteral("--sentinel") << s.endpoint.toString();
    return args << QStringLiteral("--master") << m_lab->topology().spec.masterName << QStringLiteral("--json");
}

Endpoint TestCliFailover::currentMaster()
{
    return labtest::sentinelMaster(*m_lab);
}

bool TestCliFailover::setFailoverTimeout(int ms)
{
    const LabTopology &t = m_lab->topology();
    for (const LabNode &s : t.nodesWithRole(LabNode::Role::Sentinel)) {
        RedisConnection c(t.connectionOptions(s.endpoint));
        const RedisResult r = execute(c, RespCommand{"SENTINEL", "SET", t.spec.masterName.toUtf8(), "failover-timeout", QByteArray::number(ms)});
        if (!r.ok()) {
            qWarning("%s", describe(r).constData());
            return false;
        }
    }
    return true;
}

std::tuple<qint64, qint64, QByteArray> TestCliFailover::offsets(const Endpoint &master, const Endpoint &replica)
{
    RedisConnection m(m_lab->topology().connectionOptions(master));
    RedisConnection r(m_lab->topology().connectionOptions(replica));
    const RedisResult mi = execute(m, RespCommand{"INFO", "replication"});
    const RedisResult ri = execute(r, RespCommand{"INFO", "replication"});
    return {labtest::infoField(mi, "master_repl_offset").toLongLong(), labtest::infoField(ri, "slave_repl_offset").toLongLong(),
            labtest::infoField(ri, "master_link_status")};
}

bool TestCliFailover::caughtUp(const Endpoint &master, const Endpoint &replica)
{
    const auto [masterOffset, replicaOffset, link] = offsets(master, replica);
    return link == "up" && masterOffset > 0 && replicaOffset >= masterOffset;
}

void TestCliFailover::relay(HoldingProxy &proxy, const Endpoint &replica, const Endpoint &master)
{
    // Sentinel points a replica that follows another address back at the master once
    // failover-timeout (5 s in the lab) has passed: not during this test.
    QVERIFY(setFailoverTimeout(600000));
    QVERIFY(proxy.start());
    RedisConnection c(m_lab->topology().connectionOptions(replica));
    const RedisResult r = execute(c, RespCommand{"REPLICAOF", "127.0.0.1", QByteArray::number(proxy.port())});
    QVERIFY2(r.ok(), describe(r).constData());
    QTRY_VERIFY_WITH_TIMEOUT(proxy.connectionsSeen() > 0 && caughtUp(master, replica), 20000);
}

void TestCliFailover::write(const Endpoint &master, int count)
{
    RedisConnection c(m_lab->topology().connectionOptions(master));
    const QByteArray value(4096, 'x');
    for (int i = 0; i < count; ++i)
        QVERIFY(execute(c, RespCommand{"SET", "lag:" + QByteArray::number(i), value}).ok());
}

std::unique_ptr<HoldingProxy> TestCliFailover::heldBehind(const Endpoint &replica, const Endpoint &master, int writes)
{
    auto proxy = std::make_unique<HoldingProxy>(master.port);
    relay(*proxy, replica, master);
    if (QTest::currentTestFailed())
        return {};
    proxy->setHolding(true);
    write(master, writes);
    // Streamed by the master, held by the proxy.
    if (!QTest::qWaitFor([&] { return proxy->heldBytes() >= qint64(writes) * 4096; }, 5000))
        return {};
    return proxy;
}

bool TestCliFailover::settled()
{
    QByteArray last;
    const bool ok = QTest::qWaitFor([&] {
        CliRun dry(m_home->path(), failoverArgs() << QStringLiteral("--graceful") << QStringLiteral("--dry-run"));
        if (!dry.finished(30000))
            return false;
        last = dry.out() + dry.err();
        return dry.process().exitCode() == 0;
    }, 60000);
    if (!ok)
        qWarning("the lab did not settle: %s", last.constData());
    return ok;
}

void TestCliFailover::killedDuringGracefulFailover()
{
    const QStringList graceful = failoverArgs() << QStringLiteral("--graceful") << QStringLiteral("--yes")
                                                << QStringLiteral("--pause-timeout") << QStringLiteral("3000");
    QVERIFY(settled());
    // The CLI must not get past the pause before it is killed, without a race: its target
    // replicates through a relay that holds back one write, so it is a few bytes behind (well
    // under --max-lag: the plan allows it) and its catch-up can never finish (it would time out
    // after 3 s and abort; the kill comes first). The target answers everything meanwhile.
    const Endpoint oldMaster = currentMaster();
    const Endpoint target = m_lab->topology().nodesWithRole(LabNode::Role::Replica).constFirst().endpoint;
    const std::unique_ptr<HoldingProxy> proxy = heldBehind(target, oldMaster, 1);
    QVERIFY(proxy);
    QString operationId;
    qint64 pausedAtMs = 0; // wall clock of CLIENT PAUSE's answer, as journaled by the CLI
    {
        CliRun run(m_home->path(), QStringList(graceful) << QStringLiteral("--to") << target.toString());
        const bool planned = QTest::qWaitFor([&] { return run.sawLine([](const QJsonObject &o) { return isEvent(o, "plan"); }); }, 20000);
        QVERIFY2(planned, (run.out() + run.err()).constData());
        QCOMPARE(run.lastMatch().value(QStringLiteral("target")).toString(), target.toString());
        const bool started = QTest::qWaitFor([&] { return run.sawLine([](const QJsonObject &o) { return isEvent(o, "started"); }); }, 10000);
        QVERIFY2(started, (run.out() + run.err()).constData());
        operationId = run.lastMatch().value(QStringLiteral("operation")).toString();
        // The sentinels read the new replica-priority first (their INFO of a replica: every 10 s).
        const bool paused = QTest::qWaitFor([&] {
            return run.sawLine([](const QJsonObject &o) {
                return isEvent(o, "step") && o.value(QStringLiteral("command")).toString().startsWith(QStringLiteral("CLIENT PAUSE"))
                    && o.value(QStringLiteral("state")).toString() == QStringLiteral("answered");
            });
        }, 30000);
        if (paused)
            ::kill(pid_t(run.process().processId()), SIGKILL);
        QVERIFY2(paused, (run.out() + run.err()).constData());
        pausedAtMs = run.lastMatch().value(QStringLiteral("doneMs")).toInteger();
        QVERIFY(run.finished(10000));
        QCOMPARE(run.process().exitStatus(), QProcess::CrashExit);
    }

    // The pause ends by itself: a write to the master (still the old one: no SENTINEL FAILOVER
    // was sent) waits and then succeeds within pause-timeout + margin of the pause.
    const Endpoint master = currentMaster();
    QCOMPARE(master, oldMaster);
    RedisConnection writer(m_lab->topology().connectionOptions(master));
    QVERIFY(!labtest::openAndWait(writer).isError());
    QElapsedTimer waited;
    waited.start();
    const RedisResult set = execute(writer, RespCommand{"SET", "after-kill", "1"}, 10000, 12000);
    const qint64 unblockedAtMs = QDateTime::currentMSecsSinceEpoch();
    QVERIFY2(set.ok(), describe(set).constData());
    const qint64 blockedMs = unblockedAtMs - pausedAtMs;
    qInfo("writes blocked %lld ms after CLIENT PAUSE 3000 WRITE was answered (the SET itself waited %lld ms)",
          blockedMs, qint64(waited.elapsed()));
    QVERIFY2(blockedMs >= 2000, "the write was not held by the pause"); // the pause was real ...
    QVERIFY2(blockedMs <= 3000 + 1500, "the pause outlived its server-side bound"); // ... and bounded

    // The journal: unfinished, steps up to the pause (that one durable before it was sent; its
    // answer may or may not have reached the disk before the kill).
    {
        HistoryStore store(historyFile());
        QVERIFY(!store.open().isError());
        const QList<OperationRecord> unfinished = store.unfinishedOperations();
        QCOMPARE(unfinished.size(), 1);
        const OperationRecord &op = unfinished.constFirst();
        QCOMPARE(op.id, operationId);
        QCOMPARE(op.state, OperationRecord::State::Running);
        QVERIFY(!op.steps.isEmpty());
        const OperationStep &last = op.steps.constLast();
        QVERIFY2(last.commandText == QStringLiteral("CLIENT PAUSE 3000 WRITE"), qPrintable(last.commandText));
        QVERIFY2(last.state == OperationStep::State::Answered || last.state == OperationStep::State::Sent,
                 qPrintable(OperationStep::stateName(last.state)));
        qInfo("journaled pause step after the kill: %s", qPrintable(OperationStep::stateName(last.state)));
        for (const OperationStep &s : op.steps)
            QVERIFY2(!s.commandText.startsWith(QStringLiteral("SENTINEL FAILOVER")), qPrintable(s.commandText));
    }
    {
        CliRun history(m_home->path(), {QStringLiteral("history"), QStringLiteral("--operations"), QStringLiteral("--json")});
        QVERIFY(history.finished(10000));
        QCOMPARE(history.process().exitCode(), 0);
        QCOMPARE(history.lines().size(), 1);
        const QJsonObject op = history.lines().constFirst();
        QCOMPARE(op.value(QStringLiteral("id")).toString(), operationId);
        QCOMPARE(op.value(QStringLiteral("unfinished")).toBool(), true);
        QCOMPARE(op.value(QStringLiteral("state")).toString(), QStringLiteral("running"));
        CliRun text(m_home->path(), {QStringLiteral("history"), QStringLiteral("--operations"),
                                     QStringLiteral("--operation"), operationId});
        QVERIFY(text.finished(10000));
        QVERIFY2(text.out().contains("unfinished (interrupted)") && text.out().contains("CLIENT PAUSE 3000 WRITE"),
                 text.out().constData());
    }

    // The relay goes: the target follows the master directly again and catches up.
    {
        RedisConnection c(m_lab->topology().connectionOptions(target));
        QVERIFY(execute(c, RespCommand{"REPLICAOF", "127.0.0.1", QByteArray::number(oldMaster.port)}).ok());
        proxy->setHolding(false);
        QTRY_VERIFY_WITH_TIMEOUT(caughtUp(oldMaster, target),
                                 20000);
        QVERIFY(setFailoverTimeout(5000));
    }
    QVERIFY(settled());
    // The next run warns (id, operator, start, last step), then does its job; what the sentinels
    // said during it is in the history with its operation id.
    CliRun next(m_home->path(), failoverArgs() << QStringLiteral("--graceful") << QStringLiteral("--yes"));
    QVERIFY(next.finished(120000));
    QVERIFY2(next.err().contains("WARNING: unfinished operation " + operationId.toUtf8()), next.err().constData());
    QVERIFY2(next.err().contains("CLIENT PAUSE 3000 WRITE"), next.err().constData());
    QVERIFY(std::any_of(next.lines().cbegin(), next.lines().cend(), [&](const QJsonObject &o) {
        return isEvent(o, "unfinished") && o.value(QStringLiteral("operation")).toString() == operationId
            && !o.value(QStringLiteral("operator")).toString().isEmpty() && o.value(QStringLiteral("startedMs")).toInteger() > 0
            && o.value(QStringLiteral("lastStep")).toObject().value(QStringLiteral("command")).toString() == QStringLiteral("CLIENT PAUSE 3000 WRITE");
    }));
    QByteArray outcome;
    for (const QJsonObject &o : next.lines())
        if (isEvent(o, "refused") || isEvent(o, "finished") || isEvent(o, "phase"))
            outcome += QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
    QVERIFY2(next.process().exitCode() == 0, (outcome + next.err()).constData());
    QString secondId;
    for (const QJsonObject &o : next.lines())
        if (isEvent(o, "started"))
            secondId = o.value(QStringLiteral("operation")).toString();
    QVERIFY(!secondId.isEmpty());
    CliRun detail(m_home->path(), {QStringLiteral("history"), QStringLiteral("--operations"), QStringLiteral("--operation"),
                                   secondId, QStringLiteral("--json")});
    QVERIFY(detail.finished(10000));
    QCOMPARE(detail.lines().size(), 1);
    const QJsonObject second = detail.lines().constFirst();
    QCOMPARE(second.value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    QStringList kinds;
    for (const QJsonValue &e : second.value(QStringLiteral("events")).toArray()) {
        QCOMPARE(e.toObject().value(QStringLiteral("operation")).toString(), secondId);
        kinds << e.toObject().value(QStringLiteral("kind")).toString();
    }
    QVERIFY2(kinds.contains(QStringLiteral("+switch-master")), qPrintable(kinds.join(QLatin1Char(' '))));
}

// The console itself (its backend: ConsoleRuntime, DeploymentSession, the journal thread; run
// without a window by console_failover) SIGKILLed right after CLIENT PAUSE is answered: the pause
// ends by itself at its bound, and the next console start reads the operation back as unfinished
// (the query ConsoleWiring makes at start for the window's notice), with its steps up to the pause.
void TestCliFailover::consoleKilledDuringGracefulFailover()
{
    QVERIFY(settled());
    const Endpoint oldMaster = currentMaster();
    const Endpoint target = m_lab->topology().nodesWithRole(LabNode::Role::Replica).constFirst().endpoint;
    const std::unique_ptr<HoldingProxy> proxy = heldBehind(target, oldMaster, 1); // catch-up cannot finish
    QVERIFY(proxy);
    const QString journal = m_home->path() + QStringLiteral("/console-history.sqlite");
    QStringList args{journal, m_lab->topology().spec.masterName, QStringLiteral("3000"), target.toString()};
    for (const LabNode &n : m_lab->topology().nodesWithRole(LabNode::Role::Sentinel))
        args << n.endpoint.toString();
    QProcess console;
    console.setProcessChannelMode(QProcess::SeparateChannels);
    console.start(QStringLiteral(CONSOLE_FAILOVER_BINARY), args);
    QVERIFY(console.waitForStarted(10000));
    QByteArray output;
    qint64 pausedSeenMs = 0;
    const bool paused = QTest::qWaitFor([&] {
        output += console.readAllStandardOutput();
        for (const QByteArray &line : output.split('\n'))
            if (line.startsWith("PROGRESS ") && line.contains("CLIENT PAUSE 3000 WRITE") && line.contains("answered"))
                return true;
        return console.state() == QProcess::NotRunning;
    }, 60000) && console.state() == QProcess::Running;
    pausedSeenMs = QDateTime::currentMSecsSinceEpoch();
    if (paused)
        ::kill(pid_t(console.processId()), SIGKILL);
    QVERIFY2(paused, (output + console.readAllStandardError()).constData());
    QVERIFY(console.waitForFinished(10000));
    QCOMPARE(console.exitStatus(), QProcess::CrashExit);
    QVERIFY(output.contains("STARTED "));
    const QString operationId = QString::fromUtf8(output.mid(output.indexOf("STARTED ") + 8).split('\n').first());

    // The pause ends by itself: the old master (no SENTINEL FAILOVER was sent) accepts a write again
    // within the pause's bound.
    QCOMPARE(currentMaster(), oldMaster);
    RedisConnection writer(m_lab->topology().connectionOptions(oldMaster));
    QVERIFY(!labtest::openAndWait(writer).isError());
    const RedisResult set = execute(writer, RespCommand{"SET", "after-console-kill", "1"}, 10000, 12000);
    const qint64 blockedMs = QDateTime::currentMSecsSinceEpoch() - pausedSeenMs;
    QVERIFY2(set.ok(), describe(set).constData());
    qInfo("console killed after the pause: writes accepted again %lld ms after the pause was seen answered", blockedMs);
    QVERIFY2(blockedMs >= 1500, "the write was not held by the pause");
    QVERIFY2(blockedMs <= 3000 + 1500, "the pause outlived its server-side bound");

    // The next start of the console: its runtime reads the journal and finds the operation unfinished.
    ConsoleRuntime next;
    next.openHistory(journal);
    OperationQuery unfinished;
    unfinished.states = {OperationRecord::State::Planned, OperationRecord::State::Running};
    unfinished.withSteps = true;
    QList<OperationRecord> found;
    bool answered = false;
    next.queryOperations(unfinished, this, [&](const QList<OperationRecord> &ops, const HistoryError &error) {
        QVERIFY2(!error.isError(), qPrintable(error.message));
        found = ops;
        answered = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(answered, 10000);
    QCOMPARE(found.size(), 1);
    const OperationRecord &op = found.constFirst();
    QCOMPARE(op.id, operationId);
    QCOMPARE(op.kind, QStringLiteral("sentinel-failover"));
    QCOMPARE(op.mode, QStringLiteral("graceful"));
    QVERIFY(!op.steps.isEmpty());
    QCOMPARE(op.steps.constLast().commandText, QStringLiteral("CLIENT PAUSE 3000 WRITE"));
    for (const OperationStep &step : op.steps)
        QVERIFY2(!step.commandText.startsWith(QStringLiteral("SENTINEL FAILOVER")), qPrintable(step.commandText));
}

void TestCliFailover::laggingReplicaNeedsOverride()
{
    QVERIFY(settled());
    const Endpoint master = currentMaster();
    const Endpoint replica = m_lab->topology().nodesWithRole(LabNode::Role::Replica).constFirst().endpoint;
    const std::unique_ptr<HoldingProxy> proxy = heldBehind(replica, master, 16);
    QVERIFY(proxy);
    const auto [masterOffset, replicaOffset, link] = offsets(master, replica);
    QCOMPARE(link, QByteArray("up"));
    qInfo("replica %s held %lld B behind (master %lld, replica %lld)", qPrintable(replica.toString()),
          masterOffset - replicaOffset, masterOffset, replicaOffset);
    QVERIFY(masterOffset - replicaOffset >= 16 * 4096);

    const QStringList planned = failoverArgs() << QStringLiteral("--to") << replica.toString() << QStringLiteral("--max-lag")
                                               << QStringLiteral("1000") << QStringLiteral("--dry-run");
    CliRun refused(m_home->path(), planned);
    QVERIFY(refused.finished(30000));
    QCOMPARE(refused.process().exitCode(), 1);
    QVERIFY2(std::any_of(refused.lines().cbegin(), refused.lines().cend(), [](const QJsonObject &o) {
                 return isEvent(o, "refused") && o.value(QStringLiteral("reasons")).toArray().first().toString().contains(QStringLiteral("behind"));
             }),
             refused.out().constData());

    CliRun allowed(m_home->path(), QStringList(planned) << QStringLiteral("--override-lag"));
    QVERIFY(allowed.finished(30000));
    QVERIFY2(allowed.process().exitCode() == 0, (allowed.out() + allowed.err()).constData());
    const QJsonObject plan = allowed.lines().constFirst();
    QVERIFY(isEvent(plan, "plan"));
    QCOMPARE(plan.value(QStringLiteral("allowed")).toBool(), true);
    QCOMPARE(plan.value(QStringLiteral("target")).toString(), replica.toString());
    bool overridden = false;
    for (const QJsonValue &c : plan.value(QStringLiteral("checks")).toArray())
        if (c.toObject().value(QStringLiteral("id")).toString() == QStringLiteral("replica-lag"))
            overridden = c.toObject().value(QStringLiteral("overridden")).toBool();
    QVERIFY(overridden);
    // Both runs saw the same lag: the proxy still holds it.
    QVERIFY(proxy->heldBytes() >= 16 * 4096);
    proxy->setHolding(false);
}

QTEST_GUILESS_MAIN(TestCliFailover)
#include "tst_clifailover.moc"
