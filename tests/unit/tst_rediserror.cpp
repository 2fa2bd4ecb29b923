// Unit tests of the error vocabulary around a connection: RedisError classification of server
// replies, Endpoint parsing, PeerSniffer's diagnosis of non-RESP peers and ReconnectBackoff.
#include "resp/Endpoint.h"
#include "resp/PeerSniffer.h"
#include "resp/ReconnectBackoff.h"
#include "resp/RedisError.h"

#include <QtTest>

#include <climits>

using ops::Endpoint;
using ops::RedisError;
using Kind = ops::RedisError::Kind;

Q_DECLARE_METATYPE(ops::RedisError::Kind)

namespace ops {
char *toString(RedisError::Kind k) { return qstrdup(RedisError::kindName(k)); } // found by QTest through ADL
} // namespace ops

class TestRedisError : public QObject
{
    Q_OBJECT

private slots:
    void fromReply_data();
    void fromReply();
    void kinds_data();
    void kinds();
    void endpointParse_data();
    void endpointParse();
    void peerSniffer_data();
    void peerSniffer();
    void preview_data();
    void preview();
    void backoff_data();
    void backoff();
    void backoffReset();
};

void TestRedisError::fromReply_data()
{
    QTest::addColumn<Endpoint>("from");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<int>("slot");
    QTest::addColumn<Endpoint>("redirect");
    const Endpoint node{QStringLiteral("10.1.2.3"), 7000};
    const Endpoint v6node{QStringLiteral("fe80::1"), 7001};

    QTest::newRow("WRONGPASS") << node << QByteArrayLiteral("WRONGPASS invalid username-password pair or user is disabled.")
                               << Kind::Auth << -1 << Endpoint{};
    QTest::newRow("NOAUTH") << node << QByteArrayLiteral("NOAUTH Authentication required.") << Kind::Auth << -1 << Endpoint{};
    QTest::newRow("AUTH without password configured")
        << node
        << QByteArrayLiteral("ERR AUTH <password> called without any password configured for the default user. "
                             "Are you sure your configuration is correct?")
        << Kind::Auth << -1 << Endpoint{};
    QTest::newRow("ERR invalid password") << node << QByteArrayLiteral("ERR invalid password") << Kind::Auth << -1 << Endpoint{};
    QTest::newRow("NOPERM") << node << QByteArrayLiteral("NOPERM this user has no permissions to run the 'get' command")
                            << Kind::NoPerm << -1 << Endpoint{};
    QTest::newRow("MOVED") << node << QByteArrayLiteral("MOVED 3999 127.0.0.1:6381") << Kind::Moved << 3999
                           << Endpoint{QStringLiteral("127.0.0.1"), 6381};
    QTest::newRow("ASK") << node << QByteArrayLiteral("ASK 12 10.0.0.1:7000") << Kind::Ask << 12
                         << Endpoint{QStringLiteral("10.0.0.1"), 7000};
    QTest::newRow("MOVED slot 0") << node << QByteArrayLiteral("MOVED 0 h:1") << Kind::Moved << 0 << Endpoint{QStringLiteral("h"), 1};
    QTest::newRow("MOVED slot 16383 to hostname") << node << QByteArrayLiteral("MOVED 16383 redis-3.example.net:6379")
                                                  << Kind::Moved << 16383 << Endpoint{QStringLiteral("redis-3.example.net"), 6379};
    QTest::newRow("MOVED to bracketed IPv6") << node << QByteArrayLiteral("MOVED 5 [::1]:7000") << Kind::Moved << 5
                                             << Endpoint{QStringLiteral("::1"), 7000};
    QTest::newRow("MOVED with empty host: same host") << node << QByteArrayLiteral("MOVED 1 :6380") << Kind::Moved << 1
                                                      << Endpoint{QStringLiteral("10.1.2.3"), 6380};
    QTest::newRow("ASK with empty host from IPv6 node") << v6node << QByteArrayLiteral("ASK 77 :7002") << Kind::Ask << 77
                                                        << Endpoint{QStringLiteral("fe80::1"), 7002};
    // Malformed redirections stay plain replies, without slot or target.
    const QList<QByteArray> badMoves{"MOVED", "MOVED 3999", "MOVED abc 127.0.0.1:6381", "MOVED -1 h:1", "MOVED 16384 h:1",
                                     "MOVED 3999 127.0.0.1", "MOVED 3999 h:notaport", "MOVED 3999 h:70000",
                                     "MOVED 3999 h:0", "MOVED 1 :", "MOVED 1 :0", "MOVED 3999 h:1 extra",
                                     "MOVED 5 ::1:7000", "MOVED 5 [::1:7000", "ASK x y"};
    for (const QByteArray &bad : badMoves)
        QTest::addRow("malformed: %s", bad.constData()) << node << bad << Kind::Reply << -1 << Endpoint{};
    QTest::newRow("TRYAGAIN") << node << QByteArrayLiteral("TRYAGAIN Multiple keys request during rehashing of slot")
                              << Kind::TryAgain << -1 << Endpoint{};
    QTest::newRow("CLUSTERDOWN") << node << QByteArrayLiteral("CLUSTERDOWN The cluster is down") << Kind::ClusterDown << -1 << Endpoint{};
    QTest::newRow("BUSY") << node << QByteArrayLiteral("BUSY Redis is busy running a script. You can only call "
                                                       "SCRIPT KILL or SHUTDOWN NOSAVE.")
                          << Kind::Busy << -1 << Endpoint{};
    QTest::newRow("BUSYKEY is not BUSY") << node << QByteArrayLiteral("BUSYKEY Target key name already exists.")
                                         << Kind::BusyKey << -1 << Endpoint{};
    // The replies of the actions (texts as Redis / Sentinel 7.0 send them).
    QTest::newRow("INPROG") << node << QByteArrayLiteral("INPROG Failover already in progress") << Kind::InProgress << -1
                            << Endpoint{};
    QTest::newRow("NOGOODSLAVE") << node << QByteArrayLiteral("NOGOODSLAVE No suitable replica to promote")
                                 << Kind::NoGoodReplica << -1 << Endpoint{};
    QTest::newRow("NOREPLICAS") << node << QByteArrayLiteral("NOREPLICAS Not enough good replicas to write.")
                                << Kind::NoReplicas << -1 << Endpoint{};
    QTest::newRow("IOERR connecting") << node << QByteArrayLiteral("IOERR error or timeout connecting to the client")
                                      << Kind::IoErr << -1 << Endpoint{};
    QTest::newRow("IOERR reading") << node << QByteArrayLiteral("IOERR error or timeout reading to target instance")
                                   << Kind::IoErr << -1 << Endpoint{};
    QTest::newRow("NOQUORUM") << node
                              << QByteArrayLiteral("NOQUORUM 3 usable Sentinels. Not enough available Sentinels to reach "
                                                   "the specified quorum for this master")
                              << Kind::NoQuorum << -1 << Endpoint{};
    QTest::newRow("CLUSTER FAILOVER without FORCE")
        << node << QByteArrayLiteral("ERR Master is down or failed, please use CLUSTER FAILOVER FORCE") << Kind::NeedsForce
        << -1 << Endpoint{};
    QTest::newRow("CLUSTER FAILOVER to a master") << node
                                                  << QByteArrayLiteral("ERR You should send CLUSTER FAILOVER to a replica")
                                                  << Kind::Reply << -1 << Endpoint{};
    QTest::newRow("INPROGRESS is not INPROG") << node << QByteArrayLiteral("INPROGRESS x") << Kind::Reply << -1 << Endpoint{};
    QTest::newRow("LOADING") << node << QByteArrayLiteral("LOADING Redis is loading the dataset in memory") << Kind::Loading
                             << -1 << Endpoint{};
    QTest::newRow("READONLY") << node << QByteArrayLiteral("READONLY You can't write against a read only replica.")
                              << Kind::ReadOnly << -1 << Endpoint{};
    QTest::newRow("MASTERDOWN") << node
                                << QByteArrayLiteral("MASTERDOWN Link with MASTER is down and replica-serve-stale-data "
                                                     "is set to 'no'.")
                                << Kind::MasterDown << -1 << Endpoint{};
    QTest::newRow("bare LOADING") << node << QByteArrayLiteral("LOADING") << Kind::Loading << -1 << Endpoint{};
    QTest::newRow("ERR unknown command") << node << QByteArrayLiteral("ERR unknown command 'FOO', with args beginning with: ")
                                         << Kind::Reply << -1 << Endpoint{};
    QTest::newRow("WRONGTYPE") << node << QByteArrayLiteral("WRONGTYPE Operation against a key holding the wrong kind of value")
                               << Kind::Reply << -1 << Endpoint{};
    QTest::newRow("empty text") << node << QByteArray() << Kind::Reply << -1 << Endpoint{};
    QTest::newRow("IPv6 source, NOPERM") << v6node << QByteArrayLiteral("NOPERM no permissions") << Kind::NoPerm << -1 << Endpoint{};
}

void TestRedisError::fromReply()
{
    QFETCH(Endpoint, from);
    QFETCH(QByteArray, text);
    QFETCH(Kind, kind);
    QFETCH(int, slot);
    QFETCH(Endpoint, redirect);
    const RedisError e = RedisError::fromReply(from, text);
    QCOMPARE(e.kind(), kind);
    QVERIFY(e.isError());
    QCOMPARE(e.slot(), slot);
    QCOMPARE(e.redirect(), redirect);
    QCOMPARE(e.endpoint(), from);
    QCOMPARE(e.detail(), QString::fromUtf8(text));
    QCOMPARE(e.delivery(), RedisError::Delivery::Answered); // the server replied: it saw the command
    QCOMPARE(e.prefix(), text.split(' ').constFirst());
    QVERIFY(!e.isConnectionError()); // a reply means the link itself works
    const QString msg = e.message();
    QVERIFY2(msg.startsWith(from.toString() + QStringLiteral(": ")), qPrintable(msg));
    QVERIFY2(msg.contains(QString::fromUtf8(text)), qPrintable(msg));
    if (kind == Kind::Moved || kind == Kind::Ask) {
        QVERIFY(redirect.isValid());
        QVERIFY2(msg.contains(redirect.toString()), qPrintable(msg));
        QVERIFY2(msg.contains(QString::number(slot)), qPrintable(msg));
    }
}

void TestRedisError::kinds_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<bool>("connectionError");
    const QList<std::pair<Kind, bool>> all{
        {Kind::Io, true},          {Kind::Timeout, false}, {Kind::Closed, true},      {Kind::Protocol, true},
        {Kind::NotRedis, true},    {Kind::Tls, true},      {Kind::Auth, false},       {Kind::NoPerm, false},
        {Kind::Reply, false},      {Kind::Moved, false},   {Kind::Ask, false},        {Kind::TryAgain, false},
        {Kind::ClusterDown, false}, {Kind::Busy, false},   {Kind::Loading, false},    {Kind::ReadOnly, false},
        {Kind::MasterDown, false}, {Kind::Cancelled, false}, {Kind::NotConnected, false}, {Kind::InProgress, false},
        {Kind::NoGoodReplica, false}, {Kind::NoReplicas, false}, {Kind::BusyKey, false}, {Kind::IoErr, false},
        {Kind::NoQuorum, false}, {Kind::NeedsForce, false}};
    for (const auto &[kind, connectionError] : all)
        QTest::newRow(RedisError::kindName(kind)) << kind << connectionError;
}

void TestRedisError::kinds()
{
    QFETCH(Kind, kind);
    QFETCH(bool, connectionError);
    const Endpoint v6{QStringLiteral("::1"), 6379};
    const RedisError e(kind, v6, QStringLiteral("some detail"));
    QCOMPARE(e.isConnectionError(), connectionError);
    QVERIFY(e.isError());
    QVERIFY(QByteArray(RedisError::kindName(kind)) != "?");
    const QString msg = e.message();
    QVERIFY2(msg.startsWith(QStringLiteral("[::1]:6379: ")), qPrintable(msg));
    QVERIFY2(msg.endsWith(QStringLiteral(": some detail")), qPrintable(msg));
    QVERIFY2(msg.size() > QStringLiteral("[::1]:6379: : some detail").size(), qPrintable(msg)); // says what happened

    // An error made without a connection's knowledge never claims "not sent": a caller would resend.
    QCOMPARE(e.delivery(), RedisError::Delivery::Unknown);
    QVERIFY(e.prefix().isEmpty());
    QCOMPARE(e.withDelivery(RedisError::Delivery::NotSent).delivery(), RedisError::Delivery::NotSent);
    QCOMPARE(e.withDelivery(RedisError::Delivery::NotSent).message(), msg);

    const RedisError none;
    QVERIFY(!none.isError());
    QVERIFY(!none.isConnectionError());
    QCOMPARE(none.message(), QStringLiteral("no error"));
}

void TestRedisError::endpointParse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("defaultPort");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("rendered");
    QTest::newRow("host:port") << QStringLiteral("127.0.0.1:6380") << 6379 << true << QStringLiteral("127.0.0.1") << 6380
                               << QStringLiteral("127.0.0.1:6380");
    QTest::newRow("name:port") << QStringLiteral("redis.example.com:7000") << 6379 << true
                               << QStringLiteral("redis.example.com") << 7000 << QStringLiteral("redis.example.com:7000");
    QTest::newRow("[::1]:7000") << QStringLiteral("[::1]:7000") << 6379 << true << QStringLiteral("::1") << 7000
                                << QStringLiteral("[::1]:7000");
    QTest::newRow("[v6] default port") << QStringLiteral("[2001:db8::2]") << 26379 << true << QStringLiteral("2001:db8::2")
                                       << 26379 << QStringLiteral("[2001:db8::2]:26379");
    QTest::newRow("unbracketed v6, default port") << QStringLiteral("::1") << 6379 << true << QStringLiteral("::1") << 6379
                                                  << QStringLiteral("[::1]:6379");
    QTest::newRow("bare host default port") << QStringLiteral("localhost") << 6379 << true << QStringLiteral("localhost")
                                            << 6379 << QStringLiteral("localhost:6379");
    QTest::newRow("surrounding spaces") << QStringLiteral("  db1:1 \t") << 6379 << true << QStringLiteral("db1") << 1
                                        << QStringLiteral("db1:1");
    QTest::newRow("max port") << QStringLiteral("h:65535") << 6379 << true << QStringLiteral("h") << 65535
                              << QStringLiteral("h:65535");
    const QStringList bad{QStringLiteral("h:abc"), QStringLiteral("h:0"), QStringLiteral("h:65536"), QStringLiteral("h:-1"),
                          QStringLiteral(""), QStringLiteral("   "), QStringLiteral(":6379"), QStringLiteral("[::1"),
                          QStringLiteral("[::1]x"), QStringLiteral("[]:6379"),
                          QStringLiteral("[::1]:99999")};
    for (const QString &b : bad)
        QTest::addRow("bad: '%s'", qPrintable(b)) << b << 6379 << false << QString() << 0 << QString();
    QTest::newRow("bare host, no default port") << QStringLiteral("localhost") << 0 << false << QString() << 0 << QString();
}

void TestRedisError::endpointParse()
{
    QFETCH(QString, text);
    QFETCH(int, defaultPort);
    QFETCH(bool, ok);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, rendered);
    bool parsedOk = !ok;
    const Endpoint e = Endpoint::parse(text, quint16(defaultPort), &parsedOk);
    QCOMPARE(parsedOk, ok);
    QCOMPARE(e.isValid(), ok);
    QCOMPARE(e.host, host);
    QCOMPARE(int(e.port), port);
    if (ok) {
        QCOMPARE(e.toString(), rendered);
        QCOMPARE(Endpoint::parse(e.toString(), 1), e); // rendering parses back to the same endpoint
    } else {
        QCOMPARE(e, Endpoint{});
    }
    QCOMPARE(Endpoint::parse(text, quint16(defaultPort)), e); // ok pointer is optional
}

void TestRedisError::peerSniffer_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QStringList>("mentions");
    QTest::newRow("HTTP/1.1 400") << QByteArrayLiteral("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n\r\n")
                                  << QStringList{QStringLiteral("HTTP"), QStringLiteral("\"HTTP/1.1 400 Bad Request\""),
                                                 QStringLiteral("not Redis")};
    QTest::newRow("TLS alert") << QByteArray("\x15\x03\x01\x00\x02\x02\x46", 7) << QStringList{QStringLiteral("TLS"), QStringLiteral("--tls")};
    QTest::newRow("TLS handshake") << QByteArray("\x16\x03\x03\x00\x7a\x02", 6) << QStringList{QStringLiteral("TLS")};
    QTest::newRow("SSH-2.0") << QByteArrayLiteral("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")
                             << QStringList{QStringLiteral("SSH"), QStringLiteral("SSH-2.0-OpenSSH_9.2p1 Debian-2\\r\\n")};
    QTest::newRow("SMTP banner") << QByteArrayLiteral("220 mx.example.com ESMTP Postfix\r\n")
                                 << QStringList{QStringLiteral("mail/FTP"), QStringLiteral("220 mx.example.com")};
    QTest::newRow("memcached") << QByteArrayLiteral("ERROR\r\n") << QStringList{QStringLiteral("memcached")};
    QTest::newRow("random bytes") << QByteArray("\x00\x01\xfe\xff" "abc\x7f\r\n", 10)
                                  << QStringList{QStringLiteral("not RESP"), QStringLiteral("\"\\x00\\x01\\xfe\\xffabc\\x7f\\r\\n\"")};
    QTest::newRow("long random bytes are cut") << QByteArray(40, '\x80')
                                               << QStringList{QStringLiteral("not RESP"),
                                                              QStringLiteral("\\x80").repeated(32) + QStringLiteral("...\"")};
}

void TestRedisError::peerSniffer()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QStringList, mentions);
    const QString text = ops::PeerSniffer::describe(bytes);
    for (const QString &m : mentions)
        QVERIFY2(text.contains(m), qPrintable(QStringLiteral("'%1' not in: %2").arg(m, text)));
    for (const QChar c : text) // one printable line: control bytes are always escaped
        QVERIFY2(c.unicode() >= 0x20 && c.unicode() < 0x7f, qPrintable(text));
}

void TestRedisError::preview_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("max");
    QTest::addColumn<QString>("expected");
    QTest::newRow("printable") << QByteArrayLiteral("+OK") << 32 << QStringLiteral("+OK");
    QTest::newRow("CR LF") << QByteArrayLiteral("a\r\nb") << 32 << QStringLiteral("a\\r\\nb");
    QTest::newRow("NUL, DEL, high") << QByteArray("\0\x7f\xff", 3) << 32 << QStringLiteral("\\x00\\x7f\\xff");
    QTest::newRow("cut at max") << QByteArrayLiteral("abcdef") << 4 << QStringLiteral("abcd...");
    QTest::newRow("exactly max") << QByteArrayLiteral("abcd") << 4 << QStringLiteral("abcd");
    QTest::newRow("empty") << QByteArray() << 32 << QString();
}

void TestRedisError::preview()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, max);
    QFETCH(QString, expected);
    QCOMPARE(ops::PeerSniffer::preview(bytes, max), expected);
}

void TestRedisError::backoff_data()
{
    QTest::addColumn<int>("initialMs");
    QTest::addColumn<int>("maxMs");
    QTest::newRow("defaults 100..5000") << 100 << 5000;
    QTest::newRow("1..10") << 1 << 10;
    QTest::newRow("cap from the start") << 250 << 250;
    QTest::newRow("1000..30000") << 1000 << 30000;
    QTest::newRow("1..1e9: shift stops at 2^20") << 1 << 1000000000;
    QTest::newRow("cap near INT_MAX") << 1000000 << INT_MAX;
}

// Attempt n waits min(max, initial * 2^min(n,20)) ±20 %: strictly growing while uncapped (the
// doubling outruns the jitter), never above maxDelayMs * 1.2, never below 1 ms.
void TestRedisError::backoff()
{
    QFETCH(int, initialMs);
    QFETCH(int, maxMs);
    ops::ReconnectBackoff backoff(ops::ReconnectPolicy{true, initialMs, maxMs});
    QCOMPARE(backoff.attempt(), 0);
    int previous = 0;
    for (int n = 0; n < 64; ++n) {
        const qint64 base = qMin<qint64>(qint64(initialMs) << qMin(n, 20), maxMs);
        const int d = backoff.nextDelayMs();
        QCOMPARE(backoff.attempt(), n + 1);
        QVERIFY2(d >= 1, qPrintable(QString::number(d)));
        QVERIFY2(d >= qint64(double(base) * 0.8) - 1 && d <= qint64(double(base) * 1.2) + 1,
                 qPrintable(QStringLiteral("attempt %1: %2 ms for base %3").arg(n).arg(d).arg(base)));
        QVERIFY(d <= qint64(double(maxMs) * 1.2) + 1);
        if (n > 0 && n <= 20 && base == (qint64(initialMs) << n) && base >= 4) // still doubling, uncapped
            QVERIFY2(d > previous, qPrintable(QStringLiteral("attempt %1: %2 <= %3").arg(n).arg(d).arg(previous)));
        previous = d;
    }
}

void TestRedisError::backoffReset()
{
    ops::ReconnectBackoff backoff(ops::ReconnectPolicy{true, 100, 5000});
    for (int i = 0; i < 10; ++i)
        backoff.nextDelayMs();
    QCOMPARE(backoff.attempt(), 10);
    const int late = backoff.nextDelayMs();
    QVERIFY(late >= 4000 && late <= 6000);
    backoff.reset();
    QCOMPARE(backoff.attempt(), 0);
    const int first = backoff.nextDelayMs();
    QVERIFY2(first >= 80 && first <= 120, qPrintable(QString::number(first)));
    QCOMPARE(backoff.attempt(), 1);
    const int second = backoff.nextDelayMs();
    QVERIFY2(second >= 160 && second <= 240, qPrintable(QString::number(second)));
}

QTEST_APPLESS_MAIN(TestRedisError)
#include "tst_rediserror.moc"
