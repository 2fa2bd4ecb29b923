// Events from many observers (team mode, schema v6), on both backends (StoreBackends: an SQLite
// file and a PostgreSQL database): two HistoryStores on one store are two consoles. The same
// failover appended by both is stored once with two observers; an event only one console saw
// is kept; a console's own repeat is a second event; a retried uid stores nothing twice; and
// consoles appending the same event at the same moment from threads end with one row.
#include "HistoryTestData.h"
#include "StoreBackends.h"

#include "history/EventFingerprint.h"

#include <latch>
#include <thread>

using namespace historytest;
using ops::EventFingerprint;

class TestEventObservers : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data() { StoreBackends::addRows(); }
    void init();

    void sameFailoverFromTwoConsolesIsStoredOnce();
    void eventSeenByOneConsoleIsKept();
    void repeatSeenByOneConsoleIsASecondEvent();
    void outsideTheWindowIsAnotherEvent();
    void otherDeploymentIsAnotherEvent();
    void retriedUidIsStoredOnce();
    void auditUidIsStoredOnce();
    void concurrentAppendsEndWithOneRow();
    void observersFollowQueryLimits();

private:
    std::unique_ptr<HistoryStore> console(const QString &observer);
    StoreBackends m_backends;
    QString m_location;
};

namespace {

const QString kDeployment = QStringLiteral("sentinel:mymaster/a11111111111");
const QString kAlice = QStringLiteral("alice@console-a");
const QString kBob = QStringLiteral("bob@console-b");

OpsEvent sentinelEvent(qint64 ts, const QString &type, const QString &payload, const QString &node,
                       const QString &sentinel = QStringLiteral("10.0.0.11:26379"))
{
    OpsEvent e = makeEvent(kDeployment, ts, OpsEvent::Kind::Sentinel, node, type + QLatin1Char(' ') + payload, type);
    e.source = OpsEvent::Source::Sentinel;
    e.details = {{QStringLiteral("sentinel"), sentinel}, {QStringLiteral("payload"), payload}};
    return e;
}

/** A failover as one console sees it, @p skewMs later than another and worded its own way. */
OpsEvents failover(qint64 skewMs, const QString &wording)
{
    const qint64 t = 1700000000000 + skewMs;
    OpsEvents events{sentinelEvent(t, QStringLiteral("+sdown"), QStringLiteral("master mymaster 10.0.0.1 6379"),
                                   QStringLiteral("10.0.0.1:6379")),
                     sentinelEvent(t + 3000, QStringLiteral("+switch-master"),
                                   QStringLiteral("mymaster 10.0.0.1 6379 10.0.0.2 6379"), QStringLiteral("10.0.0.2:6379")),
                     makeEvent(kDeployment, t + 3500, OpsEvent::Kind::Promoted, QStringLiteral("10.0.0.2:6379"),
                               QStringLiteral("10.0.0.2:6379 promoted ") + wording)};
    events[2].details = {{QStringLiteral("newMaster"), QStringLiteral("10.0.0.2:6379")},
                         {QStringLiteral("oldMaster"), QStringLiteral("10.0.0.1:6379")}};
    return events;
}

} // namespace

void TestEventObservers::init()
{
    QFETCH_GLOBAL(QString, backend);
    QString error;
    m_location = m_backends.freshStore(backend, &error);
    QVERIFY2(!m_location.isEmpty(), qPrintable(error));
}

std::unique_ptr<HistoryStore> TestEventObservers::console(const QString &observer)
{
    auto store = std::make_unique<HistoryStore>(m_location);
    store->setObserver(observer);
    const HistoryError error = store->open();
    if (error.isError())
        qWarning().noquote() << error.message;
    return store->isOpen() ? std::move(store) : nullptr;
}

void TestEventObservers::sameFailoverFromTwoConsolesIsStoredOnce()
{
    auto alice = console(kAlice);
    auto bob = console(kBob);
    QVERIFY(alice && bob);
    OpsEvents seenByAlice = failover(0, QStringLiteral("(alice)"));
    QVERIFY(!alice->append(seenByAlice).isError());
    OpsEvents seenByBob = failover(800, QStringLiteral("(bob's wording)"));
    QVERIFY(!bob->append(seenByBob).isError());

    for (int i = 0; i < 3; ++i) {
        QCOMPARE(seenByBob[i].id, seenByAlice[i].id); // Bob's are Alice's events
        QCOMPARE(seenByBob[i].observers, QStringList({kAlice, kBob}));
        QVERIFY(seenByBob[i].uid != seenByAlice[i].uid);
    }
    const QList<OpsEvent> stored = bob->query({});
    QCOMPARE(stored.size(), 3);
    QCOMPARE(bob->count(kDeployment), qint64(3));
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(stored[i].observers, QStringList({kAlice, kBob}));
        QCOMPARE(stored[i].message, seenByAlice[i].message); // the first console's row
        QCOMPARE(stored[i].timestampMs, seenByAlice[i].timestampMs);
    }
    // The JSON of `redis-ops history --json` names them.
    QCOMPARE(stored[1].toJson().value(QStringLiteral("observers")).toArray().size(), 2);
}

void TestEventObservers::eventSeenByOneConsoleIsKept()
{
    auto alice = console(kAlice);
    auto bob = console(kBob);
    QVERIFY(alice && bob);
    OpsEvents a = failover(0, {});
    QVERIFY(!alice->append(a).isError());
    // Bob is subscribed to a sentinel Alice cannot reach: its +switch-master is his alone.
    OpsEvents b = failover(500, {});
    b << sentinelEvent(1700000003100, QStringLiteral("+switch-master"), QStringLiteral("mymaster 10.0.0.1 6379 10.0.0.2 6379"),
                       QStringLiteral("10.0.0.2:6379"), QStringLiteral("10.0.0.13:26379"));
    QVERIFY(!bob->append(b).isError());
    const QList<OpsEvent> stored = alice->query({});
    QCOMPARE(stored.size(), 4);
    QCOMPARE(b[3].observers, QStringList{kBob});
    int bobsOnly = 0;
    for (const OpsEvent &e : stored)
        bobsOnly += e.observers == QStringList{kBob} ? 1 : 0;
    QCOMPARE(bobsOnly, 1);
}

void TestEventObservers::repeatSeenByOneConsoleIsASecondEvent()
{
    auto alice = console(kAlice);
    auto bob = console(kBob);
    QVERIFY(alice && bob);
    // A flapping node: two +sdown 4 s apart, both seen by both consoles.
    const QString payload = QStringLiteral("slave 10.0.0.3:6379 10.0.0.3 6379 @ mymaster 10.0.0.1 6379");
    OpsEvents a{sentinelEvent(1000000, QStringLiteral("+sdown"), payload, QStringLiteral("10.0.0.3:6379")),
                sentinelEvent(1004000, QStringLiteral("+sdown"), payload, QStringLiteral("10.0.0.3:6379"))};
    QVERIFY(!alice->append(a).isError());
    QVERIFY(a[0].id != a[1].id);
    OpsEvents b{sentinelEvent(1000300, QStringLiteral("+sdown"), payload, QStringLiteral("10.0.0.3:6379")),
                sentinelEvent(1004200, QStringLiteral("+sdown"), payload, QStringLiteral("10.0.0.3:6379"))};
    QVERIFY(!bob->append(b).isError());
    QCOMPARE(b[0].id, a[0].id); // the nearest in time
    QCOMPARE(b[1].id, a[1].id);
    const QList<OpsEvent> stored = alice->query({});
    QCOMPARE(stored.size(), 2);
    QCOMPARE(stored[0].observers, QStringList({kAlice, kBob}));
    QCOMPARE(stored[1].observers, QStringList({kAlice, kBob}));
}

void TestEventObservers::outsideTheWindowIsAnotherEvent()
{
    auto alice = console(kAlice);
    auto bob = console(kBob);
    QVERIFY(alice && bob);
    OpsEvents a = failover(0, {});
    QVERIFY(!alice->append(a).isError());
    OpsEvents b = failover(EventFingerprint::kWindowMs + 1, {});
    QVERIFY(!bob->append(b).isError());
    QCOMPARE(alice->count(), qint64(6));
    OpsEvents c = failover(EventFingerprint::kWindowMs, {}); // at the edge: the same
    auto carol = console(QStringLiteral("carol@console-c"));
    QVERIFY(carol);
    QVERIFY(!carol->append(c).isError());
    QCOMPARE(alice->count(), qint64(6));
    QCOMPARE(c[0].id, b[0].id); // both within the window: the nearest in time
}

void TestEventObservers::otherDeploymentIsAnotherEvent()
{
    auto alice = console(kAlice);
    auto bob = console(kBob);
    QVERIFY(alice && bob);
    OpsEvents a = failover(0, {});
    QVERIFY(!alice->append(a).isError());
    OpsEvents b = failover(0, {});
    for (OpsEvent &e : b)
        e.deploymentId = QStringLiteral("sentinel:other/b22222222222");
    QVERIFY(!bob->append(b).isError());
    QCOMPARE(alice->count(), qint64(6));
    QCOMPARE(alice->deployments().size(), 2);
}

void TestEventObservers::retriedUidIsStoredOnce()
{
    auto alice = console(kAlice);
    auto bob = console(kBob);
    QVERIFY(alice && bob);
    OpsEvents a = failover(0, {});
    QVERIFY(!alice->append(a).isError());
    OpsEvents retry = a; // a spool flushed again: the same uids
    for (OpsEvent &e : retry)
        e.id = 0;
    QVERIFY(!alice->append(retry).isError());
    QCOMPARE(alice->count(), qint64(3));
    QCOMPARE(retry[1].id, a[1].id);
    OpsEvents b = failover(100, {});
    QVERIFY(!bob->append(b).isError());
    OpsEvents bobRetry = b;
    QVERIFY(!bob->append(bobRetry).isError()); // an observation merged before: still nothing new
    QCOMPARE(bobRetry[2].id, a[2].id);
    QCOMPARE(bobRetry[2].observers, QStringList({kAlice, kBob}));
    QCOMPARE(alice->count(), qint64(3));
    RawDb raw(m_location);
    QCOMPARE(raw.value(QStringLiteral("SELECT COUNT(*) FROM event_observers")).toInt(), 6);
}

void TestEventObservers::auditUidIsStoredOnce()
{
    auto alice = console(kAlice);
    QVERIFY(alice);
    AuditRecord r;
    r.timestampMs = 5000;
    r.deploymentId = kDeployment;
    r.actor = QStringLiteral("alice");
    r.action = QStringLiteral("failover");
    QVERIFY(!alice->appendAudit(r).isError());
    QVERIFY(!r.uid.isEmpty());
    AuditRecord again = r;
    again.id = 0;
    QVERIFY(!alice->appendAudit(again).isError());
    QCOMPARE(again.id, r.id);
    const QList<AuditRecord> stored = alice->audit({});
    QCOMPARE(stored.size(), 1);
    QCOMPARE(stored[0].uid, r.uid);
    AuditRecord other = r;
    other.id = 0;
    other.uid.clear(); // a new record that looks the same is another action
    QVERIFY(!alice->appendAudit(other).isError());
    QCOMPARE(alice->audit({}).size(), 2);
}

void TestEventObservers::concurrentAppendsEndWithOneRow()
{
    constexpr int kConsoles = 4;
    constexpr int kRounds = 15;
    QList<HistoryError> errors(kConsoles);
    std::vector<std::thread> threads;
    std::latch opened(kConsoles);
    std::vector<std::unique_ptr<std::latch>> rounds;
    for (int r = 0; r < kRounds; ++r)
        rounds.push_back(std::make_unique<std::latch>(kConsoles));
    for (int i = 0; i < kConsoles; ++i)
        threads.emplace_back([&, i] {
            HistoryStore store(m_location);
            store.setObserver(QStringLiteral("console-%1@host").arg(i));
            errors[i] = store.open();
            opened.arrive_and_wait();
            for (int r = 0; r < kRounds; ++r) {
                rounds[r]->arrive_and_wait(); // every console appends round r's event at once
                if (errors[i].isError())
                    continue;
                OpsEvents events{sentinelEvent(2000000 + r * 60000 + i * 10, QStringLiteral("+odown"),
                                               QStringLiteral("master mymaster 10.0.0.1 6379 #quorum 2/2"),
                                               QStringLiteral("10.0.0.1:6379"))};
                errors[i] = store.append(events);
            }
        });
    for (std::thread &t : threads)
        t.join();
    for (const HistoryError &e : std::as_const(errors))
        QVERIFY2(!e.isError(), qPrintable(e.message));
    HistoryStore reader(m_location);
    QVERIFY(!reader.open().isError());
    const QList<OpsEvent> stored = reader.query({});
    QCOMPARE(stored.size(), kRounds);
    for (const OpsEvent &e : stored)
        QCOMPARE(e.observers.size(), kConsoles);
}

void TestEventObservers::observersFollowQueryLimits()
{
    auto alice = console(kAlice);
    auto bob = console(kBob);
    QVERIFY(alice && bob);
    OpsEvents a = failover(0, {});
    QVERIFY(!alice->append(a).isError());
    OpsEvents b = failover(200, {});
    b.removeFirst(); // Bob missed the +sdown
    QVERIFY(!bob->append(b).isError());
    HistoryQuery newest;
    newest.limit = 1;
    newest.newestFirst = true;
    QList<OpsEvent> stored = alice->query(newest);
    QCOMPARE(stored.size(), 1);
    QCOMPARE(stored[0].kind, OpsEvent::Kind::Promoted);
    QCOMPARE(stored[0].observers, QStringList({kAlice, kBob}));
    HistoryQuery sdown;
    sdown.kinds = {QStringLiteral("+sdown")};
    stored = alice->query(sdown);
    QCOMPARE(stored.size(), 1);
    QCOMPARE(stored[0].observers, QStringList{kAlice});
}

QTEST_GUILESS_MAIN(TestEventObservers)
#include "tst_eventobservers.moc"
