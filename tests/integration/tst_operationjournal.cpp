// The operations journal of HistoryStore (schema v3) over real SQLite files: operations and steps
// round trip field for field, step state changes, listing with filters, unfinished operations
// (what a restart shows), refused writes, and events tagged with the operation that caused them.
// Every test runs on both backends (global data: an SQLite file, a PostgreSQL database).
// Migrations: tst_storemigrations; SQLite migration from v2 and SIGKILL durability: tst_journalfiles.
#include "HistoryTestData.h"
#include "StoreBackends.h"

using namespace historytest;
using ops::OperationQuery;
using ops::OperationRecord;
using ops::OperationStep;

Q_DECLARE_METATYPE(ops::OperationQuery)

namespace ops {
inline char *toString(const OperationRecord &r)
{
    return qstrdup(QJsonDocument(r.toJson()).toJson(QJsonDocument::Compact).constData());
}
inline char *toString(const OperationStep &s)
{
    return qstrdup(QJsonDocument(s.toJson()).toJson(QJsonDocument::Compact).constData());
}
} // namespace ops

namespace {

OperationRecord makeOperation(const QString &deployment, const QString &kind, qint64 startedMs,
                              OperationRecord::State state = OperationRecord::State::Running)
{
    OperationRecord r;
    r.id = OperationRecord::newId();
    r.kind = kind;
    r.deploymentId = deployment;
    r.operatorName = QStringLiteral("alice");
    r.target = QStringLiteral("mymaster");
    r.mode = QStringLiteral("standard");
    r.state = state;
    r.startedMs = startedMs;
    return r;
}

OperationStep makeStep(const QString &operationId, int seq, const QString &command)
{
    OperationStep s;
    s.operationId = operationId;
    s.seq = seq;
    s.targetNode = QStringLiteral("127.0.0.1:26379");
    s.commandText = command;
    s.plannedMs = 1700000000000 + seq;
    return s;
}

QStringList kindsOf(const QList<OperationRecord> &records)
{
    QStringList out;
    for (const OperationRecord &r : records)
        out << r.kind + QLatin1Char('@') + r.deploymentId;
    return out;
}

} // namespace

class TestOperationJournal : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data() { StoreBackends::addRows(); }
    void init();
    void cleanup();

    void operationRoundTrip_data();
    void operationRoundTrip();
    void stepLifecycle_data();
    void stepLifecycle();
    void listWithFilters_data();
    void listWithFilters();
    void unfinishedOperationsWithSteps();
    void refusedWrites_data();
    void refusedWrites();
    void eventsByOperation();
    void stepIdsAreNewEachTime();

private:
    /** The store of the current test: a file path or a postgresql:// URL. */
    QString dbPath() const { return m_location; }
    StoreBackends m_backends;
    QString m_location;
    std::unique_ptr<HistoryStore> m_store;
};

void TestOperationJournal::init()
{
    QFETCH_GLOBAL(QString, backend);
    QString locationError;
    m_location = m_backends.freshStore(backend, &locationError);
    QVERIFY2(!m_location.isEmpty(), qPrintable(locationError));
    m_store = std::make_unique<HistoryStore>(dbPath());
    const HistoryError error = m_store->open();
    QVERIFY2(!error.isError(), qPrintable(error.message));
}

void TestOperationJournal::cleanup()
{
    m_store.reset();
    m_location.clear();
}

void TestOperationJournal::operationRoundTrip_data()
{
    QTest::addColumn<OperationRecord>("original");
    OperationRecord minimal;
    minimal.id = QStringLiteral("op-1");
    minimal.kind = QStringLiteral("cluster-failover");
    minimal.startedMs = 1;
    QTest::newRow("minimal (empty strings, no plan)") << minimal;

    OperationRecord full = makeOperation(QStringLiteral("sentinel:mymaster@127.0.0.1:26379"),
                                         QStringLiteral("sentinel-failover"), 1700000000123);
    full.operatorName = QStringLiteral("op\u00e9rateur \u2713");
    full.mode = QStringLiteral("graceful");
    full.plan = QJsonObject{{QStringLiteral("candidates"), QJsonArray{QStringLiteral("127.0.0.1:7002"), 2}},
                            {QStringLiteral("pauseMs"), 2000},
                            {QStringLiteral("quote"), QStringLiteral("it's \"quoted\"; DROP TABLE events; --")}};
    full.details = QJsonObject{{QStringLiteral("checks"), QJsonArray{QJsonObject{{QStringLiteral("ok"), true}}}}};
    QTest::newRow("running, plan with unicode and SQL-looking text") << full;

    OperationRecord ended = full;
    ended.id = OperationRecord::newId();
    ended.state = OperationRecord::State::Aborted;
    ended.endedMs = full.startedMs + 5400;
    ended.outcome = QStringLiteral("-failover-abort-no-good-slave");
    QTest::newRow("ended") << ended;

    OperationRecord big = makeOperation(QStringLiteral("d"), QStringLiteral("reshard"), 42,
                                        OperationRecord::State::Planned);
    big.plan.insert(QStringLiteral("payload"), QString(200000, QLatin1Char('x')));
    QTest::newRow("200 kB plan") << big;
}

void TestOperationJournal::operationRoundTrip()
{
    QFETCH(OperationRecord, original);
    QVERIFY(!m_store->createOperation(original).isError());
    HistoryError error;
    const std::optional<OperationRecord> stored = m_store->operation(original.id, &error);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QVERIFY(stored);
    QCOMPARE(*stored, original);

    // From another connection too (the console reads what `redis-ops` journaled).
    HistoryStore reader(dbPath());
    QVERIFY(!reader.open().isError());
    QCOMPARE(reader.operation(original.id).value_or(OperationRecord{}), original);
    QVERIFY(!reader.operation(QStringLiteral("no-such-id"), &error));
    QVERIFY(!error.isError());
}

void TestOperationJournal::stepLifecycle_data()
{
    QTest::addColumn<QList<int>>("states"); // OperationStep::State after planned, in order
    QTest::addColumn<QString>("reply");
    QTest::addColumn<QString>("errorText");
    using S = OperationStep::State;
    QTest::newRow("answered") << QList<int>{int(S::Sent), int(S::Answered)} << QStringLiteral("OK") << QString();
    QTest::newRow("failed") << QList<int>{int(S::Sent), int(S::Failed)} << QString()
                            << QStringLiteral("NOGOODSLAVE No suitable replica to promote");
    QTest::newRow("outcome unknown after a timeout") << QList<int>{int(S::Sent), int(S::Unknown)} << QString()
                                                     << QStringLiteral("timeout after 5000 ms");
    QTest::newRow("never sent") << QList<int>{int(S::Failed)} << QString() << QStringLiteral("not connected");
    QTest::newRow("stays planned") << QList<int>{} << QString() << QString();
}

void TestOperationJournal::stepLifecycle()
{
    QFETCH(QList<int>, states);
    QFETCH(QString, reply);
    QFETCH(QString, errorText);
    const OperationRecord op = makeOperation(QStringLiteral("d"), QStringLiteral("sentinel-failover"), 10);
    QVERIFY(!m_store->createOperation(op).isError());
    OperationStep step = makeStep(op.id, 1, QStringLiteral("SENTINEL FAILOVER mymaster"));
    QVERIFY(!m_store->appendStep(step).isError());
    QCOMPARE(m_store->operation(op.id)->steps, QList<OperationStep>{step});
    for (int state : states) {
        step.state = OperationStep::State(state);
        if (step.state == OperationStep::State::Sent)
            step.sentMs = step.plannedMs + 3;
        else {
            step.doneMs = step.plannedMs + 40;
            step.replySummary = reply;
            step.error = errorText;
        }
        QVERIFY(!m_store->updateStep(step).isError());
        QCOMPARE(m_store->operation(op.id)->steps, QList<OperationStep>{step});
    }
    // A second step keeps the order by seq, whatever the insertion order.
    const OperationStep third = makeStep(op.id, 3, QStringLiteral("ROLE"));
    const OperationStep second = makeStep(op.id, 2, QStringLiteral("CLIENT PAUSE 2000 WRITE"));
    QVERIFY(!m_store->appendStep(third).isError());
    QVERIFY(!m_store->appendStep(second).isError());
    QCOMPARE(m_store->operation(op.id)->steps, (QList<OperationStep>{step, second, third}));
}

void TestOperationJournal::listWithFilters_data()
{
    QTest::addColumn<OperationQuery>("query");
    QTest::addColumn<QStringList>("expected");
    using S = OperationRecord::State;
    auto query = [](const char *deployment, qint64 since, const char *kind, QList<S> states, int limit = 0) {
        OperationQuery q;
        q.deploymentId = QString::fromLatin1(deployment);
        q.sinceMs = since;
        q.kind = QString::fromLatin1(kind);
        q.states = states;
        q.limit = limit;
        return q;
    };
    auto list = [](std::initializer_list<const char *> items) {
        QStringList out;
        for (const char *item : items)
            out << QString::fromLatin1(item);
        return out;
    };
    // Stored (see listWithFilters): sf@a 100 running, cf@a 200 succeeded, sf@a 300 failed, sf@b 400 planned
    QTest::newRow("all") << query("", 0, "", {}) << list({"sf@a", "cf@a", "sf@a", "sf@b"});
    QTest::newRow("deployment") << query("a", 0, "", {}) << list({"sf@a", "cf@a", "sf@a"});
    QTest::newRow("since (inclusive)") << query("", 200, "", {}) << list({"cf@a", "sf@a", "sf@b"});
    QTest::newRow("kind") << query("a", 0, "cf", {}) << list({"cf@a"});
    QTest::newRow("state") << query("", 0, "", {S::Failed}) << list({"sf@a"});
    QTest::newRow("states") << query("", 0, "", {S::Planned, S::Succeeded}) << list({"cf@a", "sf@b"});
    QTest::newRow("everything") << query("a", 150, "sf", {S::Failed}) << list({"sf@a"});
    QTest::newRow("limit") << query("", 0, "", {}, 2) << list({"sf@a", "cf@a"});
    QTest::newRow("no match") << query("zzz", 0, "", {}) << QStringList{};
}

void TestOperationJournal::listWithFilters()
{
    QFETCH(OperationQuery, query);
    QFETCH(QStringList, expected);
    using S = OperationRecord::State;
    // Created out of order: results are ordered by start time.
    for (const OperationRecord &r : {makeOperation(QStringLiteral("b"), QStringLiteral("sf"), 400, S::Planned),
                                     makeOperation(QStringLiteral("a"), QStringLiteral("cf"), 200, S::Succeeded),
                                     makeOperation(QStringLiteral("a"), QStringLiteral("sf"), 100, S::Running),
                                     makeOperation(QStringLiteral("a"), QStringLiteral("sf"), 300, S::Failed)})
        QVERIFY(!m_store->createOperation(r).isError());
    HistoryError error;
    const QList<OperationRecord> found = m_store->operations(query, &error);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(kindsOf(found), expected);
}

void TestOperationJournal::unfinishedOperationsWithSteps()
{
    using S = OperationRecord::State;
    OperationRecord running = makeOperation(QStringLiteral("a"), QStringLiteral("sentinel-failover"), 100, S::Running);
    const OperationRecord planned = makeOperation(QStringLiteral("b"), QStringLiteral("cluster-failover"), 200, S::Planned);
    OperationRecord done = makeOperation(QStringLiteral("a"), QStringLiteral("sentinel-failover"), 50, S::Running);
    for (const OperationRecord &r : {running, planned, done})
        QVERIFY(!m_store->createOperation(r).isError());
    for (int seq = 1; seq <= 3; ++seq)
        QVERIFY(!m_store->appendStep(makeStep(running.id, seq, QStringLiteral("step %1").arg(seq))).isError());
    QVERIFY(!m_store->appendStep(makeStep(done.id, 1, QStringLiteral("done step"))).isError());
    done.state = S::Succeeded;
    done.endedMs = 90;
    done.outcome = QStringLiteral("verified");
    done.details = QJsonObject{{QStringLiteral("pausedMs"), 812}};
    QVERIFY(!m_store->updateOperation(done).isError());

    // As the next start would see it: a fresh connection.
    m_store.reset();
    HistoryStore restarted(dbPath());
    QVERIFY(!restarted.open().isError());
    const QList<OperationRecord> unfinished = restarted.unfinishedOperations();
    QCOMPARE(unfinished.size(), 2);
    QCOMPARE(unfinished[0].id, running.id);
    QCOMPARE(unfinished[0].steps.size(), 3);
    QCOMPARE(unfinished[0].steps.last().commandText, QStringLiteral("step 3"));
    QCOMPARE(unfinished[1].id, planned.id);
    QVERIFY(unfinished[1].steps.isEmpty());
    QCOMPARE(restarted.unfinishedOperations(QStringLiteral("b")).size(), 1);
    QCOMPARE(restarted.operation(done.id)->details, done.details);
    QCOMPARE(restarted.operation(done.id)->endedMs, qint64(90));
}

void TestOperationJournal::refusedWrites_data()
{
    QTest::addColumn<QString>("what");
    QTest::newRow("duplicate operation id") << QStringLiteral("duplicate-operation");
    QTest::newRow("step of an unknown operation") << QStringLiteral("orphan-step");
    QTest::newRow("duplicate step seq") << QStringLiteral("duplicate-step");
    QTest::newRow("update of an unknown operation") << QStringLiteral("update-missing-operation");
    QTest::newRow("update of an unknown step") << QStringLiteral("update-missing-step");
}

void TestOperationJournal::refusedWrites()
{
    QFETCH(QString, what);
    const OperationRecord op = makeOperation(QStringLiteral("d"), QStringLiteral("k"), 1);
    QVERIFY(!m_store->createOperation(op).isError());
    QVERIFY(!m_store->appendStep(makeStep(op.id, 1, QStringLiteral("PING"))).isError());
    HistoryError error;
    if (what == QLatin1String("duplicate-operation"))
        error = m_store->createOperation(op);
    else if (what == QLatin1String("orphan-step"))
        error = m_store->appendStep(makeStep(QStringLiteral("no-such-operation"), 1, QStringLiteral("PING")));
    else if (what == QLatin1String("duplicate-step"))
        error = m_store->appendStep(makeStep(op.id, 1, QStringLiteral("OTHER")));
    else if (what == QLatin1String("update-missing-operation"))
        error = m_store->updateOperation(makeOperation(QStringLiteral("d"), QStringLiteral("k"), 1));
    else
        error = m_store->updateStep(makeStep(op.id, 2, QStringLiteral("PING")));
    QCOMPARE(kindText(error.kind), kindText(HistoryError::Kind::Query));
    QVERIFY2(error.message.contains(m_store->displayName()), qPrintable(error.message));
    // Nothing changed.
    QCOMPARE(m_store->operations({}).size(), 1);
    QCOMPARE(m_store->operation(op.id)->steps, QList<OperationStep>{makeStep(op.id, 1, QStringLiteral("PING"))});
}

void TestOperationJournal::eventsByOperation()
{
    const OperationRecord a = makeOperation(QStringLiteral("d"), QStringLiteral("sentinel-failover"), 1);
    const OperationRecord b = makeOperation(QStringLiteral("d"), QStringLiteral("sentinel-failover"), 2);
    OpsEvents events;
    for (int i = 0; i < 6; ++i) {
        OpsEvent e = makeEvent(QStringLiteral("d"), 1000 + i, OpsEvent::Kind::Sentinel, QStringLiteral("n"),
                               QStringLiteral("e%1").arg(i), QStringLiteral("+switch-master"));
        e.operationId = i % 3 == 0 ? a.id : i % 3 == 1 ? b.id : QString();
        events << e;
    }
    QVERIFY(!m_store->append(events).isError());
    HistoryQuery q;
    q.operationId = a.id;
    QCOMPARE(messages(m_store->query(q)), (QStringList{QStringLiteral("e0"), QStringLiteral("e3")}));
    q.operationId = b.id;
    q.newestFirst = true;
    QCOMPARE(messages(m_store->query(q)), (QStringList{QStringLiteral("e4"), QStringLiteral("e1")}));
    const QList<OpsEvent> all = m_store->query({});
    QCOMPARE(all, events); // operationId round trips (empty stays empty)
    QCOMPARE(OpsEvent::fromJson(all[1].toJson()).operationId, b.id);
    QVERIFY(!all[2].toJson().contains(QStringLiteral("operation")));
}

void TestOperationJournal::stepIdsAreNewEachTime()
{
    QSet<QString> ids;
    for (int i = 0; i < 1000; ++i)
        ids.insert(OperationRecord::newId());
    QCOMPARE(ids.size(), 1000);
    QVERIFY(!OperationRecord::currentOperator().isEmpty());
}

QTEST_GUILESS_MAIN(TestOperationJournal)
#include "tst_operationjournal.moc"
