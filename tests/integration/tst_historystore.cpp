// Integration tests of HistoryStore over real SQLite files: round trips, queries, WAL, readers
// beside a writer, migrations, refusal of newer / garbage / corrupt files, unwritable locations,
// the audit table, transaction atomicity, and durability against SIGKILL of a writer process.
#include "history/HistoryStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMetaEnum>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

using ops::AuditRecord;
using ops::HistoryError;
using ops::HistoryQuery;
using ops::HistoryStore;
using ops::OpsEvent;
using ops::OpsEvents;

Q_DECLARE_METATYPE(ops::HistoryQuery)

namespace ops {
char *toString(const OpsEvent &e)
{
    QJsonObject o = e.toJson();
    o.insert(QStringLiteral("sentinelType"), e.sentinelType);
    return qstrdup(QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
}
} // namespace ops

namespace {

/** A plain QSQLITE connection for setting up and inspecting files behind HistoryStore's back. */
class RawDb
{
public:
    explicit RawDb(const QString &path) : m_name(QStringLiteral("raw-%1").arg(++s_count))
    {
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        m_db.setDatabaseName(path);
        m_ok = m_db.open();
    }
    ~RawDb()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    bool ok() const { return m_ok; }
    /** Runs each statement; on failure returns the failing statement and error. */
    QString exec(const QStringList &statements)
    {
        QSqlQuery q(m_db);
        for (const QString &sql : statements)
            if (!q.exec(sql))
                return sql + QStringLiteral(": ") + q.lastError().text();
        return {};
    }
    QVariant value(const QString &sql)
    {
        QSqlQuery q(m_db);
        return q.exec(sql) && q.next() ? q.value(0) : QVariant();
    }

private:
    static inline int s_count = 0;
    QString m_name;
    QSqlDatabase m_db;
    bool m_ok = false;
};

OpsEvent makeEvent(const QString &deployment, qint64 ts, OpsEvent::Kind kind, const QString &node,
                   const QString &message, const QString &sentinelType = {})
{
    OpsEvent e;
    e.deploymentId = deployment;
    e.timestampMs = ts;
    e.kind = kind;
    e.sentinelType = sentinelType;
    e.nodeId = node;
    e.message = message;
    return e;
}

QStringList messages(const QList<OpsEvent> &events)
{
    QStringList m;
    for (const OpsEvent &e : events)
        m << e.message;
    return m;
}

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes, qint64 offset = -1)
{
    QFile f(path);
    if (!f.open(offset < 0 ? QIODevice::WriteOnly : QIODevice::ReadWrite))
        return false;
    if (offset >= 0 && !f.seek(offset))
        return false;
    return f.write(bytes) == bytes.size();
}

QString kindText(HistoryError::Kind kind) { return HistoryError::kindName(kind); }

} // namespace

class TestHistoryStore : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void roundTrip_data();
    void roundTrip();
    void everyKindSeveritySourceRoundTrips();
    void queries_data();
    void queries();
    void deploymentsAndCount();
    void walModeActive();
    void reopenKeepsEverything();
    void readerSeesCommittedEvents();
    void failedBatchStoresNothing();
    void auditRoundTrip();
    void notOpenIsAnError();
    void connectionRemovedOnDestruction();
    void migrationFromV1();
    void newerSchemaRefusedUntouched();
    void newerSchemaWithPendingWalUntouched();
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

void TestHistoryStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestHistoryStore::cleanup() { m_dir.reset(); }

void TestHistoryStore::roundTrip_data()
{
    QTest::addColumn<OpsEvent>("original");

    OpsEvent full = makeEvent(QStringLiteral("prod-cluster"), 1700000000123, OpsEvent::Kind::Promoted,
                          QStringLiteral("07c37dfeb235213a872192d90877d0cd55635b91"),
                          QStringLiteral("replica 127.0.0.1:7004 promoted to master"));
    full.severity = OpsEvent::Severity::Warning;
    full.source = OpsEvent::Source::Poll;
    full.endpoint = QStringLiteral("127.0.0.1:7004");
    full.details = QJsonObject{
        {QStringLiteral("oldMaster"), QStringLiteral("e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca")},
        {QStringLiteral("epoch"), 42},
    };
    QTest::newRow("every field") << full;

    OpsEvent sw = makeEvent(QStringLiteral("sentinel-lab"), 1700000001000, OpsEvent::Kind::Sentinel,
                            QStringLiteral("mymaster"), QStringLiteral("mymaster 127.0.0.1 6379 127.0.0.1 6380"),
                            QStringLiteral("+switch-master"));
    sw.source = OpsEvent::Source::Sentinel;
    sw.severity = OpsEvent::Severity::Critical;
    sw.details = QJsonObject{{QStringLiteral("oldMaster"), QStringLiteral("127.0.0.1:6379")},
                             {QStringLiteral("newMaster"), QStringLiteral("127.0.0.1:6380")}};
    QTest::newRow("sentinel +switch-master") << sw;
    QTest::newRow("sentinel -odown") << makeEvent(QStringLiteral("s"), 5, OpsEvent::Kind::Sentinel, {},
                                               QStringLiteral("master mymaster 127.0.0.1 6379 #quorum 2/2"),
                                               QStringLiteral("-odown"));
    QTest::newRow("sentinel long type") << makeEvent(QStringLiteral("s"), 6, OpsEvent::Kind::Sentinel, {}, {},
                                                  QStringLiteral("+failover-state-select-slave"));
    QTest::newRow("kind sentinel without type") << makeEvent(QStringLiteral("s"), 7, OpsEvent::Kind::Sentinel, {}, {});

    OpsEvent uni = makeEvent(QStringLiteral("d\u00e9ploiement-\u6771\u4eac"), 1, OpsEvent::Kind::Operator,
                         QStringLiteral("n\u0153ud-\U0001F680"),
                             QStringLiteral("op\u00e9rateur: \u00ab bascule \u00bb \u2713 "
                                            "\u0417\u0434\u0440\u0430\u0432\u0441\u0442\u0432\u0443\u0439 \U0001F600"));
    uni.source = OpsEvent::Source::Operator;
    uni.details = QJsonObject{{QStringLiteral("cl\u00e9"), QStringLiteral("\u5024 \U0001F511")}};
    QTest::newRow("unicode everywhere") << uni;

    OpsEvent nested = makeEvent(QStringLiteral("d"), 2, OpsEvent::Kind::SlotOwnerChanged, QStringLiteral("n"),
                                QStringLiteral("m"));
    nested.details = QJsonObject{
        {QStringLiteral("slots"), QJsonArray{QJsonArray{0, 5460}, QJsonArray{10923, 16383}}},
        {QStringLiteral("from"), QJsonValue::Null},
        {QStringLiteral("moved"), true},
        {QStringLiteral("ratio"), 0.25},
        {QStringLiteral("big"), qint64(9007199254740991)},
        {QStringLiteral("nested"),
         QJsonObject{{QStringLiteral("a"), QJsonObject{{QStringLiteral("b"), QJsonArray{}}}}}},
    };
    QTest::newRow("nested JSON details") << nested;

    QTest::newRow("empty strings, no details") << makeEvent(QStringLiteral(""), 0, OpsEvent::Kind::NodeStale, {}, {});
    QTest::newRow("SQL metacharacters are data")
        << makeEvent(QStringLiteral("x'); DROP TABLE events; --"), 3, OpsEvent::Kind::FailSet,
                 QStringLiteral("\"node\" % _ \\"), QStringLiteral("it's 100% \"quoted\"; DELETE FROM events"));
    OpsEvent large =
        makeEvent(QStringLiteral("d"), 4, OpsEvent::Kind::MigrationStarted, {}, QString(5000, QLatin1Char('m')));
    large.details = QJsonObject{{QStringLiteral("payload"), QString(200000, QLatin1Char('x'))}};
    QTest::newRow("large message and details") << large;
    QTest::newRow("negative timestamp") << makeEvent(QStringLiteral("d"), -86400000, OpsEvent::Kind::NodeAdded, {}, {});
    QTest::newRow("control characters")
        << makeEvent(QStringLiteral("d"), 8, OpsEvent::Kind::Operator, {},
                     QStringLiteral("line1\nline2\ttab\r\u0001 end"));
}

void TestHistoryStore::roundTrip()
{
    QFETCH(OpsEvent, original);
    HistoryStore store(dbPath());
    const HistoryError openError = store.open();
    QVERIFY2(!openError.isError(), qPrintable(openError.message));
    QCOMPARE(store.schemaVersion(), HistoryStore::currentSchemaVersion());

    OpsEvents events{original, original};
    events[1].message += QStringLiteral(" (second)");
    const HistoryError error = store.append(events);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QVERIFY(events[0].id > 0);
    QCOMPARE(events[1].id, events[0].id + 1);

    const QList<OpsEvent> stored = store.query({});
    QCOMPARE(stored.size(), 2);
    QCOMPARE(stored.at(0), events.at(0)); // every field, id included
    QCOMPARE(stored.at(1), events.at(1));
    QCOMPARE(stored.at(0).kindName(), original.kindName());
    QCOMPARE(stored.at(0).sentinelType, original.sentinelType);
    QCOMPARE(stored.at(0).details, original.details);
}

void TestHistoryStore::everyKindSeveritySourceRoundTrips()
{
    HistoryStore store(dbPath());
    QVERIFY(!store.open().isError());
    const QMetaEnum kinds = QMetaEnum::fromType<OpsEvent::Kind>();
    OpsEvents events;
    for (int i = 0; i < kinds.keyCount(); ++i) {
        OpsEvent e = makeEvent(QStringLiteral("d"), 1000 + i, OpsEvent::Kind(kinds.value(i)), {}, QString::number(i));
        e.severity = OpsEvent::Severity(i % 3);
        e.source = OpsEvent::Source((i + 1) % 3);
        events << e;
    }
    QVERIFY(!store.append(events).isError());
    QCOMPARE(store.query({}), events);
}

void TestHistoryStore::queries_data()
{
    QTest::addColumn<HistoryQuery>("query");
    QTest::addColumn<QStringList>("expected"); // messages, in order

    auto q = [](auto &&...setters) {
        HistoryQuery query;
        (setters(query), ...);
        return query;
    };
    auto dep = [](const char *d) { return [d](HistoryQuery &x) { x.deploymentId = QString::fromUtf8(d); }; };
    auto since = [](qint64 t) { return [t](HistoryQuery &x) { x.sinceMs = t; }; };
    auto until = [](qint64 t) { return [t](HistoryQuery &x) { x.untilMs = t; }; };
    auto kinds = [](QStringList k) { return [k](HistoryQuery &x) { x.kinds = k; }; };
    auto node = [](const char *n) { return [n](HistoryQuery &x) { x.nodeId = QString::fromUtf8(n); }; };
    auto limit = [](int l) { return [l](HistoryQuery &x) { x.limit = l; }; };
    auto newest = [](HistoryQuery &x) { x.newestFirst = true; };
    auto L = [](std::initializer_list<const char *> names) {
        QStringList l;
        for (const char *n : names)
            l << QString::fromUtf8(n);
        return l;
    };

    QTest::newRow("all") << q() << L({"e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8"});
    QTest::newRow("deployment") << q(dep("prod")) << L({"e1", "e2", "e4", "e5", "e7", "e8"});
    QTest::newRow("unknown deployment") << q(dep("nope")) << QStringList();
    QTest::newRow("injection attempt") << q(dep("prod' OR '1'='1")) << QStringList();
    QTest::newRow("since (inclusive)") << q(since(3000)) << L({"e4", "e5", "e6", "e7", "e8"});
    QTest::newRow("until (inclusive)") << q(until(2000)) << L({"e1", "e2", "e3"});
    QTest::newRow("time window") << q(since(2000), until(3000)) << L({"e2", "e3", "e4", "e5"});
    QTest::newRow("empty window") << q(since(3001), until(3999)) << QStringList();
    QTest::newRow("kind") << q(kinds(L({"fail-set"}))) << L({"e3", "e5"});
    QTest::newRow("sentinel type") << q(kinds(L({"+switch-master"}))) << L({"e2", "e6"});
    QTest::newRow("two sentinel types") << q(kinds(L({"+switch-master", "-odown"}))) << L({"e2", "e4", "e6"});
    QTest::newRow("'sentinel' matches every sentinel event")
        << q(kinds(L({"sentinel"}))) << L({"e2", "e4", "e6", "e8"});
    QTest::newRow("mixed kinds") << q(kinds(L({"promoted", "-odown", "operator"}))) << L({"e1", "e4", "e7"});
    QTest::newRow("unknown kind") << q(kinds(L({"no-such-kind"}))) << QStringList();
    QTest::newRow("node") << q(node("n1")) << L({"e1", "e2", "e5"});
    QTest::newRow("everything combined")
        << q(dep("prod"), node("n2"), kinds(L({"fail-set", "-odown"})), since(1000), until(9000)) << L({"e4"});
    QTest::newRow("limit") << q(limit(3)) << L({"e1", "e2", "e3"});
    QTest::newRow("limit larger than result") << q(dep("staging"), limit(50)) << L({"e3", "e6"});
    QTest::newRow("newest first (equal timestamps by id)")
        << q(newest) << L({"e8", "e7", "e6", "e5", "e4", "e3", "e2", "e1"});
    QTest::newRow("newest first with limit") << q(dep("prod"), newest, limit(2)) << L({"e8", "e7"});
}

void TestHistoryStore::queries()
{
    QFETCH(HistoryQuery, query);
    QFETCH(QStringList, expected);
    HistoryStore store(dbPath());
    QVERIFY(!store.open().isError());
    const QString prod = QStringLiteral("prod");
    const QString staging = QStringLiteral("staging");
    const QString n1 = QStringLiteral("n1"), n2 = QStringLiteral("n2"), n3 = QStringLiteral("n3");
    using K = OpsEvent::Kind;
    OpsEvents events{
        makeEvent(prod, 1000, K::Promoted, n1, QStringLiteral("e1")),
        makeEvent(prod, 2000, K::Sentinel, n1, QStringLiteral("e2"), QStringLiteral("+switch-master")),
        makeEvent(staging, 2000, K::FailSet, n2, QStringLiteral("e3")),
        makeEvent(prod, 3000, K::Sentinel, n2, QStringLiteral("e4"), QStringLiteral("-odown")),
        makeEvent(prod, 3000, K::FailSet, n1, QStringLiteral("e5")),
        makeEvent(staging, 4000, K::Sentinel, n3, QStringLiteral("e6"), QStringLiteral("+switch-master")),
        makeEvent(prod, 5000, K::Operator, {}, QStringLiteral("e7")),
        makeEvent(prod, 6000, K::Sentinel, n2, QStringLiteral("e8")),
    };
    // e1 is inserted last (largest id): results are ordered by time, then id.
    OpsEvents late{events.takeAt(0)};
    QVERIFY(!store.append(events).isError());
    QVERIFY(!store.append(late).isError());

    HistoryError error;
    const QList<OpsEvent> result = store.query(query, &error);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(messages(result), expected);
}

void TestHistoryStore::deploymentsAndCount()
{
    HistoryStore store(dbPath());
    QVERIFY(!store.open().isError());
    QCOMPARE(store.deployments(), QStringList());
    QCOMPARE(store.count(), qint64(0));
    OpsEvents events;
    for (int i = 0; i < 10; ++i)
        events << makeEvent(i % 3 == 0 ? QStringLiteral("b") : QStringLiteral("a"), i, OpsEvent::Kind::NodeAdded, {},
                            {});
    QVERIFY(!store.append(events).isError());
    QCOMPARE(store.deployments(), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    QCOMPARE(store.count(), qint64(10));
    QCOMPARE(store.count(QStringLiteral("a")), qint64(6));
    QCOMPARE(store.count(QStringLiteral("b")), qint64(4));
    QCOMPARE(store.count(QStringLiteral("c")), qint64(0));
}

void TestHistoryStore::walModeActive()
{
    HistoryStore store(dbPath());
    QVERIFY(!store.open().isError());
    OpsEvents events{makeEvent(QStringLiteral("d"), 1, OpsEvent::Kind::NodeAdded, {}, {})};
    QVERIFY(!store.append(events).isError());
    QVERIFY(QFileInfo::exists(dbPath() + QStringLiteral("-wal")));
    // WAL is persistent: the header says so (bytes 18/19 = 2) and another connection sees it.
    const QByteArray header = fileBytes(dbPath()).left(100);
    QCOMPARE(int(header.at(18)), 2);
    QCOMPARE(int(header.at(19)), 2);
    RawDb raw(dbPath());
    QVERIFY(raw.ok());
    QCOMPARE(raw.value(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    QCOMPARE(raw.value(QStringLiteral("SELECT version FROM schema_version")).toInt(),
             HistoryStore::currentSchemaVersion());
}

void TestHistoryStore::reopenKeepsEverything()
{
    OpsEvents first;
    for (int i = 0; i < 25; ++i)
        first << makeEvent(QStringLiteral("d%1").arg(i % 2), 1000 + i, OpsEvent::Kind::FailSet, QStringLiteral("n"),
                       QStringLiteral("m%1").arg(i));
    AuditRecord record{0, 5, QStringLiteral("d0"), QStringLiteral("alice"), QStringLiteral("failover"),
                       QStringLiteral("SENTINEL FAILOVER mymaster"), QStringLiteral("succeeded"), {}};
    {
        HistoryStore store(dbPath());
        QVERIFY(!store.open().isError());
        QVERIFY(!store.append(first).isError());
        QVERIFY(!store.appendAudit(record).isError());
    }
    HistoryStore again(dbPath());
    QVERIFY(!again.open().isError());
    QCOMPARE(again.query({}), first);
    QCOMPARE(again.audit({}), QList<AuditRecord>{record});
    // Ids keep growing after a reopen.
    OpsEvents more{makeEvent(QStringLiteral("d0"), 1, OpsEvent::Kind::FailCleared, {}, {})};
    QVERIFY(!again.append(more).isError());
    QVERIFY(more[0].id > first.last().id);
    again.close();
    QVERIFY(!again.isOpen());
    QVERIFY(again.open().kind == HistoryError::Kind::None);
    QCOMPARE(again.count(), qint64(26));
}

void TestHistoryStore::readerSeesCommittedEvents()
{
    HistoryStore writer(dbPath());
    QVERIFY(!writer.open().isError());
    HistoryStore reader(dbPath());
    QVERIFY(!reader.open().isError());
    QCOMPARE(reader.count(), qint64(0));
    for (int round = 1; round <= 5; ++round) {
        OpsEvents batch;
        for (int i = 0; i < round; ++i)
            batch << makeEvent(QStringLiteral("d"), round * 100 + i, OpsEvent::Kind::NodeStale, {}, QString::number(i));
        QVERIFY(!writer.append(batch).isError());
        const QList<OpsEvent> seen = reader.query({QStringLiteral("d"), round * 100, 0, {}, {}, 0, false});
        QCOMPARE(seen, batch);
    }
    QCOMPARE(reader.count(), qint64(15));
    // The reader writes too (audit), and the writer sees it.
    AuditRecord r;
    r.deploymentId = QStringLiteral("d");
    r.action = QStringLiteral("note");
    QVERIFY(!reader.appendAudit(r).isError());
    QCOMPARE(writer.audit(QStringLiteral("d")).size(), 1);
}

void TestHistoryStore::failedBatchStoresNothing()
{
    HistoryStore store(dbPath());
    QVERIFY(!store.open().isError());
    OpsEvents before{makeEvent(QStringLiteral("d"), 1, OpsEvent::Kind::NodeAdded, {}, QStringLiteral("kept"))};
    QVERIFY(!store.append(before).isError());
    {
        RawDb raw(dbPath());
        QCOMPARE(raw.exec({QStringLiteral("CREATE TRIGGER fail_boom BEFORE INSERT ON events WHEN NEW.message = 'boom' "
                                          "BEGIN SELECT RAISE(ABORT, 'injected failure'); END")}),
                 QString());
    }
    OpsEvents batch{makeEvent(QStringLiteral("d"), 2, OpsEvent::Kind::NodeAdded, {}, QStringLiteral("ok1")),
                    makeEvent(QStringLiteral("d"), 3, OpsEvent::Kind::NodeAdded, {}, QStringLiteral("ok2")),
                    makeEvent(QStringLiteral("d"), 4, OpsEvent::Kind::NodeAdded, {}, QStringLiteral("boom"))};
    const HistoryError error = store.append(batch);
    QCOMPARE(kindText(error.kind), kindText(HistoryError::Kind::Query));
    QVERIFY2(error.message.contains(QStringLiteral("injected failure")), qPrintable(error.message));
    QVERIFY2(error.message.contains(dbPath()), qPrintable(error.message));
    for (const OpsEvent &e : std::as_const(batch))
        QCOMPARE(e.id, qint64(0)); // untouched
    QCOMPARE(messages(store.query({})), QStringList{QStringLiteral("kept")});
    // The store is still usable after the rolled-back batch.
    batch.removeLast();
    QVERIFY(!store.append(batch).isError());
    QCOMPARE(store.count(), qint64(3));
}

void TestHistoryStore::auditRoundTrip()
{
    HistoryStore store(dbPath());
    QVERIFY(!store.open().isError());
    QList<AuditRecord> records;
    for (int i = 0; i < 6; ++i) {
        AuditRecord r;
        r.timestampMs = 1000 * i;
        r.deploymentId = i % 2 ? QStringLiteral("prod") : QStringLiteral("st\u00e4ging");
        r.actor = QStringLiteral("op\u00e9rateur");
        r.action = i == 3 ? QStringLiteral("reshard") : QStringLiteral("failover");
        r.commandText = QStringLiteral("AUTH (redacted) \u2192 CLUSTER FAILOVER");
        r.outcome = i == 5 ? QStringLiteral("failed") : QStringLiteral("succeeded");
        if (i == 5)
            r.details = QJsonObject{
                {QStringLiteral("error"), QStringLiteral("ERR You should send CLUSTER FAILOVER to a replica")}};
        QVERIFY(!store.appendAudit(r).isError());
        QVERIFY(r.id > 0);
        records << r;
    }
    QCOMPARE(store.audit({}), records);
    QCOMPARE(store.audit(QStringLiteral("prod")), (QList<AuditRecord>{records[1], records[3], records[5]}));
    QCOMPARE(store.audit(QStringLiteral("prod"), 3000), (QList<AuditRecord>{records[3], records[5]}));
    QCOMPARE(store.audit(QStringLiteral("none")), QList<AuditRecord>());
    QCOMPARE(store.count(), qint64(0)); // audit records are not events
}

void TestHistoryStore::notOpenIsAnError()
{
    HistoryStore store(dbPath());
    OpsEvents events{makeEvent(QStringLiteral("d"), 1, OpsEvent::Kind::NodeAdded, {}, {})};
    QCOMPARE(kindText(store.append(events).kind), kindText(HistoryError::Kind::Query));
    HistoryError error;
    QVERIFY(store.query({}, &error).isEmpty());
    QVERIFY(error.message.contains(QStringLiteral("not open")));
    QCOMPARE(store.count(), qint64(-1));
    AuditRecord r;
    QVERIFY(store.appendAudit(r).isError());
    QVERIFY(store.checkIntegrity().isError());
    QCOMPARE(store.schemaVersion(), 0);
}

void TestHistoryStore::connectionRemovedOnDestruction()
{
    const QStringList before = QSqlDatabase::connectionNames();
    {
        HistoryStore a(dbPath());
        HistoryStore b(dbPath());
        QVERIFY(!a.open().isError());
        QVERIFY(!b.open().isError());
        QCOMPARE(QSqlDatabase::connectionNames().size(), before.size() + 2);
        QVERIFY(!a.open().isError()); // reopening replaces the connection, never leaks one
        QCOMPARE(QSqlDatabase::connectionNames().size(), before.size() + 2);
    }
    QCOMPARE(QSqlDatabase::connectionNames(), before);
}

void TestHistoryStore::migrationFromV1()
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
    QCOMPARE(store.schemaVersion(), 2);

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
    QCOMPARE(raw.value(QStringLiteral("SELECT version FROM schema_version")).toInt(), 2);
    QCOMPARE(raw.value(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
}

void TestHistoryStore::newerSchemaRefusedUntouched()
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

// A newer program crashed and left its WAL behind: refusing the file must not checkpoint that WAL
// into it (closing the last read-write connection would), nor touch the WAL itself.
void TestHistoryStore::newerSchemaWithPendingWalUntouched()
{
    const QString source = m_dir->filePath(QStringLiteral("source.db"));
    QVERIFY(QDir().mkpath(QFileInfo(dbPath()).absolutePath()));
    RawDb raw(source); // stays open: the WAL is not checkpointed while we copy it
    QCOMPARE(raw.exec({QStringLiteral("PRAGMA journal_mode = WAL"), QStringLiteral("PRAGMA wal_autocheckpoint = 0"),
                       QStringLiteral("CREATE TABLE schema_version(version INTEGER)"),
                       QStringLiteral("INSERT INTO schema_version (version) VALUES (7)"),
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
    QVERIFY2(error.message.contains(QStringLiteral("7")), qPrintable(error.message));
    store.close();
    QCOMPARE(fileBytes(dbPath()), bytes);
    QCOMPARE(fileBytes(dbPath() + QStringLiteral("-wal")), wal);
}

void TestHistoryStore::notADatabase_data()
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

void TestHistoryStore::notADatabase()
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

void TestHistoryStore::corruptDatabase_data()
{
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<int>("length");
    QTest::newRow("schema page (after the header)") << qint64(100) << 3900;
    QTest::newRow("data pages") << qint64(8192) << 16384;
}

void TestHistoryStore::corruptDatabase()
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

void TestHistoryStore::emptyFileBecomesDatabase()
{
    QVERIFY(QDir().mkpath(QFileInfo(dbPath()).absolutePath()));
    QVERIFY(writeFile(dbPath(), QByteArray()));
    HistoryStore store(dbPath());
    QVERIFY(!store.open().isError());
    QCOMPARE(store.schemaVersion(), HistoryStore::currentSchemaVersion());
    QVERIFY(!store.checkIntegrity().isError());
}

void TestHistoryStore::unwritableLocation_data()
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

void TestHistoryStore::unwritableLocation()
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
            QSKIP("root ignores directory permissions");
        QVERIFY(QDir().mkpath(target));
        QVERIFY(QFile::setPermissions(target, QFile::ReadOwner | QFile::ExeOwner));
    } else if (kind == QLatin1String("readonlyfile")) {
        if (::geteuid() == 0)
            QSKIP("root ignores file permissions");
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
void TestHistoryStore::crashDuringAppends()
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

QTEST_GUILESS_MAIN(TestHistoryStore)
#include "tst_historystore.moc"
