#include "OperationLeaseKeeper.h"

#include "AsyncHistoryStore.h"
#include "core/Logging.h"

namespace ops {

namespace {
auto log() { return Logging::get("history"); }
} // namespace

OperationLeaseKeeper::OperationLeaseKeeper(AsyncHistoryStore *store, Clock *clock, qint64 lengthMs, QObject *parent)
    : QObject(parent), m_store(store), m_clock(clock), m_lengthMs(lengthMs)
{
}

OperationLeaseKeeper::~OperationLeaseKeeper()
{
    if (m_held) // fire and forget: the store runs it even with no one to answer
        m_store->releaseLease(m_lease.deploymentId, m_lease.operationId);
}

void OperationLeaseKeeper::stamp(OperationLease lease)
{
    m_lease = std::move(lease);
    m_lease.acquiredMs = m_lease.renewedMs = m_clock->wallMs();
    m_lease.expiresMs = m_lease.acquiredMs + m_lengthMs;
}

void OperationLeaseKeeper::acquire(OperationLease lease)
{
    stamp(std::move(lease));
    m_store->acquireLease(m_lease, this, [this](const OperationLease &answer, const HistoryError &error) {
        answered(answer, error);
    });
}

void OperationLeaseKeeper::takeOver(OperationLease lease, const QString &holderOperationId)
{
    stamp(std::move(lease));
    m_store->takeOverLease(m_lease, holderOperationId, this, [this](const OperationLease &previous, const HistoryError &error) {
        if (!error.isError() && !previous.operationId.isEmpty())
            emit tookOver(previous);
        answered(previous, error);
    });
}

void OperationLeaseKeeper::answered(const OperationLease &answer, const HistoryError &error)
{
    if (error.kind == HistoryError::Kind::LeaseHeld) {
        emit refused(answer, error.message);
        return;
    }
    if (error.isError()) {
        emit failed(error.message);
        return;
    }
    m_held = true;
    log()->info("operation lease of {} taken for operation {} until {}", m_lease.deploymentId.toStdString(),
                m_lease.operationId.toStdString(), m_lease.expiresMs);
    scheduleRenewal();
    emit acquired(m_lease);
}

void OperationLeaseKeeper::release()
{
    m_clock->cancel(m_timer);
    m_timer = 0;
    if (!m_held)
        return;
    m_held = false;
    m_store->releaseLease(m_lease.deploymentId, m_lease.operationId);
}

void OperationLeaseKeeper::scheduleRenewal()
{
    m_timer = m_clock->callAfter(m_lengthMs / 3, this, [this] {
        m_timer = 0;
        renew();
    });
}

void OperationLeaseKeeper::renew()
{
    if (!m_held)
        return;
    const qint64 now = m_clock->wallMs();
    if (m_lease.isExpiredAt(now)) { // every renewal since the last success failed
        m_held = false;
        emit lost(QStringLiteral("lease lost: the operation lease of %1 expired unrenewed (the store was unreachable)")
                      .arg(m_lease.deploymentId));
        return;
    }
    const qint64 expires = now + m_lengthMs;
    m_store->renewLease(m_lease.deploymentId, m_lease.operationId, now, expires, this,
                        [this, now, expires](bool, const HistoryError &error) {
                            if (!m_held)
                                return;
                            if (error.kind == HistoryError::Kind::LeaseLost) {
                                m_held = false;
                                m_clock->cancel(m_timer);
                                m_timer = 0;
                                emit lost(error.message);
                                return;
                            }
                            if (error.isError()) {
                                log()->warn("cannot renew the operation lease of {} (retrying): {}",
                                            m_lease.deploymentId.toStdString(), error.message.toStdString());
                            } else {
                                m_lease.renewedMs = now;
                                m_lease.expiresMs = expires;
                                emit renewed(m_lease);
                            }
                        });
    scheduleRenewal();
}

} // namespace ops
