#include "LeaseTable.h"

#include "HistoryRowCodec.h"
#include "HistorySchema.h"
#include "core/Logging.h"

#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
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

HistoryError LeaseTable::takeOver(const OperationLease &lease, const QString &holderOperationId,
                                  OperationLease *previous)
{
    const QString what = QStringLiteral("cannot take over the operation lease of %1").arg(lease.deploymentId);
    HistoryError readError; // who is replaced (the UPDATE below decides whether it still is)
    const std::optional<OperationLease> before = read(lease.deploymentId, &readError);
    if (readError.isError())
        return readError;
    if (!before || before->operationId != holderOperationId) {
        // Gone or replaced since the operator read it: an ordinary take (free or expired), or refused.
        if (!before || before->isExpiredAt(lease.acquiredMs))
            return acquire(lease, nullptr, previous);
        return HistoryError::make(HistoryError::Kind::LeaseHeld,
                                  QStringLiteral("%1: %2; the confirmation named operation %3: nothing was taken over")
                                      .arg(m_storeName, before->holderText(), holderOperationId));
    }
    if (!m_db.transaction())
        return fail(m_db.lastError(), what);
    auto rollback = [&](const QSqlError &error) {
        m_db.rollback();
        return fail(error, what);
    };
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE operation_leases SET operation_id = ?, operator_name = ?, host = ?, description = ?, "
                             "acquired_ms = ?, renewed_ms = ?, expires_ms = ? WHERE deployment = ? AND operation_id = ?"));
    for (const QVariant &value : {text(lease.operationId), text(lease.operatorName), text(lease.host),
                                  text(lease.description), QVariant(lease.acquiredMs), QVariant(lease.acquiredMs),
                                  QVariant(lease.expiresMs), text(lease.deploymentId), text(holderOperationId)})
        q.addBindValue(value);
    if (!q.exec())
        return rollback(q.lastError());
    if (q.numRowsAffected() != 1) { // released or taken in the meantime
        m_db.rollback();
        return HistoryError::make(HistoryError::Kind::LeaseHeld,
                                  QStringLiteral("%1: the lease of %2 changed hands while taking it over from operation "
                                                 "%3: nothing was taken over; try again")
                                      .arg(m_storeName, lease.deploymentId, holderOperationId));
    }
    q.finish();
    AuditRecord audit;
    audit.timestampMs = lease.acquiredMs;
    audit.deploymentId = lease.deploymentId;
    audit.actor = lease.operatorName;
    audit.action = QStringLiteral("lease-takeover");
    audit.uid = QUuid::createUuid().toString(QUuid::WithoutBraces); // every audit row has one (schema v6)
    audit.commandText = QStringLiteral("take over the operation lease");
    audit.outcome = QStringLiteral("taken-over");
    audit.details = QJsonObject{{QStringLiteral("operation"), lease.operationId},
                                {QStringLiteral("host"), lease.host},
                                {QStringLiteral("description"), lease.description},
                                {QStringLiteral("previousOperation"), before->operationId},
                                {QStringLiteral("previousOperator"), before->operatorName},
                                {QStringLiteral("previousHost"), before->host},
                                {QStringLiteral("previousDescription"), before->description},
                                {QStringLiteral("previousExpiresMs"), before->expiresMs}};
    const HistoryRowCodec::Statement insert = HistoryRowCodec::insertAudit(audit);
    q.prepare(insert.sql);
    for (const QVariant &value : insert.binds)
        q.addBindValue(value);
    if (!q.exec())
        return rollback(q.lastError());
    q.finish();
    if (!m_db.commit())
        return rollback(m_db.lastError());
    log()->warn("{}: {}@{} took over the operation lease of {} from {}", m_storeName.toStdString(),
                lease.operatorName.toStdString(), lease.host.toStdString(), lease.deploymentId.toStdString(),
                before->holderText().toStdString());
    if (previous)
        *previous = *before;
    return {};
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
    // The text is the operation's outcome as the executors report it: it starts with "lease lost".
    return HistoryError::make(HistoryError::Kind::LeaseLost,
                              now ? QStringLiteral("lease lost: taken over by %1").arg(now->whoText())
                                  : QStringLiteral("lease lost: the operation lease of %1 for operation %2 was "
                                                   "released or expired, nobody holds it now")
                                        .arg(deploymentId, operationId));
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
