// Unit tests of parseClusterNodes: real Redis 7.0 CLUSTER NODES captures (tests/fixtures/redis-7.0),
// synthetic rows for every flag and slot-token shape, tolerated variants, a malformed table and a
// round trip over the synthetic cluster generator.
#include "ParserTestHelpers.h"
#include "discovery/ClusterNodesParser.h"

#include "SyntheticCluster.h"

#include <QDir>
#include <QFile>
#include <QtTest>

using ops::ClusterNodeLine;
using ops::parseClusterNodes;

using namespace parsertest;

namespace {

const QByteArray kIdA = QByteArrayLiteral("e9a8b5bb384e8ab0909ba62a66a346d2f66da868");
const QByteArray kIdB = QByteArrayLiteral("74804da94ebd32c3d2a9142f5839d07aea940d54");

/** The error text for an assertion message; Parsed::error() must not be called on success. */
QByteArray readFixture(const QString &name)
{
    QFile f(QStringLiteral(OPS_FIXTURE_DIR "/") + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open fixture %s", qPrintable(f.fileName()));
    return f.readAll();
}

/** Flags in a canonical order, e.g. "myself,slave,nofailover". */
QString flagString(const ClusterNodeLine &n)
{
    static const std::pair<ClusterNodeLine::Flag, const char *> names[] = {
        {ClusterNodeLine::Myself, "myself"},       {ClusterNodeLine::Master, "master"},
        {ClusterNodeLine::Replica, "slave"},       {ClusterNodeLine::PFail, "fail?"},
        {ClusterNodeLine::Fail, "fail"},           {ClusterNodeLine::Handshake, "handshake"},
        {ClusterNodeLine::NoAddr, "noaddr"},       {ClusterNodeLine::NoFailover, "nofailover"},
        {ClusterNodeLine::NoFlags, "noflags"},
    };
    QStringList out;
    for (const auto &[flag, name] : names)
        if (n.has(flag))
            out << QLatin1String(name);
    return out.join(QLatin1Char(','));
}

/** Ranges as "a-b" (always both ends, so {5,5} shows as "5-5"), comma-joined. */
QString rangeString(const ops::SlotRanges &ranges)
{
    QStringList out;
    for (const ops::SlotRange &r : ranges)
        out << QStringLiteral("%1-%2").arg(r.first).arg(r.last);
    return out.join(QLatin1Char(','));
}

QStringList transferStrings(const QList<ops::SlotTransfer> &list)
{
    QStringList out;
    for (const ops::SlotTransfer &t : list)
        out << QStringLiteral("%1:%2").arg(t.slot).arg(QString::fromLatin1(t.peerId.left(8)));
    return out;
}

QStringList L(std::initializer_list<const char *> items)
{
    QStringList out;
    for (const char *i : items)
        out << QString::fromUtf8(i);
    return out;
}

const ClusterNodeLine *byPrefix(const QList<ClusterNodeLine> &nodes, const QByteArray &prefix)
{
    for (const ClusterNodeLine &n : nodes)
        if (n.id.startsWith(prefix))
            return &n;
    return nullptr;
}

QByteArray nodeLine(const QByteArray &flags, const QByteArray &slotTokens = {}, const QByteArray &address = "127.0.0.1:7000@17000")
{
    QByteArray l = kIdA + ' ' + address + ' ' + flags + " - 0 1700000000000 1 connected";
    if (!slotTokens.isEmpty())
        l += ' ' + slotTokens;
    return l + '\n';
}

} // namespace

class TestClusterNodesParser : public QObject
{
    Q_OBJECT

private slots:
    void fixtures_data();
    void fixtures();
    void everyFixtureIsConsistent_data();
    void everyFixtureIsConsistent();
    void failedNodeTimes();
    void flags_data();
    void flags();
    void slotTokens_data();
    void slotTokens();
    void tolerated_data();
    void tolerated();
    void malformed_data();
    void malformed();
    void syntheticRoundTrip_data();
    void syntheticRoundTrip();
    void truncatedAtEveryByte();
    void randomMutations();
};

void TestClusterNodesParser::fixtures_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("nodes");
    QTest::addColumn<int>("masters");
    QTest::addColumn<int>("replicas");
    QTest::addColumn<int>("slotSum");
    QTest::addColumn<QByteArray>("myself");
    // "idprefix|flags|slots|link" for specific nodes
    QTest::addColumn<QStringList>("facts");
    // "idprefix>slot:peerprefix" (migrating) and "idprefix<slot:peerprefix" (importing)
    QTest::addColumn<QStringList>("transfers");
    // "idprefix=host:port@bus,hostname" for specific nodes
    QTest::addColumn<QStringList>("addresses");

    QTest::newRow("3x1 seen by a master")
        << "cluster-nodes-master.txt" << 6 << 3 << 3 << 16384 << QByteArray("e9a8b5bb")
        << L({"e9a8b5bb|myself,master|0-5460|connected", "74804da9|master|5461-10921|connected",
                       "3cc448c9|master|10922-16383|connected", "c6a4a12c|slave||connected",
                       "80f4a505|slave||connected"})
        << L({}) << L({"e9a8b5bb=127.0.0.1:44755@41221,", "c6a4a12c=127.0.0.1:44669@39887,"});
    QTest::newRow("3x1 seen by a replica")
        << "cluster-nodes-replica.txt" << 6 << 3 << 3 << 16384 << QByteArray("80f4a505")
        << L({"80f4a505|myself,slave||connected", "e9a8b5bb|master|0-5460|connected"})
        << L({}) << L({"80f4a505=127.0.0.1:40989@39405,"});
    QTest::newRow("migration, source side")
        << "cluster-nodes-migrating-source.txt" << 6 << 3 << 3 << 16384 << QByteArray("e9a8b5bb")
        << L({"e9a8b5bb|myself,master|0-5460|connected", "74804da9|master|5461-10921|connected"})
        << L({"e9a8b5bb>100:74804da9", "e9a8b5bb<5461:74804da9"}) << L({});
    QTest::newRow("migration, target side")
        << "cluster-nodes-migrating-target.txt" << 6 << 3 << 3 << 16384 << QByteArray("74804da9")
        << L({"74804da9|myself,master|5461-10921|connected"})
        << L({"74804da9<100:e9a8b5bb", "74804da9>5461:e9a8b5bb"}) << L({});
    QTest::newRow("two masters stopped: fail? (no majority)")
        << "cluster-nodes-pfail.txt" << 6 << 3 << 3 << 16384 << QByteArray("d632b785")
        << L({"74804da9|master,fail?|5461-10921|connected", "e9a8b5bb|master,fail?|0-5460|connected",
                       "d632b785|myself,master|10922-16383|connected", "3cc448c9|slave||connected"})
        << L({}) << L({});
    QTest::newRow("master stopped: fail")
        << "cluster-nodes-fail.txt" << 6 << 3 << 3 << 16384 << QByteArray("e9a8b5bb")
        << L({"3cc448c9|master,fail|10922-16383|connected", "d632b785|slave||connected"})
        << L({}) << L({});
    QTest::newRow("master stopped: fail, seen by a replica")
        << "cluster-nodes-fail-replica-view.txt" << 6 << 3 << 3 << 16384 << QByteArray("80f4a505")
        << L({"3cc448c9|master,fail|10922-16383|connected", "80f4a505|myself,slave||connected"})
        << L({}) << L({});
    QTest::newRow("after the failover")
        << "cluster-nodes-failover-done.txt" << 6 << 4 << 2 << 16384 << QByteArray("e9a8b5bb")
        << L({"3cc448c9|master,fail||connected", "d632b785|master|10922-16383|connected"})
        << L({}) << L({});
    QTest::newRow("MEET: handshake")
        << "cluster-nodes-handshake.txt" << 7 << 3 << 3 << 16384 << QByteArray("e9a8b5bb")
        << L({"9a6e7e52|handshake||disconnected"}) << L({})
        << L({"9a6e7e52=127.0.0.1:50749@60749,"});
    QTest::newRow("MEET done: empty master")
        << "cluster-nodes-empty-master.txt" << 7 << 4 << 3 << 16384 << QByteArray("e9a8b5bb")
        << L({"8e0e7258|master||connected"}) << L({}) << L({});
    QTest::newRow("fresh node before MEET: no ip")
        << "cluster-nodes-fresh-node.txt" << 1 << 1 << 0 << 0 << QByteArray("8e0e7258")
        << L({"8e0e7258|myself,master||connected"}) << L({})
        << L({"8e0e7258=:50749@60749,"});
    QTest::newRow("announced hostnames")
        << "cluster-nodes-hostname.txt" << 7 << 4 << 3 << 16384 << QByteArray("e9a8b5bb")
        << L({"e9a8b5bb|myself,master|0-5460|connected"}) << L({})
        << L({"e9a8b5bb=127.0.0.1:44755@41221,node-a.example",
                       "74804da9=127.0.0.1:36625@36529,node-b.example", "d632b785=127.0.0.1:37919@44259,"});
    QTest::newRow("announced hostnames, peer view")
        << "cluster-nodes-hostname-peer-view.txt" << 7 << 4 << 3 << 16384 << QByteArray("d632b785")
        << L({}) << L({})
        << L({"e9a8b5bb=127.0.0.1:44755@41221,node-a.example",
                       "74804da9=127.0.0.1:36625@36529,node-b.example"});
    QTest::newRow("replica with nofailover")
        << "cluster-nodes-nofailover.txt" << 7 << 4 << 3 << 16384 << QByteArray("e9a8b5bb")
        << L({"80f4a505|slave,nofailover||connected"}) << L({})
        << L({"e9a8b5bb=127.0.0.1:44755@41221,node-a.example", "74804da9=127.0.0.1:36625@36529,node-b.example"});
    QTest::newRow("replica with nofailover, itself")
        << "cluster-nodes-nofailover-myself.txt" << 7 << 4 << 3 << 16384 << QByteArray("80f4a505")
        << L({"80f4a505|myself,slave,nofailover||connected"}) << L({})
        << L({"e9a8b5bb=127.0.0.1:44755@41221,node-a.example", "74804da9=127.0.0.1:36625@36529,node-b.example"});
}

void TestClusterNodesParser::fixtures()
{
    QFETCH(QString, file);
    QFETCH(int, nodes);
    QFETCH(int, masters);
    QFETCH(int, replicas);
    QFETCH(int, slotSum);
    QFETCH(QByteArray, myself);
    QFETCH(QStringList, facts);
    QFETCH(QStringList, transfers);
    QFETCH(QStringList, addresses);

    auto parsed = parseClusterNodes(readFixture(file));
    QVERIFY2(parsed.ok(), why(parsed).constData());
    const QList<ClusterNodeLine> &list = parsed.value();
    QCOMPARE(int(list.size()), nodes);

    int m = 0, r = 0, sum = 0, myselfCount = 0, hostnames = 0;
    QStringList allTransfers;
    for (const ClusterNodeLine &n : list) {
        m += n.isMaster();
        r += n.isReplica();
        sum += n.slotCount();
        hostnames += !n.hostname.isEmpty();
        QVERIFY2(n.unknownFlags.isEmpty(), n.id.constData());
        if (n.has(ClusterNodeLine::Myself)) {
            ++myselfCount;
            QVERIFY(n.id.startsWith(myself));
        }
        for (const QString &t : transferStrings(n.migrating))
            allTransfers << QString::fromLatin1(n.id.left(8)) + QLatin1Char('>') + t;
        for (const QString &t : transferStrings(n.importing))
            allTransfers << QString::fromLatin1(n.id.left(8)) + QLatin1Char('<') + t;
    }
    QCOMPARE(m, masters);
    QCOMPARE(r, replicas);
    QCOMPARE(sum, slotSum);
    QCOMPARE(myselfCount, 1);
    allTransfers.sort();
    transfers.sort();
    QCOMPARE(allTransfers, transfers);

    for (const QString &fact : std::as_const(facts)) {
        const QStringList parts = fact.split(QLatin1Char('|'));
        QCOMPARE(parts.size(), 4);
        const ClusterNodeLine *n = byPrefix(list, parts[0].toLatin1());
        QVERIFY2(n, qPrintable(fact));
        QCOMPARE(flagString(*n), parts[1]);
        QCOMPARE(rangeString(n->slotRanges), parts[2]);
        QCOMPARE(n->linkConnected ? QStringLiteral("connected") : QStringLiteral("disconnected"), parts[3]);
    }
    int expectedHostnames = 0;
    for (const QString &a : std::as_const(addresses)) {
        const qsizetype eq = a.indexOf(QLatin1Char('='));
        const ClusterNodeLine *n = byPrefix(list, a.left(eq).toLatin1());
        QVERIFY2(n, qPrintable(a));
        const QString got = QStringLiteral("%1:%2@%3,%4").arg(n->host).arg(n->port).arg(n->busPort).arg(n->hostname);
        QCOMPARE(got, a.mid(eq + 1));
        expectedHostnames += !n->hostname.isEmpty();
    }
    QCOMPARE(hostnames, expectedHostnames); // rows list every node that announces a hostname
}

void TestClusterNodesParser::everyFixtureIsConsistent_data()
{
    QTest::addColumn<QString>("file");
    const QStringList files = QDir(QStringLiteral(OPS_FIXTURE_DIR))
                                  .entryList({QStringLiteral("cluster-nodes-*.txt")}, QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 14);
    for (const QString &f : files)
        QTest::newRow(qPrintable(f)) << f;
}

// Invariants every real capture satisfies: ids unique and 40 hex, replicas name a listed master,
// masters name none, slots never claimed twice by non-failed masters, myself is connected.
void TestClusterNodesParser::everyFixtureIsConsistent()
{
    QFETCH(QString, file);
    const QByteArray text = readFixture(file);
    QVERIFY(text.endsWith('\n'));
    auto parsed = parseClusterNodes(text);
    QVERIFY2(parsed.ok(), why(parsed).constData());
    QCOMPARE(parsed.value().size(), text.count('\n'));
    QSet<QByteArray> ids;
    for (const ClusterNodeLine &n : parsed.value())
        ids.insert(n.id);
    QList<int> owner(ops::kSlotCount, 0);
    for (const ClusterNodeLine &n : parsed.value()) {
        QCOMPARE(n.id.size(), 40);
        if (n.isReplica())
            QVERIFY2(ids.contains(n.masterId), n.id.constData());
        else
            QVERIFY(n.masterId.isEmpty());
        if (n.has(ClusterNodeLine::Myself))
            QVERIFY(n.linkConnected);
        for (const ops::SlotRange &r : n.slotRanges)
            for (int s = r.first; s <= r.last; ++s)
                QVERIFY2(++owner[s] == 1, qPrintable(QStringLiteral("slot %1 owned twice").arg(s)));
        if (!n.host.isEmpty())
            QCOMPARE(n.host, QStringLiteral("127.0.0.1"));
        QVERIFY(n.port > 0);
        QVERIFY(n.busPort > 0);
    }
}

void TestClusterNodesParser::failedNodeTimes()
{
    auto parsed = parseClusterNodes(readFixture(QStringLiteral("cluster-nodes-fail.txt")));
    QVERIFY(parsed.ok());
    const ClusterNodeLine *failed = byPrefix(parsed.value(), "3cc448c9");
    QVERIFY(failed);
    QCOMPARE(failed->pingSentMs, Q_INT64_C(1795605395090));
    QCOMPARE(failed->pongReceivedMs, Q_INT64_C(1795605394087));
    QCOMPARE(failed->configEpoch, quint64(4));
    const ClusterNodeLine *replica = byPrefix(parsed.value(), "d632b785");
    QVERIFY(replica);
    QCOMPARE(replica->masterId, failed->id);
    QCOMPARE(replica->pingSentMs, Q_INT64_C(0));
}

void TestClusterNodesParser::flags_data()
{
    QTest::addColumn<QByteArray>("flags");
    QTest::addColumn<QByteArray>("address");
    QTest::addColumn<int>("bits");
    QTest::addColumn<QList<QByteArray>>("unknown");

    using F = ClusterNodeLine;
    const QByteArray addr = "127.0.0.1:7000@17000";
    QTest::newRow("myself,master") << QByteArray("myself,master") << addr << int(F::Myself | F::Master) << QList<QByteArray>{};
    QTest::newRow("master") << QByteArray("master") << addr << int(F::Master) << QList<QByteArray>{};
    QTest::newRow("slave") << QByteArray("slave") << addr << int(F::Replica) << QList<QByteArray>{};
    QTest::newRow("replica spelling") << QByteArray("replica") << addr << int(F::Replica) << QList<QByteArray>{};
    QTest::newRow("fail?") << QByteArray("master,fail?") << addr << int(F::Master | F::PFail) << QList<QByteArray>{};
    QTest::newRow("fail") << QByteArray("master,fail") << addr << int(F::Master | F::Fail) << QList<QByteArray>{};
    QTest::newRow("fail? and fail") << QByteArray("fail?,fail") << addr << int(F::PFail | F::Fail) << QList<QByteArray>{};
    QTest::newRow("handshake") << QByteArray("handshake") << addr << int(F::Handshake) << QList<QByteArray>{};
    QTest::newRow("noaddr, :0@0") << QByteArray("master,noaddr") << QByteArray(":0@0") << int(F::Master | F::NoAddr)
                                  << QList<QByteArray>{};
    QTest::newRow("nofailover") << QByteArray("slave,nofailover") << addr << int(F::Replica | F::NoFailover)
                                << QList<QByteArray>{};
    QTest::newRow("noflags") << QByteArray("noflags") << addr << int(F::NoFlags) << QList<QByteArray>{};
    QTest::newRow("all at once") << QByteArray("myself,slave,fail?,fail,handshake,noaddr,nofailover") << addr
                                 << int(F::Myself | F::Replica | F::PFail | F::Fail | F::Handshake | F::NoAddr
                                        | F::NoFailover)
                                 << QList<QByteArray>{};
    QTest::newRow("order does not matter") << QByteArray("nofailover,slave,myself") << addr
                                           << int(F::Myself | F::Replica | F::NoFailover) << QList<QByteArray>{};
    QTest::newRow("empty segment skipped") << QByteArray("master,,myself") << addr << int(F::Myself | F::Master)
                                           << QList<QByteArray>{};
    QTest::newRow("unknown flag kept") << QByteArray("master,migrate-to") << addr << int(F::Master)
                                       << QList<QByteArray>{"migrate-to"};
    QTest::newRow("only unknown flags") << QByteArray("future1,future2") << addr << 0
                                        << QList<QByteArray>{"future1", "future2"};
    QTest::newRow("case matters") << QByteArray("MASTER") << addr << 0 << QList<QByteArray>{"MASTER"};
}

void TestClusterNodesParser::flags()
{
    QFETCH(QByteArray, flags);
    QFETCH(QByteArray, address);
    QFETCH(int, bits);
    QFETCH(QList<QByteArray>, unknown);
    auto parsed = parseClusterNodes(nodeLine(flags, {}, address));
    QVERIFY2(parsed.ok(), why(parsed).constData());
    QCOMPARE(int(parsed.value().size()), 1);
    const ClusterNodeLine &n = parsed.value().constFirst();
    QCOMPARE(int(n.flags), bits);
    QCOMPARE(n.unknownFlags, unknown);
    QCOMPARE(n.isMaster(), (bits & ClusterNodeLine::Master) != 0);
    QCOMPARE(n.isReplica(), (bits & ClusterNodeLine::Replica) != 0);
}

void TestClusterNodesParser::slotTokens_data()
{
    QTest::addColumn<QByteArray>("tokens");
    QTest::addColumn<QString>("ranges");
    QTest::addColumn<QStringList>("migrating");
    QTest::addColumn<QStringList>("importing");

    const QByteArray b = kIdB;
    QTest::newRow("no slots") << QByteArray() << QString() << L({}) << L({});
    QTest::newRow("single 0") << QByteArray("0") << "0-0" << L({}) << L({});
    QTest::newRow("single 16383") << QByteArray("16383") << "16383-16383" << L({}) << L({});
    QTest::newRow("full range") << QByteArray("0-16383") << "0-16383" << L({}) << L({});
    QTest::newRow("range of one") << QByteArray("5-5") << "5-5" << L({}) << L({});
    QTest::newRow("leading zeros") << QByteArray("007-0010") << "7-10" << L({}) << L({});
    QTest::newRow("mixed singles and ranges") << QByteArray("1 3 5-7 9000-9001") << "1-1,3-3,5-7,9000-9001"
                                              << L({}) << L({});
    QTest::newRow("double spaces") << QByteArray("1  2-3") << "1-1,2-3" << L({}) << L({});
    QTest::newRow("migrating") << "[100->-" + b + ']' << QString() << L({"100:74804da9"}) << L({});
    QTest::newRow("importing") << "[100-<-" + b + ']' << QString() << L({}) << L({"100:74804da9"});
    QTest::newRow("migrating slot 0") << "[0->-" + b + ']' << QString() << L({"0:74804da9"}) << L({});
    QTest::newRow("importing slot 16383") << "[16383-<-" + b + ']' << QString() << L({})
                                          << L({"16383:74804da9"});
    QTest::newRow("ranges and both transfers") << "0-99 [100->-" + b + "] 101-200 [300-<-" + b + ']' << "0-99,101-200"
                                               << L({"100:74804da9"}) << L({"300:74804da9"});
    QTest::newRow("two migrations") << "0-10 [3->-" + b + "] [4->-" + b + ']' << "0-10"
                                    << L({"3:74804da9", "4:74804da9"}) << L({});
}

void TestClusterNodesParser::slotTokens()
{
    QFETCH(QByteArray, tokens);
    QFETCH(QString, ranges);
    QFETCH(QStringList, migrating);
    QFETCH(QStringList, importing);
    auto parsed = parseClusterNodes(nodeLine("myself,master", tokens));
    QVERIFY2(parsed.ok(), why(parsed).constData());
    const ClusterNodeLine &n = parsed.value().constFirst();
    QCOMPARE(rangeString(n.slotRanges), ranges);
    QCOMPARE(transferStrings(n.migrating), migrating);
    QCOMPARE(transferStrings(n.importing), importing);
}

void TestClusterNodesParser::tolerated_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("nodes");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<int>("busPort");
    QTest::addColumn<QString>("hostname");

    const QByteArray one = nodeLine("myself,master", "0-16383");
    QTest::newRow("plain") << one << 1 << "127.0.0.1" << 7000 << 17000 << QString();
    QTest::newRow("no final newline") << one.chopped(1) << 1 << "127.0.0.1" << 7000 << 17000 << QString();
    QByteArray crlf = one;
    crlf.replace("\n", "\r\n");
    QTest::newRow("CRLF") << crlf << 1 << "127.0.0.1" << 7000 << 17000 << QString();
    QTest::newRow("CRLF, no final newline") << crlf.chopped(2) << 1 << "127.0.0.1" << 7000 << 17000 << QString();
    QTest::newRow("blank lines") << "\n" + one + "\n\r\n" << 1 << "127.0.0.1" << 7000 << 17000 << QString();
    QTest::newRow("trailing space") << one.chopped(1) + " \n" << 1 << "127.0.0.1" << 7000 << 17000 << QString();
    QTest::newRow("hostname") << nodeLine("master", {}, "10.0.0.1:6379@16379,redis-0.example") << 1 << "10.0.0.1" << 6379
                              << 16379 << "redis-0.example";
    QTest::newRow("7.2 aux fields, empty hostname")
        << nodeLine("master", {}, "10.0.0.1:6379@16379,,shard-id=69bc080733d1355567173199cff4a6a039a2f024") << 1
        << "10.0.0.1" << 6379 << 16379 << QString();
    QTest::newRow("7.2 aux fields with hostname")
        << nodeLine("master", {}, "10.0.0.1:6379@16379,h.example,shard-id=69bc0807,tls-port=0") << 1 << "10.0.0.1"
        << 6379 << 16379 << "h.example";
    QTest::newRow("IPv6") << nodeLine("master", {}, "::1:7000@17000") << 1 << "::1" << 7000 << 17000 << QString();
    QTest::newRow("IPv6 full") << nodeLine("master", {}, "2001:db8::42:7000@17000") << 1 << "2001:db8::42" << 7000
                               << 17000 << QString();
    QTest::newRow("noaddr :0@0") << nodeLine("master,noaddr", {}, ":0@0") << 1 << QString() << 0 << 0 << QString();
    QTest::newRow("pre-4.0, no bus port") << nodeLine("master", {}, "127.0.0.1:7000") << 1 << "127.0.0.1" << 7000 << 0
                                          << QString();
    QByteArray second = nodeLine("slave");
    second.replace(kIdA, kIdB);
    QTest::newRow("two lines") << one + second << 2 << "127.0.0.1" << 7000 << 17000 << QString();
}

void TestClusterNodesParser::tolerated()
{
    QFETCH(QByteArray, text);
    QFETCH(int, nodes);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(int, busPort);
    QFETCH(QString, hostname);
    auto parsed = parseClusterNodes(text);
    QVERIFY2(parsed.ok(), why(parsed).constData());
    QCOMPARE(int(parsed.value().size()), nodes);
    const ClusterNodeLine &n = parsed.value().constFirst();
    QCOMPARE(n.host, host);
    QCOMPARE(int(n.port), port);
    QCOMPARE(int(n.busPort), busPort);
    QCOMPARE(n.hostname, hostname);
    QCOMPARE(n.linkConnected, true);
}

void TestClusterNodesParser::malformed_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("field");
    QTest::addColumn<QString>("mentions");

    const QByteArray ok = nodeLine("myself,master", "0-100");
    const QByteArray a = kIdA;
    const QByteArray tail = " 127.0.0.1:7000@17000 master - 0 0 1 connected";
    auto withSlots = [](const QByteArray &tokens) { return nodeLine("master", tokens); };

    QTest::newRow("empty") << QByteArray() << 0 << 0 << "empty";
    QTest::newRow("only newlines") << QByteArray("\n\r\n\n") << 0 << 0 << "empty";
    QTest::newRow("garbage") << QByteArray("hello world\n") << 1 << 1 << "bad node id";
    QTest::newRow("HTTP instead of nodes") << QByteArray("HTTP/1.1 400 Bad Request\r\n") << 1 << 1 << "bad node id";
    QTest::newRow("only an id") << a + '\n' << 1 << 2 << "missing address";
    QTest::newRow("truncated after pong") << a + " 127.0.0.1:7000@17000 master - 0 0\n" << 1 << 7
                                          << "missing config-epoch";
    QTest::newRow("truncated, no link state") << a + " 127.0.0.1:7000@17000 master - 0 0 1" << 1 << 8
                                              << "missing link-state";
    QTest::newRow("id too short") << a.left(39) + tail << 1 << 1 << "40 hex";
    QTest::newRow("id too long") << a + "0" + tail << 1 << 1 << "40 hex";
    QTest::newRow("id not hex") << "g" + a.mid(1) + tail << 1 << 1 << "bad node id";
    QTest::newRow("binary bytes in id") << QByteArray(40, '\xff') + tail << 1 << 1 << "\\xff";
    QTest::newRow("NUL bytes") << QByteArray(40, '\0') + tail << 1 << 1 << "\\x00";
    QTest::newRow("address without colon") << nodeLine("master", {}, "localhost@17000") << 1 << 2 << "bad address";
    QTest::newRow("port not a number") << nodeLine("master", {}, "127.0.0.1:abc@17000") << 1 << 2 << "bad port";
    QTest::newRow("negative port") << nodeLine("master", {}, "127.0.0.1:-7000@17000") << 1 << 2 << "bad port";
    QTest::newRow("port too big") << nodeLine("master", {}, "127.0.0.1:65536@17000") << 1 << 2 << "bad port";
    QTest::newRow("empty port") << nodeLine("master", {}, "127.0.0.1:@17000") << 1 << 2 << "bad port";
    // Redis 7 refuses any cluster-announce-hostname but letters, digits, '-' and '.' (checked
    // on redis-server 7.0: "Hostnames may only contain alphanumeric characters, hyphens or dots").
    QTest::newRow("UTF-8 hostname") << nodeLine("master", {}, "127.0.0.1:7000@17000,h\xc3\xa9te") << 1 << 2 << "bad hostname";
    QTest::newRow("markup as hostname") << nodeLine("master", {}, "127.0.0.1:7000@17000,<b>x</b>") << 1 << 2 << "bad hostname";
    QTest::newRow("ESC in hostname") << nodeLine("master", {}, "127.0.0.1:7000@17000,db\x1b[31m") << 1 << 2 << "bad hostname";
    QTest::newRow("markup as ip") << nodeLine("master", {}, "<img/src=x>:7000@17000") << 1 << 2 << "bad host";
    QTest::newRow("control byte in ip") << nodeLine("master", {}, QByteArray("10.0.0.1\x07:7000@17000")) << 1 << 2 << "bad host";
    QTest::newRow("bus port not a number") << nodeLine("master", {}, "127.0.0.1:7000@x") << 1 << 2 << "bad bus port";
    QTest::newRow("bus port empty") << nodeLine("master", {}, "127.0.0.1:7000@") << 1 << 2 << "bad bus port";
    QTest::newRow("huge bus port") << nodeLine("master", {}, "127.0.0.1:7000@99999999999999999999999") << 1 << 2
                                   << "bad bus port";
    QTest::newRow("bad master id") << a + " 127.0.0.1:7000@17000 slave abc 0 0 1 connected\n" << 1 << 4
                                   << "bad master id";
    QTest::newRow("ping-sent not a number") << a + " 127.0.0.1:7000@17000 master - x 0 1 connected\n" << 1 << 5
                                            << "ping-sent";
    QTest::newRow("pong-recv negative") << a + " 127.0.0.1:7000@17000 master - 0 -1 1 connected\n" << 1 << 6
                                        << "pong-recv";
    QTest::newRow("ping-sent beyond qint64") << a + " 127.0.0.1:7000@17000 master - 9223372036854775808 0 1 connected\n"
                                             << 1 << 5 << "ping-sent";
    QTest::newRow("epoch beyond 2^64") << a + " 127.0.0.1:7000@17000 master - 0 0 18446744073709551616 connected\n"
                                       << 1 << 7 << "config epoch";
    QTest::newRow("epoch negative") << a + " 127.0.0.1:7000@17000 master - 0 0 -1 connected\n" << 1 << 7
                                    << "config epoch";
    QTest::newRow("bad link state") << a + " 127.0.0.1:7000@17000 master - 0 0 1 linked\n" << 1 << 8 << "link state";
    QTest::newRow("slot 16384") << withSlots("16384") << 1 << 9 << "\"16384\"";
    QTest::newRow("range end 16384") << withSlots("0-16384") << 1 << 9 << "\"0-16384\"";
    QTest::newRow("range backwards") << withSlots("200-100") << 1 << 9 << "after its end";
    QTest::newRow("slot not a number") << withSlots("abc") << 1 << 9 << "bad slot token";
    QTest::newRow("range without end") << withSlots("5-") << 1 << 9 << "\"5-\"";
    QTest::newRow("negative slot") << withSlots("-5") << 1 << 9 << "\"-5\"";
    QTest::newRow("huge slot") << withSlots("99999999999999999999999999") << 1 << 9 << "bad slot token";
    QTest::newRow("second slot token bad") << withSlots("0-10 x") << 1 << 10 << "\"x\"";
    QTest::newRow("[1->- unterminated") << withSlots("[1->-") << 1 << 9 << "unterminated";
    QTest::newRow("unterminated with id") << withSlots("[1->-" + kIdB) << 1 << 9 << "unterminated";
    QTest::newRow("empty brackets") << withSlots("[]") << 1 << 9 << "expected";
    QTest::newRow("bad arrow") << withSlots("[1=>-" + kIdB + "]") << 1 << 9 << "expected";
    QTest::newRow("arrow without slot") << withSlots("[->-" + kIdB + "]") << 1 << 9 << "expected";
    QTest::newRow("transfer slot not a number") << withSlots("[x->-" + kIdB + "]") << 1 << 9 << "slot is not";
    QTest::newRow("transfer slot out of range") << withSlots("[16384-<-" + kIdB + "]") << 1 << 9 << "slot is not";
    QTest::newRow("transfer peer too short") << withSlots("[1->-abc]") << 1 << 9 << "peer";
    QTest::newRow("transfer without peer") << withSlots("[1->-]") << 1 << 9 << "peer";
    QTest::newRow("duplicate node id") << ok + ok << 2 << 1 << "first on line 1";
    QByteArray third = ok;
    third.replace(kIdA, kIdB);
    QTest::newRow("error on line 3, CRLF")
        << ok.chopped(1) + "\r\n" + third.chopped(1) + "\r\n" + a.left(10) + " 127.0.0.1:7000@17000 master\r\n" << 3 << 1
        << "bad node id";
    QTest::newRow("very long garbage token quoted and cut")
        << a + " 127.0.0.1:7000@17000 master - 0 0 1 connected " + QByteArray(10000, 'z') + '\n' << 1 << 9 << "...";
}

void TestClusterNodesParser::malformed()
{
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    QFETCH(int, field);
    QFETCH(QString, mentions);
    auto parsed = parseClusterNodes(text);
    QVERIFY(!parsed.ok());
    const ops::ParseError &e = parsed.error();
    QVERIFY2(e.what.startsWith(QLatin1String("CLUSTER NODES: ")), qPrintable(e.what));
    QVERIFY2(e.what.contains(mentions), qPrintable(e.what));
    QVERIFY2(e.what.size() < 300, qPrintable(e.what));
    QCOMPARE(e.line, line);
    QCOMPARE(e.position, field);
    if (line > 0)
        QVERIFY2(e.toString().contains(QStringLiteral("line %1, field %2").arg(line).arg(field)),
                 qPrintable(e.toString()));
}

void TestClusterNodesParser::syntheticRoundTrip_data()
{
    QTest::addColumn<int>("masters");
    QTest::addColumn<int>("replicas");
    QTest::addColumn<bool>("shuffled");
    QTest::addColumn<QList<int>>("failedOver");

    QTest::newRow("1x0") << 1 << 0 << false << QList<int>{};
    QTest::newRow("3x1") << 3 << 1 << false << QList<int>{};
    QTest::newRow("10x2 shuffled") << 10 << 2 << true << QList<int>{};
    QTest::newRow("7x3 one failed over") << 7 << 3 << true << QList<int>{2};
    QTest::newRow("500x1 (1,000 nodes)") << 500 << 1 << false << QList<int>{};
    QTest::newRow("500x1 shuffled, 3 failed over") << 500 << 1 << true << QList<int>{0, 250, 499};
    QTest::newRow("16384x0 one slot each") << 16384 << 0 << false << QList<int>{};
}

void TestClusterNodesParser::syntheticRoundTrip()
{
    QFETCH(int, masters);
    QFETCH(int, replicas);
    QFETCH(bool, shuffled);
    QFETCH(QList<int>, failedOver);
    synthetic::ClusterSpec spec;
    spec.masters = masters;
    spec.replicasPerMaster = replicas;
    spec.shuffled = shuffled;
    spec.failedOver = failedOver;
    const QByteArray text = synthetic::clusterNodesText(spec);
    auto parsed = parseClusterNodes(text);
    QVERIFY2(parsed.ok(), why(parsed).constData());
    const QList<ClusterNodeLine> &nodes = parsed.value();
    const int total = masters * (1 + replicas);
    QCOMPARE(int(nodes.size()), total);

    QHash<QByteArray, const ClusterNodeLine *> byId;
    for (const ClusterNodeLine &n : nodes)
        byId.insert(n.id, &n);
    QCOMPARE(int(byId.size()), total);
    for (int i = 0; i < total; ++i)
        QVERIFY(byId.contains(synthetic::nodeId(i, spec.seed)));

    int ownerCount = 0, replicaCount = 0, failed = 0, myself = 0, slotSum = 0;
    for (const ClusterNodeLine &n : nodes) {
        myself += n.has(ClusterNodeLine::Myself);
        failed += n.has(ClusterNodeLine::Fail);
        slotSum += n.slotCount();
        if (n.isMaster()) {
            ++ownerCount;
            QCOMPARE(n.slotRanges.size(), 1);
            QVERIFY(n.masterId.isEmpty());
        } else {
            ++replicaCount;
            QVERIFY(n.slotRanges.isEmpty());
            const ClusterNodeLine *m = byId.value(n.masterId);
            QVERIFY2(m && m->isMaster(), n.id.constData());
        }
    }
    QCOMPARE(myself, 1);
    QCOMPARE(ownerCount, masters);
    QCOMPARE(replicaCount, masters * replicas);
    QCOMPARE(failed, replicas > 0 ? int(failedOver.size()) : 0);
    QCOMPARE(slotSum, ops::kSlotCount);
    // The even split: sizes differ by at most one.
    const ops::SlotRange first = synthetic::slotRangeOf(0, masters);
    const ops::SlotRange last = synthetic::slotRangeOf(masters - 1, masters);
    QCOMPARE(first.first, 0);
    QCOMPARE(last.last, ops::kSlotCount - 1);
    QVERIFY(first.count() - last.count() <= 1);
}

// Every prefix of a real capture either parses (a shorter list) or fails with a located error.
void TestClusterNodesParser::truncatedAtEveryByte()
{
    const QByteArray full = readFixture(QStringLiteral("cluster-nodes-migrating-source.txt"));
    for (qsizetype n = 0; n < full.size(); ++n) {
        auto parsed = parseClusterNodes(full.left(n));
        if (parsed.ok()) {
            QVERIFY(parsed.value().size() <= 6);
        } else {
            QVERIFY(!parsed.error().what.isEmpty());
            QVERIFY(n == 0 || parsed.error().line >= 1);
        }
    }
}

// Random byte changes never crash or read out of range (run under the asan preset to be sure).
void TestClusterNodesParser::randomMutations()
{
    const QByteArray full = readFixture(QStringLiteral("cluster-nodes-hostname.txt"));
    QRandomGenerator rng(20240501);
    int ok = 0;
    for (int i = 0; i < 3000; ++i) {
        QByteArray text = full;
        const int changes = 1 + int(rng.bounded(4));
        for (int c = 0; c < changes; ++c)
            text[rng.bounded(int(text.size()))] = char(rng.bounded(256));
        auto parsed = parseClusterNodes(text);
        if (parsed.ok()) {
            ++ok;
            for (const ClusterNodeLine &n : parsed.value()) {
                QCOMPARE(n.id.size(), 40);
                for (const ops::SlotRange &r : n.slotRanges)
                    QVERIFY(r.first >= 0 && r.first <= r.last && r.last < ops::kSlotCount);
            }
        } else {
            QVERIFY(parsed.error().line >= 1 && parsed.error().line <= 7 + changes); // a byte may become '\n'
            QVERIFY(parsed.error().position >= 1);
        }
    }
    QVERIFY(ok > 0); // some mutations (inside hostnames, times) are still valid
}

QTEST_APPLESS_MAIN(TestClusterNodesParser)
#include "tst_clusternodesparser.moc"
