// Executors react to a lost operation lease (team mode, issue 15), on a real cluster lab and a
// real PostgreSQL store: a reshard runs with a short lease (renewed every 200 ms); another
// console takes the lease over with the typed override; the executor stops as a cancel does (the
// open window closes, no new one opens, no slot is left open, every key is readable), ends
// Aborted with "lease lost: taken over by carol@…" and journals that outcome. The override is in
// the audit trail, and the store's lease is carol's afterwards.
#include "ClusterData.h"
#include "LabFixture.h"
#include "PostgresServer.h"
#include "actions/OperationRunner.h"
#include "core/Clock.h"
#include "history/AsyncHistoryStore.h"
#include "history/HistoryStore.h"
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

private:
    ReshardPlan plan(ReshardRequest request);

    std::unique_ptr<PostgresServer> m_server;
    QString m_location;
    std::unique_ptr<LocalLab> m_lab;
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

void TestLeaseLost::reshardStopsWhenItsLeaseIsTakenOver()
{
    const QList<Endpoint> masters = labtest::mastersBySlot(*m_lab);
    QCOMPARE(masters.size(), 3);
    ReshardRequest request;
    request.sources = {masters[2].toString()};
    request.target = masters[0].toString();
    request.slotCount = 1500;
    request.slotsInFlight = 16;
    request.streamsPerPair = 1;
    request.maxKeysPerSecond = 150; // ~1,500 slots × ~0.37 keys each: several seconds of windows
    const ReshardPlan p = plan(request);
    QVERIFY2(p.allowed(), qPrintable(p.describe().join(QLatin1Char('\n'))));

    AsyncHistoryStore journal(m_location);
    journal.open();
    OperationRecord record;
    record.id = OperationRecord::newId();
    record.kind = QStringLiteral("cluster-reshard");
    record.deploymentId = p.deploymentId;
    record.operatorName = QStringLiteral("alice");
    record.target = p.pairs.value(0).target.endpoint.toString();
    record.mode = QStringLiteral("move");
    record.plan = p.toJson();
    OperationRunner::Options options;
    options.dataOptions = m_lab->topology().connectionOptions(p.masters.first().endpoint);
    options.connectTimeoutMs = 1000;
    options.commandTimeoutMs = 3000;
    options.leaseLengthMs = 600; // renewed every 200 ms: the takeover is noticed within that
    OperationRunner runner(record, options, &journal, Clock::system());
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
    const labtest::ReadBack rb = labtest::readBack(*m_lab, kPrefix, kKeys, kBytes);
    QVERIFY2(rb.present == kKeys && rb.error.isEmpty(), qPrintable(rb.toString()));
    const QStringList open = labtest::openSlots(*m_lab);
    QVERIFY2(open.isEmpty(), qPrintable(open.join(QStringLiteral("; "))));

    // Journaled: the operation's end with that outcome, the override in the audit trail, and the
    // lease is carol's (alice's finish() released nothing of hers).
    bool flushed = false;
    journal.flush(this, [&] { flushed = true; });
    QTRY_VERIFY_WITH_TIMEOUT(flushed, 10000);
    const std::optional<OperationRecord> stored = carol.operation(record.id);
    QVERIFY(stored.has_value());
    QCOMPARE(stored->state, OperationRecord::State::Aborted);
    QCOMPARE(stored->outcome, result->outcome);
    const QList<AuditRecord> audit = carol.audit(p.deploymentId);
    QCOMPARE(audit.size(), 1);
    QCOMPARE(audit.first().action, QStringLiteral("lease-takeover"));
    QCOMPARE(audit.first().details.value(QStringLiteral("previousOperation")).toString(), record.id);
    QCOMPARE(carol.lease(p.deploymentId)->operationId, QStringLiteral("carol-op"));
    journal.close();
}

QTEST_GUILESS_MAIN(TestLeaseLost)
#include "tst_leaselost.moc"
