// Whether a failed command left the process (RedisError::delivery()), against a real
// redis-server: a reply is Answered; a command that timed out or lost its link after it was
// written is Unknown (and the test shows the server may still run it); a command that never
// reached the socket is NotSent (and the test shows the server never ran it). SendOptions::
// requireReady fails at once instead of queueing until the link is up.
#include "FakePeer.h"
#include "LabFixture.h"
#include "RedisNodeFixture.h"
#include "resp/RedisConnection.h"

#include <QSignalSpy>
#include <QtTest>

#include <optional>

using namespace ops;
using namespace nodetest;
using labtest::describe;
using labtest::execute;
using Delivery = RedisError::Delivery;

namespace ops {
inline char *toString(RedisError::Delivery delivery) { return qstrdup(RedisError::deliveryName(delivery)); }
} // namespace ops

class TestRedisDelivery : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void errorReplyIsAnswered();
    void timeoutAfterWriteIsUnknownAndTheServerMayStillRunIt();
    void timeoutBeforeWriteIsNotSent();
    void closedBeforeFlushIsNotSentAndNeverRuns();
    void linkLostAfterWriteIsUnknown();
    void requireReadyFailsAtOnceAndSendsNothing();

private:
    QByteArray get(const QByteArray &key);
    StandaloneNode m_fx;
};

void TestRedisDelivery::initTestCase()
{
    QString error;
    QVERIFY2(m_fx.start(QByteArrayLiteral("tst-redisdelivery"), error), qPrintable(error));
}

void TestRedisDelivery::cleanupTestCase() { m_fx.stop(); }

QByteArray TestRedisDelivery::get(const QByteArray &key)
{
    const RedisResult r = execute(*m_fx.admin, RespCommand{"GET", key});
    return r.ok() && !r.value().isNil() ? r.value().bytes() : QByteArrayLiteral("(nil)");
}

void TestRedisDelivery::errorReplyIsAnswered()
{
    RedisConnection c(m_fx.options());
    const RedisResult r = execute(c, RespCommand{"INCRBY", "delivery:answered", "notanumber"});
    QCOMPARE(kindOf(r), Kind::Reply);
    QCOMPARE(r.error().delivery(), Delivery::Answered);
    QCOMPARE(r.error().prefix(), QByteArrayLiteral("ERR"));
}

// CLIENT PAUSE ALL holds every command the server receives: INCR is written, times out on our
// side, and runs when the pause ends. "Unknown" is the only honest answer; a resend would count twice.
void TestRedisDelivery::timeoutAfterWriteIsUnknownAndTheServerMayStillRunIt()
{
    RedisConnection c(m_fx.options());
    QVERIFY(!labtest::openAndWait(c).isError());
    const RedisResult paused = execute(*m_fx.admin, RespCommand{"CLIENT", "PAUSE", "700", "ALL"});
    QVERIFY2(paused.ok(), describe(paused).constData());
    const RedisResult r = execute(c, RespCommand{"INCR", "delivery:unknown"}, 150);
    QCOMPARE(kindOf(r), Kind::Timeout);
    QCOMPARE(r.error().delivery(), Delivery::Unknown);
    QTRY_COMPARE_WITH_TIMEOUT(get("delivery:unknown"), QByteArrayLiteral("1"), 10000);
}

void TestRedisDelivery::timeoutBeforeWriteIsNotSent()
{
    FakePeer silent(FakePeer::Behaviour::Silent); // accepts TCP, never answers the handshake
    QVERIFY(silent.start());
    ConnectionOptions o;
    o.endpoint = Endpoint{QStringLiteral("127.0.0.1"), silent.port()};
    o.connectTimeoutMs = 5000;
    RedisConnection c(o);
    std::optional<RedisResult> result;
    c.send(RespCommand{"INCR", "x"}, this, [&](const RedisResult &r) { result = r; }, 200);
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 3000);
    QCOMPARE(kindOf(*result), Kind::Timeout);
    QCOMPARE(result->error().delivery(), Delivery::NotSent); // still waiting for the handshake
    QTRY_VERIFY(silent.bytesReceived() > 0); // the connection was up: only the handshake went out
}

void TestRedisDelivery::closedBeforeFlushIsNotSentAndNeverRuns()
{
    RedisConnection c(m_fx.options());
    QVERIFY(!labtest::openAndWait(c).isError());
    std::optional<RedisResult> result;
    c.send(RespCommand{"INCR", "delivery:notsent"}, this, [&](const RedisResult &r) { result = r; });
    c.close(); // same event-loop turn: the command is encoded but not yet written
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 3000);
    QCOMPARE(kindOf(*result), Kind::Closed);
    QCOMPARE(result->error().delivery(), Delivery::NotSent);
    // A PING through a new connection is answered after anything the old one could have sent.
    RedisConnection after(m_fx.options());
    QVERIFY(execute(after, RespCommand{"PING"}).ok());
    QCOMPARE(get("delivery:notsent"), QByteArrayLiteral("(nil)"));
}

void TestRedisDelivery::linkLostAfterWriteIsUnknown()
{
    RedisConnection c(m_fx.options());
    const RedisResult id = execute(c, RespCommand{"CLIENT", "ID"});
    QVERIFY2(id.ok(), describe(id).constData());
    std::optional<RedisResult> result;
    c.send(RespCommand{"BLPOP", "delivery:never", "0"}, this, [&](const RedisResult &r) { result = r; }, 0);
    // Wait until the server really blocks on it, then kill that client.
    QTRY_VERIFY_WITH_TIMEOUT(labtest::infoField(execute(*m_fx.admin, RespCommand{"INFO", "clients"}), "blocked_clients")
                                 == "1",
                             5000);
    const RedisResult killed = execute(*m_fx.admin, RespCommand{"CLIENT", "KILL", "ID", QByteArray::number(id.value().integer())});
    QVERIFY2(killed.ok(), describe(killed).constData());
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 5000);
    QVERIFY2(kindOf(*result) == Kind::Closed || kindOf(*result) == Kind::Io, describe(*result).constData());
    QCOMPARE(result->error().delivery(), Delivery::Unknown);
}

void TestRedisDelivery::requireReadyFailsAtOnceAndSendsNothing()
{
    const RedisConnection::SendOptions failFast{-1, true};
    RedisConnection c(m_fx.options());
    QList<RedisResult> early;
    auto keep = [&](const RedisResult &r) { early << r; };
    // Never opened: refused, and the connection is not opened by it.
    c.send(RespCommand{"INCR", "delivery:failfast"}, this, keep, failFast);
    QCOMPARE(c.state(), RedisConnection::State::Disconnected);
    // Connecting: refused too, although the link is about to be ready.
    c.open();
    QVERIFY(c.state() != RedisConnection::State::Ready);
    c.send(RespCommand{"INCR", "delivery:failfast"}, this, keep, failFast);
    QSignalSpy ready(&c, &RedisConnection::ready);
    QVERIFY(ready.wait(5000));
    QTRY_COMPARE(early.size(), 2);
    for (const RedisResult &r : std::as_const(early)) {
        QCOMPARE(kindOf(r), Kind::NotConnected);
        QCOMPARE(r.error().delivery(), Delivery::NotSent);
        QVERIFY2(r.error().message().contains(QStringLiteral("INCR not sent")), qPrintable(r.error().message()));
    }
    // Ready: sent. Anything queued before would have run before this reply (one connection, FIFO).
    std::optional<RedisResult> now;
    c.send(RespCommand{"INCR", "delivery:failfast"}, this, [&](const RedisResult &r) { now = r; }, failFast);
    QTRY_VERIFY(now.has_value());
    QVERIFY2(now->ok(), describe(*now).constData());
    QCOMPARE(now->value().integer(), 1);
    QCOMPARE(get("delivery:failfast"), QByteArrayLiteral("1"));
}

QTEST_GUILESS_MAIN(TestRedisDelivery)
#include "tst_redisdelivery.moc"
