// kill -9 of `redis-ops runbook run` in the middle of an ACTION, under a writer (issue 12). A
// runbook written by the test (a check, a reshard of 5,000 slots, a wait for every node to agree)
// runs non-interactively on a real cluster lab seeded with 100,000 keys (~30,000 in the slots that
// move) while a cluster client (ClusterWriter: MOVED, ASK + ASKING) writes into those very slots
// and records every acknowledged write. The CLI is SIGKILLed once its journal shows the action
// step running with its reshard started and the cluster itself shows slots open. Read back then:
// the run and the reshard are unfinished, the action step cut off. `redis-ops runbook resume ID
// --non-interactive` finishes the same run (state succeeded) by continuing the same reshard.
// Afterwards: no open slot on any node, every node's cluster_state ok and views agreeing, every
// acknowledged write and every seeded key there with its value, and the journal (read back) shows
// the run's rows — the cut-off attempt and the resumed one, both on the same reshard operation.
#include "MoveUnderLoadRunbook.h"
#include "CliProcess.h"
#include "ClusterData.h"
#include "ClusterWriter.h"
#include "LabFixture.h"
#include "history/HistoryStore.h"
#include "runbooks/RunbookJournal.h"
#include "runbooks/RunbookLoader.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace ops;

namespace {
const QByteArray kPrefix = "rk:";
constexpr int kKeys = 100000;
constexpr int kBytes = 64;
constexpr int kFirst = 0, kLast = 4999; // the slots the action moves

constexpr const auto &kRunbook = runbooktest::kMoveUnderLoad;
} // namespace

class TestRunbookKill : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void killedDuringActionResumes();

private:
    std::optional<OperationRecord> stored(const QString &id);
    /** The run's step rows as "<step id>=<journal state>", and every started-operation id they name. */
    QStringList rowsOf(const OperationRecord &run, QStringList *operations) const;

    std::unique_ptr<LocalLab> m_lab;
    QTemporaryDir m_home;
    std::unique_ptr<HistoryStore> m_store;
};

void TestRunbookKill::initTestCase()
{
    QVERIFY(m_home.isValid());
    m_lab = labtest::startedLab(LabSpec::Kind::Cluster, 1);
    QVERIFY(m_lab);
    QString why;
    QVERIFY2(labtest::waitClusterSettled(*m_lab, why, 60000), qPrintable(why));
    QElapsedTimer t;
    t.start();
    const QString seeded = labtest::seedKeys(*m_lab, kPrefix, kKeys, kBytes);
    QVERIFY2(seeded.isEmpty(), qPrintable(seeded));
    qInfo() << "seeded" << kKeys << "keys in" << t.elapsed() << "ms";
}

void TestRunbookKill::cleanupTestCase()
{
    m_store.reset();
    m_lab.reset();
}

std::optional<OperationRecord> TestRunbookKill::stored(const QString &id)
{
    // One reader for the whole test, opened once the CLI made the file (opening takes the write lock briefly).
    if (!m_store) {
        auto store = std::make_unique<HistoryStore>(m_home.filePath(QStringLiteral("data/history.sqlite")));
        if (store->open().isError())
            return std::nullopt;
        m_store = std::move(store);
    }
    return m_store->operation(id);
}

QStringList TestRunbookKill::rowsOf(const OperationRecord &run, QStringList *operations) const
{
    QStringList rows;
    for (const OperationStep &s : run.steps) {
        const std::optional<RunbookJournal::Row> row = RunbookJournal::decode(s);
        if (!row || row->note)
            continue;
        rows << row->stepId + QLatin1Char('=') + OperationStep::stateName(s.state);
        if (!row->operationId.isEmpty())
            *operations << row->operationId;
    }
    return rows;
}

void TestRunbookKill::killedDuringActionResumes()
{
    QElapsedTimer total;
    total.start();
    const QList<Endpoint> masters = labtest::mastersBySlot(*m_lab);
    QCOMPARE(masters.size(), 3);
    const QString file = m_home.filePath(QStringLiteral("move-under-load.yaml"));
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kRunbook);
    }
    const RunbookLoader::Result loaded = RunbookLoader::load(file);
    QVERIFY2(loaded.runbook, qPrintable(loaded.errors.join(QLatin1Char('\n'))));
    const Runbook &runbook = *loaded.runbook;
    const QStringList deployment{QStringLiteral("-h"), masters[2].host, QStringLiteral("-p"), QString::number(masters[2].port),
                                 QStringLiteral("--json")};

    ClusterWriter::Options o;
    o.connection = m_lab->topology().connectionOptions(masters[0]);
    o.prefix = "rkw:";
    o.inFlight = 8;
    o.slotRanges = {{kFirst, kLast}};
    ClusterWriter writer(o);
    QSignalSpy writing(&writer, &ClusterWriter::started);
    writer.start();
    QVERIFY(writing.wait(10000));
    QTRY_VERIFY_WITH_TIMEOUT(writer.report().acknowledged > 200, 10000);

    // The run, SIGKILLed once the action's reshard is journaled and the cluster shows slots open.
    QString id;
    qint64 ackedAtKill = 0;
    QElapsedTimer runTime;
    runTime.start();
    {
        CliProcess run(QStringLiteral(REDIS_OPS_BINARY), m_home.path(),
                       QStringList{QStringLiteral("runbook"), QStringLiteral("run"), file, QStringLiteral("--non-interactive"),
                                   QStringLiteral("--input"), QStringLiteral("from=") + masters[0].toString(),
                                   QStringLiteral("--input"), QStringLiteral("to=") + masters[1].toString()}
                           + deployment);
        QVERIFY2(QTest::qWaitFor([&] { return run.sawLine([](const QJsonObject &l) { return l.value(QStringLiteral("event")) == QLatin1String("started"); }); }, 30000),
                 run.err().constData());
        id = run.lastMatch().value(QStringLiteral("operation")).toString();
        QVERIFY2(QTest::qWaitFor([&] {
                     return run.sawLine([](const QJsonObject &l) {
                         return l.value(QStringLiteral("id")) == QLatin1String("move") && l.value(QStringLiteral("status")) == QLatin1String("running");
                     });
                 }, 30000),
                 (run.out() + run.err()).constData());
        // The journal names the reshard the step started (the row is marked Sent before a slot moves) ...
        QString reshard;
        QVERIFY2(QTest::qWaitFor([&] {
                     const std::optional<OperationRecord> r = stored(id);
                     const RunbookJournal::Position p = r ? RunbookJournal::replay(runbook, *r) : RunbookJournal::Position{};
                     reshard = p.steps.size() == 3 ? p.steps.at(1).operationId : QString();
                     return !reshard.isEmpty() || run.process().state() == QProcess::NotRunning;
                 }, 30000),
                 "the action step never named its operation");
        // ... and the cluster has slots open: the kill lands mid-migration, not between windows.
        QVERIFY2(QTest::qWaitFor([&] { return !labtest::openSlots(*m_lab).isEmpty() || run.process().state() == QProcess::NotRunning; }, 30000),
                 "no slot was ever seen open");
        QVERIFY2(run.process().state() == QProcess::Running, (run.out().right(2000) + run.err()).constData());
        ::kill(pid_t(run.process().processId()), SIGKILL);
        QVERIFY(run.finished(10000));
        QCOMPARE(run.process().exitStatus(), QProcess::CrashExit);
        ackedAtKill = writer.report().acknowledged;
        qInfo() << "killed after" << runTime.elapsed() << "ms; writes acknowledged so far:" << ackedAtKill;
    }
    QVERIFY(!id.isEmpty());
    const QStringList openAfterKill = labtest::openSlots(*m_lab);
    QVERIFY2(!openAfterKill.isEmpty(), "the kill was meant to leave slots open");
    qInfo().noquote() << "after the kill:" << openAfterKill.size() << "open slot entries, e.g." << openAfterKill.first();

    // Read back: the run is unfinished, its action step cut off while its reshard ran.
    std::optional<OperationRecord> cut = stored(id);
    QVERIFY(cut);
    QVERIFY2(!cut->isFinished(), qPrintable(OperationRecord::stateName(cut->state)));
    const RunbookJournal::Position position = RunbookJournal::replay(runbook, *cut);
    QCOMPARE(position.resumeAt, 1);
    QCOMPARE(position.steps.at(0).status, RunbookStepState::Status::Passed);
    QCOMPARE(position.steps.at(1).status, RunbookStepState::Status::Running);
    const QString reshard = position.steps.at(1).operationId;
    std::optional<OperationRecord> moving = stored(reshard);
    QVERIFY(moving);
    QCOMPARE(moving->kind, QStringLiteral("cluster-reshard"));
    QVERIFY2(!moving->isFinished(), qPrintable(OperationRecord::stateName(moving->state)));
    const int reshardStepsAtKill = int(moving->steps.size());

    // The operator comes back: `runbook resume` finishes the same run, the writer still writing.
    QElapsedTimer resumeTime;
    resumeTime.start();
    CliProcess resume(QStringLiteral(REDIS_OPS_BINARY), m_home.path(),
                      QStringList{QStringLiteral("runbook"), QStringLiteral("resume"), id.left(8), QStringLiteral("--non-interactive")}
                          + deployment);
    QVERIFY2(resume.finished(180000), (resume.out().right(3000) + resume.err()).constData());
    QVERIFY2(resume.process().exitCode() == 0, (resume.out().right(3000) + resume.err().right(3000)).constData());
    qInfo() << "runbook resume took" << resumeTime.elapsed() << "ms";
    QCOMPARE(resume.lines().first().value(QStringLiteral("operation")).toString(), id);
    QCOMPARE(resume.lines().last().value(QStringLiteral("event")).toString(), QStringLiteral("finished"));
    QCOMPARE(resume.lines().last().value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));

    // The cluster: no open slot, every node ok and agreeing, the range at its new owner.
    const QStringList open = labtest::openSlots(*m_lab);
    QVERIFY2(open.isEmpty(), qPrintable(open.join(QStringLiteral("; "))));
    QString why;
    QVERIFY2(labtest::waitClusterSettled(*m_lab, why, 30000), qPrintable(why));
    const QVector<Endpoint> owners = labtest::slotOwners(*m_lab);
    for (int s = kFirst; s <= kLast; ++s)
        QVERIFY2(owners.value(s) == masters[1], qPrintable(QStringLiteral("slot %1 at %2").arg(s).arg(owners.value(s).toString())));

    // The data: every acknowledged write with its value, every seeded key.
    QSignalSpy stopped(&writer, &ClusterWriter::stopped);
    QSignalSpy verified(&writer, &ClusterWriter::finished);
    writer.stop();
    QVERIFY(writer.isStopped() || stopped.wait(30000));
    writer.verify();
    QVERIFY(verified.wait(60000));
    const ClusterWriter::Report r = writer.report();
    qInfo().noquote() << "writer across the kill and the resume:" << r.toString();
    QVERIFY2(r.acknowledged > ackedAtKill && r.checked == r.acknowledged, qPrintable(r.toString()));
    QVERIFY2(r.missing == 0 && r.wrongValue == 0 && r.errors == 0 && r.readErrors == 0, qPrintable(r.toString()));
    QVERIFY2(r.ask + r.moved > 0, qPrintable(r.toString())); // it did write into the moving slots
    const labtest::ReadBack rb = labtest::readBack(*m_lab, kPrefix, kKeys, kBytes);
    QVERIFY2(rb.present == kKeys && rb.missing == 0 && rb.wrong == 0 && rb.error.isEmpty(), qPrintable(rb.toString()));

    // The journal read back: one run, the cut-off attempt and the resumed one on the same reshard.
    const std::optional<OperationRecord> done = stored(id);
    QVERIFY(done);
    QCOMPARE(done->state, OperationRecord::State::Succeeded);
    QStringList named;
    QCOMPARE(rowsOf(*done, &named), QStringList({QStringLiteral("healthy=answered"), QStringLiteral("move=failed"),
                                                 QStringLiteral("move=answered"), QStringLiteral("agreed=answered")}));
    QVERIFY2(QSet<QString>(named.cbegin(), named.cend()).size() <= 1, qPrintable(named.join(QLatin1Char(' '))));
    int rowsNaming = 0;
    for (const OperationStep &s : done->steps)
        rowsNaming += s.commandText.startsWith(QLatin1String("move ")) && s.replySummary.contains(reshard.left(8));
    QCOMPARE(rowsNaming, 2);
    const RunbookJournal::Position end = RunbookJournal::replay(runbook, *done);
    QCOMPARE(end.resumeAt, 3);
    QCOMPARE(end.steps.at(1).status, RunbookStepState::Status::Done);
    moving = stored(reshard);
    QVERIFY(moving);
    QCOMPARE(moving->state, OperationRecord::State::Succeeded);
    QVERIFY(moving->steps.size() > reshardStepsAtKill); // the same operation went on
    QCOMPARE(moving->details.value(QStringLiteral("resumed")).toBool(), true);
    QCOMPARE(moving->details.value(QStringLiteral("slotsMoved")).toInt(), kLast - kFirst + 1);
    qInfo() << "test took" << total.elapsed() << "ms";
}

QTEST_GUILESS_MAIN(TestRunbookKill)
#include "tst_runbookkill.moc"
