// The shared (PostgreSQL) store's own concerns, on a real server started by the test: where the
// password comes from (PGPASSWORD, a .pgpass file, the keychain through setPassword(); never the
// URL, never a log line), and typed errors when the server is missing or goes away.
#include "HistoryTestData.h"
#include "PostgresServer.h"

#include "core/LogRingSink.h"
#include "core/Logging.h"

using namespace historytest;

class TestSharedStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void noPasswordIsRefusedByTheServer();
    void passwordFromPgpassword();
    void passwordFromPgpassFile();
    void passwordFromKeychain();
    void passwordInUrlRefused();
    void serverDownAndGoingAway();

private:
    /** Every log line so far, joined. */
    static QString logText();
    std::unique_ptr<PostgresServer> m_server;
    QString m_location; ///< a database owned by the password role, logging in as it
    QTemporaryDir m_dir;
};

QString TestSharedStore::logText()
{
    QVector<ops::LogRingSink::Line> lines;
    ops::Logging::ring()->linesSince(0, lines);
    QStringList texts;
    for (const auto &line : lines)
        texts << line.text;
    return texts.join(QLatin1Char('\n'));
}

void TestSharedStore::initTestCase()
{
    ops::Logging::get("history")->set_level(spdlog::level::trace);
    m_server = std::make_unique<PostgresServer>();
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
}

void TestSharedStore::init()
{
    qunsetenv("PGPASSWORD");
    // A .pgpass that does not exist: a developer's own ~/.pgpass must not make a test pass.
    qputenv("PGPASSFILE", QFile::encodeName(m_dir.filePath(QStringLiteral("no-such-pgpass"))));
    QString error;
    const QString db = m_server->createDatabase(&error, PostgresServer::passwordRole());
    QVERIFY2(!db.isEmpty(), qPrintable(error));
    m_location = m_server->url(db, PostgresServer::passwordRole());
}

void TestSharedStore::cleanup()
{
    qunsetenv("PGPASSWORD");
    qunsetenv("PGPASSFILE");
}

void TestSharedStore::noPasswordIsRefusedByTheServer()
{
    HistoryStore store(m_location);
    const HistoryError error = store.open();
    QCOMPARE(kindText(error.kind), kindText(HistoryError::Kind::Open));
    QVERIFY2(error.message.contains(store.displayName()), qPrintable(error.message));
    QVERIFY2(error.message.contains(QStringLiteral("password")), qPrintable(error.message));
    QVERIFY(!store.isOpen());
}

void TestSharedStore::passwordFromPgpassword()
{
    qputenv("PGPASSWORD", PostgresServer::passwordOf().toUtf8());
    HistoryStore store(m_location);
    const HistoryError error = store.open();
    QVERIFY2(!error.isError(), qPrintable(error.message));
    OpsEvents events{makeEvent(QStringLiteral("d"), 1, OpsEvent::Kind::NodeAdded, {}, QStringLiteral("shared"))};
    QVERIFY(!store.append(events).isError());
    QCOMPARE(messages(store.query({})), QStringList{QStringLiteral("shared")});
    // The store logged that it opened, and no log line holds the password.
    const QString log = logText();
    QVERIFY2(log.contains(QStringLiteral("shared history open")), qPrintable(log.right(500)));
    QVERIFY(!log.contains(PostgresServer::passwordOf()));
    QVERIFY(!store.displayName().contains(PostgresServer::passwordOf()));
}

void TestSharedStore::passwordFromPgpassFile()
{
    const QString path = m_dir.filePath(QStringLiteral("pgpass"));
    const ops::StoreLocation where = ops::StoreLocation::parse(m_location);
    QVERIFY(writeFile(path, QStringLiteral("%1:%2:%3:%4:%5\n")
                                .arg(where.host())
                                .arg(where.port())
                                .arg(where.database(), where.user(), PostgresServer::passwordOf())
                                .toUtf8()));
    QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner)); // libpq ignores others
    qputenv("PGPASSFILE", QFile::encodeName(path));
    HistoryStore store(m_location);
    const HistoryError error = store.open();
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(store.schemaVersion(), HistoryStore::currentSchemaVersion());
}

void TestSharedStore::passwordFromKeychain()
{
    HistoryStore wrong(m_location);
    wrong.setPassword(QStringLiteral("not-the-password"));
    const HistoryError refused = wrong.open();
    QCOMPARE(kindText(refused.kind), kindText(HistoryError::Kind::Open));
    QVERIFY(!refused.message.contains(QStringLiteral("not-the-password")));

    HistoryStore store(m_location);
    store.setPassword(PostgresServer::passwordOf()); // what the console reads from the keychain
    const HistoryError error = store.open();
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QVERIFY(!logText().contains(PostgresServer::passwordOf()));
}

void TestSharedStore::passwordInUrlRefused()
{
    QString url = m_location;
    url.replace(PostgresServer::passwordRole() + QLatin1Char('@'),
                PostgresServer::passwordRole() + QLatin1Char(':') + PostgresServer::passwordOf() + QLatin1Char('@'));
    HistoryStore store(url);
    const HistoryError error = store.open();
    QCOMPARE(kindText(error.kind), kindText(HistoryError::Kind::BadLocation));
    QVERIFY(!error.message.contains(PostgresServer::passwordOf()));
    QVERIFY(!store.displayName().contains(PostgresServer::passwordOf()));
    QVERIFY(!logText().contains(PostgresServer::passwordOf()));
}

void TestSharedStore::serverDownAndGoingAway()
{
    PostgresServer own;
    QString startError;
    QVERIFY2(own.start(&startError), qPrintable(startError));
    const QString db = own.createDatabase(&startError);
    QVERIFY(!db.isEmpty());
    HistoryStore store(own.url(db));
    QVERIFY(!store.open().isError());
    const QString url = own.url(db);
    own.stop();

    OpsEvents events{makeEvent(QStringLiteral("d"), 1, OpsEvent::Kind::NodeAdded, {}, {})};
    const HistoryError lost = store.append(events);
    QCOMPARE(kindText(lost.kind), kindText(HistoryError::Kind::Io)); // the store went away: not a bad query
    QVERIFY2(lost.message.contains(store.displayName()), qPrintable(lost.message));
    QCOMPARE(events[0].id, qint64(0));

    HistoryStore down(url);
    const HistoryError error = down.open();
    QCOMPARE(kindText(error.kind), kindText(HistoryError::Kind::Open));
    QVERIFY2(error.message.contains(down.displayName()), qPrintable(error.message));
}

QTEST_GUILESS_MAIN(TestSharedStore)
#include "tst_sharedstore.moc"
