// `redis-ops failover --graceful` interrupted by SIGINT, as an operator's Ctrl-C, on a real
// Sentinel lab (1 master, 2 replicas, 3 sentinels). The signal is sent when the CLI's own JSON
// lines say it reached the chosen point, never after a fixed sleep:
// - after the replica-priority change was answered (the CLI then waits for the sentinel to read
//   it) and while writes are paused (its target is held a few bytes behind by a HoldingProxy, so
//   the catch-up cannot finish before the signal; --pause-timeout 20000, so only an UNPAUSE can
//   free writes quickly): exit 4, every replica-priority back to its value before, a write to the
//   master answered at once, the master unchanged, and the journal reads the operation back as
//   cancelled, naming the signal, with its steps (the undo steps included, no SENTINEL FAILOVER);
// - once SENTINEL FAILOVER was sent: the failover is finished and verified (exit 0), the CLI says
//   the interruption came too late to stop it, and the target is master.
#include "CliProcess.h"
#include "HoldingProxy.h"
#include "LabFixture.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace ops;
using labtest::describe;
using labtest::execute;

namespace {
bool isEvent(const QJsonObject &o, const char *event) { return o.value(QStringLiteral("event")).toString() == QLatin1String(event); }

/** A "step" line for a command starting with @p command, in @p state. */
std::function<bool(const QJsonObject &)> step(const QString &command, const QString &state)
{
    return [command, state](const QJsonObject &o) {
        return isEvent(o, "step") && o.value(QStringLiteral("command")).toString().startsWith(command)
            && o.value(QStringLiteral("state")).toString() == state;
    };
}
} // namespace

class TestCliInterruptSentinel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void interruptedBeforeTheFailover_data();
    void interruptedBeforeTheFailover();
    void interruptedTooLate();

private:
    QStringList failoverArgs() const;
    bool settled();
    QMap<QString, QByteArray> priorities();
    /** The journaled operation @p id as `history --operations --operation ID --json` reads it back. */
    QJsonObject journaled(const QString &id);
    /** @p replica replicates @p master through @p proxy, in sync, then holding: one write held back. */
    bool holdBehind(HoldingProxy &proxy, const Endpoint &replica, const Endpoint &master);

    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<LocalLab> m_lab;
};

void TestCliInterruptSentinel::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
    m_lab = labtest::startedLab(LabSpec::Kind::Sentinel, 2);
    QVERIFY(m_lab);
    QVERIFY(settled());
}

void TestCliInterruptSentinel::cleanup()
{
    m_lab.reset();
    m_home.reset();
}

QStringList TestCliInterruptSentinel::failoverArgs() const
{
    QStringList args{QStringLiteral("failover")};
    for (const LabNode &s : m_lab->topology().nodesWithRole(LabNode::Role::Sentinel))
        args << QStringLiteral("--sentinel") << s.endpoint.toString();
    return args << QStringLiteral("--master") << m_lab->topology().spec.masterName << QStringLiteral("--json")
                << QStringLiteral("--graceful");
}

bool TestCliInterruptSentinel::settled()
{
    return QTest::qWaitFor([&] {
        CliProcess dry(QStringLiteral(REDIS_OPS_BINARY), m_home->path(), failoverArgs() << QStringLiteral("--dry-run"));
        return dry.finished(30000) && dry.process().exitCode() == 0;
    }, 60000);
}

QMap<QString, QByteArray> TestCliInterruptSentinel::priorities()
{
    QMap<QString, QByteArray> values;
    for (const LabNode &n : m_lab->topology().nodes) {
        if (n.role == LabNode::Role::Sentinel)
            continue;
        RedisConnection c(m_lab->topology().connectionOptions(n.endpoint));
        const RedisResult r = execute(c, RespCommand{"CONFIG", "GET", "replica-priority"});
        values.insert(n.endpoint.toString(), r.ok() && r.value().size() == 2 ? r.value()[1].bytes() : describe(r));
    }
    return values;
}

QJsonObject TestCliInterruptSentinel::journaled(const QString &id)
{
    CliProcess history(QStringLiteral(REDIS_OPS_BINARY), m_home->path(),
                       {QStringLiteral("history"), QStringLiteral("--operations"), QStringLiteral("--operation"), id,
                        QStringLiteral("--json")});
    if (!history.finished(10000) || history.lines().size() != 1)
        return {};
    return history.lines().constFirst();
}

bool TestCliInterruptSentinel::holdBehind(HoldingProxy &proxy, const Endpoint &replica, const Endpoint &master)
{
    const LabTopology &t = m_lab->topology();
    // Sentinel points a replica that follows another address back at the master once
    // failover-timeout has passed: not during this test.
    for (const LabNode &s : t.nodesWithRole(LabNode::Role::Sentinel)) {
        RedisConnection c(t.connectionOptions(s.endpoint));
        if (!execute(c, RespCommand{"SENTINEL", "SET", t.spec.masterName.toUtf8(), "failover-timeout", "600000"}).ok())
            return false;
    }
    if (!proxy.start())
        return false;
    RedisConnection r(t.connectionOptions(replica));
    RedisConnection m(t.connectionOptions(master));
    if (!execute(r, RespCommand{"REPLICAOF", "127.0.0.1", QByteArray::number(proxy.port())}).ok())
        return false;
    const bool synced = QTest::qWaitFor([&] {
        const RedisResult mi = execute(m, RespCommand{"INFO", "replication"});
        const RedisResult ri = execute(r, RespCommand{"INFO", "replication"});
        return proxy.connectionsSeen() > 0 && labtest::infoField(ri, "master_link_status") == "up"
            && labtest::infoField(mi, "master_repl_offset") == labtest::infoField(ri, "slave_repl_offset");
    }, 20000);
    if (!synced)
        return false;
    proxy.setHolding(true);
    if (!execute(m, RespCommand{"SET", "held", QByteArray(4096, 'x')}).ok())
        return false;
    return QTest::qWaitFor([&] { return proxy.heldBytes() >= 4096; }, 5000);
}

void TestCliInterruptSentinel::interruptedBeforeTheFailover_data()
{
    QTest::addColumn<bool>("paused");
    QTest::newRow("priorities lowered, the sentinel reading them") << false;
    QTest::newRow("writes paused, the target catching up") << true;
}

void TestCliInterruptSentinel::interruptedBeforeTheFailover()
{
    QFETCH(bool, paused);
    const Endpoint master = labtest::sentinelMaster(*m_lab);
    const Endpoint target = m_lab->topology().nodesWithRole(LabNode::Role::Replica).constFirst().endpoint;
    const QMap<QString, QByteArray> before = priorities();
    HoldingProxy proxy(master.port);
    if (paused)
        QVERIFY(holdBehind(proxy, target, master));

    CliProcess run(QStringLiteral(REDIS_OPS_BINARY), m_home->path(),
                   failoverArgs() << QStringLiteral("--yes") << QStringLiteral("--to") << target.toString()
                                  << QStringLiteral("--pause-timeout") << QStringLiteral("20000"));
    const auto point = paused ? step(QStringLiteral("CLIENT PAUSE"), QStringLiteral("answered"))
                              : step(QStringLiteral("CONFIG SET replica-priority 1"), QStringLiteral("answered"));
    const bool reached = QTest::qWaitFor([&] { return run.sawLine(point); }, 40000);
    if (reached)
        ::kill(pid_t(run.process().processId()), SIGINT);
    QVERIFY2(reached, (run.out() + run.err()).constData());
    QVERIFY(run.finished(20000));
    QElapsedTimer sinceExit;
    sinceExit.start();
    QCOMPARE(run.process().exitStatus(), QProcess::NormalExit);
    QVERIFY2(run.process().exitCode() == 4, (run.out() + run.err()).constData());

    // Writes are accepted at once: the pause was lifted, not left to its 20 s bound.
    RedisConnection writer(m_lab->topology().connectionOptions(master));
    const RedisResult set = execute(writer, RespCommand{"SET", "after-interrupt", "1"}, 15000, 20000);
    QVERIFY2(set.ok(), describe(set).constData());
    qInfo("a write answered %lld ms after the CLI exited", qint64(sinceExit.elapsed()));
    // Lifted, not expired: the pause's own bound is 20 s, and the write is answered well before.
    QVERIFY2(sinceExit.elapsed() < 10000, "writes were still paused");
    QCOMPARE(labtest::sentinelMaster(*m_lab), master);
    QCOMPARE(priorities(), before);

    // The CLI said what it was doing: stopping, then the undo.
    bool sawStopping = false;
    QString operationId, outcome;
    for (const QJsonObject &o : run.lines()) {
        const QString text = o.value(QStringLiteral("text")).toString();
        sawStopping = sawStopping || (isEvent(o, "phase") && text.startsWith(QStringLiteral("Stopping before SENTINEL FAILOVER"))
                                      && text.contains(QStringLiteral("restoring replica-priority"))
                                      && (!paused || text.contains(QStringLiteral("lifting the write pause"))));
        if (isEvent(o, "started"))
            operationId = o.value(QStringLiteral("operation")).toString();
        if (isEvent(o, "finished"))
            outcome = o.value(QStringLiteral("outcome")).toString();
    }
    QVERIFY2(sawStopping, run.out().constData());
    QVERIFY2(outcome.contains(QStringLiteral("interrupted by SIGINT")), qPrintable(outcome));

    const QJsonObject op = journaled(operationId);
    QCOMPARE(op.value(QStringLiteral("state")).toString(), QStringLiteral("cancelled"));
    QCOMPARE(op.value(QStringLiteral("unfinished")).toBool(), false);
    QVERIFY2(op.value(QStringLiteral("outcome")).toString().contains(QStringLiteral("interrupted by SIGINT")),
             qPrintable(op.value(QStringLiteral("outcome")).toString()));
    QStringList commands;
    for (const QJsonValue &s : op.value(QStringLiteral("steps")).toArray())
        commands << s.toObject().value(QStringLiteral("command")).toString() + QLatin1Char(' ')
                        + s.toObject().value(QStringLiteral("state")).toString();
    QVERIFY2(commands.first() == QStringLiteral("CONFIG SET replica-priority 1 answered"), qPrintable(commands.join(QLatin1Char('|'))));
    QVERIFY2(commands.last() == QStringLiteral("CONFIG SET replica-priority %1 answered").arg(QString::fromUtf8(before.value(target.toString()))),
             qPrintable(commands.join(QLatin1Char('|'))));
    QVERIFY2(!commands.join(QLatin1Char('|')).contains(QStringLiteral("SENTINEL FAILOVER")), qPrintable(commands.join(QLatin1Char('|'))));
    if (paused)
        QVERIFY2(commands.contains(QStringLiteral("CLIENT PAUSE 20000 WRITE answered"))
                     && commands.contains(QStringLiteral("CLIENT UNPAUSE answered")),
                 qPrintable(commands.join(QLatin1Char('|'))));
}

void TestCliInterruptSentinel::interruptedTooLate()
{
    const Endpoint master = labtest::sentinelMaster(*m_lab);
    const Endpoint target = m_lab->topology().nodesWithRole(LabNode::Role::Replica).constFirst().endpoint;
    const QMap<QString, QByteArray> before = priorities();
    CliProcess run(QStringLiteral(REDIS_OPS_BINARY), m_home->path(),
                   failoverArgs() << QStringLiteral("--yes") << QStringLiteral("--to") << target.toString());
    // SENTINEL FAILOVER is journaled Planned before it is sent: from then on it may be out.
    const bool reached = QTest::qWaitFor([&] { return run.sawLine(step(QStringLiteral("SENTINEL FAILOVER"), QStringLiteral("planned"))); }, 40000);
    if (reached)
        ::kill(pid_t(run.process().processId()), SIGINT);
    QVERIFY2(reached, (run.out() + run.err()).constData());
    QVERIFY(run.finished(60000));
    QCOMPARE(run.process().exitStatus(), QProcess::NormalExit);
    QVERIFY2(run.process().exitCode() == 0, (run.out() + run.err()).constData());
    bool noted = false;
    QJsonObject finished;
    for (const QJsonObject &o : run.lines()) {
        noted = noted || (isEvent(o, "phase") && o.value(QStringLiteral("text")).toString().startsWith(
                                                     QStringLiteral("Cancel noted: SENTINEL FAILOVER was already sent")));
        if (isEvent(o, "finished"))
            finished = o;
    }
    QVERIFY2(noted, run.out().constData());
    QCOMPARE(finished.value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    QVERIFY2(finished.value(QStringLiteral("interrupted")).toString().contains(QStringLiteral("too late to stop it")),
             qPrintable(finished.value(QStringLiteral("interrupted")).toString()));
    QCOMPARE(labtest::sentinelMaster(*m_lab), target);
    QCOMPARE(priorities(), before);
}

QTEST_MAIN(TestCliInterruptSentinel)
#include "tst_cli_interrupt_sentinel.moc"
