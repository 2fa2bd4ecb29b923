#pragma once

#include "ReshardPlan.h"
#include "history/OperationRecord.h"

#include <QList>
#include <QString>

#include <optional>

namespace ops {

struct ReshardSurvey;

/**
 * @brief What resuming a journaled reshard (move, rebalance or drain) needs around the pure
 * ReshardResumePlanner, shared by `redis-ops resume` and the console's ReshardAction: which
 * journaled operations can be resumed, the refusals that come before any survey (another kind, a
 * reshard that succeeded, another deployment, an unreadable plan), the seeds of the fresh survey
 * (the plan's masters first), the rest of the plan, and the text an operator types to confirm.
 * Pure.
 */
class ReshardResumption
{
public:
    /** The journal kind of every reshard (move, rebalance, drain). */
    static QString kind();
    /** A reshard that did not succeed: interrupted (planned/running), failed, cancelled, ... */
    static bool resumable(const OperationRecord &op);
    /**
     * The operations @p wanted names among @p operations (ordered by start): with @p wanted empty
     * the unfinished reshards (planned/running: the program running them stopped), else the
     * reshards whose id starts with @p wanted and that did not succeed.
     */
    static QList<OperationRecord> candidates(const QList<OperationRecord> &operations, const QString &wanted);
    /** The journaled plan of @p op; nullopt and @p why when it cannot be read. */
    static std::optional<ReshardPlan> originalPlan(const OperationRecord &op, QString *why);
    /**
     * Why @p op cannot be resumed from a session watching @p deploymentId (empty: it can be
     * planned): not a reshard, succeeded already, recorded for another deployment.
     */
    static QString refusal(const OperationRecord &op, const QString &deploymentId);
    /** Where the survey starts: @p first, then the masters of @p original (no duplicates). */
    static QList<Endpoint> seeds(const ReshardPlan &original, const QList<Endpoint> &first = {});
    /** What is left of @p original on the cluster @p survey shows (ReshardResumePlanner). */
    static ReshardPlan plan(const ReshardSurvey &survey, const ReshardPlan &original, bool replaceConflicts,
                            bool authenticated);
    /** What the operator types to resume @p op: the first 8 characters of its id. */
    static QString confirmText(const OperationRecord &op) { return op.id.left(8); }
    /** "Resume <id>: <headline>; state <state>; last step <step>" for a preview or a terminal. */
    static QString describe(const OperationRecord &op);
};

} // namespace ops
