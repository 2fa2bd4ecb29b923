// Unit tests of the SENTINEL MASTER(S) / REPLICAS / SENTINELS / CKQUORUM parsers over raw RESP
// captured from real redis-sentinel 7.0 (steady state, failover in progress, master down, replica
// link broken, peers stopped), plus hand-built malformed replies and field-by-field mutations.
#include "ParserTestHelpers.h"
#include "discovery/SentinelReplies.h"
#include "resp/RespReader.h"

#include <QFile>
#include <QtTest>

#include <functional>

using ops::CkQuorum;
using ops::Parsed;
using ops::ParseError;
using ops::RedisError;
using ops::RedisResult;
using ops::RespValue;
using ops::SentinelMasterState;
using ops::SentinelPeerState;
using ops::SentinelReplicaState;
using Values = parsertest::Elements;
using parsertest::A;
using parsertest::S;

Q_DECLARE_METATYPE(ops::RespValue)

namespace {

/** A flat field/value array from "k1", "v1", "k2", "v2", ... */
RespValue flat(const QByteArrayList &kv)
{
    Values v;
    for (const QByteArray &s : kv)
        v.push_back(S(s));
    return A(std::move(v));
}

QByteArray joinFlags(const QList<QByteArray> &flags) { return QByteArrayList(flags).join(','); }

QByteArray summary(const SentinelMasterState &m)
{
    return m.name + '@' + m.host.toUtf8() + ':' + QByteArray::number(m.port) + " flags=" + joinFlags(m.flags)
        + " sdown=" + QByteArray::number(m.sdown()) + " odown=" + QByteArray::number(m.odown())
        + " fs=" + m.failoverState + " replicas=" + QByteArray::number(m.numReplicas)
        + " sentinels=" + QByteArray::number(m.numOtherSentinels) + " quorum=" + QByteArray::number(m.quorum)
        + " epoch=" + QByteArray::number(m.configEpoch) + " down-after=" + QByteArray::number(m.downAfterMs)
        + " fo-timeout=" + QByteArray::number(m.failoverTimeoutMs);
}

QByteArray summary(const SentinelReplicaState &r)
{
    return r.name + ' ' + r.host.toUtf8() + ':' + QByteArray::number(r.port) + " flags=" + joinFlags(r.flags)
        + " link=" + r.masterLinkStatus + " down=" + QByteArray::number(r.masterLinkDownSinceSeconds) + "s master="
        + r.masterHost.toUtf8() + ':' + QByteArray::number(r.masterPort) + " prio=" + QByteArray::number(r.replicaPriority)
        + " off=" + QByteArray::number(r.replOffset);
}

QByteArray summary(const SentinelPeerState &p)
{
    return p.name.left(8) + ' ' + p.host.toUtf8() + ':' + QByteArray::number(p.port) + " flags=" + joinFlags(p.flags)
        + " sdown=" + QByteArray::number(p.sdown()) + " leader=" + p.votedLeader + '/'
        + QByteArray::number(p.votedLeaderEpoch);
}

template<typename T>
QByteArray summaries(const QList<T> &list)
{
    QByteArrayList parts;
    for (const T &x : list)
        parts << summary(x);
    return parts.join(" | ");
}

RedisResult resultOf(const RespValue &v)
{
    if (v.isError())
        return RedisResult(RedisError::fromReply(ops::Endpoint{QStringLiteral("127.0.0.1"), 26379}, v.bytes()));
    return RedisResult(v);
}

/** A valid replica / master / peer as field-value lists, for the mutation tests. */
const QByteArrayList &validMaster()
{
    static const QByteArrayList kv = {"name", "mymaster", "ip", "127.0.0.1", "port", "6379", "runid", "abc",
                                      "flags", "master", "last-ok-ping-reply", "10", "down-after-milliseconds", "30000",
                                      "config-epoch", "3", "num-slaves", "2", "num-other-sentinels", "2", "quorum", "2",
                                      "failover-timeout", "180000", "parallel-syncs", "1"};
    return kv;
}
const QByteArrayList &validReplica()
{
    static const QByteArrayList kv = {"name", "127.0.0.1:6380", "ip", "127.0.0.1", "port", "6380", "runid", "def",
                                      "flags", "slave", "master-link-down-time", "0", "master-link-status", "ok",
                                      "master-host", "127.0.0.1", "master-port", "6379", "slave-priority", "100",
                                      "slave-repl-offset", "1234"};
    return kv;
}
const QByteArrayList &validPeer()
{
    static const QByteArrayList kv = {"name", "f21b38218be985debbb9f72bc6e40f0472d4dd97", "ip", "127.0.0.1", "port",
                                      "26380", "runid", "f21b38218be985debbb9f72bc6e40f0472d4dd97", "flags", "sentinel",
                                      "last-hello-message", "300", "voted-leader", "?", "voted-leader-epoch", "0"};
    return kv;
}

using ParseFn = std::function<std::optional<ParseError>(const RespValue &)>;

template<typename T>
std::optional<ParseError> errorOf(const Parsed<T> &p)
{
    return p.ok() ? std::nullopt : std::optional<ParseError>(p.error());
}

ParseFn parserNamed(const QString &name)
{
    if (name == QLatin1String("pairs"))
        return [](const RespValue &v) { return errorOf(ops::parseFieldPairs(v)); };
    if (name == QLatin1String("master"))
        return [](const RespValue &v) { return errorOf(ops::parseSentinelMaster(v)); };
    if (name == QLatin1String("masters"))
        return [](const RespValue &v) { return errorOf(ops::parseSentinelMasters(v)); };
    if (name == QLatin1String("replicas"))
        return [](const RespValue &v) { return errorOf(ops::parseSentinelReplicas(v)); };
    return [](const RespValue &v) { return errorOf(ops::parseSentinelSentinels(v)); };
}

} // namespace

class TestSentinelReplies : public QObject
{
    Q_OBJECT

private slots:
    void master_data();
    void master();
    void masters_data();
    void masters();
    void replicas_data();
    void replicas();
    void sentinels_data();
    void sentinels();
    void ckquorum_data();
    void ckquorum();
    void fieldPairs();
    void malformed_data();
    void malformed();
    void missingRequiredField_data();
    void missingRequiredField();
    void garbledNumericField_data();
    void garbledNumericField();
    void everyFixtureElementDropped_data();
    void everyFixtureElementDropped();
};

void TestSentinelReplies::master_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("steady") << QStringLiteral("sentinel-master.resp")
                            << QByteArray("mymaster@127.0.0.1:36895 flags=master sdown=0 odown=0 fs= replicas=2 sentinels=2 "
                                          "quorum=2 epoch=0 down-after=1000 fo-timeout=5000");
    QTest::newRow("other sentinels stopped")
        << QStringLiteral("sentinel-master-peers-down.resp")
        << QByteArray("mymaster@127.0.0.1:36895 flags=master sdown=0 odown=0 fs= replicas=2 sentinels=2 quorum=2 epoch=0 "
                      "down-after=1000 fo-timeout=5000");
    QTest::newRow("SENTINEL FAILOVER, select_slave")
        << QStringLiteral("sentinel-master-failover-select-slave.resp")
        << QByteArray("mymaster@127.0.0.1:36895 flags=master,failover_in_progress,force_failover sdown=0 odown=0 "
                      "fs=select_slave replicas=2 sentinels=2 quorum=2 epoch=0 down-after=1000 fo-timeout=5000");
    QTest::newRow("SENTINEL FAILOVER, reconf_slaves")
        << QStringLiteral("sentinel-master-failover-reconf-slaves.resp")
        << QByteArray("mymaster@127.0.0.1:36895 flags=master,failover_in_progress,force_failover sdown=0 odown=0 "
                      "fs=reconf_slaves replicas=2 sentinels=2 quorum=2 epoch=1 down-after=1000 fo-timeout=5000");
    QTest::newRow("master stopped, odown, wait_promotion")
        << QStringLiteral("sentinel-master-odown.resp")
        << QByteArray("mymaster@127.0.0.1:46593 flags=s_down,o_down,master,failover_in_progress sdown=1 odown=1 "
                      "fs=wait_promotion replicas=2 sentinels=2 quorum=2 epoch=1 down-after=1000 fo-timeout=5000");
    QTest::newRow("odown, no good replica")
        << QStringLiteral("sentinel-master-odown-no-good-slave.resp")
        << QByteArray("mymaster@127.0.0.1:36895 flags=s_down,o_down,master sdown=1 odown=1 fs= replicas=2 sentinels=2 "
                      "quorum=2 epoch=2 down-after=1000 fo-timeout=5000");
    QTest::newRow("master killed, disconnected")
        << QStringLiteral("sentinel-master-killed-disconnected.resp")
        << QByteArray("mymaster@127.0.0.1:36895 flags=s_down,o_down,master,disconnected sdown=1 odown=1 fs= replicas=2 "
                      "sentinels=2 quorum=2 epoch=2 down-after=1000 fo-timeout=5000");
}

void TestSentinelReplies::master()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, expected);
    const RespValue reply = parsertest::readRespFixture(file);
    Parsed<SentinelMasterState> m = ops::parseSentinelMaster(reply);
    QVERIFY2(m.ok(), qPrintable(m ? QString() : m.error().toString()));
    QCOMPARE(summary(m.value()), expected);
    QCOMPARE(m.value().runId.size(), 40);
    QVERIFY(m.value().lastOkPingReplyMs >= 0);
    QCOMPARE(m.value().raw.size(), qsizetype(reply.size() / 2));
    QCOMPARE(m.value().raw.value("parallel-syncs"), QByteArray("1"));
    QCOMPARE(m.value().disconnected(), expected.contains("disconnected"));
    QCOMPARE(m.value().failoverInProgress(), !m.value().failoverState.isEmpty());
}

void TestSentinelReplies::masters_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("flags");
    QTest::newRow("steady") << QStringLiteral("sentinel-masters.resp") << QByteArray("master");
    QTest::newRow("master down") << QStringLiteral("sentinel-masters-odown.resp")
                                 << QByteArray("s_down,o_down,master,disconnected");
}

void TestSentinelReplies::masters()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, flags);
    Parsed<QList<SentinelMasterState>> list = ops::parseSentinelMasters(parsertest::readRespFixture(file));
    QVERIFY2(list.ok(), qPrintable(list ? QString() : list.error().toString()));
    QCOMPARE(list.value().size(), 1);
    QCOMPARE(list.value()[0].name, QByteArray("mymaster"));
    QCOMPARE(joinFlags(list.value()[0].flags), flags);
    // The element of MASTERS and the reply of MASTER have the same shape.
    QVERIFY(ops::parseSentinelMaster(parsertest::readRespFixture(file)[0]).ok());
}

void TestSentinelReplies::replicas_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("steady") << QStringLiteral("sentinel-replicas.resp")
                            << QByteArray("127.0.0.1:38639 127.0.0.1:38639 flags=slave link=ok down=0s master=127.0.0.1:36895 "
                                          "prio=100 off=5693 | 127.0.0.1:46593 127.0.0.1:46593 flags=slave link=ok down=0s "
                                          "master=127.0.0.1:36895 prio=100 off=5693");
    // The stopped ex-master: never seen as a replica, so master-host is "?" and master-port 0.
    QTest::newRow("one replica stopped")
        << QStringLiteral("sentinel-replicas-one-down.resp")
        << QByteArray("127.0.0.1:38639 127.0.0.1:38639 flags=slave link=ok down=0s master=127.0.0.1:36895 prio=100 "
                      "off=19190 | 127.0.0.1:46593 127.0.0.1:46593 flags=s_down,slave link=err down=0s master=?:0 "
                      "prio=100 off=0");
    // master-link-down-time is milliseconds on the wire.
    QTest::newRow("replication link broken")
        << QStringLiteral("sentinel-replicas-link-err.resp")
        << QByteArray("127.0.0.1:38639 127.0.0.1:38639 flags=slave link=err down=17s master=127.0.0.1:36895 prio=100 "
                      "off=25285 | 127.0.0.1:46593 127.0.0.1:46593 flags=slave link=ok down=0s master=127.0.0.1:36895 "
                      "prio=100 off=28113");
    QTest::newRow("replica-priority 0")
        << QStringLiteral("sentinel-replicas-priority0.resp")
        << QByteArray("127.0.0.1:38639 127.0.0.1:38639 flags=slave link=ok down=0s master=127.0.0.1:36895 prio=0 "
                      "off=38649 | 127.0.0.1:46593 127.0.0.1:46593 flags=slave link=ok down=0s master=127.0.0.1:36895 "
                      "prio=0 off=37965");
    QTest::newRow("master killed")
        << QStringLiteral("sentinel-replicas-master-killed.resp")
        << QByteArray("127.0.0.1:46593 127.0.0.1:46593 flags=slave link=err down=65s master=127.0.0.1:36895 prio=100 "
                      "off=74723 | 127.0.0.1:38639 127.0.0.1:38639 flags=slave link=err down=65s "
                      "master=127.0.0.1:36895 prio=100 off=74723");
}

void TestSentinelReplies::replicas()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, expected);
    Parsed<QList<SentinelReplicaState>> list = ops::parseSentinelReplicas(parsertest::readRespFixture(file));
    QVERIFY2(list.ok(), qPrintable(list ? QString() : list.error().toString()));
    QCOMPARE(summaries(list.value()), expected);
    for (const SentinelReplicaState &r : list.value()) {
        // A replica this Sentinel never reached (the stopped ex-master) has an empty run id.
        QCOMPARE(r.runId.size(), r.sdown() && r.masterHost == QLatin1String("?") ? 0 : 40);
        QCOMPARE(r.raw.value("replica-announced"), QByteArray("1"));
        QVERIFY(r.lastOkPingReplyMs >= 0);
        QVERIFY(!r.disconnected());
    }
}

void TestSentinelReplies::sentinels_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("steady") << QStringLiteral("sentinel-sentinels.resp")
                            << QByteArray("f21b3821 127.0.0.1:42799 flags=sentinel sdown=0 leader=?/0 | "
                                          "083c69ea 127.0.0.1:45205 flags=sentinel sdown=0 leader=?/0");
    QTest::newRow("peers stopped")
        << QStringLiteral("sentinel-sentinels-sdown.resp")
        << QByteArray("f21b3821 127.0.0.1:42799 flags=s_down,sentinel sdown=1 leader=?/0 | "
                      "083c69ea 127.0.0.1:45205 flags=s_down,sentinel sdown=1 leader=?/0");
}

void TestSentinelReplies::sentinels()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, expected);
    Parsed<QList<SentinelPeerState>> list = ops::parseSentinelSentinels(parsertest::readRespFixture(file));
    QVERIFY2(list.ok(), qPrintable(list ? QString() : list.error().toString()));
    QCOMPARE(summaries(list.value()), expected);
    for (const SentinelPeerState &p : list.value()) {
        QCOMPARE(p.runId, p.name); // Sentinels are named by run id
        QVERIFY(p.lastHelloMessageMs >= 0);
    }
}

void TestSentinelReplies::ckquorum_data()
{
    QTest::addColumn<RespValue>("reply");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<bool>("noQuorum");
    QTest::addColumn<int>("usable");
    QTest::addColumn<QString>("textStart");

    QTest::newRow("OK (fixture)") << parsertest::readRespFixture(QStringLiteral("sentinel-ckquorum-ok.resp")) << true << false << 3
                                  << QStringLiteral("OK 3 usable Sentinels. Quorum and failover authorization can be reached");
    QTest::newRow("NOQUORUM quorum 5 (fixture)") << parsertest::readRespFixture(QStringLiteral("sentinel-ckquorum-noquorum-quorum5.resp"))
                                                 << false << true << 3 << QStringLiteral("NOQUORUM 3 usable Sentinels.");
    QTest::newRow("NOQUORUM peers stopped (fixture)")
        << parsertest::readRespFixture(QStringLiteral("sentinel-ckquorum-noquorum-stopped.resp")) << false << true << 1
        << QStringLiteral("NOQUORUM 1 usable Sentinels. Not enough available Sentinels to reach the specified quorum");
    QTest::newRow("no such master (fixture)") << parsertest::readRespFixture(QStringLiteral("sentinel-ckquorum-nosuch.resp")) << false << false
                                              << -1 << QStringLiteral("ERR No such master with that name");
    QTest::newRow("bare OK") << RespValue::status("OK") << true << false << -1 << QStringLiteral("OK");
    QTest::newRow("OK without a number") << RespValue::status("OK many usable Sentinels") << true << false << -1
                                         << QStringLiteral("OK many");
    QTest::newRow("bulk string OK") << S("OK 5 usable Sentinels. Quorum and failover authorization can be reached")
                                    << true << false << 5 << QStringLiteral("OK 5");
    QTest::newRow("unexpected integer") << RespValue::integer(3) << false << false << -1
                                        << QStringLiteral("unexpected reply");
    QTest::newRow("unexpected array") << A({S("OK")}) << false << false << -1 << QStringLiteral("unexpected reply");
    QTest::newRow("nil") << RespValue::nil() << false << false << -1 << QStringLiteral("unexpected reply");
}

void TestSentinelReplies::ckquorum()
{
    QFETCH(RespValue, reply);
    QFETCH(bool, ok);
    QFETCH(bool, noQuorum);
    QFETCH(int, usable);
    QFETCH(QString, textStart);
    const CkQuorum q = ops::parseCkQuorum(resultOf(reply));
    QCOMPARE(q.ok, ok);
    QCOMPARE(q.noQuorum, noQuorum);
    QCOMPARE(q.usable, usable);
    QVERIFY2(q.text.startsWith(textStart), qPrintable(q.text));
}

void TestSentinelReplies::fieldPairs()
{
    Parsed<QList<QPair<QByteArray, QByteArray>>> p = ops::parseFieldPairs(parsertest::readRespFixture(QStringLiteral("sentinel-master.resp")));
    QVERIFY(p.ok());
    QCOMPARE(p.value().size(), 20);
    QCOMPARE(p.value().first(), (QPair<QByteArray, QByteArray>("name", "mymaster")));
    QCOMPARE(p.value().last(), (QPair<QByteArray, QByteArray>("parallel-syncs", "1")));
    QVERIFY(ops::parseFieldPairs(A({})).ok());
    QVERIFY(ops::parseFieldPairs(A({})).value().isEmpty());
    // Empty values are kept (runid before the first INFO).
    Parsed<QList<QPair<QByteArray, QByteArray>>> e = ops::parseFieldPairs(flat({"runid", ""}));
    QVERIFY(e.ok());
    QCOMPARE(e.value().first().second, QByteArray(""));
    // A timeout-style error result is reported as the operator would see it.
    const CkQuorum q = ops::parseCkQuorum(
        RedisResult(RedisError(RedisError::Kind::Timeout, ops::Endpoint{QStringLiteral("h"), 1}, QStringLiteral("5 s"))));
    QVERIFY(!q.ok && !q.noQuorum && q.usable == -1);
    QVERIFY2(q.text.contains(QStringLiteral("h:1")), qPrintable(q.text));
}

void TestSentinelReplies::malformed_data()
{
    QTest::addColumn<QString>("parser");
    QTest::addColumn<RespValue>("reply");
    QTest::addColumn<QString>("fragment");
    QTest::addColumn<int>("position");

    const auto with = [](const QByteArrayList &base, const QByteArray &field, const QByteArray &value) {
        QByteArrayList kv = base;
        const qsizetype i = kv.indexOf(field);
        if (i >= 0)
            kv[i + 1] = value;
        return flat(kv);
    };
    const RespValue master = flat(validMaster());
    QByteArrayList oddKv = validMaster();
    oddKv.removeLast();

    QTest::newRow("pairs: integer") << "pairs" << RespValue::integer(1) << "expected an array" << 0;
    QTest::newRow("pairs: nil") << "pairs" << RespValue::nil() << "expected an array" << 0;
    QTest::newRow("pairs: status") << "pairs" << RespValue::status("OK") << "expected an array" << 0;
    QTest::newRow("pairs: odd length") << "pairs" << flat({"name", "x", "ip"}) << "odd number of elements (3)" << 3;
    QTest::newRow("pairs: integer value") << "pairs" << A({S("port"), RespValue::integer(6379)})
                                          << "expected a string as value" << 2;
    QTest::newRow("pairs: nested array name") << "pairs" << A({A({}), S("x")}) << "expected a string as field name" << 1;
    QTest::newRow("pairs: nil value") << "pairs" << A({S("a"), S("b"), S("c"), RespValue::nil()})
                                      << "expected a string as value" << 4;
    QTest::newRow("pairs: empty field name") << "pairs" << flat({"a", "1", "", "2"}) << "empty field name" << 3;
    QTest::newRow("master: error reply") << "master" << RespValue::error("ERR No such master with that name")
                                         << "SENTINEL MASTER: the server replied with an error: ERR No such master" << 0;
    QTest::newRow("master: odd length") << "master" << flat(oddKv) << "SENTINEL MASTER: odd number of elements" << 25;
    QTest::newRow("master: port not a number") << "master" << with(validMaster(), "port", "63x79")
                                               << "field \"port\": expected a port number 0..65535, got \"63x79\"" << 6;
    QTest::newRow("master: port too big") << "master" << with(validMaster(), "port", "65536") << "field \"port\"" << 6;
    QTest::newRow("master: negative port") << "master" << with(validMaster(), "port", "-1") << "field \"port\"" << 6;
    QTest::newRow("master: quorum not a number") << "master" << with(validMaster(), "quorum", "two")
                                                 << "field \"quorum\": expected an integer, got \"two\"" << 22;
    QTest::newRow("master: quorum overflow int") << "master" << with(validMaster(), "quorum", "99999999999")
                                                 << "field \"quorum\"" << 22;
    QTest::newRow("master: negative config-epoch") << "master" << with(validMaster(), "config-epoch", "-3")
                                                   << "field \"config-epoch\": expected a non-negative integer" << 16;
    QTest::newRow("master: empty name") << "master" << with(validMaster(), "name", "") << "field \"name\" is empty" << 2;
    QTest::newRow("master: empty flags") << "master" << with(validMaster(), "flags", "") << "field \"flags\" is empty"
                                         << 10;
    QTest::newRow("master: bad optional last-ok-ping-reply")
        << "master" << with(validMaster(), "last-ok-ping-reply", "soon") << "field \"last-ok-ping-reply\"" << 12;
    QTest::newRow("master: a replica's fields") << "master" << flat(validReplica()) << "missing field \"num-slaves\""
                                                << 0;
    QTest::newRow("masters: not an array") << "masters" << S("mymaster") << "SENTINEL MASTERS: expected an array" << 0;
    QTest::newRow("masters: element is a string") << "masters" << A({master, S("x")})
                                                  << "SENTINEL MASTERS: instance 2: expected an array" << 0;
    QTest::newRow("masters: second bad") << "masters" << A({master, with(validMaster(), "num-slaves", "")})
                                         << "SENTINEL MASTERS: instance 2: field \"num-slaves\"" << 18;
    QTest::newRow("masters: error element") << "masters" << A({RespValue::error("ERR x")})
                                            << "instance 1: the server replied with an error" << 0;
    QTest::newRow("replicas: master-port garbage") << "replicas" << A({with(validReplica(), "master-port", "x")})
                                                   << "instance 1: field \"master-port\"" << 18;
    QTest::newRow("replicas: priority not a number") << "replicas" << A({with(validReplica(), "slave-priority", "high")})
                                                     << "field \"slave-priority\"" << 20;
    QTest::newRow("replicas: offset not a number") << "replicas" << A({with(validReplica(), "slave-repl-offset", "1.5")})
                                                   << "field \"slave-repl-offset\"" << 22;
    QTest::newRow("replicas: link down time garbage")
        << "replicas" << A({with(validReplica(), "master-link-down-time", "-")}) << "field \"master-link-down-time\""
        << 12;
    QTest::newRow("replicas: empty ip") << "replicas" << A({with(validReplica(), "ip", "")}) << "field \"ip\" is empty"
                                        << 4;
    QTest::newRow("replicas: error reply") << "replicas" << RespValue::error("ERR No such master with that name")
                                           << "SENTINEL REPLICAS: the server replied with an error" << 0;
    QTest::newRow("replicas: nil") << "replicas" << RespValue::nil() << "SENTINEL REPLICAS: expected an array, got nil"
                                   << 0;
    QTest::newRow("sentinels: epoch garbage") << "sentinels" << A({with(validPeer(), "voted-leader-epoch", "e")})
                                              << "field \"voted-leader-epoch\"" << 16;
    QTest::newRow("sentinels: hello garbage") << "sentinels" << A({with(validPeer(), "last-hello-message", "")})
                                              << "field \"last-hello-message\"" << 12;
    QTest::newRow("sentinels: port 1e5") << "sentinels" << A({with(validPeer(), "port", "100000")}) << "field \"port\""
                                         << 6;
}

void TestSentinelReplies::malformed()
{
    QFETCH(QString, parser);
    QFETCH(RespValue, reply);
    QFETCH(QString, fragment);
    QFETCH(int, position);
    const std::optional<ParseError> e = parserNamed(parser)(reply);
    QVERIFY2(e.has_value(), "parsed without error");
    QVERIFY2(e->what.contains(fragment), qPrintable(e->toString()));
    QCOMPARE(e->position, position);
    QCOMPARE(e->line, 0);
}

void TestSentinelReplies::missingRequiredField_data()
{
    QTest::addColumn<QString>("parser");
    QTest::addColumn<QByteArray>("field");
    for (const char *f : {"name", "ip", "port", "flags", "num-slaves", "num-other-sentinels", "quorum", "config-epoch",
                          "down-after-milliseconds", "failover-timeout"})
        QTest::addRow("master without %s", f) << QStringLiteral("master") << QByteArray(f);
    for (const char *f : {"name", "ip", "port", "flags", "master-link-status", "master-link-down-time", "master-host",
                          "master-port", "slave-priority", "slave-repl-offset"})
        QTest::addRow("replica without %s", f) << QStringLiteral("replicas") << QByteArray(f);
    for (const char *f : {"name", "ip", "port", "flags", "last-hello-message", "voted-leader", "voted-leader-epoch"})
        QTest::addRow("sentinel without %s", f) << QStringLiteral("sentinels") << QByteArray(f);
}

void TestSentinelReplies::missingRequiredField()
{
    QFETCH(QString, parser);
    QFETCH(QByteArray, field);
    QByteArrayList kv = parser == QLatin1String("master") ? validMaster()
        : parser == QLatin1String("replicas")             ? validReplica()
                                                          : validPeer();
    const RespValue complete = parser == QLatin1String("master") ? flat(kv) : A({flat(kv)});
    QVERIFY(!parserNamed(parser)(complete).has_value());
    const qsizetype i = kv.indexOf(field);
    QVERIFY(i >= 0 && i % 2 == 0);
    kv.remove(i, 2);
    const RespValue reply = parser == QLatin1String("master") ? flat(kv) : A({flat(kv)});
    const std::optional<ParseError> e = parserNamed(parser)(reply);
    QVERIFY(e.has_value());
    QVERIFY2(e->what.contains(QStringLiteral("missing field \"%1\"").arg(QString::fromLatin1(field))),
             qPrintable(e->toString()));
}

void TestSentinelReplies::garbledNumericField_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("parser");
    QTest::addColumn<QByteArray>("field");
    const QList<QPair<QString, QString>> files = {{QStringLiteral("sentinel-master.resp"), QStringLiteral("master")},
                                                  {QStringLiteral("sentinel-replicas.resp"), QStringLiteral("replicas")},
                                                  {QStringLiteral("sentinel-sentinels.resp"), QStringLiteral("sentinels")}};
    for (const auto &[file, parser] : files) {
        const RespValue v = parsertest::readRespFixture(file);
        const RespValue &one = parser == QLatin1String("master") ? v : v[0];
        for (std::size_t i = 0; i + 1 < one.size(); i += 2) {
            bool numeric = false;
            one[i + 1].bytes().toLongLong(&numeric);
            if (numeric)
                QTest::addRow("%s %s", qPrintable(parser), one[i].bytes().constData()) << file << parser << one[i].bytes();
        }
    }
}

void TestSentinelReplies::garbledNumericField()
{
    // Every numeric field of a real reply we read must be rejected when garbled; the others must
    // stay readable (they are kept verbatim in raw).
    static const QHash<QString, QList<QByteArray>> readBy = {
        {QStringLiteral("master"),
         {"port", "num-slaves", "num-other-sentinels", "quorum", "config-epoch", "down-after-milliseconds",
          "failover-timeout", "last-ok-ping-reply"}},
        {QStringLiteral("replicas"),
         {"port", "last-ok-ping-reply", "master-link-down-time", "master-port", "slave-priority", "slave-repl-offset"}},
        {QStringLiteral("sentinels"), {"port", "last-hello-message", "voted-leader-epoch"}},
    };
    QFETCH(QString, file);
    QFETCH(QString, parser);
    QFETCH(QByteArray, field);
    const RespValue v = parsertest::readRespFixture(file);
    const RespValue &one = parser == QLatin1String("master") ? v : v[0];
    QByteArrayList kv;
    for (std::size_t i = 0; i < one.size(); ++i)
        kv << one[i].bytes();
    const qsizetype at = kv.indexOf(field);
    kv[at + 1] = kv[at + 1] + "x";
    const RespValue reply = parser == QLatin1String("master") ? flat(kv) : A({flat(kv)});
    const std::optional<ParseError> e = parserNamed(parser)(reply);
    if (readBy.value(parser).contains(field)) {
        QVERIFY2(e.has_value(), "garbled numeric field accepted");
        QVERIFY2(e->what.contains(QString::fromLatin1(field)), qPrintable(e->toString()));
        QCOMPARE(e->position, int(at + 2));
    } else {
        QVERIFY2(!e.has_value(), qPrintable(e ? e->toString() : QString()));
    }
}

void TestSentinelReplies::everyFixtureElementDropped_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("parser");
    QTest::newRow("master") << QStringLiteral("sentinel-master-odown.resp") << QStringLiteral("master");
    QTest::newRow("masters") << QStringLiteral("sentinel-masters.resp") << QStringLiteral("masters");
    QTest::newRow("replicas") << QStringLiteral("sentinel-replicas-one-down.resp") << QStringLiteral("replicas");
    QTest::newRow("sentinels") << QStringLiteral("sentinel-sentinels-sdown.resp") << QStringLiteral("sentinels");
}

void TestSentinelReplies::everyFixtureElementDropped()
{
    // Dropping any single element of the first instance makes the array odd: always an error.
    QFETCH(QString, file);
    QFETCH(QString, parser);
    const RespValue v = parsertest::readRespFixture(file);
    const bool nested = parser != QLatin1String("master");
    const RespValue &one = nested ? v[0] : v;
    for (std::size_t drop = 0; drop < one.size(); ++drop) {
        Values elements;
        for (std::size_t i = 0; i < one.size(); ++i) {
            if (i != drop)
                elements.push_back(one[i]);
        }
        Values outer = nested ? v.elements() : Values{};
        RespValue mutated = A(std::move(elements));
        if (nested)
            outer[0] = mutated;
        const std::optional<ParseError> e = parserNamed(parser)(nested ? A(std::move(outer)) : mutated);
        QVERIFY2(e.has_value(), qPrintable(QStringLiteral("dropping element %1 went unnoticed").arg(drop + 1)));
        QVERIFY2(e->what.contains(QStringLiteral("odd number")), qPrintable(e->toString()));
    }
}

QTEST_APPLESS_MAIN(TestSentinelReplies)
#include "tst_sentinelreplies.moc"
