#pragma once

#include "PlannedCommand.h"
#include "PreCheck.h"
#include "resp/Endpoint.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace ops {

/** @brief What the operator asked for: which replica (or master), which mode, with which limits. */
struct ClusterFailoverRequest
{
    enum class Mode {
        Default,  ///< CLUSTER FAILOVER: the master pauses writes until the replica has them all, then the replica wins an election
        Force,    ///< CLUSTER FAILOVER FORCE: no handshake with the (unreachable) master; still an election
        Takeover, ///< CLUSTER FAILOVER TAKEOVER: no master, no election: the replica bumps the epoch by itself
    };

    Endpoint replica;                    ///< --cluster-replica: promote this replica ...
    Endpoint master;                     ///< ... or --cluster-master: the best replica of this master
    Mode mode = Mode::Default;
    qint64 maxLagBytes = 1024 * 1024;    ///< refuse a target further behind than this ...
    bool overrideLag = false;            ///< ... unless the operator overrides it explicitly
    qint64 verifyMarginMs = 10000;       ///< default mode: deadline = manual failover timeout + this
    qint64 forcedDeadlineMs = 20000;     ///< FORCE / TAKEOVER: fixed bound until every view agrees

    static QString modeName(Mode mode);
    /** The CLUSTER FAILOVER command of @p mode. */
    static QList<QByteArray> commandArgs(Mode mode);
};

/** @brief A replica of the master, judged for promotion, with the reason for its place. */
struct ClusterFailoverCandidate
{
    Endpoint endpoint;
    QByteArray id;
    qint64 offset = -1;       ///< its processed replication offset, read directly
    qint64 lagBytes = -1;     ///< behind the master (or the most advanced replica when the master is unreadable)
    bool linkUp = false;      ///< master_link_status:up
    bool eligible = false;
    int rank = 0;             ///< 1 = the best; 0 = not eligible
    QString reason;
};

/**
 * @brief A cluster manual failover worked out from a ClusterSurvey: the shard's master and its
 * ranked replicas, the chosen target, the epochs before, the pre-checks with their evidence and
 * the exact command. Pure data: the executor runs it; dry-run shows it.
 */
struct ClusterFailoverPlan
{
    ClusterFailoverRequest request;
    Endpoint oldMaster;
    QByteArray oldMasterId;
    int shardSlots = 0;                  ///< slots the master serves
    QList<ClusterFailoverCandidate> candidates; ///< eligible first, by rank; then the others
    Endpoint target;                     ///< invalid when no replica qualifies
    QByteArray targetId;
    qint64 masterOffset = -1;
    qint64 currentEpoch = -1;            ///< the highest cluster_current_epoch before
    qint64 masterConfigEpoch = -1;       ///< the master's config epoch before
    qint64 manualFailoverTimeoutMs = 5000; ///< the server's bound on a default-mode failover
    bool manualFailoverTimeoutFromServer = false; ///< read with CONFIG GET, not Redis's compiled-in 5000 ms
    QList<Endpoint> observers;           ///< nodes whose CLUSTER NODES must agree: target, old master, other masters
    QString deploymentId;
    PreChecks checks;
    PlannedCommands commands;

    bool allowed() const { return target.isValid() && preChecksAllow(checks); }
    const ClusterFailoverCandidate *candidate(const Endpoint &endpoint) const;
    /** Default: the server's timeout + margin; FORCE / TAKEOVER: the fixed bound. */
    qint64 deadlineMs() const;
    QJsonObject toJson() const;
    /** The plan for an operator: candidates, checks, commands; one item per line. */
    QStringList describe() const;
};

} // namespace ops
