// HealthAlertTracker: health findings become alert events once per breach. Data-driven scripts
// of polls (one per second on a ManualClock) over a synthetic Sentinel deployment broken in
// named ways; each row lists every event the script must produce, at which poll: raised after
// the hold and never again while it fires, blips shorter than the hold ignored, cleared once
// after passing for the clear hold, held (neither repeated nor cleared) while its node is stale
// or its settings unreadable, an escalation recorded once, a node that left cleared at once.
#include "HealthTestSupport.h"
#include "core/ManualClock.h"
#include "health/HealthAlertTracker.h"

#include <QJsonArray>
#include <QtTest>

using namespace healthtest;

namespace {

const QString kMaster = QStringLiteral("10.0.0.1:6379");
const QString kLagging = QStringLiteral("10.0.0.3:6379");

/**
 * The deployment in state @p how: comma-separated "ok", "persist" (master without RDB and AOF:
 * critical), "minrep" (min-replicas-to-write 0: warning), "lag" (10.0.0.3 lags 5 MB: warning),
 * "linkdown" (its link is down: critical, same rule), "stale" (the master stopped answering),
 * "unread" (the master's CONFIG GET failed), "gone" (10.0.0.3 left the deployment).
 */
TopologySnapshot deployment(const QString &how)
{
    TopologySnapshot s = sentinelDeployment(3, 2);
    const QStringList w = how.split(QLatin1Char(','));
    Node &master = nodeById(s, kMaster);
    if (w.contains(QLatin1String("persist")))
        master.config.values.insert("save", "");
    if (w.contains(QLatin1String("minrep")))
        master.config.values.insert("min-replicas-to-write", "0");
    if (w.contains(QLatin1String("lag")))
        nodeById(s, kLagging).lagBytes = 5 * kMB;
    if (w.contains(QLatin1String("linkdown")))
        nodeById(s, kLagging).masterLinkUp = 0;
    if (w.contains(QLatin1String("stale")))
        master.flags |= Node::Stale;
    if (w.contains(QLatin1String("unread")))
        master.config = NodeConfig{{}, QStringLiteral("CONFIG GET failed: ERR unknown command 'CONFIG'"), 0};
    if (w.contains(QLatin1String("gone")))
        s.nodes.removeAt(s.indexOf(kLagging));
    return s;
}

/** "persist*4 ok*2 lag" -> {"persist", "persist", "persist", "persist", "ok", "ok", "lag"}. */
QStringList expand(const QString &script)
{
    QStringList polls;
    for (const QString &token : script.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const qsizetype star = token.indexOf(QLatin1Char('*'));
        const int times = star < 0 ? 1 : token.mid(star + 1).toInt();
        for (int i = 0; i < times; ++i)
            polls << token.left(star < 0 ? token.size() : star);
    }
    return polls;
}

/** "3 health-alert replication.persistence-off 10.0.0.1:6379 critical": poll index, kind, rule, node, severity. */
QString describe(int poll, const OpsEvent &e)
{
    return QStringLiteral("%1 %2 %3 %4 %5")
        .arg(poll)
        .arg(e.kindName(), e.details.value(QStringLiteral("rule")).toString(), e.nodeId, OpsEvent::severityName(e.severity));
}

struct Run
{
    QStringList described;
    OpsEvents events;
};

/** Runs @p script, one poll a second (the first at once). */
Run run(const QString &script, HealthAlertPolicy policy = {}, ManualClock *clockOut = nullptr)
{
    ManualClock own;
    ManualClock &clock = clockOut != nullptr ? *clockOut : own;
    HealthAlertTracker tracker(&clock, policy);
    Run r;
    const QStringList polls = expand(script);
    for (int i = 0; i < polls.size(); ++i) {
        if (i > 0)
            clock.advance(1000);
        const TopologySnapshot s = deployment(polls.at(i));
        for (const OpsEvent &e : tracker.update(HealthChecker().check(s), s)) {
            r.described << describe(i, e);
            r.events << e;
        }
    }
    return r;
}

} // namespace

class TestHealthAlertTracker : public QObject
{
    Q_OBJECT
private slots:
    void oncePerBreach_data();
    void oncePerBreach();
    void eventsCarryTheEvidence();
    void minimumSeverity();
    void restoredAlertsAreNotRaisedTwice();
};

void TestHealthAlertTracker::oncePerBreach_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<QStringList>("expected");
    const QString persist = QStringLiteral("health-alert replication.persistence-off ") + kMaster + QStringLiteral(" critical");
    const QString persistCleared = QStringLiteral("health-alert-cleared replication.persistence-off ") + kMaster + QStringLiteral(" info");
    const QString lag = QStringLiteral("health-alert replication.lag ") + kLagging + QStringLiteral(" warning");
    const QString lagCritical = QStringLiteral("health-alert replication.lag ") + kLagging + QStringLiteral(" critical");
    const QString lagCleared = QStringLiteral("health-alert-cleared replication.lag ") + kLagging + QStringLiteral(" info");
    const auto at = [](int poll, const QString &what) { return QString::number(poll) + QLatin1Char(' ') + what; };

    QTest::newRow("sound deployment: nothing") << "ok*12" << QStringList{};
    QTest::newRow("raised once after the 3 s hold, not every poll") << "persist*15" << QStringList{at(3, persist)};
    QTest::newRow("a blip shorter than the hold is never recorded") << "persist*3 ok*8" << QStringList{};
    QTest::newRow("a break restarts the hold") << "persist*3 ok persist*4" << QStringList{at(7, persist)};
    QTest::newRow("cleared once, after passing for 5 s") << "persist*4 ok*10" << QStringList{at(3, persist), at(9, persistCleared)};
    QTest::newRow("firing again within the clear hold is the same breach")
        << "persist*4 ok*2 persist ok*10" << QStringList{at(3, persist), at(12, persistCleared)};
    QTest::newRow("a new breach after the clear is recorded again")
        << "persist*4 ok*6 persist*4" << QStringList{at(3, persist), at(9, persistCleared), at(13, persist)};
    QTest::newRow("a stale node holds its alert (silence is no verdict)")
        << "persist*4 stale*10 ok*6" << QStringList{at(3, persist), at(19, persistCleared)};
    QTest::newRow("unreadable settings hold the alert (unknown is no verdict)")
        << "persist*4 unread*10 ok*6" << QStringList{at(3, persist), at(19, persistCleared)};
    QTest::newRow("escalation recorded once, the fall back is not")
        << "lag*4 linkdown*5 lag*4 ok*6" << QStringList{at(3, lag), at(4, lagCritical), at(18, lagCleared)};
    QTest::newRow("a node that left is cleared at once") << "lag*4 gone*4" << QStringList{at(3, lag), at(4, lagCleared)};
    QTest::newRow("two nodes, two breaches, each its own life")
        << "persist,lag*4 lag*6 ok*6" << QStringList{at(3, persist), at(3, lag), at(9, persistCleared), at(15, lagCleared)};
}

void TestHealthAlertTracker::oncePerBreach()
{
    QFETCH(QString, script);
    QFETCH(QStringList, expected);
    const Run r = run(script);
    QCOMPARE(r.described, expected);
}

void TestHealthAlertTracker::eventsCarryTheEvidence()
{
    ManualClock clock;
    const qint64 start = clock.wallMs();
    const Run r = run(QStringLiteral("persist*5 ok*8"), {}, &clock);
    QCOMPARE(r.events.size(), 2);
    const OpsEvent raised = r.events.at(0), cleared = r.events.at(1);
    QCOMPARE(raised.kind, OpsEvent::Kind::HealthAlert);
    QCOMPARE(raised.timestampMs, start + 3000);
    QCOMPARE(raised.deploymentId, QStringLiteral("sentinel:mymaster@test"));
    QCOMPARE(raised.endpoint, kMaster);
    QVERIFY2(raised.message.startsWith(QStringLiteral("critical: master 10.0.0.1:6379 has no persistence")), qPrintable(raised.message));
    QVERIFY(raised.message.endsWith(QStringLiteral("(replication.persistence-off)")));
    QCOMPARE(raised.details.value(QStringLiteral("nodes")).toArray(), QJsonArray{kMaster});
    QCOMPARE(raised.details.value(QStringLiteral("evidence")).toObject().value(QStringLiteral("replicas")).toString(), QStringLiteral("2"));
    QVERIFY(raised.details.value(QStringLiteral("fix")).toString().contains(QStringLiteral("appendonly yes")));
    QVERIFY(raised.details.value(QStringLiteral("firingAtStart")).toBool()); // it was so before we looked

    QCOMPARE(cleared.kind, OpsEvent::Kind::HealthAlertCleared);
    QCOMPARE(cleared.timestampMs, start + 10000); // passing from poll 5, cleared 5 s later
    QCOMPARE(cleared.details.value(QStringLiteral("durationMs")).toInteger(), 7000);
    QCOMPARE(cleared.details.value(QStringLiteral("raisedAtMs")).toInteger(), start + 3000);
    QCOMPARE(cleared.details.value(QStringLiteral("reason")).toString(), QStringLiteral("passing"));
    QCOMPARE(cleared.message, QStringLiteral("cleared after 7 s: Persistence on masters (replication.persistence-off) on 10.0.0.1:6379"));

    // A breach that starts while watching is news: no firingAtStart.
    const Run later = run(QStringLiteral("ok*2 minrep*4"));
    QCOMPARE(later.events.size(), 1);
    QVERIFY(!later.events.first().details.contains(QStringLiteral("firingAtStart")));
}

void TestHealthAlertTracker::minimumSeverity()
{
    HealthAlertPolicy criticalOnly;
    criticalOnly.minimum = HealthFinding::Severity::Critical;
    QCOMPARE(run(QStringLiteral("minrep*8"), criticalOnly).described, QStringList{});
    QCOMPARE(run(QStringLiteral("minrep*8")).described.size(), 1);
    HealthAlertPolicy immediate;
    immediate.raiseAfterMs = 0;
    immediate.clearAfterMs = 0;
    QCOMPARE(run(QStringLiteral("minrep ok"), immediate).described,
             (QStringList{QStringLiteral("0 health-alert replication.min-replicas-to-write 10.0.0.1:6379 warning"),
                          QStringLiteral("1 health-alert-cleared replication.min-replicas-to-write 10.0.0.1:6379 info")}));
}

void TestHealthAlertTracker::restoredAlertsAreNotRaisedTwice()
{
    // A first run raises "persist" and "lag" and clears "lag": the stored events.
    const Run first = run(QStringLiteral("persist,lag*4 persist*8"));
    QCOMPARE(first.events.size(), 3);
    // A restarted console restores them: the still open "persist" is not raised again, and is
    // cleared once when it passes, its duration counted from the stored raise.
    ManualClock clock(1'700'000'100'000);
    HealthAlertTracker tracker(&clock);
    QCOMPARE(tracker.restore(first.events), 1);
    QCOMPARE(tracker.activeAlerts(), QStringList{QStringLiteral("replication.persistence-off@") + kMaster});
    OpsEvents after;
    for (const QString &poll : expand(QStringLiteral("persist*10 ok*7"))) {
        const TopologySnapshot s = deployment(poll);
        after += tracker.update(HealthChecker().check(s), s);
        clock.advance(1000);
    }
    QCOMPARE(after.size(), 1);
    QCOMPARE(after.first().kind, OpsEvent::Kind::HealthAlertCleared);
    QCOMPARE(after.first().details.value(QStringLiteral("raisedAtMs")).toInteger(), first.events.first().timestampMs);
    QVERIFY(after.first().details.value(QStringLiteral("durationMs")).toInteger() >= 100'000 - 3000);
    // A trend alert's events are the TrendAlertTracker's.
    OpsEvent trend = first.events.first();
    trend.details.insert(QStringLiteral("trend"), true);
    trend.details.insert(QStringLiteral("rule"), QStringLiteral("trend.used-memory"));
    HealthAlertTracker other(&clock);
    QCOMPARE(other.restore({trend}), 0);
}

QTEST_APPLESS_MAIN(TestHealthAlertTracker)
#include "tst_healthalerttracker.moc"
