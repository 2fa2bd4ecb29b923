#include "StoreSpool.h"

#include "core/Logging.h"

#include <QAtomicInt>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

namespace ops {

namespace {

auto log() { return Logging::get("history"); }

const QString kEvents = QStringLiteral("events");
const QString kAudit = QStringLiteral("audit");
const QString kOperation = QStringLiteral("operation");

QString newUid() { return QUuid::createUuid().toString(QUuid::WithoutBraces); }

QString compact(const QJsonValue &value)
{
    return QString::fromUtf8(value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                                             : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
}

QJsonObject auditToJson(const AuditRecord &r)
{
    return {{QStringLiteral("ts"), r.timestampMs},        {QStringLiteral("deployment"), r.deploymentId},
            {QStringLiteral("actor"), r.actor},           {QStringLiteral("action"), r.action},
            {QStringLiteral("command"), r.commandText},   {QStringLiteral("outcome"), r.outcome},
            {QStringLiteral("details"), r.details},       {QStringLiteral("uid"), r.uid}};
}

AuditRecord auditFromJson(const QJsonObject &o)
{
    AuditRecord r;
    r.timestampMs = o.value(QStringLiteral("ts")).toInteger();
    r.deploymentId = o.value(QStringLiteral("deployment")).toString();
    r.actor = o.value(QStringLiteral("actor")).toString();
    r.action = o.value(QStringLiteral("action")).toString();
    r.commandText = o.value(QStringLiteral("command")).toString();
    r.outcome = o.value(QStringLiteral("outcome")).toString();
    r.details = o.value(QStringLiteral("details")).toObject();
    r.uid = o.value(QStringLiteral("uid")).toString();
    return r;
}

QString connectionName()
{
    static QAtomicInt counter;
    return QStringLiteral("ops-spool-%1").arg(counter.fetchAndAddRelaxed(1));
}

} // namespace

StoreSpool::StoreSpool(QString filePath) : m_filePath(std::move(filePath)), m_connectionName(connectionName()) {}

StoreSpool::~StoreSpool() { close(); }

void StoreSpool::close()
{
    if (m_local)
        m_local->close();
    m_local.reset();
    if (m_queue.isValid()) {
        m_queue.close();
        m_queue = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

HistoryError StoreSpool::openExisting()
{
    return QFile::exists(m_filePath) ? ensureOpen() : HistoryError{};
}

HistoryError StoreSpool::ensureOpen()
{
    if (m_local)
        return {};
    auto local = std::make_unique<HistoryStore>(m_filePath);
    if (!m_observer.isEmpty())
        local->setObserver(m_observer);
    if (HistoryError error = local->open(); error.isError())
        return error;
    m_queue = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_queue.setDatabaseName(m_filePath);
    m_queue.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    QSqlQuery q(m_queue);
    if (!m_queue.open() || !q.exec(QStringLiteral("PRAGMA synchronous = FULL"))
        || !q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS spool_queue (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                                  "kind TEXT NOT NULL, key TEXT NOT NULL, payload TEXT NOT NULL DEFAULT '', "
                                  "UNIQUE (kind, key))"))) {
        const QString cause = q.lastError().isValid() ? q.lastError().text() : m_queue.lastError().text();
        close();
        return HistoryError::make(HistoryError::Kind::Open,
                                  QStringLiteral("%1: cannot open the spool: %2").arg(m_filePath, cause));
    }
    m_local = std::move(local);
    log()->info("{}: spool open, {} entries to flush", m_filePath.toStdString(), pendingEntries());
    return {};
}

qint64 StoreSpool::pendingEntries() const
{
    if (!m_local)
        return 0;
    QSqlQuery q(m_queue);
    return q.exec(QStringLiteral("SELECT COUNT(*) FROM spool_queue")) && q.next() ? q.value(0).toLongLong() : -1;
}

// coalesce: an operation already queued keeps its place (the flush reads its latest state). @p payload
// must not be null: OR IGNORE would silently drop a NOT NULL violation.
HistoryError StoreSpool::enqueue(const QString &kind, const QString &key, const QString &payload, bool coalesce)
{
    QSqlQuery q(m_queue);
    q.prepare(coalesce ? QStringLiteral("INSERT OR IGNORE INTO spool_queue (kind, key, payload) VALUES (?, ?, ?)")
                       : QStringLiteral("INSERT INTO spool_queue (kind, key, payload) VALUES (?, ?, ?) "
                                        "ON CONFLICT (kind, key) DO UPDATE SET payload = excluded.payload"));
    q.addBindValue(kind);
    q.addBindValue(key);
    q.addBindValue(payload);
    if (!q.exec())
        return HistoryError::make(HistoryError::Kind::Io,
                                  QStringLiteral("%1: cannot queue a spooled write: %2").arg(m_filePath, q.lastError().text()));
    return {};
}

HistoryError StoreSpool::append(OpsEvents &events)
{
    if (events.isEmpty())
        return {};
    if (HistoryError error = ensureOpen(); error.isError())
        return error;
    QJsonArray payload;
    for (OpsEvent &event : events) {
        if (event.uid.isEmpty())
            event.uid = newUid();
        QJsonObject json = event.toJson();
        json.remove(QStringLiteral("id"));
        json.remove(QStringLiteral("observers"));
        payload.append(json);
    }
    if (HistoryError error = enqueue(kEvents, events.first().uid, compact(payload), false); error.isError())
        return error;
    return m_local->append(events);
}

HistoryError StoreSpool::appendAudit(AuditRecord &record)
{
    if (HistoryError error = ensureOpen(); error.isError())
        return error;
    if (record.uid.isEmpty())
        record.uid = newUid();
    if (HistoryError error = enqueue(kAudit, record.uid, compact(auditToJson(record)), false); error.isError())
        return error;
    return m_local->appendAudit(record);
}

HistoryError StoreSpool::writeOperation(const OperationRecord &record)
{
    if (HistoryError error = ensureOpen(); error.isError())
        return error;
    if (HistoryError error = enqueue(kOperation, record.id, QStringLiteral("{}"), true); error.isError())
        return error;
    HistoryError error;
    const bool known = m_local->operation(record.id, &error).has_value();
    if (error.isError())
        return error;
    return known ? m_local->updateOperation(record) : m_local->createOperation(record);
}

HistoryError StoreSpool::writeSteps(const OperationRecord &owner, const QList<OperationStep> &steps)
{
    if (HistoryError error = ensureOpen(); error.isError())
        return error;
    if (HistoryError error = enqueue(kOperation, owner.id, QStringLiteral("{}"), true); error.isError())
        return error;
    HistoryError error;
    const std::optional<OperationRecord> local = m_local->operation(owner.id, &error);
    if (error.isError())
        return error;
    if (!local)
        if (HistoryError created = m_local->createOperation(owner); created.isError())
            return created;
    QSet<int> stored;
    for (const OperationStep &step : local ? local->steps : QList<OperationStep>{})
        stored.insert(step.seq);
    QList<OperationStep> updates, appends;
    for (const OperationStep &step : steps)
        (stored.contains(step.seq) ? updates : appends).append(step);
    return m_local->writeSteps(updates, appends);
}

HistoryError StoreSpool::flushOperation(HistoryStore &shared, const QString &id)
{
    HistoryError error;
    const std::optional<OperationRecord> local = m_local->operation(id, &error);
    if (error.isError())
        return error;
    if (!local)
        return {}; // queued but never stored (a crash in between): nothing was acknowledged
    const std::optional<OperationRecord> there = shared.operation(id, &error);
    if (error.isError())
        return error;
    error = there ? shared.updateOperation(*local) : shared.createOperation(*local);
    if (error.isError())
        return error;
    QSet<int> stored;
    for (const OperationStep &step : there ? there->steps : QList<OperationStep>{})
        stored.insert(step.seq);
    QList<OperationStep> updates, appends;
    for (const OperationStep &step : local->steps)
        (stored.contains(step.seq) ? updates : appends).append(step);
    return updates.isEmpty() && appends.isEmpty() ? HistoryError{} : shared.writeSteps(updates, appends);
}

HistoryError StoreSpool::flushEntry(HistoryStore &shared, const QString &kind, const QString &key,
                                    const QString &payload)
{
    if (kind == kOperation)
        return flushOperation(shared, key);
    const QJsonDocument doc = QJsonDocument::fromJson(payload.toUtf8());
    if (kind == kAudit) {
        AuditRecord record = auditFromJson(doc.object());
        return shared.appendAudit(record); // a uid stored already is not stored again
    }
    OpsEvents events;
    for (const QJsonValue &value : doc.array())
        events.append(OpsEvent::fromJson(value.toObject()));
    return shared.append(events); // by uid: an event stored already is left as it is
}

StoreSpool::FlushResult StoreSpool::flushTo(HistoryStore &shared, const AfterCommit &afterCommit)
{
    FlushResult result;
    if (!m_local)
        return result;
    QSqlQuery next(m_queue);
    QSqlQuery remove(m_queue);
    for (;;) {
        if (!next.exec(QStringLiteral("SELECT seq, kind, key, payload FROM spool_queue ORDER BY seq LIMIT 1"))) {
            result.error = HistoryError::make(HistoryError::Kind::Io, m_filePath + QStringLiteral(": cannot read the spool: ")
                                                                           + next.lastError().text());
            break;
        }
        if (!next.next())
            break;
        const qint64 seq = next.value(0).toLongLong();
        const QString kind = next.value(1).toString(), key = next.value(2).toString();
        const QString payload = next.value(3).toString();
        next.finish();
        if (HistoryError error = flushEntry(shared, kind, key, payload); error.isError()) {
            result.error = error;
            break;
        }
        if (afterCommit && !afterCommit(seq))
            break;
        remove.prepare(QStringLiteral("DELETE FROM spool_queue WHERE seq = ?"));
        remove.addBindValue(seq);
        if (!remove.exec()) {
            result.error = HistoryError::make(HistoryError::Kind::Io, m_filePath + QStringLiteral(": cannot update the spool: ")
                                                                           + remove.lastError().text());
            break;
        }
        ++result.flushed;
    }
    result.remaining = pendingEntries();
    log()->info("{}: flushed {} spooled entries to {}, {} left{}", m_filePath.toStdString(), result.flushed,
                shared.displayName().toStdString(), result.remaining,
                result.error.isError() ? " (" + result.error.message.toStdString() + ")" : std::string());
    if (result.remaining == 0 && !result.error.isError())
        clearIfEmpty();
    return result;
}

// The file stays (another process of the same data dir — the console and a CLI — may have it
// open: removing it would lose what that one spools next); its flushed rows go, in one write
// transaction that finds the queue empty, so a write queued meanwhile keeps its rows.
void StoreSpool::clearIfEmpty()
{
    QSqlQuery q(m_queue);
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return;
    bool empty = q.exec(QStringLiteral("SELECT COUNT(*) FROM spool_queue")) && q.next() && q.value(0).toLongLong() == 0;
    q.finish();
    for (const QString &table : {QStringLiteral("event_observers"), QStringLiteral("events"), QStringLiteral("audit"),
                                 QStringLiteral("operation_steps"), QStringLiteral("operations")})
        empty = empty && q.exec(QStringLiteral("DELETE FROM ") + table);
    if (!q.exec(empty ? QStringLiteral("COMMIT") : QStringLiteral("ROLLBACK")))
        log()->warn("{}: cannot clear the flushed spool: {}", m_filePath.toStdString(), q.lastError().text().toStdString());
}

} // namespace ops
