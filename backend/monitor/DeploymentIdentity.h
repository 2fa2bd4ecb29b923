#pragma once

#include "model/TopologySnapshot.h"
#include "monitor/NodeObservation.h"

#include <QHash>
#include <QList>
#include <QString>

namespace ops {

/**
 * @brief The id a deployment's history is stored under, derived so that consoles seeded from
 * different nodes or sentinels of one deployment agree on it (pure; Monitor asks it each
 * publish until it answers "settled", then keeps that id for the session).
 *
 * - Cluster: `cluster:<lowest node id, 12 hex>` — every node lists every node id.
 * - Sentinel: `sentinel:<master name>/<lowest sentinel id, 12 hex>`. Sentinel ids (`myid`) are
 *   persistent (kept in each sentinel's config file) and every sentinel lists the others' in
 *   SENTINEL SENTINELS; a sentinel does not list itself, but SENTINEL MYID (6.2+) gives its own:
 *   one sentinel's own id and list name every id. Without MYID the lists of two sentinels are
 *   needed (one suffices when it lists no peer: a lone sentinel, which is then named by its
 *   address, `sentinel:<name>@<host:port>`). The CLI's `failover` resolves the same way from its
 *   survey (SentinelSurvey::identity()), so console and CLI journal and lease under one id.
 * - Standalone: `standalone@<root master>`: replication is walked up from the seed (a replica's
 *   INFO master_host:master_port) to the server whose own INFO says role:master — a replica of a
 *   replica, a replica and the master give the same id. The root is named by the address its
 *   replica follows it at (or the seed's, when seeded from it): the same spelling is assumed
 *   (an IP address and a host name for one server are two ids). A top that cannot be reached
 *   names the chain as far as it is known.
 *
 * An explicit id (MonitorConfig::deploymentId) always wins.
 */
class DeploymentIdentity
{
public:
    struct Input
    {
        TopologySnapshot::Kind kind = TopologySnapshot::Kind::Standalone;
        QString explicitId;                           ///< MonitorConfig::deploymentId; wins when set
        QString masterName;                           ///< Sentinel deployments
        QList<Endpoint> seeds;
        QHash<QString, NodeObservation> observations; ///< by endpoint "host:port", as the Monitor keeps them
        QStringList clusterNodeIds;                   ///< cluster: the node ids of the latest snapshot
    };

    struct Result
    {
        QString id;            ///< the id, or the best guess while not settled
        bool settled = false;  ///< the observations are enough: the same id from any seed
        QString basis;         ///< why: "root master 10.0.0.1:6379", "lowest of 3 sentinel ids", ...
    };

    static Result resolve(const Input &input);

    /** `sentinel:<name>/<lowest of @p sentinelIds, 12 chars>`; empty when there is none. */
    static QString sentinelId(const QString &masterName, const QList<QByteArray> &sentinelIds);
    /** `cluster:<lowest 40-char id, 12 chars>`; empty when there is none. */
    static QString clusterId(const QStringList &nodeIds);

private:
    static Result resolveStandalone(const Input &input);
    static Result resolveSentinel(const Input &input);
};

} // namespace ops
