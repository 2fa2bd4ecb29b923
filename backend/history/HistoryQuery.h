#pragma once

#include <QString>
#include <QStringList>

namespace ops {

/**
 * @brief A filter over stored OpsEvents (HistoryStore::query). Every empty / zero field means
 * "no restriction". Results are ordered by time, then by id (insertion order).
 */
struct HistoryQuery
{
    QString deploymentId;   ///< exact deployment id; empty = all deployments
    qint64 sinceMs = 0;     ///< inclusive lower bound on OpsEvent::timestampMs; 0 = no bound
    qint64 untilMs = 0;     ///< inclusive upper bound; 0 = no bound (up to now)
    /**
     * OpsEvent::kindName()s: "promoted", "+switch-master", ...; empty = all kinds. "sentinel"
     * matches every Sentinel pub/sub event (any name starting with + or -).
     */
    QStringList kinds;
    QString nodeId;         ///< exact subject node; empty = any
    int limit = 0;          ///< at most this many events (the first ones in the chosen order); 0 = all
    bool newestFirst = false;
    QString operationId;    ///< events caused by this operation (OpsEvent::operationId); empty = any
};

} // namespace ops
