// `redis-ops check` against real labs: each misconfiguration is made on the servers themselves
// (CONFIG SET, SENTINEL SET, ACL SETUSER, CLUSTER SETSLOT), the rule must fire in the CLI's
// output and exit code, and be silent again once the setting is fixed. Every run is a fresh
// process, so it reads the settings at connect (CONFIG GET, SENTINEL CKQUORUM). No fixed sleeps.
#include "CheckRun.h"
#include "LabFixture.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QScopeGuard>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace ops;
using labtest::execute;
using labtest::on;

class TestCliCheck : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void usageAndConnectionErrors();
    void sentinelMisconfigurationsFireAndClear();
    void configDeniedByAclIsUnknown();
    void clusterOpenSlotFiresAndClears();
    void clusterSettingsFireAndClear();
    void thresholdsFromSettingsAndOption();
    void evictionPolicyAgainstTtls();

private:
    CheckRun check(const QStringList &args, int waitMs = 60000);
    QStringList sentinelArgs() const;

    std::unique_ptr<LocalLab> m_sentinel, m_cluster;
    QTemporaryDir m_home;
};

void TestCliCheck::initTestCase()
{
    QVERIFY(m_home.isValid());
    m_sentinel = labtest::startedLab(LabSpec::Kind::Sentinel, 2);
    QVERIFY(m_sentinel);
}

void TestCliCheck::cleanupTestCase()
{
    const QList<qint64> left = labtest::stopLabs({&m_sentinel, &m_cluster});
    QVERIFY2(left.isEmpty(), qPrintable(QStringLiteral("still running: %1").arg(left.size())));
}

CheckRun TestCliCheck::check(const QStringList &args, int waitMs)
{
    return CheckRun::of(QStringLiteral(REDIS_OPS_BINARY), m_home.path(), args, waitMs);
}

QStringList TestCliCheck::sentinelArgs() const
{
    return {QStringLiteral("--sentinel"), m_sentinel->topology().nodesWithRole(LabNode::Role::Sentinel).first().endpoint.toString(),
            QStringLiteral("--master"), m_sentinel->topology().spec.masterName, QStringLiteral("--json")};
}

void TestCliCheck::usageAndConnectionErrors()
{
    const CheckRun usage = check({QStringLiteral("--min-severity"), QStringLiteral("error")});
    QVERIFY2(usage.code == 2 && usage.err.contains("invalid --min-severity"), usage.describe().constData());
    QTcpServer probe; // a port nothing listens on
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    const CheckRun down = check({QStringLiteral("-p"), QString::number(port), QStringLiteral("--wait"), QStringLiteral("1500")});
    QVERIFY2(down.code == 3, down.describe().constData());
}

void TestCliCheck::sentinelMisconfigurationsFireAndClear()
{
    LocalLab &lab = *m_sentinel;
    const Endpoint master = labtest::sentinelMaster(lab);
    QVERIFY(master.isValid());
    const QList<LabNode> sentinels = lab.topology().nodesWithRole(LabNode::Role::Sentinel);
    const QByteArray name = lab.topology().spec.masterName.toUtf8();
    auto setQuorum = [&](const QByteArray &q) {
        for (const LabNode &s : sentinels)
            QVERIFY2(on(lab, s.endpoint, {"SENTINEL", "SET", name, "quorum", q}).ok(), "SENTINEL SET quorum");
    };
    auto cleanup = qScopeGuard([&] {
        on(lab, master, {"CONFIG", "SET", "save", "", "min-replicas-to-write", "0"});
        for (const LabNode &s : sentinels)
            on(lab, s.endpoint, {"SENTINEL", "SET", name, "quorum", "2"});
    });

    // The lab as started: no persistence, min-replicas-to-write 0 (LabConfig), quorum 2 of 3.
    const CheckRun broken = check(sentinelArgs() + QStringList{QStringLiteral("--min-severity"), QStringLiteral("critical")});
    QVERIFY2(broken.code == 1, broken.describe().constData());
    QCOMPARE(broken.outcome(QStringLiteral("replication.persistence-off")), QStringLiteral("fire:critical"));
    QCOMPARE(broken.outcome(QStringLiteral("replication.min-replicas-to-write")), QStringLiteral("fire:warning"));
    QCOMPARE(broken.outcome(QStringLiteral("sentinel.quorum")), QStringLiteral("pass"));
    QCOMPARE(broken.outcome(QStringLiteral("sentinel.count")), QStringLiteral("pass"));
    QCOMPARE(broken.outcome(QStringLiteral("sentinel.ckquorum")), QStringLiteral("pass"));
    QCOMPARE(broken.outcome(QStringLiteral("replication.no-replica")), QStringLiteral("pass"));
    const QJsonObject persistence = broken.first(QStringLiteral("replication.persistence-off"));
    QCOMPARE(persistence.value(QStringLiteral("nodes")).toArray().first().toString(), master.toString());
    QCOMPARE(persistence.value(QStringLiteral("evidence")).toObject().value(QStringLiteral("replicas")).toString(), QStringLiteral("2"));
    QVERIFY(persistence.value(QStringLiteral("fix")).toString().contains(QLatin1String("appendonly yes")));

    // Fixed on the master; the quorum raised above the majority on every sentinel.
    QVERIFY(on(lab, master, {"CONFIG", "SET", "save", "3600 1", "min-replicas-to-write", "1"}).ok());
    setQuorum("3");
    const CheckRun quorum = check(sentinelArgs() + QStringList{QStringLiteral("--min-severity"), QStringLiteral("critical")});
    QVERIFY2(quorum.code == 0, quorum.describe().constData()); // nothing critical left
    QCOMPARE(quorum.outcome(QStringLiteral("replication.persistence-off")), QStringLiteral("pass"));
    QCOMPARE(quorum.outcome(QStringLiteral("replication.min-replicas-to-write")), QStringLiteral("pass"));
    QCOMPARE(quorum.outcome(QStringLiteral("sentinel.quorum")), QStringLiteral("fire:warning"));
    QCOMPARE(quorum.first(QStringLiteral("sentinel.quorum")).value(QStringLiteral("evidence")).toObject().value(QStringLiteral("quorum")).toString(),
             QStringLiteral("3"));
    const CheckRun atWarning = check(sentinelArgs());
    QVERIFY2(atWarning.code == 1, atWarning.describe().constData()); // the quorum warning fails the default level

    // Above the sentinel count: no failover can ever start; CKQUORUM says so too.
    setQuorum("4");
    const CheckRun never = check(sentinelArgs());
    QCOMPARE(never.outcome(QStringLiteral("sentinel.quorum")), QStringLiteral("fire:critical"));
    QCOMPARE(never.outcome(QStringLiteral("sentinel.ckquorum")), QStringLiteral("fire:critical,fire:critical,fire:critical"));

    setQuorum("2");
    const CheckRun fixed = check(sentinelArgs());
    QCOMPARE(fixed.outcome(QStringLiteral("sentinel.quorum")), QStringLiteral("pass"));
    QCOMPARE(fixed.outcome(QStringLiteral("sentinel.ckquorum")), QStringLiteral("pass"));
    // The lab's 1 s down-after and 5 s failover-timeout are in range.
    QCOMPARE(fixed.outcome(QStringLiteral("sentinel.down-after")), QStringLiteral("pass"));
    QCOMPARE(fixed.outcome(QStringLiteral("sentinel.failover-timeout")), QStringLiteral("pass"));

    // A failover-timeout under twice down-after on every sentinel (then put back).
    auto setTimeout = [&](const QByteArray &ms) {
        for (const LabNode &s : sentinels)
            QVERIFY2(on(lab, s.endpoint, {"SENTINEL", "SET", name, "failover-timeout", ms}).ok(), "SENTINEL SET failover-timeout");
    };
    setTimeout("1500");
    const CheckRun shortTimeout = check(sentinelArgs());
    setTimeout("5000");
    QCOMPARE(shortTimeout.outcome(QStringLiteral("sentinel.failover-timeout")), QStringLiteral("fire:warning,fire:warning,fire:warning"));
    QCOMPARE(shortTimeout.first(QStringLiteral("sentinel.failover-timeout")).value(QStringLiteral("evidence")).toObject()
                 .value(QStringLiteral("failover-timeout")).toString(),
             QStringLiteral("1500"));
    QCOMPARE(shortTimeout.outcome(QStringLiteral("sentinel.down-after")), QStringLiteral("pass"));
}

void TestCliCheck::configDeniedByAclIsUnknown()
{
    LocalLab &lab = *m_sentinel;
    QList<Endpoint> dataNodes;
    for (const LabNode &n : lab.topology().nodes)
        if (n.role != LabNode::Role::Sentinel)
            dataNodes << n.endpoint;
    // ACLs do not replicate: the user is created on every data node.
    for (const Endpoint &ep : std::as_const(dataNodes))
        QVERIFY(on(lab, ep, {"ACL", "SETUSER", "checker", "on", ">checker-pw", "~*", "&*", "+@all", "-config"}).ok());
    auto cleanup = qScopeGuard([&] {
        for (const Endpoint &ep : std::as_const(dataNodes))
            on(lab, ep, {"ACL", "DELUSER", "checker"});
        qunsetenv("REDISCLI_AUTH");
    });
    qputenv("REDISCLI_AUTH", "checker-pw");
    const CheckRun denied = check(sentinelArgs() + QStringList{QStringLiteral("--user"), QStringLiteral("checker")});
    QVERIFY2(denied.code == 0 || denied.code == 1, denied.describe().constData());
    QCOMPARE(denied.outcome(QStringLiteral("replication.persistence-off")), QStringLiteral("unknown"));
    QCOMPARE(denied.outcome(QStringLiteral("replication.min-replicas-to-write")), QStringLiteral("unknown"));
    const QString why = denied.first(QStringLiteral("replication.persistence-off")).value(QStringLiteral("summary")).toString();
    QVERIFY2(why.contains(QLatin1String("NOPERM")) || why.contains(QLatin1String("permission")), qPrintable(why));
    QVERIFY2(!denied.out.contains("checker-pw") && !denied.err.contains("checker-pw"), "the password is never printed");
    // INFO-based rules still decide.
    QCOMPARE(denied.outcome(QStringLiteral("replication.no-replica")), QStringLiteral("pass"));
}

void TestCliCheck::clusterOpenSlotFiresAndClears()
{
    m_cluster = labtest::startedLab(LabSpec::Kind::Cluster, 1);
    QVERIFY(m_cluster);
    QString why;
    QVERIFY2(labtest::waitClusterSettled(*m_cluster, why), qPrintable(why));
    const QList<LabNode> masters = m_cluster->topology().nodesWithRole(LabNode::Role::Master);
    const QStringList seed{QStringLiteral("-p"), QString::number(masters.first().endpoint.port), QStringLiteral("--json")};

    const CheckRun sound = check(seed);
    for (const char *rule : {"cluster.state", "cluster.coverage", "cluster.open-slots", "cluster.node-state", "cluster.slot-balance"})
        QVERIFY2(sound.outcome(QString::fromLatin1(rule)) == QLatin1String("pass"), (QByteArray(rule) + "\n" + sound.describe()).constData());

    // Slot 0's owner starts migrating it to another master and nobody finishes the move. Only
    // the owner accepts SETSLOT MIGRATING, so each master is asked in turn.
    QList<QByteArray> ids;
    for (const LabNode &m : masters) {
        const RedisResult id = on(*m_cluster, m.endpoint, {"CLUSTER", "MYID"});
        QVERIFY(id.ok());
        ids << id.value().bytes();
    }
    Endpoint owner;
    for (qsizetype i = 0; i < masters.size() && !owner.isValid(); ++i)
        if (on(*m_cluster, masters.at(i).endpoint, {"CLUSTER", "SETSLOT", "0", "MIGRATING", ids.at((i + 1) % ids.size())}).ok())
            owner = masters.at(i).endpoint;
    QVERIFY2(owner.isValid(), "no master accepted SETSLOT 0 MIGRATING");
    auto cleanup = qScopeGuard([&] { on(*m_cluster, owner, {"CLUSTER", "SETSLOT", "0", "STABLE"}); });
    const CheckRun open = check(seed);
    QVERIFY2(open.outcome(QStringLiteral("cluster.open-slots")) == QLatin1String("fire:warning"), open.describe().constData());
    QCOMPARE(open.first(QStringLiteral("cluster.open-slots")).value(QStringLiteral("evidence")).toObject().value(QStringLiteral("halfOpen")).toString(),
             QStringLiteral("1"));
    QVERIFY(on(*m_cluster, owner, {"CLUSTER", "SETSLOT", "0", "STABLE"}).ok());
    const CheckRun closed = check(seed);
    QCOMPARE(closed.outcome(QStringLiteral("cluster.open-slots")), QStringLiteral("pass"));
}

void TestCliCheck::clusterSettingsFireAndClear()
{
    QVERIFY(m_cluster);
    const QList<LabNode> masters = m_cluster->topology().nodesWithRole(LabNode::Role::Master);
    const Endpoint one = masters.last().endpoint;
    const QStringList seed{QStringLiteral("-p"), QString::number(masters.first().endpoint.port), QStringLiteral("--json")};

    // The lab: cluster-node-timeout 2000 everywhere, full coverage required, a replica per master.
    const CheckRun sound = check(seed);
    QVERIFY2(sound.outcome(QStringLiteral("cluster.node-timeout")) == QLatin1String("pass"), sound.describe().constData());
    QVERIFY2(sound.outcome(QStringLiteral("cluster.full-coverage")) == QLatin1String("pass"), sound.describe().constData());

    // One master with a timeout too short (900 ms, briefly: long enough for one check).
    auto restoreTimeout = qScopeGuard([&] { on(*m_cluster, one, {"CONFIG", "SET", "cluster-node-timeout", "2000"}); });
    QVERIFY(on(*m_cluster, one, {"CONFIG", "SET", "cluster-node-timeout", "900"}).ok());
    const CheckRun shortTimeout = check(seed);
    QVERIFY(on(*m_cluster, one, {"CONFIG", "SET", "cluster-node-timeout", "2000"}).ok());
    QVERIFY2(shortTimeout.outcome(QStringLiteral("cluster.node-timeout")) == QLatin1String("fire:warning,fire:warning"),
             shortTimeout.describe().constData());
    QVERIFY2(shortTimeout.out.contains("disagree on cluster-node-timeout (2000 on"), shortTimeout.describe().constData());
    QVERIFY2(shortTimeout.out.contains("900 on " + one.toString().toUtf8()), shortTimeout.describe().constData());

    // One node no longer requires full coverage: the nodes would react differently to a lost shard.
    auto restoreCoverage = qScopeGuard([&] { on(*m_cluster, one, {"CONFIG", "SET", "cluster-require-full-coverage", "yes"}); });
    QVERIFY(on(*m_cluster, one, {"CONFIG", "SET", "cluster-require-full-coverage", "no"}).ok());
    const CheckRun mixed = check(seed);
    QCOMPARE(mixed.outcome(QStringLiteral("cluster.full-coverage")), QStringLiteral("fire:warning"));
    QVERIFY(on(*m_cluster, one, {"CONFIG", "SET", "cluster-require-full-coverage", "yes"}).ok());
    const CheckRun fixed = check(seed);
    QCOMPARE(fixed.outcome(QStringLiteral("cluster.full-coverage")), QStringLiteral("pass"));
    QCOMPARE(fixed.outcome(QStringLiteral("cluster.node-timeout")), QStringLiteral("pass"));
}

void TestCliCheck::thresholdsFromSettingsAndOption()
{
    // Invalid overrides are usage errors that say what is accepted.
    const CheckRun bad = check({QStringLiteral("--threshold"), QStringLiteral("lag-bytes=abc")});
    QVERIFY2(bad.code == 2 && bad.err.contains("invalid --threshold: lag-bytes=abc: expected a size in bytes"), bad.describe().constData());
    const CheckRun unknown = check({QStringLiteral("--threshold"), QStringLiteral("lag=1")});
    QVERIFY2(unknown.code == 2 && unknown.err.contains("unknown threshold 'lag'"), unknown.describe().constData());

    // The master's maxmemory at about twice its used memory: ~50 % used.
    LocalLab &lab = *m_sentinel;
    const Endpoint master = labtest::sentinelMaster(lab);
    QVERIFY(master.isValid());
    const RedisResult info = on(lab, master, {"INFO", "memory"});
    QVERIFY(info.ok());
    qint64 used = 0;
    for (const QByteArray &line : info.value().bytes().split('\n'))
        if (line.startsWith("used_memory:"))
            used = line.mid(12).trimmed().toLongLong();
    QVERIFY(used > 0);
    auto cleanup = qScopeGuard([&] { on(lab, master, {"CONFIG", "SET", "maxmemory", "0"}); });
    QVERIFY(on(lab, master, {"CONFIG", "SET", "maxmemory", QByteArray::number(used * 2)}).ok());

    const CheckRun byDefault = check(sentinelArgs());
    QCOMPARE(byDefault.outcome(QStringLiteral("memory.usage")), QStringLiteral("pass")); // 90 %
    const CheckRun lowered = check(sentinelArgs() + QStringList{QStringLiteral("--threshold"), QStringLiteral("memory-percent=40")});
    // Critical: the lab's policy is noeviction, so writes fail at the limit.
    QCOMPARE(lowered.outcome(QStringLiteral("memory.usage")), QStringLiteral("fire:critical"));

    // The settings file (shared with the console) sets the default; --threshold still wins.
    const QString dir = m_home.path() + QStringLiteral("/xdg_config_home/redis-ops");
    QVERIFY(QDir().mkpath(dir));
    QFile conf(dir + QStringLiteral("/redis-ops-console.conf"));
    QVERIFY(conf.open(QIODevice::WriteOnly));
    conf.write("[alerts]\nmemory-percent=40\nlag-seconds=-3\n");
    conf.close();
    auto removeConf = qScopeGuard([&] { QFile::remove(conf.fileName()); });
    const CheckRun fromFile = check(sentinelArgs());
    QCOMPARE(fromFile.outcome(QStringLiteral("memory.usage")), QStringLiteral("fire:critical"));
    QVERIFY2(fromFile.err.contains("lag-seconds=-3: expected a number of seconds above 0"), fromFile.describe().constData());
    const CheckRun overridden = check(sentinelArgs() + QStringList{QStringLiteral("--threshold"), QStringLiteral("memory-percent=95")});
    QCOMPARE(overridden.outcome(QStringLiteral("memory.usage")), QStringLiteral("pass"));
}

void TestCliCheck::evictionPolicyAgainstTtls()
{
    LocalLab &lab = *m_sentinel;
    const Endpoint master = labtest::sentinelMaster(lab);
    QVERIFY(master.isValid());
    auto cleanup = qScopeGuard([&] {
        on(lab, master, {"CONFIG", "SET", "maxmemory", "0", "maxmemory-policy", "noeviction"});
        on(lab, master, {"DEL", "eviction:probe"});
    });
    QVERIFY(on(lab, master, {"CONFIG", "SET", "maxmemory", "100mb"}).ok());
    QVERIFY(on(lab, master, {"SET", "eviction:probe", "no ttl"}).ok());
    const CheckRun noEviction = check(sentinelArgs());
    QCOMPARE(noEviction.outcome(QStringLiteral("memory.eviction-policy")), QStringLiteral("pass"));

    // volatile-lru with no key that has a TTL: nothing can ever be evicted.
    QVERIFY(on(lab, master, {"CONFIG", "SET", "maxmemory-policy", "volatile-lru"}).ok());
    const CheckRun volatileNoTtl = check(sentinelArgs());
    QVERIFY2(volatileNoTtl.outcome(QStringLiteral("memory.eviction-policy")) == QLatin1String("fire:warning"),
             volatileNoTtl.describe().constData());
    const QJsonObject evidence = volatileNoTtl.first(QStringLiteral("memory.eviction-policy")).value(QStringLiteral("evidence")).toObject();
    QCOMPARE(evidence.value(QStringLiteral("expires")).toString(), QStringLiteral("0"));
    QCOMPARE(evidence.value(QStringLiteral("maxmemory_policy")).toString(), QStringLiteral("volatile-lru"));

    // The probe has a TTL now, and the node is far below half its maxmemory: nothing to warn about.
    QVERIFY(on(lab, master, {"EXPIRE", "eviction:probe", "3600"}).ok());
    const CheckRun withTtl = check(sentinelArgs());
    QVERIFY2(withTtl.outcome(QStringLiteral("memory.eviction-policy")) == QLatin1String("pass"), withTtl.describe().constData());
}

QTEST_MAIN(TestCliCheck)
#include "tst_cli_check.moc"
