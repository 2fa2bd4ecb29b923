// Integration tests of RedisConnection against a real redis-server started by LocalLab:
// pipelining, large values, per-command deadlines, handler lifetimes, reconnects and
// resubscription after a restart. Authentication and TLS: tst_redisauth; peers that are not
// Redis and reader limits: tst_redispeers. No fixed sleeps: every wait is for a signal or a
// condition, with a deadline.
#include "FakePeer.h"
#include "LabFixture.h"
#include "RedisNodeFixture.h"
#include "lab/FaultInjector.h"
#include "lab/LabCertificates.h"
#include "lab/LabProcess.h"
#include "lab/LocalLab.h"
#include "resp/RedisConnection.h"

#include <QElapsedTimer>
#include <QFile>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <optional>

using namespace ops;
using namespace nodetest;
using labtest::describe;
using labtest::execute;

class TestRedisConnection : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void pipelinesTenThousandCommandsInOrder();
    void largeValuesLargerThanTheSocketBuffer();
    void commandTimeoutDuringDebugSleep();
    void destroyedOrCancelledContextDropsHandler();
    void reconnectsAndResubscribesAfterRestart(); // last: it kills and restarts the node

private:
    qint64 patternSubscriptions(RedisConnection &connection);
    StandaloneNode m_fx;
};

void TestRedisConnection::initTestCase()
{
    QString error;
    QVERIFY2(m_fx.start(QByteArrayLiteral("tst-redisconnection"), error), qPrintable(error));
}

void TestRedisConnection::cleanupTestCase()
{
    m_fx.stop();
}

qint64 TestRedisConnection::patternSubscriptions(RedisConnection &connection)
{
    const RedisResult r = execute(connection, RespCommand{"PUBSUB", "NUMPAT"}, 2000, 3000);
    return r.ok() ? r.value().integer() : -1;
}

// 1. 10,000 commands written back to back, before any reply: every reply reaches its own
//    command, in order.
void TestRedisConnection::pipelinesTenThousandCommandsInOrder()
{
    RedisConnection c(m_fx.options());
    const RedisError e = labtest::openAndWait(c);
    QVERIFY2(!e.isError(), qPrintable(e.message()));
    QVERIFY(execute(c, RespCommand{"DEL", "pipe:counter"}).ok());

    constexpr int N = 10000;
    std::vector<std::optional<RedisResult>> results(N);
    std::vector<int> completion;
    completion.reserve(N);
    QObject context;
    for (int i = 0; i < N; ++i) {
        RespCommand command;
        switch (i % 3) {
        case 0: command = RespCommand{"SET", "pipe:k" + QByteArray::number(i), "v" + QByteArray::number(i)}; break;
        case 1: command = RespCommand{"GET", "pipe:k" + QByteArray::number(i - 1)}; break;
        default: command = RespCommand{"INCR", "pipe:counter"}; break;
        }
        c.send(command, &context, [&results, &completion, i](const RedisResult &r) {
            completion.push_back(i);
            results[std::size_t(i)] = r;
        }, 60000);
    }
    // Nothing answered yet: handlers never run synchronously from send(), all N are outstanding.
    QCOMPARE(c.pendingCount(), N);
    QVERIFY(completion.empty());

    QTRY_COMPARE_WITH_TIMEOUT(int(completion.size()), N, 60000);
    QCOMPARE(c.pendingCount(), 0);

    qint64 expectedCounter = 0;
    for (int i = 0; i < N; ++i) {
        if (completion[std::size_t(i)] != i)
            QFAIL(qPrintable(QStringLiteral("completion #%1 was command #%2").arg(i).arg(completion[std::size_t(i)])));
        const RedisResult &r = *results[std::size_t(i)];
        if (!r.ok())
            QFAIL(qPrintable(QStringLiteral("command #%1 failed: %2").arg(i).arg(r.error().message())));
        bool match = false;
        switch (i % 3) {
        case 0: match = r.value().isStatus() && r.value().bytes() == "OK"; break;
        case 1: match = r.value().isString() && r.value().bytes() == "v" + QByteArray::number(i - 1); break;
        default: match = r.value().isInteger() && r.value().integer() == ++expectedCounter; break;
        }
        if (!match)
            QFAIL(qPrintable(QStringLiteral("command #%1 got the wrong reply: %2")
                                 .arg(i).arg(QString::fromUtf8(describe(r)))));
    }
    QCOMPARE(expectedCounter, qint64(N / 3));
    QCOMPARE(c.state(), RedisConnection::State::Ready);
}

// 2. A GET with a 300 ms deadline while the server runs DEBUG SLEEP 1.5 (sent from another
//    connection) times out; its late reply is discarded and the same link keeps answering the
//    right commands without ever leaving Ready.
// 2 x 8 MB in one event-loop turn: far more than the kernel takes at once, so the direct send(2)
// is partial and Qt's buffer carries the rest. Order and content must survive the hand-over.
void TestRedisConnection::largeValuesLargerThanTheSocketBuffer()
{
    RedisConnection c(m_fx.options());
    const RedisError e = labtest::openAndWait(c);
    QVERIFY2(!e.isError(), qPrintable(e.message()));

    QByteArray a(8 * 1024 * 1024, 'a');
    QByteArray b(8 * 1024 * 1024, 'b');
    a[12345] = '\r'; // binary-safe, including CRLF inside the payload
    b[54321] = '\n';
    const QList<RespCommand> commands{
        {"SET", "big:a", a}, {"INCR", "big:n"}, {"SET", "big:b", b}, {"GET", "big:a"}, {"STRLEN", "big:b"}, {"GET", "big:b"},
    };
    QList<RedisResult> results;
    QObject context;
    for (const RespCommand &command : commands)
        c.send(command, &context, [&results](const RedisResult &r) { results << r; }, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(results.size(), commands.size(), 30000);
    for (const RedisResult &r : std::as_const(results))
        QVERIFY2(r.ok(), qPrintable(r.error().message()));
    QCOMPARE(results[0].value().bytes(), QByteArrayLiteral("OK"));
    QVERIFY(results[1].value().isInteger());
    QCOMPARE(results[2].value().bytes(), QByteArrayLiteral("OK"));
    QVERIFY(results[3].value().bytes() == a);
    QCOMPARE(results[4].value().integer(), qint64(b.size()));
    QVERIFY(results[5].value().bytes() == b);
    QVERIFY(execute(c, RespCommand{"DEL", "big:a", "big:b", "big:n"}).ok());
}

void TestRedisConnection::commandTimeoutDuringDebugSleep()
{
    RedisConnection a(m_fx.options());
    RedisConnection sleeper(m_fx.options());
    RedisConnection probe(m_fx.options());
    for (RedisConnection *c : {&a, &sleeper, &probe}) {
        const RedisError e = labtest::openAndWait(*c);
        QVERIFY2(!e.isError(), qPrintable(e.message()));
    }
    QVERIFY(execute(a, RespCommand{"SET", "sleep:first", "first"}).ok());
    QVERIFY(execute(a, RespCommand{"SET", "sleep:second", "second"}).ok());

    QSignalSpy stateSpy(&a, &RedisConnection::stateChanged);
    QObject context;
    std::optional<RedisResult> sleepReply;
    sleeper.send(RespCommand{"DEBUG", "SLEEP", "1.5"}, &context, [&](const RedisResult &r) { sleepReply = r; }, 10000);

    // The server is asleep once a PING stops being answered within 150 ms (the sleep command
    // and our GET travel on different sockets, so "sent first" does not mean "run first").
    bool asleep = false;
    QElapsedTimer waited;
    waited.start();
    while (!asleep && !sleepReply && waited.elapsed() < 5000) {
        const RedisResult r = execute(probe, RespCommand{"PING"}, 150, 3000);
        asleep = kindOf(r) == Kind::Timeout;
        QVERIFY2(asleep || r.ok(), describe(r).constData());
    }
    QVERIFY2(asleep, "the server never stopped answering during DEBUG SLEEP 1.5");

    // Normally the first GET times out. On a loaded machine the probe may have timed out before
    // the sleep began and a GET may still be answered: then try again while the server sleeps.
    constexpr int kAttempts = 5;
    int calls[kAttempts] = {};
    std::optional<RedisResult> first;
    QElapsedTimer timer;
    int attempt = 0;
    for (; attempt < kAttempts && !sleepReply; ++attempt) {
        first.reset();
        timer.start();
        a.send(RespCommand{"GET", "sleep:first"}, &context, [&, attempt](const RedisResult &r) {
            ++calls[attempt];
            first = r;
        }, 300);
        QTRY_VERIFY_WITH_TIMEOUT(first.has_value(), 3000);
        if (kindOf(*first) == Kind::Timeout)
            break;
        QVERIFY2(first->ok() && first->value().bytes() == "first", describe(*first).constData());
    }
    QVERIFY(first.has_value());
    const qint64 elapsed = timer.elapsed();
    QCOMPARE(kindOf(*first), Kind::Timeout);
    QVERIFY2(first->error().message().contains(m_fx.node.toString()), qPrintable(first->error().message()));
    QVERIFY2(elapsed >= 250, qPrintable(QStringLiteral("timed out after only %1 ms").arg(elapsed)));
    QVERIFY2(!sleepReply.has_value(), "the timeout must have fired while the server was still asleep");
    QCOMPARE(a.state(), RedisConnection::State::Ready);

    // Queued behind the late reply of the timed-out GET: must get its own value, not "first".
    std::optional<RedisResult> second;
    a.send(RespCommand{"GET", "sleep:second"}, &context, [&](const RedisResult &r) { second = r; }, 10000);

    QTRY_VERIFY_WITH_TIMEOUT(sleepReply.has_value(), 10000);
    QVERIFY2(sleepReply->ok(), describe(*sleepReply).constData());
    QTRY_VERIFY_WITH_TIMEOUT(second.has_value(), 5000);
    QVERIFY2(second->ok(), describe(*second).constData());
    QCOMPARE(second->value().bytes(), QByteArrayLiteral("second"));

    const RedisResult third = execute(a, RespCommand{"GET", "sleep:first"});
    QVERIFY2(third.ok(), describe(third).constData());
    QCOMPARE(third.value().bytes(), QByteArrayLiteral("first"));

    for (int i = 0; i <= std::min(attempt, kAttempts - 1); ++i)
        QCOMPARE(calls[i], 1); // each handler ran once: the late reply never reached the timed-out one
    QCOMPARE(stateSpy.count(), 0);
    QCOMPARE(a.state(), RedisConnection::State::Ready);
    QCOMPARE(a.pendingCount(), 0);
}

// 8. Handlers tied to a context: destroying the context or cancel(context) drops the handler,
//    whether the command is in flight, still queued before the handshake, timed out or failed
//    by close(). Other handlers still run, in order.
void TestRedisConnection::destroyedOrCancelledContextDropsHandler()
{
    RedisConnection c(m_fx.options());
    {
        const RedisError e = labtest::openAndWait(c);
        QVERIFY2(!e.isError(), qPrintable(e.message()));
    }
    QVERIFY(execute(c, RespCommand{"DEL", "ctx:n"}).ok());

    int deadCalls = 0;
    int cancelledCalls = 0;
    QList<int> liveOrder;
    auto *dead = new QObject;
    QObject cancelled;
    QObject live;
    for (int i = 0; i < 100; ++i) {
        c.send(RespCommand{"INCR", "ctx:n"}, dead, [&](const RedisResult &) { ++deadCalls; });
        c.send(RespCommand{"INCR", "ctx:n"}, &cancelled, [&](const RedisResult &) { ++cancelledCalls; });
        c.send(RespCommand{"PING"}, &live, [&liveOrder, i](const RedisResult &r) { liveOrder << (r.ok() ? i : -1 - i); });
    }
    QCOMPARE(c.pendingCount(), 300);
    delete dead;
    c.cancel(&cancelled);
    QCOMPARE(c.pendingCount(), 100);
    QTRY_COMPARE(liveOrder.size(), 100);
    for (int i = 0; i < 100; ++i)
        QCOMPARE(liveOrder[i], i);
    // The commands still ran on the server: only their handlers were dropped.
    const RedisResult n = execute(c, RespCommand{"GET", "ctx:n"});
    QVERIFY2(n.ok(), describe(n).constData());
    QCOMPARE(n.value().bytes(), QByteArrayLiteral("200"));
    QCOMPARE(deadCalls, 0);
    QCOMPARE(cancelledCalls, 0);

    { // queued before the handshake finished
        RedisConnection fresh(m_fx.options());
        auto *dead2 = new QObject;
        QObject cancelled2;
        int dropped = 0;
        fresh.send(RespCommand{"PING"}, dead2, [&](const RedisResult &) { ++dropped; });
        fresh.send(RespCommand{"PING"}, &cancelled2, [&](const RedisResult &) { ++dropped; });
        QVERIFY(fresh.state() != RedisConnection::State::Ready); // send() opened it; not ready yet
        delete dead2;
        fresh.cancel(&cancelled2);
        const RedisResult last = execute(fresh, RespCommand{"PING"});
        QVERIFY2(last.ok(), describe(last).constData());
        QCOMPARE(dropped, 0);
    }
    { // deadline passes after the context died; then close() fails the rest
        RedisConnection blocked(m_fx.options());
        const RedisError e = labtest::openAndWait(blocked);
        QVERIFY2(!e.isError(), qPrintable(e.message()));
        int dropped = 0;
        auto *gone = new QObject;
        std::optional<RedisResult> liveTimeout;
        std::optional<RedisResult> liveClosed;
        // BLPOP blocks server-side, so nothing behind it is answered: deadlines decide.
        blocked.send(RespCommand{"BLPOP", "ctx:empty", "0"}, gone, [&](const RedisResult &) { ++dropped; }, 100);
        blocked.send(RespCommand{"PING"}, &live, [&](const RedisResult &r) { liveTimeout = r; }, 300);
        auto *goneToo = new QObject;
        blocked.send(RespCommand{"PING"}, goneToo, [&](const RedisResult &) { ++dropped; }, 60000);
        blocked.send(RespCommand{"PING"}, &live, [&](const RedisResult &r) { liveClosed = r; }, 60000);
        delete gone;
        QTRY_VERIFY_WITH_TIMEOUT(liveTimeout.has_value(), 3000);
        QCOMPARE(kindOf(*liveTimeout), Kind::Timeout);
        delete goneToo;
        blocked.close();
        QTRY_VERIFY(liveClosed.has_value());
        QCOMPARE(kindOf(*liveClosed), Kind::Closed);
        QCOMPARE(dropped, 0);
    }
}

// 5. The node is killed and restarted: the connection reports connectionLost, fails the pending
//    command with a connection error, becomes Ready again by itself, and a pattern subscriber is
//    resubscribed (a message published after the restart arrives).
void TestRedisConnection::reconnectsAndResubscribesAfterRestart()
{
    FaultInjector faults(m_fx.lab.get());
    ConnectionOptions o = m_fx.options();
    o.connectTimeoutMs = 1000;
    RedisConnection conn(o);
    RedisConnection subscriber(o);
    {
        const RedisError e = labtest::openAndWait(conn);
        QVERIFY2(!e.isError(), qPrintable(e.message()));
    }
    QList<PubSubMessage> received;
    QObject subscriberContext;
    subscriber.psubscribe({QByteArrayLiteral("*")}, &subscriberContext,
                          [&received](const PubSubMessage &m) { received << m; });
    QTRY_VERIFY(subscriber.isReady());
    QTRY_COMPARE(patternSubscriptions(conn), qint64(1));

    {
        const RedisResult r = execute(conn, RespCommand{"PUBLISH", "news", "before"});
        QVERIFY2(r.ok(), describe(r).constData());
        QCOMPARE(r.value().integer(), qint64(1));
    }
    QTRY_COMPARE(received.size(), 1);
    QCOMPARE(received[0].pattern, QByteArrayLiteral("*"));
    QCOMPARE(received[0].channel, QByteArrayLiteral("news"));
    QCOMPARE(received[0].payload, QByteArrayLiteral("before"));

    // A command still in flight when the node dies: BLPOP blocks until then.
    QObject context;
    std::optional<RedisResult> pending;
    conn.send(RespCommand{"BLPOP", "reconnect:empty", "0"}, &context, [&](const RedisResult &r) { pending = r; }, 60000);
    QTRY_VERIFY(labtest::infoField(execute(*m_fx.admin, RespCommand{"INFO", "clients"}), "blocked_clients").toInt() >= 1);

    QSignalSpy lostSpy(&conn, &RedisConnection::connectionLost);
    QSignalSpy subscriberLostSpy(&subscriber, &RedisConnection::connectionLost);
    QVERIFY(faults.kill(m_fx.node));

    QVERIFY(lostSpy.count() > 0 || lostSpy.wait(5000));
    const RedisError lost = lostSpy.first().first().value<RedisError>();
    QVERIFY2(lost.isConnectionError(), qPrintable(lost.message()));
    QVERIFY2(lost.message().contains(m_fx.node.toString()), qPrintable(lost.message()));
    QTRY_VERIFY(pending.has_value());
    QVERIFY(!pending->ok());
    QVERIFY2(pending->error().isConnectionError(), qPrintable(pending->error().message()));
    QTRY_COMPARE(subscriberLostSpy.count(), 1);
    QVERIFY(!conn.isReady());

    // Restart once the killed process has been reaped.
    LabProcess *process = m_fx.lab->process(m_fx.node);
    QVERIFY(process != nullptr);
    QTRY_VERIFY(!process->isRunning());
    QString error;
    QVERIFY2(faults.restart(m_fx.node, &error), qPrintable(error));

    QTRY_VERIFY_WITH_TIMEOUT(conn.isReady(), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(subscriber.isReady(), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(m_fx.admin->isReady(), 15000);
    QCOMPARE(lostSpy.count(), 1);
    {
        const RedisResult set = execute(conn, RespCommand{"SET", "reconnect:k", "after"});
        QVERIFY2(set.ok(), describe(set).constData());
        const RedisResult get = execute(conn, RespCommand{"GET", "reconnect:k"});
        QVERIFY2(get.ok(), describe(get).constData());
        QCOMPARE(get.value().bytes(), QByteArrayLiteral("after"));
    }

    // Resubscribed by itself: the restarted server sees the pattern, the message arrives.
    QTRY_COMPARE(patternSubscriptions(conn), qint64(1));
    {
        const RedisResult r = execute(conn, RespCommand{"PUBLISH", "news", "after"});
        QVERIFY2(r.ok(), describe(r).constData());
        QCOMPARE(r.value().integer(), qint64(1));
    }
    QTRY_COMPARE(received.size(), 2);
    QCOMPARE(received[1].channel, QByteArrayLiteral("news"));
    QCOMPARE(received[1].payload, QByteArrayLiteral("after"));
}

QTEST_GUILESS_MAIN(TestRedisConnection)
#include "tst_redisconnection.moc"
