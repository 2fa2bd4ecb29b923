#pragma once

#include "resp/Endpoint.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace ops {

struct TopologySnapshot;

/**
 * @brief What the console's Overview says about the deployment it watches and about one node of
 * it (the seed, else the first master). Built from the monitor's TopologySnapshot — no poll of
 * its own: the overview costs the servers nothing beyond the monitor's cycle.
 */
struct ServerSummary
{
    Endpoint endpoint;
    bool reachable = false;
    QString error;          ///< why not reachable (the node's last poll error, or the monitor's problem)
    QString deploymentId;   ///< the snapshot's deployment id
    QString version;        ///< redis_version
    QString mode;           ///< standalone, cluster (data nodes of a Sentinel deployment are standalone)
    QString role;           ///< master, replica
    qint64 uptimeSeconds = -1;
    qint64 connectedClients = -1;
    qint64 usedMemory = -1;
    qint64 connectedReplicas = -1;
    QString clusterState;   ///< ok / fail (cluster mode)
    qint64 clusterKnownNodes = -1;
    qint64 clusterSize = -1; ///< masters that own slots
    qint64 sentinels = -1;   ///< Sentinel deployments: sentinels known
    qint64 keys = -1;       ///< sum over the keyspace section
    QDateTime refreshedAt;  ///< when the node last answered a poll
    quint64 snapshotSequence = 0;

    /**
     * The summary of @p snapshot's node at @p preferred when it is one of the data nodes, else of
     * its first master, else of its first node. An empty snapshot gives an unreachable summary.
     */
    static ServerSummary fromSnapshot(const TopologySnapshot &snapshot, const Endpoint &preferred = {});
};

} // namespace ops

Q_DECLARE_METATYPE(ops::ServerSummary)
