// Unit tests of InfoReply: INFO text captured from real Redis 7.0 (cluster master/replica,
// replicated standalone master, replica with the link up and down, Sentinel), the strict
// tryParse() against text that is not INFO, and the replica / keyspace / commandstats helpers.
#include "discovery/InfoReply.h"

#include <QFile>
#include <QRandomGenerator>
#include <QtTest>

#include <limits>

using ops::InfoReply;
using ops::InfoReplica;
using ops::KeyspaceEntry;
using ops::Parsed;

namespace {

QByteArray fixture(const QString &name)
{
    QFile f(QStringLiteral(OPS_FIXTURE_DIR "/") + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(name));
    return f.readAll();
}

const QStringList &infoFixtures()
{
    static const QStringList files = {
        QStringLiteral("info-cluster-master.txt"),       QStringLiteral("info-cluster-replica-link-up.txt"),
        QStringLiteral("info-cluster-replica-link-down.txt"), QStringLiteral("info-master-2replicas.txt"),
        QStringLiteral("info-replica-link-up.txt"),      QStringLiteral("info-replica-link-down.txt"),
        QStringLiteral("info-sentinel.txt"),             QStringLiteral("info-sentinel-tilt.txt"),
    };
    return files;
}

QByteArray summarizeReplicas(const QList<InfoReplica> &list)
{
    QByteArrayList parts;
    for (const InfoReplica &r : list)
        parts << QByteArray::number(r.index) + '=' + r.host.toUtf8() + ':' + QByteArray::number(r.port) + '/' + r.state
                     + "/off=" + QByteArray::number(r.offset) + "/lag=" + QByteArray::number(r.lagSeconds);
    return parts.join(',');
}

QByteArray summarizeKeyspace(const QList<KeyspaceEntry> &list)
{
    QByteArrayList parts;
    for (const KeyspaceEntry &e : list)
        parts << "db" + QByteArray::number(e.db) + '=' + QByteArray::number(e.keys) + '/' + QByteArray::number(e.expires)
                     + '/' + QByteArray::number(e.avgTtl);
    return parts.join(',');
}

} // namespace

class TestInfoReply : public QObject
{
    Q_OBJECT

private slots:
    void fixtures_data();
    void fixtures();
    void fixturesWithLfOnly_data() { fixtures_data(); }
    void fixturesWithLfOnly();
    void sentinelSection_data();
    void sentinelSection();
    void replicaLine_data();
    void replicaLine();
    void keyspaceLine_data();
    void keyspaceLine();
    void totalKeys_data();
    void totalKeys();
    void commandCalls_data();
    void commandCalls();
    void notInfo_data();
    void notInfo();
    void lenientParseKeepsWorking();
    void truncatedFixturesNeverCrash_data();
    void truncatedFixturesNeverCrash();
    void mutatedFixturesNeverCrash_data() { truncatedFixturesNeverCrash_data(); }
    void mutatedFixturesNeverCrash();
};

void TestInfoReply::fixtures_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("mode");
    QTest::addColumn<QByteArray>("role");
    QTest::addColumn<QByteArray>("replicas");
    QTest::addColumn<QByteArray>("keyspace");
    QTest::addColumn<qint64>("totalKeys");
    QTest::addColumn<QByteArray>("linkStatus");
    QTest::addColumn<qint64>("infoCalls");
    QTest::addColumn<int>("sectionCount");

    QTest::newRow("cluster master with a replica")
        << QStringLiteral("info-cluster-master.txt") << QByteArray("cluster") << QByteArray("master")
        << QByteArray("0=127.0.0.1:32789/online/off=432/lag=1") << QByteArray("db0=11/0/0") << qint64(11) << QByteArray()
        << qint64(11) << 13;
    QTest::newRow("cluster replica, link up")
        << QStringLiteral("info-cluster-replica-link-up.txt") << QByteArray("cluster") << QByteArray("slave")
        << QByteArray() << QByteArray("db0=11/0/0") << qint64(11) << QByteArray("up") << qint64(11) << 13;
    QTest::newRow("cluster replica, link down (master stopped)")
        << QStringLiteral("info-cluster-replica-link-down.txt") << QByteArray("cluster") << QByteArray("slave")
        << QByteArray() << QByteArray("db0=11/0/0") << qint64(11) << QByteArray("down") << qint64(52) << 13;
    QTest::newRow("standalone master, 2 replicas, db0 and db3")
        << QStringLiteral("info-master-2replicas.txt") << QByteArray("standalone") << QByteArray("master")
        << QByteArray("0=127.0.0.1:38639/online/off=8317/lag=1,1=127.0.0.1:46593/online/off=8317/lag=1")
        << QByteArray("db0=20/0/0,db3=7/2/1498929") << qint64(27) << QByteArray() << qint64(113) << 13;
    // A replica reports avg_ttl=0: only masters sample TTLs in the active expire cycle.
    QTest::newRow("standalone replica, link up")
        << QStringLiteral("info-replica-link-up.txt") << QByteArray("standalone") << QByteArray("slave") << QByteArray()
        << QByteArray("db0=20/0/0,db3=7/2/0") << qint64(27) << QByteArray("up") << qint64(12) << 13;
    QTest::newRow("standalone replica, link down (handshake failing)")
        << QStringLiteral("info-replica-link-down.txt") << QByteArray("standalone") << QByteArray("slave")
        << QByteArray() << QByteArray("db0=20/0/0,db3=7/2/0") << qint64(27) << QByteArray("down") << qint64(71) << 13;
    // Sentinel: no Replication/Keyspace/Commandstats sections in INFO everything.
    QTest::newRow("sentinel") << QStringLiteral("info-sentinel.txt") << QByteArray("sentinel") << QByteArray()
                              << QByteArray() << QByteArray() << qint64(0) << QByteArray() << qint64(-1) << 5;
    QTest::newRow("sentinel in tilt") << QStringLiteral("info-sentinel-tilt.txt") << QByteArray("sentinel")
                                      << QByteArray() << QByteArray() << QByteArray() << qint64(0) << QByteArray()
                                      << qint64(-1) << 5;
}

void TestInfoReply::fixtures()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, mode);
    QFETCH(QByteArray, role);
    QFETCH(QByteArray, replicas);
    QFETCH(QByteArray, keyspace);
    QFETCH(qint64, totalKeys);
    QFETCH(QByteArray, linkStatus);
    QFETCH(qint64, infoCalls);
    QFETCH(int, sectionCount);

    const QByteArray text = fixture(file);
    QVERIFY(text.contains("\r\n")); // as the server sends it
    Parsed<InfoReply> strict = InfoReply::tryParse(text);
    QVERIFY2(strict.ok(), qPrintable(strict ? QString() : strict.error().toString()));
    const InfoReply &r = strict.value();
    QCOMPARE(r.value("redis_mode"), mode);
    QCOMPARE(r.value("role"), role);
    QCOMPARE(r.sectionOf("redis_mode"), QByteArray("server"));
    QCOMPARE(r.sections().size(), sectionCount);
    QCOMPARE(r.sections().first(), QByteArray("server"));
    QCOMPARE(summarizeReplicas(r.replicas()), replicas);
    if (r.contains("connected_slaves"))
        QCOMPARE(r.replicas().size(), r.integer("connected_slaves"));
    QCOMPARE(summarizeKeyspace(r.keyspace()), keyspace);
    QCOMPARE(r.totalKeys(), totalKeys);
    QCOMPARE(r.value("master_link_status"), linkStatus);
    QCOMPARE(r.commandCalls("info"), infoCalls);
    QCOMPARE(r.commandCalls("INFO"), infoCalls);
    if (infoCalls >= 0) {
        QVERIFY(r.commandStats().contains("info"));
        QVERIFY(r.commandCalls("ping") > 0);
        QCOMPARE(r.commandCalls("no-such-command"), qint64(0));
    } else {
        QVERIFY(r.commandStats().isEmpty());
    }
    // The lenient parse sees exactly the same fields.
    const InfoReply lenient = InfoReply::parse(text);
    QCOMPARE(lenient.fields(), r.fields());
    QCOMPARE(lenient.sections(), r.sections());
    QVERIFY(r.integer("uptime_in_seconds") >= 0);
    QVERIFY(r.real("used_cpu_sys") >= 0.0);
}

void TestInfoReply::fixturesWithLfOnly()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, keyspace);
    QByteArray text = fixture(file);
    text.replace("\r\n", "\n");
    text.chop(1); // no final newline either
    Parsed<InfoReply> strict = InfoReply::tryParse(text);
    QVERIFY2(strict.ok(), qPrintable(strict ? QString() : strict.error().toString()));
    QCOMPARE(summarizeKeyspace(strict.value().keyspace()), keyspace);
    QCOMPARE(strict.value().fields(), InfoReply::parse(fixture(file)).fields());
}

void TestInfoReply::sentinelSection_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<qint64>("tilt");
    QTest::newRow("normal") << QStringLiteral("info-sentinel.txt") << qint64(0);
    QTest::newRow("tilt") << QStringLiteral("info-sentinel-tilt.txt") << qint64(1);
}

void TestInfoReply::sentinelSection()
{
    QFETCH(QString, file);
    QFETCH(qint64, tilt);
    const InfoReply r = InfoReply::tryParse(fixture(file)).value();
    QVERIFY(r.sections().contains("sentinel"));
    QCOMPARE(r.integer("sentinel_tilt"), tilt);
    QCOMPARE(r.integer("sentinel_masters"), qint64(1));
    const QList<ops::InfoSentinelMaster> masters = r.sentinelMasters();
    QCOMPARE(masters.size(), 1);
    QCOMPARE(masters[0].name, QByteArray("mymaster"));
    QCOMPARE(masters[0].status, QByteArray("ok"));
    QCOMPARE(masters[0].host, QStringLiteral("127.0.0.1"));
    QCOMPARE(masters[0].port, quint16(36895));
    QCOMPARE(masters[0].replicas, 2);
    QCOMPARE(masters[0].sentinels, 3);
}

void TestInfoReply::replicaLine_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QByteArray>("expected"); // summary, or a fragment of the reason

    QTest::newRow("7.0 line") << QByteArray("slave0") << QByteArray("ip=127.0.0.1,port=7001,state=online,offset=123,lag=0")
                              << true << QByteArray("0=127.0.0.1:7001/online/off=123/lag=0");
    QTest::newRow("index 12") << QByteArray("slave12") << QByteArray("ip=10.0.0.5,port=6379,state=wait_bgsave,offset=0,lag=3")
                              << true << QByteArray("12=10.0.0.5:6379/wait_bgsave/off=0/lag=3");
    QTest::newRow("ipv6") << QByteArray("slave1") << QByteArray("ip=::1,port=6380,state=send_bulk,offset=9,lag=1") << true
                          << QByteArray("1=::1:6380/send_bulk/off=9/lag=1");
    QTest::newRow("no lag (old servers)") << QByteArray("slave0") << QByteArray("ip=127.0.0.1,port=7001,state=online,offset=5")
                                          << true << QByteArray("0=127.0.0.1:7001/online/off=5/lag=-1");
    QTest::newRow("unknown extra field") << QByteArray("slave0")
                                         << QByteArray("ip=h,port=1,state=online,offset=5,lag=0,future=x") << true
                                         << QByteArray("0=h:1/online/off=5/lag=0");
    QTest::newRow("fields reordered") << QByteArray("slave0") << QByteArray("lag=2,offset=5,state=online,port=1,ip=h")
                                      << true << QByteArray("0=h:1/online/off=5/lag=2");
    QTest::newRow("bad port") << QByteArray("slave0") << QByteArray("ip=h,port=70000,state=online,offset=5,lag=0") << false
                              << QByteArray("port");
    QTest::newRow("port not a number") << QByteArray("slave0") << QByteArray("ip=h,port=abc,state=online,offset=5,lag=0")
                                       << false << QByteArray("port");
    QTest::newRow("negative port") << QByteArray("slave0") << QByteArray("ip=h,port=-1,state=online,offset=5,lag=0")
                                   << false << QByteArray("port");
    QTest::newRow("missing ip") << QByteArray("slave0") << QByteArray("port=1,state=online,offset=5,lag=0") << false
                                << QByteArray("missing ip");
    QTest::newRow("empty ip") << QByteArray("slave0") << QByteArray("ip=,port=1,state=online,offset=5,lag=0") << false
                              << QByteArray("empty ip");
    QTest::newRow("missing state") << QByteArray("slave0") << QByteArray("ip=h,port=1,offset=5,lag=0") << false
                                   << QByteArray("missing state");
    QTest::newRow("missing offset") << QByteArray("slave0") << QByteArray("ip=h,port=1,state=online,lag=0") << false
                                    << QByteArray("missing offset");
    QTest::newRow("offset not a number") << QByteArray("slave0") << QByteArray("ip=h,port=1,state=online,offset=x,lag=0")
                                         << false << QByteArray("offset");
    QTest::newRow("lag not a number") << QByteArray("slave0") << QByteArray("ip=h,port=1,state=online,offset=1,lag=?")
                                      << false << QByteArray("lag");
    QTest::newRow("old 2.6 format") << QByteArray("slave0") << QByteArray("127.0.0.1,7001,online") << false
                                    << QByteArray("key=value");
    QTest::newRow("empty value") << QByteArray("slave0") << QByteArray("") << false << QByteArray("missing ip");
    QTest::newRow("not slaveN") << QByteArray("slave_priority") << QByteArray("100") << false << QByteArray("slaveN");
}

void TestInfoReply::replicaLine()
{
    QFETCH(QByteArray, field);
    QFETCH(QByteArray, value);
    QFETCH(bool, valid);
    QFETCH(QByteArray, expected);
    InfoReplica r;
    QString why;
    QCOMPARE(InfoReply::parseReplicaLine(field, value, r, why), valid);
    if (valid) {
        QCOMPARE(summarizeReplicas({r}), expected);
    } else {
        QVERIFY2(why.contains(QString::fromUtf8(expected)), qPrintable(why));
        // The same line in a full reply: tryParse rejects it (naming the line), parse() skips it.
        const QByteArray text = "# Replication\r\nrole:master\r\n" + field + ':' + value + "\r\n";
        if (field != "slave_priority") {
            Parsed<InfoReply> strict = InfoReply::tryParse(text);
            QVERIFY(!strict.ok());
            QCOMPARE(strict.error().line, 3);
            QVERIFY2(strict.error().what.contains(QString::fromUtf8(field)), qPrintable(strict.error().what));
            QVERIFY(InfoReply::parse(text).replicas().isEmpty());
        }
    }
}

void TestInfoReply::keyspaceLine_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("7.0 line") << QByteArray("db0") << QByteArray("keys=1,expires=0,avg_ttl=0") << true
                              << QByteArray("db0=1/0/0");
    QTest::newRow("db 15 with ttl") << QByteArray("db15") << QByteArray("keys=1000000,expires=10,avg_ttl=86400000")
                                    << true << QByteArray("db15=1000000/10/86400000");
    QTest::newRow("7.4 subexpiry") << QByteArray("db0") << QByteArray("keys=3,expires=1,avg_ttl=5,subexpiry=0") << true
                                   << QByteArray("db0=3/1/5");
    QTest::newRow("no avg_ttl") << QByteArray("db2") << QByteArray("keys=3,expires=1") << true << QByteArray("db2=3/1/0");
    QTest::newRow("missing keys") << QByteArray("db0") << QByteArray("expires=0,avg_ttl=0") << false
                                  << QByteArray("missing keys");
    QTest::newRow("missing expires") << QByteArray("db0") << QByteArray("keys=1,avg_ttl=0") << false
                                     << QByteArray("missing expires");
    QTest::newRow("keys not a number") << QByteArray("db0") << QByteArray("keys=many,expires=0,avg_ttl=0") << false
                                       << QByteArray("keys");
    QTest::newRow("negative keys") << QByteArray("db0") << QByteArray("keys=-1,expires=0,avg_ttl=0") << false
                                   << QByteArray("keys");
    QTest::newRow("avg_ttl garbage") << QByteArray("db0") << QByteArray("keys=1,expires=0,avg_ttl=1e3") << false
                                     << QByteArray("avg_ttl");
    QTest::newRow("no pairs") << QByteArray("db0") << QByteArray("1,0,0") << false << QByteArray("key=value");
    QTest::newRow("not dbN") << QByteArray("dbx") << QByteArray("keys=1,expires=0") << false << QByteArray("dbN");
}

void TestInfoReply::keyspaceLine()
{
    QFETCH(QByteArray, field);
    QFETCH(QByteArray, value);
    QFETCH(bool, valid);
    QFETCH(QByteArray, expected);
    KeyspaceEntry e;
    QString why;
    QCOMPARE(InfoReply::parseKeyspaceLine(field, value, e, why), valid);
    if (valid) {
        QCOMPARE(summarizeKeyspace({e}), expected);
        const InfoReply r = InfoReply::tryParse("# Keyspace\r\n" + field + ':' + value + "\r\n").value();
        QCOMPARE(r.totalKeys(), e.keys);
    } else {
        QVERIFY2(why.contains(QString::fromUtf8(expected)), qPrintable(why));
        if (field != "dbx") {
            Parsed<InfoReply> strict = InfoReply::tryParse("# Keyspace\r\n" + field + ':' + value + "\r\n");
            QVERIFY(!strict.ok());
            QCOMPARE(strict.error().line, 2);
        }
    }
}

void TestInfoReply::totalKeys_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qint64>("expected");

    constexpr qint64 max = std::numeric_limits<qint64>::max();
    QTest::newRow("no keyspace") << QByteArray("# Keyspace\r\n") << qint64(0);
    QTest::newRow("two databases") << QByteArray("# Keyspace\r\ndb0:keys=10,expires=1\r\ndb3:keys=5,expires=0\r\n")
                                   << qint64(15);
    QTest::newRow("malformed db skipped") << QByteArray("# Keyspace\r\ndb0:keys=10,expires=1\r\ndb1:keys=x\r\n") << qint64(10);
    // fuzz_info: two counts near the int64 maximum overflowed the sum (undefined behaviour).
    QTest::newRow("sum saturates (fuzz)")
        << QByteArray("# Keyspace\r\ndb0:keys=9223372036854775807,expires=0\r\ndb1:keys=1,expires=0\r\n") << max;
    QTest::newRow("two halves saturate (fuzz)")
        << QByteArray("# Keyspace\r\ndb0:keys=4611686018427387904,expires=0\r\ndb1:keys=4611686018427387904,expires=0\r\n")
        << max;
}

void TestInfoReply::totalKeys()
{
    QFETCH(QByteArray, text);
    QFETCH(qint64, expected);
    QCOMPARE(InfoReply::parse(text).totalKeys(), expected);
}

void TestInfoReply::commandCalls_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("command");
    QTest::addColumn<qint64>("calls");

    const QByteArray stats = "# Commandstats\r\n"
                             "cmdstat_info:calls=12,usec=345,usec_per_call=28.75,rejected_calls=0,failed_calls=0\r\n"
                             "cmdstat_client|list:calls=3,usec=30,usec_per_call=10.00,rejected_calls=0,failed_calls=0\r\n"
                             "cmdstat_broken:usec=1\r\n";
    QTest::newRow("info") << stats << QByteArray("info") << qint64(12);
    QTest::newRow("upper case asked") << stats << QByteArray("INFO") << qint64(12);
    QTest::newRow("subcommand") << stats << QByteArray("client|list") << qint64(3);
    QTest::newRow("never called") << stats << QByteArray("get") << qint64(0);
    QTest::newRow("no calls= field") << stats << QByteArray("broken") << qint64(-1);
    QTest::newRow("section absent") << QByteArray("# Server\r\nredis_version:7.0.15\r\n") << QByteArray("info") << qint64(-1);
    QTest::newRow("empty section present") << QByteArray("# Commandstats\r\n") << QByteArray("info") << qint64(0);
}

void TestInfoReply::commandCalls()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, command);
    QFETCH(qint64, calls);
    QCOMPARE(InfoReply::parse(text).commandCalls(command), calls);
}

void TestInfoReply::notInfo_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("fragment");

    const QByteArray ok = "# Server\r\nredis_version:7.0.15\r\n";
    QTest::newRow("plain words") << QByteArray("hello world") << 1 << QStringLiteral("field:value");
    QTest::newRow("OK status text") << QByteArray("OK") << 1 << QStringLiteral("field:value");
    QTest::newRow("RESP bytes") << QByteArray("*2\r\n$4\r\nname\r\n") << 1 << QStringLiteral("field:value");
    QTest::newRow("HTTP response") << QByteArray("HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\n") << 1
                                   << QStringLiteral("field:value");
    QTest::newRow("JSON") << QByteArray("{\"redis_version\": \"7.0\"}") << 1 << QStringLiteral("field name");
    QTest::newRow("CLUSTER NODES line") << QByteArray("07c37dfeb235213a872192d90877d0cd55635b91 127.0.0.1:30004@31004 slave")
                                        << 1 << QStringLiteral("field name");
    QTest::newRow("NUL byte") << ok + QByteArray("role:ma\0ster\r\n", 14) << 3 << QStringLiteral("NUL");
    QTest::newRow("NUL only") << QByteArray("\0", 1) << 1 << QStringLiteral("NUL");
    QTest::newRow("line without colon after good lines") << ok + "garbage\r\n" << 3 << QStringLiteral("garbage");
    QTest::newRow("colon first") << ok + ":value\r\n" << 3 << QStringLiteral("field:value");
    QTest::newRow("empty section name") << ok + "#\r\n" << 3 << QStringLiteral("section");
    QTest::newRow("blank section name") << QByteArray("#   \r\n") << 1 << QStringLiteral("section");
    QTest::newRow("whitespace-only line") << ok + "   \r\n" << 3 << QStringLiteral("field:value");
    QTest::newRow("space in field name") << ok + "my field:1\r\n" << 3 << QStringLiteral("field name");
    QTest::newRow("tab in field name") << ok + "a\tb:1\r\n" << 3 << QStringLiteral("field name");
    QTest::newRow("bad slave line") << ok + "# Replication\r\nslave0:ip=127.0.0.1,port=x,state=online,offset=1,lag=0\r\n"
                                    << 4 << QStringLiteral("slave0");
    QTest::newRow("slave line without pairs") << ok + "slave3:127.0.0.1,6379,online\r\n" << 3 << QStringLiteral("slave3");
    QTest::newRow("bad db line") << ok + "# Keyspace\r\ndb0:keys=x,expires=0,avg_ttl=0\r\n" << 4 << QStringLiteral("db0");
    QTest::newRow("db line missing expires") << ok + "# Keyspace\r\ndb9:keys=1\r\n" << 4 << QStringLiteral("db9");
    QTest::newRow("bad sentinel master line")
        << QByteArray("# Sentinel\r\nsentinel_masters:1\r\nmaster0:name=m,status=ok,address=nohost,slaves=2,sentinels=3\r\n")
        << 3 << QStringLiteral("master0");
    QTest::newRow("sentinel master line missing name")
        << QByteArray("# Sentinel\r\nmaster0:status=ok,address=h:1,slaves=2,sentinels=3\r\n") << 2 << QStringLiteral("name");
    QTest::newRow("error reply text") << QByteArray("ERR unknown command 'INFO'") << 1 << QStringLiteral("field:value");
    QTest::newRow("binary garbage") << QByteArray("\x16\x03\x01\x02\x00\x01", 6) << 1 << QStringLiteral("NUL");
}

void TestInfoReply::notInfo()
{
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    QFETCH(QString, fragment);
    Parsed<InfoReply> r = InfoReply::tryParse(text);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().line, line);
    QVERIFY2(r.error().what.contains(fragment), qPrintable(r.error().toString()));
    QVERIFY(r.error().what.startsWith(QStringLiteral("INFO: ")));
    // The lenient parse never fails and still returns what it could read.
    const InfoReply lenient = InfoReply::parse(text);
    Q_UNUSED(lenient.replicas());
    Q_UNUSED(lenient.keyspace());
}

void TestInfoReply::lenientParseKeepsWorking()
{
    // The behaviour ServerProbe and the lab rely on: junk lines are skipped, fields still read.
    const QByteArray text = "garbage line\r\n# Replication\r\nrole:master\r\nslave0:broken\r\n"
                            "master_repl_offset:42\r\nused_cpu:1.5\r\n\r\n# Keyspace\r\ndb0:keys=2,expires=0,avg_ttl=0\r\n";
    const InfoReply r = InfoReply::parse(text);
    QCOMPARE(r.value("role"), QByteArray("master"));
    QCOMPARE(r.integer("master_repl_offset"), qint64(42));
    QCOMPARE(r.integer("role", -7), qint64(-7));
    QCOMPARE(r.real("used_cpu"), 1.5);
    QCOMPARE(r.sections(), (QList<QByteArray>{"replication", "keyspace"}));
    QCOMPARE(r.sectionOf("role"), QByteArray("replication"));
    QVERIFY(r.replicas().isEmpty());
    QCOMPARE(r.totalKeys(), qint64(2));
    QVERIFY(!InfoReply::tryParse(text).ok());
    // Empty INFO (an unknown section) is valid INFO text.
    QVERIFY(InfoReply::tryParse(QByteArray()).ok());
    QVERIFY(InfoReply::tryParse(QByteArray("\r\n")).ok());
    // CLUSTER INFO has no sections.
    const Parsed<InfoReply> ci = InfoReply::tryParse("cluster_state:ok\r\ncluster_slots_assigned:16384\r\n");
    QVERIFY(ci.ok());
    QCOMPARE(ci.value().integer("cluster_slots_assigned"), qint64(16384));
}

void TestInfoReply::truncatedFixturesNeverCrash_data()
{
    QTest::addColumn<QString>("file");
    for (const QString &f : infoFixtures())
        QTest::newRow(qPrintable(f)) << f;
}

void TestInfoReply::truncatedFixturesNeverCrash()
{
    QFETCH(QString, file);
    const QByteArray text = fixture(file);
    // Cut anywhere: the result is INFO text or an error naming a line within the text.
    for (qsizetype n = 0; n <= text.size(); n += 23) {
        const QByteArray cut = text.left(n);
        Parsed<InfoReply> r = InfoReply::tryParse(cut);
        if (!r.ok()) {
            QVERIFY(r.error().line >= 1);
            QVERIFY(r.error().line <= cut.count('\n') + 1);
        }
        Q_UNUSED(InfoReply::parse(cut).totalKeys());
    }
}

void TestInfoReply::mutatedFixturesNeverCrash()
{
    QFETCH(QString, file);
    const QByteArray text = fixture(file);
    QRandomGenerator rng(4242);
    const char alphabet[] = {'\0', '\r', '\n', ':', ',', '=', '#', ' ', 'x', '9', '-'};
    for (int round = 0; round < 150; ++round) {
        QByteArray m = text;
        for (int k = 0; k < 4; ++k)
            m[qsizetype(rng.bounded(int(m.size())))] = alphabet[rng.bounded(int(sizeof alphabet))];
        Parsed<InfoReply> r = InfoReply::tryParse(m);
        if (r.ok()) {
            Q_UNUSED(r.value().replicas());
            Q_UNUSED(r.value().sentinelMasters());
            QVERIFY(!m.contains('\0'));
        }
        Q_UNUSED(InfoReply::parse(m).keyspace());
    }
}

QTEST_APPLESS_MAIN(TestInfoReply)
#include "tst_inforeply.moc"
