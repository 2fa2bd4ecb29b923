// Unit tests of parseRole: real Redis 7.0 ROLE replies of a master, replicas and a sentinel (raw
// RESP captures in tests/fixtures/redis-7.0), tolerated variants and a malformed table.
#include "ParserTestHelpers.h"
#include "discovery/RoleReply.h"
#include "resp/RespReader.h"

#include <QFile>
#include <QtTest>

using ops::RespValue;
using ops::RoleInfo;
using Role = RoleInfo::Role;

Q_DECLARE_METATYPE(ops::RespValue)
Q_DECLARE_METATYPE(ops::RoleInfo::Role)

using namespace parsertest;

namespace {


/** "host:port/offset" for each replica of a master reply. */
QStringList replicaStrings(const RoleInfo &info)
{
    QStringList out;
    for (const ops::RoleReplica &r : info.replicas)
        out << QStringLiteral("%1:%2/%3").arg(r.host).arg(r.port).arg(r.offset);
    return out;
}

QStringList L(std::initializer_list<const char *> items)
{
    QStringList out;
    for (const char *i : items)
        out << QString::fromUtf8(i);
    return out;
}

} // namespace

class TestRoleReply : public QObject
{
    Q_OBJECT

private slots:
    void fixtures_data();
    void fixtures();
    void synthetic_data();
    void synthetic();
    void malformed_data();
    void malformed();
};

namespace {
void addColumns()
{
    QTest::addColumn<RespValue>("reply");
    QTest::addColumn<Role>("role");
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<QStringList>("replicas");           // master
    QTest::addColumn<QString>("master");                 // replica: "host:port"
    QTest::addColumn<QByteArray>("linkState");           // replica
    QTest::addColumn<QList<QByteArray>>("sentinelMasters");
}

void check()
{
    QFETCH(RespValue, reply);
    QFETCH(Role, role);
    QFETCH(qint64, offset);
    QFETCH(QStringList, replicas);
    QFETCH(QString, master);
    QFETCH(QByteArray, linkState);
    QFETCH(QList<QByteArray>, sentinelMasters);
    auto parsed = ops::parseRole(reply);
    QVERIFY2(parsed.ok(), why(parsed).constData());
    const RoleInfo &info = parsed.value();
    QCOMPARE(info.role, role);
    QCOMPARE(info.offset, offset);
    QCOMPARE(replicaStrings(info), replicas);
    QCOMPARE(info.masterHost.isEmpty() ? QString() : QStringLiteral("%1:%2").arg(info.masterHost).arg(info.masterPort),
             master);
    QCOMPARE(info.linkState, linkState);
    QCOMPARE(info.sentinelMasters, sentinelMasters);
}
} // namespace

void TestRoleReply::fixtures_data()
{
    addColumns();
    auto row = [](const char *name, const char *file) -> QTestData & {
        return QTest::newRow(name) << readRespFixture(QString::fromLatin1(file));
    };
    row("cluster master, one replica", "role-master.resp")
        << Role::Master << qint64(28) << L({"127.0.0.1:40989/28"}) << QString() << QByteArray() << QList<QByteArray>{};
    row("sentinel-lab master, two replicas", "role-master-two-replicas.resp")
        << Role::Master << qint64(2583) << L({"127.0.0.1:45797/2449", "127.0.0.1:44519/2449"}) << QString()
        << QByteArray() << QList<QByteArray>{};
    row("empty master, no replicas", "role-master-no-replicas.resp")
        << Role::Master << qint64(0) << L({}) << QString() << QByteArray() << QList<QByteArray>{};
    row("replica, connected", "role-replica.resp")
        << Role::Replica << qint64(28) << L({}) << "127.0.0.1:44755" << QByteArray("connected") << QList<QByteArray>{};
    row("replica right after CLIENT KILL TYPE master", "role-replica-reconnecting.resp")
        << Role::Replica << qint64(-1) << L({}) << "127.0.0.1:44755" << QByteArray("connecting")
        << QList<QByteArray>{};
    row("sentinel", "role-sentinel.resp")
        << Role::Sentinel << qint64(-1) << L({}) << QString() << QByteArray() << QList<QByteArray>{"mymaster"};
}

void TestRoleReply::fixtures()
{
    check();
}

void TestRoleReply::synthetic_data()
{
    addColumns();
    const QList<QByteArray> none;
    QTest::newRow("master, replica fields as integers")
        << A({S("master"), I(100), A({A({S("10.0.0.2"), I(6380), I(90)})})}) << Role::Master << qint64(100)
        << L({"10.0.0.2:6380/90"}) << QString() << QByteArray() << none;
    QTest::newRow("master, extra trailing element")
        << A({S("master"), I(5), A({}), S("future")}) << Role::Master << qint64(5) << L({}) << QString() << QByteArray()
        << none;
    QTest::newRow("master, replica entry with extra fields")
        << A({S("master"), I(5), A({A({S("h"), S("1"), S("2"), S("x")})})}) << Role::Master << qint64(5)
        << L({"h:1/2"}) << QString() << QByteArray() << none;
    QTest::newRow("master, IPv6 replica") << A({S("master"), I(7), A({A({S("::1"), S("6380"), S("7")})})})
                                          << Role::Master << qint64(7) << L({"::1:6380/7"}) << QString()
                                          << QByteArray() << none;
    for (const char *state : {"connect", "connecting", "sync", "connected", "handshake"})
        QTest::newRow(qPrintable(QStringLiteral("replica, state %1").arg(QLatin1String(state))))
            << A({S("slave"), S("10.0.0.1"), I(6379), S(state), I(-1)}) << Role::Replica << qint64(-1) << L({})
            << "10.0.0.1:6379" << QByteArray(state) << none;
    QTest::newRow("replica spelled replica") << A({S("replica"), S("h"), I(1), S("connected"), I(9)}) << Role::Replica
                                             << qint64(9) << L({}) << "h:1" << QByteArray("connected") << none;
    QTest::newRow("replica, port as bulk string") << A({S("slave"), S("h"), S("6379"), S("sync"), S("12")})
                                                  << Role::Replica << qint64(12) << L({}) << "h:6379"
                                                  << QByteArray("sync") << none;
    QTest::newRow("sentinel, no masters") << A({S("sentinel"), A({})}) << Role::Sentinel << qint64(-1) << L({})
                                          << QString() << QByteArray() << none;
    QTest::newRow("sentinel, three masters") << A({S("sentinel"), A({S("a"), S("b"), S("c d")})}) << Role::Sentinel
                                             << qint64(-1) << L({}) << QString() << QByteArray()
                                             << QList<QByteArray>{"a", "b", "c d"};
    QTest::newRow("role as status string") << A({RespValue::status("master"), I(1), A({})}) << Role::Master
                                           << qint64(1) << L({}) << QString() << QByteArray() << none;
}

void TestRoleReply::synthetic()
{
    check();
}

void TestRoleReply::malformed_data()
{
    QTest::addColumn<RespValue>("reply");
    QTest::addColumn<int>("element");
    QTest::addColumn<QString>("mentions");

    const RespValue replica = A({S("10.0.0.2"), S("6380"), S("90")});
    QTest::newRow("nil") << RespValue::nil() << 0 << "got nil";
    QTest::newRow("error reply") << RespValue::error("NOPERM this user has no permissions") << 0 << "NOPERM";
    QTest::newRow("status") << RespValue::status("OK") << 0 << "got status";
    QTest::newRow("integer") << I(1) << 0 << "got integer";
    QTest::newRow("empty array") << A({}) << 0 << "non-empty array";
    QTest::newRow("role is integer") << A({I(1)}) << 1 << "role is integer";
    QTest::newRow("unknown role") << A({S("leader"), I(1)}) << 1 << "unknown role \"leader\"";
    QTest::newRow("role with binary") << A({S(QByteArray("\x00\xff", 2))}) << 1 << "%00%FF";
    QTest::newRow("master, short") << A({S("master"), I(1)}) << 0 << "2 elements, expected 3";
    QTest::newRow("master, offset string") << A({S("master"), S("x"), A({})}) << 2 << "offset";
    QTest::newRow("master, negative offset") << A({S("master"), I(-5), A({})}) << 2 << "non-negative";
    QTest::newRow("master, replicas not array") << A({S("master"), I(1), S("none")}) << 3 << "replica list is string";
    QTest::newRow("master, replica nil") << A({S("master"), I(1), A({RespValue::nil()})}) << 3 << "replica 1:";
    QTest::newRow("master, replica too short") << A({S("master"), I(1), A({replica, A({S("h"), S("1")})})}) << 3
                                               << "replica 2: expected an array [ip, port, offset], got array of 2";
    QTest::newRow("master, replica ip integer") << A({S("master"), I(1), A({A({I(1), S("1"), S("2")})})}) << 3
                                                << "ip is integer";
    QTest::newRow("master, replica port text") << A({S("master"), I(1), A({A({S("h"), S("http"), S("2")})})}) << 3
                                               << "port is not a number";
    QTest::newRow("master, replica port 65536") << A({S("master"), I(1), A({A({S("h"), S("65536"), S("2")})})}) << 3
                                                << "0..65535";
    QTest::newRow("master, replica negative port") << A({S("master"), I(1), A({A({S("h"), S("-1"), S("2")})})}) << 3
                                                   << "port";
    QTest::newRow("master, replica offset text") << A({S("master"), I(1), A({A({S("h"), S("1"), S("x")})})}) << 3
                                                 << "offset is not an integer";
    QTest::newRow("master, replica offset huge")
        << A({S("master"), I(1), A({A({S("h"), S("1"), S("99999999999999999999999")})})}) << 3 << "offset";
    QTest::newRow("replica, short") << A({S("slave"), S("h"), I(1), S("connected")}) << 0 << "4 elements, expected 5";
    QTest::newRow("replica, ip integer") << A({S("slave"), I(1), I(1), S("connected"), I(0)}) << 2 << "master ip";
    QTest::newRow("replica, port nil") << A({S("slave"), S("h"), RespValue::nil(), S("connected"), I(0)}) << 3
                                       << "master port";
    QTest::newRow("replica, port 70000") << A({S("slave"), S("h"), I(70000), S("connected"), I(0)}) << 3
                                         << "master port";
    QTest::newRow("replica, state integer") << A({S("slave"), S("h"), I(1), I(3), I(0)}) << 4 << "link state";
    QTest::newRow("replica, state empty") << A({S("slave"), S("h"), I(1), S(""), I(0)}) << 4 << "link state";
    QTest::newRow("replica, offset array") << A({S("slave"), S("h"), I(1), S("sync"), A({})}) << 5 << "offset";
    QTest::newRow("replica, offset -2") << A({S("slave"), S("h"), I(1), S("sync"), I(-2)}) << 5 << ">= -1";
    QTest::newRow("sentinel, short") << A({S("sentinel")}) << 0 << "1 elements, expected 2";
    QTest::newRow("sentinel, names not array") << A({S("sentinel"), S("mymaster")}) << 2 << "master name list";
    QTest::newRow("sentinel, name integer") << A({S("sentinel"), A({S("a"), I(2)})}) << 2 << "master name 2 is integer";
}

void TestRoleReply::malformed()
{
    QFETCH(RespValue, reply);
    QFETCH(int, element);
    QFETCH(QString, mentions);
    auto parsed = ops::parseRole(reply);
    QVERIFY(!parsed.ok());
    const ops::ParseError &e = parsed.error();
    QVERIFY2(e.what.startsWith(QLatin1String("ROLE: ")), qPrintable(e.what));
    QVERIFY2(e.what.contains(mentions), qPrintable(e.what));
    QCOMPARE(e.line, 0);
    QCOMPARE(e.position, element);
}

QTEST_APPLESS_MAIN(TestRoleReply)
#include "tst_rolereply.moc"
