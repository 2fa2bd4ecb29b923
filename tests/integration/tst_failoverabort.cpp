// A graceful Sentinel failover that cannot complete is reported as such and undoes what it did,
// on a real lab (1 master, 2 replicas, 3 sentinels): the target is frozen (SIGSTOP) as the
// executor starts pausing, so the catch-up can never finish; the operation must end Failed with
// an outcome naming the catch-up timeout, the write pause must be lifted by the abort (a write
// succeeds within its 2 s command timeout although the pause's server-side bound is a minute
// away: no wall-clock assertion needed), and every replica-priority must be back to its
// value before the operation. The target is thawed as soon as the executor starts stopping (so
// its priority can be restored) and in cleanup whatever happens.
#include "LabFixture.h"
#include "actions/OperationRunner.h"
#include "actions/SentinelFailoverExecutor.h"
#include "actions/SentinelFailoverPlanner.h"
#include "actions/SentinelSurveyor.h"
#include "core/Clock.h"
#include "history/AsyncHistoryStore.h"
#include "history/HistoryStore.h"
#include "lab/FaultInjector.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace ops;
using labtest::describe;
using labtest::execute;

class TestFailoverAbort : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();
    void catchUpTimeoutLiftsThePause();

private:
    SentinelFailoverPlan plan();
    int priorityOf(const Endpoint &node);

    std::unique_ptr<LocalLab> m_lab;
    std::unique_ptr<FaultInjector> m_faults;
    QTemporaryDir m_dir;
    std::unique_ptr<AsyncHistoryStore> m_journal;
    Endpoint m_frozen;
};

void TestFailoverAbort::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_lab = labtest::startedLab(LabSpec::Kind::Sentinel, 2);
    QVERIFY(m_lab);
    m_faults = std::make_unique<FaultInjector>(m_lab.get());
    m_journal = std::make_unique<AsyncHistoryStore>(m_dir.filePath(QStringLiteral("history.db")));
    std::optional<HistoryError> opened;
    m_journal->open(this, [&](int, const HistoryError &e) { opened = e; });
    QTRY_VERIFY(opened.has_value());
    QVERIFY2(!opened->isError(), qPrintable(opened->message));
}

void TestFailoverAbort::cleanup()
{
    if (m_frozen.isValid())
        m_faults->thaw(m_frozen); // always, even when an assertion failed with it stopped
    m_frozen = {};
}

void TestFailoverAbort::cleanupTestCase()
{
    if (m_journal)
        m_journal->close();
    m_faults.reset();
    m_lab.reset();
}

SentinelFailoverPlan TestFailoverAbort::plan()
{
    const std::optional<SentinelSurvey> survey = labtest::surveySentinelLab(*m_lab);
    if (!survey)
        return {};
    SentinelFailoverRequest request;
    request.masterName = m_lab->topology().spec.masterName.toUtf8();
    request.mode = SentinelFailoverRequest::Mode::Graceful;
    // The server-side bound, far beyond the write's command timeout: only CLIENT UNPAUSE lets the
    // write after the abort through in time.
    request.pauseTimeoutMs = 60000;
    request.catchUpTimeoutMs = 200;
    return SentinelFailoverPlanner::plan(*survey, request);
}

int TestFailoverAbort::priorityOf(const Endpoint &node)
{
    RedisConnection c(m_lab->topology().connectionOptions(node));
    const RedisResult r = execute(c, RespCommand{"CONFIG", "GET", "replica-priority"});
    return r.ok() && r.value().size() == 2 ? r.value()[1].bytes().toInt() : -1;
}

void TestFailoverAbort::catchUpTimeoutLiftsThePause()
{
    SentinelFailoverPlan p;
    QTRY_VERIFY_WITH_TIMEOUT((p = plan()).allowed(), 40000);
    QVERIFY(!p.priorityChanges.isEmpty()); // graceful makes the target Sentinel's only first choice
    QHash<QString, int> before;
    for (const auto &[node, original] : std::as_const(p.priorityChanges)) {
        QCOMPARE(priorityOf(node), original);
        before.insert(node.toString(), original);
    }

    const OperationRecord record = p.newOperation(QStringLiteral("test-abort"));
    OperationRunner::Options options;
    options.dataOptions = m_lab->topology().connectionOptions(p.oldMaster);
    options.sentinelOptions = m_lab->topology().connectionOptions(p.sentinel);
    options.commandTimeoutMs = 500; // a read of the frozen target gives up well within down-after-milliseconds
    OperationRunner runner(record, options, m_journal.get(), Clock::system());
    SentinelFailoverExecutor executor(p, &runner);
    QElapsedTimer sincePause;
    connect(&executor, &SentinelFailoverExecutor::phaseChanged, this,
            [&](SentinelFailoverExecutor::Phase phase, const QString &text) {
                qInfo().noquote() << text;
                if (phase == SentinelFailoverExecutor::Phase::Pausing && !m_frozen.isValid() && m_faults->freeze(p.target)) {
                    m_frozen = p.target; // before CLIENT PAUSE is even journaled: the catch-up cannot finish
                    sincePause.start();
                }
                if (text.startsWith(QStringLiteral("Stopping")) && m_frozen.isValid() && m_faults->thaw(m_frozen))
                    m_frozen = {};
            });
    QSignalSpy finished(&executor, &SentinelFailoverExecutor::finished);
    executor.start();
    QVERIFY(finished.wait(60000));
    const auto result = finished.constFirst().constFirst().value<SentinelFailoverExecutor::Result>();
    QVERIFY(sincePause.isValid());
    const qint64 abortedAfterMs = sincePause.elapsed();

    QCOMPARE(result.state, OperationRecord::State::Failed);
    QVERIFY2(result.outcome.contains(QStringLiteral("did not catch up within 200 ms")), qPrintable(result.outcome));
    QVERIFY(!result.promoted.isValid());

    // Writes work again: the abort sent CLIENT UNPAUSE (the bound is a minute away, the write's
    // command timeout 2 s). The times are printed for the note, not asserted.
    RedisConnection writer(m_lab->topology().connectionOptions(p.oldMaster));
    QElapsedTimer write;
    write.start();
    const RedisResult set = execute(writer, RespCommand{"SET", "after-abort", "1"}, 2000, 3000);
    QVERIFY2(set.ok(), describe(set).constData());
    qInfo("aborted %lld ms after the pause started; a write then took %lld ms (pause bound: %d ms)", abortedAfterMs,
          qint64(write.elapsed()), p.request.pauseTimeoutMs);

    // Every replica-priority is back, the old master still is the master.
    for (auto it = before.cbegin(); it != before.cend(); ++it)
        QCOMPARE(priorityOf(Endpoint::parse(it.key(), 0)), it.value());
    HistoryStore store(m_dir.filePath(QStringLiteral("history.db")));
    QVERIFY(!store.open().isError());
    const std::optional<OperationRecord> stored = store.operation(record.id);
    QVERIFY(stored.has_value());
    QCOMPARE(stored->state, OperationRecord::State::Failed);
    QCOMPARE(stored->outcome, result.outcome);
    QStringList commands;
    for (const OperationStep &s : stored->steps)
        commands << s.commandText;
    QVERIFY2(commands.contains(QStringLiteral("CLIENT UNPAUSE")), qPrintable(commands.join(QLatin1Char('\n'))));
    QVERIFY2(!commands.join(QLatin1Char('\n')).contains(QStringLiteral("SENTINEL FAILOVER")), qPrintable(commands.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestFailoverAbort)
#include "tst_failoverabort.moc"
