// HistoryStore and the files it meets: migration from the first schema, a newer schema refused
// and left untouched (also with a pending WAL), not-a-database and corrupt files refused with a
// typed error, an empty file becomes a database, unwritable locations, and durability against
// SIGKILL of a writer process (history_writer).
#include "HistoryTestData.h"

// Root ignores permissions, so these rows skip as root, except under tst_historyfiles_unprivileged
// (tests/support/run-unprivileged.sh runs them as nobody): root there means they never ran.
#define SKIP_AS_ROOT(why)                                                                          \
    do {                                                                                           \
        if (qEnvironmentVariableIsSet("OPS_TEST_UNPRIVILEGED"))                                    \
            QFAIL("still root under OPS_TEST_UNPRIVILEGED: the permission rows would not run");    \
        QSKIP(why);                                                                                \
    } while (false)

using namespace historytest;

class TestHistoryFiles : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void migrationFromV1();
    void newerSchemaRefusedUntouched();
    void newerSchemaWithPendingWalUntouched();
    void readOnlyOpen_data();
    void readOnlyOpen();
    void notADatabase_data();
    void notADatabase();
    void corruptDatabase_data();
    void corruptDatabase();
    void emptyFileBecomesDatabase();
    void unwritableLocation_data();
    void unwritableLocation();
    void crashDuringAppends();

private:
    QString dbPath() const { return m_dir->filePath(QStringLiteral("data/history.db")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestHistoryFiles::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestHistoryFiles::cleanup() { m_dir.reset(); }

void TestHistoryFiles::migrationFromV1()
{
    QVERIFY(QDir().mkpath(QFileInfo(dbPath()).absolutePath()));
    {
        // A version 1 database as the first release wrote it (rollback journal, no audit table).
        RawDb raw(dbPath());
        QVERIFY(raw.ok());
        QCOMPARE(raw.exec({
                     QStringLiteral("CREATE TABLE schema_version(version INTEGER)"),
                     QStringLiteral("INSERT INTO schema_version (version) VALUES (1)"),
                     QStringLiteral("CREATE TABLE events (id INTEGER PRIMARY KEY, ts_ms INTEGER NOT NULL, "
                                    "deployment TEXT NOT NULL, kind TEXT NOT NULL, severity TEXT, source TEXT, "
                                    "node TEXT, endpoint TEXT, message TEXT, details TEXT)"),
                     QStringLiteral("CREATE INDEX events_deployment_ts ON events (deployment, ts_ms)"),
                     QStringLiteral("CREATE INDEX events_kind_ts ON events (kind, ts_ms)"),
                     QStringLiteral("INSERT INTO events VALUES (1, 1000, 'prod', 'promoted', 'warning', 'poll', 'n1', "
                                    "'127.0.0.1:7001', 'replica promoted', '{\"epoch\":7}')"),
                     QStringLiteral("INSERT INTO events VALUES (2, 2000, 'prod', '+switch-master', 'critical', "
                                    "'sentinel', 'mymaster', NULL, 'switch', NULL)"),
                 }),
                 QString());
    }
    HistoryStore store(dbPath());
    const HistoryError error = store.open();
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(store.schemaVersion(), HistoryStore::currentSchemaVersion());

    const QList<OpsEvent> events = store.query({});
    QCOMPARE(events.size(), 2);
    QCOMPARE(events[0].id, qint64(1));
    QCOMPARE(events[0].kind, OpsEvent::Kind::Promoted);
    QCOMPARE(events[0].severity, OpsEvent::Severity::Warning);
    QCOMPARE(events[0].endpoint, QStringLiteral("127.0.0.1:7001"));
    QCOMPARE(events[0].details.value(QStringLiteral("epoch")).toInt(), 7);
    QCOMPARE(events[1].kindName(), QStringLiteral("+switch-master"));
    QCOMPARE(events[1].source, OpsEvent::Source::Sentinel);

    AuditRecord r;
    r.deploymentId = QStringLiteral("prod");
    r.action = QStringLiteral("failover");
    QVERIFY(!store.appendAudit(r).isError());
    OpsEvents more{makeEvent(QStringLiteral("prod"), 3000, OpsEvent::Kind::NodeAdded, {}, {})};
    QVERIFY(!store.append(more).isError());
    QCOMPARE(more[0].id, qint64(3));
    store.close();

    RawDb raw(dbPath());
    QCOMPARE(raw.value(QStringLiteral("SELECT COUNT(*) FROM schema_version")).toInt(), 1);
    QCOMPARE(raw.value(QStringLiteral("SELECT version FROM schema_version")).toInt(), HistoryStore::currentSchemaVersion());
    QCOMPARE(raw.value(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
}

void TestHistoryFiles::newerSchemaRefusedUntouched()
{
    QVERIFY(QDir().mkpath(QFileInfo(dbPath()).absolutePath()));
    {
        RawDb raw(dbPath());
        QCOMPARE(raw.exec({QStringLiteral("CREATE TABLE schema_version(version INTEGER)"),
                           QStringLiteral("INSERT INTO schema_version (version) VALUES (99)"),
                           QStringLiteral("CREATE TABLE events (id INTEGER PRIMARY KEY, future_column BLOB)"),
                           QStringLiteral("INSERT INTO events VALUES (1, x'00ff')")}),
                 QString());
    }
    const QByteArray bytes = fileBytes(dbPath());
    const QDateTime mtime = QFileInfo(dbPath()).lastModified();
    const QStringList files = QDir(QFileInfo(dbPath()).absolutePath()).entryList(QDir::Files);
    QVERIFY(!bytes.isEmpty());

    HistoryStore store(dbPath());
    const HistoryError error = store.open();
    QCOMPARE(kindText(error.kind), kindText(HistoryError::Kind::NewerSchema));
    QVERIFY2(error.message.contains(QStringLiteral("99")) && error.message.contains(dbPath()),
             qPrintable(error.message));
    QVERIFY(!store.isOpen());
    store.close();

    QCOMPARE(fileBytes(dbPath()), bytes);
    QCOMPARE(QFileInfo(dbPath()).lastModified(), mtime);
    QCOMPARE(QDir(QFileInfo(dbPath()).absolutePath()).entryList(QDir::Files), files);
}

// openReadOnly (`redis-ops check`): a missing file is not created, an older schema is not migrated
// (both refused, the file untouched), a current one is read and refuses writes, byte for byte unchanged.
void TestHistoryFiles::readOnlyOpen_data()
{
    QTest::addColumn<int>("version"); // 0: no file; else the schema written first
    QTest::addColumn<QString>("error"); // part of the refusal; empty: opens
    QTest::newRow("no file") << 0 << "no history database";
    QTest::newRow("older schema") << 1 << "older than this program's";
    QTest::newRow("newer schema") << 99 << "99";
    QTest::newRow("current schema") << HistoryStore::currentSchemaVersion() << "";
}

void TestHistoryFiles::readOnlyOpen()
{
    QFETCH(int, version);
    QFETCH(QString, error);
    if (version == HistoryStore::currentSchemaVersion()) {
        HistoryStore writer(dbPath());
        QVERIFY(!writer.open().isError());
        OpsEvents events{makeEvent(QStringLiteral("prod"), 1000, OpsEvent::Kind::NodeAdded, {}, {})};
        QVERIFY(!writer.append(events).isError());
    } else if (version > 0) {
        QVERIFY(QDir().mkpath(QFileInfo(dbPath()).absolutePath()));
        RawDb raw(dbPath());
        QCOMPARE(raw.exec({QStringLiteral("CREATE TABLE schema_version(version INTEGER)"),
                           QStringLiteral("INSERT INTO schema_version (version) VALUES (%1)").arg(version),
                           QStringLiteral("CREATE TABLE events (id INTEGER PRIMARY KEY, ts_ms INTEGER NOT NULL, "
                                          "deployment TEXT NOT NULL, kind TEXT NOT NULL, severity TEXT, source TEXT, "
                                          "node TEXT, endpoint TEXT, message TEXT, details TEXT)")}),
                 QString());
    }
    const QByteArray bytes = version > 0 ? fileBytes(dbPath()) : QByteArray();
    HistoryStore store(dbPath());
    const HistoryError e = store.openReadOnly();
    if (!error.isEmpty()) {
        QVERIFY2(e.isError() && e.message.contains(error), qPrintable(e.message));
        QVERIFY(!store.isOpen());
    } else {
        QVERIFY2(!e.isError(), qPrintable(e.message));
        QCOMPARE(store.query({}).size(), 1);
        OpsEvents more{makeEvent(QStringLiteral("prod"), 2000, OpsEvent::Kind::NodeAdded, {}, {})};
        QVERIFY(store.append(more).isError());
    }
    store.close();
    if (version == 0)
        QVERIFY(!QFileInfo::exists(QFileInfo(dbPath()).absolutePath())); // not even its directory
    else
        QCOMPARE(fileBytes(dbPath()), bytes);
}

// A newer program crashed and left its WAL behind: refusing the file must not checkpoint that WAL
// into it (closing the last read-write connection would), nor touch the WAL itself.
void TestHistoryFiles::newerSchemaWithPendingWalUntouched()
{
    const QString source = m_dir->filePath(QStringLiteral("source.db"));
    QVERIFY(QDir().mkpath(QFileInfo(dbPath()).absolutePath()));
    RawDb raw(source); // stays open: the WAL is not checkpointed while we copy it
    const QString newer = QString::number(HistoryStore::currentSchemaVersion() + 1);
    QCOMPARE(raw.exec({QStringLiteral("PRAGMA journal_mode = WAL"), QStringLiteral("PRAGMA wal_autocheckpoint = 0"),
                       QStringLiteral("CREATE TABLE schema_version(version INTEGER)"),
                       QStringLiteral("INSERT INTO schema_version (version) VALUES (%1)").arg(newer),
                       QStringLiteral("CREATE TABLE events (id INTEGER PRIMARY KEY, future_column BLOB)"),
                       QStringLiteral("INSERT INTO events VALUES (1, x'00ff')")}),
             QString());
    QVERIFY(QFile::copy(source, dbPath()));
    QVERIFY(QFile::copy(source + QStringLiteral("-wal"), dbPath() + QStringLiteral("-wal")));
    const QByteArray bytes = fileBytes(dbPath());
    const QByteArray wal = fileBytes(dbPath() + QStringLiteral("-wal"));
    QVERIFY(!wal.isEmpty());

    HistoryStore store(dbPath());
    const HistoryError error = store.open();
    QCOMPARE(kindText(error.kind), kindText(HistoryError::Kind::NewerSchema));
    QVERIFY2(error.message.contains(newer), qPrintable(error.message));
    store.close();
    QCOMPARE(fileBytes(dbPath()), bytes);
    QCOMPARE(fileBytes(dbPath() + QStringLiteral("-wal")), wal);
}

void TestHistoryFiles::notADatabase_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("text file") << QByteArray("this is not a database, it is a config file\n").repeated(200);
    QByteArray random(8192, '\0');
    QRandomGenerator rng(42);
    for (char &c : random)
        c = char(rng.bounded(256));
    QTest::newRow("random bytes") << random;
    QTest::newRow("short text") << QByteArray("hello");
    QTest::newRow("sqlite magic, garbage after")
        << QByteArray("SQLite format 3", 16) + QByteArray(4096 - 16, '\xAB');
    QTest::newRow("JSON history export") << QByteArray("[{\"kind\":\"promoted\"}]\n");
}

void TestHistoryFiles::notADatabase()
{
    QFETCH(QByteArray, content);
    QVERIFY(QDir().mkpath(QFileInfo(dbPath()).absolutePath()));
    QVERIFY(writeFile(dbPath(), content));
    HistoryStore store(dbPath());
    const HistoryError error = store.open();
    QCOMPARE(kindText(error.kind), kindText(HistoryError::Kind::NotADatabase));
    QVERIFY2(error.message.contains(dbPath()), qPrintable(error.message));
    QVERIFY(!store.isOpen());
    store.close();
    QCOMPARE(fileBytes(dbPath()), content); // never "repaired" or overwritten
}

void TestHistoryFiles::corruptDatabase_data()
{
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<int>("length");
    QTest::newRow("schema page (after the header)") << qint64(100) << 3900;
    QTest::newRow("data pages") << qint64(8192) << 16384;
}

void TestHistoryFiles::corruptDatabase()
{
    QFETCH(qint64, offset);
    QFETCH(int, length);
    {
        HistoryStore store(dbPath());
        QVERIFY(!store.open().isError());
        OpsEvents events;
        for (int i = 0; i < 500; ++i)
            events << makeEvent(QStringLiteral("d"), i, OpsEvent::Kind::FailSet, QStringLiteral("n%1").arg(i),
                            QString(100, QLatin1Char('x')));
        QVERIFY(!store.append(events).isError());
    } // closing checkpoints the WAL into the main file
    QVERIFY(QFileInfo(dbPath()).size() >= offset + length);
    QVERIFY(writeFile(dbPath(), QByteArray(length, '\xEE'), offset));

    HistoryStore store(dbPath());
    HistoryError error = store.open();
    if (!error.isError()) {
        error = store.checkIntegrity();
        if (!error.isError()) {
            HistoryError queryError;
            store.query({}, &queryError);
            error = queryError;
        }
    }
    QCOMPARE(kindText(error.kind), kindText(HistoryError::Kind::NotADatabase));
    QVERIFY2(error.message.contains(dbPath()), qPrintable(error.message));
}

void TestHistoryFiles::emptyFileBecomesDatabase()
{
    QVERIFY(QDir().mkpath(QFileInfo(dbPath()).absolutePath()));
    QVERIFY(writeFile(dbPath(), QByteArray()));
    HistoryStore store(dbPath());
    QVERIFY(!store.open().isError());
    QCOMPARE(store.schemaVersion(), HistoryStore::currentSchemaVersion());
    QVERIFY(!store.checkIntegrity().isError());
}

void TestHistoryFiles::unwritableLocation_data()
{
    QTest::addColumn<QString>("setup"); // what to create first
    QTest::addColumn<QString>("path");  // relative to the temporary dir unless absolute
    QTest::newRow("parent is a file") << QStringLiteral("file:blocker") << QStringLiteral("blocker/sub/history.db");
    QTest::newRow("path is a directory") << QStringLiteral("dir:history.db") << QStringLiteral("history.db");
    QTest::newRow("read-only directory") << QStringLiteral("readonly:ro") << QStringLiteral("ro/history.db");
    QTest::newRow("read-only directory, missing subdir")
        << QStringLiteral("readonly:ro") << QStringLiteral("ro/sub/history.db");
    QTest::newRow("read-only database file")
        << QStringLiteral("readonlyfile:history.db") << QStringLiteral("history.db");
    QTest::newRow("under /proc (even root cannot)") << QString() << QStringLiteral("/proc/ops-console-test/history.db");
    QTest::newRow("empty path") << QString() << QString();
}

void TestHistoryFiles::unwritableLocation()
{
    QFETCH(QString, setup);
    QFETCH(QString, path);
    const QString kind = setup.section(QLatin1Char(':'), 0, 0);
    const QString target = m_dir->filePath(setup.section(QLatin1Char(':'), 1));
    if (kind == QLatin1String("file"))
        QVERIFY(writeFile(target, "x"));
    else if (kind == QLatin1String("dir"))
        QVERIFY(QDir().mkpath(target));
    else if (kind == QLatin1String("readonly")) {
        if (::geteuid() == 0)
            SKIP_AS_ROOT("root ignores directory permissions");
        QVERIFY(QDir().mkpath(target));
        QVERIFY(QFile::setPermissions(target, QFile::ReadOwner | QFile::ExeOwner));
    } else if (kind == QLatin1String("readonlyfile")) {
        if (::geteuid() == 0)
            SKIP_AS_ROOT("root ignores file permissions");
        {
            RawDb raw(target); // a valid database in rollback-journal mode
            QCOMPARE(raw.exec({QStringLiteral("CREATE TABLE t (x INTEGER)")}), QString());
        }
        QVERIFY(QFile::setPermissions(target, QFile::ReadOwner));
    }
    const QString file = path.isEmpty() || QDir::isAbsolutePath(path) ? path : m_dir->filePath(path);

    HistoryStore store(file);
    const HistoryError error = store.open();
    if (kind == QLatin1String("readonly"))
        QFile::setPermissions(target, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QCOMPARE(kindText(error.kind), kindText(HistoryError::Kind::Open));
    QVERIFY2(file.isEmpty() || error.message.contains(file), qPrintable(error.message));
    QVERIFY(!store.isOpen());
}

// A writer process appends events and reports each one after append() returns; it is SIGKILLed
// at an arbitrary moment. Every reported event must be in the file, intact, and the file must
// pass integrity_check. Three runs on the same file: each restart recovers the previous WAL.
void TestHistoryFiles::crashDuringAppends()
{
    QMap<qint64, QJsonObject> reported;
    for (int run = 0; run < 3; ++run) {
        QProcess writer;
        QByteArray pending;
        int linesThisRun = 0;
        auto consume = [&] {
            pending += writer.readAllStandardOutput();
            qsizetype newline;
            while ((newline = pending.indexOf('\n')) >= 0) {
                const QByteArray line = pending.left(newline);
                pending.remove(0, newline + 1);
                const QList<QByteArray> parts = line.split(' ');
                if (parts.size() < 3 || parts[0] != "stored")
                    continue;
                const qint64 id = parts[1].toLongLong();
                reported.insert(id, QJsonDocument::fromJson(line.mid(parts[0].size() + parts[1].size() + 2)).object());
                ++linesThisRun;
            }
        };
        connect(&writer, &QProcess::readyReadStandardOutput, this, consume);
        writer.start(QStringLiteral(HISTORY_WRITER_BINARY), {dbPath(), QString::number(run)});
        QVERIFY2(writer.waitForStarted(), qPrintable(writer.errorString()));

        QTRY_VERIFY_WITH_TIMEOUT(linesThisRun >= 200 || writer.state() == QProcess::NotRunning, 60000);
        QVERIFY2(writer.state() == QProcess::Running, writer.readAllStandardError().constData());
        const int target = linesThisRun + int(QRandomGenerator::global()->bounded(1, 60));
        QTRY_VERIFY_WITH_TIMEOUT(linesThisRun >= target || writer.state() == QProcess::NotRunning, 60000);
        writer.kill(); // SIGKILL: no destructor, no checkpoint, possibly mid-transaction
        QVERIFY(writer.waitForFinished(10000));
        QCOMPARE(writer.exitStatus(), QProcess::CrashExit);
        consume();
        qInfo("run %d: %d events reported before SIGKILL", run, linesThisRun);

        HistoryStore store(dbPath());
        const HistoryError error = store.open();
        QVERIFY2(!error.isError(), qPrintable(error.message));
        const HistoryError integrity = store.checkIntegrity();
        QVERIFY2(!integrity.isError(), qPrintable(integrity.message));
        QMap<qint64, OpsEvent> stored;
        for (const OpsEvent &e : store.query({}))
            stored.insert(e.id, e);
        QVERIFY(stored.size() >= reported.size()); // a commit may land just before the kill, unreported
        for (auto it = reported.cbegin(); it != reported.cend(); ++it) {
            QVERIFY2(stored.contains(it.key()), qPrintable(QStringLiteral("reported id %1 missing").arg(it.key())));
            const OpsEvent expected = OpsEvent::fromJson(it.value());
            QCOMPARE(expected.id, it.key());
            QCOMPARE(stored.value(it.key()), expected);
        }
    }
}

QTEST_GUILESS_MAIN(TestHistoryFiles)
#include "tst_historyfiles.moc"
