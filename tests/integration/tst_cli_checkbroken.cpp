// `redis-ops check` against labs broken on purpose for the rules that so far fired only in unit
// tests: too few and an even number of sentinels (labs started that way), down-after-milliseconds
// out of range (SENTINEL SET), replicas on their master's host (every lab: all listen on
// 127.0.0.1), a replica whose link is down (a wrong masterauth) and a master with no replica
// (REPLICAOF NO ONE; a cluster started without replicas), used memory near maxmemory (a 4 MB
// headroom filled), a replica megabytes behind (its replication stream held back by a proxy),
// uncovered slots (CLUSTER DELSLOTSRANGE
// on every node), an uneven slot distribution (the slots given to another master), a failed
// master (SIGSTOP past cluster-node-timeout), and CONFIG renamed away (rename-command). Each rule
// fires with its evidence, then the lab is repaired and it passes again. Scope guards put a lab
// back if a test fails midway. No fixed sleeps: conditions are waited for with QTRY.
#include "CheckRun.h"
#include "HoldingProxy.h"
#include "LabFixture.h"
#include "lab/FaultInjector.h"
#include "lab/FreePorts.h"
#include "lab/LabConfig.h"
#include "lab/LabProcess.h"

#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace ops;
using labtest::execute;

class TestCliCheckBroken : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void sentinelCountFires_data();
    void sentinelCountFires();
    void downAfterOutOfRangeFiresAndClears();
    void brokenLinkAndLostReplicaFireAndClear();
    void memoryNearMaxmemoryFiresAndClears();
    void replicaBehindFiresAndCatchesUp();
    void clusterCoverageBalanceAndFailedMaster();
    void configRenamedIsUnknownWithTheReason();

private:
    CheckRun check(const QStringList &args, int waitMs = 90000);
    static QStringList sentinelArgs(const LocalLab &lab);
    static RedisResult on(LocalLab &lab, const Endpoint &ep, const QList<QByteArray> &argv);
    static QByteArray info(LocalLab &lab, const Endpoint &ep, const QByteArray &section, const QByteArray &field);

    std::unique_ptr<LocalLab> m_sentinel, m_standalone, m_cluster;
    QTemporaryDir m_home;
};

void TestCliCheckBroken::initTestCase()
{
    QVERIFY(m_home.isValid());
}

void TestCliCheckBroken::cleanupTestCase()
{
    const QList<qint64> left = labtest::stopLabs({&m_sentinel, &m_standalone, &m_cluster});
    QVERIFY2(left.isEmpty(), qPrintable(QStringLiteral("still running: %1").arg(left.size())));
}

CheckRun TestCliCheckBroken::check(const QStringList &args, int waitMs)
{
    return CheckRun::of(QStringLiteral(REDIS_OPS_BINARY), m_home.path(), args + QStringList{QStringLiteral("--json")}, waitMs);
}

QStringList TestCliCheckBroken::sentinelArgs(const LocalLab &lab)
{
    return {QStringLiteral("--sentinel"), lab.topology().nodesWithRole(LabNode::Role::Sentinel).first().endpoint.toString(),
            QStringLiteral("--master"), lab.topology().spec.masterName};
}

RedisResult TestCliCheckBroken::on(LocalLab &lab, const Endpoint &ep, const QList<QByteArray> &argv)
{
    RedisConnection c(lab.topology().connectionOptions(ep));
    return execute(c, RespCommand(argv));
}

QByteArray TestCliCheckBroken::info(LocalLab &lab, const Endpoint &ep, const QByteArray &section, const QByteArray &field)
{
    return labtest::infoField(on(lab, ep, {"INFO", section}), field);
}

void TestCliCheckBroken::sentinelCountFires_data()
{
    QTest::addColumn<int>("sentinels");
    QTest::addColumn<QString>("outcome");
    QTest::addColumn<QString>("evidenceName");
    QTest::addColumn<QString>("evidenceValue");
    // Two: losing one leaves one, which can never be a majority. Four: a majority of 3, so it
    // survives one loss, as three do.
    QTest::newRow("two sentinels") << 2 << "fire:critical" << "minimum" << "3";
    QTest::newRow("four sentinels") << 4 << "fire:warning" << "majority" << "3";
}

void TestCliCheckBroken::sentinelCountFires()
{
    QFETCH(int, sentinels);
    QFETCH(QString, outcome);
    QFETCH(QString, evidenceName);
    QFETCH(QString, evidenceValue);
    labtest::stopLabs({&m_sentinel});
    m_sentinel = std::make_unique<LocalLab>();
    LabSpec spec;
    spec.kind = LabSpec::Kind::Sentinel;
    spec.replicasPerMaster = 1;
    spec.sentinels = sentinels;
    QString error;
    QVERIFY2(labtest::startLab(*m_sentinel, spec, error), qPrintable(error));

    // The sentinels discover each other through hello messages: wait until the first knows all.
    const Endpoint first = m_sentinel->topology().nodesWithRole(LabNode::Role::Sentinel).first().endpoint;
    const QByteArray others = QByteArray::number(sentinels - 1);
    QTRY_COMPARE_WITH_TIMEOUT(labtest::pairValue(on(*m_sentinel, first, {"SENTINEL", "MASTER", "mymaster"}).value(), "num-other-sentinels"),
                              others, 30000);
    const CheckRun r = check(sentinelArgs(*m_sentinel));
    QVERIFY2(r.outcome(QStringLiteral("sentinel.count")) == outcome, r.describe().constData());
    QCOMPARE(r.evidence(QStringLiteral("sentinel.count"), QStringLiteral("sentinels")), QString::number(sentinels));
    QCOMPARE(r.evidence(QStringLiteral("sentinel.count"), evidenceName), evidenceValue);
    QVERIFY2(r.code == 1, r.describe().constData());

    // Every lab node listens on 127.0.0.1: the replica shares its master's host, and says so.
    const Endpoint master = labtest::sentinelMaster(*m_sentinel);
    QVERIFY2(r.outcome(QStringLiteral("replication.same-host")) == QLatin1String("fire:warning"), r.describe().constData());
    QCOMPARE(r.evidence(QStringLiteral("replication.same-host"), QStringLiteral("host")), QStringLiteral("127.0.0.1"));
    QCOMPARE(r.nodes(QStringLiteral("replication.same-host")), QStringList{master.toString()});
    QVERIFY(r.first(QStringLiteral("replication.same-host")).value(QStringLiteral("summary")).toString().contains(QLatin1String("every replica")));
}

void TestCliCheckBroken::downAfterOutOfRangeFiresAndClears()
{
    QVERIFY(m_sentinel); // the four-sentinel lab of the previous test
    LocalLab &lab = *m_sentinel;
    const QList<LabNode> sentinels = lab.topology().nodesWithRole(LabNode::Role::Sentinel);
    auto setDownAfter = [&](const QByteArray &ms) {
        bool ok = true;
        for (const LabNode &s : sentinels)
            ok = on(lab, s.endpoint, {"SENTINEL", "SET", "mymaster", "down-after-milliseconds", ms}).ok() && ok;
        return ok;
    };
    auto restore = qScopeGuard([&] { setDownAfter("1000"); }); // LabConfig's value
    const QString rule = QStringLiteral("sentinel.down-after");
    const QString fired = QStringList(sentinels.size(), QStringLiteral("fire:warning")).join(QLatin1Char(','));

    for (const QByteArray &ms : {QByteArray("400"), QByteArray("120000")}) {
        QVERIFY(setDownAfter(ms));
        const CheckRun r = check(sentinelArgs(lab));
        QVERIFY2(r.outcome(rule) == fired, (ms + "\n" + r.describe()).constData());
        QCOMPARE(r.evidence(rule, QStringLiteral("down-after-milliseconds")), QString::fromLatin1(ms));
        const QString summary = r.first(rule).value(QStringLiteral("summary")).toString();
        QVERIFY2(summary.contains(ms.toInt() < 1000 ? QLatin1String("a pause that short") : QLatin1String("noticed only after 120 s")),
                 qPrintable(summary));
    }
    QVERIFY(setDownAfter("1000"));
    const CheckRun fixed = check(sentinelArgs(lab));
    QVERIFY2(fixed.outcome(rule) == QLatin1String("pass"), fixed.describe().constData());
}

void TestCliCheckBroken::brokenLinkAndLostReplicaFireAndClear()
{
    m_standalone = labtest::startedLab(LabSpec::Kind::Standalone, 1);
    QVERIFY(m_standalone);
    LocalLab &lab = *m_standalone;
    const Endpoint master = lab.topology().nodesWithRole(LabNode::Role::Master).first().endpoint;
    const Endpoint replica = lab.topology().nodesWithRole(LabNode::Role::Replica).first().endpoint;
    const QStringList seed{QStringLiteral("-p"), QString::number(master.port)};
    QTRY_COMPARE_WITH_TIMEOUT(info(lab, replica, "replication", "master_link_status"), QByteArray("up"), 30000);
    auto restore = qScopeGuard([&] {
        on(lab, replica, {"CONFIG", "SET", "masterauth", ""});
        on(lab, replica, {"REPLICAOF", "127.0.0.1", QByteArray::number(master.port)});
    });

    const CheckRun sound = check(seed);
    QVERIFY2(sound.outcome(QStringLiteral("replication.no-replica")) == QLatin1String("pass"), sound.describe().constData());
    QVERIFY2(sound.outcome(QStringLiteral("replication.lag")) == QLatin1String("pass"), sound.describe().constData());

    // The link breaks: the replica sends a password the master does not take (what a requirepass
    // rotated without masterauth does; Redis refuses AUTH to a master without one too), and its
    // connection to the master is cut so that it must authenticate again.
    QVERIFY(on(lab, replica, {"CONFIG", "SET", "masterauth", "not-the-password"}).ok());
    QVERIFY(on(lab, replica, {"CLIENT", "KILL", "TYPE", "master"}).ok());
    QTRY_VERIFY_WITH_TIMEOUT(info(lab, replica, "replication", "master_link_status") == "down"
                                 && info(lab, master, "replication", "connected_slaves") == "0",
                             30000);
    // Seen from the master, the replica is simply gone (INFO lists no replica).
    const CheckRun fromMaster = check(seed);
    QVERIFY2(fromMaster.outcome(QStringLiteral("replication.no-replica")) == QLatin1String("fire:warning"), fromMaster.describe().constData());
    // Seen from the replica (discovery follows master_host), the link is down and nothing is in sync.
    const CheckRun broken = check({QStringLiteral("-p"), QString::number(replica.port)});
    QVERIFY2(broken.outcome(QStringLiteral("replication.no-replica")) == QLatin1String("fire:critical"), broken.describe().constData());
    QCOMPARE(broken.evidence(QStringLiteral("replication.no-replica"), QStringLiteral("inSync")), QStringLiteral("0"));
    QVERIFY2(broken.outcome(QStringLiteral("replication.lag")) == QLatin1String("fire:critical"), broken.describe().constData());
    QCOMPARE(broken.evidence(QStringLiteral("replication.lag"), QStringLiteral("link")), QStringLiteral("down"));
    QCOMPARE(broken.nodes(QStringLiteral("replication.lag")), QStringList{replica.toString()});
    QVERIFY2(broken.code == 1, broken.describe().constData());

    // Repaired: the right (empty) masterauth; the link comes back.
    QVERIFY(on(lab, replica, {"CONFIG", "SET", "masterauth", ""}).ok());
    QTRY_COMPARE_WITH_TIMEOUT(info(lab, replica, "replication", "master_link_status"), QByteArray("up"), 30000);
    const CheckRun relinked = check({QStringLiteral("-p"), QString::number(replica.port)});
    QVERIFY2(relinked.outcome(QStringLiteral("replication.lag")) == QLatin1String("pass"), relinked.describe().constData());
    QVERIFY2(relinked.outcome(QStringLiteral("replication.no-replica")) == QLatin1String("pass"), relinked.describe().constData());

    // The replica is taken away (promoted on its own): the master has nothing left.
    QVERIFY(on(lab, replica, {"REPLICAOF", "NO", "ONE"}).ok());
    QTRY_COMPARE_WITH_TIMEOUT(info(lab, master, "replication", "connected_slaves"), QByteArray("0"), 30000);
    const CheckRun alone = check(seed);
    // A standalone deployment has no failover to lose, so it is a warning, not critical.
    QVERIFY2(alone.outcome(QStringLiteral("replication.no-replica")) == QLatin1String("fire:warning"), alone.describe().constData());
    QCOMPARE(alone.evidence(QStringLiteral("replication.no-replica"), QStringLiteral("replicas")), QStringLiteral("0"));
    QCOMPARE(alone.nodes(QStringLiteral("replication.no-replica")), QStringList{master.toString()});

    QVERIFY(on(lab, replica, {"REPLICAOF", "127.0.0.1", QByteArray::number(master.port)}).ok());
    QTRY_COMPARE_WITH_TIMEOUT(info(lab, replica, "replication", "master_link_status"), QByteArray("up"), 30000);
    const CheckRun back = check(seed);
    QVERIFY2(back.outcome(QStringLiteral("replication.no-replica")) == QLatin1String("pass"), back.describe().constData());
}

// Used memory really near maxmemory: a 4 MB headroom filled with keys until writes would fail.
void TestCliCheckBroken::memoryNearMaxmemoryFiresAndClears()
{
    QVERIFY(m_standalone);
    LocalLab &lab = *m_standalone;
    const Endpoint master = lab.topology().nodesWithRole(LabNode::Role::Master).first().endpoint;
    const QStringList seed{QStringLiteral("-p"), QString::number(master.port)};
    auto restore = qScopeGuard([&] {
        on(lab, master, {"FLUSHALL"});
        on(lab, master, {"CONFIG", "SET", "maxmemory", "0", "maxmemory-policy", "noeviction"});
    });
    const qint64 used = info(lab, master, "memory", "used_memory").toLongLong();
    QVERIFY(used > 0);
    const qint64 limit = used + (4 << 20);
    QVERIFY(on(lab, master, {"CONFIG", "SET", "maxmemory", QByteArray::number(limit), "maxmemory-policy", "noeviction"}).ok());
    RedisConnection writer(lab.topology().connectionOptions(master));
    const QByteArray value(1024, 'm');
    int written = 0;
    bool full = false;
    while (!full && info(lab, master, "memory", "used_memory").toLongLong() < limit * 93 / 100) {
        QList<RespCommand> batch;
        for (int i = 0; i < 100; ++i)
            batch << RespCommand{"SET", "fill:" + QByteArray::number(written + i), value};
        for (const RedisResult &r : labtest::executeAll(writer, batch)) {
            full = full || !r.ok(); // OOM: at the limit already
            written += r.ok() ? 1 : 0;
        }
        QVERIFY2(written < 100000, "used_memory does not grow");
    }
    const QString rule = QStringLiteral("memory.usage");
    const CheckRun near = check(seed);
    QVERIFY2(near.outcome(rule) == QLatin1String("fire:critical"), near.describe().constData());
    QCOMPARE(near.nodes(rule), QStringList{master.toString()});
    QCOMPARE(near.evidence(rule, QStringLiteral("maxmemory")), QString::number(limit));
    QVERIFY(near.first(rule).value(QStringLiteral("summary")).toString().contains(QLatin1String("writes fail with OOM")));
    qInfo("%d keys of 1 KB written: used_memory %lld of maxmemory %lld", written,
          info(lab, master, "memory", "used_memory").toLongLong(), limit);

    // An eviction policy: keys are evicted rather than writes refused, a warning.
    QVERIFY(on(lab, master, {"CONFIG", "SET", "maxmemory-policy", "allkeys-lru"}).ok());
    const CheckRun evicting = check(seed);
    QVERIFY2(evicting.outcome(rule) == QLatin1String("fire:warning"), evicting.describe().constData());
    QCOMPARE(evicting.evidence(rule, QStringLiteral("maxmemory_policy")), QStringLiteral("allkeys-lru"));

    QVERIFY(on(lab, master, {"FLUSHALL"}).ok());
    const CheckRun emptied = check(seed);
    QVERIFY2(emptied.outcome(rule) == QLatin1String("pass"), emptied.describe().constData());
}

// Real byte lag: the replica follows the master through a proxy that holds the replication
// stream back (a congested link: its ACKs still arrive), while 3 MB are written to the master.
// Through the proxy the replica names another master address than the console's: it must
// still count as this master's replica (it did not: "no replica" and a phantom master).
void TestCliCheckBroken::replicaBehindFiresAndCatchesUp()
{
    QVERIFY(m_standalone);
    LocalLab &lab = *m_standalone;
    const Endpoint master = lab.topology().nodesWithRole(LabNode::Role::Master).first().endpoint;
    const Endpoint replica = lab.topology().nodesWithRole(LabNode::Role::Replica).first().endpoint;
    const QStringList seed{QStringLiteral("-p"), QString::number(master.port)};
    HoldingProxy proxy(master.port);
    QVERIFY(proxy.start());
    auto restore = qScopeGuard([&] {
        proxy.setHolding(false);
        on(lab, replica, {"REPLICAOF", "127.0.0.1", QByteArray::number(master.port)});
        on(lab, master, {"FLUSHALL"});
    });
    QVERIFY(on(lab, replica, {"REPLICAOF", "127.0.0.1", QByteArray::number(proxy.port())}).ok());
    QTRY_VERIFY_WITH_TIMEOUT(info(lab, replica, "replication", "master_link_status") == "up"
                                 && info(lab, replica, "replication", "master_port") == QByteArray::number(proxy.port()),
                             30000);
    // A replica that has been serving: it has acknowledged a write since its sync.
    RedisConnection writer(lab.topology().connectionOptions(master));
    QVERIFY(labtest::execute(writer, RespCommand{"SET", "lag:first", "1"}).ok());
    QTRY_VERIFY_WITH_TIMEOUT(info(lab, master, "replication", "slave0")
                                 .contains("offset=" + info(lab, master, "replication", "master_repl_offset") + ","),
                             30000);
    const CheckRun inSync = check(seed);
    QVERIFY2(inSync.outcome(QStringLiteral("replication.lag")) == QLatin1String("pass"), inSync.describe().constData());

    proxy.setHolding(true);
    const QByteArray value(1024, 'l');
    for (int batch = 0; batch < 30; ++batch) {
        QList<RespCommand> commands;
        for (int i = 0; i < 100; ++i)
            commands << RespCommand{"SET", "lag:" + QByteArray::number(batch * 100 + i), value};
        for (const RedisResult &r : labtest::executeAll(writer, commands))
            QVERIFY(r.ok());
    }
    QTRY_VERIFY_WITH_TIMEOUT(proxy.heldBytes() > (2 << 20), 10000);
    const CheckRun behind = check(seed);
    const QString rule = QStringLiteral("replication.lag");
    QVERIFY2(behind.outcome(rule) == QLatin1String("fire:warning"), behind.describe().constData());
    QCOMPARE(behind.nodes(rule), QStringList{replica.toString()});
    QVERIFY2(behind.first(rule).value(QStringLiteral("summary")).toString().contains(QLatin1String("MB")), behind.describe().constData());
    qInfo("%s (held by the proxy: %lld bytes)", qPrintable(behind.first(rule).value(QStringLiteral("summary")).toString()), proxy.heldBytes());

    // The link clears: the replica receives everything and acknowledges it.
    proxy.setHolding(false);
    const QByteArray offset = info(lab, master, "replication", "master_repl_offset");
    QTRY_VERIFY_WITH_TIMEOUT(info(lab, master, "replication", "slave0").contains("offset=" + offset + ","), 30000);
    const CheckRun caughtUp = check(seed);
    QVERIFY2(caughtUp.outcome(rule) == QLatin1String("pass"), caughtUp.describe().constData());
}

void TestCliCheckBroken::clusterCoverageBalanceAndFailedMaster()
{
    m_cluster = labtest::startedLab(LabSpec::Kind::Cluster, 0);
    QVERIFY(m_cluster);
    LocalLab &lab = *m_cluster;
    QString why;
    QVERIFY2(labtest::waitClusterSettled(lab, why), qPrintable(why));
    const QList<LabNode> masters = lab.topology().nodesWithRole(LabNode::Role::Master);
    QCOMPARE(masters.size(), 3);
    const QStringList seed{QStringLiteral("-p"), QString::number(masters.first().endpoint.port)};
    // Who owns slot 0 (and so 0-2999, the lab splits the slots in three even ranges), and another master.
    Endpoint owner, other;
    for (const LabNode &m : masters) {
        const RedisResult nodes = on(lab, m.endpoint, {"CLUSTER", "NODES"});
        QVERIFY(nodes.ok());
        for (const QByteArray &line : nodes.value().bytes().split('\n'))
            if (line.contains("myself") && line.contains(" 0-"))
                owner = m.endpoint;
    }
    QVERIFY(owner.isValid());
    other = masters.at(0).endpoint == owner ? masters.at(1).endpoint : masters.at(0).endpoint;
    auto onAll = [&](const QList<QByteArray> &argv) {
        bool ok = true;
        for (const LabNode &m : masters)
            ok = on(lab, m.endpoint, argv).ok() && ok;
        return ok;
    };
    auto assignedEverywhere = [&](const QByteArray &count) {
        for (const LabNode &m : masters)
            if (labtest::infoField(on(lab, m.endpoint, {"CLUSTER", "INFO"}), "cluster_slots_assigned") != count)
                return false;
        return true;
    };
    FaultInjector faults(&lab);
    Endpoint frozen;
    auto restore = qScopeGuard([&] {
        if (frozen.isValid())
            faults.thaw(frozen);
        onAll({"CLUSTER", "DELSLOTSRANGE", "0", "2999"});
        on(lab, owner, {"CLUSTER", "ADDSLOTSRANGE", "0", "2999"});
    });

    // As started: no master has a replica, and the cluster is a deployment that fails over.
    const CheckRun start = check(seed);
    QVERIFY2(start.outcome(QStringLiteral("replication.no-replica")) == QLatin1String("fire:critical,fire:critical,fire:critical"),
             start.describe().constData());
    for (const char *rule : {"cluster.state", "cluster.coverage", "cluster.node-state", "cluster.slot-balance"})
        QVERIFY2(start.outcome(QString::fromLatin1(rule)) == QLatin1String("pass"), (QByteArray(rule) + "\n" + start.describe()).constData());

    // 3,000 slots lose their owner on every node: the cluster refuses queries.
    QVERIFY(onAll({"CLUSTER", "DELSLOTSRANGE", "0", "2999"}));
    QTRY_VERIFY_WITH_TIMEOUT(assignedEverywhere("13384"), 30000);
    const CheckRun uncovered = check(seed);
    QVERIFY2(uncovered.outcome(QStringLiteral("cluster.coverage")) == QLatin1String("fire:critical"), uncovered.describe().constData());
    QCOMPARE(uncovered.evidence(QStringLiteral("cluster.coverage"), QStringLiteral("uncovered")), QStringLiteral("3000"));
    QCOMPARE(uncovered.evidence(QStringLiteral("cluster.coverage"), QStringLiteral("ranges")), QStringLiteral("0-2999"));
    QVERIFY2(uncovered.outcome(QStringLiteral("cluster.state")) == QLatin1String("fire:critical"), uncovered.describe().constData());
    QCOMPARE(uncovered.evidence(QStringLiteral("cluster.state"), QStringLiteral("cluster_state")), QStringLiteral("fail"));

    // Given to another master instead: covered again, but one master has far more than its share.
    QVERIFY(on(lab, other, {"CLUSTER", "ADDSLOTSRANGE", "0", "2999"}).ok());
    QVERIFY2(labtest::waitClusterSettled(lab, why), qPrintable(why));
    const CheckRun uneven = check(seed);
    QVERIFY2(uneven.outcome(QStringLiteral("cluster.slot-balance")) == QLatin1String("fire:info,fire:info"), uneven.describe().constData());
    QStringList unevenNodes; // cluster findings name nodes by id
    for (const Endpoint &ep : {owner, other})
        unevenNodes << QString::fromLatin1(on(lab, ep, {"CLUSTER", "MYID"}).value().bytes());
    unevenNodes.sort();
    QCOMPARE(uneven.nodes(QStringLiteral("cluster.slot-balance")), unevenNodes);
    QCOMPARE(uneven.outcome(QStringLiteral("cluster.coverage")), QStringLiteral("pass"));
    QCOMPARE(uneven.outcome(QStringLiteral("cluster.state")), QStringLiteral("pass"));

    // Back to the owner: balanced.
    QVERIFY(onAll({"CLUSTER", "DELSLOTSRANGE", "0", "2999"}));
    QTRY_VERIFY_WITH_TIMEOUT(assignedEverywhere("13384"), 30000);
    QVERIFY(on(lab, owner, {"CLUSTER", "ADDSLOTSRANGE", "0", "2999"}).ok());
    QVERIFY2(labtest::waitClusterSettled(lab, why), qPrintable(why));
    const CheckRun balanced = check(seed);
    QVERIFY2(balanced.outcome(QStringLiteral("cluster.slot-balance")) == QLatin1String("pass"), balanced.describe().constData());

    // A master stops answering for longer than cluster-node-timeout: the others mark it failed,
    // and with no replica to promote its slots are lost.
    frozen = masters.last().endpoint;
    QVERIFY(faults.freeze(frozen));
    QTRY_VERIFY_WITH_TIMEOUT(on(lab, masters.first().endpoint, {"CLUSTER", "NODES"}).value().bytes().contains(
                                 QByteArray(" master,fail ")) &&
                                 labtest::infoField(on(lab, masters.first().endpoint, {"CLUSTER", "INFO"}), "cluster_state") == "fail",
                             30000);
    const CheckRun failed = check(seed);
    QVERIFY2(failed.outcome(QStringLiteral("cluster.node-state")) == QLatin1String("fire:critical"), failed.describe().constData());
    QCOMPARE(failed.evidence(QStringLiteral("cluster.node-state"), QStringLiteral("flags")), QStringLiteral("fail"));
    QCOMPARE(failed.nodes(QStringLiteral("cluster.node-state")).size(), 1);
    QVERIFY2(failed.outcome(QStringLiteral("cluster.state")) == QLatin1String("fire:critical"), failed.describe().constData());

    QVERIFY(faults.thaw(frozen));
    frozen = Endpoint();
    QVERIFY2(labtest::waitClusterSettled(lab, why), qPrintable(why));
    const CheckRun recovered = check(seed);
    QVERIFY2(recovered.outcome(QStringLiteral("cluster.node-state")) == QLatin1String("pass"), recovered.describe().constData());
    QVERIFY2(recovered.outcome(QStringLiteral("cluster.state")) == QLatin1String("pass"), recovered.describe().constData());
    restore.dismiss();
}

void TestCliCheckBroken::configRenamedIsUnknownWithTheReason()
{
    // A server whose CONFIG command is renamed away, as hardening guides recommend.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QList<quint16> ports = FreePorts::allocate(1);
    QCOMPARE(ports.size(), 1);
    const QString config = LabConfig::server(ports.first(), dir.path(), LabConfig::Tls{}) + QStringLiteral("\nrename-command CONFIG \"\"\n");
    LabProcess server(QStringLiteral("redis-server"), dir.path(), config);
    QVERIFY2(server.start(), qPrintable(server.error()));
    const Endpoint ep{QStringLiteral("127.0.0.1"), ports.first()};
    ConnectionOptions options;
    options.endpoint = ep;
    RedisConnection c(options);
    QTRY_VERIFY_WITH_TIMEOUT(execute(c, RespCommand{"PING"}).ok(), 20000);
    const RedisResult renamed = execute(c, RespCommand{"CONFIG", "GET", "maxmemory"});
    QVERIFY2(!renamed.ok() && renamed.error().detail().contains(QLatin1String("unknown command")), labtest::describe(renamed).constData());

    const CheckRun r = check({QStringLiteral("-p"), QString::number(ep.port)});
    QVERIFY2(r.code == 0 || r.code == 1, r.describe().constData());
    const QString rule = QStringLiteral("replication.persistence-off"); // reads save / appendonly with CONFIG GET
    QVERIFY2(r.outcome(rule) == QLatin1String("unknown"), r.describe().constData());
    const QString summary = r.first(rule).value(QStringLiteral("summary")).toString();
    QVERIFY2(summary.contains(QLatin1String("CONFIG is renamed or disabled on this server")), qPrintable(summary));
    // Rules that read INFO still decide: maxmemory is in INFO memory, replicas in INFO replication.
    QVERIFY2(r.outcome(QStringLiteral("memory.maxmemory")) == QLatin1String("fire:warning"), r.describe().constData());
    QVERIFY2(r.outcome(QStringLiteral("replication.no-replica")) == QLatin1String("fire:warning"), r.describe().constData());
}

QTEST_GUILESS_MAIN(TestCliCheckBroken)
#include "tst_cli_checkbroken.moc"
