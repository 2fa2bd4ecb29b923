// Executors and the shared store (team mode, issue 15), on a real cluster lab and a real
// PostgreSQL store:
// - a lost lease: a reshard runs with a short lease (renewed every 200 ms); another console takes
//   the lease over with the typed override; the executor stops as a cancel does (the open window
//   closes, no new one opens, no slot is left open, every key is readable), ends Aborted with
//   "lease lost: taken over by carol@…" and journals that outcome. The override is in the audit
//   trail, and the store's lease is carol's afterwards.
// - the store going away mid-operation (SIGQUIT, as a crash): shorter than the lease, the reshard
//   goes on, its steps are journaled in the local spool and flushed when the server is back —
//   the shared journal then holds exactly the runner's steps, each once; longer than the lease,
//   the executor stops as above ("expired unrenewed") and that outcome reaches the store too.
#include "ClusterData.h"
#include "LabFixture.h"
#include "PostgresServer.h"
#include "actions/OperationRunner.h"
#include "core/Clock.h"
#include "history/AsyncHistoryStore.h"
#include "history/HistoryStore.h"
#include "history/StoreStatus.h"
#include "reshard/ReshardExecutor.h"
#include "reshard/ReshardPlanner.h"
#include "reshard/ReshardSurveyor.h"

#include <QSignalSpy>
#include <QtTest>

using namespace ops;

namespace {
const QByteArray kPrefix = "ll:";
constexpr int kKeys = 6000;
constexpr int kBytes = 32;
} // namespace

class TestLeaseLost : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void reshardStopsWhenItsLeaseIsTakenOver();
    void reshardJournalsAcrossAStoreOutage();
    void reshardStopsWhenTheStoreOutlastsItsLease();

private:
    ReshardPlan plan(ReshardRequest request);
    /** A reshard of @p slotCount slots from the master of rank @p from to @p to, its windows paced slowly. */
    ReshardPlan slowMove(int from, int to, int slotCount, int keysPerSecond);
    static OperationRecord recordOf(const ReshardPlan &p);
    OperationRunner::Options optionsFor(const ReshardPlan &p, int leaseMs) const;
    /** Every key readable and no slot left open; the journal's copy of the operation equals @p runner's. */
    void verifyAfterwards(const OperationRunner &runner, const ReshardExecutor::Result &result);
    /** Waits until @p journal reaches the store again with nothing left in its spool. */
    static bool waitFlushed(AsyncHistoryStore &journal);

    std::unique_ptr<PostgresServer> m_server;
    QString m_location;
    std::unique_ptr<LocalLab> m_lab;
    QTemporaryDir m_spoolDir;
};

void TestLeaseLost::initTestCase()
{
    m_server = std::make_unique<PostgresServer>();
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    const QString db = m_server->createDatabase(&error);
    QVERIFY2(!db.isEmpty(), qPrintable(error));
    m_location = m_server->url(db);
    HistoryStore store(m_location);
    QVERIFY(!store.open().isError());
    m_lab = labtest::startedLab(LabSpec::Kind::Cluster, 0);
    QVERIFY(m_lab);
    QString why;
    QVERIFY2(labtest::waitClusterSettled(*m_lab, why, 60000), qPrintable(why));
    const QString seeded = labtest::seedKeys(*m_lab, kPrefix, kKeys, kBytes);
    QVERIFY2(seeded.isEmpty(), qPrintable(seeded));
}

void TestLeaseLost::cleanupTestCase()
{
    m_lab.reset();
    m_server.reset();
}

ReshardPlan TestLeaseLost::plan(ReshardRequest request)
{
    const Endpoint seed = labtest::mastersBySlot(*m_lab).value(0, m_lab->topology().nodes.first().endpoint);
    ReshardSurveyor::Options o;
    o.seeds = {seed};
    o.dataOptions = m_lab->topology().connectionOptions(seed);
    o.timeoutMs = 2000;
    ReshardSurveyor surveyor(o);
    QSignalSpy done(&surveyor, &ReshardSurveyor::finished);
    surveyor.start();
    if (!done.wait(20000))
        return {};
    return ReshardPlanner::planMove(done.constFirst().constFirst().value<ReshardSurvey>(), request);
}

ReshardPlan TestLeaseLost::slowMove(int from, int to, int slotCount, int keysPerSecond)
{
    const QList<Endpoint> masters = labtest::mastersBySlot(*m_lab);
    if (masters.size() != 3)
        return {};
    ReshardRequest request;
    request.sources = {masters[from].toString()};
    request.target = masters[to].toString();
    request.slotCount = slotCount;
    request.slotsInFlight = 16;
    request.streamsPerPair = 1;
    request.maxKeysPerSecond = keysPerSecond;
    return plan(request);
}

OperationRecord TestLeaseLost::recordOf(const ReshardPlan &p)
{
    OperationRecord record;
    record.id = OperationRecord::newId();
    record.kind = QStringLiteral("cluster-reshard");
    record.deploymentId = p.deploymentId;
    record.operatorName = QStringLiteral("alice");
    record.target = p.pairs.value(0).target.endpoint.toString();
    record.mode = QStringLiteral("move");
    record.plan = p.toJson();
    return record;
}

OperationRunner::Options TestLeaseLost::optionsFor(const ReshardPlan &p, int leaseMs) const
{
    OperationRunner::Options options;
    options.dataOptions = m_lab->topology().connectionOptions(p.masters.first().endpoint);
    options.connectTimeoutMs = 1000;
    options.commandTimeoutMs = 3000;
    options.leaseLengthMs = leaseMs;
    return options;
}

bool TestLeaseLost::waitFlushed(AsyncHistoryStore &journal)
{
    // The spool's retries back off 1 s, 2 s, 4 s … on the real clock.
    QElapsedTimer waited;
    waited.start();
    while (waited.elapsed() < 30000) {
        const StoreStatus status = journal.storeStatus();
        if (status.reachable && status.spooledWrites == 0)
            return true;
        QTest::qWait(50);
    }
    return false;
}

void TestLeaseLost::verifyAfterwards(const OperationRunner &runner, const ReshardExecutor::Result &result)
{
    const labtest::ReadBack rb = labtest::readBack(*m_lab, kPrefix, kKeys, kBytes);
    QVERIFY2(rb.present == kKeys && rb.error.isEmpty(), qPrintable(rb.toString()));
    const QStringList open = labtest::openSlots(*m_lab);
    QVERIFY2(open.isEmpty(), qPrintable(open.join(QStringLiteral("; "))));

    // The shared journal holds what the runner did: the outcome, and every step once, as it ended.
    HistoryStore reader(m_location);
    QVERIFY(!reader.open().isError());
    const std::optional<OperationRecord> stored = reader.operation(runner.record().id);
    QVERIFY(stored.has_value());
    QCOMPARE(OperationRecord::stateName(stored->state), OperationRecord::stateName(result.state));
    QCOMPARE(stored->outcome, result.outcome);
    QCOMPARE(stored->steps.size(), runner.steps().size());
    for (qsizetype i = 0; i < stored->steps.size(); ++i)
        QVERIFY2(stored->steps[i] == runner.steps()[i],
                 qPrintable(QStringLiteral("step %1: stored %2, ran %3")
                                .arg(i + 1)
                                .arg(QString::fromUtf8(QJsonDocument(stored->steps[i].toJson()).toJson(QJsonDocument::Compact)),
                                     QString::fromUtf8(QJsonDocument(runner.steps()[i].toJson()).toJson(QJsonDocument::Compact)))));
    HistoryStore spool(m_spoolDir.filePath(QStringLiteral("spool.sqlite")));
    QVERIFY(!spool.open().isError());
    QCOMPARE(spool.operations(OperationQuery{}).size(), qsizetype(0));
}

void TestLeaseLost::reshardStopsWhenItsLeaseIsTakenOver()
{
    // ~1,500 slots × ~0.37 keys each at 150 keys/s: several seconds of windows.
    const ReshardPlan p = slowMove(2, 0, 1500, 150);
    QVERIFY2(p.allowed(), qPrintable(p.describe().join(QLatin1Char('\n'))));

    AsyncHistoryStore journal(m_location);
    journal.open();
    const OperationRecord record = recordOf(p);
    // Renewed every 200 ms: the takeover is noticed within that.
    OperationRunner runner(record, optionsFor(p, 600), &journal, Clock::system());
    ReshardExecutor executor(p, &runner);
    QSignalSpy lost(&runner, &OperationRunner::leaseLost);
    std::optional<ReshardExecutor::Result> result;
    connect(&executor, &ReshardExecutor::finished, this, [&](const ReshardExecutor::Result &r) { result = r; });

    // Carol's console takes the lease over once the first windows moved (typed: alice's id).
    HistoryStore carol(m_location);
    QVERIFY(!carol.open().isError());
    qint64 takenAtMs = -1;
    int slotsAtTakeover = -1;
    connect(&executor, &ReshardExecutor::progressed, this, [&](const ReshardProgress &progress) {
        if (takenAtMs >= 0 || progress.slotsDone == 0)
            return;
        OperationLease lease;
        lease.deploymentId = p.deploymentId;
        lease.operationId = QStringLiteral("carol-op");
        lease.operatorName = QStringLiteral("carol");
        lease.host = QStringLiteral("ops-2");
        lease.description = QStringLiteral("cluster-failover of 127.0.0.1:7001");
        lease.acquiredMs = lease.renewedMs = Clock::system()->wallMs();
        lease.expiresMs = lease.acquiredMs + 60000;
        const HistoryError e = carol.takeOverLease(lease, record.id);
        QVERIFY2(!e.isError(), qPrintable(e.message));
        takenAtMs = Clock::system()->monotonicMs();
        slotsAtTakeover = progress.slotsDone;
    });
    executor.start();
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 120000);
    QVERIFY(takenAtMs >= 0);
    QCOMPARE(lost.size(), 1);
    qInfo("takeover after %d slots; lease loss reported after %lld ms; %d of 1500 slots moved",
          slotsAtTakeover, static_cast<long long>(runner.elapsedMs()), result->slotsMoved);

    QVERIFY2(result->state == OperationRecord::State::Aborted, qPrintable(result->outcome));
    QVERIFY2(result->outcome.startsWith(QStringLiteral("lease lost: taken over by carol@ops-2 (operation carol-op")),
             qPrintable(result->outcome));
    QVERIFY(result->slotsMoved > 0 && result->slotsMoved < 1500);
    QCOMPARE(result->slotsMoved % 16, 0); // whole windows only: the open one was closed
    QVERIFY2(result->verification.verified, qPrintable(result->outcome));

    // Journaled: the operation's end with that outcome and its steps, the override in the audit
    // trail, and the lease is carol's (alice's finish() released nothing of hers).
    bool flushed = false;
    journal.flush(this, [&] { flushed = true; });
    QTRY_VERIFY_WITH_TIMEOUT(flushed, 10000);
    verifyAfterwards(runner, *result);
    const QList<AuditRecord> audit = carol.audit(p.deploymentId);
    QCOMPARE(audit.size(), 1);
    QCOMPARE(audit.first().action, QStringLiteral("lease-takeover"));
    QCOMPARE(audit.first().details.value(QStringLiteral("previousOperation")).toString(), record.id);
    QCOMPARE(carol.lease(p.deploymentId)->operationId, QStringLiteral("carol-op"));
    QVERIFY(!carol.releaseLease(p.deploymentId, QStringLiteral("carol-op")).isError()); // carol's operation ended
    journal.close();
}

// PostgreSQL crashes after the first windows and is back ~10 windows later, well within the
// 20 s lease: the reshard never notices, its steps in between wait in the spool.
void TestLeaseLost::reshardJournalsAcrossAStoreOutage()
{
    const ReshardPlan p = slowMove(1, 2, 1500, 150);
    QVERIFY2(p.allowed(), qPrintable(p.describe().join(QLatin1Char('\n'))));
    AsyncHistoryStore journal(m_location);
    journal.enableSpool(m_spoolDir.filePath(QStringLiteral("spool.sqlite")));
    journal.open();
    QSignalSpy statuses(&journal, &AsyncHistoryStore::storeStatusChanged);
    OperationRunner runner(recordOf(p), optionsFor(p, 20000), &journal, Clock::system());
    ReshardExecutor executor(p, &runner);
    QSignalSpy lost(&runner, &OperationRunner::leaseLost);
    std::optional<ReshardExecutor::Result> result;
    connect(&executor, &ReshardExecutor::finished, this, [&](const ReshardExecutor::Result &r) { result = r; });

    int stoppedAt = -1;
    int restartedAt = -1;
    QString restartError;
    connect(&executor, &ReshardExecutor::progressed, this, [&](const ReshardProgress &progress) {
        if (stoppedAt < 0 && progress.slotsDone > 0) {
            stoppedAt = progress.slotsDone;
            m_server->stopImmediately();
        } else if (stoppedAt >= 0 && restartedAt < 0 && progress.slotsDone >= stoppedAt + 160) {
            restartedAt = progress.slotsDone;
            QTimer::singleShot(0, this, [&] { m_server->restart(&restartError); });
        }
    });
    executor.start();
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 120000);
    QVERIFY2(restartedAt > 0, "the outage never ended during the reshard");
    QVERIFY2(restartError.isEmpty(), qPrintable(restartError));
    qInfo("store down from slot %d to slot %d of 1500", stoppedAt, restartedAt);
    QVERIFY2(result->state == OperationRecord::State::Succeeded, qPrintable(result->outcome));
    QCOMPARE(result->slotsMoved, 1500);
    QVERIFY(result->verification.verified);
    QCOMPARE(lost.size(), 0);
    // The outage was seen, with steps journaled locally meanwhile.
    qint64 mostSpooled = 0;
    for (const QList<QVariant> &args : statuses)
        mostSpooled = std::max(mostSpooled, args.constFirst().value<StoreStatus>().spooledWrites);
    QVERIFY2(mostSpooled > 0, "no write was spooled: the outage missed the operation");

    QVERIFY(waitFlushed(journal));
    verifyAfterwards(runner, *result);
    journal.close();
}

// PostgreSQL crashes after the first windows and stays down until the 1.5 s lease has expired
// unrenewed: the executor stops between windows (a colleague may take the lease once the store is
// back), and its Aborted outcome reaches the shared journal after the restart.
void TestLeaseLost::reshardStopsWhenTheStoreOutlastsItsLease()
{
    const ReshardPlan p = slowMove(2, 1, 1500, 50); // ~11 s of windows: far longer than the lease
    QVERIFY2(p.allowed(), qPrintable(p.describe().join(QLatin1Char('\n'))));
    AsyncHistoryStore journal(m_location);
    journal.enableSpool(m_spoolDir.filePath(QStringLiteral("spool.sqlite")));
    journal.open();
    OperationRunner runner(recordOf(p), optionsFor(p, 1500), &journal, Clock::system());
    ReshardExecutor executor(p, &runner);
    std::optional<ReshardExecutor::Result> result;
    connect(&executor, &ReshardExecutor::finished, this, [&](const ReshardExecutor::Result &r) { result = r; });
    bool stopped = false;
    connect(&executor, &ReshardExecutor::progressed, this, [&](const ReshardProgress &progress) {
        if (!stopped && progress.slotsDone > 0) {
            stopped = true;
            m_server->stopImmediately();
        }
    });
    QString restartError;
    QSignalSpy lost(&runner, &OperationRunner::leaseLost);
    executor.start();
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 90000);
    const bool wasStopped = stopped;
    QVERIFY2(m_server->restart(&restartError), qPrintable(restartError));
    QVERIFY(wasStopped);
    QVERIFY2(lost.size() == 1, qPrintable(QStringLiteral("lease lost %1 times; the reshard ended %2 after %3 slots: %4")
                                              .arg(lost.size())
                                              .arg(OperationRecord::stateName(result->state))
                                              .arg(result->slotsMoved)
                                              .arg(result->outcome)));

    QVERIFY2(result->state == OperationRecord::State::Aborted, qPrintable(result->outcome));
    QVERIFY2(result->outcome.contains(QStringLiteral("expired unrenewed")), qPrintable(result->outcome));
    QVERIFY(result->slotsMoved > 0 && result->slotsMoved < 1500);
    QCOMPARE(result->slotsMoved % 16, 0); // whole windows only
    QVERIFY2(result->verification.verified, qPrintable(result->outcome));

    QVERIFY(waitFlushed(journal));
    verifyAfterwards(runner, *result);
    journal.close();
}

QTEST_GUILESS_MAIN(TestLeaseLost)
#include "tst_leaselost.moc"
