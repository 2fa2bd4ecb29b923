// The PostgresServer test fixture itself: a real server on a free loopback port, run unprivileged
// when the test runs as root, trust for the superuser, passwords for every other role, and
// nothing left behind (process, port, directory) after stop().
#include "PostgresServer.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QtTest>

#include <signal.h>

namespace {

/** Opens a QPSQL connection as @p user (password @p password, may be empty); the error text or empty. */
QString tryConnect(const PostgresServer &server, const QString &user, const QString &password,
                   QString *serverUser = nullptr)
{
    static int count = 0;
    const QString name = QStringLiteral("tst-pg-%1").arg(++count);
    QString result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(PostgresServer::host());
        db.setPort(server.port());
        db.setUserName(user);
        db.setPassword(password);
        db.setDatabaseName(QStringLiteral("postgres"));
        db.setConnectOptions(QStringLiteral("sslmode=disable"));
        if (!db.open()) {
            result = db.lastError().text();
            if (result.isEmpty())
                result = QStringLiteral("failed");
        } else if (serverUser) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("SELECT current_user")) && q.next())
                *serverUser = q.value(0).toString();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

} // namespace

class TestPostgresServer : public QObject
{
    Q_OBJECT

private slots:
    void startsAuthenticatesAndStops();
    void runsUnprivileged();
};

void TestPostgresServer::startsAuthenticatesAndStops()
{
    qunsetenv("PGPASSWORD");
    PostgresServer server;
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    QVERIFY(server.isRunning());
    QVERIFY(server.port() > 0);

    QString who;
    QCOMPARE(tryConnect(server, PostgresServer::superuser(), {}, &who), QString());
    QCOMPARE(who, PostgresServer::superuser());
    // The password role: refused without its password and with a wrong one, accepted with it.
    const QString without = tryConnect(server, PostgresServer::passwordRole(), {});
    QVERIFY2(without.contains(QStringLiteral("password")), qPrintable(without));
    QVERIFY(!tryConnect(server, PostgresServer::passwordRole(), QStringLiteral("wrong")).isEmpty());
    QCOMPARE(tryConnect(server, PostgresServer::passwordRole(), PostgresServer::passwordOf(), &who), QString());
    QCOMPARE(who, PostgresServer::passwordRole());

    const QString db = server.createDatabase(&error);
    QVERIFY2(!db.isEmpty(), qPrintable(error));
    QCOMPARE(server.exec(db, {QStringLiteral("CREATE TABLE t (x BIGINT)"), QStringLiteral("INSERT INTO t VALUES (42)")}),
             QString());
    QCOMPARE(server.value(db, QStringLiteral("SELECT x FROM t")).toLongLong(), qint64(42));
    QVERIFY(server.url(db).startsWith(QStringLiteral("postgresql://ops_admin@127.0.0.1:")));

    const quint16 port = server.port();
    server.stop();
    QVERIFY(!server.isRunning());
    QTcpSocket probe;
    probe.connectToHost(QStringLiteral("127.0.0.1"), port);
    QVERIFY(!probe.waitForConnected(2000));
    server.stop(); // idempotent
}

void TestPostgresServer::runsUnprivileged()
{
    PostgresServer server;
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    // The backend serving us is a process of the server: it never runs as root, even when the
    // test does (CI), or PostgreSQL would not have started at all.
    const QVariant backendPid = server.value(QStringLiteral("postgres"), QStringLiteral("SELECT pg_backend_pid()"));
    QVERIFY(backendPid.isValid());
    QFile status(QStringLiteral("/proc/%1/status").arg(backendPid.toLongLong()));
    QVERIFY(status.open(QIODevice::ReadOnly));
    QString uidLine;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("Uid:"))
            uidLine = QString::fromLatin1(line.simplified());
    QVERIFY2(uidLine.startsWith(QStringLiteral("Uid: ")), qPrintable(uidLine));
    QVERIFY2(!uidLine.startsWith(QStringLiteral("Uid: 0 ")), qPrintable(uidLine));
}

QTEST_GUILESS_MAIN(TestPostgresServer)
#include "tst_postgresserver.moc"
