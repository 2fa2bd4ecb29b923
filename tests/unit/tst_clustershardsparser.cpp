// Unit tests of parseClusterShards: real Redis 7.0 CLUSTER SHARDS replies (raw RESP captures in
// tests/fixtures/redis-7.0), forward-compatible variants and a malformed table of reply trees.
#include "ParserTestHelpers.h"
#include "discovery/ClusterShardsParser.h"
#include "resp/RespReader.h"

#include <QFile>
#include <limits>
#include <QtTest>

using ops::ClusterShard;
using ops::ClusterShardNode;
using ops::RespValue;

using namespace parsertest;

namespace {


const QByteArray kId = QByteArrayLiteral("e9a8b5bb384e8ab0909ba62a66a346d2f66da868");

/** A node map like 7.0 sends, with @p extra pairs appended and keys in @p drop removed. */
RespValue node(Elements extra = {}, const QList<QByteArray> &drop = {})
{
    const Elements base{S("id"), S(kId), S("port"), I(7000), S("ip"), S("127.0.0.1"), S("endpoint"), S("127.0.0.1"),
                        S("role"), S("master"), S("replication-offset"), I(42), S("health"), S("online")};
    Elements e;
    for (std::size_t i = 0; i < base.size(); i += 2) {
        if (drop.contains(base[i].bytes()))
            continue;
        e.push_back(base[i]);
        e.push_back(base[i + 1]);
    }
    for (RespValue &v : extra)
        e.push_back(std::move(v));
    return A(std::move(e));
}

RespValue shard(RespValue slotList, RespValue nodes) { return A({S("slots"), std::move(slotList), S("nodes"), std::move(nodes)}); }
RespValue reply(RespValue oneShard) { return A({std::move(oneShard)}); }
RespValue goodShard() { return shard(A({I(0), I(16383)}), A({node()})); }

QString ranges(const ops::SlotRanges &r)
{
    QStringList out;
    for (const ops::SlotRange &s : r)
        out << QStringLiteral("%1-%2").arg(s.first).arg(s.last);
    return out.join(QLatin1Char(','));
}

} // namespace

Q_DECLARE_METATYPE(ops::RespValue)

class TestClusterShardsParser : public QObject
{
    Q_OBJECT

private slots:
    void fixtures_data();
    void fixtures();
    void hostnameFixture();
    void freshNodeFixture();
    void tolerated_data();
    void tolerated();
    void malformed_data();
    void malformed();
};

void TestClusterShardsParser::fixtures_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("shards");
    QTest::addColumn<int>("nodes");
    QTest::addColumn<int>("masters");
    QTest::addColumn<int>("slotSum");
    // "idprefix|ranges of its shard|role|health" for specific nodes
    QTest::addColumn<QStringList>("facts");

    auto L = [](std::initializer_list<const char *> items) {
        QStringList out;
        for (const char *i : items)
            out << QString::fromUtf8(i);
        return out;
    };
    QTest::newRow("3x1") << "cluster-shards.resp" << 3 << 6 << 3 << 16384
                         << L({"e9a8b5bb|0-5460|master|online", "80f4a505|0-5460|replica|online",
                               "3cc448c9|10922-16383|master|online", "d632b785|10922-16383|replica|online"});
    QTest::newRow("during a migration (no trace of it)")
        << "cluster-shards-migrating.resp" << 3 << 6 << 3 << 16384
        << L({"e9a8b5bb|0-5460|master|online", "74804da9|5461-10921|master|online"});
    QTest::newRow("after failover: failed old master alone, health fail")
        << "cluster-shards-failed-node.resp" << 4 << 6 << 4 << 16384
        << L({"3cc448c9||master|fail", "d632b785|10922-16383|master|online"});
    QTest::newRow("two masters fail?: health stays online")
        << "cluster-shards-pfail.resp" << 3 << 6 << 3 << 16384
        << L({"e9a8b5bb|0-5460|master|online", "74804da9|5461-10921|master|online"});
    QTest::newRow("empty master: shard without slots")
        << "cluster-shards-empty-master.resp" << 4 << 7 << 4 << 16384 << L({"8e0e7258||master|online"});
    QTest::newRow("fresh node") << "cluster-shards-fresh-node.resp" << 1 << 1 << 1 << 0
                                << L({"8e0e7258||master|online"});
    QTest::newRow("hostnames") << "cluster-shards-hostname.resp" << 4 << 7 << 4 << 16384
                               << L({"e9a8b5bb|0-5460|master|online"});
}

void TestClusterShardsParser::fixtures()
{
    QFETCH(QString, file);
    QFETCH(int, shards);
    QFETCH(int, nodes);
    QFETCH(int, masters);
    QFETCH(int, slotSum);
    QFETCH(QStringList, facts);

    auto parsed = ops::parseClusterShards(readRespFixture(file));
    QVERIFY2(parsed.ok(), why(parsed).constData());
    const QList<ClusterShard> &list = parsed.value();
    QCOMPARE(int(list.size()), shards);
    int n = 0, m = 0, sum = 0;
    for (const ClusterShard &s : list) {
        for (const ops::SlotRange &r : s.slotRanges)
            sum += r.count();
        for (const ClusterShardNode &node : s.nodes) {
            ++n;
            m += node.isMaster;
            QCOMPARE(node.id.size(), 40);
            QVERIFY(node.port > 0);
            QCOMPARE(node.tlsPort, quint16(0));
            QVERIFY(node.replicationOffset >= 0);
            QCOMPARE(node.ip, node.endpoint);
        }
    }
    QCOMPARE(n, nodes);
    QCOMPARE(m, masters);
    QCOMPARE(sum, slotSum);
    for (const QString &fact : std::as_const(facts)) {
        const QStringList parts = fact.split(QLatin1Char('|'));
        bool found = false;
        for (const ClusterShard &s : list) {
            for (const ClusterShardNode &node : s.nodes) {
                if (!node.id.startsWith(parts[0].toLatin1()))
                    continue;
                found = true;
                QCOMPARE(ranges(s.slotRanges), parts[1]);
                QCOMPARE(node.isMaster ? QStringLiteral("master") : QStringLiteral("replica"), parts[2]);
                QCOMPARE(QString::fromLatin1(node.health), parts[3]);
            }
        }
        QVERIFY2(found, qPrintable(fact));
    }
}

void TestClusterShardsParser::hostnameFixture()
{
    auto parsed = ops::parseClusterShards(readRespFixture(QStringLiteral("cluster-shards-hostname.resp")));
    QVERIFY2(parsed.ok(), why(parsed).constData());
    QHash<QByteArray, QString> hostnames;
    for (const ClusterShard &s : parsed.value())
        for (const ClusterShardNode &node : s.nodes)
            if (!node.hostname.isEmpty())
                hostnames.insert(node.id.left(8), node.hostname);
    QCOMPARE(hostnames.size(), 2);
    QCOMPARE(hostnames.value("e9a8b5bb"), QStringLiteral("node-a.example"));
    QCOMPARE(hostnames.value("74804da9"), QStringLiteral("node-b.example"));
}

// A node that was never MEETed does not know its own ip: ip and endpoint are empty strings.
void TestClusterShardsParser::freshNodeFixture()
{
    auto parsed = ops::parseClusterShards(readRespFixture(QStringLiteral("cluster-shards-fresh-node.resp")));
    QVERIFY2(parsed.ok(), why(parsed).constData());
    const ClusterShardNode &n = parsed.value().constFirst().nodes.constFirst();
    QVERIFY(n.ip.isEmpty());
    QVERIFY(n.endpoint.isEmpty());
    QCOMPARE(n.port, quint16(50749));
    QVERIFY(parsed.value().constFirst().slotRanges.isEmpty());
}

void TestClusterShardsParser::tolerated_data()
{
    QTest::addColumn<RespValue>("reply");
    QTest::addColumn<QString>("slotRanges");
    QTest::addColumn<int>("port");
    QTest::addColumn<int>("tlsPort");
    QTest::addColumn<QString>("hostname");

    QTest::newRow("minimal") << reply(goodShard()) << "0-16383" << 7000 << 0 << QString();
    QTest::newRow("no shards") << A({}) << QString() << -1 << 0 << QString();
    QTest::newRow("tls-port and hostname")
        << reply(shard(A({I(0), I(16383)}), A({node({S("tls-port"), I(7443), S("hostname"), S("h.example")})})))
        << "0-16383" << 7000 << 7443 << "h.example";
    QTest::newRow("TLS only: no port key") << reply(shard(A({I(0), I(16383)}), A({node({S("tls-port"), I(7443)}, {"port"})})))
                                           << "0-16383" << 0 << 7443 << QString();
    QTest::newRow("unknown node keys of every type")
        << reply(shard(A({I(0), I(16383)}),
                       A({node({S("future-int"), I(1), S("future-array"), A({S("x"), A({})}), S("future-nil"),
                                RespValue::nil(), S("future-string"), S("y")})})))
        << "0-16383" << 7000 << 0 << QString();
    QTest::newRow("unknown shard keys")
        << reply(A({S("id"), S("shard-id-of-7.2"), S("slots"), A({I(0), I(16383)}), S("nodes"), A({node()}),
                    S("extra"), A({I(1), I(2)})}))
        << "0-16383" << 7000 << 0 << QString();
    QTest::newRow("several ranges") << reply(shard(A({I(0), I(10), I(12), I(12), I(100), I(16383)}), A({node()})))
                                    << "0-10,12-12,100-16383" << 7000 << 0 << QString();
    QTest::newRow("role spelled slave") << reply(shard(A({}), A({node({S("role"), S("slave")}, {"role"})})))
                                        << QString() << 7000 << 0 << QString();
    QTest::newRow("status strings as keys")
        << reply(A({RespValue::status("slots"), A({}), RespValue::status("nodes"), A({node()})})) << QString() << 7000
        << 0 << QString();
}

void TestClusterShardsParser::tolerated()
{
    QFETCH(RespValue, reply);
    QFETCH(QString, slotRanges);
    QFETCH(int, port);
    QFETCH(int, tlsPort);
    QFETCH(QString, hostname);
    auto parsed = ops::parseClusterShards(reply);
    QVERIFY2(parsed.ok(), why(parsed).constData());
    if (port < 0) {
        QVERIFY(parsed.value().isEmpty());
        return;
    }
    const ClusterShard &s = parsed.value().constFirst();
    QCOMPARE(ranges(s.slotRanges), slotRanges);
    QCOMPARE(int(s.nodes.constFirst().port), port);
    QCOMPARE(int(s.nodes.constFirst().tlsPort), tlsPort);
    QCOMPARE(s.nodes.constFirst().hostname, hostname);
    QCOMPARE(s.nodes.constFirst().id, kId);
}

void TestClusterShardsParser::malformed_data()
{
    QTest::addColumn<RespValue>("reply");
    QTest::addColumn<int>("element");
    QTest::addColumn<QString>("mentions");

    const RespValue slots0 = A({I(0), I(16383)});
    const RespValue nodes1 = A({node()});
    auto withNode = [&](RespValue n) { return reply(shard(slots0, A({std::move(n)}))); };

    QTest::newRow("nil") << RespValue::nil() << 0 << "expected an array of shards, got nil";
    QTest::newRow("error reply") << RespValue::error("ERR unknown command 'CLUSTER SHARDS'") << 0 << "unknown command";
    QTest::newRow("integer") << I(3) << 0 << "got integer";
    QTest::newRow("shard is a string") << A({S("slots")}) << 1 << "shard 1: shard is string";
    QTest::newRow("shard map odd length") << A({A({S("slots"), A({}), S("nodes")})}) << 1 << "odd number of elements (3)";
    QTest::newRow("shard key is integer") << A({A({I(1), A({}), S("nodes"), nodes1})}) << 1 << "key at element 1";
    QTest::newRow("second shard broken") << A({goodShard(), A({S("slots")})}) << 2 << "shard 2:";
    QTest::newRow("missing slots") << A({A({S("nodes"), nodes1})}) << 1 << "missing \"slots\"";
    QTest::newRow("missing nodes") << A({A({S("slots"), slots0})}) << 1 << "missing \"nodes\"";
    QTest::newRow("slots is a string") << reply(shard(S("0-16383"), nodes1)) << 1 << "\"slots\" is string";
    QTest::newRow("slots odd") << reply(shard(A({I(0), I(1), I(2)}), nodes1)) << 1 << "odd number of elements (3)";
    QTest::newRow("slot as bulk string") << reply(shard(A({S("0"), S("16383")}), nodes1)) << 1 << "not two integers";
    QTest::newRow("slot 16384") << reply(shard(A({I(0), I(16384)}), nodes1)) << 1 << "(0-16384)";
    QTest::newRow("negative slot") << reply(shard(A({I(-1), I(5)}), nodes1)) << 1 << "(-1-5)";
    QTest::newRow("range backwards") << reply(shard(A({I(10), I(5)}), nodes1)) << 1 << "(10-5)";
    QTest::newRow("huge slot") << reply(shard(A({I(0), I(std::numeric_limits<qint64>::max())}), nodes1)) << 1
                               << "not a range";
    QTest::newRow("nodes is integer") << reply(shard(slots0, I(1))) << 1 << "\"nodes\" is integer";
    QTest::newRow("node is a string") << withNode(S("id")) << 1 << "shard 1, node 1: node is string";
    QTest::newRow("node map odd") << withNode(A({S("id"), S(kId), S("port")})) << 1 << "odd number of elements (3)";
    QTest::newRow("node key nil") << withNode(A({RespValue::nil(), S("x")})) << 1 << "key at element 1 is nil";
    QTest::newRow("missing id") << withNode(node({}, {"id"})) << 1 << "missing \"id\"";
    QTest::newRow("missing role") << withNode(node({}, {"role"})) << 1 << "missing \"role\"";
    QTest::newRow("id is integer") << withNode(node({S("id"), I(5)}, {"id"})) << 1 << "\"id\" is integer";
    QTest::newRow("id too short") << withNode(node({S("id"), S("abc")}, {"id"})) << 1 << "40 hex";
    QTest::newRow("id with binary") << withNode(node({S("id"), S(QByteArray(40, '\0'))}, {"id"})) << 1 << "40 hex";
    QTest::newRow("port as string") << withNode(node({S("port"), S("7000")}, {"port"})) << 1 << "\"port\" is not";
    QTest::newRow("port 65536") << withNode(node({S("port"), I(65536)}, {"port"})) << 1 << "0..65535";
    QTest::newRow("negative port") << withNode(node({S("port"), I(-1)}, {"port"})) << 1 << "\"port\"";
    QTest::newRow("tls-port nil") << withNode(node({S("tls-port"), RespValue::nil()})) << 1 << "\"tls-port\"";
    QTest::newRow("ip is array") << withNode(node({S("ip"), A({})}, {"ip"})) << 1 << "\"ip\" is array";
    QTest::newRow("endpoint is integer") << withNode(node({S("endpoint"), I(1)}, {"endpoint"})) << 1
                                         << "\"endpoint\" is integer";
    QTest::newRow("hostname is nil") << withNode(node({S("hostname"), RespValue::nil()})) << 1 << "\"hostname\" is nil";
    QTest::newRow("markup as hostname") << withNode(node({S("hostname"), S("<b>db</b>")})) << 1
                                        << "\"hostname\" is not an IP address or a host name";
    QTest::newRow("CR LF in endpoint") << withNode(node({S("endpoint"), S("db\r\nfake")}, {"endpoint"})) << 1
                                       << "\"endpoint\" is not an IP address";
    QTest::newRow("bidi in ip") << withNode(node({S("ip"), S("10.0.0.1\xe2\x80\xae")}, {"ip"})) << 1 << "\"ip\" is not";
    QTest::newRow("unknown role") << withNode(node({S("role"), S("leader")}, {"role"})) << 1 << "\"leader\"";
    QTest::newRow("role is integer") << withNode(node({S("role"), I(1)}, {"role"})) << 1 << "\"role\" is integer";
    QTest::newRow("offset as string") << withNode(node({S("replication-offset"), S("42")}, {"replication-offset"}))
                                      << 1 << "\"replication-offset\" is string";
    QTest::newRow("health is integer") << withNode(node({S("health"), I(0)}, {"health"})) << 1
                                       << "\"health\" is integer";
    QTest::newRow("second node broken") << reply(shard(slots0, A({node(), node({}, {"id"})}))) << 1
                                        << "shard 1, node 2: missing";
}

void TestClusterShardsParser::malformed()
{
    QFETCH(RespValue, reply);
    QFETCH(int, element);
    QFETCH(QString, mentions);
    auto parsed = ops::parseClusterShards(reply);
    QVERIFY(!parsed.ok());
    const ops::ParseError &e = parsed.error();
    QVERIFY2(e.what.startsWith(QLatin1String("CLUSTER SHARDS: ")), qPrintable(e.what));
    QVERIFY2(e.what.contains(mentions), qPrintable(e.what));
    QCOMPARE(e.line, 0);
    QCOMPARE(e.position, element);
}

QTEST_APPLESS_MAIN(TestClusterShardsParser)
#include "tst_clustershardsparser.moc"
