// The operations journal (schema v3) and the files it meets: migration of a real v2 file (every
// event and audit row kept, the journal tables and events.operation_id added), a file one version
// newer refused untouched, and durability of journaled steps against SIGKILL of a writer process
// (history_writer in journal mode).
#include "HistoryTestData.h"

using namespace historytest;
using ops::OperationRecord;
using ops::OperationStep;

class TestJournalFiles : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void migrationFromV2();
    void oneVersionNewerRefusedUntouched();
    void crashDuringJournal();

private:
    QString dbPath() const { return m_dir->filePath(QStringLiteral("data/history.db")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestJournalFiles::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(QDir().mkpath(QFileInfo(dbPath()).absolutePath()));
}

void TestJournalFiles::cleanup() { m_dir.reset(); }

void TestJournalFiles::migrationFromV2()
{
    constexpr int kEvents = 300;
    {
        // A version 2 database as the second release wrote it: WAL, the v1 and v2 statements verbatim.
        RawDb raw(dbPath());
        QVERIFY(raw.ok());
        QCOMPARE(raw.exec({
                     QStringLiteral("PRAGMA journal_mode = WAL"),
                     QStringLiteral("CREATE TABLE schema_version (version INTEGER)"),
                     QStringLiteral("INSERT INTO schema_version (version) VALUES (2)"),
                     QStringLiteral("CREATE TABLE events (id INTEGER PRIMARY KEY, ts_ms INTEGER NOT NULL, "
                                    "deployment TEXT NOT NULL, kind TEXT NOT NULL, severity TEXT, source TEXT, "
                                    "node TEXT, endpoint TEXT, message TEXT, details TEXT)"),
                     QStringLiteral("CREATE INDEX events_deployment_ts ON events (deployment, ts_ms)"),
                     QStringLiteral("CREATE INDEX events_kind_ts ON events (kind, ts_ms)"),
                     QStringLiteral("CREATE TABLE audit (id INTEGER PRIMARY KEY, ts_ms INTEGER NOT NULL, "
                                    "deployment TEXT NOT NULL, actor TEXT, action TEXT NOT NULL, command_text TEXT, "
                                    "outcome TEXT, details TEXT)"),
                     QStringLiteral("CREATE INDEX audit_deployment_ts ON audit (deployment, ts_ms)"),
                     QStringLiteral("INSERT INTO audit VALUES (1, 500, 'prod', 'alice', 'failover', "
                                    "'SENTINEL FAILOVER mymaster', 'succeeded', '{\"ms\":1200}')"),
                     QStringLiteral("INSERT INTO audit VALUES (2, 600, 'stage', NULL, 'config-set', NULL, NULL, NULL)"),
                 }),
                 QString());
        QStringList inserts;
        for (int i = 1; i <= kEvents; ++i)
            inserts << QStringLiteral("INSERT INTO events VALUES (%1, %2, '%3', '%4', 'warning', 'poll', 'n%5', "
                                      "'127.0.0.1:%6', 'event %1', %7)")
                           .arg(i)
                           .arg(1000 + i)
                           .arg(i % 3 == 0 ? QStringLiteral("stage") : QStringLiteral("prod"))
                           .arg(i % 2 == 0 ? QStringLiteral("promoted") : QStringLiteral("+switch-master"))
                           .arg(i % 6)
                           .arg(7000 + i % 6)
                           .arg(i % 5 == 0 ? QStringLiteral("NULL") : QStringLiteral("'{\"epoch\":%1}'").arg(i));
        QCOMPARE(raw.exec(inserts), QString());
    }
    HistoryStore store(dbPath());
    const HistoryError error = store.open();
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(store.schemaVersion(), HistoryStore::currentSchemaVersion());

    const QList<OpsEvent> events = store.query({});
    QCOMPARE(events.size(), kEvents);
    for (int i = 1; i <= kEvents; ++i) {
        const OpsEvent &e = events.at(i - 1);
        QCOMPARE(e.id, qint64(i));
        QCOMPARE(e.timestampMs, qint64(1000 + i));
        QCOMPARE(e.message, QStringLiteral("event %1").arg(i));
        QCOMPARE(e.kindName(), i % 2 == 0 ? QStringLiteral("promoted") : QStringLiteral("+switch-master"));
        QCOMPARE(e.details.value(QStringLiteral("epoch")).toInt(), i % 5 == 0 ? 0 : i);
        QVERIFY(e.operationId.isEmpty());
    }
    const QList<AuditRecord> audit = store.audit({});
    QCOMPARE(audit.size(), 2);
    QCOMPARE(audit[0].actor, QStringLiteral("alice"));
    QCOMPARE(audit[0].commandText, QStringLiteral("SENTINEL FAILOVER mymaster"));
    QCOMPARE(audit[0].details.value(QStringLiteral("ms")).toInt(), 1200);
    QCOMPARE(audit[1].action, QStringLiteral("config-set"));

    // The new tables work, and new events continue the old ids.
    OperationRecord op;
    op.id = OperationRecord::newId();
    op.kind = QStringLiteral("sentinel-failover");
    op.deploymentId = QStringLiteral("prod");
    op.startedMs = 5000;
    QVERIFY(!store.createOperation(op).isError());
    OpsEvents more{makeEvent(QStringLiteral("prod"), 6000, OpsEvent::Kind::Promoted, {}, QStringLiteral("caused"))};
    more[0].operationId = op.id;
    QVERIFY(!store.append(more).isError());
    QCOMPARE(more[0].id, qint64(kEvents + 1));
    store.close();

    RawDb raw(dbPath());
    QCOMPARE(raw.value(QStringLiteral("SELECT COUNT(*) FROM schema_version")).toInt(), 1);
    QCOMPARE(raw.value(QStringLiteral("SELECT version FROM schema_version")).toInt(), HistoryStore::currentSchemaVersion());
    QCOMPARE(raw.value(QStringLiteral("SELECT COUNT(*) FROM events WHERE operation_id IS NULL")).toInt(), kEvents);
    QCOMPARE(raw.value(QStringLiteral("SELECT operation_id FROM events WHERE id = %1").arg(kEvents + 1)).toString(), op.id);
    QCOMPARE(raw.value(QStringLiteral("SELECT COUNT(*) FROM operations")).toInt(), 1);
    QCOMPARE(raw.value(QStringLiteral("SELECT COUNT(*) FROM operation_steps")).toInt(), 0);
    QCOMPARE(raw.value(QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
}

void TestJournalFiles::oneVersionNewerRefusedUntouched()
{
    const int newer = HistoryStore::currentSchemaVersion() + 1;
    {
        RawDb raw(dbPath());
        QCOMPARE(raw.exec({QStringLiteral("CREATE TABLE schema_version (version INTEGER)"),
                           QStringLiteral("INSERT INTO schema_version (version) VALUES (%1)").arg(newer),
                           QStringLiteral("CREATE TABLE operations (id TEXT PRIMARY KEY, future BLOB)")}),
                 QString());
    }
    const QByteArray bytes = fileBytes(dbPath());
    HistoryStore store(dbPath());
    const HistoryError error = store.open();
    QCOMPARE(kindText(error.kind), kindText(HistoryError::Kind::NewerSchema));
    QVERIFY2(error.message.contains(QString::number(newer)), qPrintable(error.message));
    QVERIFY(!store.isOpen());
    store.close();
    QCOMPARE(fileBytes(dbPath()), bytes);
}

// history_writer journals operations as an executor would and prints each operation, step state
// and end after the call returned; it is SIGKILLed at an arbitrary moment. Everything printed
// must be in the file: every step at least as far as last reported (a write may land just
// before the kill, unreported). Three runs on the same file.
void TestJournalFiles::crashDuringJournal()
{
    QMap<QString, QJsonObject> operations;           // id -> last reported operation JSON
    QMap<QPair<QString, int>, QJsonObject> steps;    // (id, seq) -> last reported step JSON
    for (int run = 0; run < 3; ++run) {
        QProcess writer;
        QByteArray pending;
        int stepsThisRun = 0;
        auto consume = [&] {
            pending += writer.readAllStandardOutput();
            qsizetype newline;
            while ((newline = pending.indexOf('\n')) >= 0) {
                const QByteArray line = pending.left(newline);
                pending.remove(0, newline + 1);
                const qsizetype space = line.indexOf(' ');
                const QByteArray what = line.left(space);
                const QJsonObject json = QJsonDocument::fromJson(line.mid(space + 1)).object();
                if (what == "step") {
                    steps.insert({json.value(QStringLiteral("operation")).toString(), json.value(QStringLiteral("seq")).toInt()}, json);
                    ++stepsThisRun;
                } else if (what == "operation" || what == "ended") {
                    operations.insert(json.value(QStringLiteral("id")).toString(), json);
                }
            }
        };
        connect(&writer, &QProcess::readyReadStandardOutput, this, consume);
        writer.start(QStringLiteral(HISTORY_WRITER_BINARY),
                     {dbPath(), QString::number(run), QStringLiteral("1000000"), QStringLiteral("journal")});
        QVERIFY2(writer.waitForStarted(), qPrintable(writer.errorString()));
        const int target = 150 + int(QRandomGenerator::global()->bounded(1, 100));
        QTRY_VERIFY_WITH_TIMEOUT(stepsThisRun >= target || writer.state() == QProcess::NotRunning, 60000);
        QVERIFY2(writer.state() == QProcess::Running, writer.readAllStandardError().constData());
        writer.kill(); // SIGKILL: possibly between a step's INSERT and its report, or mid-commit
        QVERIFY(writer.waitForFinished(10000));
        QCOMPARE(writer.exitStatus(), QProcess::CrashExit);
        consume();
        qInfo("run %d: %d step writes reported before SIGKILL", run, stepsThisRun);

        HistoryStore store(dbPath());
        const HistoryError error = store.open();
        QVERIFY2(!error.isError(), qPrintable(error.message));
        QVERIFY(!store.checkIntegrity().isError());
        QList<OperationRecord> unfinished = store.unfinishedOperations();
        QVERIFY(unfinished.size() <= run + 1); // at most the one running at each kill
        for (auto it = operations.cbegin(); it != operations.cend(); ++it) {
            const std::optional<OperationRecord> stored = store.operation(it.key());
            QVERIFY2(stored, qPrintable(QStringLiteral("reported operation %1 missing").arg(it.key())));
            OperationRecord withoutSteps = *stored;
            withoutSteps.steps.clear();
            if (it.value().value(QStringLiteral("state")) == QLatin1String("succeeded"))
                QCOMPARE(withoutSteps.toJson(), it.value());
            else
                QCOMPARE(stored->id, it.value().value(QStringLiteral("id")).toString());
        }
        const QStringList order{QStringLiteral("planned"), QStringLiteral("sent"), QStringLiteral("answered")};
        for (auto it = steps.cbegin(); it != steps.cend(); ++it) {
            const std::optional<OperationRecord> op = store.operation(it.key().first);
            QVERIFY(op && op->steps.size() >= it.key().second);
            const OperationStep &stored = op->steps.at(it.key().second - 1);
            QCOMPARE(stored.seq, it.key().second);
            const int reported = int(order.indexOf(it.value().value(QStringLiteral("state")).toString()));
            const int have = int(order.indexOf(OperationStep::stateName(stored.state)));
            QVERIFY2(have >= reported, qPrintable(QStringLiteral("step %1/%2 reported %3, stored %4")
                                                      .arg(it.key().first).arg(it.key().second)
                                                      .arg(order.value(reported), order.value(have))));
            if (have == reported)
                QCOMPARE(stored.toJson(), it.value());
            else
                QCOMPARE(stored.commandText, it.value().value(QStringLiteral("command")).toString());
        }
    }
}

QTEST_GUILESS_MAIN(TestJournalFiles)
#include "tst_journalfiles.moc"
