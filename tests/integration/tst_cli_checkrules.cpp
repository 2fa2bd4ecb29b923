// `redis-ops check` against real labs for the rules that need more than one snapshot's settings:
// the measured round trip against down-after-milliseconds (Sentinel), the key distribution and
// hot slots from the per-slot census (Cluster: a hash tag funnelling keys into one slot, then
// removed), the threshold names added for them (backlogOutageSeconds), and the failover history
// rule against a history seeded with a recorded failover of the lab's deployment (its id as the
// console derives it; the file opened read-only, never created), unknown with the reason where
// there is none. The census cost is read from the masters' own INFO commandstats and printed. No
// fixed sleeps.
#include "CheckRun.h"
#include "HoldingProxy.h"
#include "LabFixture.h"
#include "history/HistoryStore.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace ops;
using labtest::execute;
using labtest::on;

namespace {

/** calls and usec of `CLUSTER COUNTKEYSINSLOT` in an INFO commandstats reply. */
QPair<qint64, qint64> countKeysStats(const QByteArray &info)
{
    for (const QByteArray &line : info.split('\n')) {
        if (!line.startsWith("cmdstat_cluster|countkeysinslot:"))
            continue;
        qint64 calls = 0, usec = 0;
        for (const QByteArray &part : line.mid(line.indexOf(':') + 1).trimmed().split(',')) {
            if (part.startsWith("calls="))
                calls = part.mid(6).toLongLong();
            else if (part.startsWith("usec="))
                usec = part.mid(5).toLongLong();
        }
        return {calls, usec};
    }
    return {0, 0};
}

} // namespace

class TestCliCheckRules : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void downAfterAgainstMeasuredLatency();
    void thresholdNamesForTheNewRules();
    void clientRetryBudgetFromTheHistory_data();
    void clientRetryBudgetFromTheHistory();
    void keySkewAndHotSlotsFireAndClear();
    void downAfterAgainstADistantReplica();

private:
    CheckRun check(const QStringList &args, int waitMs = 60000, const QString &home = {});
    QStringList sentinelArgs() const;

    std::unique_ptr<LocalLab> m_sentinel, m_cluster;
    QTemporaryDir m_home;
};

void TestCliCheckRules::initTestCase()
{
    QVERIFY(m_home.isValid());
    m_sentinel = labtest::startedLab(LabSpec::Kind::Sentinel, 2);
    QVERIFY(m_sentinel);
}

void TestCliCheckRules::cleanupTestCase()
{
    const QList<qint64> left = labtest::stopLabs({&m_sentinel, &m_cluster});
    QVERIFY2(left.isEmpty(), qPrintable(QStringLiteral("still running: %1").arg(left.size())));
}

CheckRun TestCliCheckRules::check(const QStringList &args, int waitMs, const QString &home)
{
    return CheckRun::of(QStringLiteral(REDIS_OPS_BINARY), home.isEmpty() ? m_home.path() : home, args, waitMs);
}

QStringList TestCliCheckRules::sentinelArgs() const
{
    return {QStringLiteral("--sentinel"), m_sentinel->topology().nodesWithRole(LabNode::Role::Sentinel).first().endpoint.toString(),
            QStringLiteral("--master"), m_sentinel->topology().spec.masterName, QStringLiteral("--json")};
}

void TestCliCheckRules::downAfterAgainstMeasuredLatency()
{
    // The lab: down-after-milliseconds 1000 against a loopback round trip well under a millisecond.
    const CheckRun sound = check(sentinelArgs());
    QVERIFY2(sound.outcome(QStringLiteral("sentinel.down-after-latency")) == QLatin1String("pass"), sound.describe().constData());

    // The same lab judged with a factor that a loopback round trip exceeds (1000 ms < 10^6 x RTT
    // for any RTT above 1 µs): the rule fires with the measured numbers as evidence.
    const CheckRun tight = check(sentinelArgs() + QStringList{QStringLiteral("--threshold"), QStringLiteral("down-after-latency-factor=1000000")});
    QVERIFY2(tight.outcome(QStringLiteral("sentinel.down-after-latency")) == QLatin1String("fire:warning"), tight.describe().constData());
    QVERIFY2(tight.code == 1, tight.describe().constData());
    const QString worst = tight.evidence(QStringLiteral("sentinel.down-after-latency"), QStringLiteral("worst-round-trip"));
    QVERIFY2(worst.endsWith(QLatin1String(" ms")), qPrintable(worst));
    const double worstMs = worst.section(QLatin1Char(' '), 0, 0).toDouble();
    QVERIFY2(worstMs > 0 && worstMs < 1000, qPrintable(worst));
    QVERIFY(tight.evidence(QStringLiteral("sentinel.down-after-latency"), QStringLiteral("samples")).toInt() >= 1);
    QCOMPARE(tight.evidence(QStringLiteral("sentinel.down-after-latency"), QStringLiteral("down-after-milliseconds")), QStringLiteral("1000"));
    qInfo("measured worst round trip (INFO, loopback): %s over %s poll(s)", qPrintable(worst),
          qPrintable(tight.evidence(QStringLiteral("sentinel.down-after-latency"), QStringLiteral("samples"))));

    // No history in this home: the failover durations are unknown, and it says why.
    QCOMPARE(sound.outcome(QStringLiteral("failover.client-retry-budget")), QStringLiteral("unknown"));
    QVERIFY(sound.first(QStringLiteral("failover.client-retry-budget")).value(QStringLiteral("summary")).toString().contains(QLatin1String("no history")));
}

void TestCliCheckRules::clientRetryBudgetFromTheHistory_data()
{
    QTest::addColumn<bool>("seeded");     // a history with one recorded 7 s failover of the lab's deployment
    QTest::addColumn<QString>("budget");  // --threshold client-retry-budget-ms=
    QTest::addColumn<QString>("outcome");
    QTest::newRow("shorter budget fires") << true << "5000" << "fire:warning";
    QTest::newRow("longer budget passes") << true << "10000" << "pass";
    QTest::newRow("no history: unknown") << false << "5000" << "unknown";
}

void TestCliCheckRules::clientRetryBudgetFromTheHistory()
{
    QFETCH(bool, seeded);
    QFETCH(QString, budget);
    QFETCH(QString, outcome);
    QTemporaryDir home;
    QVERIFY(home.isValid());
    const QString file = home.filePath(QStringLiteral("data/history.sqlite")); // what --data-dir <home>/data uses
    // The id the console records this deployment under ("sentinel:<master>/<lowest sentinel myid>"),
    // worked out by the test on its own.
    const QString deployment = labtest::sentinelDeploymentId(*m_sentinel);
    const QString masterName = m_sentinel->topology().spec.masterName;
    QVERIFY(!deployment.isEmpty());
    if (seeded) {
        // A failover as the console stores Sentinel's messages: +odown of the master, +try-failover,
        // +switch-master 7 s after the first suspicion, an hour ago.
        const qint64 start = QDateTime::currentMSecsSinceEpoch() - 3'600'000;
        OpsEvents events;
        for (const auto &[type, at] : {std::pair{"+odown", 0}, std::pair{"+try-failover", 1000}, std::pair{"+switch-master", 7000}}) {
            OpsEvent e;
            e.deploymentId = deployment;
            e.timestampMs = start + at;
            e.kind = OpsEvent::Kind::Sentinel;
            e.sentinelType = QString::fromLatin1(type);
            e.source = OpsEvent::Source::Sentinel;
            e.severity = OpsEvent::Severity::Warning;
            e.nodeId = e.endpoint = QStringLiteral("127.0.0.1:1");
            e.details.insert(QStringLiteral("masterName"), masterName);
            e.details.insert(QStringLiteral("instanceType"), QStringLiteral("master"));
            if (e.sentinelType == QLatin1String("+switch-master")) {
                e.details.insert(QStringLiteral("oldMaster"), QStringLiteral("127.0.0.1:1"));
                e.details.insert(QStringLiteral("newMaster"), QStringLiteral("127.0.0.1:2"));
            }
            events << e;
        }
        HistoryStore store(file);
        QVERIFY(!store.open().isError());
        QVERIFY(!store.append(events).isError());
    }
    const CheckRun r = check(sentinelArgs() + QStringList{QStringLiteral("--threshold"), QStringLiteral("client-retry-budget-ms=") + budget},
                             60000, home.path());
    QCOMPARE(r.report.value(QStringLiteral("deployment")).toString(), deployment);
    const QString rule = QStringLiteral("failover.client-retry-budget");
    QVERIFY2(r.outcome(rule) == outcome, r.describe().constData());
    QVERIFY2(r.code == 0 || r.code == 1, r.describe().constData()); // other rules may warn about the lab
    if (outcome == QLatin1String("fire:warning")) {
        QVERIFY2(r.code == 1, r.describe().constData());
        QCOMPARE(r.evidence(rule, QStringLiteral("max")), QStringLiteral("7.0 s"));
        QCOMPARE(r.evidence(rule, QStringLiteral("failovers")), QStringLiteral("1"));
        QCOMPARE(r.evidence(rule, QStringLiteral("client-retry-budget-ms")), QStringLiteral("5000"));
    }
    if (!seeded) { // the reason names the path, and a read never creates the file
        QVERIFY2(r.first(rule).value(QStringLiteral("summary")).toString().contains(QStringLiteral("no history at ") + file),
                 r.describe().constData());
        QVERIFY(!QFileInfo::exists(file));
    }
}

void TestCliCheckRules::thresholdNamesForTheNewRules()
{
    // The HealthThresholds spelling and the settings spelling are both accepted.
    for (const char *assignment : {"backlogOutageSeconds=300", "backlog-outage-seconds=300", "client-retry-budget-ms=5000"}) {
        const CheckRun r = check(sentinelArgs() + QStringList{QStringLiteral("--threshold"), QString::fromLatin1(assignment)});
        QVERIFY2(r.code == 0 || r.code == 1, (QByteArray(assignment) + "\n" + r.describe()).constData());
        QVERIFY2(r.outcome(QStringLiteral("replication.backlog")) != QLatin1String("n/a"), r.describe().constData());
    }
    const CheckRun bad = check(sentinelArgs() + QStringList{QStringLiteral("--threshold"), QStringLiteral("backlogOutageSeconds=0")});
    QVERIFY2(bad.code == 2 && bad.err.contains("backlog-outage-seconds=0: expected a number of seconds above 0"), bad.describe().constData());
}

void TestCliCheckRules::keySkewAndHotSlotsFireAndClear()
{
    m_cluster = labtest::startedLab(LabSpec::Kind::Cluster, 1);
    QVERIFY(m_cluster);
    QString why;
    QVERIFY2(labtest::waitClusterSettled(*m_cluster, why), qPrintable(why));
    const QList<LabNode> masters = m_cluster->topology().nodesWithRole(LabNode::Role::Master);
    const QStringList seed{QStringLiteral("-p"), QString::number(masters.first().endpoint.port), QStringLiteral("--json")};

    QList<QPair<qint64, qint64>> before;
    for (const LabNode &m : masters) {
        const RedisResult stats = on(*m_cluster, m.endpoint, {"INFO", "commandstats"});
        QVERIFY(stats.ok());
        before << countKeysStats(stats.value().bytes());
    }
    const CheckRun sound = check(seed);
    QVERIFY2(sound.outcome(QStringLiteral("cluster.hot-slots")) == QLatin1String("pass"), sound.describe().constData());
    QVERIFY2(sound.outcome(QStringLiteral("cluster.key-skew")) == QLatin1String("pass"), sound.describe().constData());
    QVERIFY2(sound.outcome(QStringLiteral("cluster.slot-balance")) == QLatin1String("pass"), sound.describe().constData());
    // What one census cost each master (its own accounting: calls and microseconds in the server).
    qint64 calls = 0;
    for (qsizetype i = 0; i < masters.size(); ++i) {
        const RedisResult stats = on(*m_cluster, masters.at(i).endpoint, {"INFO", "commandstats"});
        QVERIFY(stats.ok());
        const QPair<qint64, qint64> after = countKeysStats(stats.value().bytes());
        calls += after.first - before.at(i).first;
        qInfo("census on %s: %lld COUNTKEYSINSLOT, %lld us in the server", qPrintable(masters.at(i).endpoint.toString()),
              after.first - before.at(i).first, after.second - before.at(i).second);
    }
    QCOMPARE(calls, qint64(16384)); // one per slot, once per check

    // 2000 keys behind one hash tag: one slot holds them all, and its master every key.
    QList<QByteArray> mset{"MSET"};
    for (int i = 0; i < 2000; ++i)
        mset << "{funnel}:" + QByteArray::number(i) << "x";
    Endpoint owner;
    for (const LabNode &m : masters)
        if (!owner.isValid() && on(*m_cluster, m.endpoint, mset).ok())
            owner = m.endpoint;
    QVERIFY2(owner.isValid(), "no master took the {funnel} keys");
    const RedisResult slot = on(*m_cluster, owner, {"CLUSTER", "KEYSLOT", "{funnel}"});
    QVERIFY(slot.ok());
    auto cleanup = qScopeGuard([&] { on(*m_cluster, owner, {"FLUSHALL"}); });
    const CheckRun funnel = check(seed);
    QVERIFY2(funnel.outcome(QStringLiteral("cluster.hot-slots")) == QLatin1String("fire:warning"), funnel.describe().constData());
    QCOMPARE(funnel.evidence(QStringLiteral("cluster.hot-slots"), QStringLiteral("slots")),
             QStringLiteral("%1:2000").arg(slot.value().integer()));
    QVERIFY2(funnel.outcome(QStringLiteral("cluster.key-skew")) == QLatin1String("fire:warning"), funnel.describe().constData());
    QVERIFY2(funnel.code == 1, funnel.describe().constData());

    QVERIFY(on(*m_cluster, owner, {"FLUSHALL"}).ok());
    const CheckRun cleared = check(seed);
    QCOMPARE(cleared.outcome(QStringLiteral("cluster.hot-slots")), QStringLiteral("pass"));
    QCOMPARE(cleared.outcome(QStringLiteral("cluster.key-skew")), QStringLiteral("pass"));
}

// A real distant node: one replica is reached through a link that adds 150 ms to every reply (it
// announces the relay's port, as a replica behind NAT in another region would), so the console
// and the sentinels see 150 ms round trips to it. down-after-milliseconds 1000 is under ten of
// them: the rule fires with the factor as configured (no threshold moved), naming that replica;
// once it announces its own port again, it passes.
void TestCliCheckRules::downAfterAgainstADistantReplica()
{
    LocalLab &lab = *m_sentinel;
    const LabNode replica = lab.topology().nodesWithRole(LabNode::Role::Replica).first();
    const QList<LabNode> sentinels = lab.topology().nodesWithRole(LabNode::Role::Sentinel);
    const QByteArray name = lab.topology().spec.masterName.toUtf8();
    HoldingProxy link(replica.endpoint.port);
    QVERIFY(link.start());
    link.setDelayMs(150);
    const QString far = QStringLiteral("127.0.0.1:%1").arg(link.port());
    // What a sentinel lists as replicas ("ip:port" of each), sorted.
    auto listed = [&](const Endpoint &sentinel) {
        QStringList names;
        const RedisResult r = on(lab, sentinel, {"SENTINEL", "REPLICAS", name});
        for (std::size_t i = 0; r.ok() && i < r.value().size(); ++i)
            names << QString::fromUtf8(labtest::pairValue(r.value()[i], "name"));
        names.sort();
        return names;
    };
    auto announce = [&](quint16 port) {
        on(lab, replica.endpoint, {"CONFIG", "SET", "replica-announce-port", QByteArray::number(port)});
        on(lab, replica.endpoint, {"CLIENT", "KILL", "TYPE", "master"}); // re-handshake: the master learns the port
        for (const LabNode &s : sentinels)
            on(lab, s.endpoint, {"SENTINEL", "RESET", name}); // forget the replica under its old address
    };
    auto settledOn = [&](const QString &address) {
        for (const LabNode &s : sentinels) {
            const QStringList names = listed(s.endpoint);
            if (names.size() != 2 || !names.contains(address))
                return false;
            if (labtest::pairValue(on(lab, s.endpoint, {"SENTINEL", "MASTER", name}).value(), "num-other-sentinels")
                != QByteArray::number(sentinels.size() - 1))
                return false;
        }
        return true;
    };
    auto restore = qScopeGuard([&] { announce(0); });
    announce(link.port());
    QTRY_VERIFY2_WITH_TIMEOUT(settledOn(far), qPrintable(listed(sentinels.first().endpoint).join(QLatin1Char(' '))), 60000);

    const QString rule = QStringLiteral("sentinel.down-after-latency");
    const CheckRun distant = check(sentinelArgs());
    QVERIFY2(distant.outcome(rule) == QLatin1String("fire:warning"), distant.describe().constData());
    QCOMPARE(distant.evidence(rule, QStringLiteral("slowest-node")), far);
    const double worstMs = distant.evidence(rule, QStringLiteral("worst-round-trip")).section(QLatin1Char(' '), 0, 0).toDouble();
    QVERIFY2(worstMs >= 150, qPrintable(distant.evidence(rule, QStringLiteral("worst-round-trip"))));
    QCOMPARE(distant.evidence(rule, QStringLiteral("down-after-milliseconds")), QStringLiteral("1000"));
    qInfo("distant replica: worst round trip %s, %s", qPrintable(distant.evidence(rule, QStringLiteral("worst-round-trip"))),
          qPrintable(distant.first(rule).value(QStringLiteral("summary")).toString()));

    restore.dismiss();
    announce(0);
    QTRY_VERIFY2_WITH_TIMEOUT(settledOn(replica.endpoint.toString()), qPrintable(listed(sentinels.first().endpoint).join(QLatin1Char(' '))),
                              60000);
    const CheckRun near = check(sentinelArgs());
    QVERIFY2(near.outcome(rule) == QLatin1String("pass"), near.describe().constData());
}

QTEST_MAIN(TestCliCheckRules)
#include "tst_cli_checkrules.moc"
