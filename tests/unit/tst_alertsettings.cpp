// AlertSettings: every threshold name with its valid and invalid values (the error names the
// accepted forms), name=value assignments, loading from a settings file (bad values reported,
// defaults kept), and which events notify the operator.
#include "health/AlertSettings.h"

#include <QTemporaryDir>
#include <QtTest>

using ops::AlertSettings;
using ops::OpsEvent;

class TestAlertSettings : public QObject
{
    Q_OBJECT

private slots:
    void set_data();
    void set();
    void assignment();
    void loadFromSettings();
    void notifies_data();
    void notifies();
};

void TestAlertSettings::set_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("stored"); // value(name) after; empty: rejected
    QTest::addColumn<QString>("error");  // part of the error when rejected

    QTest::newRow("lag-bytes plain") << "lag-bytes" << "1048576" << "1048576" << "";
    QTest::newRow("lag-bytes kb") << "lag-bytes" << "512kb" << "524288" << "";
    QTest::newRow("lag-bytes MB, spaces") << "lag-bytes" << " 4 MB " << "4194304" << "";
    QTest::newRow("lag-bytes g") << "lag-bytes" << "2g" << "2147483648" << "";
    QTest::newRow("lag-bytes zero") << "lag-bytes" << "0" << "" << "at least 1";
    QTest::newRow("lag-bytes negative") << "lag-bytes" << "-5" << "" << "expected a size in bytes";
    QTest::newRow("lag-bytes words") << "lag-bytes" << "lots" << "" << "(1048576, 512kb, 1mb, 2gb)";
    QTest::newRow("lag-bytes overflow") << "lag-bytes" << "99999999999999999gb" << "" << "expected a size";
    QTest::newRow("lag-seconds") << "lag-seconds" << "2.5" << "2.5" << "";
    QTest::newRow("lag-seconds zero") << "lag-seconds" << "0" << "" << "above 0";
    QTest::newRow("lag-seconds nan") << "lag-seconds" << "nan" << "" << "above 0";
    QTest::newRow("memory-percent") << "memory-percent" << "80" << "80" << "";
    QTest::newRow("memory-percent 100") << "memory-percent" << "100" << "100" << "";
    QTest::newRow("memory-percent over 100") << "memory-percent" << "101" << "" << "at most 100";
    QTest::newRow("memory-percent zero") << "memory-percent" << "0" << "" << "above 0";
    QTest::newRow("fragmentation") << "fragmentation" << "2" << "2" << "";
    QTest::newRow("fragmentation 1") << "fragmentation" << "1" << "" << "ratio above 1";
    QTest::newRow("backlog-outage-seconds") << "backlog-outage-seconds" << "300" << "300" << "";
    QTest::newRow("backlogOutageSeconds, the thresholds' spelling") << "backlogOutageSeconds" << "120" << "120" << "";
    QTest::newRow("backlog-outage-seconds zero") << "backlog-outage-seconds" << "0" << "" << "seconds above 0";
    QTest::newRow("down-after-latency-factor") << "down-after-latency-factor" << "20" << "20" << "";
    QTest::newRow("down-after-latency-factor below 1") << "downAfterLatencyFactor" << "0.5" << "" << "at least 1";
    QTest::newRow("client-retry-budget-ms") << "client-retry-budget-ms" << "5000" << "5000" << "";
    QTest::newRow("clientRetryBudgetMs") << "clientRetryBudgetMs" << "2500" << "2500" << "";
    QTest::newRow("client-retry-budget-ms negative") << "client-retry-budget-ms" << "-1" << "" << "expected milliseconds";
    QTest::newRow("node-down off") << "node-down" << "off" << "off" << "";
    QTest::newRow("failover no") << "failover" << "no" << "off" << "";
    QTest::newRow("rule-firing true") << "rule-firing" << "true" << "on" << "";
    QTest::newRow("trend OFF") << "trend" << "OFF" << "off" << "";
    QTest::newRow("trend maybe") << "trend" << "maybe" << "" << "expected on or off";
    QTest::newRow("unknown name") << "lag" << "1" << "" << "unknown threshold 'lag' (one of: lag-bytes,";
}

void TestAlertSettings::set()
{
    QFETCH(QString, name);
    QFETCH(QString, value);
    QFETCH(QString, stored);
    QFETCH(QString, error);
    AlertSettings a;
    const QString before = a.value(name);
    QString why;
    QCOMPARE(a.set(name, value, &why), !stored.isEmpty());
    if (stored.isEmpty()) {
        QVERIFY2(why.contains(error), qPrintable(why));
        QCOMPARE(a.value(name), before); // a rejected value changes nothing
    } else {
        QVERIFY(why.isEmpty());
        QCOMPARE(a.value(name), stored);
    }
}

void TestAlertSettings::assignment()
{
    AlertSettings a;
    QString why;
    QVERIFY(a.setAssignment(QStringLiteral("memory-percent=75"), &why));
    QCOMPARE(a.thresholds.memoryUsageShare, 0.75);
    QVERIFY(!a.setAssignment(QStringLiteral("memory-percent"), &why));
    QVERIFY2(why.contains(QLatin1String("expected name=value")), qPrintable(why));
    QVERIFY(!a.setAssignment(QStringLiteral("=3"), &why));
}

void TestAlertSettings::loadFromSettings()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.ini"));
    {
        QSettings s(path, QSettings::IniFormat);
        s.setValue(QStringLiteral("alerts/lag-bytes"), QStringLiteral("2mb"));
        s.setValue(QStringLiteral("alerts/lag-seconds"), QStringLiteral("soon"));
        s.setValue(QStringLiteral("alerts/failover"), QStringLiteral("off"));
    }
    QSettings s(path, QSettings::IniFormat);
    QStringList problems;
    const AlertSettings a = AlertSettings::load(s, &problems);
    QCOMPARE(a.thresholds.replicaLagBytes, qint64(2) << 20);
    QCOMPARE(a.thresholds.replicaLagSeconds, AlertSettings().thresholds.replicaLagSeconds); // default kept
    QVERIFY(!a.failover);
    QVERIFY(a.nodeDown);
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.first().contains(QLatin1String("alerts/lag-seconds")) && problems.first().contains(QLatin1String("default 10")),
             qPrintable(problems.first()));
}

void TestAlertSettings::notifies_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("sentinelType");
    QTest::addColumn<bool>("trend");
    QTest::addColumn<QString>("off");   // the switch that silences it; empty: never notifies
    using K = OpsEvent::Kind;
    QTest::newRow("health alert") << int(K::HealthAlert) << "" << false << "rule-firing";
    QTest::newRow("trend alert") << int(K::HealthAlert) << "" << true << "trend";
    QTest::newRow("alert cleared: no notification") << int(K::HealthAlertCleared) << "" << false << "";
    QTest::newRow("node failed") << int(K::FailSet) << "" << false << "node-down";
    QTest::newRow("node stopped answering") << int(K::NodeStale) << "" << false << "node-down";
    QTest::newRow("odown") << int(K::Sentinel) << "+odown" << false << "node-down";
    QTest::newRow("failover started") << int(K::Sentinel) << "+try-failover" << false << "failover";
    QTest::newRow("failover finished") << int(K::Sentinel) << "+switch-master" << false << "failover";
    QTest::newRow("cluster replica promoted") << int(K::Promoted) << "" << false << "failover";
    QTest::newRow("sdown of a replica: no") << int(K::Sentinel) << "+sdown" << false << "";
    QTest::newRow("node added: no") << int(K::NodeAdded) << "" << false << "";
}

void TestAlertSettings::notifies()
{
    QFETCH(int, kind);
    QFETCH(QString, sentinelType);
    QFETCH(bool, trend);
    QFETCH(QString, off);
    OpsEvent e;
    e.kind = OpsEvent::Kind(kind);
    e.sentinelType = sentinelType;
    if (trend)
        e.details.insert(QStringLiteral("trend"), true);
    AlertSettings a;
    QCOMPARE(a.notifies(e), !off.isEmpty());
    if (off.isEmpty())
        return;
    QVERIFY(a.set(off, QStringLiteral("off"), nullptr));
    QVERIFY(!a.notifies(e));
}

QTEST_APPLESS_MAIN(TestAlertSettings)

#include "tst_alertsettings.moc"
