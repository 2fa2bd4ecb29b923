#pragma once

#include "HistoryError.h"
#include "OperationLease.h"
#include "core/Clock.h"

#include <QObject>
#include <QString>

namespace ops {

class AsyncHistoryStore;

/**
 * @brief Holds one operation lease (OperationLease) for as long as its operation runs: takes it,
 * renews it every third of its length on the injectable Clock, gives it up at the end.
 *
 * A renewal that fails because the store is unreachable is retried at the next tick; the lease
 * counts as lost when its expiry passes unrenewed, or at once when another console holds it
 * now (LeaseLost). Lives on the thread of its callers (the backend thread); the store answers
 * there. Destroying it releases a lease it holds.
 */
class OperationLeaseKeeper : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 kDefaultLengthMs = 30000;

    OperationLeaseKeeper(AsyncHistoryStore *store, Clock *clock, qint64 lengthMs = kDefaultLengthMs,
                         QObject *parent = nullptr);
    ~OperationLeaseKeeper() override;

    /**
     * Takes the lease described by @p lease (deployment, operation, operator, host, description;
     * the times are set here from the clock). Answers with acquired(), refused() or failed().
     */
    void acquire(OperationLease lease);
    /**
     * The operator's typed override: takes the lease from the operation @p holderOperationId
     * (refused() when another holds it now), journaled by the store as an audit row. Answers
     * with tookOver() and acquired(), refused() or failed().
     */
    void takeOver(OperationLease lease, const QString &holderOperationId);
    /** Gives the lease up (the operation ended) and stops renewing. */
    void release();

    bool isHeld() const { return m_held; }
    /** The lease as last stored (its expiry moves with each renewal). */
    const OperationLease &lease() const { return m_lease; }
    qint64 lengthMs() const { return m_lengthMs; }

signals:
    void acquired(const ops::OperationLease &lease);
    /** Another console holds it: @p holder says who, where, what and until when. */
    void refused(const ops::OperationLease &holder, const QString &message);
    /** The store could not be asked (unreachable, not open): nothing is held. */
    void failed(const QString &message);
    void renewed(const ops::OperationLease &lease);
    /** takeOver() replaced @p previous (its holder's keeper reports lost() at its next renewal). */
    void tookOver(const ops::OperationLease &previous);
    /** The lease is gone (taken by another console, or expired unrenewed): stop acting. */
    void lost(const QString &message);

private:
    /** Sets the times from the clock. */
    void stamp(OperationLease lease);
    /** The store's answer to acquire() or takeOver(). */
    void answered(const OperationLease &answer, const HistoryError &error);
    void scheduleRenewal();
    void renew();

    AsyncHistoryStore *m_store;
    Clock *m_clock;
    qint64 m_lengthMs;
    OperationLease m_lease;
    bool m_held = false;
    Clock::TimerId m_timer = 0;
};

} // namespace ops
