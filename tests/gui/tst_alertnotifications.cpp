// AlertNotifications: the console asks for a desktop notification for each alert raised, node
// down and failover step (per AlertSettings), never for a clearing or an ordinary event; a burst
// becomes one counted notification; the switches silence their kind. The tray notifier is
// guarded: without a system tray (offscreen) it creates nothing and says it could not notify.
#include "health/AlertNotifications.h"
#include "health/AlertNotifier.h"
#include "health/TrayAlertNotifier.h"

#include <QSystemTrayIcon>
#include <QtTest>

using namespace ops;

namespace {

struct SpyNotifier : AlertNotifier
{
    struct Call
    {
        QString title;
        QString text;
        OpsEvent::Severity severity;
    };
    QList<Call> calls;
    bool notify(const QString &title, const QString &text, OpsEvent::Severity severity) override
    {
        calls.append({title, text, severity});
        return true;
    }
};

OpsEvent makeEvent(OpsEvent::Kind kind, const QString &message, OpsEvent::Severity severity = OpsEvent::Severity::Warning,
               const QString &sentinelType = {})
{
    OpsEvent e;
    e.kind = kind;
    e.message = message;
    e.severity = severity;
    e.sentinelType = sentinelType;
    e.deploymentId = QStringLiteral("sentinel:mymaster@10.0.0.1:26379");
    return e;
}

} // namespace

class TestAlertNotifications : public QObject
{
    Q_OBJECT

private slots:
    void notifiesOncePerRaisedAlert();
    void burstIsOneNotification();
    void switchesSilenceTheirKind();
    void trayIsGuardedWithoutSystemTray();
    void eachFactOnceAcrossSentinels();
};

void TestAlertNotifications::notifiesOncePerRaisedAlert()
{
    SpyNotifier spy;
    AlertNotifications n(&spy);
    OpsEvent trend = makeEvent(OpsEvent::Kind::HealthAlert, QStringLiteral("warning: replication lag of 10.0.0.3:6379 grows steadily"));
    trend.details.insert(QStringLiteral("trend"), true);
    n.showEvents({makeEvent(OpsEvent::Kind::HealthAlert, QStringLiteral("critical: <b>persistence off</b>"), OpsEvent::Severity::Critical),
                  makeEvent(OpsEvent::Kind::NodeAdded, QStringLiteral("node added"), OpsEvent::Severity::Info)});
    n.showEvents({trend});
    n.showEvents({makeEvent(OpsEvent::Kind::HealthAlertCleared, QStringLiteral("cleared after 2 min"), OpsEvent::Severity::Info)});
    QCOMPARE(spy.calls.size(), 2);
    QCOMPARE(spy.calls.at(0).severity, OpsEvent::Severity::Critical);
    QCOMPARE(spy.calls.at(0).text, QStringLiteral("critical: <b>persistence off</b>")); // the server's words, as plain text
    QVERIFY(spy.calls.at(0).title.contains(QLatin1String("sentinel:mymaster@10.0.0.1:26379")));
    QVERIFY(spy.calls.at(1).text.contains(QLatin1String("grows steadily")));
    QCOMPARE(n.notificationCount(), 2);
}

void TestAlertNotifications::burstIsOneNotification()
{
    SpyNotifier spy;
    AlertNotifications n(&spy);
    OpsEvents burst;
    for (int i = 0; i < 10; ++i)
    {
        burst << makeEvent(OpsEvent::Kind::FailSet, QStringLiteral("node %1 failed").arg(i), i == 7 ? OpsEvent::Severity::Critical : OpsEvent::Severity::Warning);
        burst.last().endpoint = QStringLiteral("10.0.0.%1:6379").arg(i + 10);
    }
    n.showEvents(burst);
    QCOMPARE(spy.calls.size(), 1);
    QVERIFY2(spy.calls.first().title.startsWith(QLatin1String("10 Redis alerts")), qPrintable(spy.calls.first().title));
    QVERIFY(spy.calls.first().text.contains(QLatin1String("node 0 failed")));
    QVERIFY(spy.calls.first().text.contains(QLatin1String("7 more")));
    QCOMPARE(spy.calls.first().severity, OpsEvent::Severity::Critical); // the worst of the burst
}

void TestAlertNotifications::switchesSilenceTheirKind()
{
    SpyNotifier spy;
    AlertSettings quiet;
    QVERIFY(quiet.set(QStringLiteral("failover"), QStringLiteral("off"), nullptr));
    AlertNotifications n(&spy, quiet);
    n.showEvents({makeEvent(OpsEvent::Kind::Sentinel, QStringLiteral("+switch-master"), OpsEvent::Severity::Warning, QStringLiteral("+switch-master"))});
    QCOMPARE(spy.calls.size(), 0);
    n.showEvents({makeEvent(OpsEvent::Kind::Sentinel, QStringLiteral("+odown master"), OpsEvent::Severity::Critical, QStringLiteral("+odown"))});
    QCOMPARE(spy.calls.size(), 1);
    QVERIFY(spy.calls.first().title.startsWith(QLatin1String("Redis master down")));
    n.setSettings({});
    n.showEvents({makeEvent(OpsEvent::Kind::Sentinel, QStringLiteral("+switch-master"), OpsEvent::Severity::Warning, QStringLiteral("+switch-master"))});
    QCOMPARE(spy.calls.size(), 2);
    QVERIFY(spy.calls.last().title.startsWith(QLatin1String("Redis failover")));
}

void TestAlertNotifications::trayIsGuardedWithoutSystemTray()
{
    if (QSystemTrayIcon::isSystemTrayAvailable())
        QSKIP("a system tray is available here; the guard is for machines without one");
    TrayAlertNotifier tray;
    QVERIFY(!tray.available());
    QVERIFY(!tray.notify(QStringLiteral("t"), QStringLiteral("x"), OpsEvent::Severity::Warning));
    AlertNotifications n(&tray);
    n.showEvents({makeEvent(OpsEvent::Kind::FailSet, QStringLiteral("node failed"))}); // asked, nothing shown, no crash
    QCOMPARE(n.notificationCount(), 1);
}

// One failover as three sentinels and the monitor report it: the master down, the failover
// tried and the failover ended are each told once; +failover-end adds nothing; the same master
// down again after kRepeatAfterMs is a new incident, told again.
void TestAlertNotifications::eachFactOnceAcrossSentinels()
{
    SpyNotifier spy;
    AlertNotifications n(&spy);
    const QString oldMaster = QStringLiteral("10.0.0.1:6379"), newMaster = QStringLiteral("10.0.0.2:6379");
    auto sentinel = [&](const char *type, const QString &subject, int from, qint64 atMs) {
        OpsEvent e = makeEvent(OpsEvent::Kind::Sentinel, QStringLiteral("%1 %2 (from sentinel %3)").arg(QLatin1String(type), subject).arg(from),
                               OpsEvent::Severity::Warning, QString::fromLatin1(type));
        e.endpoint = e.nodeId = subject;
        e.timestampMs = atMs;
        e.details.insert(QStringLiteral("sentinel"), QStringLiteral("10.0.0.9:%1").arg(26379 + from));
        if (qstrcmp(type, "+switch-master") == 0) {
            e.details.insert(QStringLiteral("oldMaster"), oldMaster);
            e.details.insert(QStringLiteral("newMaster"), newMaster);
        }
        return e;
    };
    const qint64 t0 = 1'700'000'000'000;
    n.showEvents({sentinel("+odown", oldMaster, 1, t0), sentinel("+odown", oldMaster, 2, t0 + 10)});
    n.showEvents({sentinel("+odown", oldMaster, 3, t0 + 20), sentinel("+try-failover", oldMaster, 2, t0 + 30)});
    OpsEvent promoted = makeEvent(OpsEvent::Kind::Promoted, newMaster + QStringLiteral(" was promoted to master"));
    promoted.endpoint = newMaster;
    promoted.timestampMs = t0 + 2000;
    n.showEvents({sentinel("+failover-end", oldMaster, 2, t0 + 1900), promoted, sentinel("+switch-master", oldMaster, 1, t0 + 2100),
                  sentinel("+switch-master", oldMaster, 2, t0 + 2100), sentinel("+switch-master", oldMaster, 3, t0 + 2200)});
    QStringList told;
    for (const auto &c : std::as_const(spy.calls))
        told << c.text;
    QCOMPARE(told.size(), 3);
    QVERIFY2(told.at(0).startsWith(QLatin1String("+odown")) && told.at(1).startsWith(QLatin1String("+try-failover"))
                 && told.at(2).contains(QLatin1String("promoted")),
             qPrintable(told.join(QLatin1Char('\n'))));
    // Eleven minutes later the same master goes down again: a new incident.
    n.showEvents({sentinel("+odown", oldMaster, 1, t0 + 11 * 60 * 1000)});
    QCOMPARE(spy.calls.size(), 4);
}

QTEST_MAIN(TestAlertNotifications)

#include "tst_alertnotifications.moc"
