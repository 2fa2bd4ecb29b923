#pragma once

#include "model/TopologySnapshot.h"
#include "monitor/NodeObservation.h"

#include <QHash>

namespace ops {

/** @brief Everything SnapshotBuilder needs: the deployment and the latest observations. */
struct SnapshotInput
{
    QString deploymentId;
    TopologySnapshot::Kind kind = TopologySnapshot::Kind::Standalone;
    QString masterName;                              ///< Sentinel deployments
    QHash<QString, NodeObservation> observations;    ///< by endpoint "host:port"
    qint64 nowMs = 0;
    qint64 staleAfterMs = 3000;                      ///< older parts are ignored; silent nodes are Stale
    quint64 sequence = 0;
};

/**
 * @brief Builds a TopologySnapshot from observations. Pure and deterministic: the same input
 * gives the same snapshot, which keeps it testable without servers and cheap enough to run every
 * cycle (O(nodes × viewpoints + slots)).
 *
 * Each server is the authority on itself (its own INFO decides its role and offsets while fresh);
 * the cluster's view of others comes from every fresh CLUSTER NODES viewpoint, never just one:
 * FAIL and PFAIL are reported when any other viewpoint reports them, roles and slots come from the
 * line with the highest config epoch, and disagreements are listed in `warnings`.
 */
class SnapshotBuilder
{
public:
    static TopologySnapshot build(const SnapshotInput &input);

    // Shared by the per-kind builders.
    static void applyInfo(Node &node, const InfoReply &info);
    static void applyFreshness(Node &node, const NodeObservation *observation, const SnapshotInput &input);
    /** The rarely read settings (NodeConfig) of @p observation's server; called by applyFreshness. */
    static void applyConfig(Node &node, const NodeObservation &observation);
    static void computeLag(QList<Node> &nodes, const SnapshotInput &input);
    static void orderNodes(QList<Node> &nodes);
    static const NodeObservation *observationFor(const SnapshotInput &input, const Endpoint &endpoint);
    static bool fresh(qint64 atMs, const SnapshotInput &input) { return atMs > 0 && input.nowMs - atMs <= input.staleAfterMs; }
};

} // namespace ops
