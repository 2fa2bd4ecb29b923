// Guided Sentinel failover end to end on a real lab (1 master, 2 replicas, 3 sentinels): survey →
// plan → journaled execution → verification, with a writer that records every acknowledged
// write to the master it started on and keeps writing until that master answers with an error.
// Graceful mode must lose none of them; what standard mode loses in the same run is reported.
// The journal is read back afterwards: the operation and every step, in order.
#include "AckedWriter.h"
#include "LabFixture.h"
#include "actions/OperationRunner.h"
#include "actions/SentinelFailoverExecutor.h"
#include "actions/SentinelFailoverPlanner.h"
#include "actions/SentinelSurveyor.h"
#include "core/Clock.h"
#include "history/AsyncHistoryStore.h"
#include "history/HistoryStore.h"
#include "resp/RedisConnection.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace ops;
using labtest::describe;
using labtest::execute;
using Mode = SentinelFailoverRequest::Mode;

class TestSentinelFailover : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void standardThenGraceful_data();
    void standardThenGraceful();

private:
    SentinelFailoverPlan planFor(Mode mode);
    Endpoint currentMaster();
    int lostWrites(const Endpoint &master, const AckedWriter &writer);

    std::unique_ptr<LocalLab> m_lab;
    QTemporaryDir m_dir;
    std::unique_ptr<AsyncHistoryStore> m_journal;
};

void TestSentinelFailover::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_lab = labtest::startedLab(LabSpec::Kind::Sentinel, 2);
    QVERIFY(m_lab);
    m_journal = std::make_unique<AsyncHistoryStore>(m_dir.filePath(QStringLiteral("history.db")));
    std::optional<HistoryError> opened;
    m_journal->open(this, [&](int, const HistoryError &e) { opened = e; });
    QTRY_VERIFY(opened.has_value());
    QVERIFY2(!opened->isError(), qPrintable(opened->message));
}

void TestSentinelFailover::cleanupTestCase()
{
    if (m_journal)
        m_journal->close();
    m_lab.reset();
}

Endpoint TestSentinelFailover::currentMaster()
{
    return labtest::sentinelMaster(*m_lab);
}

SentinelFailoverPlan TestSentinelFailover::planFor(Mode mode)
{
    const std::optional<SentinelSurvey> survey = labtest::surveySentinelLab(*m_lab);
    if (!survey)
        return {};
    SentinelFailoverRequest request;
    request.masterName = m_lab->topology().spec.masterName.toUtf8();
    request.mode = mode;
    return SentinelFailoverPlanner::plan(*survey, request);
}

int TestSentinelFailover::lostWrites(const Endpoint &master, const AckedWriter &writer)
{
    RedisConnection c(m_lab->topology().connectionOptions(master));
    return writer.missing(c);
}

void TestSentinelFailover::standardThenGraceful_data()
{
    QTest::addColumn<int>("mode");
    QTest::newRow("standard") << int(Mode::Standard);
    QTest::newRow("graceful") << int(Mode::Graceful);
}

void TestSentinelFailover::standardThenGraceful()
{
    QFETCH(int, mode);
    // The deployment settles between rows: every sentinel agrees and both replicas are up.
    SentinelFailoverPlan plan;
    QTRY_VERIFY_WITH_TIMEOUT((plan = planFor(Mode(mode))).allowed(), 40000);
    const Endpoint oldMaster = plan.oldMaster;
    QCOMPARE(oldMaster, currentMaster());
    qInfo().noquote() << plan.describe().join(QLatin1Char('\n'));

    const QByteArray prefix = QTest::currentDataTag() + QByteArrayLiteral(":w:");
    ConnectionOptions writerOptions = m_lab->topology().connectionOptions(oldMaster);
    writerOptions.reconnect.enabled = false;
    AckedWriter writer(writerOptions, prefix);
    writer.start();
    QTRY_VERIFY(writer.acked().size() > 200); // writes flow before the operator confirms

    const OperationRecord record = plan.newOperation(QStringLiteral("test-sentinel"));
    OperationRunner::Options runnerOptions;
    runnerOptions.dataOptions = m_lab->topology().connectionOptions(oldMaster);
    runnerOptions.sentinelOptions = m_lab->topology().connectionOptions(plan.sentinel);
    OperationRunner runner(record, runnerOptions, m_journal.get(), Clock::system());
    SentinelFailoverExecutor executor(plan, &runner);
    QStringList phases;
    connect(&executor, &SentinelFailoverExecutor::phaseChanged, this,
            [&](SentinelFailoverExecutor::Phase, const QString &text) { phases << text; });
    QStringList events;
    connect(&executor, &SentinelFailoverExecutor::sentinelEvent, this,
            [&](const Endpoint &, const SentinelEvent &e, qint64 at) { events << QStringLiteral("%1 ms %2").arg(at).arg(QString::fromUtf8(e.type)); });
    QSignalSpy finished(&executor, &SentinelFailoverExecutor::finished);
    executor.start();
    QVERIFY(finished.wait(90000));
    const auto result = finished.constFirst().constFirst().value<SentinelFailoverExecutor::Result>();
    qInfo().noquote() << phases.join(QLatin1Char('\n'));
    QVERIFY2(result.state == OperationRecord::State::Succeeded, qPrintable(result.outcome + QLatin1Char('\n') + phases.join(QLatin1Char('\n'))));
    // Graceful makes the target Sentinel's only first choice; standard only predicts Sentinel's
    // choice (it ranks by its own, older offsets), so any eligible replica is right there.
    if (Mode(mode) == Mode::Graceful)
        QCOMPARE(result.promoted, plan.target);
    else
        QVERIFY2(plan.candidate(result.promoted) && plan.candidate(result.promoted)->eligible,
                 qPrintable(result.promoted.toString()));
    QCOMPARE(currentMaster(), result.promoted);
    QVERIFY(events.join(QLatin1Char(' ')).contains(QStringLiteral("+switch-master")));

    // The writer stops at the old master's first error (READONLY once demoted).
    QTRY_VERIFY_WITH_TIMEOUT(writer.stopped(), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(lostWrites(result.promoted, writer) >= 0, 5000);
    const int lost = lostWrites(result.promoted, writer);
    qInfo("%s: confirmation to verified %lld ms, writes paused %lld ms, old master back after %lld ms, "
          "%lld acknowledged writes, %d lost (writer stopped: %s)",
          QTest::currentDataTag(), result.totalMs, result.pauseMs, result.oldMasterBackMs,
          qint64(writer.acked().size()), lost, qPrintable(writer.stopReason()));
    if (Mode(mode) == Mode::Graceful) {
        QCOMPARE(lost, 0);
        QVERIFY(result.pauseMs >= 0);
        QVERIFY(result.oldMasterBackMs >= 0);
    }

    // The journal read back: the operation and its steps, in order, all answered.
    HistoryStore store(m_dir.filePath(QStringLiteral("history.db")));
    QVERIFY(!store.open().isError());
    const std::optional<OperationRecord> stored = store.operation(record.id);
    QVERIFY(stored.has_value());
    QCOMPARE(stored->state, OperationRecord::State::Succeeded);
    QCOMPARE(stored->steps.size(), runner.steps().size());
    QStringList commands;
    for (const OperationStep &s : stored->steps) {
        QCOMPARE(s.state, OperationStep::State::Answered);
        QVERIFY(s.sentMs >= s.plannedMs && s.doneMs >= s.sentMs);
        commands << s.commandText;
    }
    QStringList planned;
    for (const PlannedCommand &c : plan.commands)
        planned << c.command.redactedText();
    QCOMPARE(commands, planned); // exactly the commands the preview showed, in that order
}

QTEST_GUILESS_MAIN(TestSentinelFailover)
#include "tst_sentinelfailover.moc"
