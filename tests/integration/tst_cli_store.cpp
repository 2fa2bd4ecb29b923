// `redis-ops --store`: the CLI on a shared PostgreSQL store started by the test. A bad URL is a
// usage error that never repeats a password; `history` reads what another console stored, with
// the password from PGPASSWORD (never from the URL, the settings or the log file). `watch` while
// the store is down journals its events in the data dir's spool and says so; the next run that
// reaches the store flushes them, each once.
#include "CliProcess.h"
#include "HistoryTestData.h"
#include "LabFixture.h"
#include "PostgresServer.h"
#include "resp/RespCommand.h"
#include "history/HistoryStore.h"

#include <QSet>

using namespace historytest;
using ops::LabNode;
using ops::LabSpec;
using ops::LocalLab;

class TestCliStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void badStoreIsUsageError_data();
    void badStoreIsUsageError();
    void historyFromSharedStore();
    void watchJournalsLocallyWhileTheStoreIsDown();
    void terminalGetsNoEscapeSequences();

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

void TestCliStore::watchJournalsLocallyWhileTheStoreIsDown()
{
    std::unique_ptr<LocalLab> lab = labtest::startedLab(LabSpec::Kind::Standalone, 1);
    QVERIFY(lab);
    const LabNode master = lab->topology().nodesWithRole(LabNode::Role::Master).value(0);
    const LabNode replica = lab->topology().nodesWithRole(LabNode::Role::Replica).value(0);
    QVERIFY(master.endpoint.port != 0 && replica.endpoint.port != 0);
    QString error;
    const QString db = m_server.createDatabase(&error);
    QVERIFY2(!db.isEmpty(), qPrintable(error));
    const QString url = m_server.url(db);
    {
        HistoryStore schema(url);
        QVERIFY(!schema.open().isError());
    }
    const QString spoolFile = m_home.filePath(QStringLiteral("data/spool.sqlite"));
    m_server.stopImmediately();

    // The replica leaves (REPLICAOF NO ONE) while watch runs: its events cannot reach the store.
    QSet<QString> printed;
    {
        CliProcess watch(QStringLiteral(REDIS_OPS_BINARY), m_home.path(),
                         {QStringLiteral("--store"), url, QStringLiteral("watch"), QStringLiteral("-p"),
                          QString::number(master.endpoint.port), QStringLiteral("--duration"), QStringLiteral("10")});
        const auto never = [](const QJsonObject &) { return false; };
        QTRY_VERIFY2_WITH_TIMEOUT((watch.sawLine(never), watch.err().contains("watching standalone@")), watch.err().constData(),
                                  15000);
        ops::RedisConnection connection(lab->topology().connectionOptions(replica.endpoint));
        QVERIFY(!labtest::openAndWait(connection).isError());
        const ops::RedisResult promoted = labtest::execute(connection, ops::RespCommand{"REPLICAOF", "NO", "ONE"});
        QVERIFY2(promoted.ok(), labtest::describe(promoted).constData());
        QElapsedTimer sinceLeft;
        sinceLeft.start();
        const bool printedLive = QTest::qWaitFor([&] { return watch.sawLine([](const QJsonObject &) { return true; }); }, 8000);
        // Printed as it happens (the master no longer lists it), not held until the store is back.
        QVERIFY2(printedLive, (watch.out() + watch.err()).constData());
        qInfo("first event printed %lld ms after the replica left", static_cast<long long>(sinceLeft.elapsed()));
        QVERIFY(watch.finished(30000));
        QVERIFY2(watch.process().exitCode() == 0, watch.err().constData());
        const QString err = QString::fromUtf8(watch.err());
        QVERIFY2(err.contains(QStringLiteral("shared store unreachable since")) && err.contains(QStringLiteral("journaling locally")),
                 qPrintable(err));
        for (const QJsonObject &e : watch.lines())
            printed << e.value(QStringLiteral("uid")).toString();
    }
    QVERIFY(!printed.isEmpty());
    QVERIFY2(!printed.contains(QString()), "an event was printed without its uid");
    {
        HistoryStore spool(spoolFile);
        QVERIFY(!spool.open().isError());
        QCOMPARE(spool.count(), qint64(printed.size())); // every event waits there, once
    }

    // The store is back: the next run that journals (watch, an action or a console) flushes it.
    QVERIFY2(m_server.restart(&error), qPrintable(error));
    {
        CliProcess again(QStringLiteral(REDIS_OPS_BINARY), m_home.path(),
                         {QStringLiteral("--store"), url, QStringLiteral("watch"), QStringLiteral("-p"),
                          QString::number(replica.endpoint.port), QStringLiteral("--duration"), QStringLiteral("3")});
        QVERIFY(again.finished(30000));
        QVERIFY2(again.process().exitCode() == 0, again.err().constData());
    }
    HistoryStore shared(url);
    QVERIFY(!shared.open().isError());
    QMultiHash<QString, qint64> stored;
    for (const OpsEvent &e : shared.query(HistoryQuery{}))
        stored.insert(e.uid, e.id);
    for (const QString &uid : std::as_const(printed))
        QVERIFY2(stored.count(uid) == 1, qPrintable(QStringLiteral("event %1 stored %2 times").arg(uid).arg(stored.count(uid))));
    HistoryStore spool(spoolFile);
    QVERIFY(!spool.open().isError());
    QCOMPARE(spool.count(), qint64(0));
}

// Server text in the history (a message naming an announced hostname, say) printed for a
// terminal: its escape sequences appear as text, never as bytes the terminal would obey.
void TestCliStore::terminalGetsNoEscapeSequences()
{
    QTemporaryDir home;
    QVERIFY(QDir().mkpath(home.filePath(QStringLiteral("data"))));
    {
        HistoryStore store(home.filePath(QStringLiteral("data/history.sqlite")));
        QVERIFY(!store.open().isError());
        OpsEvents events{makeEvent(QStringLiteral("prod"), 1700000000000, OpsEvent::Kind::Promoted,
                                   QStringLiteral("evil\x1b]0;pwned\x07:6379"),
                                   QStringLiteral("\x1b[2J\x1b[Hnode \x1b[31mhost\x1b[0m\rOK \u202Etxt.exe"))};
        QVERIFY(!store.append(events).isError());
    }
    CliProcess cli(QStringLiteral(REDIS_OPS_BINARY), home.path(), {QStringLiteral("history")});
    QVERIFY(cli.finished(30000));
    QVERIFY2(cli.process().exitCode() == 0, cli.err().constData());
    const QByteArray out = cli.out();
    // (The table shows a message on one line: its CR is a space there.)
    QVERIFY2(out.contains("\\u001b[2J\\u001b[Hnode \\u001b[31mhost\\u001b[0m OK \\u202etxt.exe"), out.constData());
    QVERIFY2(out.contains("evil\\u001b]0;pwned\\u0007:6379") || !out.contains("evil"), out.constData());
    for (const char c : out)
        QVERIFY2(c == '\n' || c == '\t' || static_cast<unsigned char>(c) >= 0x20, qPrintable(QStringLiteral("control byte %1 printed").arg(int(c))));
    QVERIFY(!out.contains("\xe2\x80\xae")); // U+202E, UTF-8
}

QTEST_GUILESS_MAIN(TestCliStore)
#include "tst_cli_store.moc"
