// SentinelFailoverPlanner over synthetic surveys (the values a live survey reads): candidates are
// ranked as Sentinel ranks them, each with its reason; pre-checks pass, warn or refuse with the
// evidence; the commands of each mode come in a safe order.
#include "actions/SentinelFailoverPlanner.h"

#include <QtTest>

using namespace ops;
using Mode = SentinelFailoverRequest::Mode;

namespace {

const Endpoint kMaster{QStringLiteral("127.0.0.1"), 6379};
const Endpoint kR1{QStringLiteral("127.0.0.1"), 6380};
const Endpoint kR2{QStringLiteral("127.0.0.1"), 6381};

InfoReply info(const QByteArray &text) { return InfoReply::parse(text); }

DataNodeView replicaView(const Endpoint &e, qint64 offset, int priority, bool linkUp)
{
    DataNodeView v;
    v.endpoint = e;
    v.replication = info("# Replication\r\nrole:slave\r\nmaster_link_status:" + QByteArray(linkUp ? "up" : "down")
                         + "\r\nslave_repl_offset:" + QByteArray::number(offset)
                         + "\r\nslave_priority:" + QByteArray::number(priority) + "\r\n");
    return v;
}

SentinelReplicaState sentinelReplica(const Endpoint &e, const QByteArray &runId)
{
    SentinelReplicaState r;
    r.name = e.toString().toUtf8();
    r.host = e.host;
    r.port = e.port;
    r.runId = runId;
    r.flags = {"slave"};
    r.masterLinkStatus = "ok";
    r.lastOkPingReplyMs = 100;
    return r;
}

/** Three agreeing sentinels, a master at offset 1000, r1 caught up, r2 100 B behind. */
SentinelSurvey healthy()
{
    SentinelSurvey s;
    s.masterName = "mymaster";
    for (quint16 port : {26379, 26380, 26381}) {
        SentinelView v;
        v.sentinel = Endpoint{QStringLiteral("127.0.0.1"), port};
        v.master.name = "mymaster";
        v.master.host = kMaster.host;
        v.master.port = kMaster.port;
        v.master.flags = {"master"};
        v.master.configEpoch = 3;
        v.master.downAfterMs = 1000;
        v.master.quorum = 2;
        v.replicas = {sentinelReplica(kR1, "bbbb"), sentinelReplica(kR2, "aaaa")};
        v.ckquorum.ok = true;
        v.ckquorum.text = QStringLiteral("OK 3 usable Sentinels. Quorum and failover authorization can be reached");
        s.sentinels << v;
    }
    s.master.endpoint = kMaster;
    s.master.replication = info("# Replication\r\nrole:master\r\nconnected_slaves:2\r\nmaster_repl_offset:1000\r\n");
    s.master.minReplicasToWrite = 1;
    s.replicas = {replicaView(kR1, 1000, 100, true), replicaView(kR2, 900, 100, true)};
    return s;
}

void apply(const QString &scenario, SentinelSurvey &s, SentinelFailoverRequest &r)
{
    if (scenario == QLatin1String("priority beats offset")) {
        s.replicas[1] = replicaView(kR2, 900, 10, true);
    } else if (scenario == QLatin1String("priority 0 is never promoted")) {
        s.replicas[0] = replicaView(kR1, 1000, 0, true);
    } else if (scenario == QLatin1String("broken replication link")) {
        s.replicas[0] = replicaView(kR1, 1000, 100, false);
    } else if (scenario == QLatin1String("replica down for the sentinel")) {
        for (SentinelView &v : s.sentinels)
            v.replicas[0].flags = {"slave", "s_down"};
    } else if (scenario == QLatin1String("equal offsets: run id decides")) {
        s.replicas[1] = replicaView(kR2, 1000, 100, true);
    } else if (scenario == QLatin1String("every replica lags") || scenario == QLatin1String("lag overridden")) {
        s.master.replication = info("# Replication\r\nrole:master\r\nmaster_repl_offset:5000000\r\n");
        r.overrideLag = scenario == QLatin1String("lag overridden");
    } else if (scenario == QLatin1String("two sentinels down: NOQUORUM")) {
        s.sentinels[1].error = QStringLiteral("connection refused");
        s.sentinels[2].error = QStringLiteral("connection refused");
        s.sentinels[0].ckquorum.ok = false;
        s.sentinels[0].ckquorum.noQuorum = true;
        s.sentinels[0].ckquorum.text = QStringLiteral("NOQUORUM 1 usable Sentinels. Not enough available Sentinels to "
                                                      "reach the majority and authorize a failover");
    } else if (scenario == QLatin1String("sentinels disagree")) {
        s.sentinels[2].master.port = 6380;
    } else if (scenario == QLatin1String("epochs disagree")) {
        s.sentinels[1].master.configEpoch = 4;
    } else if (scenario == QLatin1String("failover already running")) {
        s.sentinels[0].master.flags = {"master", "failover_in_progress"};
        s.sentinels[0].master.failoverState = "wait_promotion";
    } else if (scenario == QLatin1String("requested replica not eligible")) {
        s.replicas[1] = replicaView(kR2, 900, 0, true);
        r.preferred = kR2;
    } else if (scenario == QLatin1String("requested second-best replica")) {
        r.preferred = kR2;
    } else if (scenario == QLatin1String("graceful, master unreachable")) {
        r.mode = Mode::Graceful;
        s.master.error = QStringLiteral("connection refused");
    } else if (scenario == QLatin1String("no replica qualifies")) {
        s.replicas = {replicaView(kR1, 1000, 0, true), replicaView(kR2, 900, 100, false)};
    }
}

const PreCheck *findCheck(const SentinelFailoverPlan &p, const QString &id)
{
    for (const PreCheck &c : p.checks)
        if (c.id == id)
            return &c;
    return nullptr;
}

QStringList commandNames(const SentinelFailoverPlan &p)
{
    QStringList names;
    for (const PlannedCommand &c : p.commands)
        names << QString::fromUtf8(c.command.args().value(0) + ' ' + c.command.args().value(1));
    return names;
}

} // namespace

class TestSentinelFailoverPlanner : public QObject
{
    Q_OBJECT

private slots:
    void plan_data();
    void plan();
    void gracefulCommandsInSafeOrder();
    void standardCommandIsOneFailover();
    void unreadableClientListWarns();
    void jsonAndDescription();
};

void TestSentinelFailoverPlanner::plan_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<Endpoint>("target");         // invalid: none
    QTest::addColumn<bool>("allowed");
    QTest::addColumn<QString>("failing");         // the check that refuses; empty when allowed
    QTest::addColumn<QString>("evidence");        // a phrase the failing check (or the excluded replica) shows

    auto row = [](const char *name, Endpoint target, bool allowed, const char *failing, const char *evidence) {
        QTest::newRow(name) << QString::fromUtf8(name) << target << allowed << QString::fromUtf8(failing)
                            << QString::fromUtf8(evidence);
    };
    row("healthy: most advanced replica", kR1, true, "", "");
    row("priority beats offset", kR2, true, "", "");
    row("priority 0 is never promoted", kR2, true, "", "replica-priority 0: never promoted");
    row("broken replication link", kR2, true, "", "replication link to the master is down");
    row("replica down for the sentinel", kR2, true, "", "s_down");
    row("equal offsets: run id decides", kR2, true, "", "");
    row("every replica lags", kR1, false, "replica-lag", "refused");
    row("lag overridden", kR1, true, "", "");
    row("two sentinels down: NOQUORUM", kR1, false, "quorum", "NOQUORUM");
    row("sentinels disagree", kR1, false, "sentinels-agree", "127.0.0.1:6380 epoch 3");
    row("epochs disagree", kR1, false, "sentinels-agree", "epoch 4");
    row("failover already running", kR1, false, "no-failover-running", "wait_promotion");
    row("requested replica not eligible", Endpoint{}, false, "replica-available", "cannot be promoted");
    row("requested second-best replica", kR2, true, "", "");
    row("graceful, master unreachable", kR1, false, "master-reachable", "use standard mode");
    row("no replica qualifies", Endpoint{}, false, "replica-available", "never promoted");
}

void TestSentinelFailoverPlanner::plan()
{
    QFETCH(QString, scenario);
    QFETCH(Endpoint, target);
    QFETCH(bool, allowed);
    QFETCH(QString, failing);
    QFETCH(QString, evidence);
    SentinelSurvey survey = healthy();
    SentinelFailoverRequest request;
    request.masterName = "mymaster";
    apply(scenario, survey, request);
    const SentinelFailoverPlan p = SentinelFailoverPlanner::plan(survey, request);
    const QString text = p.describe().join(QLatin1Char('\n'));
    QVERIFY2(p.target == target, qPrintable(text));
    QVERIFY2(p.allowed() == allowed, qPrintable(text));
    QCOMPARE(p.oldMaster, kMaster); // two of three sentinels name it in every scenario
    if (!failing.isEmpty()) {
        const PreCheck *c = findCheck(p, failing);
        QVERIFY2(c != nullptr && c->blocks(), qPrintable(text));
        QVERIFY2(c->evidence.contains(evidence), qPrintable(c->evidence));
        QVERIFY2(p.commands.isEmpty() || !p.allowed(), qPrintable(text));
    } else if (!evidence.isEmpty()) {
        QVERIFY2(text.contains(evidence), qPrintable(text));
    }
    // Eligible candidates come first, ranked 1..n; the others have rank 0 and say why.
    int expectedRank = 1;
    bool seenIneligible = false;
    for (const FailoverCandidate &c : p.candidates) {
        if (c.eligible) {
            QVERIFY2(!seenIneligible, qPrintable(text));
            QCOMPARE(c.rank, expectedRank++);
        } else {
            seenIneligible = true;
            QCOMPARE(c.rank, 0);
            QVERIFY(!c.reason.isEmpty());
        }
    }
    if (scenario == QLatin1String("lag overridden"))
        QVERIFY(findCheck(p, QStringLiteral("replica-lag"))->overridden);
    if (scenario == QLatin1String("requested second-best replica")) {
        // Sentinel would pick r1: the plan makes r2 its only first choice, then restores it.
        QCOMPARE(p.targetPriority, 1);
        QCOMPARE(p.priorityChanges.value(0), qMakePair(kR2, 100));
        QCOMPARE(commandNames(p), (QStringList{QStringLiteral("CONFIG SET"), QStringLiteral("SENTINEL FAILOVER"),
                                               QStringLiteral("CONFIG SET")}));
        QCOMPARE(p.commands.constLast().command.args().constLast(), QByteArrayLiteral("100"));
    }
}

void TestSentinelFailoverPlanner::gracefulCommandsInSafeOrder()
{
    SentinelFailoverRequest request;
    request.masterName = "mymaster";
    request.mode = Mode::Graceful;
    request.pauseTimeoutMs = 4000;
    const SentinelFailoverPlan p = SentinelFailoverPlanner::plan(healthy(), request);
    QVERIFY2(p.allowed(), qPrintable(p.describe().join(QLatin1Char('\n'))));
    // Equal priorities: the target is made the only first choice before the pause, restored after.
    QCOMPARE(commandNames(p), (QStringList{QStringLiteral("CONFIG SET"), QStringLiteral("CLIENT PAUSE"),
                                           QStringLiteral("SENTINEL FAILOVER"), QStringLiteral("REPLICAOF 127.0.0.1"),
                                           QStringLiteral("CLIENT UNPAUSE"), QStringLiteral("CONFIG SET")}));
    QCOMPARE(p.commands[1].target, kMaster);
    QCOMPARE(p.commands[1].command.args(), (QList<QByteArray>{"CLIENT", "PAUSE", "4000", "WRITE"}));
    QCOMPARE(p.commands[3].command.args(), (QList<QByteArray>{"REPLICAOF", "127.0.0.1", "6380"}));
    QCOMPARE(p.commands[3].target, kMaster);
    QCOMPARE(findCheck(p, QStringLiteral("write-loss"))->status, PreCheck::Status::Pass);
}

void TestSentinelFailoverPlanner::standardCommandIsOneFailover()
{
    SentinelFailoverRequest request;
    request.masterName = "mymaster";
    SentinelSurvey survey = healthy();
    survey.master.minReplicasToWrite = 0;
    ActionClient other;
    other.server = kMaster;
    other.name = "redis-ops:op:1234:alice";
    other.address = QStringLiteral("10.0.0.7:51234");
    survey.master.actionClients << other;
    const SentinelFailoverPlan p = SentinelFailoverPlanner::plan(survey, request);
    QVERIFY(p.allowed());
    QCOMPARE(commandNames(p), QStringList{QStringLiteral("SENTINEL FAILOVER")});
    QCOMPARE(p.commands.constFirst().target, survey.sentinels.constFirst().sentinel);
    QCOMPARE(findCheck(p, QStringLiteral("write-loss"))->status, PreCheck::Status::Warn);
    QCOMPARE(findCheck(p, QStringLiteral("min-replicas-to-write"))->status, PreCheck::Status::Warn);
    const PreCheck *others = findCheck(p, QStringLiteral("other-operators"));
    QCOMPARE(others->status, PreCheck::Status::Warn);
    QVERIFY2(others->evidence.contains(QStringLiteral("redis-ops:op:1234:alice")), qPrintable(others->evidence));
}

void TestSentinelFailoverPlanner::unreadableClientListWarns()
{
    // No action client seen, but one replica's CLIENT LIST was refused: not a pass.
    SentinelFailoverRequest request;
    request.masterName = "mymaster";
    SentinelSurvey survey = healthy();
    QCOMPARE(findCheck(SentinelFailoverPlanner::plan(survey, request), QStringLiteral("other-operators"))->status,
             PreCheck::Status::Pass);
    survey.replicas[0].clientListError = QStringLiteral("NOPERM this user has no permissions to run the 'client|list' command");
    const SentinelFailoverPlan p = SentinelFailoverPlanner::plan(survey, request);
    const PreCheck *others = findCheck(p, QStringLiteral("other-operators"));
    QCOMPARE(others->status, PreCheck::Status::Warn);
    QVERIFY2(others->evidence.startsWith(QStringLiteral("CLIENT LIST could not be read on ") + survey.replicas[0].endpoint.toString()
                                         + QStringLiteral(": NOPERM")),
             qPrintable(others->evidence));
}

void TestSentinelFailoverPlanner::jsonAndDescription()
{
    SentinelFailoverRequest request;
    request.masterName = "mymaster";
    const SentinelFailoverPlan p = SentinelFailoverPlanner::plan(healthy(), request);
    const QJsonObject json = p.toJson();
    QCOMPARE(json.value(QStringLiteral("target")).toString(), kR1.toString());
    QCOMPARE(json.value(QStringLiteral("mode")).toString(), QStringLiteral("standard"));
    QCOMPARE(json.value(QStringLiteral("candidates")).toArray().size(), 2);
    QCOMPARE(json.value(QStringLiteral("checks")).toArray().size(), p.checks.size());
    QCOMPARE(json.value(QStringLiteral("commands")).toArray().at(0).toObject().value(QStringLiteral("command")).toString(),
             QStringLiteral("SENTINEL FAILOVER mymaster"));
    const QStringList lines = p.describe();
    QVERIFY(lines.first().contains(QStringLiteral("127.0.0.1:6379 -> 127.0.0.1:6380")));
}

QTEST_APPLESS_MAIN(TestSentinelFailoverPlanner)
#include "tst_sentinelfailoverplanner.moc"
