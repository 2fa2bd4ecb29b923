// `redis-ops` writes its log file at the level saved by the console's Settings ▸ log level
// (QSettings key logging/level, the file the console writes), and -v/--verbose wins over it.
// Each row runs the real binary in a fresh home: `history` (logs "history open" at info) and
// `ping` to a closed loopback port (logs "connecting" at debug), then reads
// <data>/logs/redis-ops.log.
#include "CliProcess.h"

#include <QDir>
#include <QFile>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

class TestCliLogLevel : public QObject
{
    Q_OBJECT

private slots:
    void savedLevelAppliesToTheLogFile_data();
    void savedLevelAppliesToTheLogFile();
};

namespace {

/** A loopback port nothing listens on (bound, then released). */
quint16 closedPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

} // namespace

void TestCliLogLevel::savedLevelAppliesToTheLogFile_data()
{
    QTest::addColumn<QString>("saved"); // empty: no setting saved
    QTest::addColumn<bool>("verbose");
    QTest::addColumn<bool>("infoLogged");
    QTest::addColumn<bool>("debugLogged");
    QTest::newRow("nothing saved: info") << QString() << false << true << false;
    QTest::newRow("saved error") << QStringLiteral("error") << false << false << false;
    QTest::newRow("saved warning") << QStringLiteral("warning") << false << false << false;
    QTest::newRow("saved info") << QStringLiteral("info") << false << true << false;
    QTest::newRow("saved debug") << QStringLiteral("debug") << false << true << true;
    QTest::newRow("saved error, -v wins") << QStringLiteral("error") << true << true << true;
    QTest::newRow("bad value: the default (info)") << QStringLiteral("chatty") << false << true << false;
}

void TestCliLogLevel::savedLevelAppliesToTheLogFile()
{
    QFETCH(QString, saved);
    QFETCH(bool, verbose);
    QFETCH(bool, infoLogged);
    QFETCH(bool, debugLogged);

    QTemporaryDir home;
    QVERIFY(home.isValid());
    if (!saved.isEmpty()) { // where the console's QSettings ("redis-ops", "redis-ops-console") live under this HOME
        const QString dir = home.path() + QStringLiteral("/xdg_config_home/redis-ops");
        QVERIFY(QDir().mkpath(dir));
        QFile conf(dir + QStringLiteral("/redis-ops-console.conf"));
        QVERIFY(conf.open(QIODevice::WriteOnly));
        conf.write("[logging]\nlevel=" + saved.toUtf8() + '\n');
    }
    const QStringList global = verbose ? QStringList{QStringLiteral("-v")} : QStringList{};

    CliProcess history(QStringLiteral(REDIS_OPS_BINARY), home.path(), global + QStringList{QStringLiteral("history")});
    QVERIFY(history.finished(30000));
    QVERIFY2(history.process().exitCode() == 0, history.err().constData());

    const quint16 port = closedPort();
    QVERIFY(port != 0);
    CliProcess ping(QStringLiteral(REDIS_OPS_BINARY), home.path(),
                    global + QStringList{QStringLiteral("ping"), QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(port)});
    QVERIFY(ping.finished(30000));
    QVERIFY2(ping.process().exitCode() != 0, ping.out().constData()); // nothing answers there

    QFile log(home.path() + QStringLiteral("/data/logs/redis-ops.log"));
    QVERIFY2(log.open(QIODevice::ReadOnly), qPrintable(log.fileName()));
    const QByteArray text = log.readAll();
    QCOMPARE(text.contains("history open"), infoLogged);
    QCOMPARE(text.contains(": connecting"), debugLogged);
    // The levels are the file's: nothing below the saved level got in by another way.
    if (!infoLogged)
        QVERIFY2(!text.contains(" info ") && !text.contains(" debug "), text.constData());
}

QTEST_GUILESS_MAIN(TestCliLogLevel)
#include "tst_cli_loglevel.moc"
