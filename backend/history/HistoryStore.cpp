#include "HistoryStore.h"

#include "EventObservations.h"
#include "HistoryRowCodec.h"
#include "HistorySchema.h"
#include "LeaseTable.h"
#include "StoreListener.h"
#include "OperationJournal.h"
#include "core/Logging.h"

#include <QAtomicInt>
#include <QHash>
#include <QDir>
#include <QFileInfo>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>
#include <QVariant>

namespace ops {

namespace {

auto log() { return Logging::get("history"); }

constexpr int kBusyTimeoutMs = 5000;

QString uniqueConnectionName()
{
    static QAtomicInt counter;
    return QStringLiteral("ops-history-%1").arg(counter.fetchAndAddRelaxed(1));
}

bool run(QSqlQuery &q, const HistoryRowCodec::Statement &statement)
{
    if (!q.prepare(statement.sql))
        return false;
    for (const QVariant &value : statement.binds)
        q.addBindValue(value);
    return q.exec();
}

HistoryError setError(HistoryError *out, const HistoryError &error)
{
    if (out)
        *out = error;
    if (error.isError())
        log()->warn("{}", error.message.toStdString());
    return error;
}

} // namespace

HistoryStore::HistoryStore(QString location)
    : m_filePath(std::move(location)), m_location(StoreLocation::parse(m_filePath, &m_locationError)),
      m_name(m_location.displayName()), m_connectionName(uniqueConnectionName()),
      m_observer(EventObservations::currentObserver())
{
}

HistoryError HistoryStore::sqlError(const QSqlError &error, HistoryError::Kind fallback, const QString &context) const
{
    return HistorySchema::fromSqlError(error, fallback, context, m_location.driver());
}

void HistoryStore::setPassword(const QString &password) { m_password = password; }

void HistoryStore::setObserver(const QString &observer) { m_observer = observer; }

HistoryStore::~HistoryStore() { close(); }

int HistoryStore::currentSchemaVersion() { return HistorySchema::currentVersion(); }

void HistoryStore::close()
{
    if (!m_db.isValid() && !QSqlDatabase::contains(m_connectionName))
        return;
    Q_ASSERT_X(QThread::currentThread() == m_thread, "HistoryStore", "closed from another thread than open()");
    m_db.close();
    m_db = QSqlDatabase(); // no handle may outlive removeDatabase()
    QSqlDatabase::removeDatabase(m_connectionName);
    m_open = false;
    m_schemaVersion = 0;
}

HistoryError HistoryStore::fail(HistoryError error)
{
    log()->error("{}", error.message.toStdString());
    close();
    return error;
}

HistoryError HistoryStore::open()
{
    close();
    m_thread = QThread::currentThread();
    using Kind = HistoryError::Kind;
    if (m_filePath.isEmpty())
        return fail(HistoryError::make(Kind::Open, QStringLiteral("no history database path given")));
    if (m_locationError.isError())
        return fail(m_locationError);
    if (m_location.isPostgres())
        return openPostgres(false);
    const QFileInfo info(m_location.filePath());
    if (info.isDir())
        return fail(HistoryError::make(Kind::Open,
                                       m_name + QStringLiteral(": is a directory, not a database file")));
    if (!QDir().mkpath(info.absolutePath()))
        return fail(HistoryError::make(Kind::Open, QStringLiteral("%1: cannot create the directory %2")
                                                       .arg(m_name, info.absolutePath())));

    if (info.exists() && info.size() > 0)
        if (HistoryError error = probe(); error.isError())
            return fail(error);

    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    if (!m_db.isValid())
        return fail(HistoryError::make(Kind::Open, QStringLiteral("%1: the Qt SQLite driver (QSQLITE) is not available")
                                                       .arg(m_name)));
    m_db.setDatabaseName(m_location.filePath());
    if (!m_db.open())
        return fail(sqlError(m_db.lastError(), Kind::Open,
                                                m_name + QStringLiteral(": cannot open the history database")));
    if (HistoryError error = configure(); error.isError())
        return fail(error);
    m_open = true;
    log()->info("{}: history open (schema version {})", m_name.toStdString(), m_schemaVersion);
    return {};
}

HistoryError HistoryStore::openReadOnly()
{
    close();
    m_thread = QThread::currentThread();
    using Kind = HistoryError::Kind;
    if (m_filePath.isEmpty())
        return fail(HistoryError::make(Kind::Open, QStringLiteral("no history database path given")));
    if (m_locationError.isError())
        return fail(m_locationError);
    if (m_location.isPostgres())
        return openPostgres(true);
    const QFileInfo info(m_location.filePath());
    if (!info.isFile())
        return fail(HistoryError::make(Kind::Open, m_name + QStringLiteral(": no history database (nothing recorded here yet)")));
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    if (!m_db.isValid())
        return fail(HistoryError::make(Kind::Open, QStringLiteral("%1: the Qt SQLite driver (QSQLITE) is not available")
                                                       .arg(m_name)));
    m_db.setDatabaseName(m_location.filePath());
    m_db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
    if (!m_db.open())
        return fail(sqlError(m_db.lastError(), Kind::Open, m_name + QStringLiteral(": cannot open the history database")));
    {
        QSqlQuery q(m_db);
        if (!q.exec(QStringLiteral("PRAGMA table_info(schema_version)")))
            return fail(sqlError(q.lastError(), Kind::Open, m_name + QStringLiteral(": cannot read the database schema")));
    }
    if (HistoryError e = requireCurrentSchema(); e.isError())
        return fail(e);
    m_open = true;
    log()->info("{}: history open for reading (schema version {})", m_name.toStdString(), m_schemaVersion);
    return {};
}

HistoryError HistoryStore::requireCurrentSchema()
{
    HistoryError error;
    const int version = HistorySchema::readVersion(m_db, m_name, &error);
    if (version < 0)
        return error;
    if (version > HistorySchema::currentVersion())
        return HistorySchema::newerSchemaError(m_name, version);
    if (version < HistorySchema::currentVersion())
        return HistoryError::make(HistoryError::Kind::Open,
                                  QStringLiteral("%1: schema version %2, older than this program's %3: it is brought up to date "
                                                 "by a program that records history (the console, redis-ops watch), not by a read")
                                      .arg(m_name)
                                      .arg(version)
                                      .arg(HistorySchema::currentVersion()));
    m_schemaVersion = version;
    return {};
}

// A shared store: the server's version is read before anything is written, so a newer schema
// is refused untouched; the migrations themselves run under an advisory lock (HistorySchema).
HistoryError HistoryStore::openPostgres(bool readOnly)
{
    using Kind = HistoryError::Kind;
    m_db = QSqlDatabase::addDatabase(m_location.qtDriver(), m_connectionName);
    if (!m_db.isValid())
        return fail(HistoryError::make(Kind::Open, QStringLiteral("%1: the Qt PostgreSQL driver (QPSQL) is not "
                                                                  "available: install libqt6sql6-psql")
                                                       .arg(m_name)));
    m_db.setHostName(m_location.host());
    m_db.setPort(m_location.port());
    m_db.setUserName(m_location.user());
    m_db.setDatabaseName(m_location.database());
    m_db.setConnectOptions(m_location.connectOptions());
    // Empty: libpq looks in PGPASSWORD, PGPASSFILE and ~/.pgpass itself.
    m_db.setPassword(m_password);
    if (!m_db.open())
        return fail(sqlError(m_db.lastError(), Kind::Open, m_name + QStringLiteral(": cannot connect to the store")));
    if (readOnly) {
        QSqlQuery q(m_db);
        if (!q.exec(QStringLiteral("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")))
            return fail(sqlError(q.lastError(), Kind::Open, m_name + QStringLiteral(": cannot make the session read-only")));
        if (HistoryError e = requireCurrentSchema(); e.isError())
            return fail(e);
        m_open = true;
        log()->info("{}: shared history open for reading (schema version {})", m_name.toStdString(), m_schemaVersion);
        return {};
    }
    HistoryError error;
    const int version = HistorySchema::readVersion(m_db, m_name, &error);
    if (version < 0)
        return fail(error);
    if (version > HistorySchema::currentVersion())
        return fail(HistorySchema::newerSchemaError(m_name, version));
    if (HistoryError e = HistorySchema::migrate(m_db, m_name, &m_schemaVersion, m_location.driver()); e.isError())
        return fail(e);
    m_open = true;
    log()->info("{}: shared history open (schema version {})", m_name.toStdString(), m_schemaVersion);
    return {};
}

// An existing file is first inspected over a read-only connection: closing the last read-write
// connection of a WAL database checkpoints it, which would modify a file we then refuse (a newer
// schema whose writer crashed and left its WAL behind).
HistoryError HistoryStore::probe() const
{
    using Kind = HistoryError::Kind;
    const QString name = m_connectionName + QStringLiteral("-probe");
    HistoryError result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_location.filePath());
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (!db.open()) {
            result = sqlError(db.lastError(), Kind::Open,
                                                 m_name + QStringLiteral(": cannot open the history database"));
        } else {
            QSqlQuery q(db);
            if (!q.exec(QStringLiteral("PRAGMA table_info(schema_version)"))) {
                result = sqlError(q.lastError(), Kind::Open,
                                                     m_name + QStringLiteral(": cannot read the database schema"));
            } else {
                q.finish();
                const int version = HistorySchema::readVersion(db, m_name, &result);
                if (version > HistorySchema::currentVersion())
                    result = HistorySchema::newerSchemaError(m_name, version);
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

// Order matters: nothing may write to the file before it is known to be an SQLite database of a
// version we understand (a newer file must stay byte-identical, so WAL is switched on only after).
HistoryError HistoryStore::configure()
{
    using Kind = HistoryError::Kind;
    QSqlQuery q(m_db);
    auto pragma = [&](const QString &sql, Kind fallback, const QString &what) -> HistoryError {
        if (q.exec(sql))
            return {};
        return sqlError(q.lastError(), fallback, m_name + QStringLiteral(": ") + what);
    };
    if (HistoryError e = pragma(QStringLiteral("PRAGMA busy_timeout = %1").arg(kBusyTimeoutMs), Kind::Open,
                                QStringLiteral("cannot set busy_timeout"));
        e.isError())
        return e;
    // Reads the header and parses the schema: "file is not a database" on garbage, "malformed"
    // on a corrupt schema page (QSqlDatabase::tables() would hide both).
    if (HistoryError e = pragma(QStringLiteral("PRAGMA table_info(schema_version)"), Kind::Open,
                                QStringLiteral("cannot read the database schema"));
        e.isError())
        return e;
    q.finish();
    HistoryError error;
    const int version = HistorySchema::readVersion(m_db, m_name, &error);
    if (version < 0)
        return error;
    if (version > HistorySchema::currentVersion())
        return HistorySchema::newerSchemaError(m_name, version);

    if (HistoryError e = pragma(QStringLiteral("PRAGMA journal_mode = WAL"), Kind::Open,
                                QStringLiteral("cannot switch to WAL journal mode"));
        e.isError())
        return e;
    const QString mode = q.next() ? q.value(0).toString().toLower() : QString();
    q.finish();
    if (mode != QLatin1String("wal"))
        return HistoryError::make(Kind::Open,
                                  QStringLiteral("%1: WAL journal mode unavailable (journal_mode is \"%2\"); "
                                                 "is the file on a network file system?")
                                      .arg(m_name, mode));
    if (HistoryError e = pragma(QStringLiteral("PRAGMA synchronous = FULL"), Kind::Open,
                                QStringLiteral("cannot set synchronous=FULL"));
        e.isError())
        return e;
    if (HistoryError e = pragma(QStringLiteral("PRAGMA foreign_keys = ON"), Kind::Open,
                                QStringLiteral("cannot enable foreign keys"));
        e.isError())
        return e;
    q.finish();
    return HistorySchema::migrate(m_db, m_name, &m_schemaVersion);
}

HistoryError HistoryStore::usable() const
{
    Q_ASSERT_X(!m_open || QThread::currentThread() == m_thread, "HistoryStore",
               "used from another thread than the one that called open()");
    if (!m_open)
        return HistoryError::make(HistoryError::Kind::Query,
                                  m_name + QStringLiteral(": history database not open"));
    if (QThread::currentThread() != m_thread)
        return HistoryError::make(HistoryError::Kind::Query,
                                  m_name + QStringLiteral(": history database used from another thread"));
    return {};
}

HistoryError HistoryStore::beginWrite()
{
    if (m_location.isPostgres())
        return m_db.transaction() ? HistoryError{} : sqlError(m_db.lastError(), HistoryError::Kind::Query, {});
    // IMMEDIATE: the write lock first (waiting up to busy_timeout), so what the transaction reads
    // next is not stale when another connection writes the same file.
    QSqlQuery q(m_db);
    return q.exec(QStringLiteral("BEGIN IMMEDIATE")) ? HistoryError{}
                                                     : sqlError(q.lastError(), HistoryError::Kind::Query, {});
}

HistoryError HistoryStore::append(OpsEvents &events)
{
    if (HistoryError e = usable(); e.isError())
        return e;
    if (events.isEmpty())
        return {};
    const QString context = m_name + QStringLiteral(": cannot store %1 event(s)").arg(events.size());
    if (HistoryError e = beginWrite(); e.isError())
        return setError(nullptr, HistoryError::make(e.kind, context + e.message));
    auto rollback = [&](const HistoryError &failure) {
        m_db.rollback();
        return setError(nullptr, HistoryError::make(failure.kind, context + QStringLiteral(": ") + failure.message));
    };
    OpsEvents stored = events; // the caller's ids are set only once the commit is durable
    int merged = 0;
    EventObservations observations(m_db, m_name, m_observer);
    if (HistoryError e = observations.lockDeployments(stored); e.isError())
        return rollback(e);
    for (OpsEvent &e : stored) {
        bool same = false;
        if (HistoryError error = observations.store(e, &same); error.isError())
            return rollback(error);
        merged += same ? 1 : 0;
    }
    if (!m_db.commit())
        return rollback(sqlError(m_db.lastError(), HistoryError::Kind::Query, QStringLiteral("commit")));
    events = std::move(stored);
    if (merged > 0)
        log()->debug("{}: {} of {} event(s) already stored by another console: observer added", m_name.toStdString(),
                     merged, events.size());
    if (m_location.isPostgres())
        StoreListener::announce(m_db, QJsonObject{{QStringLiteral("type"), QStringLiteral("events")},
                                                  {QStringLiteral("deployment"), events.constFirst().deploymentId},
                                                  {QStringLiteral("count"), int(events.size())},
                                                  {QStringLiteral("merged"), merged},
                                                  {QStringLiteral("firstId"), events.constFirst().id},
                                                  {QStringLiteral("lastId"), events.constLast().id}});
    return {};
}

QList<OpsEvent> HistoryStore::query(const HistoryQuery &query, HistoryError *error) const
{
    QList<OpsEvent> events;
    if (HistoryError e = usable(); e.isError()) {
        setError(error, e);
        return events;
    }
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!run(q, HistoryRowCodec::selectEvents(query, m_location.driver()))) {
        setError(error, sqlError(q.lastError(), HistoryError::Kind::Query,
                                                    m_name + QStringLiteral(": cannot query events")));
        return events;
    }
    QHash<qint64, qsizetype> indexOf;
    while (q.next()) {
        events.append(HistoryRowCodec::eventFromRow(q));
        indexOf.insert(events.constLast().id, events.size() - 1);
    }
    q.finish();
    if (!events.isEmpty()) {
        if (!run(q, HistoryRowCodec::selectObservers(query, m_location.driver()))) {
            setError(error, sqlError(q.lastError(), HistoryError::Kind::Query,
                                     m_name + QStringLiteral(": cannot query the observers of events")));
            return {};
        }
        while (q.next())
            if (const auto it = indexOf.constFind(q.value(0).toLongLong()); it != indexOf.cend())
                events[*it].observers << q.value(1).toString();
    }
    setError(error, {});
    return events;
}

QStringList HistoryStore::deployments(HistoryError *error) const
{
    QStringList result;
    if (HistoryError e = usable(); e.isError()) {
        setError(error, e);
        return result;
    }
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT DISTINCT deployment FROM events ORDER BY deployment"))) {
        setError(error, sqlError(q.lastError(), HistoryError::Kind::Query,
                                                    m_name + QStringLiteral(": cannot list deployments")));
        return result;
    }
    while (q.next())
        result << q.value(0).toString();
    setError(error, {});
    return result;
}

qint64 HistoryStore::count(const QString &deploymentId, HistoryError *error) const
{
    if (HistoryError e = usable(); e.isError()) {
        setError(error, e);
        return -1;
    }
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(deploymentId.isEmpty() ? QStringLiteral("SELECT COUNT(*) FROM events")
                                     : QStringLiteral("SELECT COUNT(*) FROM events WHERE deployment = ?"));
    if (!deploymentId.isEmpty())
        q.addBindValue(deploymentId);
    if (!q.exec() || !q.next()) {
        setError(error, sqlError(q.lastError(), HistoryError::Kind::Query,
                                                    m_name + QStringLiteral(": cannot count events")));
        return -1;
    }
    setError(error, {});
    return q.value(0).toLongLong();
}

HistoryError HistoryStore::appendAudit(AuditRecord &record)
{
    if (HistoryError e = usable(); e.isError())
        return e;
    QSqlQuery q(m_db);
    const QString uid = record.uid.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : record.uid;
    if (!record.uid.isEmpty()) {
        // Stored already (a retried flush): nothing twice.
        q.prepare(QStringLiteral("SELECT id FROM audit WHERE uid = ?"));
        q.addBindValue(uid);
        if (q.exec() && q.next()) {
            record.id = q.value(0).toLongLong();
            return {};
        }
        q.finish();
    }
    AuditRecord row = record;
    row.uid = uid;
    // One statement in autocommit mode is its own transaction: durable once it completes.
    if (!run(q, HistoryRowCodec::insertAudit(row)) || !q.next())
        return setError(nullptr,
                        sqlError(q.lastError(), HistoryError::Kind::Query,
                                                    m_name + QStringLiteral(": cannot store the audit record")));
    const qint64 id = q.value(0).toLongLong();
    q.finish(); // completes the statement, and with it the autocommit transaction
    record.id = id;
    record.uid = uid;
    return {};
}

QList<AuditRecord> HistoryStore::audit(const QString &deploymentId, qint64 sinceMs, HistoryError *error) const
{
    QList<AuditRecord> records;
    if (HistoryError e = usable(); e.isError()) {
        setError(error, e);
        return records;
    }
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!run(q, HistoryRowCodec::selectAudit(deploymentId, sinceMs))) {
        setError(error, sqlError(q.lastError(), HistoryError::Kind::Query,
                                                    m_name + QStringLiteral(": cannot read the audit log")));
        return records;
    }
    while (q.next())
        records.append(HistoryRowCodec::auditFromRow(q));
    setError(error, {});
    return records;
}

HistoryError HistoryStore::createOperation(const OperationRecord &record)
{
    if (HistoryError e = usable(); e.isError())
        return e;
    const HistoryError error = setError(nullptr, OperationJournal(m_db, m_name).create(record));
    if (!error.isError() && m_location.isPostgres())
        StoreListener::announce(m_db, QJsonObject{{QStringLiteral("type"), QStringLiteral("operation")},
                                          {QStringLiteral("operation"), record.id},
                                          {QStringLiteral("deployment"), record.deploymentId},
                                          {QStringLiteral("kind"), record.kind},
                                          {QStringLiteral("operator"), record.operatorName},
                                          {QStringLiteral("target"), record.target},
                                          {QStringLiteral("state"), OperationRecord::stateName(record.state)}});
    return error;
}

HistoryError HistoryStore::updateOperation(const OperationRecord &record)
{
    if (HistoryError e = usable(); e.isError())
        return e;
    const HistoryError error = setError(nullptr, OperationJournal(m_db, m_name).update(record));
    if (!error.isError() && m_location.isPostgres())
        StoreListener::announce(m_db, QJsonObject{{QStringLiteral("type"), QStringLiteral("operation")},
                                          {QStringLiteral("operation"), record.id},
                                          {QStringLiteral("deployment"), record.deploymentId},
                                          {QStringLiteral("kind"), record.kind},
                                          {QStringLiteral("operator"), record.operatorName},
                                          {QStringLiteral("target"), record.target},
                                          {QStringLiteral("state"), OperationRecord::stateName(record.state)}});
    return error;
}

HistoryError HistoryStore::appendStep(const OperationStep &step)
{
    if (HistoryError e = usable(); e.isError())
        return e;
    const HistoryError error = setError(nullptr, OperationJournal(m_db, m_name).appendStep(step));
    if (!error.isError() && m_location.isPostgres())
        StoreListener::announce(m_db, QJsonObject{{QStringLiteral("type"), QStringLiteral("step")},
                                          {QStringLiteral("operation"), step.operationId},
                                          {QStringLiteral("seq"), step.seq},
                                          {QStringLiteral("node"), step.targetNode},
                                          {QStringLiteral("state"), OperationStep::stateName(step.state)}});
    return error;
}

HistoryError HistoryStore::updateStep(const OperationStep &step)
{
    if (HistoryError e = usable(); e.isError())
        return e;
    const HistoryError error = setError(nullptr, OperationJournal(m_db, m_name).updateStep(step));
    if (!error.isError() && m_location.isPostgres())
        StoreListener::announce(m_db, QJsonObject{{QStringLiteral("type"), QStringLiteral("step")},
                                          {QStringLiteral("operation"), step.operationId},
                                          {QStringLiteral("seq"), step.seq},
                                          {QStringLiteral("node"), step.targetNode},
                                          {QStringLiteral("state"), OperationStep::stateName(step.state)}});
    return error;
}

HistoryError HistoryStore::writeSteps(const QList<OperationStep> &updates, const QList<OperationStep> &appends)
{
    if (HistoryError e = usable(); e.isError())
        return e;
    const HistoryError error = setError(nullptr, OperationJournal(m_db, m_name).writeSteps(updates, appends));
    if (!error.isError() && m_location.isPostgres())
        StoreListener::announce(m_db, QJsonObject{{QStringLiteral("type"), QStringLiteral("steps")},
                                          {QStringLiteral("operation"),
                                           (appends.isEmpty() ? updates : appends).value(0).operationId},
                                          {QStringLiteral("updated"), int(updates.size())},
                                          {QStringLiteral("appended"), int(appends.size())}});
    return error;
}

std::optional<OperationRecord> HistoryStore::operation(const QString &id, HistoryError *error) const
{
    HistoryError result = usable();
    std::optional<OperationRecord> record;
    if (!result.isError())
        record = OperationJournal(m_db, m_name).read(id, &result);
    setError(error, result);
    return record;
}

QList<OperationRecord> HistoryStore::operations(const OperationQuery &query, HistoryError *error) const
{
    HistoryError result = usable();
    QList<OperationRecord> records;
    if (!result.isError())
        records = OperationJournal(m_db, m_name).list(query, &result);
    setError(error, result);
    return records;
}

QList<OperationRecord> HistoryStore::unfinishedOperations(const QString &deploymentId, HistoryError *error) const
{
    OperationQuery query;
    query.deploymentId = deploymentId;
    query.states = {OperationRecord::State::Planned, OperationRecord::State::Running};
    query.withSteps = true;
    return operations(query, error);
}

HistoryError HistoryStore::acquireLease(const OperationLease &lease, OperationLease *holder, OperationLease *previous)
{
    if (HistoryError e = usable(); e.isError())
        return e;
    const HistoryError error = LeaseTable(m_db, m_name).acquire(lease, holder, previous);
    if (error.kind == HistoryError::Kind::LeaseHeld) {
        log()->info("{}", error.message.toStdString()); // a refusal, not a failure of the store
        return error;
    }
    return setError(nullptr, error);
}

HistoryError HistoryStore::takeOverLease(const OperationLease &lease, const QString &holderOperationId,
                                         OperationLease *previous)
{
    if (HistoryError e = usable(); e.isError())
        return e;
    const HistoryError error = LeaseTable(m_db, m_name).takeOver(lease, holderOperationId, previous);
    if (error.kind == HistoryError::Kind::LeaseHeld) {
        log()->info("{}", error.message.toStdString());
        return error;
    }
    return setError(nullptr, error);
}

HistoryError HistoryStore::renewLease(const QString &deploymentId, const QString &operationId, qint64 nowMs,
                                      qint64 expiresMs)
{
    if (HistoryError e = usable(); e.isError())
        return e;
    return setError(nullptr, LeaseTable(m_db, m_name).renew(deploymentId, operationId, nowMs, expiresMs));
}

HistoryError HistoryStore::releaseLease(const QString &deploymentId, const QString &operationId)
{
    if (HistoryError e = usable(); e.isError())
        return e;
    return setError(nullptr, LeaseTable(m_db, m_name).release(deploymentId, operationId));
}

std::optional<OperationLease> HistoryStore::lease(const QString &deploymentId, HistoryError *error) const
{
    HistoryError result = usable();
    std::optional<OperationLease> found;
    if (!result.isError())
        found = LeaseTable(m_db, m_name).read(deploymentId, &result);
    setError(error, result);
    return found;
}

HistoryError HistoryStore::checkIntegrity() const
{
    if (HistoryError e = usable(); e.isError())
        return e;
    if (m_location.isPostgres())
        return {}; // the server keeps its own files sound: nothing the client can check

    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("PRAGMA integrity_check")))
        return sqlError(q.lastError(), HistoryError::Kind::Query,
                                           m_name + QStringLiteral(": integrity check failed"));
    QStringList findings;
    while (q.next() && findings.size() < 10)
        findings << q.value(0).toString();
    if (findings == QStringList{QStringLiteral("ok")})
        return {};
    return HistoryError::make(HistoryError::Kind::NotADatabase, m_name + QStringLiteral(": integrity check: ") +
                                                                    findings.join(QStringLiteral("; ")));
}

} // namespace ops
