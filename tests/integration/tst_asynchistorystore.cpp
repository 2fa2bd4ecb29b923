// AsyncHistoryStore: a HistoryStore on its own thread. Acknowledgements arrive on the context's
// thread, in request order, after the write is durable (read back over another connection from
// inside the handler); a dead context drops its acknowledgement but not the write; close()
// stores everything pending and later requests are answered with an error; a failed open is
// reported and every later write answers it, leaving the events as they were.
#include "HistoryTestData.h"
#include "history/AsyncHistoryStore.h"

#include <QDeadlineTimer>
#include <QThread>

#include <atomic>
#include <optional>

using namespace historytest;
using ops::AsyncHistoryStore;
using ops::OperationRecord;
using ops::OperationStep;

class TestAsyncHistoryStore : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void acknowledgedInOrderOnCallerThread_data();
    void acknowledgedInOrderOnCallerThread();
    void contextOnAnotherThread();
    void stepDurableBeforeAcknowledgement();
    void deadContextDropsAcknowledgementNotWrite();
    void closeStoresEverythingPending();
    void failedOpenAnswersEveryRequest();
    void journalAndQueries();

private:
    QString dbPath() const { return m_dir->filePath(QStringLiteral("history.db")); }
    /** Opens @p store and waits for the acknowledgement; the error. */
    HistoryError openAndWait(AsyncHistoryStore &store);
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestAsyncHistoryStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestAsyncHistoryStore::cleanup() { m_dir.reset(); }

HistoryError TestAsyncHistoryStore::openAndWait(AsyncHistoryStore &store)
{
    std::optional<HistoryError> result;
    store.open(this, [&result](int, const HistoryError &error) { result = error; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 10000))
        return HistoryError::make(HistoryError::Kind::Open, QStringLiteral("no acknowledgement of open()"));
    return *result;
}

void TestAsyncHistoryStore::acknowledgedInOrderOnCallerThread_data()
{
    QTest::addColumn<int>("requests");
    QTest::addColumn<int>("batch");
    QTest::newRow("one request") << 1 << 1;
    QTest::newRow("300 single events") << 300 << 1;
    QTest::newRow("50 batches of 20") << 50 << 20;
}

void TestAsyncHistoryStore::acknowledgedInOrderOnCallerThread()
{
    QFETCH(int, requests);
    QFETCH(int, batch);
    AsyncHistoryStore store(dbPath());
    const HistoryError opened = openAndWait(store);
    QVERIFY2(!opened.isError(), qPrintable(opened.message));
    QList<int> order;
    QList<qint64> ids;
    int wrongThread = 0;
    for (int r = 0; r < requests; ++r) {
        OpsEvents events;
        for (int i = 0; i < batch; ++i)
            events << makeEvent(QStringLiteral("d"), r * 100 + i, OpsEvent::Kind::FailSet, {}, QStringLiteral("r%1").arg(r));
        store.append(events, this, [&, r](const OpsEvents &stored, const HistoryError &error) {
            QVERIFY(!error.isError());
            wrongThread += QThread::currentThread() != thread();
            order << r;
            for (const OpsEvent &e : stored)
                ids << e.id;
        });
    }
    QVERIFY(order.isEmpty()); // nothing is acknowledged synchronously
    QTRY_COMPARE_WITH_TIMEOUT(order.size(), requests, 30000);
    QCOMPARE(wrongThread, 0);
    for (int r = 0; r < requests; ++r)
        QCOMPARE(order.at(r), r);
    QCOMPARE(ids.size(), requests * batch);
    for (qsizetype i = 0; i < ids.size(); ++i)
        QCOMPARE(ids.at(i), qint64(i + 1)); // stored in request order too
    QCOMPARE(store.pendingRequests(), 0);
}

void TestAsyncHistoryStore::contextOnAnotherThread()
{
    AsyncHistoryStore store(dbPath());
    QVERIFY(!openAndWait(store).isError());
    QThread other;
    other.start();
    QObject context;
    context.moveToThread(&other);
    std::atomic<QThread *> ranOn{nullptr};
    std::atomic<qint64> id{0};
    store.append({makeEvent(QStringLiteral("d"), 1, OpsEvent::Kind::Promoted, {}, QStringLiteral("x"))}, &context,
                 [&](const OpsEvents &stored, const HistoryError &) {
                     id = stored.value(0).id;
                     ranOn = QThread::currentThread();
                 });
    QTRY_VERIFY(ranOn.load() != nullptr);
    QCOMPARE(ranOn.load(), &other);
    QCOMPARE(id.load(), qint64(1));
    QMetaObject::invokeMethod(&context, [&context] { context.moveToThread(QCoreApplication::instance()->thread()); },
                              Qt::BlockingQueuedConnection);
    other.quit();
    other.wait();
}

void TestAsyncHistoryStore::stepDurableBeforeAcknowledgement()
{
    AsyncHistoryStore store(dbPath());
    QVERIFY(!openAndWait(store).isError());
    HistoryStore reader(dbPath());
    QVERIFY(!reader.open().isError());
    OperationRecord op;
    op.id = OperationRecord::newId();
    op.kind = QStringLiteral("sentinel-failover");
    op.deploymentId = QStringLiteral("d");
    op.startedMs = 1;
    op.state = OperationRecord::State::Running;
    store.createOperation(op);
    int seen = 0, missing = 0;
    for (int seq = 1; seq <= 50; ++seq) {
        OperationStep step;
        step.operationId = op.id;
        step.seq = seq;
        step.commandText = QStringLiteral("SENTINEL FAILOVER mymaster");
        step.plannedMs = seq;
        store.appendStep(step, this, [&](const OperationStep &stored, const HistoryError &error) {
            QVERIFY(!error.isError());
            // Where an executor would send the command: the step must already be readable.
            const std::optional<OperationRecord> now = reader.operation(stored.operationId);
            missing += !now || now->steps.size() < stored.seq;
            ++seen;
        });
    }
    QTRY_COMPARE(seen, 50);
    QCOMPARE(missing, 0);
}

void TestAsyncHistoryStore::deadContextDropsAcknowledgementNotWrite()
{
    AsyncHistoryStore store(dbPath());
    QVERIFY(!openAndWait(store).isError());
    int called = 0;
    {
        QObject doomed;
        for (int i = 0; i < 20; ++i)
            store.append({makeEvent(QStringLiteral("d"), i, OpsEvent::Kind::FailSet, {}, QStringLiteral("e%1").arg(i))},
                         &doomed, [&called](const OpsEvents &, const HistoryError &) { ++called; });
        // Every acknowledgement is posted, none delivered (no event processing here) when it dies.
        QDeadlineTimer deadline(10000);
        while (store.pendingRequests() > 0 && !deadline.hasExpired())
            QThread::yieldCurrentThread();
        QCOMPARE(store.pendingRequests(), 0);
    }
    bool flushed = false;
    store.flush(this, [&flushed] { flushed = true; });
    QTRY_VERIFY(flushed);
    QCOMPARE(called, 0);
    HistoryStore reader(dbPath());
    QVERIFY(!reader.open().isError());
    QCOMPARE(reader.count(), qint64(20));
}

void TestAsyncHistoryStore::closeStoresEverythingPending()
{
    int acknowledged = 0;
    int afterClose = 0;
    HistoryError lateError;
    {
        AsyncHistoryStore store(dbPath());
        store.open();
        for (int i = 0; i < 300; ++i)
            store.append({makeEvent(QStringLiteral("d"), i, OpsEvent::Kind::FailSet, {}, QStringLiteral("e%1").arg(i))},
                         this, [&acknowledged](const OpsEvents &stored, const HistoryError &error) {
                             acknowledged += !error.isError() && stored.value(0).id > 0;
                         });
        store.close(); // blocks until all 300 ran
        QVERIFY(store.isClosed());
        QCOMPARE(store.pendingRequests(), 0);
        store.append({makeEvent(QStringLiteral("d"), 1, OpsEvent::Kind::FailSet, {}, QStringLiteral("late"))}, this,
                     [&](const OpsEvents &stored, const HistoryError &error) {
                         afterClose += stored.value(0).id == 0;
                         lateError = error;
                     });
        QCOMPARE(afterClose, 0); // answered through the event loop, like every answer
    } // the destructor after close() is a no-op
    QTRY_COMPARE(acknowledged, 300);
    QTRY_COMPARE(afterClose, 1);
    QCOMPARE(kindText(lateError.kind), kindText(HistoryError::Kind::Query));
    HistoryStore reader(dbPath());
    QVERIFY(!reader.open().isError());
    QCOMPARE(reader.count(), qint64(300));
}

void TestAsyncHistoryStore::failedOpenAnswersEveryRequest()
{
    QVERIFY(QDir().mkpath(dbPath())); // a directory where the file should be
    AsyncHistoryStore store(dbPath());
    const HistoryError opened = openAndWait(store);
    QCOMPARE(kindText(opened.kind), kindText(HistoryError::Kind::Open));
    const OpsEvent original = makeEvent(QStringLiteral("d"), 5, OpsEvent::Kind::Promoted, {}, QStringLiteral("m"));
    std::optional<std::pair<OpsEvents, HistoryError>> answer;
    store.append({original}, this, [&answer](const OpsEvents &events, const HistoryError &error) { answer.emplace(events, error); });
    QTRY_VERIFY(answer.has_value());
    QVERIFY(answer->second.isError());
    QCOMPARE(answer->first, OpsEvents{original}); // returned as given: the caller can still publish them
}

void TestAsyncHistoryStore::journalAndQueries()
{
    AsyncHistoryStore store(dbPath());
    QVERIFY(!openAndWait(store).isError());
    OperationRecord op;
    op.id = OperationRecord::newId();
    op.kind = QStringLiteral("cluster-failover");
    op.deploymentId = QStringLiteral("d");
    op.startedMs = 10;
    op.state = OperationRecord::State::Running;
    OperationStep step;
    step.operationId = op.id;
    step.seq = 1;
    step.commandText = QStringLiteral("CLUSTER FAILOVER");
    step.plannedMs = 11;
    // Fire-and-forget writes, then reads: FIFO makes the reads see them.
    store.createOperation(op);
    store.appendStep(step);
    step.state = OperationStep::State::Answered;
    step.replySummary = QStringLiteral("OK");
    store.updateStep(step);
    OpsEvent caused = makeEvent(QStringLiteral("d"), 12, OpsEvent::Kind::Promoted, {}, QStringLiteral("promoted"));
    caused.operationId = op.id;
    store.append({caused});
    QList<OperationRecord> unfinished;
    std::optional<OperationRecord> read;
    QList<OpsEvent> events;
    int answers = 0;
    store.unfinishedOperations({}, this, [&](const QList<OperationRecord> &r, const HistoryError &) { unfinished = r; ++answers; });
    HistoryQuery q;
    q.operationId = op.id;
    store.query(q, this, [&](const QList<OpsEvent> &e, const HistoryError &) { events = e; ++answers; });
    op.state = OperationRecord::State::Succeeded;
    op.endedMs = 20;
    store.updateOperation(op);
    store.operation(op.id, this, [&](const std::optional<OperationRecord> &r, const HistoryError &) { read = r; ++answers; });
    QTRY_COMPARE(answers, 3);
    QCOMPARE(unfinished.size(), 1);
    QCOMPARE(unfinished[0].steps.value(0).replySummary, QStringLiteral("OK"));
    QCOMPARE(messages(events), QStringList{QStringLiteral("promoted")});
    QVERIFY(read);
    QCOMPARE(read->state, OperationRecord::State::Succeeded);
    QCOMPARE(read->steps, QList<OperationStep>{step});
}

QTEST_GUILESS_MAIN(TestAsyncHistoryStore)
#include "tst_asynchistorystore.moc"
