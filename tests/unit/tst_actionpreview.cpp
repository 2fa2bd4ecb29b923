// What the wizard shows of a Sentinel failover plan (SentinelFailoverAction::previewOf) and how an
// intent becomes the planner's request: data-driven over plans built by hand.
#include "actions/SentinelFailoverAction.h"

#include <QtTest>

using namespace ops;

namespace {

Endpoint ep(quint16 port) { return Endpoint{QStringLiteral("127.0.0.1"), port}; }

FailoverCandidate candidate(quint16 port, int rank, const QString &reason)
{
    FailoverCandidate c;
    c.endpoint = ep(port);
    c.eligible = rank > 0;
    c.rank = rank;
    c.reason = reason;
    return c;
}

PreCheck check(const QString &id, PreCheck::Status status, bool overridden = false)
{
    PreCheck c;
    c.id = id;
    c.title = id + QStringLiteral(" title");
    c.status = status;
    c.evidence = id + QStringLiteral(" evidence");
    c.overridable = overridden;
    c.overridden = overridden;
    return c;
}

} // namespace

class TestActionPreview : public QObject
{
    Q_OBJECT
private slots:
    void previewOfPlan_data();
    void previewOfPlan();
    void requestOfIntent_data();
    void requestOfIntent();
};

void TestActionPreview::previewOfPlan_data()
{
    QTest::addColumn<bool>("graceful");
    QTest::addColumn<bool>("haveTarget");
    QTest::addColumn<QList<PreCheck>>("checks");
    QTest::addColumn<bool>("allowed");
    QTest::addColumn<QStringList>("reasons");

    const PreChecks passing{check(QStringLiteral("quorum"), PreCheck::Status::Pass),
                            check(QStringLiteral("write-loss"), PreCheck::Status::Warn)};
    QTest::newRow("graceful, all pass") << true << true << passing << true << QStringList{};
    QTest::newRow("standard, all pass") << false << true << passing << true << QStringList{};
    QTest::newRow("a failing check blocks")
        << true << true << PreChecks{check(QStringLiteral("quorum"), PreCheck::Status::Fail)} << false
        << QStringList{QStringLiteral("quorum title: quorum evidence")};
    QTest::newRow("an overridden lag check does not")
        << true << true << PreChecks{check(QStringLiteral("replica-lag"), PreCheck::Status::Fail, true)} << true << QStringList{};
    QTest::newRow("no target: refused") << true << false << passing << false
                                        << QStringList{QStringLiteral("no replica qualifies for promotion")};
}

void TestActionPreview::previewOfPlan()
{
    QFETCH(bool, graceful);
    QFETCH(bool, haveTarget);
    QFETCH(QList<PreCheck>, checks);
    QFETCH(bool, allowed);
    QFETCH(QStringList, reasons);

    SentinelFailoverPlan plan;
    plan.request.masterName = "mymaster";
    plan.request.mode = graceful ? SentinelFailoverRequest::Mode::Graceful : SentinelFailoverRequest::Mode::Standard;
    plan.request.pauseTimeoutMs = 4000;
    plan.oldMaster = ep(7000);
    plan.candidates = {candidate(7001, 1, QStringLiteral("priority 100, 0 B behind")),
                       candidate(7002, 0, QStringLiteral("replica-priority 0: never promoted"))};
    if (haveTarget)
        plan.target = ep(7001);
    plan.checks = checks;
    plan.commands = {PlannedCommand{ep(7003), RespCommand{"SENTINEL", "FAILOVER", "mymaster"}, QStringLiteral("promote it")}};

    ActionPreview p = SentinelFailoverAction::previewOf(plan);
    p.id = QStringLiteral("abc"); // the action gives planned previews an id
    QCOMPARE(p.kind, QStringLiteral("sentinel-failover"));
    QCOMPARE(p.mode, graceful ? QStringLiteral("graceful") : QStringLiteral("standard"));
    QCOMPARE(p.confirmText, QStringLiteral("mymaster"));
    QCOMPARE(p.target, haveTarget ? QStringLiteral("127.0.0.1:7001") : QString());
    QCOMPARE(p.eligibleTargets, QStringList{QStringLiteral("127.0.0.1:7001")});
    QCOMPARE(p.plan.size(), 2);
    QVERIFY(p.plan.at(0).startsWith(QStringLiteral("#1  127.0.0.1:7001")));
    QVERIFY(p.plan.at(1).startsWith(QStringLiteral("--  127.0.0.1:7002  replica-priority 0")));
    QCOMPARE(p.commands, QStringList{QStringLiteral("1. ") + plan.commands.first().previewLine()});
    QCOMPARE(p.checks.size(), checks.size());
    // Graceful says how long writes may pause (the server-side bound).
    QCOMPARE(p.warnings.join(QLatin1Char(' ')).contains(QStringLiteral("at most 4000 ms")), graceful);
    QCOMPARE(p.allowed(), allowed);
    QCOMPARE(p.blockingReasons(), reasons);
}

void TestActionPreview::requestOfIntent_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<bool>("preferred");
    QTest::addColumn<bool>("graceful");

    QTest::newRow("graceful to the best") << int(FailoverIntent::Mode::Graceful) << false << true;
    QTest::newRow("standard to a replica") << int(FailoverIntent::Mode::Standard) << true << false;
}

void TestActionPreview::requestOfIntent()
{
    QFETCH(int, mode);
    QFETCH(bool, preferred);
    QFETCH(bool, graceful);
    FailoverIntent intent;
    intent.mode = FailoverIntent::Mode(mode);
    if (preferred)
        intent.preferred = ep(7002);
    intent.maxLagBytes = 10;
    intent.overrideLag = true;
    intent.pauseTimeoutMs = 1234;
    const SentinelFailoverRequest r = SentinelFailoverAction::requestOf(intent, "m1");
    QCOMPARE(r.masterName, QByteArray("m1"));
    QCOMPARE(r.mode == SentinelFailoverRequest::Mode::Graceful, graceful);
    QCOMPARE(r.preferred, preferred ? ep(7002) : Endpoint{});
    QCOMPARE(r.maxLagBytes, qint64(10));
    QVERIFY(r.overrideLag);
    QCOMPARE(r.pauseTimeoutMs, 1234);
}

QTEST_GUILESS_MAIN(TestActionPreview)
#include "tst_actionpreview.moc"
