// Unit tests of ConnectionProfile: round trip through QSettings (an INI file here), Sentinel
// profiles, names with slashes, and above all: no password ever reaches the settings file.
#include "core/ConnectionProfile.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

using namespace ops;

class TestConnectionProfile : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void passwordIsNeverStored();
    void removeAndNames();
};

void TestConnectionProfile::roundTrip_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("sentinel");
    QTest::addColumn<bool>("tls");
    QTest::newRow("cluster seed") << QStringLiteral("prod cluster") << false << false;
    QTest::newRow("sentinel + tls") << QStringLiteral("payments/eu") << true << true;
    QTest::newRow("unicode name") << QStringLiteral("caché – été") << false << true;
}

void TestConnectionProfile::roundTrip()
{
    QFETCH(QString, name);
    QFETCH(bool, sentinel);
    QFETCH(bool, tls);
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    ConnectionProfile p;
    p.name = name;
    p.options.endpoint = Endpoint{QStringLiteral("redis-1.internal"), 7000};
    p.options.user = QStringLiteral("ops");
    p.options.tls.enabled = tls;
    p.options.tls.caFile = QStringLiteral("/etc/ssl/ca.pem");
    p.options.tls.serverName = QStringLiteral("redis.internal");
    p.askPassword = sentinel; // whether one is asked for when opened: stored, unlike the password
    if (sentinel) {
        p.sentinels = {Endpoint{QStringLiteral("10.0.0.1"), 26379}, Endpoint{QStringLiteral("10.0.0.2"), 26380}};
        p.masterName = "mymaster";
    }
    p.save(settings);
    settings.sync();
    QSettings reread(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    QVERIFY(ConnectionProfile::names(reread).contains(name));
    const ConnectionProfile q = ConnectionProfile::load(reread, name);
    QCOMPARE(q.name, name);
    QCOMPARE(q.options.endpoint, p.options.endpoint);
    QCOMPARE(q.options.user, p.options.user);
    QCOMPARE(q.options.tls.enabled, tls);
    QCOMPARE(q.options.tls.caFile, p.options.tls.caFile);
    QCOMPARE(q.options.tls.serverName, p.options.tls.serverName);
    QCOMPARE(q.sentinels, p.sentinels);
    QCOMPARE(q.masterName, p.masterName);
    QCOMPARE(q.isSentinel(), sentinel);
    QCOMPARE(q.askPassword, sentinel);
}

void TestConnectionProfile::passwordIsNeverStored()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("s.ini"));
    {
        QSettings settings(file, QSettings::IniFormat);
        ConnectionProfile p;
        p.name = QStringLiteral("secret test");
        p.options.endpoint = Endpoint{QStringLiteral("h"), 1};
        p.options.password = "s3cr3t-Pa55";
        p.askPassword = true;
        p.passwordInKeychain = true;
        p.save(settings);
    }
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray content = f.readAll();
    QVERIFY(content.contains("secret test"));
    QVERIFY(!content.contains("s3cr3t"));
    QVERIFY(!content.toLower().contains("password"));
    QSettings settings(file, QSettings::IniFormat);
    QVERIFY(ConnectionProfile::load(settings, QStringLiteral("secret test")).options.password.isEmpty());
    QVERIFY(ConnectionProfile::load(settings, QStringLiteral("secret test")).askPassword);
    QVERIFY(ConnectionProfile::load(settings, QStringLiteral("secret test")).passwordInKeychain);
}

void TestConnectionProfile::removeAndNames()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    for (const QString &n : {QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("c")}) {
        ConnectionProfile p;
        p.name = n;
        p.save(settings);
    }
    QCOMPARE(ConnectionProfile::names(settings), (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
    ConnectionProfile::remove(settings, QStringLiteral("b"));
    QCOMPARE(ConnectionProfile::names(settings), (QStringList{QStringLiteral("a"), QStringLiteral("c")}));
}

QTEST_GUILESS_MAIN(TestConnectionProfile)
#include "tst_connectionprofile.moc"
