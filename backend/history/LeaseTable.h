#pragma once

#include "HistoryError.h"
#include "OperationLease.h"

#include <QSqlDatabase>
#include <QString>

#include <optional>

class QSqlError;

namespace ops {

/**
 * @brief The `operation_leases` table of an open store (internal to HistoryStore, which checks
 * the thread and the open state first). Portable SQL (SQLite >= 3.35 and PostgreSQL share
 * `INSERT … ON CONFLICT … DO UPDATE … WHERE … RETURNING`), so taking a lease is one atomic
 * statement on either backend: of consoles racing for one deployment exactly one gets a row back.
 */
class LeaseTable
{
public:
    LeaseTable(QSqlDatabase db, QString storeName) : m_db(std::move(db)), m_storeName(std::move(storeName)) {}

    /**
     * Takes the lease of @p lease.deploymentId, in one transaction: granted when there is none,
     * when the present one expired at @p lease.acquiredMs, or when it is already for
     * @p lease.operationId. Otherwise LeaseHeld (the message says who holds it and what they
     * do) and @p holder receives the row. @p previous receives an expired lease taken over.
     */
    HistoryError acquire(const OperationLease &lease, OperationLease *holder, OperationLease *previous);
    /**
     * The operator's override: takes the lease of @p lease.deploymentId from the operation
     * @p holderOperationId (the one the operator confirmed by typing it), whether it expired or
     * not, and stores an audit row (action "lease-takeover", the previous holder in its details)
     * in the same transaction. LeaseHeld when another operation holds it now (the confirmation
     * named a holder that is gone: nothing is taken). @p previous receives the lease replaced.
     */
    HistoryError takeOver(const OperationLease &lease, const QString &holderOperationId, OperationLease *previous);
    /** Moves the expiry of our lease; LeaseLost when it is not ours any more (naming the new holder). */
    HistoryError renew(const QString &deploymentId, const QString &operationId, qint64 nowMs, qint64 expiresMs);
    /** Gives our lease up; nothing happens if it is not ours (any more). */
    HistoryError release(const QString &deploymentId, const QString &operationId);
    /** The lease of @p deploymentId, expired or not; nullopt if none (error stays None) or on error. */
    std::optional<OperationLease> read(const QString &deploymentId, HistoryError *error) const;

private:
    HistoryError fail(const QSqlError &sqlError, const QString &what) const;

    QSqlDatabase m_db;
    QString m_storeName;
};

} // namespace ops
