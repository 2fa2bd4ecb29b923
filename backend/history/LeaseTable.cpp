#include "LeaseTable.h"

#include "HistorySchema.h"
#include "core/Logging.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace ops {

namespace {

auto log() { return Logging::get("history"); }

const QString kColumns = QStringLiteral(
    "deployment, operation_id, operator_name, host, description, acquired_ms, renewed_ms, expires_ms");

OperationLease leaseFromRow(const QSqlQuery &q)
{
    OperationLease lease;
    lease.deploymentId = q.value(0).toString();
    lease.operationId = q.value(1).toString();
    lease.operatorName = q.value(2).toString();
    lease.host = q.value(3).toString();
    lease.description = q.value(4).toString();
    lease.acquiredMs = q.value(5).toLongLong();
    lease.renewedMs = q.value(6).toLongLong();
    lease.expiresMs = q.value(7).toLongLong();
    return lease;
}

QVariant text(const QString &s) { return s.isNull() ? QVariant(QStringLiteral("")) : QVariant(s); }

} // namespace

HistoryError LeaseTable::fail(const QSqlError &sqlError, const QString &what) const
{
    return HistorySchema::fromSqlError(sqlError, HistoryError::Kind::Query, m_storeName + QStringLiteral(": ") + what,
                                       HistorySchema::driverOf(m_db));
}

HistoryError LeaseTable::acquire(const OperationLease &lease, OperationLease *holder, OperationLease *previous)
{
    const QString what = QStringLiteral("cannot take the operation lease of %1").arg(lease.deploymentId);
    // The row before, read outside the transaction: only to say whose expired lease is taken
    // over (the upsert decides). The transaction starts with its write, so SQLite takes the
    // write lock first (waiting on busy_timeout) instead of failing to upgrade a read snapshot.
    HistoryError readError;
    const std::optional<OperationLease> before = read(lease.deploymentId, &readError);
    if (readError.isError())
        return readError;
    if (!m_db.transaction())
        return fail(m_db.lastError(), what);
    auto rollback = [&](const QSqlError &error) {
        m_db.rollback();
        return fail(error, what);
    };
    QSqlQuery q(m_db);
    // Granted when absent, expired, or ours already: one atomic statement on both backends.
    q.prepare(QStringLiteral("INSERT INTO operation_leases (") + kColumns +
              QStringLiteral(") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (deployment) DO UPDATE SET "
                             "operation_id = excluded.operation_id, operator_name = excluded.operator_name, "
                             "host = excluded.host, description = excluded.description, "
                             "acquired_ms = excluded.acquired_ms, renewed_ms = excluded.renewed_ms, "
                             "expires_ms = excluded.expires_ms "
                             "WHERE operation_leases.expires_ms <= excluded.acquired_ms "
                             "OR operation_leases.operation_id = excluded.operation_id "
                             "RETURNING operation_id"));
    for (const QVariant &value : {text(lease.deploymentId), text(lease.operationId), text(lease.operatorName),
                                  text(lease.host), text(lease.description), QVariant(lease.acquiredMs),
                                  QVariant(lease.acquiredMs), QVariant(lease.expiresMs)})
        q.addBindValue(value);
    if (!q.exec())
        return rollback(q.lastError());
    const bool granted = q.next();
    q.finish();

    std::optional<OperationLease> current;
    if (!granted) {
        q.prepare(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM operation_leases WHERE deployment = ?"));
        q.addBindValue(lease.deploymentId);
        if (!q.exec())
            return rollback(q.lastError());
        if (q.next())
            current = leaseFromRow(q);
        q.finish();
    }
    if (!m_db.commit())
        return rollback(m_db.lastError());

    if (granted) {
        if (before && before->operationId != lease.operationId) {
            log()->warn("{}: took over the expired operation lease of {} ({})", m_storeName.toStdString(),
                        lease.deploymentId.toStdString(), before->holderText().toStdString());
            if (previous)
                *previous = *before;
        }
        return {};
    }
    if (holder && current)
        *holder = *current;
    return HistoryError::make(HistoryError::Kind::LeaseHeld,
                              QStringLiteral("%1: %2").arg(m_storeName, current ? current->holderText()
                                                                                 : QStringLiteral("the lease is held")));
}

HistoryError LeaseTable::renew(const QString &deploymentId, const QString &operationId, qint64 nowMs, qint64 expiresMs)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE operation_leases SET renewed_ms = ?, expires_ms = ? "
                             "WHERE deployment = ? AND operation_id = ?"));
    q.addBindValue(nowMs);
    q.addBindValue(expiresMs);
    q.addBindValue(deploymentId);
    q.addBindValue(operationId);
    if (!q.exec())
        return fail(q.lastError(), QStringLiteral("cannot renew the operation lease of %1").arg(deploymentId));
    if (q.numRowsAffected() == 1)
        return {};
    HistoryError error;
    const std::optional<OperationLease> now = read(deploymentId, &error);
    return HistoryError::make(HistoryError::Kind::LeaseLost,
                              QStringLiteral("%1: the operation lease of %2 for operation %3 was lost: %4")
                                  .arg(m_storeName, deploymentId, operationId,
                                       now ? now->holderText() : QStringLiteral("nobody holds it now")));
}

HistoryError LeaseTable::release(const QString &deploymentId, const QString &operationId)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM operation_leases WHERE deployment = ? AND operation_id = ?"));
    q.addBindValue(deploymentId);
    q.addBindValue(operationId);
    if (!q.exec())
        return fail(q.lastError(), QStringLiteral("cannot release the operation lease of %1").arg(deploymentId));
    return {};
}

std::optional<OperationLease> LeaseTable::read(const QString &deploymentId, HistoryError *error) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM operation_leases WHERE deployment = ?"));
    q.addBindValue(deploymentId);
    if (!q.exec()) {
        if (error)
            *error = fail(q.lastError(), QStringLiteral("cannot read the operation lease of %1").arg(deploymentId));
        return std::nullopt;
    }
    if (error)
        *error = {};
    if (!q.next())
        return std::nullopt;
    return leaseFromRow(q);
}

} // namespace ops
