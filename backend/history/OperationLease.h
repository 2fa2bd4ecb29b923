#pragma once

#include <QMetaType>
#include <QString>

namespace ops {

/**
 * @brief The right to act on one deployment (a row of `operation_leases`): one console at a time
 * runs an operation on a deployment, whoever shares the store. Taken before the operation's first
 * command, renewed by its holder while it runs (expiresMs moves forward), released at the end.
 * A holder that dies stops renewing: at expiresMs anyone may take the lease, and the holder's
 * operation stays unfinished in the journal for anyone to inspect or resume.
 *
 * Times are the consoles' wall clocks (ms since the epoch, UTC): consoles sharing a store are
 * expected to keep time (NTP); the lease's length (tens of seconds) dwarfs their skew.
 */
struct OperationLease
{
    QString deploymentId;  ///< primary key: one lease per deployment
    QString operationId;   ///< the journaled operation (OperationRecord::id) the lease is for
    QString operatorName;  ///< who (OperationRecord::currentOperator())
    QString host;          ///< where (currentHost())
    QString description;   ///< what, one line: "sentinel-failover of mymaster"
    qint64 acquiredMs = 0;
    qint64 renewedMs = 0;
    qint64 expiresMs = 0;

    bool isExpiredAt(qint64 nowMs) const { return expiresMs <= nowMs; }
    /** "alice@ops-laptop is running sentinel-failover of mymaster (operation 1a2b…, lease until 12:00:30 UTC)". */
    QString holderText() const;
    /** "carol@ops-2 (operation 1a2b…: sentinel-failover of mymaster)": who holds it, for "taken over by …". */
    QString whoText() const;
    /** This machine's host name. */
    static QString currentHost();

    friend bool operator==(const OperationLease &, const OperationLease &) = default;
};

} // namespace ops

Q_DECLARE_METATYPE(ops::OperationLease)
