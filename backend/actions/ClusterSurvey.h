#pragma once

#include "ActionClient.h"
#include "discovery/ClusterNodesParser.h"
#include "discovery/InfoReply.h"
#include "resp/Endpoint.h"

#include <QList>
#include <QString>

namespace ops {

/**
 * @brief One cluster node read directly: CLUSTER NODES (its own view of the cluster), CLUSTER INFO,
 * INFO replication, CONFIG GET cluster-manual-failover-timeout and CLIENT LIST.
 */
struct ClusterNodeView
{
    Endpoint endpoint;
    QString error;                    ///< why it could not be read; empty when it answered
    QList<ClusterNodeLine> nodes;     ///< its CLUSTER NODES
    InfoReply clusterInfo;            ///< CLUSTER INFO (cluster_state, cluster_current_epoch, ...)
    InfoReply replication;            ///< INFO replication
    qint64 manualFailoverTimeoutMs = -1; ///< CONFIG GET cluster-manual-failover-timeout; -1 when the server has none
    QList<ActionClient> actionClients;
    QString clientListError;          ///< CLIENT LIST refused (ACL, renamed): its action clients are unknown

    bool reachable() const { return error.isEmpty(); }
    /** Its own line ("myself"); null when unread. */
    const ClusterNodeLine *myself() const;
    /** The line for node @p id in its view; null when it does not list it. */
    const ClusterNodeLine *line(const QByteArray &id) const;
    QByteArray id() const { return myself() ? myself()->id : QByteArray(); }
    bool isReplica() const { return myself() != nullptr && myself()->isReplica(); }
    /** master_repl_offset (a master) or slave_repl_offset (a replica); -1 when unknown. */
    qint64 offset() const;
    bool linkUp() const { return replication.value("master_link_status") == "up"; }
    QByteArray clusterState() const { return clusterInfo.value("cluster_state"); }
    qint64 currentEpoch() const { return clusterInfo.integer("cluster_current_epoch", -1); }
};

/**
 * @brief Everything the cluster failover planner judges on, read live just before planning:
 * every node of the cluster (found from the seeds' CLUSTER NODES) read directly.
 */
struct ClusterSurvey
{
    qint64 takenAtMs = 0;             ///< wall clock
    QList<Endpoint> seeds;
    QList<ClusterNodeView> nodes;

    const ClusterNodeView *node(const Endpoint &endpoint) const;
    const ClusterNodeView *nodeById(const QByteArray &id) const;
    /** A node's line as most answering nodes list it (by id); null when nobody lists it. */
    const ClusterNodeLine *consensusLine(const QByteArray &id) const;
    /** Every node id any answering node lists, each once, in first-seen order. */
    QList<QByteArray> knownIds() const;
    /** The highest cluster_current_epoch any node reports; -1 unknown. */
    qint64 currentEpoch() const;
    /** `cluster:<lowest node id, 12 chars>` as Monitor names cluster deployments; `cluster@<seed>` otherwise. */
    QString deploymentId() const;
};

} // namespace ops
