#pragma once

#include "AuditRecord.h"
#include "HistoryError.h"
#include "HistoryQuery.h"
#include "OperationLease.h"
#include "OperationQuery.h"
#include "OperationRecord.h"
#include "StoreStatus.h"
#include "model/OpsEvent.h"

#include <QAtomicInt>
#include <QMutex>
#include <QObject>
#include <QThread>

#include <functional>
#include <memory>
#include <optional>
#include <utility>

namespace ops {

class Clock;
class HistoryStore;
class SharedStoreWriter;

/**
 * @brief A HistoryStore on a thread of its own ("history"), so an fsync (WAL, synchronous=FULL)
 * never runs on the thread that owns the sockets or on the GUI thread.
 *
 * Every call returns at once and may come from any thread. Requests run one after another in
 * the order they were made (FIFO, also across callers); each is acknowledged by calling its
 * handler on the thread of @p context, with the result and a HistoryError. An acknowledgement is
 * dropped if @p context is destroyed first (the request itself still runs); a null context or
 * handler means "no acknowledgement". Acknowledgements to contexts on one thread arrive in
 * request order. A write is durable when its acknowledgement is sent (HistoryStore semantics:
 * appendStep() is on disk before its handler runs, so a handler may send the command).
 *
 * open() should be the first request; requests before it, or after it failed, are answered with
 * HistoryStore's "not open" error. close() (also the destructor) runs every pending request,
 * closes the database and stops the thread; requests after that are answered at once with the
 * same error.
 */
class AsyncHistoryStore : public QObject
{
    Q_OBJECT
public:
    template<typename T>
    using Handler = std::function<void(T result, const HistoryError &error)>;

    /** @p filePath: the database file or postgresql:// URL (see HistoryStore). Starts the thread; opens nothing yet. */
    explicit AsyncHistoryStore(QString filePath, QObject *parent = nullptr);
    ~AsyncHistoryStore() override;

    const QString &filePath() const { return m_filePath; }
    /**
     * On a shared (postgresql://) store: the writes it cannot take while unreachable are journaled
     * in the SQLite spool @p spoolPath and flushed when it is back (SharedStoreWriter, retries on
     * @p clock, Clock::system() when null); leases are refused meanwhile. Call before open();
     * ignored for SQLite files.
     */
    void enableSpool(QString spoolPath, Clock *clock = nullptr);
    /** The shared store's reachability and spooled writes (reachable when no spool is enabled). */
    StoreStatus storeStatus() const;

    /** Opens and migrates the database (HistoryStore::open); the handler gets the schema version. */
    void open(QObject *context = nullptr, Handler<int> handler = {});
    /** Opens an existing store for reading only (HistoryStore::openReadOnly); the handler gets the schema version. */
    void openReadOnly(QObject *context = nullptr, Handler<int> handler = {});
    /**
     * Runs every pending request, closes the database and ends the thread; blocks until then (at
     * exit or teardown). Their acknowledgements are still delivered to live contexts. Idempotent.
     */
    void close();
    bool isClosed() const;
    /** Requests made whose acknowledgement is not yet posted (0: every answer is on its way). */
    int pendingRequests() const { return m_pending.loadRelaxed(); }

    /** HistoryStore::append; the handler gets the events with their ids (unchanged on error). */
    void append(OpsEvents events, QObject *context = nullptr, Handler<OpsEvents> handler = {});
    /** HistoryStore::appendAudit; the handler gets the record with its id. */
    void appendAudit(AuditRecord record, QObject *context = nullptr, Handler<AuditRecord> handler = {});
    /** HistoryStore::createOperation. */
    void createOperation(OperationRecord record, QObject *context = nullptr, Handler<OperationRecord> handler = {});
    /** HistoryStore::updateOperation. */
    void updateOperation(OperationRecord record, QObject *context = nullptr, Handler<OperationRecord> handler = {});
    /** HistoryStore::appendStep: on disk when the handler runs; send the command from there. */
    void appendStep(OperationStep step, QObject *context = nullptr, Handler<OperationStep> handler = {});
    /** HistoryStore::updateStep. */
    void updateStep(OperationStep step, QObject *context = nullptr, Handler<OperationStep> handler = {});
    /** HistoryStore::writeSteps(); the handler gets @p appends. */
    void writeSteps(QList<OperationStep> updates, QList<OperationStep> appends, QObject *context = nullptr,
                    Handler<QList<OperationStep>> handler = {});

    /** HistoryStore::query. */
    void query(HistoryQuery query, QObject *context, Handler<QList<OpsEvent>> handler);
    /** HistoryStore::operation. */
    void operation(QString id, QObject *context, Handler<std::optional<OperationRecord>> handler);
    /** HistoryStore::operations. */
    void operations(OperationQuery query, QObject *context, Handler<QList<OperationRecord>> handler);
    /** HistoryStore::unfinishedOperations (at start-up: operations interrupted by a crash). */
    void unfinishedOperations(QString deploymentId, QObject *context, Handler<QList<OperationRecord>> handler);

    /** HistoryStore::acquireLease; the handler gets the lease taken, or on LeaseHeld the holder's. */
    void acquireLease(OperationLease lease, QObject *context, Handler<OperationLease> handler);
    /** HistoryStore::takeOverLease; the handler gets the lease replaced (the previous holder's). */
    void takeOverLease(OperationLease lease, QString holderOperationId, QObject *context, Handler<OperationLease> handler);
    /** HistoryStore::renewLease; the handler gets true when renewed. */
    void renewLease(QString deploymentId, QString operationId, qint64 nowMs, qint64 expiresMs, QObject *context,
                    Handler<bool> handler);
    /** HistoryStore::releaseLease. */
    void releaseLease(QString deploymentId, QString operationId, QObject *context = nullptr, Handler<bool> handler = {});

    /** @p done runs on @p context's thread after every earlier request has run and been acknowledged there. */
    void flush(QObject *context, std::function<void()> done);

    /**
     * Runs @p work (HistoryStore & → std::pair<T, HistoryError>) on the history thread, in order
     * with every other request; @p handler gets its result on @p context's thread (dropped if
     * @p context is gone). For readers and writers built on HistoryStore outside history/
     * (DrillHistory, DrillActivity), so they go through the one connection instead of a second.
     */
    template<typename T, typename Work>
    void submit(QObject *context, Handler<T> handler, Work work)
    {
        const bool acknowledge = bool(handler); // before the capture below moves it
        enqueue(context, acknowledge, [handler = std::move(handler), work = std::move(work)](HistoryStore &store) {
            std::pair<T, HistoryError> result = work(store);
            return std::function<void()>([handler, result = std::move(result)] { handler(result.first, result.second); });
        });
    }

signals:
    /** storeStatus() changed (emitted on the history thread; connect queued or auto). */
    void storeStatusChanged(const ops::StoreStatus &status);

private:
    /** The spooling writer when @p store is the open shared store and a spool is enabled, else null. */
    SharedStoreWriter *writerFor(HistoryStore &store) const;
    void startWriter(HistoryStore &store);

    /** Runs on the history thread; returns the acknowledgement to deliver (may be empty). */
    using Job = std::function<std::function<void()>(HistoryStore &store)>;
    void enqueue(QObject *context, bool acknowledge, Job job);

    QString m_filePath;
    QThread m_thread;
    QObject *m_worker = nullptr;            ///< lives on m_thread: the target of every request
    std::unique_ptr<HistoryStore> m_store;  ///< used on m_thread only (opened, closed and deleted there)
    std::unique_ptr<HistoryStore> m_closed; ///< never opened: answers requests made after close()
    mutable QMutex m_mutex;                 ///< orders enqueue() against close()
    bool m_accepting = true;
    QString m_spoolPath;                    ///< set before open(); read on m_thread
    Clock *m_clock = nullptr;
    std::unique_ptr<SharedStoreWriter> m_writer; ///< used on m_thread only
    StoreStatus m_status;                   ///< guarded by m_mutex
    QAtomicInt m_pending;
};

} // namespace ops
