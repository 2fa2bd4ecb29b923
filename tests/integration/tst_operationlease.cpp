// Operation leases on both backends (global data: an SQLite file, a PostgreSQL database on a
// real server): one console at a time acts on a deployment. Taken, refused with who holds it and
// what they do, renewed, released; an expired lease is taken over; processes racing for one
// lease (lease_taker) produce exactly one winner; a holder killed with SIGKILL loses the lease at
// its expiry and not before. OperationLeaseKeeper renews on a ManualClock and reports a lost lease.
#include "HistoryTestData.h"
#include "StoreBackends.h"

#include "actions/OperationRunner.h"
#include "core/ManualClock.h"
#include "history/AsyncHistoryStore.h"
#include "history/OperationLeaseKeeper.h"

#include <QDeadlineTimer>
#include <QSignalSpy>

#include <signal.h>

using namespace historytest;
using ops::OperationLease;

namespace {

constexpr qint64 kStartMs = 1'700'000'000'000;
constexpr qint64 kLengthMs = 30000;

OperationLease makeLease(const QString &deployment, const QString &operation, qint64 nowMs, const QString &who)
{
    OperationLease lease;
    lease.deploymentId = deployment;
    lease.operationId = operation;
    lease.operatorName = who;
    lease.host = QStringLiteral("host-of-") + who;
    lease.description = QStringLiteral("sentinel-failover of mymaster");
    lease.acquiredMs = lease.renewedMs = nowMs;
    lease.expiresMs = nowMs + kLengthMs;
    return lease;
}

/** The next line of @p process's output (waiting up to @p waitMs), or empty. */
QString readLine(QProcess &process, int waitMs = 30000)
{
    const QDeadlineTimer deadline(waitMs);
    while (!process.canReadLine() && !deadline.hasExpired())
        if (!process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))) &&
            process.state() == QProcess::NotRunning)
            break;
    return process.canReadLine() ? QString::fromUtf8(process.readLine()).trimmed() : QString();
}

} // namespace

class TestOperationLease : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data() { StoreBackends::addRows(); }
    void init();
    void cleanup();

    void takeRefuseRenewRelease();
    void expiredLeaseIsTakenOver();
    void racingProcessesOneWinsAndKilledHolderExpires();
    void keeperRenewsOnTheClock();
    void keeperReportsLostLease();
    void runnerTakesTheLeaseOnASharedStore();
    void overrideIsJournaledAndTheHolderLosesIt();
    void runnerOverridesOnlyTheConfirmedHolder();

private:
    /** Starts a lease_taker racing for "prod" with @p operation at @p nowMs; waits for its "ready". */
    std::unique_ptr<QProcess> startTaker(const QString &operation, qint64 nowMs, bool hold);
    StoreBackends m_backends;
    QString m_location;
    std::vector<std::unique_ptr<QProcess>> m_processes;
};

void TestOperationLease::init()
{
    QFETCH_GLOBAL(QString, backend);
    QString error;
    m_location = m_backends.freshStore(backend, &error);
    QVERIFY2(!m_location.isEmpty(), qPrintable(error));
    HistoryStore store(m_location); // migrated before the racers start
    QVERIFY(!store.open().isError());
}

void TestOperationLease::cleanup()
{
    for (auto &p : m_processes) {
        p->kill();
        p->waitForFinished(5000);
    }
    m_processes.clear();
}

void TestOperationLease::takeRefuseRenewRelease()
{
    HistoryStore alice(m_location);
    HistoryStore bob(m_location);
    QVERIFY(!alice.open().isError());
    QVERIFY(!bob.open().isError());
    const OperationLease a = makeLease(QStringLiteral("prod"), QStringLiteral("op-a"), kStartMs, QStringLiteral("alice"));
    QCOMPARE(kindText(alice.acquireLease(a).kind), kindText(HistoryError::Kind::None));
    QCOMPARE(bob.lease(QStringLiteral("prod")).value_or(OperationLease{}), a);

    // Bob is refused with who holds it, where, and what they do.
    OperationLease holder;
    const HistoryError refused =
        bob.acquireLease(makeLease(QStringLiteral("prod"), QStringLiteral("op-b"), kStartMs + 1000, QStringLiteral("bob")), &holder);
    QCOMPARE(kindText(refused.kind), kindText(HistoryError::Kind::LeaseHeld));
    QCOMPARE(holder, a);
    for (const QString &part : {QStringLiteral("alice@host-of-alice"), QStringLiteral("sentinel-failover of mymaster"),
                                QStringLiteral("op-a"), QStringLiteral("prod")})
        QVERIFY2(refused.message.contains(part), qPrintable(refused.message));
    // Another deployment is free.
    QVERIFY(!bob.acquireLease(makeLease(QStringLiteral("stage"), QStringLiteral("op-b"), kStartMs, QStringLiteral("bob")))
                 .isError());

    // Alice renews; Bob cannot renew what is not his.
    QVERIFY(!alice.renewLease(QStringLiteral("prod"), QStringLiteral("op-a"), kStartMs + 10000, kStartMs + 40000).isError());
    QCOMPARE(bob.lease(QStringLiteral("prod"))->expiresMs, kStartMs + 40000);
    QCOMPARE(bob.lease(QStringLiteral("prod"))->renewedMs, kStartMs + 10000);
    const HistoryError notHis = bob.renewLease(QStringLiteral("prod"), QStringLiteral("op-b"), kStartMs + 10000, kStartMs + 99999);
    QCOMPARE(kindText(notHis.kind), kindText(HistoryError::Kind::LeaseLost));
    QVERIFY2(notHis.message.contains(QStringLiteral("alice@host-of-alice")), qPrintable(notHis.message));
    QCOMPARE(bob.lease(QStringLiteral("prod"))->expiresMs, kStartMs + 40000);
    // Taking it again for the same operation (resume after a restart) is granted.
    QVERIFY(!alice.acquireLease(makeLease(QStringLiteral("prod"), QStringLiteral("op-a"), kStartMs + 20000,
                                          QStringLiteral("alice"))).isError());

    // Bob's release of Alice's lease changes nothing; Alice's frees it for Bob.
    QVERIFY(!bob.releaseLease(QStringLiteral("prod"), QStringLiteral("op-b")).isError());
    QVERIFY(bob.lease(QStringLiteral("prod")).has_value());
    QVERIFY(!alice.releaseLease(QStringLiteral("prod"), QStringLiteral("op-a")).isError());
    HistoryError error;
    QVERIFY(!bob.lease(QStringLiteral("prod"), &error).has_value());
    QVERIFY(!error.isError());
    QVERIFY(!bob.acquireLease(makeLease(QStringLiteral("prod"), QStringLiteral("op-b"), kStartMs + 21000, QStringLiteral("bob")))
                 .isError());
    // Alice's renewal now fails: her lease is gone.
    QCOMPARE(kindText(alice.renewLease(QStringLiteral("prod"), QStringLiteral("op-a"), kStartMs + 22000, kStartMs + 52000).kind),
             kindText(HistoryError::Kind::LeaseLost));
}

void TestOperationLease::expiredLeaseIsTakenOver()
{
    HistoryStore store(m_location);
    QVERIFY(!store.open().isError());
    const OperationLease a = makeLease(QStringLiteral("prod"), QStringLiteral("op-a"), kStartMs, QStringLiteral("alice"));
    QVERIFY(!store.acquireLease(a).isError());
    // One millisecond before expiry: still Alice's.
    OperationLease holder;
    const OperationLease early =
        makeLease(QStringLiteral("prod"), QStringLiteral("op-b"), a.expiresMs - 1, QStringLiteral("bob"));
    QCOMPARE(kindText(store.acquireLease(early, &holder).kind), kindText(HistoryError::Kind::LeaseHeld));
    QCOMPARE(holder.operationId, QStringLiteral("op-a"));
    // At expiry: Bob's, and the lease he took over is reported.
    OperationLease previous;
    const OperationLease onTime = makeLease(QStringLiteral("prod"), QStringLiteral("op-b"), a.expiresMs, QStringLiteral("bob"));
    QVERIFY(!store.acquireLease(onTime, nullptr, &previous).isError());
    QCOMPARE(previous, a);
    QCOMPARE(store.lease(QStringLiteral("prod")).value_or(OperationLease{}), onTime);
}

std::unique_ptr<QProcess> TestOperationLease::startTaker(const QString &operation, qint64 nowMs, bool hold)
{
    auto p = std::make_unique<QProcess>();
    QStringList args{m_location, QStringLiteral("prod"), operation, QString::number(kLengthMs), QString::number(nowMs)};
    if (hold)
        args << QStringLiteral("hold");
    p->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p->start(QStringLiteral(LEASE_TAKER_BINARY), args);
    if (!p->waitForStarted(10000))
        return nullptr;
    return p;
}

void TestOperationLease::racingProcessesOneWinsAndKilledHolderExpires()
{
    constexpr int kRacers = 4;
    QList<QProcess *> racers;
    for (int i = 0; i < kRacers; ++i) {
        auto p = startTaker(QStringLiteral("op-%1").arg(i), kStartMs, true);
        QVERIFY(p);
        racers << p.get();
        m_processes.push_back(std::move(p));
    }
    for (QProcess *p : std::as_const(racers))
        QCOMPARE(readLine(*p), QStringLiteral("ready")); // every racer's connection is open
    for (QProcess *p : std::as_const(racers))
        p->write("go\n");
    int winner = -1;
    QStringList answers;
    for (int i = 0; i < kRacers; ++i) {
        const QString answer = readLine(*racers[i]);
        answers << answer;
        if (answer == QLatin1String("won")) {
            QCOMPARE(winner, -1); // exactly one
            winner = i;
        }
    }
    QVERIFY2(winner >= 0, qPrintable(answers.join(QStringLiteral(" | "))));
    for (int i = 0; i < kRacers; ++i)
        if (i != winner) // every loser was told who won
            QVERIFY2(answers[i].startsWith(QStringLiteral("held op-%1 ").arg(winner)), qPrintable(answers[i]));

    // The winner journaled its operation (Running) and dies without releasing or finishing anything.
    QProcess *holder = racers[winner];
    QCOMPARE(readLine(*holder), QStringLiteral("journaled"));
    ::kill(pid_t(holder->processId()), SIGKILL);
    QVERIFY(holder->waitForFinished(10000));
    QCOMPARE(holder->exitStatus(), QProcess::CrashExit);

    // Until its expiry the lease stays the dead holder's; at expiry the next console gets it.
    auto early = startTaker(QStringLiteral("op-late"), kStartMs + kLengthMs - 1, false);
    QVERIFY(early);
    QCOMPARE(readLine(*early), QStringLiteral("ready"));
    early->write("go\n");
    const QString refused = readLine(*early);
    QVERIFY2(refused.startsWith(QStringLiteral("held op-%1 ").arg(winner)), qPrintable(refused));
    auto onTime = startTaker(QStringLiteral("op-late"), kStartMs + kLengthMs, false);
    QVERIFY(onTime);
    QCOMPARE(readLine(*onTime), QStringLiteral("ready"));
    onTime->write("go\n");
    QCOMPARE(readLine(*onTime), QStringLiteral("won"));
    m_processes.push_back(std::move(early));
    m_processes.push_back(std::move(onTime));

    HistoryStore store(m_location);
    QVERIFY(!store.open().isError());
    QCOMPARE(store.lease(QStringLiteral("prod"))->operationId, QStringLiteral("op-late"));
    // The killed holder's operation reads back unfinished, for anyone to inspect or resume.
    const std::optional<ops::OperationRecord> killed = store.operation(QStringLiteral("op-%1").arg(winner));
    QVERIFY(killed.has_value());
    QCOMPARE(killed->state, ops::OperationRecord::State::Running);
    QVERIFY(!killed->isFinished());
    const QList<ops::OperationRecord> unfinished = store.unfinishedOperations(QStringLiteral("prod"));
    QCOMPARE(unfinished.size(), 1);
    QCOMPARE(unfinished.first().id, QStringLiteral("op-%1").arg(winner));
}

void TestOperationLease::keeperRenewsOnTheClock()
{
    ops::ManualClock clock(kStartMs);
    ops::AsyncHistoryStore aliceStore(m_location);
    ops::AsyncHistoryStore bobStore(m_location);
    aliceStore.open();
    bobStore.open();
    ops::OperationLeaseKeeper alice(&aliceStore, &clock, kLengthMs);
    ops::OperationLeaseKeeper bob(&bobStore, &clock, kLengthMs);
    QSignalSpy acquired(&alice, &ops::OperationLeaseKeeper::acquired);
    QSignalSpy renewed(&alice, &ops::OperationLeaseKeeper::renewed);
    QSignalSpy refused(&bob, &ops::OperationLeaseKeeper::refused);
    QSignalSpy bobAcquired(&bob, &ops::OperationLeaseKeeper::acquired);

    alice.acquire(makeLease(QStringLiteral("prod"), QStringLiteral("op-a"), 0, QStringLiteral("alice")));
    QVERIFY(acquired.wait(10000));
    QVERIFY(alice.isHeld());
    QCOMPARE(alice.lease().expiresMs, kStartMs + kLengthMs);

    bob.acquire(makeLease(QStringLiteral("prod"), QStringLiteral("op-b"), 0, QStringLiteral("bob")));
    QVERIFY(refused.wait(10000));
    QCOMPARE(refused.first().at(0).value<OperationLease>().operatorName, QStringLiteral("alice"));

    // Three renewals, each a third of the length apart: the expiry keeps ahead of the clock, so
    // after twice the length Bob is still refused.
    for (int i = 1; i <= 6; ++i) {
        clock.advance(kLengthMs / 3);
        QTRY_COMPARE_WITH_TIMEOUT(renewed.size(), i, 10000);
        QCOMPARE(alice.lease().expiresMs, clock.wallMs() + kLengthMs);
    }
    bob.acquire(makeLease(QStringLiteral("prod"), QStringLiteral("op-b"), 0, QStringLiteral("bob")));
    QVERIFY(refused.wait(10000));
    QCOMPARE(refused.size(), 2);

    // Released at the end of the operation: Bob gets it at once.
    alice.release();
    QVERIFY(!alice.isHeld());
    bool released = false; // the release runs on Alice's store thread: wait until it has
    aliceStore.flush(this, [&] { released = true; });
    QTRY_VERIFY_WITH_TIMEOUT(released, 10000);
    bob.acquire(makeLease(QStringLiteral("prod"), QStringLiteral("op-b"), 0, QStringLiteral("bob")));
    QVERIFY(bobAcquired.wait(10000));
    clock.advance(kLengthMs); // Alice renews nothing any more
    QCOMPARE(renewed.size(), 6);
}

void TestOperationLease::keeperReportsLostLease()
{
    ops::ManualClock clock(kStartMs);
    ops::AsyncHistoryStore store(m_location);
    store.open();
    ops::OperationLeaseKeeper keeper(&store, &clock, kLengthMs);
    QSignalSpy acquired(&keeper, &ops::OperationLeaseKeeper::acquired);
    QSignalSpy lost(&keeper, &ops::OperationLeaseKeeper::lost);
    keeper.acquire(makeLease(QStringLiteral("prod"), QStringLiteral("op-a"), 0, QStringLiteral("alice")));
    QVERIFY(acquired.wait(10000));
    // Another console overrides it (as a journaled override would).
    {
        RawDb raw(m_location);
        QCOMPARE(raw.exec({QStringLiteral("UPDATE operation_leases SET operation_id = 'op-x', operator_name = 'carol' "
                                          "WHERE deployment = 'prod'")}),
                 QString());
    }
    clock.advance(kLengthMs / 3);
    QVERIFY(lost.wait(10000));
    QVERIFY2(lost.first().at(0).toString().contains(QStringLiteral("carol")), qPrintable(lost.first().at(0).toString()));
    QVERIFY(!keeper.isHeld());
}

// The action start path: OperationRunner::begin() takes the lease on a shared store before it
// journals anything; a second console's action is refused with who and what; finish() frees it.
void TestOperationLease::runnerTakesTheLeaseOnASharedStore()
{
    const bool shared = ops::StoreLocation::looksLikeUrl(m_location);
    ops::ManualClock clock(kStartMs);
    ops::AsyncHistoryStore aliceJournal(m_location);
    ops::AsyncHistoryStore bobJournal(m_location);
    aliceJournal.open();
    bobJournal.open();
    auto record = [](const char *id, const char *who) {
        ops::OperationRecord r;
        r.id = QString::fromLatin1(id);
        r.kind = QStringLiteral("sentinel-failover");
        r.deploymentId = QStringLiteral("prod");
        r.operatorName = QString::fromLatin1(who);
        r.target = QStringLiteral("mymaster");
        return r;
    };
    int started = 0;
    QString refusal;
    auto onStart = [&] { ++started; };
    auto onRefusal = [&](const QString &outcome) { refusal = outcome; };
    ops::OperationRunner alice(record("op-1", "alice"), {}, &aliceJournal, &clock);
    ops::OperationRunner bob(record("op-2", "bob"), {}, &bobJournal, &clock);
    alice.begin(onStart, onRefusal);
    QTRY_COMPARE_WITH_TIMEOUT(started, 1, 10000);
    bob.begin(onStart, onRefusal);
    if (!shared) { // one person's SQLite file: no lease, as before
        QTRY_COMPARE_WITH_TIMEOUT(started, 2, 10000);
        QVERIFY(refusal.isEmpty());
        QVERIFY(!alice.lease());
        return;
    }
    QTRY_VERIFY_WITH_TIMEOUT(!refusal.isEmpty(), 10000);
    QCOMPARE(started, 1);
    for (const QString &part : {QStringLiteral("not started: "), QStringLiteral("alice@"),
                                QStringLiteral("sentinel-failover of mymaster"), QStringLiteral("op-1")})
        QVERIFY2(refusal.contains(part), qPrintable(refusal));
    HistoryStore reader(m_location);
    QVERIFY(!reader.open().isError());
    QVERIFY(reader.operation(QStringLiteral("op-1")).has_value());
    QVERIFY(!reader.operation(QStringLiteral("op-2")).has_value()); // nothing journaled for Bob

    // Renewed while the operation runs.
    clock.advance(ops::OperationLeaseKeeper::kDefaultLengthMs / 3);
    QTRY_COMPARE_WITH_TIMEOUT(reader.lease(QStringLiteral("prod")).value_or(OperationLease{}).renewedMs, clock.wallMs(),
                              10000);
    // Released when it ends (after its end is journaled): Bob's next action starts.
    bool ended = false;
    alice.finish(ops::OperationRecord::State::Succeeded, QStringLiteral("verified"), {}, [&] { ended = true; });
    QTRY_VERIFY_WITH_TIMEOUT(ended, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!reader.lease(QStringLiteral("prod")).has_value(), 10000);
    ops::OperationRunner again(record("op-3", "bob"), {}, &bobJournal, &clock);
    again.begin(onStart, onRefusal);
    QTRY_COMPARE_WITH_TIMEOUT(started, 2, 10000);
    QCOMPARE(reader.lease(QStringLiteral("prod"))->operatorName, QStringLiteral("bob"));
}

// The typed override: only the holder the operator named is replaced, in one transaction with an
// audit row naming it; the replaced holder's keeper reports lost() at its next renewal, with who.
void TestOperationLease::overrideIsJournaledAndTheHolderLosesIt()
{
    ops::ManualClock clock(kStartMs);
    ops::AsyncHistoryStore aliceStore(m_location);
    aliceStore.open();
    ops::OperationLeaseKeeper alice(&aliceStore, &clock, kLengthMs);
    QSignalSpy acquired(&alice, &ops::OperationLeaseKeeper::acquired);
    QSignalSpy lost(&alice, &ops::OperationLeaseKeeper::lost);
    alice.acquire(makeLease(QStringLiteral("prod"), QStringLiteral("op-a"), 0, QStringLiteral("alice")));
    QVERIFY(acquired.wait(10000));

    HistoryStore bob(m_location);
    QVERIFY(!bob.open().isError());
    const OperationLease b = makeLease(QStringLiteral("prod"), QStringLiteral("op-b"), kStartMs + 1000, QStringLiteral("bob"));
    // A confirmation naming another operation takes nothing.
    OperationLease previous;
    const HistoryError wrong = bob.takeOverLease(b, QStringLiteral("op-x"), &previous);
    QCOMPARE(kindText(wrong.kind), kindText(HistoryError::Kind::LeaseHeld));
    QVERIFY2(wrong.message.contains(QStringLiteral("alice@host-of-alice")) && wrong.message.contains(QStringLiteral("op-x")),
             qPrintable(wrong.message));
    QCOMPARE(bob.lease(QStringLiteral("prod"))->operationId, QStringLiteral("op-a"));
    QVERIFY(bob.audit(QStringLiteral("prod")).isEmpty());

    // Naming Alice's operation: Bob's now, long before Alice's expiry, and journaled.
    QVERIFY(!bob.takeOverLease(b, QStringLiteral("op-a"), &previous).isError());
    QCOMPARE(previous.operationId, QStringLiteral("op-a"));
    QCOMPARE(previous.operatorName, QStringLiteral("alice"));
    QCOMPARE(bob.lease(QStringLiteral("prod")).value_or(OperationLease{}), b);
    const QList<ops::AuditRecord> audit = bob.audit(QStringLiteral("prod"));
    QCOMPARE(audit.size(), 1);
    QCOMPARE(audit.first().action, QStringLiteral("lease-takeover"));
    QCOMPARE(audit.first().actor, QStringLiteral("bob"));
    QVERIFY(!audit.first().uid.isEmpty()); // like every audit row (schema v6): a spool flush would not repeat it
    QCOMPARE(audit.first().details.value(QStringLiteral("previousOperation")).toString(), QStringLiteral("op-a"));
    QCOMPARE(audit.first().details.value(QStringLiteral("previousOperator")).toString(), QStringLiteral("alice"));
    QCOMPARE(audit.first().details.value(QStringLiteral("operation")).toString(), QStringLiteral("op-b"));

    // Alice's keeper notices at its next renewal, and says who took it.
    QCOMPARE(lost.size(), 0);
    clock.advance(kLengthMs / 3);
    QVERIFY(lost.wait(10000));
    const QString message = lost.first().at(0).toString();
    QVERIFY2(message.startsWith(QStringLiteral("lease lost: taken over by bob@host-of-bob")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("op-b")), qPrintable(message));
    QVERIFY(!alice.isHeld());
}

// OperationRunner with the operator's typed confirmation (Options::takeOverLeaseFrom): a
// confirmation naming another holder is refused as before; naming the holder (8+ leading
// characters) takes it over, noted on the new operation's journal record.
void TestOperationLease::runnerOverridesOnlyTheConfirmedHolder()
{
    if (!ops::StoreLocation::looksLikeUrl(m_location))
        QSKIP("leases are taken on shared stores only");
    ops::ManualClock clock(kStartMs);
    ops::AsyncHistoryStore aliceJournal(m_location);
    ops::AsyncHistoryStore bobJournal(m_location);
    aliceJournal.open();
    bobJournal.open();
    auto record = [](const QString &id, const char *who) {
        ops::OperationRecord r;
        r.id = id;
        r.kind = QStringLiteral("cluster-reshard");
        r.deploymentId = QStringLiteral("prod");
        r.operatorName = QString::fromLatin1(who);
        r.target = QStringLiteral("127.0.0.1:7001");
        return r;
    };
    const QString aliceOp = QStringLiteral("aaaaaaaa-1111-2222-3333-444444444444");
    int started = 0;
    QString refusal;
    ops::OperationRunner alice(record(aliceOp, "alice"), {}, &aliceJournal, &clock);
    QSignalSpy aliceLost(&alice, &ops::OperationRunner::leaseLost);
    alice.begin([&] { ++started; }, [&](const QString &why) { refusal = why; });
    QTRY_COMPARE_WITH_TIMEOUT(started, 1, 10000);

    ops::OperationRunner::Options wrong;
    wrong.takeOverLeaseFrom = QStringLiteral("bbbbbbbb");
    ops::OperationRunner bob1(record(QStringLiteral("bbbbbbbb-0000-0000-0000-000000000001"), "bob"), wrong, &bobJournal, &clock);
    bob1.begin([&] { ++started; }, [&](const QString &why) { refusal = why; });
    QTRY_VERIFY_WITH_TIMEOUT(!refusal.isEmpty(), 10000);
    QCOMPARE(started, 1);
    QVERIFY2(refusal.contains(QStringLiteral("names bbbbbbbb, not the holder")), qPrintable(refusal));

    ops::OperationRunner::Options confirmed;
    confirmed.takeOverLeaseFrom = aliceOp.left(8);
    const QString bobOp = QStringLiteral("bbbbbbbb-0000-0000-0000-000000000002");
    ops::OperationRunner bob2(record(bobOp, "bob"), confirmed, &bobJournal, &clock);
    QSignalSpy tookOver(&bob2, &ops::OperationRunner::leaseTakenOver);
    bob2.begin([&] { ++started; }, [&](const QString &why) { refusal = why; });
    QTRY_COMPARE_WITH_TIMEOUT(started, 2, 10000);
    QCOMPARE(tookOver.size(), 1);
    QCOMPARE(tookOver.first().at(0).value<OperationLease>().operationId, aliceOp);
    HistoryStore reader(m_location);
    QVERIFY(!reader.open().isError());
    QTRY_VERIFY_WITH_TIMEOUT(reader.operation(bobOp).has_value(), 10000);
    const QJsonObject noted = reader.operation(bobOp)->details.value(QStringLiteral("leaseTakenOver")).toObject();
    QCOMPARE(noted.value(QStringLiteral("operation")).toString(), aliceOp);
    QCOMPARE(noted.value(QStringLiteral("operator")).toString(), QStringLiteral("alice"));
    QCOMPARE(reader.lease(QStringLiteral("prod"))->operationId, bobOp);

    clock.advance(ops::OperationLeaseKeeper::kDefaultLengthMs / 3); // Alice's next renewal
    QVERIFY(aliceLost.wait(10000));
    QVERIFY2(aliceLost.first().at(0).toString().startsWith(QStringLiteral("lease lost: taken over by bob@")),
             qPrintable(aliceLost.first().at(0).toString()));
}

QTEST_GUILESS_MAIN(TestOperationLease)
#include "tst_operationlease.moc"
