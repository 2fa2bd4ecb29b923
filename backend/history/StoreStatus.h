#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace ops {

/**
 * @brief Whether the shared store takes writes, for the status bar: when it became unreachable,
 * why, and how many writes wait in the local spool (StoreSpool) to be flushed.
 */
struct StoreStatus
{
    bool reachable = true;
    qint64 unreachableSinceMs = 0; ///< wall clock of the first failed write or connect; 0 when reachable
    qint64 spooledWrites = 0;      ///< queued writes not yet flushed (also while flushing)
    QString cause;                 ///< the store's last error (names the store by displayName(), no secret)

    /** "shared store unreachable since 03:12 — journaling locally (4 writes)"; empty when reachable and flushed. */
    QString text() const
    {
        if (reachable && spooledWrites == 0)
            return {};
        const QString since = QDateTime::fromMSecsSinceEpoch(unreachableSinceMs).toString(QStringLiteral("HH:mm"));
        if (reachable)
            return QStringLiteral("shared store back — flushing %1 journaled writes").arg(spooledWrites);
        return QStringLiteral("shared store unreachable since %1 — journaling locally (%2 %3)")
            .arg(since)
            .arg(spooledWrites)
            .arg(spooledWrites == 1 ? QStringLiteral("write") : QStringLiteral("writes"));
    }

    friend bool operator==(const StoreStatus &, const StoreStatus &) = default;
};

} // namespace ops

Q_DECLARE_METATYPE(ops::StoreStatus)
