#pragma once

#include "PlannedCommand.h"
#include "PreCheck.h"
#include "history/OperationRecord.h"
#include "resp/Endpoint.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace ops {

/** @brief What the operator asked for: which master, how, to which replica, with which limits. */
struct SentinelFailoverRequest
{
    enum class Mode {
        Standard, ///< SENTINEL FAILOVER as is: writes the old master takes meanwhile can be lost
        Graceful, ///< pause writes, let the replica catch up, fail over, demote the old master, resume
    };

    QByteArray masterName;
    Mode mode = Mode::Standard;
    Endpoint preferred;                  ///< --to: promote this replica; invalid = the best one
    qint64 maxLagBytes = 1024 * 1024;    ///< refuse a target further behind than this ...
    bool overrideLag = false;            ///< ... unless the operator overrides it explicitly
    int pauseTimeoutMs = 5000;           ///< graceful: server-side bound of CLIENT PAUSE (it ends by itself)
    int catchUpTimeoutMs = 3000;         ///< graceful: how long the target may take to reach the master's offset
    int promotionTimeoutMs = 30000;      ///< from SENTINEL FAILOVER until the target is master
    int sentinelConfigWaitMs = 15000;    ///< until the sentinels see a changed replica-priority (INFO every 10 s)

    static QString modeName(Mode mode);
};

/** @brief A replica judged as Sentinel would judge it, with the reason for its place. */
struct FailoverCandidate
{
    Endpoint endpoint;
    QByteArray runId;
    int priority = -1;        ///< replica-priority (slave_priority); 0 = never promoted
    qint64 offset = -1;       ///< its replication offset, read directly
    qint64 lagBytes = -1;     ///< behind the master (or the most advanced replica when the master is down)
    bool linkUp = false;
    bool eligible = false;
    int rank = 0;             ///< 1 = Sentinel's choice among the eligible; 0 = not eligible
    QString reason;           ///< "priority 100, offset 1234, 0 B behind" / "replica-priority 0: never promoted"
};

/**
 * @brief A Sentinel failover worked out from a SentinelSurvey: ranked candidates, the chosen
 * target, the pre-checks with their evidence and the exact commands, in order. Pure data:
 * the executor runs it; dry-run shows it.
 */
struct SentinelFailoverPlan
{
    SentinelFailoverRequest request;
    Endpoint oldMaster;
    Endpoint sentinel;                   ///< the sentinel that will run SENTINEL FAILOVER
    QList<Endpoint> sentinels;           ///< every sentinel, for verification
    QList<FailoverCandidate> candidates; ///< eligible first, by rank; then the others
    Endpoint target;                     ///< invalid when no replica qualifies
    qint64 masterOffset = -1;
    /** Replicas whose replica-priority the plan changes (graceful / --to), with their original values. */
    QList<QPair<Endpoint, int>> priorityChanges;
    int targetPriority = -1;             ///< the value the target is given (preferred), -1 when unchanged
    PreChecks checks;
    PlannedCommands commands;

    bool allowed() const { return target.isValid() && preChecksAllow(checks); }
    const FailoverCandidate *candidate(const Endpoint &endpoint) const;
    QJsonObject toJson() const;
    /** The plan for an operator: candidates, checks, commands; one item per line. */
    QStringList describe() const;
    /**
     * The journal record of a new run of this plan (Planned; a fresh id, kind "sentinel-failover",
     * the current OS user, the master, the mode and the plan as JSON) on @p deploymentId.
     */
    OperationRecord newOperation(const QString &deploymentId) const;
};

} // namespace ops
