#pragma once

#include "ActionClient.h"
#include "discovery/InfoReply.h"
#include "discovery/SentinelReplies.h"
#include "monitor/DeploymentIdentity.h"
#include "resp/Endpoint.h"

#include <QList>
#include <QString>

#include <optional>

namespace ops {

/** @brief What one sentinel says about the master being failed over. */
struct SentinelView
{
    Endpoint sentinel;
    QString error;                   ///< why it could not be read; empty when it answered
    SentinelMasterState master;      ///< SENTINEL MASTER <name>
    QList<SentinelReplicaState> replicas; ///< SENTINEL REPLICAS <name>
    CkQuorum ckquorum;               ///< SENTINEL CKQUORUM <name>
    std::optional<QList<SentinelPeerState>> peers; ///< SENTINEL SENTINELS <name>, when it answered
    QByteArray myId;                 ///< SENTINEL MYID (empty: not answered, or older than 6.2)
    bool reachable() const { return error.isEmpty(); }
    Endpoint masterEndpoint() const { return Endpoint{master.host, master.port}; }
};

/** @brief A data node read directly (INFO replication, CONFIG GET, CLIENT LIST). */
struct DataNodeView
{
    Endpoint endpoint;
    QString error;                   ///< why it could not be read; empty when it answered
    InfoReply replication;           ///< INFO replication
    int minReplicasToWrite = -1;     ///< CONFIG GET min-replicas-to-write; -1 unknown (denied, renamed)
    QList<ActionClient> actionClients;
    QString clientListError;         ///< CLIENT LIST refused (ACL, renamed): its action clients are unknown
    bool reachable() const { return error.isEmpty(); }
    bool isMaster() const { return replication.value("role") == "master"; }
    /** master_repl_offset (a master) or slave_repl_offset (a replica); -1 when unknown. */
    qint64 offset() const;
    /** A replica's INFO `slave_priority` (replica-priority); -1 unknown. */
    int priority() const { return int(replication.integer("slave_priority", -1)); }
    /** A replica: master_link_status:up. */
    bool linkUp() const { return replication.value("master_link_status") == "up"; }
};

/**
 * @brief Everything the Sentinel failover planner judges on, read live just before planning:
 * each sentinel's view of the master, and the master and its replicas read directly.
 */
struct SentinelSurvey
{
    QByteArray masterName;
    qint64 takenAtMs = 0;            ///< wall clock
    QList<SentinelView> sentinels;
    DataNodeView master;             ///< the master most sentinels name
    QList<DataNodeView> replicas;    ///< the replicas the sentinels list (read directly)

    const DataNodeView *replica(const Endpoint &endpoint) const;
    /** The master address most reachable sentinels report (ties: the first seen). */
    Endpoint majorityMaster() const;
    int reachableSentinels() const;
    /**
     * The deployment id, resolved by DeploymentIdentity from the sentinels' ids and lists exactly
     * as a console's Monitor resolves it from its polls (@p seeds: the sentinels the operator
     * named; they name the deployment only when no sentinel id is known).
     */
    DeploymentIdentity::Result identity(const QList<Endpoint> &seeds) const;
};

} // namespace ops
