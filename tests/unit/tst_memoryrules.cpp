// The memory.* health rules, boundaries included: maxmemory at exactly 75 % of the host,
// fragmentation at 1.5 and on datasets too small for the ratio to mean anything (MEMORY DOCTOR's
// 5 MB / 10 MB), usage at 90 % with and without eviction.
#include "HealthTestSupport.h"

#include <QTest>

using namespace healthtest;

class TestMemoryRules : public QObject
{
    Q_OBJECT
private slots:
    void maxMemory_data();
    void maxMemory();
    void fragmentation_data();
    void fragmentation();
    void usage_data();
    void usage();
    void evictionPolicy_data();
    void evictionPolicy();
};

void TestMemoryRules::maxMemory_data()
{
    QTest::addColumn<qint64>("maxmemory");
    QTest::addColumn<qint64>("total");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unset") << qint64(0) << 8 * kGB << "fire:warning";
    QTest::newRow("75 %") << 6 * kGB << 8 * kGB << "pass";
    QTest::newRow("just above 75 %") << 6 * kGB + 1 << 8 * kGB << "fire:warning";
    QTest::newRow("above the host") << 16 * kGB << 8 * kGB << "fire:warning";
    QTest::newRow("host size unknown") << kGB << qint64(0) << "pass";
    QTest::newRow("not reported") << qint64(-1) << 8 * kGB << "unknown";
}

void TestMemoryRules::maxMemory()
{
    QFETCH(qint64, maxmemory);
    QFETCH(qint64, total);
    QFETCH(QString, expected);
    TopologySnapshot s = standalone(0);
    s.nodes[0].maxMemory = maxmemory;
    s.nodes[0].totalSystemMemory = total;
    QCOMPARE(outcome(s, QStringLiteral("memory.maxmemory")), expected);
}

void TestMemoryRules::fragmentation_data()
{
    QTest::addColumn<double>("ratio");
    QTest::addColumn<qint64>("used");
    QTest::addColumn<qint64>("fragBytes");
    QTest::addColumn<QString>("expected");
    QTest::newRow("1.5: at the threshold") << 1.5 << 100 * kMB << 50 * kMB << "pass";
    QTest::newRow("1.51") << 1.51 << 100 * kMB << 51 * kMB << "fire:warning";
    QTest::newRow("fresh lab node: 10 at 1 MB") << 10.0 << kMB << 9 * kMB << "pass";
    QTest::newRow("just under 5 MB used") << 3.0 << 5 * kMB - 1 << 11 * kMB << "pass";
    QTest::newRow("5 MB used, 10 MB beyond") << 3.0 << 5 * kMB << 10 * kMB << "pass";
    QTest::newRow("5 MB used, over 10 MB beyond") << 3.0 << 5 * kMB << 10 * kMB + 1 << "fire:warning";
    QTest::newRow("bytes not reported (Redis < 7)") << 2.0 << 100 * kMB << qint64(-1) << "fire:warning";
    QTest::newRow("ratio not reported") << -1.0 << 100 * kMB << qint64(-1) << "unknown";
}

void TestMemoryRules::fragmentation()
{
    QFETCH(double, ratio);
    QFETCH(qint64, used);
    QFETCH(qint64, fragBytes);
    QFETCH(QString, expected);
    TopologySnapshot s = standalone(0);
    s.nodes[0].fragmentation = ratio;
    s.nodes[0].usedMemory = used;
    s.nodes[0].fragmentationBytes = fragBytes;
    QCOMPARE(outcome(s, QStringLiteral("memory.fragmentation")), expected);
}

void TestMemoryRules::usage_data()
{
    QTest::addColumn<qint64>("used");
    QTest::addColumn<qint64>("maxmemory");
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QString>("expected");
    QTest::newRow("89 %") << 89 * kMB << 100 * kMB << "noeviction" << "pass";
    QTest::newRow("90 %, noeviction: OOM") << 90 * kMB << 100 * kMB << "noeviction" << "fire:critical";
    QTest::newRow("90 %, policy unknown") << 90 * kMB << 100 * kMB << "" << "fire:critical";
    QTest::newRow("99 %, allkeys-lru: evicting") << 99 * kMB << 100 * kMB << "allkeys-lru" << "fire:warning";
    QTest::newRow("no maxmemory") << 99 * kGB << qint64(0) << "noeviction" << "pass";
}

void TestMemoryRules::usage()
{
    QFETCH(qint64, used);
    QFETCH(qint64, maxmemory);
    QFETCH(QString, policy);
    QFETCH(QString, expected);
    TopologySnapshot s = standalone(0);
    s.nodes[0].usedMemory = used;
    s.nodes[0].maxMemory = maxmemory;
    s.nodes[0].maxMemoryPolicy = policy;
    QCOMPARE(outcome(s, QStringLiteral("memory.usage")), expected);
}

void TestMemoryRules::evictionPolicy_data()
{
    QTest::addColumn<QString>("policy");
    QTest::addColumn<qint64>("keys");
    QTest::addColumn<qint64>("expires");
    QTest::addColumn<qint64>("used"); // of a 100 MB maxmemory; -1: maxmemory 0
    QTest::addColumn<QString>("expected");
    QTest::newRow("noeviction") << "noeviction" << qint64(1000) << qint64(0) << 90 * kMB << "pass";
    QTest::newRow("allkeys-lru, no TTLs") << "allkeys-lru" << qint64(1000) << qint64(0) << 90 * kMB << "pass";
    QTest::newRow("volatile-lru, no TTLs") << "volatile-lru" << qint64(1000) << qint64(0) << 10 * kMB << "fire:warning";
    QTest::newRow("volatile-ttl, no TTLs") << "volatile-ttl" << qint64(1000) << qint64(0) << 10 * kMB << "fire:warning";
    QTest::newRow("volatile-lfu, empty") << "volatile-lfu" << qint64(0) << qint64(0) << 10 * kMB << "pass";
    QTest::newRow("volatile-lru, 5 % TTLs, 90 % used") << "volatile-lru" << qint64(1000) << qint64(50) << 90 * kMB << "pass";
    QTest::newRow("volatile-lru, 4.9 % TTLs, 90 % used") << "volatile-lru" << qint64(1000) << qint64(49) << 90 * kMB << "fire:info";
    QTest::newRow("volatile-lru, 4.9 % TTLs, 49 % used") << "volatile-lru" << qint64(1000) << qint64(49) << 49 * kMB << "pass";
    QTest::newRow("volatile-lru, 4.9 % TTLs, 50 % used") << "volatile-lru" << qint64(1000) << qint64(49) << 50 * kMB << "fire:info";
    QTest::newRow("no maxmemory: nothing evicts") << "volatile-lru" << qint64(1000) << qint64(0) << qint64(-1) << "pass";
    QTest::newRow("policy not reported") << "" << qint64(1000) << qint64(0) << 10 * kMB << "unknown";
    QTest::newRow("keyspace not reported") << "volatile-lru" << qint64(1000) << qint64(-1) << 10 * kMB << "unknown";
}

void TestMemoryRules::evictionPolicy()
{
    QFETCH(QString, policy);
    QFETCH(qint64, keys);
    QFETCH(qint64, expires);
    QFETCH(qint64, used);
    QFETCH(QString, expected);
    // Master and replica alike: only the master evicts, so only it is judged.
    TopologySnapshot s = standalone(1);
    for (Node &n : s.nodes) {
        n.maxMemoryPolicy = policy;
        n.keys = keys;
        n.keysWithExpiry = expires;
        n.maxMemory = used < 0 ? 0 : 100 * kMB;
        n.usedMemory = used < 0 ? 10 * kMB : used;
    }
    QCOMPARE(outcome(s, QStringLiteral("memory.eviction-policy")), expected);
}

QTEST_APPLESS_MAIN(TestMemoryRules)
#include "tst_memoryrules.moc"
