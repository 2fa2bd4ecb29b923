// Integration tests of HistoryStore, every one on both backends (global data: a real SQLite file
// and a real PostgreSQL database on a server the test starts): round trips, queries, WAL (SQLite),
// readers beside a writer, the audit table, transaction atomicity. Schema migrations on both:
// tst_storemigrations; refusal of garbage / corrupt files, unwritable locations and SIGKILL
// durability: tst_historyfiles.
#include "HistoryTestData.h"
#include "StoreBackends.h"
#include "history/HistoryRowCodec.h"

using namespace historytest;

class TestHistoryStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data() { StoreBackends::addRows(); }
    void init();
    void cleanup();

    void roundTrip_data();
    void roundTrip();
    void everyKindSeveritySourceRoundTrips();
    void queries_data();
    void queries();
    void deploymentsAndCount();
    void walModeActive();
    void failoverTimelineSearchesTheKindIndex();
    void reopenKeepsEverything();
    void readerSeesCommittedEvents();
    void failedBatchStoresNothing();
    void auditRoundTrip();
    void notOpenIsAnError();
    void readOnlyReadsAndRefusesWrites();
    void connectionRemovedOnDestruction();

private:
    /** The store of the current test: a file path or a postgresql:// URL. */
    QString dbPath() const { return m_location; }
    QString storeName() const { return ops::StoreLocation::parse(m_location).displayName(); }
    bool postgres() const { return ops::StoreLocation::looksLikeUrl(m_location); }
    StoreBackends m_backends;
    QString m_location;
};

void TestHistoryStore::init()
{
    QFETCH_GLOBAL(QString, backend);
    QString error;
    m_location = m_backends.freshStore(backend, &error);
    QVERIFY2(!m_location.isEmpty(), qPrintable(error));
}

void TestHistoryStore::cleanup() { m_location.clear(); }

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
    // The failover timeline's shape: a deployment's promotions and Sentinel events since a time
    // (on SQLite each kind alternative carries the other conditions: they must still hold).
    QTest::newRow("failover timeline") << q(dep("prod"), since(2000), kinds(L({"promoted", "demoted", "sentinel"})))
                                       << L({"e2", "e4", "e8"});
    QTest::newRow("failover timeline, newest 2")
        << q(dep("prod"), kinds(L({"promoted", "sentinel"})), newest, limit(2)) << L({"e8", "e4"});
    QTest::newRow("sentinel events of a node in a window")
        << q(node("n2"), kinds(L({"sentinel"})), since(2500), until(5000)) << L({"e4"});
    QTest::newRow("sentinel events of another deployment") << q(dep("staging"), kinds(L({"sentinel"}))) << L({"e6"});
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
    if (postgres())
        QSKIP("SQLite's WAL file: PostgreSQL keeps its own write-ahead log on the server");
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

// On SQLite the failover timeline (a deployment's promotions and Sentinel events since a time)
// searches events_deployment_kind_ts once per kind alternative, instead of reading every event
// of the deployment in the window to test its kind (bench_historyquery: 102 ms → under 1 ms).
void TestHistoryStore::failoverTimelineSearchesTheKindIndex()
{
    if (postgres())
        QSKIP("SQLite's query plan: PostgreSQL plans by its own statistics");
    HistoryStore store(dbPath());
    QVERIFY(!store.open().isError());
    HistoryQuery query;
    query.deploymentId = QStringLiteral("prod");
    query.sinceMs = 1000;
    query.kinds = {QStringLiteral("promoted"), QStringLiteral("demoted"), QStringLiteral("sentinel")};
    const ops::HistoryRowCodec::Statement s = ops::HistoryRowCodec::selectEvents(query, ops::StoreLocation::Driver::Sqlite);
    RawDb raw(dbPath());
    QVERIFY(raw.ok());
    const QStringList plan = raw.column(QStringLiteral("EXPLAIN QUERY PLAN ") + s.sql, s.binds, 3);
    QVERIFY2(plan.filter(QStringLiteral("INDEX events_deployment_kind_ts (deployment=? AND kind")).size() == 3,
             qPrintable(plan.join(QLatin1Char('\n'))));
}

void TestHistoryStore::reopenKeepsEverything()
{
    OpsEvents first;
    for (int i = 0; i < 25; ++i)
        first << makeEvent(QStringLiteral("d%1").arg(i % 2), 1000 + i, OpsEvent::Kind::FailSet, QStringLiteral("n"),
                       QStringLiteral("m%1").arg(i));
    AuditRecord record{0, 5, QStringLiteral("d0"), QStringLiteral("alice"), QStringLiteral("failover"),
                       QStringLiteral("SENTINEL FAILOVER mymaster"), QStringLiteral("succeeded"), {}, {}};
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
        const QList<OpsEvent> seen = reader.query({QStringLiteral("d"), round * 100, 0, {}, {}, 0, false, {}});
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
        const QStringList trigger =
            postgres() ? QStringList{QStringLiteral("CREATE FUNCTION fail_boom() RETURNS trigger AS $$ BEGIN "
                                                    "IF NEW.message = 'boom' THEN RAISE EXCEPTION 'injected failure'; "
                                                    "END IF; RETURN NEW; END $$ LANGUAGE plpgsql"),
                                     QStringLiteral("CREATE TRIGGER fail_boom BEFORE INSERT ON events FOR EACH ROW "
                                                    "EXECUTE FUNCTION fail_boom()")}
                       : QStringList{QStringLiteral("CREATE TRIGGER fail_boom BEFORE INSERT ON events WHEN "
                                                    "NEW.message = 'boom' BEGIN SELECT RAISE(ABORT, 'injected "
                                                    "failure'); END")};
        QCOMPARE(raw.exec(trigger), QString());
    }
    OpsEvents batch{makeEvent(QStringLiteral("d"), 2, OpsEvent::Kind::NodeAdded, {}, QStringLiteral("ok1")),
                    makeEvent(QStringLiteral("d"), 3, OpsEvent::Kind::NodeAdded, {}, QStringLiteral("ok2")),
                    makeEvent(QStringLiteral("d"), 4, OpsEvent::Kind::NodeAdded, {}, QStringLiteral("boom"))};
    const HistoryError error = store.append(batch);
    QCOMPARE(kindText(error.kind), kindText(HistoryError::Kind::Query));
    QVERIFY2(error.message.contains(QStringLiteral("injected failure")), qPrintable(error.message));
    QVERIFY2(error.message.contains(storeName()), qPrintable(error.message));
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

// `redis-ops check`'s open: a store nobody wrote yet is refused, not created; a written one is read
// beside its writer and refuses writes (SQLITE_OPEN_READONLY, a READ ONLY PostgreSQL session).
void TestHistoryStore::readOnlyReadsAndRefusesWrites()
{
    {
        HistoryStore early(dbPath());
        const HistoryError e = early.openReadOnly();
        QVERIFY2(e.isError(), "a store never written opened for reading");
        QVERIFY(!early.isOpen());
    }
    if (!postgres())
        QVERIFY(!QFileInfo::exists(dbPath()));
    HistoryStore writer(dbPath());
    QVERIFY(!writer.open().isError());
    OpsEvents events{makeEvent(QStringLiteral("d"), 1, OpsEvent::Kind::NodeAdded, {}, {})};
    QVERIFY(!writer.append(events).isError());
    HistoryStore reader(dbPath());
    const HistoryError e = reader.openReadOnly();
    QVERIFY2(!e.isError(), qPrintable(e.message));
    QCOMPARE(reader.schemaVersion(), HistoryStore::currentSchemaVersion());
    QCOMPARE(reader.query({}).size(), 1);
    OpsEvents more{makeEvent(QStringLiteral("d"), 2, OpsEvent::Kind::NodeAdded, {}, {})};
    QVERIFY(reader.append(more).isError());
    QCOMPARE(writer.count(), qint64(1));
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

QTEST_GUILESS_MAIN(TestHistoryStore)
#include "tst_historystore.moc"
