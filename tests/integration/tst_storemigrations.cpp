// Schema migrations of the history store on both backends (global data: a real SQLite file and
// a real PostgreSQL database): an empty store is built to the current version; a store written
// by the previous release (its statements from HistorySchema, for that driver) is migrated with
// its data kept and its ids continued (v5 -> v6: old events keep no uid and no observers and are
// never merged into); a newer schema is refused untouched; two stores opening
// one empty store at the same moment migrate it once.
#include "HistoryTestData.h"
#include "StoreBackends.h"

#include "history/HistorySchema.h"

#include <latch>
#include <thread>

using namespace historytest;
using ops::HistorySchema;
using ops::StoreLocation;

class TestStoreMigrations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data() { StoreBackends::addRows(); }
    void init();

    void emptyStoreMigratesToCurrent();
    void previousVersionMigrates();
    void newerSchemaRefusedUntouched();
    void concurrentOpensMigrateOnce();

private:
    StoreLocation::Driver driver() const { return StoreLocation::parse(m_location).driver(); }
    /** Table names of the store, sorted (what a refused open must leave as it was). */
    QStringList tables();
    StoreBackends m_backends;
    QString m_location;
};

void TestStoreMigrations::init()
{
    QFETCH_GLOBAL(QString, backend);
    QString error;
    m_location = m_backends.freshStore(backend, &error);
    QVERIFY2(!m_location.isEmpty(), qPrintable(error));
}

QStringList TestStoreMigrations::tables()
{
    RawDb raw(m_location);
    const bool postgres = driver() == StoreLocation::Driver::Postgres;
    const QString sql = postgres ? QStringLiteral("SELECT string_agg(tablename, ',' ORDER BY tablename) FROM "
                                                  "pg_tables WHERE schemaname = 'public'")
                                 : QStringLiteral("SELECT group_concat(name, ',') FROM (SELECT name FROM "
                                                  "sqlite_master WHERE type = 'table' ORDER BY name)");
    const QString joined = raw.value(sql).toString();
    return joined.isEmpty() ? QStringList() : joined.split(QLatin1Char(','));
}

void TestStoreMigrations::emptyStoreMigratesToCurrent()
{
    HistoryStore store(m_location);
    const HistoryError error = store.open();
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(store.schemaVersion(), HistoryStore::currentSchemaVersion());
    store.close();
    QVERIFY(tables().contains(QStringLiteral("events")));
    QVERIFY(tables().contains(QStringLiteral("operation_steps")));
    QVERIFY(tables().contains(QStringLiteral("event_observers")));
    RawDb raw(m_location);
    QCOMPARE(raw.value(QStringLiteral("SELECT COUNT(*) FROM schema_version")).toInt(), 1);
    QCOMPARE(raw.value(QStringLiteral("SELECT version FROM schema_version")).toInt(),
             HistoryStore::currentSchemaVersion());
    // Opening again changes nothing.
    const QStringList before = tables();
    QVERIFY(!store.open().isError());
    QCOMPARE(tables(), before);
}

void TestStoreMigrations::previousVersionMigrates()
{
    const int previous = HistoryStore::currentSchemaVersion() - 1;
    constexpr int kEvents = 200;
    {
        // The store as the previous release left it: its statements, for this driver, verbatim.
        RawDb raw(m_location);
        QVERIFY(raw.ok());
        QStringList statements{QStringLiteral("CREATE TABLE schema_version (version INTEGER)"),
                               QStringLiteral("INSERT INTO schema_version (version) VALUES (%1)").arg(previous)};
        for (const HistorySchema::Migration &step : HistorySchema::migrations())
            if (step.version <= previous)
                statements << step.statementsFor(driver());
        QCOMPARE(raw.exec(statements), QString());
        QStringList inserts;
        for (int i = 1; i <= kEvents; ++i)
            inserts << QStringLiteral("INSERT INTO events (ts_ms, deployment, kind, severity, source, node, endpoint, "
                                      "message, details) VALUES (%1, '%2', 'promoted', 'warning', 'poll', 'n%3', "
                                      "'127.0.0.1:7000', 'event %4', %5)")
                           .arg(qint64(1700000000000) + i)
                           .arg(i % 3 == 0 ? QStringLiteral("stage") : QStringLiteral("prod"))
                           .arg(i % 6)
                           .arg(i)
                           .arg(i % 5 == 0 ? QStringLiteral("NULL") : QStringLiteral("'{\"epoch\":%1}'").arg(i));
        inserts << QStringLiteral("INSERT INTO audit (ts_ms, deployment, actor, action, command_text, outcome, details) "
                                  "VALUES (500, 'prod', 'alice', 'failover', 'SENTINEL FAILOVER mymaster', "
                                  "'succeeded', '{\"ms\":1200}')");
        QCOMPARE(raw.exec(inserts), QString());
    }
    HistoryStore store(m_location);
    const HistoryError error = store.open();
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(store.schemaVersion(), HistoryStore::currentSchemaVersion());

    const QList<OpsEvent> events = store.query({});
    QCOMPARE(events.size(), kEvents);
    for (int i = 1; i <= kEvents; ++i) {
        const OpsEvent &e = events.at(i - 1);
        QCOMPARE(e.id, qint64(i));
        QCOMPARE(e.timestampMs, qint64(1700000000000) + i); // 64-bit times on both
        QCOMPARE(e.message, QStringLiteral("event %1").arg(i));
        QCOMPARE(e.details.value(QStringLiteral("epoch")).toInt(), i % 5 == 0 ? 0 : i);
    }
    const QList<AuditRecord> audit = store.audit({});
    QCOMPARE(audit.size(), 1);
    QCOMPARE(audit[0].details.value(QStringLiteral("ms")).toInt(), 1200);
    // v6: rows from before have no uid and no observers, and are never merged into.
    QVERIFY(events.constFirst().uid.isEmpty());
    QVERIFY(events.constFirst().observers.isEmpty());
    QVERIFY(audit[0].uid.isEmpty());
    {
        OpsEvents again{events.at(5)};
        again[0].id = 0;
        store.setObserver(QStringLiteral("another@console"));
        QVERIFY(!store.append(again).isError());
        QCOMPARE(again[0].id, qint64(kEvents + 1)); // a new row, not a second observer of an old one
        QCOMPARE(again[0].observers, QStringList{QStringLiteral("another@console")});
        QCOMPARE(store.count(), qint64(kEvents + 1));
    }

    // Everything of the current version works, and new rows continue the old ids.
    ops::OperationRecord op;
    op.id = ops::OperationRecord::newId();
    op.kind = QStringLiteral("sentinel-failover");
    op.deploymentId = QStringLiteral("prod");
    op.startedMs = 5000;
    QVERIFY(!store.createOperation(op).isError());
    OpsEvents more{makeEvent(QStringLiteral("prod"), 6000, OpsEvent::Kind::Promoted, {}, QStringLiteral("caused"))};
    more[0].operationId = op.id;
    QVERIFY(!store.append(more).isError());
    QCOMPARE(more[0].id, qint64(kEvents + 2));
    store.close();
    RawDb raw(m_location);
    QCOMPARE(raw.value(QStringLiteral("SELECT COUNT(*) FROM schema_version")).toInt(), 1);
    QCOMPARE(raw.value(QStringLiteral("SELECT version FROM schema_version")).toInt(),
             HistoryStore::currentSchemaVersion());
}

void TestStoreMigrations::newerSchemaRefusedUntouched()
{
    const int newer = HistoryStore::currentSchemaVersion() + 1;
    {
        RawDb raw(m_location);
        QCOMPARE(raw.exec({QStringLiteral("CREATE TABLE schema_version (version INTEGER)"),
                           QStringLiteral("INSERT INTO schema_version (version) VALUES (%1)").arg(newer),
                           QStringLiteral("CREATE TABLE events (id BIGINT PRIMARY KEY, future TEXT)"),
                           QStringLiteral("INSERT INTO events VALUES (7, 'from the future')")}),
                 QString());
    }
    const QStringList before = tables();
    const bool sqlite = driver() == StoreLocation::Driver::Sqlite;
    const QByteArray bytes = sqlite ? fileBytes(m_location) : QByteArray();
    HistoryStore store(m_location);
    const HistoryError error = store.open();
    QCOMPARE(kindText(error.kind), kindText(HistoryError::Kind::NewerSchema));
    QVERIFY2(error.message.contains(QString::number(newer)), qPrintable(error.message));
    QVERIFY2(error.message.contains(store.displayName()), qPrintable(error.message));
    QVERIFY(!store.isOpen());
    store.close();
    QCOMPARE(tables(), before);
    RawDb raw(m_location);
    QCOMPARE(raw.value(QStringLiteral("SELECT version FROM schema_version")).toInt(), newer);
    QCOMPARE(raw.value(QStringLiteral("SELECT future FROM events WHERE id = 7")).toString(),
             QStringLiteral("from the future"));
    if (sqlite)
        QCOMPARE(fileBytes(m_location), bytes);
}

void TestStoreMigrations::concurrentOpensMigrateOnce()
{
    constexpr int kStores = 4;
    std::latch ready(kStores);
    QList<HistoryError> errors(kStores);
    QList<int> versions(kStores);
    std::vector<std::thread> threads;
    for (int i = 0; i < kStores; ++i)
        threads.emplace_back([&, i] {
            HistoryStore store(m_location);
            ready.arrive_and_wait(); // every thread opens at the same moment
            errors[i] = store.open();
            versions[i] = store.schemaVersion();
        });
    for (std::thread &t : threads)
        t.join();
    for (int i = 0; i < kStores; ++i) {
        QVERIFY2(!errors[i].isError(), qPrintable(errors[i].message));
        QCOMPARE(versions[i], HistoryStore::currentSchemaVersion());
    }
    RawDb raw(m_location);
    QCOMPARE(raw.value(QStringLiteral("SELECT COUNT(*) FROM schema_version")).toInt(), 1);
}

QTEST_GUILESS_MAIN(TestStoreMigrations)
#include "tst_storemigrations.moc"
