// ClusterFailoverPlanner over synthetic surveys built from CLUSTER NODES / INFO text as Redis 7
// prints it: the replicas of the shard are ranked (link, offset) with reasons, a master names its
// best replica, and the pre-checks of each mode pass, warn or refuse with their evidence.
#include "actions/ClusterFailoverPlanner.h"

#include <QtTest>

using namespace ops;
using Mode = ClusterFailoverRequest::Mode;

namespace {

Endpoint at(quint16 port) { return Endpoint{QStringLiteral("127.0.0.1"), port}; }

/** One node of the synthetic cluster as every node sees it (unless a view overrides its flags). */
struct Spec
{
    QByteArray id;
    quint16 port = 0;
    int master = -1;          ///< index of its master; -1 = a master
    QByteArray slotText;      ///< "0-5460"
    int epoch = 0;
    qint64 offset = 1000;
    bool linkUp = true;
    bool reachable = true;
    QByteArray state = "ok";  ///< cluster_state it reports
};

/** M1 7000 (R1a 7003, R1b 7006), M2 7001 (R2 7004), M3 7002 (R3 7005). */
struct Fixture
{
    QList<Spec> specs;
    QHash<QPair<int, int>, QByteArray> flagOverrides; ///< (viewer, node) → flags in that viewer's CLUSTER NODES

    Fixture()
    {
        auto id = [](char c) { return QByteArray(40, c); };
        specs = {{id('a'), 7000, -1, "0-5460", 1},   {id('b'), 7001, -1, "5461-10922", 2},
                 {id('c'), 7002, -1, "10923-16383", 3}, {id('d'), 7003, 0, {}, 1, 1000},
                 {id('e'), 7004, 1, {}, 2},           {id('f'), 7005, 2, {}, 3},
                 {QByteArray(39, 'f') + 'e', 7006, 0, {}, 1, 900}};
    }
    QByteArray flags(int viewer, int node) const
    {
        QByteArray f = flagOverrides.value({viewer, node}, specs[node].master < 0 ? "master" : "slave");
        return viewer == node ? "myself," + f : f;
    }
    QByteArray nodesText(int viewer) const
    {
        QByteArray text;
        for (int i = 0; i < specs.size(); ++i) {
            const Spec &s = specs[i];
            const QByteArray master = s.master < 0 ? QByteArray("-") : specs[s.master].id;
            const bool isMaster = flags(viewer, i).contains("master");
            text += s.id + " 127.0.0.1:" + QByteArray::number(s.port) + '@' + QByteArray::number(s.port + 10000) + ' '
                + flags(viewer, i) + ' ' + (isMaster ? QByteArray("-") : master) + " 0 0 " + QByteArray::number(s.epoch)
                + " connected" + (s.slotText.isEmpty() || !isMaster ? QByteArray() : ' ' + s.slotText) + '\n';
        }
        return text;
    }
    ClusterSurvey survey() const
    {
        ClusterSurvey s;
        s.seeds = {at(specs[3].port)};
        for (int i = 0; i < specs.size(); ++i) {
            const Spec &spec = specs[i];
            ClusterNodeView v;
            v.endpoint = at(spec.port);
            if (!spec.reachable) {
                v.error = QStringLiteral("CLUSTER NODES: timeout");
                s.nodes << v;
                continue;
            }
            Parsed<QList<ClusterNodeLine>> lines = parseClusterNodes(nodesText(i));
            if (!lines.ok())
                qFatal("fixture: %s\n%s", qPrintable(lines.error().toString()), nodesText(i).constData());
            v.nodes = lines.take();
            v.clusterInfo = InfoReply::parse("cluster_state:" + spec.state + "\r\ncluster_current_epoch:3\r\n");
            v.replication = InfoReply::parse(
                spec.master < 0 ? "role:master\r\nmaster_repl_offset:" + QByteArray::number(spec.offset) + "\r\n"
                                : "role:slave\r\nmaster_link_status:" + QByteArray(spec.linkUp ? "up" : "down")
                          + "\r\nslave_repl_offset:" + QByteArray::number(spec.offset) + "\r\n");
            s.nodes << v;
        }
        return s;
    }
};

void apply(const QString &scenario, Fixture &f, ClusterFailoverRequest &r)
{
    r.replica = at(7003);
    if (scenario.startsWith(QLatin1String("force")))
        r.mode = Mode::Force;
    if (scenario.startsWith(QLatin1String("takeover")))
        r.mode = Mode::Takeover;
    if (scenario.contains(QLatin1String("by master"))) {
        r.replica = {};
        r.master = at(7000);
    }
    if (scenario.contains(QLatin1String("r1b ahead")))
        f.specs[6].offset = 1000, f.specs[3].offset = 950;
    if (scenario.contains(QLatin1String("r1b link down")))
        f.specs[6].linkUp = false;
    if (scenario.contains(QLatin1String("master unreachable")))
        f.specs[0].reachable = false;
    if (scenario.contains(QLatin1String("cluster_state fail")))
        for (Spec &s : f.specs)
            s.state = "fail";
    if (scenario.contains(QLatin1String("replica link down")))
        f.specs[3].linkUp = false;
    if (scenario.contains(QLatin1String("views disagree")))
        f.flagOverrides.insert({1, 3}, "master");
    if (scenario.contains(QLatin1String("master flagged fail")))
        for (int viewer : {1, 2, 3})
            f.flagOverrides.insert({viewer, 0}, "master,fail");
    if (scenario.contains(QLatin1String("lag")))
        f.specs[0].offset = 5000000;
    if (scenario.contains(QLatin1String("overridden")))
        r.overrideLag = true;
    if (scenario.contains(QLatin1String("a master chosen")))
        r.replica = at(7001);
    if (scenario.contains(QLatin1String("no majority")))
        f.specs[1].reachable = f.specs[2].reachable = false;
}

const PreCheck *findCheck(const ClusterFailoverPlan &p, const QString &id)
{
    for (const PreCheck &c : p.checks)
        if (c.id == id)
            return &c;
    return nullptr;
}

} // namespace

class TestClusterFailoverPlanner : public QObject
{
    Q_OBJECT

private slots:
    void plan_data();
    void plan();
    void commandPerMode_data();
    void commandPerMode();
    void jsonDeadlineAndDeployment();
};

void TestClusterFailoverPlanner::plan_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<Endpoint>("target");     // invalid: none
    QTest::addColumn<bool>("allowed");
    QTest::addColumn<QString>("check");       // the check to look at; empty: none
    QTest::addColumn<int>("status");          // its expected status
    QTest::addColumn<QString>("evidence");    // a phrase in its evidence (or in the plan text when no check)

    auto row = [](const char *name, Endpoint target, bool allowed, const char *check, PreCheck::Status status,
                  const char *evidence) {
        QTest::newRow(name) << QString::fromUtf8(name) << target << allowed << QString::fromUtf8(check) << int(status)
                            << QString::fromUtf8(evidence);
    };
    using S = PreCheck::Status;
    row("default: the chosen replica", at(7003), true, "master-reachable", S::Pass, "answers as master");
    row("default by master: the highest offset wins", at(7003), true, "", S::Pass, "the best: link up and the highest offset");
    row("default by master, r1b ahead: r1b wins", at(7006), true, "", S::Pass, "127.0.0.1:7006  link up, offset 1000");
    row("default by master, r1b ahead, r1b link down: excluded", at(7003), true, "", S::Pass, "FORCE can promote it");
    row("force by master, r1b ahead, r1b link down, master unreachable: link up ranks first", at(7003), true,
        "replica-link", S::Pass, "up");
    row("default, master unreachable: refused with a hint to FORCE", at(7003), false, "master-reachable", S::Fail, "--force");
    row("force, master unreachable: allowed", at(7003), true, "master-reachable", S::Pass, "not needed in this mode");
    row("force, master up: warns", at(7003), true, "master-reachable", S::Warn, "default mode would lose no");
    row("default, cluster_state fail: refused", at(7003), false, "cluster-state", S::Fail, "cluster_state fail");
    row("force, cluster_state fail, master unreachable: warns", at(7003), true, "cluster-state", S::Warn, "expected");
    row("default, replica link down: refused", Endpoint{}, false, "replica-available", S::Fail, "link to the master is down");
    row("force, replica link down, master unreachable: warns", at(7003), true, "replica-link", S::Warn, "link down");
    row("default, views disagree: a failover is running", at(7003), false, "no-failover-running", S::Fail, "under way");
    row("default, master flagged fail: refused", at(7003), false, "no-failover-running", S::Fail, "automatic failover is due");
    row("force, master flagged fail, master unreachable: warns", at(7003), true, "no-failover-running", S::Warn, "may overtake");
    row("default, lag over the threshold: refused", at(7003), false, "replica-lag", S::Fail, "refused");
    row("default, lag overridden", at(7003), true, "replica-lag", S::Fail, "overridden");
    row("default, a master chosen: refused", Endpoint{}, false, "replica-available", S::Fail, "not a replica");
    row("force, no majority, master unreachable: refused", at(7003), false, "masters-majority", S::Fail, "only TAKEOVER");
    row("takeover, no majority, master unreachable: allowed", at(7003), true, "masters-majority", S::Pass, "not needed");
    row("takeover: warns of lost writes and split epochs", at(7003), true, "write-loss", S::Warn, "different epochs");
}

void TestClusterFailoverPlanner::plan()
{
    QFETCH(QString, scenario);
    QFETCH(Endpoint, target);
    QFETCH(bool, allowed);
    QFETCH(QString, check);
    QFETCH(int, status);
    QFETCH(QString, evidence);
    Fixture f;
    ClusterFailoverRequest request;
    apply(scenario, f, request);
    const ClusterFailoverPlan p = ClusterFailoverPlanner::plan(f.survey(), request);
    const QString text = p.describe().join(QLatin1Char('\n'));
    QVERIFY2(p.target == target, qPrintable(text));
    QVERIFY2(p.allowed() == allowed, qPrintable(text));
    if (!check.isEmpty()) {
        const PreCheck *c = findCheck(p, check);
        QVERIFY2(c != nullptr, qPrintable(text));
        QVERIFY2(int(c->status) == status, qPrintable(text));
        QVERIFY2(c->evidence.contains(evidence), qPrintable(c->evidence));
    } else {
        QVERIFY2(text.contains(evidence), qPrintable(text));
    }
    if (scenario.contains(QLatin1String("a master chosen")))
        return;
    QCOMPARE(p.oldMaster, at(7000));
    QCOMPARE(p.shardSlots, 5461);
    // Eligible first, ranked 1..n; the others rank 0 with a reason.
    int expected = 1;
    bool seenIneligible = false;
    for (const ClusterFailoverCandidate &c : p.candidates) {
        QVERIFY(!c.reason.isEmpty());
        if (c.eligible) {
            QVERIFY(!seenIneligible);
            QCOMPARE(c.rank, expected++);
        } else {
            seenIneligible = true;
            QCOMPARE(c.rank, 0);
        }
    }
    QCOMPARE(int(p.candidates.size()), 2);
    QCOMPARE(int(p.commands.size()), p.target.isValid() ? 1 : 0);
}

void TestClusterFailoverPlanner::commandPerMode_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("command");
    QTest::newRow("default") << int(Mode::Default) << QStringLiteral("CLUSTER FAILOVER");
    QTest::newRow("force") << int(Mode::Force) << QStringLiteral("CLUSTER FAILOVER FORCE");
    QTest::newRow("takeover") << int(Mode::Takeover) << QStringLiteral("CLUSTER FAILOVER TAKEOVER");
}

void TestClusterFailoverPlanner::commandPerMode()
{
    QFETCH(int, mode);
    QFETCH(QString, command);
    Fixture f;
    ClusterFailoverRequest request;
    request.replica = at(7006);
    request.mode = Mode(mode);
    const ClusterFailoverPlan p = ClusterFailoverPlanner::plan(f.survey(), request);
    QCOMPARE(p.target, at(7006)); // the operator's choice, even when not the best
    QCOMPARE(p.candidate(at(7006))->rank, 2);
    QCOMPARE(int(p.commands.size()), 1);
    QCOMPARE(p.commands.first().target, at(7006));
    QCOMPARE(p.commands.first().command.redactedText(), command);
    // Observers: the target, the old master, the other masters.
    QCOMPARE(p.observers, (QList<Endpoint>{at(7006), at(7000), at(7001), at(7002)}));
}

void TestClusterFailoverPlanner::jsonDeadlineAndDeployment()
{
    Fixture f;
    ClusterFailoverRequest request;
    request.replica = at(7003);
    ClusterFailoverPlan p = ClusterFailoverPlanner::plan(f.survey(), request);
    QCOMPARE(p.deploymentId, QStringLiteral("cluster:aaaaaaaaaaaa")); // as Monitor names it: the lowest node id
    QCOMPARE(p.manualFailoverTimeoutMs, qint64(5000));                       // Redis 7.0 has no setting: compiled-in
    QCOMPARE(p.deadlineMs(), 5000 + request.verifyMarginMs);
    QCOMPARE(p.currentEpoch, qint64(3));
    QCOMPARE(p.masterConfigEpoch, qint64(1));
    const QJsonObject o = p.toJson();
    QCOMPARE(o.value(QStringLiteral("target")).toString(), QStringLiteral("127.0.0.1:7003"));
    QCOMPARE(o.value(QStringLiteral("mode")).toString(), QStringLiteral("default"));
    QCOMPARE(int(o.value(QStringLiteral("commands")).toArray().size()), 1);
    request.mode = Mode::Force;
    p = ClusterFailoverPlanner::plan(f.survey(), request);
    QCOMPARE(p.deadlineMs(), request.forcedDeadlineMs);
}

QTEST_APPLESS_MAIN(TestClusterFailoverPlanner)
#include "tst_clusterfailoverplanner.moc"
