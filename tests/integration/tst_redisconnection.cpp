// Integration tests of RedisConnection against real redis-server processes started by LocalLab:
// pipelining, per-command deadlines, ACL / AUTH, TLS, reconnects and resubscription after a
// restart, reader limits and handler lifetimes. FakePeer only plays peers that are NOT Redis
// (HTTP, garbage, silence, oversized or malformed replies). No fixed sleeps: every wait is for
// a signal or a condition, with a deadline.
#include "FakePeer.h"
#include "LabFixture.h"
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
using labtest::describe;
using labtest::execute;
using Kind = RedisError::Kind;

namespace ops {
// Found by ADL from QCOMPARE, so failures print the kind's name.
char *toString(RedisError::Kind kind) { return qstrdup(RedisError::kindName(kind)); }
} // namespace ops

namespace {

Kind kindOf(const RedisResult &r) { return r.error().kind(); }

// VmHWM (peak resident set) of this process, in bytes; 0 if unknown.
qint64 peakRssBytes()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> lines = f.readAll().split('\n');
    for (const QByteArray &line : lines)
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong() * 1024;
    return 0;
}

} // namespace

class TestRedisConnection : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void pipelinesTenThousandCommandsInOrder();
    void largeValuesLargerThanTheSocketBuffer();
    void commandTimeoutDuringDebugSleep();
    void aclUserLoginAndDeniedCommand();
    void wrongAclPasswordFailsWithoutRetry();
    void defaultUserPassword();
    void tlsConnections();
    void notRedisPeers_data();
    void notRedisPeers();
    void readerLimits_data();
    void readerLimits();
    void oversizedBulkIsRefusedBeforeBuffering();
    void destroyedOrCancelledContextDropsHandler();
    void reconnectsAndResubscribesAfterRestart(); // last: it kills and restarts the node

private:
    ConnectionOptions nodeOptions() const;
    qint64 patternSubscriptions(RedisConnection &connection);

    std::unique_ptr<LocalLab> m_lab;    ///< standalone, no replicas
    std::unique_ptr<LocalLab> m_tlsLab; ///< started by tlsConnections()
    Endpoint m_node;
    std::unique_ptr<RedisConnection> m_admin;
};

ConnectionOptions TestRedisConnection::nodeOptions() const
{
    ConnectionOptions o = m_lab->topology().connectionOptions(m_node);
    o.clientName = QByteArrayLiteral("tst-redisconnection");
    o.reconnect.initialDelayMs = 50;
    o.reconnect.maxDelayMs = 500;
    return o;
}

qint64 TestRedisConnection::patternSubscriptions(RedisConnection &connection)
{
    const RedisResult r = execute(connection, RespCommand{"PUBSUB", "NUMPAT"}, 2000, 3000);
    return r.ok() ? r.value().integer() : -1;
}

void TestRedisConnection::initTestCase()
{
    m_lab = std::make_unique<LocalLab>();
    LabSpec spec;
    spec.kind = LabSpec::Kind::Standalone;
    spec.replicasPerMaster = 0;
    QString error;
    QVERIFY2(labtest::startLab(*m_lab, spec, error), qPrintable(error));
    const QList<LabNode> masters = m_lab->topology().nodesWithRole(LabNode::Role::Master);
    QCOMPARE(masters.size(), 1);
    m_node = masters.first().endpoint;

    m_admin = std::make_unique<RedisConnection>(nodeOptions());
    const RedisError e = labtest::openAndWait(*m_admin);
    QVERIFY2(!e.isError(), qPrintable(e.message()));
}

void TestRedisConnection::cleanupTestCase()
{
    m_admin.reset();
    m_tlsLab.reset(); // LocalLab's destructor stops and reaps every process it started
    m_lab.reset();
}

// 1. 10,000 commands written back to back, before any reply: every reply reaches its own
//    command, in order.
void TestRedisConnection::pipelinesTenThousandCommandsInOrder()
{
    RedisConnection c(nodeOptions());
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
    RedisConnection c(nodeOptions());
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
    RedisConnection a(nodeOptions());
    RedisConnection sleeper(nodeOptions());
    RedisConnection probe(nodeOptions());
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
    QVERIFY2(first->error().message().contains(m_node.toString()), qPrintable(first->error().message()));
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

// 3a. An ACL user logs in with user + password; a command its ACL denies fails with NoPerm,
//     naming the endpoint, and the link stays usable.
void TestRedisConnection::aclUserLoginAndDeniedCommand()
{
    const RedisResult setUser = execute(*m_admin, RespCommand{"ACL", "SETUSER", "alice", "reset", "on", ">s3cret", "~*", "&*",
                                                              "+@all", "-flushall"});
    QVERIFY2(setUser.ok(), describe(setUser).constData());
    auto dropUser = qScopeGuard([this] { execute(*m_admin, RespCommand{"ACL", "DELUSER", "alice"}); });

    ConnectionOptions o = nodeOptions();
    o.user = QStringLiteral("alice");
    o.password = QByteArrayLiteral("s3cret");
    RedisConnection alice(o);
    const RedisError e = labtest::openAndWait(alice);
    QVERIFY2(!e.isError(), qPrintable(e.message()));
    QCOMPARE(alice.state(), RedisConnection::State::Ready);

    const RedisResult whoami = execute(alice, RespCommand{"ACL", "WHOAMI"});
    QVERIFY2(whoami.ok(), describe(whoami).constData());
    QCOMPARE(whoami.value().bytes(), QByteArrayLiteral("alice"));

    const RedisResult denied = execute(alice, RespCommand{"FLUSHALL"});
    QCOMPARE(kindOf(denied), Kind::NoPerm);
    QVERIFY2(denied.error().message().contains(m_node.toString()), qPrintable(denied.error().message()));
    QVERIFY(!denied.error().isConnectionError());

    QCOMPARE(alice.state(), RedisConnection::State::Ready);
    const RedisResult ping = execute(alice, RespCommand{"PING"});
    QVERIFY2(ping.ok(), describe(ping).constData());
    QCOMPARE(ping.value().bytes(), QByteArrayLiteral("PONG"));
}

// 3b. A wrong password is an Auth failure that is not retried: one attempt, one failed AUTH in
//     the server's ACL LOG, and commands on the link fail with the cause instead of reconnecting.
void TestRedisConnection::wrongAclPasswordFailsWithoutRetry()
{
    const RedisResult setUser = execute(*m_admin, RespCommand{"ACL", "SETUSER", "alice", "reset", "on", ">s3cret", "~*", "&*",
                                                              "+@all", "-flushall"});
    QVERIFY2(setUser.ok(), describe(setUser).constData());
    auto dropUser = qScopeGuard([this] { execute(*m_admin, RespCommand{"ACL", "DELUSER", "alice"}); });
    QVERIFY(execute(*m_admin, RespCommand{"ACL", "LOG", "RESET"}).ok());

    ConnectionOptions o = nodeOptions();
    o.user = QStringLiteral("alice");
    o.password = QByteArrayLiteral("not-the-password");
    o.reconnect.initialDelayMs = 20; // a retry, if any, would come within ~25 ms
    RedisConnection bad(o);
    QSignalSpy failedSpy(&bad, &RedisConnection::connectFailed);
    QSignalSpy readySpy(&bad, &RedisConnection::ready);
    QSignalSpy stateSpy(&bad, &RedisConnection::stateChanged);
    bad.open();
    QVERIFY(failedSpy.wait(5000));
    QCOMPARE(failedSpy.count(), 1);
    const RedisError error = failedSpy.first().first().value<RedisError>();
    QCOMPARE(error.kind(), Kind::Auth);
    QVERIFY2(error.message().contains(m_node.toString()), qPrintable(error.message()));
    QCOMPARE(bad.state(), RedisConnection::State::Disconnected);
    QCOMPARE(bad.lastError().kind(), Kind::Auth);

    stateSpy.clear();
    QVERIFY2(!stateSpy.wait(1000), "the connection retried after a wrong password");
    QCOMPARE(failedSpy.count(), 1);
    QCOMPARE(readySpy.count(), 0);

    // A command on the failed link fails with the cause at once, and does not reconnect.
    const RedisResult r = execute(bad, RespCommand{"PING"}, -1, 3000);
    QCOMPARE(kindOf(r), Kind::Auth);
    QCOMPARE(stateSpy.count(), 0);
    QCOMPARE(bad.state(), RedisConnection::State::Disconnected);

    // The server saw exactly one failed AUTH for alice.
    const RedisResult log = execute(*m_admin, RespCommand{"ACL", "LOG"});
    QVERIFY2(log.ok() && log.value().isArray(), describe(log).constData());
    qint64 authFailures = 0;
    for (const RespValue &entry : log.value().elements())
        if (labtest::pairValue(entry, "reason") == "auth" && labtest::pairValue(entry, "username") == "alice")
            authFailures += labtest::pairValue(entry, "count").toLongLong();
    QCOMPARE(authFailures, qint64(1));
}

// 3c. requirepass on the default user: password-only AUTH works; no password, or a wrong one,
//     is an Auth failure that says authentication is needed.
void TestRedisConnection::defaultUserPassword()
{
    QVERIFY(execute(*m_admin, RespCommand{"CONFIG", "SET", "requirepass", "default-secret"}).ok());
    auto restore = qScopeGuard([this] {
        const RedisResult r = execute(*m_admin, RespCommand{"CONFIG", "SET", "requirepass", ""});
        if (!r.ok())
            qWarning("could not restore requirepass: %s", describe(r).constData());
    });

    {
        ConnectionOptions o = nodeOptions();
        o.password = QByteArrayLiteral("default-secret");
        RedisConnection c(o);
        const RedisError e = labtest::openAndWait(c);
        QVERIFY2(!e.isError(), qPrintable(e.message()));
        const RedisResult whoami = execute(c, RespCommand{"ACL", "WHOAMI"});
        QVERIFY2(whoami.ok(), describe(whoami).constData());
        QCOMPARE(whoami.value().bytes(), QByteArrayLiteral("default"));
    }
    {
        ConnectionOptions o = nodeOptions(); // no password at all
        RedisConnection c(o);
        QSignalSpy stateSpy(&c, &RedisConnection::stateChanged);
        const RedisError e = labtest::openAndWait(c);
        QCOMPARE(e.kind(), Kind::Auth);
        QVERIFY2(e.detail().contains(QStringLiteral("authentication"), Qt::CaseInsensitive), qPrintable(e.message()));
        QVERIFY2(e.message().contains(m_node.toString()), qPrintable(e.message()));
        QCOMPARE(c.state(), RedisConnection::State::Disconnected);
        stateSpy.clear();
        QVERIFY2(!stateSpy.wait(300), "the connection retried without a password");
    }
    {
        ConnectionOptions o = nodeOptions();
        o.password = QByteArrayLiteral("wrong-secret");
        RedisConnection c(o);
        const RedisError e = labtest::openAndWait(c);
        QCOMPARE(e.kind(), Kind::Auth);
        QVERIFY2(e.message().contains(m_node.toString()), qPrintable(e.message()));
    }
}

// 4. TLS: the lab's CA and client certificate work; an unrelated CA is a Tls error; plaintext
//    to the TLS port fails clearly within the connect timeout; --insecure works.
void TestRedisConnection::tlsConnections()
{
    m_tlsLab = std::make_unique<LocalLab>();
    LabSpec spec;
    spec.kind = LabSpec::Kind::Standalone;
    spec.replicasPerMaster = 0;
    spec.tls = true;
    QString error;
    QVERIFY2(labtest::startLab(*m_tlsLab, spec, error), qPrintable(error));
    auto stopLab = qScopeGuard([this] { m_tlsLab.reset(); });
    const LabTopology &topology = m_tlsLab->topology();
    const Endpoint node = topology.nodesWithRole(LabNode::Role::Master).first().endpoint;

    { // the lab's CA and client certificate
        ConnectionOptions o = topology.connectionOptions(node);
        QVERIFY(o.tls.enabled);
        QVERIFY(!o.tls.caFile.isEmpty() && !o.tls.certFile.isEmpty());
        RedisConnection c(o);
        const RedisError e = labtest::openAndWait(c);
        QVERIFY2(!e.isError(), qPrintable(e.message()));
        const RedisResult ping = execute(c, RespCommand{"PING"});
        QVERIFY2(ping.ok(), describe(ping).constData());
        QCOMPARE(ping.value().bytes(), QByteArrayLiteral("PONG"));
    }
    { // a CA that did not sign the server certificate
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QString caFile;
        QVERIFY2(LabCertificates::generateCa(dir.path(), QStringLiteral("Unrelated test CA"), caFile, error), qPrintable(error));
        ConnectionOptions o = topology.connectionOptions(node);
        o.tls.caFile = caFile;
        RedisConnection c(o);
        const RedisError e = labtest::openAndWait(c);
        QCOMPARE(e.kind(), Kind::Tls);
        QVERIFY2(e.message().contains(node.toString()), qPrintable(e.message()));
        QCOMPARE(c.state(), RedisConnection::State::Disconnected);
        // A TLS failure is final: no retry (one would come after ~50 ms).
        QSignalSpy stateSpy(&c, &RedisConnection::stateChanged);
        QVERIFY2(!stateSpy.wait(300), "a TLS verification failure was retried");
        QCOMPARE(c.lastError().kind(), Kind::Tls);
    }
    { // plaintext client to the TLS port
        ConnectionOptions o = topology.connectionOptions(node);
        o.tls = TlsOptions{};
        o.connectTimeoutMs = 2000;
        RedisConnection c(o);
        QElapsedTimer timer;
        timer.start();
        const RedisError e = labtest::openAndWait(c, 10000);
        const qint64 elapsed = timer.elapsed();
        qInfo("plaintext client to a TLS port: kind %s after %lld ms: %s", RedisError::kindName(e.kind()),
              elapsed, qPrintable(e.message()));
        QVERIFY2(e.kind() == Kind::NotRedis || e.kind() == Kind::Closed,
                 qPrintable(QStringLiteral("got %1: %2").arg(QLatin1String(RedisError::kindName(e.kind())), e.message())));
        QVERIFY(!e.detail().isEmpty());
        QVERIFY2(e.message().contains(node.toString()), qPrintable(e.message()));
        QVERIFY2(elapsed <= o.connectTimeoutMs + 500, qPrintable(QStringLiteral("took %1 ms").arg(elapsed)));
        c.close();
    }
    { // --insecure: no CA, no client certificate (the lab accepts clients without one)
        ConnectionOptions o = topology.connectionOptions(node);
        o.tls.caFile.clear();
        o.tls.certFile.clear();
        o.tls.keyFile.clear();
        o.tls.insecure = true;
        RedisConnection c(o);
        const RedisError e = labtest::openAndWait(c);
        QVERIFY2(!e.isError(), qPrintable(e.message()));
        const RedisResult ping = execute(c, RespCommand{"PING"});
        QVERIFY2(ping.ok(), describe(ping).constData());
        QCOMPARE(ping.value().bytes(), QByteArrayLiteral("PONG"));
    }
}

// 6. Peers that are not Redis fail the connect attempt with a clear kind, within the connect
//    timeout. NotRedis is final (no retry); silence and a closed socket may be retried.
void TestRedisConnection::notRedisPeers_data()
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

void TestRedisConnection::notRedisPeers()
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
    QVERIFY2(elapsed <= connectTimeoutMs + 1000, qPrintable(QStringLiteral("took %1 ms").arg(elapsed)));
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
void TestRedisConnection::readerLimits_data()
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

void TestRedisConnection::readerLimits()
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
void TestRedisConnection::oversizedBulkIsRefusedBeforeBuffering()
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

// 8. Handlers tied to a context: destroying the context or cancel(context) drops the handler,
//    whether the command is in flight, still queued before the handshake, timed out or failed
//    by close(). Other handlers still run, in order.
void TestRedisConnection::destroyedOrCancelledContextDropsHandler()
{
    RedisConnection c(nodeOptions());
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
        RedisConnection fresh(nodeOptions());
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
        RedisConnection blocked(nodeOptions());
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
    FaultInjector faults(m_lab.get());
    ConnectionOptions o = nodeOptions();
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
    QTRY_VERIFY(labtest::infoField(execute(*m_admin, RespCommand{"INFO", "clients"}), "blocked_clients").toInt() >= 1);

    QSignalSpy lostSpy(&conn, &RedisConnection::connectionLost);
    QSignalSpy subscriberLostSpy(&subscriber, &RedisConnection::connectionLost);
    QVERIFY(faults.kill(m_node));

    QVERIFY(lostSpy.count() > 0 || lostSpy.wait(5000));
    const RedisError lost = lostSpy.first().first().value<RedisError>();
    QVERIFY2(lost.isConnectionError(), qPrintable(lost.message()));
    QVERIFY2(lost.message().contains(m_node.toString()), qPrintable(lost.message()));
    QTRY_VERIFY(pending.has_value());
    QVERIFY(!pending->ok());
    QVERIFY2(pending->error().isConnectionError(), qPrintable(pending->error().message()));
    QTRY_COMPARE(subscriberLostSpy.count(), 1);
    QVERIFY(!conn.isReady());

    // Restart once the killed process has been reaped.
    LabProcess *process = m_lab->process(m_node);
    QVERIFY(process != nullptr);
    QTRY_VERIFY(!process->isRunning());
    QString error;
    QVERIFY2(faults.restart(m_node, &error), qPrintable(error));

    QTRY_VERIFY_WITH_TIMEOUT(conn.isReady(), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(subscriber.isReady(), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(m_admin->isReady(), 15000);
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
