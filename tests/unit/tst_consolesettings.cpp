// ConsoleSettings (Settings dialog's model): every setting with valid and invalid values (the
// error names the accepted range), when each applies, a round trip through a settings file
// (INI in a temp dir: never the user's), bad stored values reported with the default kept, and
// the alert thresholds written where AlertSettings::load — `redis-ops check` — reads them.
#include "core/ConsoleSettings.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using ops::AlertSettings;
using ops::ConsoleSettings;

class TestConsoleSettings : public QObject
{
    Q_OBJECT

private slots:
    void set_data();
    void set();
    void appliesWhen_data();
    void appliesWhen();
    void roundTrip();
    void badStoredValuesKeepDefaults();
    void checkReadsTheSavedThresholds();
    void differences();
    void logLevels();
};

void TestConsoleSettings::set_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("stored"); // value(name) after; empty with an error: rejected
    QTest::addColumn<QString>("error");  // part of the error when rejected

    const QString dir = QDir::tempPath();
    QTest::newRow("interval 1000") << "poll-interval" << "1000" << "1000" << "";
    QTest::newRow("interval lowest") << "poll-interval" << "100" << "100" << "";
    QTest::newRow("interval highest") << "poll-interval" << "60000" << "60000" << "";
    QTest::newRow("interval spaces") << "poll-interval" << " 250 " << "250" << "";
    QTest::newRow("interval too short") << "poll-interval" << "99" << "" << "expected milliseconds from 100 to 60000";
    QTest::newRow("interval too long") << "poll-interval" << "60001" << "" << "from 100 to 60000";
    QTest::newRow("interval words") << "poll-interval" << "fast" << "" << "poll-interval=fast: expected milliseconds";
    QTest::newRow("interval seconds") << "poll-interval" << "1.5" << "" << "expected milliseconds";
    QTest::newRow("data-dir empty: default") << "data-dir" << "" << "" << "";
    QTest::newRow("data-dir absolute, cleaned") << "data-dir" << dir + QStringLiteral("/ops//x/../y") << dir + QStringLiteral("/ops/y") << "";
    QTest::newRow("data-dir relative") << "data-dir" << "data" << "" << "expected an absolute path";
    QTest::newRow("data-dir a file") << "data-dir" << QFINDTESTDATA("tst_consolesettings.cpp") << "" << "is not a directory";
    QTest::newRow("data-dir control") << "data-dir" << "/tmp/a\nb" << "" << "control characters";
    QTest::newRow("log-level debug") << "log-level" << "debug" << "debug" << "";
    QTest::newRow("log-level case") << "log-level" << "WARNING" << "warning" << "";
    QTest::newRow("log-level trace") << "log-level" << "trace" << "" << "expected one of debug, info, warning, error";
    QTest::newRow("theme dark") << "theme" << "dark" << "dark" << "";
    QTest::newRow("theme system") << "theme" << "System" << "system" << "";
    QTest::newRow("theme blue") << "theme" << "blue" << "" << "expected one of system, light, dark";
    QTest::newRow("alert threshold") << "memory-percent" << "75" << "75" << "";
    QTest::newRow("alert threshold range") << "memory-percent" << "120" << "" << "at most 100";
    QTest::newRow("alert size") << "lag-bytes" << "2mb" << "2097152" << "";
    QTest::newRow("alert switch") << "rule-firing" << "off" << "off" << "";
    QTest::newRow("down-after factor") << "down-after-latency-factor" << "20" << "20" << "";
    QTest::newRow("down-after factor 1") << "down-after-latency-factor" << "1" << "1" << "";
    QTest::newRow("down-after factor below 1") << "down-after-latency-factor" << "0.9" << "" << "expected a factor of at least 1";
    QTest::newRow("retry budget") << "client-retry-budget-ms" << "5000" << "5000" << "";
    QTest::newRow("retry budget not stated") << "client-retry-budget-ms" << "0" << "0" << "";
    QTest::newRow("retry budget negative") << "client-retry-budget-ms" << "-5" << "" << "expected milliseconds, 0 (not stated) to 86400000";
    QTest::newRow("retry budget over a day") << "client-retry-budget-ms" << "86400001" << "" << "to 86400000";
    QTest::newRow("backlog outage") << "backlog-outage-seconds" << "300" << "300" << "";
    QTest::newRow("backlog outage fraction") << "backlog-outage-seconds" << "0.5" << "0.5" << "";
    QTest::newRow("backlog outage zero") << "backlog-outage-seconds" << "0" << "" << "expected a number of seconds above 0";
    QTest::newRow("unknown") << "colour" << "red" << "" << "unknown setting 'colour' (one of: poll-interval,";
}

void TestConsoleSettings::set()
{
    QFETCH(QString, name);
    QFETCH(QString, value);
    QFETCH(QString, stored);
    QFETCH(QString, error);
    ConsoleSettings s;
    const QString before = s.value(name);
    QString why;
    const bool ok = s.set(name, value, &why);
    QCOMPARE(ok, error.isEmpty());
    if (ok) {
        QCOMPARE(s.value(name), stored);
        QVERIFY(why.isEmpty());
    } else {
        QVERIFY2(why.contains(error), qPrintable(why));
        QCOMPARE(s.value(name), before); // a rejected value changes nothing
    }
}

void TestConsoleSettings::appliesWhen_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("applies");
    QTest::newRow("poll-interval") << "poll-interval" << int(ConsoleSettings::Applies::NewDeployments);
    QTest::newRow("data-dir") << "data-dir" << int(ConsoleSettings::Applies::Restart);
    QTest::newRow("log-level") << "log-level" << int(ConsoleSettings::Applies::Live);
    QTest::newRow("theme") << "theme" << int(ConsoleSettings::Applies::Live);
    for (const QString &name : AlertSettings::names())
        QTest::newRow(qPrintable(name)) << name << int(ConsoleSettings::Applies::Live);
}

void TestConsoleSettings::appliesWhen()
{
    QFETCH(QString, name);
    QFETCH(int, applies);
    QVERIFY(ConsoleSettings::names().contains(name));
    QCOMPARE(int(ConsoleSettings::appliesWhen(name)), applies);
}

void TestConsoleSettings::roundTrip()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("settings.ini"));
    ConsoleSettings s;
    QVERIFY(s.set(QStringLiteral("poll-interval"), QStringLiteral("2500"), nullptr));
    QVERIFY(s.set(QStringLiteral("data-dir"), dir.filePath(QStringLiteral("data")), nullptr));
    QVERIFY(s.set(QStringLiteral("log-level"), QStringLiteral("error"), nullptr));
    QVERIFY(s.set(QStringLiteral("theme"), QStringLiteral("dark"), nullptr));
    QVERIFY(s.set(QStringLiteral("lag-seconds"), QStringLiteral("4.5"), nullptr));
    QVERIFY(s.set(QStringLiteral("trend"), QStringLiteral("off"), nullptr));
    QVERIFY(s.set(QStringLiteral("down-after-latency-factor"), QStringLiteral("15"), nullptr));
    QVERIFY(s.set(QStringLiteral("client-retry-budget-ms"), QStringLiteral("7500"), nullptr));
    QVERIFY(s.set(QStringLiteral("backlog-outage-seconds"), QStringLiteral("120"), nullptr));
    {
        QSettings settings(file, QSettings::IniFormat);
        s.save(settings);
    }
    QSettings reread(file, QSettings::IniFormat);
    QStringList problems;
    const ConsoleSettings back = ConsoleSettings::load(reread, &problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    for (const QString &name : ConsoleSettings::names())
        QCOMPARE(back.value(name), s.value(name));
    QVERIFY(back.differences(s).isEmpty());
    QCOMPARE(back.pollIntervalMs, 2500);
    QCOMPARE(back.theme, ConsoleSettings::Theme::Dark);
    QCOMPARE(back.alerts.thresholds.replicaLagSeconds, 4.5);
    QCOMPARE(back.alerts.trend, false);
    QCOMPARE(back.alerts.thresholds.downAfterLatencyFactor, 15.0);
    QCOMPARE(back.alerts.thresholds.clientRetryBudgetMs, qint64(7500));
    QCOMPARE(back.alerts.thresholds.backlogOutageSeconds, 120.0);
    QCOMPARE(reread.value(QStringLiteral("alerts/client-retry-budget-ms")).toString(), QStringLiteral("7500"));
    // The keys, as documented (and as the CLI and a restart read them).
    QCOMPARE(reread.value(QStringLiteral("monitor/poll-interval-ms")).toString(), QStringLiteral("2500"));
    QCOMPARE(reread.value(QStringLiteral("appearance/theme")).toString(), QStringLiteral("dark"));
    QCOMPARE(reread.value(QStringLiteral("logging/level")).toString(), QStringLiteral("error"));
    QCOMPARE(reread.value(QStringLiteral("paths/data-dir")).toString(), dir.filePath(QStringLiteral("data")));
}

void TestConsoleSettings::badStoredValuesKeepDefaults()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    settings.setValue(QStringLiteral("monitor/poll-interval-ms"), QStringLiteral("5"));
    settings.setValue(QStringLiteral("appearance/theme"), QStringLiteral("neon"));
    settings.setValue(QStringLiteral("alerts/fragmentation"), QStringLiteral("0.5"));
    settings.setValue(QStringLiteral("logging/level"), QStringLiteral("warning"));
    QStringList problems;
    const ConsoleSettings s = ConsoleSettings::load(settings, &problems);
    QCOMPARE(problems.size(), 3);
    QVERIFY2(problems.at(0).contains(QStringLiteral("setting monitor/poll-interval-ms; the default 1000 is used")),
             qPrintable(problems.at(0)));
    QVERIFY2(problems.join(QLatin1Char('\n')).contains(QStringLiteral("appearance/theme; the default system")), qPrintable(problems.join(QLatin1Char('\n'))));
    QCOMPARE(s.pollIntervalMs, 1000);
    QCOMPARE(s.theme, ConsoleSettings::Theme::System);
    QCOMPARE(s.alerts.thresholds.fragmentationRatio, ops::HealthThresholds().fragmentationRatio);
    QCOMPARE(s.logLevel, QStringLiteral("warning")); // the good one is taken
}

void TestConsoleSettings::checkReadsTheSavedThresholds()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    ConsoleSettings s;
    QVERIFY(s.set(QStringLiteral("memory-percent"), QStringLiteral("42"), nullptr));
    QVERIFY(s.set(QStringLiteral("lag-bytes"), QStringLiteral("64kb"), nullptr));
    QVERIFY(s.set(QStringLiteral("node-down"), QStringLiteral("off"), nullptr));
    QVERIFY(s.set(QStringLiteral("client-retry-budget-ms"), QStringLiteral("3000"), nullptr));
    QVERIFY(s.set(QStringLiteral("down-after-latency-factor"), QStringLiteral("25"), nullptr));
    QVERIFY(s.set(QStringLiteral("backlog-outage-seconds"), QStringLiteral("600"), nullptr));
    s.save(settings);
    QStringList problems;
    const AlertSettings check = AlertSettings::load(settings, &problems); // what `redis-ops check` does
    QVERIFY(problems.isEmpty());
    QCOMPARE(check.thresholds.memoryUsageShare, 0.42);
    QCOMPARE(check.thresholds.replicaLagBytes, qint64(64 * 1024));
    QCOMPARE(check.nodeDown, false);
    QCOMPARE(check.thresholds.clientRetryBudgetMs, qint64(3000));
    QCOMPARE(check.thresholds.downAfterLatencyFactor, 25.0);
    QCOMPARE(check.thresholds.backlogOutageSeconds, 600.0);
}

void TestConsoleSettings::differences()
{
    ConsoleSettings a, b;
    QVERIFY(a.differences(b).isEmpty());
    QVERIFY(b.set(QStringLiteral("theme"), QStringLiteral("light"), nullptr));
    QVERIFY(b.set(QStringLiteral("lag-seconds"), QStringLiteral("3"), nullptr));
    QCOMPARE(a.differences(b), (QStringList{QStringLiteral("theme"), QStringLiteral("lag-seconds")}));
}

void TestConsoleSettings::logLevels()
{
    ConsoleSettings s;
    QCOMPARE(s.spdlogLevel(), spdlog::level::info);
    const QList<spdlog::level::level_enum> expected{spdlog::level::debug, spdlog::level::info, spdlog::level::warn, spdlog::level::err};
    for (int i = 0; i < expected.size(); ++i) {
        QVERIFY(s.set(QStringLiteral("log-level"), ConsoleSettings::logLevels().at(i), nullptr));
        QCOMPARE(s.spdlogLevel(), expected.at(i));
    }
}

QTEST_GUILESS_MAIN(TestConsoleSettings)
#include "tst_consolesettings.moc"
