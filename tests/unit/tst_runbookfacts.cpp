// RunbookFacts: the values runbook checks read, from snapshots of a sound deployment broken in
// one place per row; what the snapshot cannot give is unknown, never a guess.
#include "HealthTestSupport.h"
#include "runbooks/RunbookFacts.h"
#include "runbooks/RunbookLoader.h"

#include <QtTest>

using namespace healthtest;
using Value = RunbookExpression::Value;

namespace {
QString shown(const Value &v)
{
    switch (v.kind) {
    case Value::Kind::Bool: return v.boolean ? QStringLiteral("true") : QStringLiteral("false");
    case Value::Kind::Number: return QString::number(v.number);
    case Value::Kind::String: return v.text;
    default: return QStringLiteral("unknown");
    }
}

// Breaks the snapshot as a row says.
void apply(TopologySnapshot &s, const QString &change)
{
    if (change == QLatin1String("replica lag 7s")) {
        nodeById(s, QStringLiteral("r1-0")).lagSeconds = 7;
        nodeById(s, QStringLiteral("r1-0")).lagBytes = 5000;
    } else if (change == QLatin1String("replica stale")) {
        nodeById(s, QStringLiteral("r2-0")).flags |= Node::Stale;
    } else if (change == QLatin1String("replica link down")) {
        nodeById(s, QStringLiteral("r0-0")).masterLinkUp = 0;
    } else if (change == QLatin1String("master failing")) {
        nodeById(s, QStringLiteral("m1")).flags |= Node::Fail;
    } else if (change == QLatin1String("state fail")) {
        s.clusterState = "fail";
    } else if (change == QLatin1String("state unknown")) {
        s.clusterState.clear();
    } else if (change == QLatin1String("no maxmemory")) {
        for (Node &n : s.nodes)
            n.maxMemory = 0;
    } else if (change == QLatin1String("memory 95%")) {
        nodeById(s, QStringLiteral("m2")).usedMemory = nodeById(s, QStringLiteral("m2")).maxMemory * 95 / 100;
    } else if (change == QLatin1String("uncovered")) {
        // Slots 0-99 lose their owner (the first master's first 100).
        auto map = std::make_shared<SlotMap>();
        for (int slot = 100; slot < kSlotCount; ++slot)
            map->assign(SlotRange{slot, slot}, s.slotMap->ownerOf(slot));
        s.slotMap = map;
        Node &m0 = nodeById(s, QStringLiteral("m0"));
        m0.slotRanges = {SlotRange{100, m0.slotRanges.first().last}};
        m0.slotCount -= 100;
    }
}
} // namespace

class TestRunbookFacts : public QObject
{
    Q_OBJECT
private slots:
    void cluster_data();
    void cluster();
    void sentinel();
    void health();
    void everyNameIsInTheVocabulary();
};

void TestRunbookFacts::cluster_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected");
    QTest::newRow("state ok") << QString() << "cluster.state" << "ok";
    QTest::newRow("state fail") << "state fail" << "cluster.state" << "fail";
    QTest::newRow("state not read") << "state unknown" << "cluster.state" << "unknown";
    QTest::newRow("covered") << QString() << "cluster.slots_covered" << "16384";
    QTest::newRow("100 uncovered") << "uncovered" << "cluster.slots_covered" << "16284";
    QTest::newRow("no open slot") << QString() << "cluster.open_slots" << "0";
    QTest::newRow("masters") << QString() << "cluster.masters" << "3";
    QTest::newRow("no failing node") << QString() << "cluster.failing_nodes" << "0";
    QTest::newRow("a failing master") << "master failing" << "cluster.failing_nodes" << "1";
    QTest::newRow("a failing master is down") << "master failing" << "nodes.down" << "1";
    QTest::newRow("lag 0") << QString() << "replication.max_lag_seconds" << "0";
    QTest::newRow("lag 7 s") << "replica lag 7s" << "replication.max_lag_seconds" << "7";
    QTest::newRow("lag bytes") << "replica lag 7s" << "replication.max_lag_bytes" << "5000";
    QTest::newRow("stale replica: lag unknown") << "replica stale" << "replication.max_lag_seconds" << "unknown";
    QTest::newRow("in sync") << QString() << "master.replicas_in_sync" << "1";
    QTest::newRow("link down: the weakest shard has 0") << "replica link down" << "master.replicas_in_sync" << "0";
    QTest::newRow("memory share") << QString() << "memory.max_used_share" << QString::number(100.0 / 1024);
    QTest::newRow("memory 95%") << "memory 95%" << "memory.max_used_share" << "0.95";
    QTest::newRow("no maxmemory: share unknown") << "no maxmemory" << "memory.max_used_share" << "unknown";
    QTest::newRow("fragmentation") << QString() << "memory.max_fragmentation" << "1.1";
    QTest::newRow("sentinel names on a cluster") << QString() << "sentinel.count" << "unknown";
    QTest::newRow("masters up") << QString() << "master.up" << "true";
    QTest::newRow("a failing master owning slots: not up") << "master failing" << "master.up" << "false";
    QTest::newRow("no master address on a cluster") << QString() << "master.address" << "unknown";
    QTest::newRow("a name nobody defined") << QString() << "cluster.mood" << "unknown";
}

void TestRunbookFacts::cluster()
{
    QFETCH(QString, change);
    QFETCH(QString, name);
    QFETCH(QString, expected);
    TopologySnapshot s = healthtest::cluster();
    apply(s, change);
    const RunbookFacts facts(s, HealthChecker().check(s));
    QCOMPARE(shown(facts.value(name)), expected);
}

void TestRunbookFacts::sentinel()
{
    TopologySnapshot s = sentinelDeployment(3, 2, 2);
    s.sentinelMasterViews = {{s.sentinels[0].id, QStringLiteral("10.0.0.1:6379")}, {s.sentinels[1].id, QStringLiteral("10.0.0.1:6379")}};
    RunbookFacts facts(s, HealthChecker().check(s), {{QStringLiteral("target"), Value::ofString(QStringLiteral("10.0.0.2:6379"))}});
    QCOMPARE(shown(facts.value(QStringLiteral("sentinel.count"))), QStringLiteral("3"));
    QCOMPARE(shown(facts.value(QStringLiteral("sentinel.quorum"))), QStringLiteral("2"));
    QCOMPARE(shown(facts.value(QStringLiteral("sentinel.agree"))), QStringLiteral("true"));
    QCOMPARE(shown(facts.value(QStringLiteral("sentinel.ckquorum"))), QStringLiteral("true"));
    QCOMPARE(shown(facts.value(QStringLiteral("sentinel.tilt"))), QStringLiteral("false"));
    QCOMPARE(shown(facts.value(QStringLiteral("master.replicas_in_sync"))), QStringLiteral("2"));
    QCOMPARE(shown(facts.value(QStringLiteral("cluster.state"))), QStringLiteral("unknown"));
    QCOMPARE(shown(facts.value(QStringLiteral("input.target"))), QStringLiteral("10.0.0.2:6379"));
    QCOMPARE(shown(facts.value(QStringLiteral("master.up"))), QStringLiteral("true"));
    QCOMPARE(shown(facts.value(QStringLiteral("master.address"))), QStringLiteral("10.0.0.1:6379"));
    QCOMPARE(shown(facts.value(QStringLiteral("sentinel.failover_running"))), QStringLiteral("false"));

    // The merger lists views only when the sentinels differ: none listed means they agree.
    TopologySnapshot agreeing = s;
    agreeing.sentinelMasterViews.clear();
    agreeing.failoverState = QStringLiteral("wait_promotion");
    agreeing.nodes[0].flags |= Node::SDown;
    const RunbookFacts quiet(agreeing, HealthChecker().check(agreeing));
    QCOMPARE(shown(quiet.value(QStringLiteral("sentinel.agree"))), QStringLiteral("true"));
    QCOMPARE(shown(quiet.value(QStringLiteral("sentinel.failover_running"))), QStringLiteral("true"));
    QCOMPARE(shown(quiet.value(QStringLiteral("master.up"))), QStringLiteral("false"));
    for (Node &n : agreeing.sentinels)
        n.flags |= Node::Stale;
    QCOMPARE(shown(RunbookFacts(agreeing, HealthChecker().check(agreeing)).value(QStringLiteral("sentinel.agree"))), QStringLiteral("unknown"));

    s.sentinelMasterViews.insert(s.sentinels[2].id, QStringLiteral("10.0.0.2:6379"));
    s.sentinels[1].flags |= Node::Stale;
    s.sentinels[2].config.values.insert("sentinel_tilt", "1");
    const RunbookFacts split(s, HealthChecker().check(s));
    QCOMPARE(shown(split.value(QStringLiteral("sentinel.agree"))), QStringLiteral("false"));
    QCOMPARE(shown(split.value(QStringLiteral("sentinel.count"))), QStringLiteral("2"));
    QCOMPARE(shown(split.value(QStringLiteral("sentinel.tilt"))), QStringLiteral("true"));
}

void TestRunbookFacts::health()
{
    TopologySnapshot s = healthtest::cluster();
    QCOMPARE(shown(RunbookFacts(s, HealthChecker().check(s)).value(QStringLiteral("health:cluster.coverage"))), QStringLiteral("pass"));
    apply(s, QStringLiteral("uncovered"));
    const RunbookFacts facts(s, HealthChecker().check(s));
    QCOMPARE(shown(facts.value(QStringLiteral("health:cluster.coverage"))), QStringLiteral("critical"));
    QCOMPARE(shown(facts.value(QStringLiteral("health:no.such-rule"))), QStringLiteral("unknown"));
    RunbookExpression::Error error;
    const RunbookExpression e = RunbookExpression::parse(
        QStringLiteral("health(\"cluster.coverage\") == \"pass\" or cluster.slots_covered == 16384"), &error);
    QVERIFY(!error.isError());
    QCOMPARE(shown(e.evaluate(facts.lookup())), QStringLiteral("false"));
    QCOMPARE(facts.evidence(e.names()),
             QStringList({QStringLiteral("cluster.slots_covered = 16284"), QStringLiteral("health(\"cluster.coverage\") = \"critical\"")}));
}

void TestRunbookFacts::everyNameIsInTheVocabulary()
{
    // Every name a check may read has a value on some deployment: none is dead in the vocabulary.
    TopologySnapshot c = healthtest::cluster();
    TopologySnapshot s = sentinelDeployment(3, 2, 2);
    s.sentinelMasterViews = {{s.sentinels[0].id, QStringLiteral("10.0.0.1:6379")}};
    const RunbookFacts onCluster(c, HealthChecker().check(c));
    const RunbookFacts onSentinel(s, HealthChecker().check(s));
    const RunbookExpression::Vocabulary vocabulary = RunbookLoader::vocabulary();
    for (auto it = vocabulary.cbegin(); it != vocabulary.cend(); ++it)
        QVERIFY2(onCluster.value(it.key()).isKnown() || onSentinel.value(it.key()).isKnown(), qPrintable(it.key()));
}

QTEST_APPLESS_MAIN(TestRunbookFacts)
#include "tst_runbookfacts.moc"
