// RedisConnection against peers that are not Redis (FakePeer: HTTP, garbage, silence) and
// replies past the reader limits (huge bulk or array headers, deep nesting): each ends in a
// typed error naming the endpoint, with bounded memory, and never a crash or a hang.
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

class TestRedisPeers : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void notRedisPeers_data();
    void notRedisPeers();
    void readerLimits_data();
    void readerLimits();
    void oversizedBulkIsRefusedBeforeBuffering();

private:
    StandaloneNode m_fx;
};

void TestRedisPeers::initTestCase()
{
    QString error;
    QVERIFY2(m_fx.start(QByteArrayLiteral("tst-redispeers"), error), qPrintable(error));
}

void TestRedisPeers::cleanupTestCase()
{
    m_fx.stop();
}

// 6. Peers that are not Redis fail the connect attempt with a clear kind, within the connect
//    timeout. NotRedis is final (no retry); silence and a closed socket may be retried.
void TestRedisPeers::notRedisPeers_data()
{
    QTest::addColumn<int>("behaviour");
    QTest::addColumn<QList<int>>("kinds");
    QTest::addColumn<QString>("detail");
    QTest::addColumn<int>("connectTimeoutMs");
    QTest::addColumn<bool>("final");

    QTest::newRow("http") << int(FakePeer::Behaviour::Http) << QList<int>{int(Kind::NotRedis)} << QStringLiteral("HTTP")
                          << 2000 << true;
    QTest::newRow("garbage") << int(FakePeer::Behaviour::Garbage) << QList<int>{int(Kind::NotRedis)}
                             << QStringLiteral("not RESP") << 2000 << true;
    QTest::newRow("silent") << int(FakePeer::Behaviour::Silent) << QList<int>{int(Kind::Timeout)} << QString() << 500
                            << false;
    QTest::newRow("close-immediately") << int(FakePeer::Behaviour::CloseImmediately)
                                       << QList<int>{int(Kind::Closed), int(Kind::Io)} << QString() << 2000 << false;
}

void TestRedisPeers::notRedisPeers()
{
    QFETCH(int, behaviour);
    QFETCH(QList<int>, kinds);
    QFETCH(QString, detail);
    QFETCH(int, connectTimeoutMs);
    QFETCH(bool, final);

    FakePeer peer{static_cast<FakePeer::Behaviour>(behaviour)};
    QVERIFY(peer.start());
    ConnectionOptions o;
    o.endpoint = Endpoint{QStringLiteral("127.0.0.1"), peer.port()};
    o.connectTimeoutMs = connectTimeoutMs;
    o.reconnect.initialDelayMs = 20;
    o.reconnect.maxDelayMs = 100;
    RedisConnection c(o);
    QSignalSpy failedSpy(&c, &RedisConnection::connectFailed);
    QSignalSpy stateSpy(&c, &RedisConnection::stateChanged);
    QElapsedTimer timer;
    timer.start();
    c.open();
    QVERIFY(failedSpy.wait(connectTimeoutMs + 3000));
    const qint64 elapsed = timer.elapsed();
    const RedisError e = failedSpy.first().first().value<RedisError>();
    qInfo("%s after %lld ms: %s", RedisError::kindName(e.kind()), elapsed, qPrintable(e.message()));

    QVERIFY2(kinds.contains(int(e.kind())), qPrintable(QStringLiteral("unexpected kind %1: %2")
                                                          .arg(QLatin1String(RedisError::kindName(e.kind())), e.message())));
    QVERIFY2(e.detail().contains(detail), qPrintable(e.message()));
    QVERIFY2(e.message().contains(o.endpoint.toString()), qPrintable(e.message()));
    // The upper bound is the wait above (connect deadline + 3 s): a connection without a working
    // deadline never reports and fails there. No tighter wall-clock bound (a loaded machine).
    if (e.kind() == Kind::Timeout)
        QVERIFY2(elapsed >= connectTimeoutMs - 50, qPrintable(QStringLiteral("timed out early: %1 ms").arg(elapsed)));
    QCOMPARE(peer.connectionsSeen(), 1);

    if (!final) {
        c.close();
        QCOMPARE(c.state(), RedisConnection::State::Disconnected);
        return;
    }
    // NotRedis is final: no second connection within 300 ms (a retry would come after ~20 ms).
    stateSpy.clear();
    const bool retried = stateSpy.wait(300) || peer.connectionsSeen() != 1;
    QVERIFY2(!retried, qPrintable(QStringLiteral("a NotRedis failure was retried: %1 connections, state %2")
                                      .arg(peer.connectionsSeen())
                                      .arg(int(c.state()))));
    QCOMPARE(c.state(), RedisConnection::State::Disconnected);
}

// 7. Reader limits: a peer that completes the handshake like Redis, then answers our GET with
//    an oversized or too deeply nested reply. The command fails with Protocol ("reply too large"
//    or nesting), and the connection is dropped.
void TestRedisPeers::readerLimits_data()
{
    QTest::addColumn<QByteArray>("script");
    QTest::addColumn<qint64>("maxBulkLength");
    QTest::addColumn<qint64>("maxArrayElements");
    QTest::addColumn<int>("maxNestingDepth");
    QTest::addColumn<QString>("detail");

    const RespLimits d;
    QTest::newRow("bulk header 999999999999, default limit")
        << QByteArrayLiteral("$999999999999\r\n") << d.maxBulkLength << d.maxArrayElements << d.maxNestingDepth
        << QStringLiteral("too large");
    QTest::newRow("bulk header over a 1 KiB limit")
        << (QByteArrayLiteral("$2048\r\n") + QByteArray(100, 'x')) << qint64(1024) << d.maxArrayElements
        << d.maxNestingDepth << QStringLiteral("too large");
    QTest::newRow("bulk inside an array over a 1 KiB limit")
        << (QByteArrayLiteral("*2\r\n$3\r\nabc\r\n$5000\r\n") + QByteArray(100, 'x')) << qint64(1024)
        << d.maxArrayElements << d.maxNestingDepth << QStringLiteral("too large");
    QTest::newRow("array header 999999999, default limit")
        << QByteArrayLiteral("*999999999\r\n") << d.maxBulkLength << d.maxArrayElements << d.maxNestingDepth
        << QStringLiteral("too large");
    QTest::newRow("array header over a 10 element limit")
        << QByteArrayLiteral("*11\r\n:1\r\n") << d.maxBulkLength << qint64(10) << d.maxNestingDepth
        << QStringLiteral("too large");
    QTest::newRow("nested 8 deep, default limit 7")
        << (QByteArrayLiteral("*1\r\n").repeated(8) + QByteArrayLiteral(":1\r\n")) << d.maxBulkLength
        << d.maxArrayElements << d.maxNestingDepth << QStringLiteral("nested");
    QTest::newRow("nested 3 deep, limit 2")
        << (QByteArrayLiteral("*1\r\n").repeated(3) + QByteArrayLiteral(":1\r\n")) << d.maxBulkLength
        << d.maxArrayElements << 2 << QStringLiteral("nested");
}

void TestRedisPeers::readerLimits()
{
    QFETCH(QByteArray, script);
    QFETCH(qint64, maxBulkLength);
    QFETCH(qint64, maxArrayElements);
    QFETCH(int, maxNestingDepth);
    QFETCH(QString, detail);

    FakePeer peer(FakePeer::Behaviour::HandshakeThenScript, script);
    QVERIFY(peer.start());
    ConnectionOptions o;
    o.endpoint = Endpoint{QStringLiteral("127.0.0.1"), peer.port()};
    o.reconnect.enabled = false;
    o.limits.maxBulkLength = maxBulkLength;
    o.limits.maxArrayElements = maxArrayElements;
    o.limits.maxNestingDepth = maxNestingDepth;
    RedisConnection c(o);
    const RedisError e = labtest::openAndWait(c);
    QVERIFY2(!e.isError(), qPrintable(e.message()));

    QSignalSpy lostSpy(&c, &RedisConnection::connectionLost);
    const RedisResult r = execute(c, RespCommand{"GET", "huge"}, 1500, 6000);
    QCOMPARE(kindOf(r), Kind::Protocol);
    QVERIFY2(r.error().detail().contains(detail, Qt::CaseInsensitive), qPrintable(r.error().message()));
    QVERIFY2(r.error().message().contains(o.endpoint.toString()), qPrintable(r.error().message()));
    QTRY_COMPARE(lostSpy.count(), 1);
    QCOMPARE(lostSpy.first().first().value<RedisError>().kind(), Kind::Protocol);
    QCOMPARE(c.state(), RedisConnection::State::Disconnected);
}

// 7b. Memory stays bounded: the peer announces a 1 GB bulk and then streams payload as fast as
//     the client reads it. The header alone must be refused: the client stops reading long
//     before the 64 MiB limit (let alone 128 MiB of maxBufferedBytes) has been transferred.
void TestRedisPeers::oversizedBulkIsRefusedBeforeBuffering()
{
    constexpr qint64 kAnnounced = 1000LL * 1000 * 1000;
    FakePeer peer(FakePeer::Behaviour::HandshakeThenScript, "$" + QByteArray::number(kAnnounced) + "\r\n");
    peer.setFiller(QByteArray(64 * 1024, 'x'), 512LL * 1024 * 1024);
    QVERIFY(peer.start());
    ConnectionOptions o;
    o.endpoint = Endpoint{QStringLiteral("127.0.0.1"), peer.port()};
    o.reconnect.enabled = false;
    QVERIFY(o.limits.maxBulkLength < kAnnounced);
    RedisConnection c(o);
    const RedisError e = labtest::openAndWait(c);
    QVERIFY2(!e.isError(), qPrintable(e.message()));

    const qint64 peakBefore = peakRssBytes();
    QObject context;
    std::optional<RedisResult> result;
    qint64 sentAtFailure = -1;
    c.send(RespCommand{"GET", "huge"}, &context, [&](const RedisResult &r) {
        result = r;
        sentAtFailure = peer.bytesSent();
    }, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 25000);
    const qint64 peakGrowth = peakRssBytes() - peakBefore;
    qInfo("peer had sent %lld bytes when the client gave up; peak RSS grew by %lld bytes", sentAtFailure, peakGrowth);

    QCOMPARE(kindOf(*result), Kind::Protocol);
    QVERIFY2(result->error().detail().contains(QStringLiteral("too large")), qPrintable(result->error().message()));
    constexpr qint64 kBound = 32LL * 1024 * 1024; // kernel socket buffers + a few read chunks
    QVERIFY2(sentAtFailure < kBound,
             qPrintable(QStringLiteral("the client read %1 bytes of a refused reply").arg(sentAtFailure)));
    QVERIFY2(peakGrowth < o.limits.maxBulkLength,
             qPrintable(QStringLiteral("peak RSS grew by %1 bytes").arg(peakGrowth)));
}

QTEST_GUILESS_MAIN(TestRedisPeers)
#include "tst_redispeers.moc"
