#pragma once

#include "resp/Endpoint.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace ops {

/** @brief What one poll of a node says about it: enough for the console's status and overview. */
struct ServerSummary
{
    Endpoint endpoint;
    bool reachable = false;
    QString error;          ///< why not reachable (RedisError::message)
    QString version;        ///< redis_version
    QString mode;           ///< standalone, cluster, sentinel
    QString role;           ///< master, slave (replica), sentinel
    qint64 uptimeSeconds = -1;
    qint64 connectedClients = -1;
    qint64 usedMemory = -1;
    qint64 connectedReplicas = -1;
    QString clusterState;   ///< ok / fail (cluster mode)
    qint64 clusterKnownNodes = -1;
    qint64 clusterSize = -1;
    qint64 sentinelMasters = -1;
    qint64 keys = -1;       ///< sum over the keyspace section
    QDateTime refreshedAt;
    qint64 roundTripUs = -1;
};

} // namespace ops

Q_DECLARE_METATYPE(ops::ServerSummary)
