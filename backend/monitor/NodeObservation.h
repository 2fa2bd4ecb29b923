#pragma once

#include "discovery/ClusterNodesParser.h"
#include "discovery/InfoReply.h"
#include "discovery/SentinelReplies.h"
#include "RoundTripWindow.h"
#include "resp/Endpoint.h"

#include <optional>

namespace ops {

/**
 * @brief What the polls of one server have returned so far: the latest successful answer to each
 * command, with the wall-clock time it arrived, and the latest failure. Plain value kept per
 * endpoint by the Monitor and read by SnapshotBuilder; a part older than the stale limit is
 * ignored by the builder rather than erased, so one slow reply never blanks a node.
 */
struct NodeObservation
{
    Endpoint endpoint;
    bool isSentinel = false;
    qint64 firstAttemptMs = 0;    ///< when we first tried this endpoint
    qint64 lastSuccessMs = 0;     ///< last poll that got any reply
    qint64 lastFailureMs = 0;
    QString lastError;            ///< message of the last failure (plain text from the server / socket)
    /**
     * The replies of the last poll that arrived but could not be used ("CLUSTER NODES: line 2: …"),
     * joined by "; " — a malformed or hostile answer; the last good answer to that command is kept.
     * Empty when every reply of the last poll parsed.
     */
    QString replyProblem;
    /**
     * Round trips of the polls' first command (write to reply, on a connection that was already
     * up: a poll that had to connect first is not timed). No extra command is sent for it.
     */
    RoundTripWindow roundTrips;

    // Data nodes
    std::optional<InfoReply> info;
    qint64 infoAtMs = 0;
    std::optional<QList<ClusterNodeLine>> clusterNodes;   ///< this node's CLUSTER NODES view
    qint64 clusterNodesAtMs = 0;
    QByteArray clusterState;      ///< CLUSTER INFO cluster_state
    quint64 currentEpoch = 0;
    qint64 clusterInfoAtMs = 0;

    // Settings, read rarely (Plan::config): CONFIG GET on data nodes, CKQUORUM on sentinels
    std::optional<QHash<QByteArray, QByteArray>> config;
    qint64 configAtMs = 0;        ///< last successful read
    qint64 configAttemptMs = 0;   ///< last read sent (0: read at the next poll)
    QString configError;          ///< why the last read failed (renamed, disabled, ACL); cleared by a success
    std::optional<CkQuorum> ckQuorum; ///< sentinels: SENTINEL CKQUORUM <name>

    // Sentinels
    std::optional<SentinelMasterState> sentinelMaster;   ///< SENTINEL MASTER <name>
    qint64 sentinelMasterAtMs = 0;
    std::optional<QList<SentinelReplicaState>> sentinelReplicas;
    std::optional<QList<SentinelPeerState>> sentinelPeers;
    /** SENTINEL MYID (Redis 6.2+; empty before it answers, or on an older sentinel). A sentinel's
     *  own id is not in its SENTINEL SENTINELS: with both, one sentinel names every id. */
    QByteArray sentinelMyId;
    qint64 sentinelListsAtMs = 0;

    bool answeredWithin(qint64 nowMs, qint64 limitMs) const { return lastSuccessMs > 0 && nowMs - lastSuccessMs <= limitMs; }
};

} // namespace ops
