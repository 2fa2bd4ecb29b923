// The replication.* health rules on synthetic snapshots of every kind, boundaries included
// (lag at and one above the threshold, persistence with and without replicas, settings unknown).
#include "HealthTestSupport.h"

#include <QTest>

using namespace healthtest;

namespace {

TopologySnapshot ofKind(const QString &kind, int replicas)
{
    if (kind == QLatin1String("cluster"))
        return cluster(1, replicas);
    if (kind == QLatin1String("standalone"))
        return standalone(replicas);
    return sentinelDeployment(3, replicas);
}

Node &firstMaster(TopologySnapshot &s)
{
    for (Node &n : s.nodes)
        if (n.isMaster())
            return n;
    qFatal("no master");
}

} // namespace

class TestReplicationRules : public QObject
{
    Q_OBJECT
private slots:
    void soundDeploymentsPass_data();
    void soundDeploymentsPass();
    void noReplica_data();
    void noReplica();
    void emptyClusterMasterIsASpare();
    void sameHost_data();
    void sameHost();
    void minReplicasToWrite_data();
    void minReplicasToWrite();
    void persistence_data();
    void persistence();
    void lag_data();
    void lag();
    void backlog_data();
    void backlog();
};

void TestReplicationRules::soundDeploymentsPass_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("sentinel") << "sentinel";
    QTest::newRow("cluster") << "cluster";
    QTest::newRow("standalone") << "standalone";
}

void TestReplicationRules::soundDeploymentsPass()
{
    QFETCH(QString, kind);
    const HealthReport report = HealthChecker().check(ofKind(kind, 1));
    for (const HealthFinding &f : report.findings)
        if (f.ruleId.startsWith(QLatin1String("replication.")))
            QVERIFY2(f.status == HealthFinding::Status::Pass, qPrintable(f.ruleId + QStringLiteral(": ") + f.summary));
}

void TestReplicationRules::noReplica_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("replicas");
    QTest::addColumn<int>("linksUp");
    QTest::addColumn<QString>("expected");
    QTest::newRow("sentinel, none") << "sentinel" << 0 << 0 << "fire:critical";
    QTest::newRow("cluster, none") << "cluster" << 0 << 0 << "fire:critical";
    QTest::newRow("standalone, none") << "standalone" << 0 << 0 << "fire:warning";
    QTest::newRow("2, none in sync") << "sentinel" << 2 << 0 << "fire:critical";
    QTest::newRow("2, one in sync") << "sentinel" << 2 << 1 << "pass";
    QTest::newRow("2, links not known yet") << "sentinel" << 2 << -1 << "unknown";
    QTest::newRow("1 in sync") << "cluster" << 1 << 1 << "pass";
}

void TestReplicationRules::noReplica()
{
    QFETCH(QString, kind);
    QFETCH(int, replicas);
    QFETCH(int, linksUp);
    QFETCH(QString, expected);
    TopologySnapshot s = ofKind(kind, replicas);
    int up = 0;
    for (Node &n : s.nodes)
        if (n.isReplica())
            n.masterLinkUp = linksUp < 0 ? -1 : up++ < linksUp ? 1 : 0;
    QCOMPARE(outcome(s, QStringLiteral("replication.no-replica")), expected);
}

void TestReplicationRules::emptyClusterMasterIsASpare()
{
    TopologySnapshot s = cluster(3, 1);
    Node spare = dataNode(QStringLiteral("10.0.5.1"), 7000, Node::Role::Master);
    spare.id = QStringLiteral("spare");
    s.nodes << spare; // no slots, no replica: nothing to protect
    QCOMPARE(outcome(s, QStringLiteral("replication.no-replica")), QStringLiteral("pass"));
    QCOMPARE(outcome(s, QStringLiteral("replication.persistence-off")), QStringLiteral("pass"));
}

void TestReplicationRules::sameHost_data()
{
    QTest::addColumn<QStringList>("replicaHosts"); // the master is on 10.0.0.1
    QTest::addColumn<QString>("expected");
    QTest::newRow("other hosts") << words("10.0.0.2,10.0.0.3") << "pass";
    QTest::newRow("one on the master's host") << words("10.0.0.1,10.0.0.3") << "fire:warning";
    QTest::newRow("all on the master's host") << words("10.0.0.1,10.0.0.1") << "fire:warning";
    QTest::newRow("both on one other host") << words("10.0.0.2,10.0.0.2") << "fire:warning";
}

void TestReplicationRules::sameHost()
{
    QFETCH(QStringList, replicaHosts);
    QFETCH(QString, expected);
    TopologySnapshot s = sentinelDeployment(3, 2);
    quint16 port = 6380;
    for (int i = 0; i < 2; ++i)
        s.nodes[i + 1].endpoint = Endpoint{replicaHosts.at(i), port++};
    QCOMPARE(outcome(s, QStringLiteral("replication.same-host")), expected);
    if (expected != QLatin1String("pass")) {
        const HealthFinding f = HealthChecker().check(s).ofRule(QStringLiteral("replication.same-host")).first();
        QCOMPARE(f.nodes, QStringList{s.nodes[0].id});
        QCOMPARE(f.summary.startsWith(QLatin1String("every replica")), replicaHosts.at(1) == QLatin1String("10.0.0.1"));
    }
}

void TestReplicationRules::minReplicasToWrite_data()
{
    QTest::addColumn<QString>("value"); // empty: CONFIG GET failed
    QTest::addColumn<int>("replicas");
    QTest::addColumn<QString>("expected");
    QTest::newRow("0 with replicas") << "0" << 2 << "fire:warning";
    QTest::newRow("1") << "1" << 2 << "pass";
    QTest::newRow("2") << "2" << 2 << "pass";
    QTest::newRow("0 without replicas") << "0" << 0 << "pass";
    QTest::newRow("CONFIG renamed") << "" << 2 << "unknown";
}

void TestReplicationRules::minReplicasToWrite()
{
    QFETCH(QString, value);
    QFETCH(int, replicas);
    QFETCH(QString, expected);
    TopologySnapshot s = sentinelDeployment(3, replicas);
    Node &m = firstMaster(s);
    if (value.isEmpty()) {
        m.config.values.clear();
        m.config.unavailable = QStringLiteral("CONFIG GET failed: ERR unknown command 'CONFIG'");
    } else {
        m.config.values.insert("min-replicas-to-write", value.toUtf8());
    }
    QCOMPARE(outcome(s, QStringLiteral("replication.min-replicas-to-write")), expected);
    if (value.isEmpty()) {
        const HealthFinding f = HealthChecker().check(s).ofRule(QStringLiteral("replication.min-replicas-to-write")).first();
        QVERIFY2(f.summary.contains(QLatin1String("unknown command")), qPrintable(f.summary)); // says why
    }
}

void TestReplicationRules::persistence_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("replicas");
    QTest::addColumn<QString>("save");
    QTest::addColumn<QString>("appendonly"); // empty: settings not readable
    QTest::addColumn<QString>("expected");
    QTest::newRow("off, with replicas") << "sentinel" << 2 << "" << "no" << "fire:critical";
    QTest::newRow("off, cluster with replica") << "cluster" << 1 << "" << "no" << "fire:critical";
    QTest::newRow("off, alone") << "standalone" << 0 << "" << "no" << "fire:warning";
    QTest::newRow("RDB only") << "sentinel" << 2 << "3600 1" << "no" << "pass";
    QTest::newRow("AOF only") << "sentinel" << 2 << "" << "yes" << "pass";
    QTest::newRow("both") << "sentinel" << 2 << "900 1" << "yes" << "pass";
    QTest::newRow("save of spaces") << "sentinel" << 2 << " " << "no" << "fire:critical";
    QTest::newRow("denied by ACL") << "sentinel" << 2 << "" << "" << "unknown";
}

void TestReplicationRules::persistence()
{
    QFETCH(QString, kind);
    QFETCH(int, replicas);
    QFETCH(QString, save);
    QFETCH(QString, appendonly);
    QFETCH(QString, expected);
    TopologySnapshot s = ofKind(kind, replicas);
    Node &m = firstMaster(s);
    if (appendonly.isEmpty()) {
        m.config.values.clear();
        m.config.unavailable = QStringLiteral("CONFIG GET failed: NOPERM this user has no permissions to run the 'config|get' command");
    } else {
        m.config.values.insert("save", save.toUtf8());
        m.config.values.insert("appendonly", appendonly.toUtf8());
    }
    QCOMPARE(outcome(s, QStringLiteral("replication.persistence-off")), expected);
}

void TestReplicationRules::lag_data()
{
    QTest::addColumn<int>("link");
    QTest::addColumn<qint64>("lagBytes");
    QTest::addColumn<double>("lagSeconds");
    QTest::addColumn<QString>("expected");
    const qint64 limit = HealthThresholds{}.replicaLagBytes;
    QTest::newRow("in sync") << 1 << qint64(0) << 0.0 << "pass";
    QTest::newRow("bytes at the threshold") << 1 << limit << 0.0 << "pass";
    QTest::newRow("bytes one above") << 1 << limit + 1 << 0.0 << "fire:warning";
    QTest::newRow("seconds at the threshold") << 1 << qint64(0) << 10.0 << "pass";
    QTest::newRow("seconds above") << 1 << qint64(0) << 11.0 << "fire:warning";
    QTest::newRow("link down") << 0 << qint64(-1) << -1.0 << "fire:critical";
    QTest::newRow("lag unknown") << 1 << qint64(-1) << -1.0 << "pass";
}

void TestReplicationRules::lag()
{
    QFETCH(int, link);
    QFETCH(qint64, lagBytes);
    QFETCH(double, lagSeconds);
    QFETCH(QString, expected);
    TopologySnapshot s = sentinelDeployment(3, 2);
    s.nodes[1].masterLinkUp = link;
    s.nodes[1].lagBytes = lagBytes;
    s.nodes[1].lagSeconds = lagSeconds;
    QCOMPARE(outcome(s, QStringLiteral("replication.lag")), expected);
}

void TestReplicationRules::backlog_data()
{
    QTest::addColumn<QString>("size");   // empty: CONFIG GET failed
    QTest::addColumn<double>("rate");    // bytes/s; -1 not measured yet
    QTest::addColumn<int>("replicas");
    QTest::addColumn<QString>("expected");
    QTest::newRow("1 MB at 10 KB/s: 102 s") << "1048576" << 10240.0 << 2 << "pass";
    QTest::newRow("1 MB at 17477 B/s: exactly 60 s") << "1048560" << 17476.0 << 2 << "pass";
    QTest::newRow("1 MB at 100 KB/s: 10 s") << "1048576" << 102400.0 << 2 << "fire:warning";
    QTest::newRow("rate not measured yet") << "1048576" << -1.0 << 2 << "pass";
    QTest::newRow("no writes") << "1048576" << 0.0 << 2 << "pass";
    QTest::newRow("no replica to resync") << "16384" << 102400.0 << 0 << "pass";
    QTest::newRow("CONFIG renamed") << "" << 102400.0 << 2 << "unknown";
}

void TestReplicationRules::backlog()
{
    QFETCH(QString, size);
    QFETCH(double, rate);
    QFETCH(int, replicas);
    QFETCH(QString, expected);
    TopologySnapshot s = sentinelDeployment(3, replicas);
    Node &m = firstMaster(s);
    m.replBytesPerSec = rate;
    if (size.isEmpty()) {
        m.config.values.clear();
        m.config.unavailable = QStringLiteral("CONFIG GET failed: ERR unknown command 'CONFIG'");
    } else {
        m.config.values.insert("repl-backlog-size", size.toUtf8());
    }
    QCOMPARE(outcome(s, QStringLiteral("replication.backlog")), expected);
    if (expected == QLatin1String("fire:warning")) {
        const HealthFinding f = HealthChecker().check(s).ofRule(QStringLiteral("replication.backlog")).first();
        QVERIFY2(f.summary.contains(QLatin1String("covers 10.2 s")), qPrintable(f.summary));
        QVERIFY2(f.fix.contains(QLatin1String("repl-backlog-size 6291456")), qPrintable(f.fix)); // 60 s × 100 KB/s = 5.9 MB → 6 MB
        // A team that accepts 5 s outages: fine.
        HealthThresholds t;
        t.backlogOutageSeconds = 5;
        QCOMPARE(outcome(s, QStringLiteral("replication.backlog"), t), QStringLiteral("pass"));
    }
}

QTEST_APPLESS_MAIN(TestReplicationRules)
#include "tst_replicationrules.moc"
