#pragma once

#include "AuditRecord.h"
#include "HistoryError.h"
#include "HistoryQuery.h"
#include "OperationLease.h"
#include "OperationQuery.h"
#include "OperationRecord.h"
#include "StoreLocation.h"
#include "model/OpsEvent.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

class QSqlError;
class QThread;

namespace ops {

/**
 * @brief The durable event history: OpsEvents, operator audit records and the operations journal
 * (OperationRecord + OperationStep) in one SQLite file (QtSql, QSQLITE driver), schema
 * versioned by HistorySchema.
 *
 * One connection per instance, under a unique connection name, used only from the thread that
 * called open() (asserted). The file runs in WAL mode with synchronous=FULL: append() returns
 * after COMMIT is on disk, so the Monitor stores an event before it publishes it, and readers
 * (another HistoryStore on the same file, e.g. `redis-ops history` while the console runs) see
 * every committed event without blocking the writer. busy_timeout is 5 s.
 *
 * Not thread-safe, not a QObject: every call is synchronous. Code on the I/O thread uses it
 * through AsyncHistoryStore, which runs it on a thread of its own.
 *
 * A team shares one PostgreSQL database instead (QPSQL): the location is then a postgresql://
 * URL (StoreLocation), the schema and its migrations are the same, every write is a committed
 * transaction on the server when the call returns. Messages name the store by
 * StoreLocation::displayName(), never with a password.
 */
class HistoryStore
{
public:
    /**
     * @p location: the full path of an SQLite file (its parent directories are created), or a
     * postgresql:// URL (StoreLocation; a bad one makes open() fail with Kind::BadLocation).
     */
    explicit HistoryStore(QString location);
    ~HistoryStore();
    HistoryStore(const HistoryStore &) = delete;
    HistoryStore &operator=(const HistoryStore &) = delete;

    /**
     * Opens (creating if needed) and migrates the database to currentSchemaVersion(). Errors:
     * Open (directory, permissions, WAL unavailable), NotADatabase (garbage or corrupt file),
     * NewerSchema (left untouched), Query. After an error the store is closed.
     */
    HistoryError open();
    /**
     * Opens an existing store for reading only (`redis-ops check`): nothing is created, migrated
     * or written — an SQLite file is opened with SQLITE_OPEN_READONLY, a shared store's session is
     * READ ONLY. A store whose schema is not currentSchemaVersion() is refused (Open for an older
     * one: a program that writes the history migrates it; NewerSchema), as is a missing file
     * (Open, "no history database"). Writes on such a store fail.
     */
    HistoryError openReadOnly();
    /** Closes the connection (also done by the destructor). */
    void close();
    bool isOpen() const { return m_open; }
    /** The location as given (file path or URL). */
    const QString &filePath() const { return m_filePath; }
    const StoreLocation &location() const { return m_location; }
    /** How messages name the store: the file path or the URL without a password. */
    const QString &displayName() const { return m_name; }
    /**
     * The PostgreSQL password for the next open(), from the keychain; never read from settings.
     * Without one, libpq reads PGPASSWORD, PGPASSFILE or ~/.pgpass. Ignored for SQLite.
     */
    void setPassword(const QString &password);

    /** The open database's schema version (0 before open()). */
    int schemaVersion() const { return m_schemaVersion; }
    static int currentSchemaVersion();

    /**
     * Who this store records as the observer of the events it appends ("operator@host" of the
     * process by default, EventObservations::currentObserver()).
     */
    void setObserver(const QString &observer);
    const QString &observer() const { return m_observer; }

    /**
     * Stores @p events in one transaction and assigns each OpsEvent::id, uid (made when empty)
     * and observers. An event another console stored already (EventObservations: same
     * deployment and EventFingerprint within EventFingerprint::kWindowMs, not yet observed by
     * this observer) is not stored again: this observer is added to it and its id returned; an
     * event whose uid is stored already is left as it is. Returns after COMMIT is durable; on
     * error nothing is stored and the events are left untouched.
     */
    HistoryError append(OpsEvents &events);
    /**
     * Events matching @p query, ordered by (timestampMs, id), ascending unless newestFirst; each
     * once, with its observers (earliest first; none for events stored before schema v6).
     */
    QList<OpsEvent> query(const HistoryQuery &query, HistoryError *error = nullptr) const;
    /** Every deployment id with at least one event, sorted. */
    QStringList deployments(HistoryError *error = nullptr) const;
    /** Number of events of @p deploymentId (empty = all); -1 on error. */
    qint64 count(const QString &deploymentId = {}, HistoryError *error = nullptr) const;

    /**
     * Stores one operator action and assigns AuditRecord::id (and uid, made when empty); durable
     * on return. A record whose uid is stored already is not stored again: its id is returned.
     */
    HistoryError appendAudit(AuditRecord &record);
    /** Audit records of @p deploymentId (empty = all) at or after @p sinceMs, oldest first. */
    QList<AuditRecord> audit(const QString &deploymentId, qint64 sinceMs = 0, HistoryError *error = nullptr) const;

    /**
     * Journals a new operation (@p record.id set by the caller, OperationRecord::newId(); its
     * steps are not stored here). Durable on return. A duplicate id is a Query error.
     */
    HistoryError createOperation(const OperationRecord &record);
    /** Stores state, outcome, endedMs and details of the operation @p record.id; durable on return. */
    HistoryError updateOperation(const OperationRecord &record);
    /**
     * Journals @p step of operation step.operationId (which must exist; seq unique per operation).
     * Returns after COMMIT is on disk: call it before sending the command.
     */
    HistoryError appendStep(const OperationStep &step);
    /** Stores state, replySummary, sentMs, doneMs and error of (step.operationId, step.seq); durable on return. */
    HistoryError updateStep(const OperationStep &step);
    /**
     * Stores the outcomes @p updates of earlier steps and journals @p appends, in one transaction:
     * one flush to disk for a window of steps (a reshard journals a window of slots this way).
     */
    HistoryError writeSteps(const QList<OperationStep> &updates, const QList<OperationStep> &appends);
    /** The operation @p id with its steps (by seq); nullopt if there is none or on error (see @p error). */
    std::optional<OperationRecord> operation(const QString &id, HistoryError *error = nullptr) const;
    /** Operations matching @p query, ordered by (startedMs, id). */
    QList<OperationRecord> operations(const OperationQuery &query, HistoryError *error = nullptr) const;
    /**
     * Operations still Planned or Running, with their steps: at start-up these were interrupted
     * (the program died or was killed during them). @p deploymentId empty = all deployments.
     */
    QList<OperationRecord> unfinishedOperations(const QString &deploymentId = {}, HistoryError *error = nullptr) const;

    /**
     * Takes the operation lease of @p lease.deploymentId for @p lease.operationId until
     * @p lease.expiresMs (its acquiredMs is "now"), in one transaction: None when granted (no
     * lease, an expired one, or ours already); LeaseHeld when another operation holds it, and
     * @p holder gets who, where, what and until when. @p previous gets an expired lease taken over.
     */
    HistoryError acquireLease(const OperationLease &lease, OperationLease *holder = nullptr,
                              OperationLease *previous = nullptr);
    /**
     * The operator's typed override (LeaseTable::takeOver): takes the lease from the operation
     * @p holderOperationId even before its expiry, journaling an audit row "lease-takeover";
     * LeaseHeld when someone else holds it now. @p previous gets the lease replaced.
     */
    HistoryError takeOverLease(const OperationLease &lease, const QString &holderOperationId,
                               OperationLease *previous = nullptr);
    /** Moves our lease's expiry to @p expiresMs; LeaseLost when it is no longer ours. */
    HistoryError renewLease(const QString &deploymentId, const QString &operationId, qint64 nowMs, qint64 expiresMs);
    /** Gives our lease up (the operation ended); nothing happens when it is not ours. */
    HistoryError releaseLease(const QString &deploymentId, const QString &operationId);
    /** The lease of @p deploymentId, expired or not; nullopt when none or on error (see @p error). */
    std::optional<OperationLease> lease(const QString &deploymentId, HistoryError *error = nullptr) const;

    /** `PRAGMA integrity_check`: None when the file is sound, NotADatabase with the findings otherwise. */
    HistoryError checkIntegrity() const;

private:
    HistoryError usable() const;
    /** Starts a write transaction (SQLite: BEGIN IMMEDIATE). */
    HistoryError beginWrite();
    HistoryError openPostgres(bool readOnly);
    /** openReadOnly(): the version of the open connection must be the current one. */
    HistoryError requireCurrentSchema();
    HistoryError sqlError(const QSqlError &error, HistoryError::Kind fallback, const QString &context) const;
    HistoryError probe() const;
    HistoryError configure();
    HistoryError fail(HistoryError error);

    QString m_filePath;
    HistoryError m_locationError;
    StoreLocation m_location;
    QString m_name;
    QString m_password;
    QString m_connectionName;
    QString m_observer;
    QSqlDatabase m_db;
    QThread *m_thread = nullptr;
    int m_schemaVersion = 0;
    bool m_open = false;
};

} // namespace ops
