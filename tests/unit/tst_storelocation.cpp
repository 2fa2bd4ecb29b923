// StoreLocation: `--store` parsed in one place. File paths stay SQLite; postgresql:// URLs give
// host, port, user, database and libpq options; every malformed URL is a BadLocation error whose
// message never repeats a password.
#include "history/StoreLocation.h"

#include <QtTest>

using ops::HistoryError;
using ops::StoreLocation;

class TestStoreLocation : public QObject
{
    Q_OBJECT

private slots:
    void valid_data();
    void valid();
    void invalid_data();
    void invalid();
};

void TestStoreLocation::valid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("postgres");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("sslMode");
    QTest::addColumn<QString>("display");
    QTest::addColumn<QString>("options");

    QTest::newRow("sqlite file") << QStringLiteral("/var/lib/ops/history.sqlite") << false << QString() << 5432
                                 << QString() << QString() << QStringLiteral("prefer")
                                 << QStringLiteral("/var/lib/ops/history.sqlite") << QString();
    QTest::newRow("relative file") << QStringLiteral("data/history.db") << false << QString() << 5432 << QString()
                                   << QString() << QStringLiteral("prefer") << QStringLiteral("data/history.db")
                                   << QString();
    QTest::newRow("full URL") << QStringLiteral("postgresql://ops@db.example.net:6432/redis_ops?sslmode=verify-full")
                              << true << QStringLiteral("db.example.net") << 6432 << QStringLiteral("ops")
                              << QStringLiteral("redis_ops") << QStringLiteral("verify-full")
                              << QStringLiteral("postgresql://ops@db.example.net:6432/redis_ops?sslmode=verify-full")
                              << QStringLiteral("sslmode=verify-full;connect_timeout=10;"
                                                "application_name='redis-ops-console';"
                                                "options='-c client_min_messages=warning'");
    QTest::newRow("defaults (port, sslmode, no user)")
        << QStringLiteral("postgres://db/ops") << true << QStringLiteral("db") << 5432 << QString()
        << QStringLiteral("ops") << QStringLiteral("prefer") << QStringLiteral("postgresql://db:5432/ops?sslmode=prefer")
        << QStringLiteral("sslmode=prefer;connect_timeout=10;application_name='redis-ops-console';"
                                                "options='-c client_min_messages=warning'");
    QTest::newRow("IPv6 host") << QStringLiteral("postgresql://ops@[::1]:5433/h?sslmode=disable") << true
                               << QStringLiteral("::1") << 5433 << QStringLiteral("ops") << QStringLiteral("h")
                               << QStringLiteral("disable") << QStringLiteral("postgresql://ops@[::1]:5433/h?sslmode=disable")
                               << QStringLiteral("sslmode=disable;connect_timeout=10;application_name='redis-ops-console';"
                                                "options='-c client_min_messages=warning'");
    QTest::newRow("TLS files, timeout, name")
        << QStringLiteral("postgresql://ops@db/h?sslmode=verify-ca&sslrootcert=/etc/ssl/ca%20it's.pem"
                          "&sslcert=/c.pem&sslkey=/k.pem&connect_timeout=3&application_name=night%20shift")
        << true << QStringLiteral("db") << 5432 << QStringLiteral("ops") << QStringLiteral("h")
        << QStringLiteral("verify-ca") << QStringLiteral("postgresql://ops@db:5432/h?sslmode=verify-ca")
        << QStringLiteral("sslmode=verify-ca;connect_timeout=3;application_name='night shift';"
                          "options='-c client_min_messages=warning';sslrootcert='/etc/ssl/ca it\\'s.pem';sslcert='/c.pem';sslkey='/k.pem'");
    QTest::newRow("percent-encoded user and database")
        << QStringLiteral("postgresql://ops%2Dteam@db/redis%5Fops") << true << QStringLiteral("db") << 5432
        << QStringLiteral("ops-team") << QStringLiteral("redis_ops") << QStringLiteral("prefer")
        << QStringLiteral("postgresql://ops-team@db:5432/redis_ops?sslmode=prefer")
        << QStringLiteral("sslmode=prefer;connect_timeout=10;application_name='redis-ops-console';"
                                                "options='-c client_min_messages=warning'");
}

void TestStoreLocation::valid()
{
    QFETCH(QString, text);
    QFETCH(bool, postgres);
    HistoryError error = HistoryError::make(HistoryError::Kind::Query, QStringLiteral("stale"));
    const StoreLocation location = StoreLocation::parse(text, &error);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QVERIFY(location.isValid());
    QCOMPARE(location.isPostgres(), postgres);
    QCOMPARE(StoreLocation::looksLikeUrl(text), postgres);
    QCOMPARE(location.qtDriver(), postgres ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE"));
    QTEST(location.displayName(), "display");
    QTEST(location.connectOptions(), "options");
    if (!postgres) {
        QCOMPARE(location.filePath(), text);
        return;
    }
    QTEST(location.host(), "host");
    QTEST(location.port(), "port");
    QTEST(location.user(), "user");
    QTEST(location.database(), "database");
    QTEST(location.sslMode(), "sslMode");
}

void TestStoreLocation::invalid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("why"); // part of the message

    QTest::newRow("empty") << QString() << QStringLiteral("no history database path");
    QTest::newRow("unknown scheme") << QStringLiteral("mysql://ops@db/h") << QStringLiteral("unknown scheme \"mysql\"");
    QTest::newRow("password in URL") << QStringLiteral("postgresql://ops:hunter2@db/h")
                                     << QStringLiteral("password in the URL is not accepted");
    QTest::newRow("empty password in URL") << QStringLiteral("postgresql://ops:@db/h")
                                           << QStringLiteral("password in the URL is not accepted");
    QTest::newRow("password parameter") << QStringLiteral("postgresql://ops@db/h?password=hunter2")
                                        << QStringLiteral("password in the URL is not accepted");
    QTest::newRow("no host") << QStringLiteral("postgresql:///h") << QStringLiteral("no host");
    QTest::newRow("no database") << QStringLiteral("postgresql://ops@db") << QStringLiteral("no database name");
    QTest::newRow("no database, slash") << QStringLiteral("postgresql://ops@db:5432/")
                                        << QStringLiteral("no database name");
    QTest::newRow("nested path") << QStringLiteral("postgresql://db/a/b") << QStringLiteral("contains '/'");
    QTest::newRow("bad port") << QStringLiteral("postgresql://db:99999/h") << QStringLiteral("not a valid URL");
    QTest::newRow("non-numeric port") << QStringLiteral("postgresql://db:abc/h") << QStringLiteral("not a valid URL");
    QTest::newRow("bad sslmode") << QStringLiteral("postgresql://db/h?sslmode=sometimes")
                                 << QStringLiteral("sslmode \"sometimes\" is not one of");
    QTest::newRow("bad timeout") << QStringLiteral("postgresql://db/h?connect_timeout=0")
                                 << QStringLiteral("connect_timeout \"0\"");
    QTest::newRow("unknown parameter") << QStringLiteral("postgresql://db/h?sslmod=require")
                                       << QStringLiteral("unknown parameter \"sslmod\"");
    QTest::newRow("fragment") << QStringLiteral("postgresql://db/h#x") << QStringLiteral("fragment");
}

void TestStoreLocation::invalid()
{
    QFETCH(QString, text);
    QFETCH(QString, why);
    HistoryError error;
    const StoreLocation location = StoreLocation::parse(text, &error);
    QVERIFY(!location.isValid());
    QCOMPARE(HistoryError::kindName(error.kind), QStringLiteral("bad-location"));
    QVERIFY2(error.message.contains(why), qPrintable(error.message));
    QVERIFY2(!error.message.contains(QStringLiteral("hunter2")), qPrintable(error.message));
    QVERIFY2(!location.displayName().contains(QStringLiteral("hunter2")), qPrintable(location.displayName()));
}

QTEST_APPLESS_MAIN(TestStoreLocation)
#include "tst_storelocation.moc"
