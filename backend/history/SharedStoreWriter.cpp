#include "SharedStoreWriter.h"

#include "core/Clock.h"
#include "core/Logging.h"

#include <QDateTime>

namespace ops {

namespace {

auto log() { return Logging::get("history"); }

// 1 s, 2 s, 4 s … 30 s: a restarted server is noticed quickly, a long outage costs one connect
// attempt every 30 s.
ReconnectPolicy retryPolicy() { return ReconnectPolicy{true, 1000, 30000}; }

bool isOutage(const HistoryError &error)
{
    return error.kind == HistoryError::Kind::Io || error.kind == HistoryError::Kind::Open;
}

} // namespace

SharedStoreWriter::SharedStoreWriter(HistoryStore &shared, QString spoolPath, Clock *clock, QObject *timerContext)
    : m_shared(shared), m_spool(std::move(spoolPath)), m_clock(clock), m_timerContext(timerContext),
      m_backoff(retryPolicy())
{
    m_spool.setObserver(m_shared.observer());
}

SharedStoreWriter::~SharedStoreWriter()
{
    if (m_retryTimer != 0)
        m_clock->cancel(m_retryTimer);
}

void SharedStoreWriter::start()
{
    if (HistoryError error = m_spool.openExisting(); error.isError())
        log()->error("{}", error.message.toStdString());
    m_status.spooledWrites = m_spool.pendingEntries();
    if (!m_shared.isOpen()) {
        wentAway(HistoryError::make(HistoryError::Kind::Open, m_shared.displayName() + QStringLiteral(": not open")));
        return;
    }
    if (m_status.spooledWrites > 0) { // left by an earlier run: flushed before anything new is written
        m_status.reachable = false;
        m_status.unreachableSinceMs = m_clock->wallMs();
        flush();
    }
}

void SharedStoreWriter::publish()
{
    if (m_statusCallback)
        m_statusCallback(m_status);
}

void SharedStoreWriter::wentAway(const HistoryError &error)
{
    m_status.cause = error.message;
    if (m_status.reachable) {
        m_status.reachable = false;
        m_status.unreachableSinceMs = m_clock->wallMs();
        log()->warn("shared store unreachable, journaling locally in {}: {}", m_spool.filePath().toStdString(),
                    error.message.toStdString());
    }
    publish();
    scheduleRetry();
}

void SharedStoreWriter::scheduleRetry()
{
    if (m_retryTimer != 0 || !m_timerContext)
        return;
    const int delay = m_backoff.nextDelayMs();
    m_retryTimer = m_clock->callAfter(delay, m_timerContext, [this] {
        m_retryTimer = 0;
        retryNow();
    });
}

void SharedStoreWriter::retryNow()
{
    if (m_status.reachable)
        return;
    if (m_retryTimer != 0) {
        m_clock->cancel(m_retryTimer);
        m_retryTimer = 0;
    }
    if (!m_shared.isOpen()) {
        if (HistoryError error = m_shared.open(); error.isError()) {
            wentAway(error);
            return;
        }
    }
    flush();
}

void SharedStoreWriter::flush()
{
    const StoreSpool::FlushResult result = m_spool.flushTo(m_shared, m_afterCommit);
    m_status.spooledWrites = result.remaining;
    if (result.error.isError()) {
        if (isOutage(result.error))
            m_shared.close(); // reopened by the next retry
        wentAway(result.error);
        return;
    }
    if (result.remaining > 0) { // stopped before the end (AfterCommit): try again later
        publish();
        scheduleRetry();
        return;
    }
    log()->info("shared store {} reachable again: {} spooled writes flushed", m_shared.displayName().toStdString(),
                result.flushed);
    m_status = StoreStatus{};
    m_backoff.reset();
    publish();
}

template<typename ToShared, typename ToSpool>
HistoryError SharedStoreWriter::write(ToShared toShared, ToSpool toSpool)
{
    if (m_status.reachable) {
        const HistoryError error = toShared();
        if (!isOutage(error))
            return error;
        // Whether the lost COMMIT happened is unknown: the flush is idempotent, so spool it.
        m_shared.close();
        wentAway(error);
    }
    const HistoryError error = toSpool();
    m_status.spooledWrites = m_spool.pendingEntries();
    publish();
    return error;
}

void SharedStoreWriter::rememberOperation(const OperationRecord &record)
{
    if (record.isFinished())
        m_operations.remove(record.id);
    else
        m_operations.insert(record.id, record);
}

HistoryError SharedStoreWriter::append(OpsEvents &events)
{
    return write([&] { return m_shared.append(events); }, [&] { return m_spool.append(events); });
}

HistoryError SharedStoreWriter::appendAudit(AuditRecord &record)
{
    return write([&] { return m_shared.appendAudit(record); }, [&] { return m_spool.appendAudit(record); });
}

HistoryError SharedStoreWriter::createOperation(const OperationRecord &record)
{
    rememberOperation(record);
    return write([&] { return m_shared.createOperation(record); }, [&] { return m_spool.writeOperation(record); });
}

HistoryError SharedStoreWriter::updateOperation(const OperationRecord &record)
{
    // Kept while spooling even when finished: its steps may still be spooled after it.
    if (m_status.reachable)
        rememberOperation(record);
    else
        m_operations.insert(record.id, record);
    return write([&] { return m_shared.updateOperation(record); }, [&] { return m_spool.writeOperation(record); });
}

HistoryError SharedStoreWriter::spoolSteps(const QList<OperationStep> &steps)
{
    if (steps.isEmpty())
        return {};
    const QString id = steps.first().operationId;
    const auto owner = m_operations.constFind(id);
    if (owner == m_operations.constEnd())
        return HistoryError::make(HistoryError::Kind::Query,
                                  QStringLiteral("%1: operation %2 was not written by this console, its steps cannot "
                                                 "be journaled locally")
                                      .arg(m_spool.filePath(), id));
    return m_spool.writeSteps(*owner, steps);
}

HistoryError SharedStoreWriter::appendStep(const OperationStep &step)
{
    return write([&] { return m_shared.appendStep(step); }, [&] { return spoolSteps({step}); });
}

HistoryError SharedStoreWriter::updateStep(const OperationStep &step)
{
    return write([&] { return m_shared.updateStep(step); }, [&] { return spoolSteps({step}); });
}

HistoryError SharedStoreWriter::writeSteps(const QList<OperationStep> &updates, const QList<OperationStep> &appends)
{
    return write([&] { return m_shared.writeSteps(updates, appends); },
                 [&] { return spoolSteps(updates + appends); });
}

HistoryError SharedStoreWriter::leaseRefusal() const
{
    if (m_status.reachable)
        return {};
    return HistoryError::make(
        HistoryError::Kind::Io,
        QStringLiteral("%1: shared store unreachable since %2 — no operation lease can be taken, so no action starts "
                       "(writes are journaled locally and flushed when it is back)")
            .arg(m_shared.displayName(),
                 QDateTime::fromMSecsSinceEpoch(m_status.unreachableSinceMs).toString(QStringLiteral("HH:mm:ss"))));
}

} // namespace ops
