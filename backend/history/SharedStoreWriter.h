#pragma once

#include "HistoryStore.h"
#include "StoreSpool.h"
#include "StoreStatus.h"
#include "resp/ReconnectBackoff.h"

#include <QHash>
#include <QPointer>

#include <functional>

class QObject;

namespace ops {

class Clock;

/**
 * @brief The write path to a shared (PostgreSQL) HistoryStore that survives the store going away:
 * a write the store cannot take (Io: the connection is lost; Open: it cannot be reopened) is
 * journaled in a local StoreSpool instead and reported done, so the console and the CLI keep
 * working. Reconnects are retried with backoff (1 s doubling to 30 s, jittered) on the injectable
 * Clock; once reopened, the spool is flushed in order, idempotently, before any new write goes to
 * the store (writes while anything is spooled go to the spool too, so the order is kept).
 *
 * Operation leases are never spooled: leaseRefusal() says why an action cannot start while the
 * store is down. An operation already running keeps journaling here; its OperationLeaseKeeper
 * retries renewals and reports the lease lost when it expires unrenewed (the executors' abort
 * paths), because once the store is back an expired lease may be taken by a colleague.
 *
 * Not thread-safe, not a QObject: used on the thread that opened @p shared (the history thread).
 * @p timerContext (on that thread) owns the retry timers.
 */
class SharedStoreWriter
{
public:
    SharedStoreWriter(HistoryStore &shared, QString spoolPath, Clock *clock, QObject *timerContext);
    ~SharedStoreWriter();
    SharedStoreWriter(const SharedStoreWriter &) = delete;
    SharedStoreWriter &operator=(const SharedStoreWriter &) = delete;

    /**
     * After @p shared's open() (successful or not): opens a spool left by an earlier run and
     * flushes it, or schedules a reconnect when the store is unreachable.
     */
    void start();

    using StatusCallback = std::function<void(const StoreStatus &)>;
    /** Called on every change of status() (on this thread). */
    void setStatusCallback(StatusCallback callback) { m_statusCallback = std::move(callback); }
    const StoreStatus &status() const { return m_status; }

    HistoryError append(OpsEvents &events);
    HistoryError appendAudit(AuditRecord &record);
    HistoryError createOperation(const OperationRecord &record);
    HistoryError updateOperation(const OperationRecord &record);
    HistoryError appendStep(const OperationStep &step);
    HistoryError updateStep(const OperationStep &step);
    HistoryError writeSteps(const QList<OperationStep> &updates, const QList<OperationStep> &appends);

    /** Io ("shared store unreachable since …: no operation lease") while unreachable; None otherwise. */
    HistoryError leaseRefusal() const;

    /** Reconnects and flushes now (the retry timer calls it; tests may too). */
    void retryNow();
    /** Tests: see StoreSpool::AfterCommit. */
    void setAfterCommit(StoreSpool::AfterCommit hook) { m_afterCommit = std::move(hook); }

private:
    template<typename ToShared, typename ToSpool>
    HistoryError write(ToShared toShared, ToSpool toSpool);
    HistoryError spoolSteps(const QList<OperationStep> &steps);
    void rememberOperation(const OperationRecord &record);
    void wentAway(const HistoryError &error);
    void flush();
    void scheduleRetry();
    void publish();

    HistoryStore &m_shared;
    StoreSpool m_spool;
    Clock *m_clock;
    QPointer<QObject> m_timerContext;
    ReconnectBackoff m_backoff;
    quint64 m_retryTimer = 0;
    StoreStatus m_status;
    StatusCallback m_statusCallback;
    StoreSpool::AfterCommit m_afterCommit;
    QHash<QString, OperationRecord> m_operations; ///< unfinished operations written through us: steps spooled need them
};

} // namespace ops
