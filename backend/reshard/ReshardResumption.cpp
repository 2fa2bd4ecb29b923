#include "ReshardResumption.h"

#include "ReshardResumePlanner.h"
#include "ReshardSurvey.h"
#include "history/OperationSummary.h"


namespace ops {

QString ReshardResumption::kind() { return QStringLiteral("cluster-reshard"); }

bool ReshardResumption::resumable(const OperationRecord &op)
{
    return op.kind == kind() && op.state != OperationRecord::State::Succeeded;
}

QList<OperationRecord> ReshardResumption::candidates(const QList<OperationRecord> &operations, const QString &wanted)
{
    QList<OperationRecord> out;
    for (const OperationRecord &op : operations)
        if (op.kind == kind() && (wanted.isEmpty() ? !op.isFinished() : op.id.startsWith(wanted) && resumable(op)))
            out << op;
    return out;
}

std::optional<ReshardPlan> ReshardResumption::originalPlan(const OperationRecord &op, QString *why)
{
    QString error;
    std::optional<ReshardPlan> plan = ReshardPlan::fromJson(op.plan, &error);
    if (!plan && why)
        *why = QStringLiteral("the journaled plan of %1 cannot be read: %2").arg(op.id, error);
    return plan;
}

QString ReshardResumption::refusal(const OperationRecord &op, const QString &deploymentId)
{
    if (op.kind != kind())
        return QStringLiteral("operation %1 is a %2, not a reshard: only reshards (move, rebalance, drain) are resumed")
            .arg(op.id, op.kind);
    if (op.state == OperationRecord::State::Succeeded)
        return QStringLiteral("operation %1 succeeded already: there is nothing to resume").arg(op.id);
    if (!deploymentId.isEmpty() && op.deploymentId != deploymentId)
        return QStringLiteral("operation %1 belongs to deployment %2, not to %3: resume it from a tab watching %2")
            .arg(op.id, op.deploymentId, deploymentId);
    return {};
}

QList<Endpoint> ReshardResumption::seeds(const ReshardPlan &original, const QList<Endpoint> &first)
{
    QList<Endpoint> out;
    for (const Endpoint &e : first)
        if (!out.contains(e))
            out << e;
    for (const ReshardNode &m : original.masters)
        if (!out.contains(m.endpoint))
            out << m.endpoint;
    return out;
}

ReshardPlan ReshardResumption::plan(const ReshardSurvey &survey, const ReshardPlan &original, bool replaceConflicts,
                                    bool authenticated)
{
    ReshardPlan rest = ReshardResumePlanner::plan(survey, original);
    rest.request.replaceConflicts = rest.request.replaceConflicts || replaceConflicts;
    rest.authenticated = authenticated;
    return rest;
}

QString ReshardResumption::describe(const OperationRecord &op)
{
    return QStringLiteral("Resume %1: %2; state %3; last step %4")
        .arg(op.id, OperationSummary::headline(op), OperationSummary::stateText(op), OperationSummary::lastStepText(op));
}

} // namespace ops
