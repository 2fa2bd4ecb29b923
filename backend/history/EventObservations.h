#pragma once

#include "HistoryError.h"
#include "model/OpsEvent.h"

#include <QHash>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

class QSqlQuery;

namespace ops {

/**
 * @brief Stores observed OpsEvents so that an event several consoles saw is one `events` row
 * with one `event_observers` row per console (schema v6; internal to HistoryStore, run inside
 * its write transaction).
 *
 * An observation is, in order:
 * 1. already stored (its uid is an event's or an observer row's): nothing is written, the event's
 *    id is returned — a retried batch is idempotent;
 * 2. the same event as a stored one: same deployment and EventFingerprint, at most
 *    EventFingerprint::kWindowMs apart, and not observed by this observer yet (a repeat one
 *    console saw itself is a new event) — the nearest in time gets an observer row;
 * 3. else a new event row and its first observer row.
 * Concurrent writers are serialized per deployment so that two consoles appending the same
 * event at once end with one row: on PostgreSQL by `pg_advisory_xact_lock` on a hash of the
 * deployment (lockDeployments(), released with the transaction); SQLite has one writer at a
 * time already (HistoryStore begins the transaction IMMEDIATE, so the lookups see every commit).
 */
class EventObservations
{
public:
    EventObservations(const QSqlDatabase &db, QString storeName, QString observer);

    /** PostgreSQL: takes the transaction-scoped lock of each deployment of @p events (sorted: no deadlock). */
    HistoryError lockDeployments(const OpsEvents &events);
    /**
     * Stores @p event as above; sets its id, uid (made when empty) and observers (this one only
     * for a new event, every one so far for a merged one). @p merged: it was case 2.
     */
    HistoryError store(OpsEvent &event, bool *merged = nullptr);

    /** "operator@host" of this process (OperationRecord::currentOperator, the host name). */
    static QString currentObserver();

private:
    HistoryError fail(const QSqlQuery &query, const QString &what) const;
    /** Id of the event @p uid belongs to (as its own uid or an observer row's); 0 none; -1 error. */
    qint64 findUid(const QString &uid, HistoryError *error) const;
    /** The stored event @p event is another observation of; 0 none; -1 error. */
    qint64 findMatch(const OpsEvent &event, const QString &fingerprint, HistoryError *error) const;
    HistoryError addObserver(qint64 eventId, const OpsEvent &event);
    QStringList observersOf(qint64 eventId, HistoryError *error) const;

    QSqlDatabase m_db;
    QString m_name;
    QString m_observer;
};

} // namespace ops
