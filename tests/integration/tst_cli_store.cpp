// `redis-ops --store`: the CLI on a shared PostgreSQL store started by the test. A bad URL is a
// usage error that never repeats a password; `history` reads what another console stored, with
// the password from PGPASSWORD (never from the URL, the settings or the log file).
#include "CliProcess.h"
#include "HistoryTestData.h"
#include "PostgresServer.h"

using namespace historytest;

class TestCliStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void badStoreIsUsageError_data();
    void badStoreIsUsageError();
    void historyFromSharedStore();

private:
    PostgresServer m_server;
    QTemporaryDir m_home;
};

void TestCliStore::initTestCase()
{
    QString error;
    QVERIFY2(m_server.start(&error), qPrintable(error));
}

void TestCliStore::cleanup()
{
    qunsetenv("PGPASSWORD");
    qunsetenv("PGPASSFILE");
}

void TestCliStore::badStoreIsUsageError_data()
{
    QTest::addColumn<QString>("store");
    QTest::addColumn<QString>("why");
    QTest::newRow("password in URL") << QStringLiteral("postgresql://ops:hunter2@127.0.0.1:1/db")
                                     << QStringLiteral("password in the URL is not accepted");
    QTest::newRow("unknown scheme") << QStringLiteral("mysql://ops@db/h") << QStringLiteral("unknown scheme");
    QTest::newRow("bad sslmode") << QStringLiteral("postgresql://db/h?sslmode=maybe") << QStringLiteral("sslmode");
}

void TestCliStore::badStoreIsUsageError()
{
    QFETCH(QString, store);
    QFETCH(QString, why);
    CliProcess cli(QStringLiteral(REDIS_OPS_BINARY), m_home.path(), {QStringLiteral("--store"), store, QStringLiteral("history")});
    QVERIFY(cli.finished(30000));
    QCOMPARE(cli.process().exitCode(), 2);
    const QString err = QString::fromUtf8(cli.err());
    QVERIFY2(err.contains(why), qPrintable(err));
    QVERIFY2(!err.contains(QStringLiteral("hunter2")), qPrintable(err));
}

void TestCliStore::historyFromSharedStore()
{
    QString error;
    const QString db = m_server.createDatabase(&error, PostgresServer::passwordRole());
    QVERIFY2(!db.isEmpty(), qPrintable(error));
    const QString url = m_server.url(db, PostgresServer::passwordRole());
    {
        HistoryStore console(url); // another console, its password from the keychain
        console.setPassword(PostgresServer::passwordOf());
        QVERIFY(!console.open().isError());
        OpsEvents events;
        for (int i = 1; i <= 3; ++i)
            events << makeEvent(QStringLiteral("prod"), 1700000000000 + i, OpsEvent::Kind::Promoted,
                                QStringLiteral("n%1").arg(i), QStringLiteral("shared event %1").arg(i));
        QVERIFY(!console.append(events).isError());
    }
    // No password anywhere: refused by the server, exit 1, the store named without a secret.
    qputenv("PGPASSFILE", QFile::encodeName(m_home.filePath(QStringLiteral("no-pgpass"))));
    {
        CliProcess cli(QStringLiteral(REDIS_OPS_BINARY), m_home.path(),
                       {QStringLiteral("--store"), url, QStringLiteral("history"), QStringLiteral("--json")});
        QVERIFY(cli.finished(30000));
        QCOMPARE(cli.process().exitCode(), 1);
        QVERIFY2(cli.err().contains("password"), cli.err().constData());
    }
    qputenv("PGPASSWORD", PostgresServer::passwordOf().toUtf8());
    CliProcess cli(QStringLiteral(REDIS_OPS_BINARY), m_home.path(),
                   {QStringLiteral("--store"), url, QStringLiteral("history"), QStringLiteral("--json")});
    QVERIFY(cli.finished(30000));
    QVERIFY2(cli.process().exitCode() == 0, cli.err().constData());
    QCOMPARE(cli.lines().size(), 3);
    QCOMPARE(cli.lines().at(2).value(QStringLiteral("message")).toString(), QStringLiteral("shared event 3"));
    QVERIFY(!cli.out().contains(PostgresServer::passwordOf().toUtf8()));
    QVERIFY(!cli.err().contains(PostgresServer::passwordOf().toUtf8()));
    const QByteArray log = fileBytes(m_home.filePath(QStringLiteral("data/logs/redis-ops.log")));
    QVERIFY(!log.contains(PostgresServer::passwordOf().toUtf8()));
}

QTEST_GUILESS_MAIN(TestCliStore)
#include "tst_cli_store.moc"
