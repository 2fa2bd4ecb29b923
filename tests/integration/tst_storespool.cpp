// The shared store going away and coming back (issue 15, "store unreachable"): writes are
// journaled in the local spool, reconnects are retried on the injectable clock, and the flush
// writes every spooled row exactly once — also when a second outage interrupts it.
#include "HistoryTestData.h"
#include "PostgresServer.h"

#include "core/ManualClock.h"
#include "history/AsyncHistoryStore.h"
#include "history/HistoryStore.h"
#include "history/SharedStoreWriter.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace ops;
using namespace historytest;

namespace {

OperationRecord makeOperation(const QString &deployment, qint64 startedMs)
{
    OperationRecord r;
    r.id = OperationRecord::newId();
    r.kind = QStringLiteral("sentinel-failover");
    r.deploymentId = deployment;
    r.operatorName = QStringLiteral("ops");
    r.target = QStringLiteral("mymaster");
    r.state = OperationRecord::State::Running;
    r.startedMs = startedMs;
    return r;
}

OperationStep makeStep(const QString &operationId, int seq, qint64 plannedMs)
{
    OperationStep s;
    s.operationId = operationId;
    s.seq = seq;
    s.targetNode = QStringLiteral("127.0.0.1:26379");
    s.commandText = QStringLiteral("STEP %1").arg(seq);
    s.plannedMs = plannedMs;
    return s;
}

AuditRecord makeAudit(const QString &deployment, qint64 ts)
{
    AuditRecord r;
    r.timestampMs = ts;
    r.deploymentId = deployment;
    r.actor = QStringLiteral("ops");
    r.action = QStringLiteral("failover");
    r.commandText = QStringLiteral("SENTINEL FAILOVER mymaster");
    r.outcome = QStringLiteral("succeeded");
    return r;
}

} // namespace

class TestStoreSpool : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void outageMidOperation();
    void flushInterruptedBySecondOutage();
    void spoolLeftByEarlierRunFlushedAtStart();
    void asyncStoreReportsOutage();

private:
    qint64 count(const QString &sql) { return m_server->value(m_db, sql).toLongLong(); }
    /** Events, audit rows and operations left in the spool file (flushed ones are deleted). */
    qint64 spooledRows();
    /** Advances the clock to the next retry and fires it. */
    void fireRetry();
    void writeOffline(SharedStoreWriter &writer, const OperationRecord &op, int events);

    std::unique_ptr<PostgresServer> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_db;
    QString m_url;
    QString m_spoolPath;
    ManualClock m_clock;
    QObject m_timers;
};

void TestStoreSpool::init()
{
    m_server = std::make_unique<PostgresServer>();
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    m_db = m_server->createDatabase(&error);
    QVERIFY2(!m_db.isEmpty(), qPrintable(error));
    m_url = m_server->url(m_db);
    m_dir = std::make_unique<QTemporaryDir>();
    m_spoolPath = m_dir->filePath(QStringLiteral("spool.sqlite"));
}

void TestStoreSpool::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

qint64 TestStoreSpool::spooledRows()
{
    HistoryStore spool(m_spoolPath);
    if (spool.open().isError())
        return -1;
    return spool.count() + spool.audit({}).size() + spool.operations(OperationQuery{}).size();
}

void TestStoreSpool::fireRetry()
{
    QVERIFY(m_clock.pendingTimers() > 0);
    m_clock.advance(m_clock.nextDeadline() - m_clock.monotonicMs());
}

void TestStoreSpool::writeOffline(SharedStoreWriter &writer, const OperationRecord &op, int events)
{
    for (int i = 0; i < events; ++i) {
        OpsEvents batch{makeEvent(op.deploymentId, 2000 + i * 20000, OpsEvent::Kind::NodeAdded,
                                  QStringLiteral("n%1").arg(i), {})};
        batch[0].operationId = op.id;
        QVERIFY(!writer.append(batch).isError());
    }
}

void TestStoreSpool::outageMidOperation()
{
    HistoryStore shared(m_url);
    QVERIFY(!shared.open().isError());
    SharedStoreWriter writer(shared, m_spoolPath, &m_clock, &m_timers);
    QList<StoreStatus> statuses;
    writer.setStatusCallback([&](const StoreStatus &s) { statuses.append(s); });
    writer.start();
    QVERIFY(writer.status().reachable);

    // Online: the operation, its first step and an event go to PostgreSQL.
    OperationRecord op = makeOperation(QStringLiteral("d"), 1000);
    QVERIFY(!writer.createOperation(op).isError());
    OperationStep first = makeStep(op.id, 1, 1100);
    QVERIFY(!writer.appendStep(first).isError());
    OpsEvents online{makeEvent(op.deploymentId, 1200, OpsEvent::Kind::NodeAdded, QStringLiteral("n0"), {})};
    QVERIFY(!writer.append(online).isError());

    m_server->stopImmediately();

    // Offline: every write still succeeds, journaled locally.
    first.state = OperationStep::State::Answered;
    first.doneMs = 1300;
    QVERIFY2(!writer.updateStep(first).isError(), "a step written online, updated offline");
    QVERIFY(!writer.status().reachable);
    QVERIFY(spooledRows() > 0);
    QVERIFY(!writer.appendStep(makeStep(op.id, 2, 1400)).isError());
    writeOffline(writer, op, 3);
    AuditRecord audit = makeAudit(op.deploymentId, 1500);
    QVERIFY(!writer.appendAudit(audit).isError());
    OperationStep third = makeStep(op.id, 3, 1600);
    OperationStep second = makeStep(op.id, 2, 1400);
    second.state = OperationStep::State::Answered;
    QVERIFY(!writer.writeSteps({second}, {third}).isError());
    op.state = OperationRecord::State::Succeeded;
    op.endedMs = 1700;
    op.outcome = QStringLiteral("succeeded");
    QVERIFY(!writer.updateOperation(op).isError());

    const StoreStatus down = writer.status();
    QVERIFY(!down.reachable);
    QCOMPARE(down.unreachableSinceMs, m_clock.wallMs());
    QVERIFY(down.spooledWrites > 0);
    QVERIFY2(down.text().contains(QStringLiteral("journaling locally")), qPrintable(down.text()));
    const HistoryError refusal = writer.leaseRefusal();
    QCOMPARE(kindText(refusal.kind), kindText(HistoryError::Kind::Io));
    QVERIFY2(refusal.message.contains(QStringLiteral("no operation lease")), qPrintable(refusal.message));

    fireRetry(); // still down: backoff, nothing flushed
    QVERIFY(!writer.status().reachable);
    QVERIFY(spooledRows() > 0);

    QString error;
    QVERIFY2(m_server->restart(&error), qPrintable(error));
    fireRetry();
    QVERIFY2(writer.status().reachable, qPrintable(writer.status().cause));
    QCOMPARE(writer.status().spooledWrites, qint64(0));
    QVERIFY(statuses.last().text().isEmpty());
    QCOMPARE(spooledRows(), qint64(0));

    // Nothing lost, nothing written twice.
    QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM events")), qint64(4));
    QCOMPARE(count(QStringLiteral("SELECT COUNT(DISTINCT uid) FROM events")), qint64(4));
    QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM events WHERE operation_id = '%1'").arg(op.id)), qint64(3));
    QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM audit WHERE uid = '%1'").arg(audit.uid)), qint64(1));
    QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM operation_steps WHERE operation_id = '%1'").arg(op.id)),
             qint64(3));
    const std::optional<OperationRecord> stored = shared.operation(op.id);
    QVERIFY(stored.has_value());
    QCOMPARE(stored->state, OperationRecord::State::Succeeded);
    QCOMPARE(stored->steps.value(0).state, OperationStep::State::Answered);
    QCOMPARE(stored->steps.value(1).state, OperationStep::State::Answered);
    QCOMPARE(stored->steps.value(2).state, OperationStep::State::Planned);

    // Back online: writes go straight to the store again.
    OpsEvents after{makeEvent(op.deploymentId, 90000, OpsEvent::Kind::NodeRemoved, QStringLiteral("n9"), {})};
    QVERIFY(!writer.append(after).isError());
    QCOMPARE(spooledRows(), qint64(0));
    QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM events")), qint64(5));
}

void TestStoreSpool::flushInterruptedBySecondOutage()
{
    HistoryStore shared(m_url);
    QVERIFY(!shared.open().isError());
    SharedStoreWriter writer(shared, m_spoolPath, &m_clock, &m_timers);
    writer.start();
    const OperationRecord op = makeOperation(QStringLiteral("d"), 1000);
    QVERIFY(!writer.createOperation(op).isError());

    m_server->stopImmediately();
    writeOffline(writer, op, 6);
    AuditRecord audit = makeAudit(op.deploymentId, 1500);
    QVERIFY(!writer.appendAudit(audit).isError());
    QCOMPARE(writer.status().spooledWrites, qint64(7));

    // The store comes back; the third entry commits there and then the store dies again before
    // the entry leaves the spool (the worst moment: retried, it must not be written twice).
    QString error;
    QVERIFY2(m_server->restart(&error), qPrintable(error));
    int committed = 0;
    writer.setAfterCommit([&](qint64) {
        if (++committed < 3)
            return true;
        m_server->stopImmediately();
        return false;
    });
    fireRetry();
    QCOMPARE(committed, 3);
    QVERIFY(!writer.status().reachable);
    QCOMPARE(writer.status().spooledWrites, qint64(5));

    writer.setAfterCommit({});
    fireRetry(); // still down
    QVERIFY(!writer.status().reachable);
    QVERIFY2(m_server->restart(&error), qPrintable(error));
    fireRetry();
    QVERIFY2(writer.status().reachable, qPrintable(writer.status().cause));

    QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM events")), qint64(6));
    QCOMPARE(count(QStringLiteral("SELECT COUNT(DISTINCT uid) FROM events")), qint64(6));
    QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM event_observers")), qint64(6));
    QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM audit")), qint64(1));
}

void TestStoreSpool::spoolLeftByEarlierRunFlushedAtStart()
{
    const OperationRecord op = makeOperation(QStringLiteral("d"), 1000);
    {
        HistoryStore shared(m_url);
        QVERIFY(!shared.open().isError());
        SharedStoreWriter writer(shared, m_spoolPath, &m_clock, &m_timers);
        writer.start();
        QVERIFY(!writer.createOperation(op).isError());
        m_server->stopImmediately();
        writeOffline(writer, op, 2);
        QCOMPARE(writer.status().spooledWrites, qint64(2));
    } // the console exits with the store still down
    QString error;
    QVERIFY2(m_server->restart(&error), qPrintable(error));

    HistoryStore shared(m_url);
    QVERIFY(!shared.open().isError());
    SharedStoreWriter writer(shared, m_spoolPath, &m_clock, &m_timers);
    writer.start();
    QVERIFY(writer.status().reachable);
    QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM events WHERE operation_id = '%1'").arg(op.id)), qint64(2));
    QCOMPARE(spooledRows(), qint64(0));
}

// What the console runs: AsyncHistoryStore with a spool on the real clock; its storeStatusChanged()
// feeds the status bar (MainWindow::showStoreStatus).
void TestStoreSpool::asyncStoreReportsOutage()
{
    AsyncHistoryStore async(m_url);
    async.enableSpool(m_spoolPath);
    QSignalSpy statuses(&async, &AsyncHistoryStore::storeStatusChanged);
    bool opened = false;
    async.open(this, [&](int, const HistoryError &error) { opened = !error.isError(); });
    QTRY_VERIFY(opened);
    QVERIFY(async.storeStatus().reachable);

    m_server->stopImmediately();
    OpsEvents events{makeEvent(QStringLiteral("d"), 1000, OpsEvent::Kind::NodeAdded, QStringLiteral("n1"), {})};
    std::optional<HistoryError> appended;
    QString spooledUid;
    async.append(events, this, [&](const OpsEvents &stored, const HistoryError &error) {
        appended = error;
        spooledUid = stored.value(0).uid;
    });
    QTRY_VERIFY(appended.has_value());
    QVERIFY2(!appended->isError(), qPrintable(appended->message)); // journaled locally: the console keeps working
    QVERIFY(!spooledUid.isEmpty());
    QTRY_VERIFY(!statuses.isEmpty());
    const StoreStatus down = statuses.last().first().value<StoreStatus>();
    QVERIFY(!down.reachable);
    QCOMPARE(down.spooledWrites, qint64(1));
    QVERIFY2(down.text().contains(QStringLiteral("journaling locally (1 write)")), qPrintable(down.text()));
    QVERIFY(!down.cause.isEmpty());

    OperationLease lease;
    lease.deploymentId = QStringLiteral("d");
    lease.operationId = OperationRecord::newId();
    lease.expiresMs = QDateTime::currentMSecsSinceEpoch() + 30000;
    std::optional<HistoryError> leased;
    async.acquireLease(lease, this, [&](const OperationLease &, const HistoryError &error) { leased = error; });
    QTRY_VERIFY(leased.has_value());
    QCOMPARE(kindText(leased->kind), kindText(HistoryError::Kind::Io));
    QVERIFY2(leased->message.contains(QStringLiteral("no action starts")), qPrintable(leased->message));

    QString error;
    QVERIFY2(m_server->restart(&error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(async.storeStatus().reachable, 20000); // backoff 1 s, 2 s, 4 s … on the real clock
    QVERIFY(statuses.last().first().value<StoreStatus>().text().isEmpty());
    QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM events WHERE uid = '%1'").arg(spooledUid)), qint64(1));
    QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM events")), qint64(1));
    async.close();
    QCOMPARE(spooledRows(), qint64(0));
}

QTEST_GUILESS_MAIN(TestStoreSpool)
#include "tst_storespool.moc"
