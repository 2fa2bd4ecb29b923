#include "AsyncHistoryStore.h"

#include "HistoryStore.h"
#include "SharedStoreWriter.h"
#include "core/Clock.h"
#include "core/Logging.h"

#include <QMutexLocker>

namespace ops {

namespace {

auto log() { return Logging::get("history"); }

/**
 * Carries one acknowledgement from the history thread to its context: its signal is connected
 * (queued) to the context, so Qt drops the call if the context is destroyed first, also while
 * it is in flight. Created on the caller's thread, moved to the history thread, fired and
 * deleted there; the posted call holds the slot functor (and with it the acknowledgement).
 */
class AckRelay : public QObject
{
    Q_OBJECT
public:
    explicit AckRelay(QObject *context) : m_ack(std::make_shared<std::function<void()>>())
    {
        connect(this, &AckRelay::fired, context, [ack = m_ack] { (*ack)(); }, Qt::QueuedConnection);
    }
    /** Delivers @p ack to the context's thread (the event queue's lock publishes the write). */
    void fire(std::function<void()> ack)
    {
        *m_ack = std::move(ack);
        emit fired();
    }

signals:
    void fired();

private:
    std::shared_ptr<std::function<void()>> m_ack;
};

} // namespace

AsyncHistoryStore::AsyncHistoryStore(QString filePath, QObject *parent)
    : QObject(parent)
    , m_filePath(std::move(filePath))
    , m_worker(new QObject)
    , m_store(std::make_unique<HistoryStore>(m_filePath))
    , m_closed(std::make_unique<HistoryStore>(m_filePath))
{
    qRegisterMetaType<ops::StoreStatus>();
    m_thread.setObjectName(QStringLiteral("history"));
    m_worker->moveToThread(&m_thread);
    m_thread.start();
}

AsyncHistoryStore::~AsyncHistoryStore()
{
    close();
    delete m_worker; // its thread has finished: nothing can run on it any more
}

bool AsyncHistoryStore::isClosed() const
{
    QMutexLocker lock(&m_mutex);
    return !m_accepting;
}

void AsyncHistoryStore::enqueue(QObject *context, bool acknowledge, Job job)
{
    AckRelay *relay = context != nullptr && acknowledge ? new AckRelay(context) : nullptr;
    QMutexLocker lock(&m_mutex);
    if (!m_accepting) {
        lock.unlock();
        // Closed: answered at once (still queued) by a store that was never opened ("not open").
        std::function<void()> ack = job(*m_closed);
        if (relay) {
            relay->fire(std::move(ack));
            delete relay;
        }
        return;
    }
    if (relay)
        relay->moveToThread(&m_thread);
    m_pending.ref();
    // Posted events to one receiver run in posting order: FIFO across every caller.
    QMetaObject::invokeMethod(m_worker, [this, relay, job = std::move(job)] {
        std::function<void()> ack = job(*m_store);
        if (relay) {
            relay->fire(std::move(ack));
            delete relay;
        }
        m_pending.deref();
    }, Qt::QueuedConnection);
}

void AsyncHistoryStore::open(QObject *context, Handler<int> handler)
{
    submit<int>(context, std::move(handler), [this](HistoryStore &store) {
        if (&store == m_closed.get()) // never open the stand-in that answers after close()
            return std::pair<int, HistoryError>{0, HistoryError::make(HistoryError::Kind::Open,
                                                                     m_closed->displayName() + QStringLiteral(": history closed"))};
        const HistoryError error = store.open();
        startWriter(store);
        return std::pair<int, HistoryError>{store.schemaVersion(), error};
    });
}

void AsyncHistoryStore::enableSpool(QString spoolPath, Clock *clock)
{
    QMutexLocker lock(&m_mutex);
    m_spoolPath = std::move(spoolPath);
    m_clock = clock ? clock : Clock::system();
}

StoreStatus AsyncHistoryStore::storeStatus() const
{
    QMutexLocker lock(&m_mutex);
    return m_status;
}

void AsyncHistoryStore::startWriter(HistoryStore &store)
{
    QMutexLocker lock(&m_mutex);
    if (m_writer || m_spoolPath.isEmpty() || !store.location().isPostgres())
        return;
    m_writer = std::make_unique<SharedStoreWriter>(store, m_spoolPath, m_clock, m_worker);
    lock.unlock();
    m_writer->setStatusCallback([this](const StoreStatus &status) {
        {
            QMutexLocker statusLock(&m_mutex);
            m_status = status;
        }
        emit storeStatusChanged(status);
    });
    m_writer->start();
}

SharedStoreWriter *AsyncHistoryStore::writerFor(HistoryStore &store) const
{
    return &store == m_store.get() ? m_writer.get() : nullptr;
}

void AsyncHistoryStore::openReadOnly(QObject *context, Handler<int> handler)
{
    submit<int>(context, std::move(handler), [this](HistoryStore &store) {
        if (&store == m_closed.get())
            return std::pair<int, HistoryError>{0, HistoryError::make(HistoryError::Kind::Open,
                                                                     m_closed->displayName() + QStringLiteral(": history closed"))};
        const HistoryError error = store.openReadOnly();
        return std::pair<int, HistoryError>{store.schemaVersion(), error};
    });
}

void AsyncHistoryStore::close()
{
    {
        QMutexLocker lock(&m_mutex);
        if (!m_accepting)
            return;
        m_accepting = false;
        // The last request: every earlier one has run when it does.
        QMetaObject::invokeMethod(m_worker, [this] {
            m_writer.reset(); // before the store it writes to
            m_store.reset(); // closes the connection on the thread that opened it
            QThread::currentThread()->quit();
        }, Qt::QueuedConnection);
    }
    m_thread.wait();
    log()->debug("{}: history thread stopped", m_closed->displayName().toStdString());
}

void AsyncHistoryStore::append(OpsEvents events, QObject *context, Handler<OpsEvents> handler)
{
    submit<OpsEvents>(context, std::move(handler), [this, events = std::move(events)](HistoryStore &store) {
        OpsEvents stored = events; // shares the data until the ids are set
        SharedStoreWriter *writer = writerFor(store);
        const HistoryError error = writer ? writer->append(stored) : store.append(stored);
        return std::pair<OpsEvents, HistoryError>{std::move(stored), error};
    });
}

void AsyncHistoryStore::appendAudit(AuditRecord record, QObject *context, Handler<AuditRecord> handler)
{
    submit<AuditRecord>(context, std::move(handler), [this, record = std::move(record)](HistoryStore &store) {
        AuditRecord stored = record;
        SharedStoreWriter *writer = writerFor(store);
        const HistoryError error = writer ? writer->appendAudit(stored) : store.appendAudit(stored);
        return std::pair<AuditRecord, HistoryError>{std::move(stored), error};
    });
}

void AsyncHistoryStore::createOperation(OperationRecord record, QObject *context, Handler<OperationRecord> handler)
{
    submit<OperationRecord>(context, std::move(handler), [this, record = std::move(record)](HistoryStore &store) {
        SharedStoreWriter *writer = writerFor(store);
        return std::pair<OperationRecord, HistoryError>{
            record, writer ? writer->createOperation(record) : store.createOperation(record)};
    });
}

void AsyncHistoryStore::updateOperation(OperationRecord record, QObject *context, Handler<OperationRecord> handler)
{
    submit<OperationRecord>(context, std::move(handler), [this, record = std::move(record)](HistoryStore &store) {
        SharedStoreWriter *writer = writerFor(store);
        return std::pair<OperationRecord, HistoryError>{
            record, writer ? writer->updateOperation(record) : store.updateOperation(record)};
    });
}

void AsyncHistoryStore::appendStep(OperationStep step, QObject *context, Handler<OperationStep> handler)
{
    submit<OperationStep>(context, std::move(handler), [this, step = std::move(step)](HistoryStore &store) {
        SharedStoreWriter *writer = writerFor(store);
        return std::pair<OperationStep, HistoryError>{step, writer ? writer->appendStep(step) : store.appendStep(step)};
    });
}

void AsyncHistoryStore::updateStep(OperationStep step, QObject *context, Handler<OperationStep> handler)
{
    submit<OperationStep>(context, std::move(handler), [this, step = std::move(step)](HistoryStore &store) {
        SharedStoreWriter *writer = writerFor(store);
        return std::pair<OperationStep, HistoryError>{step, writer ? writer->updateStep(step) : store.updateStep(step)};
    });
}

void AsyncHistoryStore::writeSteps(QList<OperationStep> updates, QList<OperationStep> appends, QObject *context,
                                   Handler<QList<OperationStep>> handler)
{
    submit<QList<OperationStep>>(context, std::move(handler),
                                 [this, updates = std::move(updates), appends = std::move(appends)](HistoryStore &store) {
                                     SharedStoreWriter *writer = writerFor(store);
                                     return std::pair<QList<OperationStep>, HistoryError>{
                                         appends, writer ? writer->writeSteps(updates, appends)
                                                         : store.writeSteps(updates, appends)};
                                 });
}

void AsyncHistoryStore::query(HistoryQuery query, QObject *context, Handler<QList<OpsEvent>> handler)
{
    submit<QList<OpsEvent>>(context, std::move(handler), [query = std::move(query)](HistoryStore &store) {
        HistoryError error;
        QList<OpsEvent> events = store.query(query, &error);
        return std::pair<QList<OpsEvent>, HistoryError>{std::move(events), error};
    });
}

void AsyncHistoryStore::operation(QString id, QObject *context, Handler<std::optional<OperationRecord>> handler)
{
    submit<std::optional<OperationRecord>>(context, std::move(handler), [id = std::move(id)](HistoryStore &store) {
        HistoryError error;
        std::optional<OperationRecord> record = store.operation(id, &error);
        return std::pair<std::optional<OperationRecord>, HistoryError>{std::move(record), error};
    });
}

void AsyncHistoryStore::operations(OperationQuery query, QObject *context, Handler<QList<OperationRecord>> handler)
{
    submit<QList<OperationRecord>>(context, std::move(handler), [query = std::move(query)](HistoryStore &store) {
        HistoryError error;
        QList<OperationRecord> records = store.operations(query, &error);
        return std::pair<QList<OperationRecord>, HistoryError>{std::move(records), error};
    });
}

void AsyncHistoryStore::unfinishedOperations(QString deploymentId, QObject *context,
                                             Handler<QList<OperationRecord>> handler)
{
    submit<QList<OperationRecord>>(context, std::move(handler), [id = std::move(deploymentId)](HistoryStore &store) {
        HistoryError error;
        QList<OperationRecord> records = store.unfinishedOperations(id, &error);
        return std::pair<QList<OperationRecord>, HistoryError>{std::move(records), error};
    });
}

void AsyncHistoryStore::acquireLease(OperationLease lease, QObject *context, Handler<OperationLease> handler)
{
    submit<OperationLease>(context, std::move(handler), [this, lease = std::move(lease)](HistoryStore &store) {
        OperationLease holder;
        const SharedStoreWriter *writer = writerFor(store);
        const HistoryError refusal = writer ? writer->leaseRefusal() : HistoryError{};
        const HistoryError error = refusal.isError() ? refusal : store.acquireLease(lease, &holder);
        return std::pair<OperationLease, HistoryError>{error.kind == HistoryError::Kind::LeaseHeld ? holder : lease,
                                                       error};
    });
}

void AsyncHistoryStore::takeOverLease(OperationLease lease, QString holderOperationId, QObject *context,
                                      Handler<OperationLease> handler)
{
    submit<OperationLease>(context, std::move(handler),
                           [this, lease = std::move(lease), holder = std::move(holderOperationId)](HistoryStore &store) {
                               OperationLease previous;
                               const SharedStoreWriter *writer = writerFor(store);
                               const HistoryError refusal = writer ? writer->leaseRefusal() : HistoryError{};
                               const HistoryError error =
                                   refusal.isError() ? refusal : store.takeOverLease(lease, holder, &previous);
                               return std::pair<OperationLease, HistoryError>{previous, error};
                           });
}

void AsyncHistoryStore::renewLease(QString deploymentId, QString operationId, qint64 nowMs, qint64 expiresMs,
                                   QObject *context, Handler<bool> handler)
{
    submit<bool>(context, std::move(handler),
                 [deploymentId = std::move(deploymentId), operationId = std::move(operationId), nowMs,
                  expiresMs](HistoryStore &store) {
                     const HistoryError error = store.renewLease(deploymentId, operationId, nowMs, expiresMs);
                     return std::pair<bool, HistoryError>{!error.isError(), error};
                 });
}

void AsyncHistoryStore::releaseLease(QString deploymentId, QString operationId, QObject *context,
                                     Handler<bool> handler)
{
    submit<bool>(context, std::move(handler),
                 [deploymentId = std::move(deploymentId), operationId = std::move(operationId)](HistoryStore &store) {
                     const HistoryError error = store.releaseLease(deploymentId, operationId);
                     return std::pair<bool, HistoryError>{!error.isError(), error};
                 });
}

void AsyncHistoryStore::flush(QObject *context, std::function<void()> done)
{
    if (!done)
        return;
    enqueue(context, true, [done = std::move(done)](HistoryStore &) { return done; });
}

} // namespace ops

#include "AsyncHistoryStore.moc"
