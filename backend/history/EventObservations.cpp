#include "EventObservations.h"

#include "EventFingerprint.h"
#include "HistoryRowCodec.h"
#include "HistorySchema.h"
#include "OperationRecord.h"

#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>
#include <QUuid>
#include <QVariant>

#include <algorithm>

namespace ops {

namespace {

// First key of the per-deployment advisory locks ("ROPE"); the second is hashtext(deployment).
constexpr int kDeploymentLockSpace = 0x524f5045;

} // namespace

EventObservations::EventObservations(const QSqlDatabase &db, QString storeName, QString observer)
    : m_db(db), m_name(std::move(storeName)), m_observer(std::move(observer))
{
}

QString EventObservations::currentObserver()
{
    return OperationRecord::currentOperator() + QLatin1Char('@') + QSysInfo::machineHostName();
}

HistoryError EventObservations::fail(const QSqlQuery &query, const QString &what) const
{
    return HistorySchema::fromSqlError(query.lastError(), HistoryError::Kind::Query,
                                       m_name + QStringLiteral(": ") + what, HistorySchema::driverOf(m_db));
}

HistoryError EventObservations::lockDeployments(const OpsEvents &events)
{
    if (HistorySchema::driverOf(m_db) != StoreLocation::Driver::Postgres)
        return {};
    QStringList deployments;
    for (const OpsEvent &e : events)
        if (!deployments.contains(e.deploymentId))
            deployments << e.deploymentId;
    std::sort(deployments.begin(), deployments.end());
    QSqlQuery q(m_db);
    for (const QString &deployment : std::as_const(deployments)) {
        q.prepare(QStringLiteral("SELECT pg_advisory_xact_lock(?, hashtext(?))"));
        q.addBindValue(kDeploymentLockSpace);
        q.addBindValue(deployment);
        if (!q.exec())
            return fail(q, QStringLiteral("cannot lock the events of %1").arg(deployment));
        q.finish();
    }
    return {};
}

qint64 EventObservations::findUid(const QString &uid, HistoryError *error) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    for (const QString &sql : {QStringLiteral("SELECT id FROM events WHERE uid = ?"),
                               QStringLiteral("SELECT event_id FROM event_observers WHERE uid = ?")}) {
        q.prepare(sql);
        q.addBindValue(uid);
        if (!q.exec()) {
            *error = fail(q, QStringLiteral("cannot look up event %1").arg(uid));
            return -1;
        }
        if (q.next())
            return q.value(0).toLongLong();
        q.finish();
    }
    return 0;
}

qint64 EventObservations::findMatch(const OpsEvent &event, const QString &fingerprint, HistoryError *error) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id FROM events WHERE deployment = ? AND fingerprint = ? AND ts_ms >= ? AND "
                             "ts_ms <= ? AND NOT EXISTS (SELECT 1 FROM event_observers o WHERE o.event_id = "
                             "events.id AND o.observer = ?) ORDER BY ABS(ts_ms - ?), id LIMIT 1"));
    q.addBindValue(event.deploymentId);
    q.addBindValue(fingerprint);
    q.addBindValue(event.timestampMs - EventFingerprint::kWindowMs);
    q.addBindValue(event.timestampMs + EventFingerprint::kWindowMs);
    q.addBindValue(m_observer);
    q.addBindValue(event.timestampMs);
    if (!q.exec()) {
        *error = fail(q, QStringLiteral("cannot look for the same event"));
        return -1;
    }
    return q.next() ? q.value(0).toLongLong() : 0;
}

HistoryError EventObservations::addObserver(qint64 eventId, const OpsEvent &event)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO event_observers (event_id, observer, observed_ms, uid) VALUES (?, ?, ?, ?)"));
    q.addBindValue(eventId);
    q.addBindValue(m_observer);
    q.addBindValue(event.timestampMs);
    q.addBindValue(event.uid);
    if (!q.exec())
        return fail(q, QStringLiteral("cannot store an observer of event %1").arg(eventId));
    return {};
}

QStringList EventObservations::observersOf(qint64 eventId, HistoryError *error) const
{
    QStringList observers;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT observer FROM event_observers WHERE event_id = ? ORDER BY observed_ms, uid"));
    q.addBindValue(eventId);
    if (!q.exec()) {
        *error = fail(q, QStringLiteral("cannot read the observers of event %1").arg(eventId));
        return observers;
    }
    while (q.next())
        observers << q.value(0).toString();
    return observers;
}

HistoryError EventObservations::store(OpsEvent &event, bool *merged)
{
    if (merged)
        *merged = false;
    if (event.uid.isEmpty())
        event.uid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    HistoryError error;
    qint64 id = findUid(event.uid, &error);
    if (id < 0)
        return error;
    const QString fingerprint = EventFingerprint::of(event);
    if (id == 0 && !fingerprint.isEmpty()) {
        if ((id = findMatch(event, fingerprint, &error)) < 0)
            return error;
        if (id > 0) {
            if (HistoryError e = addObserver(id, event); e.isError())
                return e;
            if (merged)
                *merged = true;
        }
    }
    if (id == 0) {
        const HistoryRowCodec::Statement insert = HistoryRowCodec::insertEvent(event, fingerprint);
        QSqlQuery q(m_db);
        if (!q.prepare(insert.sql))
            return fail(q, QStringLiteral("cannot store the event"));
        for (const QVariant &value : insert.binds)
            q.addBindValue(value);
        if (!q.exec() || !q.next())
            return fail(q, QStringLiteral("cannot store the event"));
        id = q.value(0).toLongLong();
        q.finish(); // an unfinished statement would block COMMIT
        if (HistoryError e = addObserver(id, event); e.isError())
            return e;
        event.id = id;
        event.observers = {m_observer};
        return {};
    }
    event.id = id;
    event.observers = observersOf(id, &error);
    return error;
}

} // namespace ops
