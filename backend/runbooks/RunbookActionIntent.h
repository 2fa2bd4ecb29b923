#pragma once

#include "actions/FailoverIntent.h"
#include "model/TopologySnapshot.h"
#include "reshard/MaintenanceIntent.h"
#include "reshard/ReshardIntent.h"

#include <QVariantMap>

namespace ops {

/**
 * @brief A runbook `action` step turned into the intent the console's wizards send
 * (DeploymentSession::previewFailover / previewReshard), its parameters already substituted.
 * Node parameters (a node id, a unique id prefix or host:port) are resolved against the live
 * snapshot for failovers; reshard parameters go to the reshard planner as written, which
 * resolves them against its own fresh survey. Pure.
 *
 *  - failover: `mode` (graceful / standard on Sentinel, standard / force / takeover on Cluster;
 *    default graceful / standard), `master` (Sentinel: the master's name or address; Cluster: the
 *    master, or one of its replicas to promote), `target` (the replica to promote; default the
 *    best one).
 *  - reshard: `from` (comma-separated nodes), `to`, and `slots` (a count) or `ranges` ("0-99,200").
 *  - rebalance: `weights` ("NODE=W,NODE=W"), `threshold` (percent), `use_empty_masters` (true/false).
 *  - drain: `node`.
 *  - fix: `assign_empty_to` (a master); add-node: `node` (host:port), `replica_of`; remove-node: `node`.
 */
struct RunbookActionIntent
{
    enum class Kind { Invalid, Failover, Reshard, Maintenance };

    Kind kind = Kind::Invalid;
    FailoverIntent failover;
    ReshardIntent reshard;
    MaintenanceIntent maintenance;
    QString error;        ///< Invalid: why, one sentence
    QString description;  ///< "failover mode=graceful target=127.0.0.1:7002", for the journal

    static RunbookActionIntent build(const QString &action, const QVariantMap &params, const TopologySnapshot &snapshot);
    /** The node @p ref names (id, unique id prefix, host:port) among data nodes; null (and @p why) if none or several. */
    static const Node *resolveNode(const TopologySnapshot &snapshot, const QString &ref, QString *why);
    /** "0-99,200" → ranges; false (and @p why) on a bad range. */
    static bool parseRanges(const QString &text, SlotRanges *ranges, QString *why);
};

} // namespace ops
