#pragma once

#include "AuditRecord.h"
#include "HistoryError.h"
#include "HistoryStore.h"
#include "OperationRecord.h"
#include "model/OpsEvent.h"

#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <memory>

namespace ops {

/**
 * @brief The local journal of a console whose shared (PostgreSQL) store is unreachable: an SQLite
 * file in the data dir with the history schema (a HistoryStore: same tables, same uids, readable
 * with `redis-ops history --store FILE`) plus a queue `spool_queue` of what is still to be
 * written to the shared store, in the order it was written.
 *
 * Every write is queued before it is applied locally (both durable on return): a crash between the
 * two leaves a queue entry whose rows are missing, which flush() skips — the write was never
 * acknowledged. flushTo() replays the queue in order, each entry idempotently (events and audit
 * rows by uid, operations and steps by id / (operation, seq): created when missing, else updated),
 * and deletes an entry only after the shared store committed it. An interrupted flush retried
 * therefore writes nothing twice and loses nothing. When the queue is empty its rows are deleted
 * (the file stays: another process of the same data dir may be spooling into it; two flushers of
 * one file are safe, each entry being idempotent).
 *
 * Not thread-safe, not a QObject: used on the history thread, like HistoryStore.
 */
class StoreSpool
{
public:
    /** @p filePath: the spool file (e.g. `<data dir>/spool.sqlite`); nothing is opened yet. */
    explicit StoreSpool(QString filePath);
    ~StoreSpool();
    StoreSpool(const StoreSpool &) = delete;
    StoreSpool &operator=(const StoreSpool &) = delete;

    const QString &filePath() const { return m_filePath; }
    /** The observer recorded for spooled events (the shared store's, so the flush keeps it). */
    void setObserver(const QString &observer) { m_observer = observer; }

    /** Opens the spool when its file exists (rows left by an earlier run); None otherwise. */
    HistoryError openExisting();
    /** Rows (queue entries) still to be flushed; 0 when the spool is not open. */
    qint64 pendingEntries() const;

    /** HistoryStore::append into the spool; uids are made here when empty and kept by the flush. */
    HistoryError append(OpsEvents &events);
    /** HistoryStore::appendAudit into the spool (uid made when empty). */
    HistoryError appendAudit(AuditRecord &record);
    /** Stores @p record (created or updated) locally and queues it with its steps. */
    HistoryError writeOperation(const OperationRecord &record);
    /**
     * Stores @p steps (each appended or updated) of the operation @p owner locally, creating the
     * operation locally from @p owner when the spool has not seen it, and queues the operation.
     */
    HistoryError writeSteps(const OperationRecord &owner, const QList<OperationStep> &steps);

    /**
     * Called after an entry is committed on the shared store and before it leaves the spool;
     * returning false stops the flush there (tests: a process dying between the two).
     */
    using AfterCommit = std::function<bool(qint64 entrySeq)>;
    struct FlushResult
    {
        int flushed = 0;     ///< entries committed to the shared store and removed here
        qint64 remaining = 0;
        HistoryError error;  ///< the shared store's error that stopped the flush (Io: unreachable again)
    };
    /** Replays the queue into @p shared in order, as described above. */
    FlushResult flushTo(HistoryStore &shared, const AfterCommit &afterCommit = {});

private:
    HistoryError ensureOpen();
    HistoryError enqueue(const QString &kind, const QString &key, const QString &payload, bool coalesce);
    HistoryError flushEntry(HistoryStore &shared, const QString &kind, const QString &key, const QString &payload);
    HistoryError flushOperation(HistoryStore &shared, const QString &id);
    void clearIfEmpty();
    void close();

    QString m_filePath;
    QString m_observer;
    QString m_connectionName;
    QSqlDatabase m_queue;                ///< second connection on the file: the queue table
    std::unique_ptr<HistoryStore> m_local; ///< the spooled rows, history schema
};

} // namespace ops
