#include "ClusterFailoverAction.h"

#include "ClusterFailoverExecutor.h"
#include "ClusterFailoverPlanner.h"
#include "ClusterSurveyor.h"
#include "OperationRunner.h"
#include "core/Clock.h"
#include "history/OperationRecord.h"

#include <algorithm>

namespace ops {

ClusterFailoverAction::ClusterFailoverAction(Context context, QList<Endpoint> nodes, QObject *parent)
    : DeploymentAction(std::move(context), parent), m_nodes(std::move(nodes))
{
}

ClusterFailoverAction::~ClusterFailoverAction() = default;

ClusterFailoverRequest ClusterFailoverAction::requestOf(const FailoverIntent &intent)
{
    ClusterFailoverRequest r;
    if (intent.preferred.isValid())
        r.replica = intent.preferred; // a replica chosen in the graph or in the wizard
    else
        r.master = intent.node;       // a master: its best replica
    switch (intent.mode) {
    case FailoverIntent::Mode::Force: r.mode = ClusterFailoverRequest::Mode::Force; break;
    case FailoverIntent::Mode::Takeover: r.mode = ClusterFailoverRequest::Mode::Takeover; break;
    default: r.mode = ClusterFailoverRequest::Mode::Default; break;
    }
    r.maxLagBytes = intent.maxLagBytes;
    r.overrideLag = intent.overrideLag;
    return r;
}

ActionPreview ClusterFailoverAction::previewOf(const ClusterFailoverPlan &plan)
{
    ActionPreview p;
    p.kind = QStringLiteral("cluster-failover");
    p.mode = ClusterFailoverRequest::modeName(plan.request.mode);
    p.target = plan.target.isValid() ? plan.target.toString() : QString();
    p.title = QStringLiteral("Fail over %1 (%2 slots): → %3")
                  .arg(plan.oldMaster.isValid() ? plan.oldMaster.toString() : QStringLiteral("(master unknown)"))
                  .arg(plan.shardSlots)
                  .arg(p.target.isEmpty() ? QStringLiteral("(no replica qualifies)") : p.target);
    for (const ClusterFailoverCandidate &c : plan.candidates) {
        if (c.eligible)
            p.eligibleTargets << c.endpoint.toString();
        p.plan << QStringLiteral("%1  %2  %3").arg(c.eligible ? QStringLiteral("#%1").arg(c.rank) : QStringLiteral("--"),
                                                 c.endpoint.toString(), c.reason);
    }
    p.checks = plan.checks;
    for (int i = 0; i < plan.commands.size(); ++i)
        p.commands << QStringLiteral("%1. %2").arg(i + 1).arg(plan.commands[i].previewLine());
    p.warnings << QStringLiteral("Verified only when the replica's ROLE is master and CLUSTER NODES from %1 nodes agree "
                                 "with a higher epoch (bound: %2 s).")
                      .arg(plan.observers.size())
                      .arg(plan.deadlineMs() / 1000);
    p.confirmText = plan.oldMaster.isValid() ? plan.oldMaster.toString() : p.target;
    p.extraConfirmation = plan.request.mode == ClusterFailoverRequest::Mode::Takeover;
    if (!plan.target.isValid())
        p.refusal = QStringLiteral("no replica qualifies for promotion");
    return p;
}

void ClusterFailoverAction::preview(const FailoverIntent &intent)
{
    const int generation = beginSurvey();
    ClusterSurveyor::Options o;
    if (intent.node.isValid())
        o.seeds << intent.node;
    for (const Endpoint &n : std::as_const(m_nodes))
        if (!o.seeds.contains(n))
            o.seeds << n;
    o.dataOptions = context().dataOptions;
    o.timeoutMs = context().timeoutMs;
    o.nowMs = context().clock->wallMs();
    const ClusterFailoverRequest request = requestOf(intent);
    auto *surveyor = new ClusterSurveyor(o, this);
    connect(surveyor, &ClusterSurveyor::finished, this, [this, surveyor, request, generation](const ClusterSurvey &survey) {
        surveyor->deleteLater();
        if (isCurrent(generation))
            onSurvey(survey, request);
    });
    surveyor->start();
}

void ClusterFailoverAction::onSurvey(const ClusterSurvey &survey, const ClusterFailoverRequest &request)
{
    const bool anyAnswered = std::any_of(survey.nodes.cbegin(), survey.nodes.cend(), [](const ClusterNodeView &n) { return n.reachable(); });
    if (!anyAnswered) {
        ActionPreview p;
        p.kind = QStringLiteral("cluster-failover");
        p.title = tr("Cluster failover");
        QStringList why;
        for (const ClusterNodeView &n : survey.nodes)
            why << QStringLiteral("%1: %2").arg(n.endpoint.toString(), n.error);
        p.refusal = tr("no node answered (%1)").arg(why.join(QStringLiteral("; ")));
        p.surveyedAtMs = survey.takenAtMs;
        publishPreview(p, false);
        return;
    }
    m_plan = ClusterFailoverPlanner::plan(survey, request);
    ActionPreview p = previewOf(m_plan);
    p.surveyedAtMs = survey.takenAtMs;
    publishPreview(p, true);
}

OperationRecord ClusterFailoverAction::newRecord() const
{
    OperationRecord record;
    record.id = OperationRecord::newId();
    record.kind = QStringLiteral("cluster-failover");
    record.deploymentId = context().deploymentId;
    record.operatorName = OperationRecord::currentOperator();
    record.target = m_plan.target.toString();
    record.mode = ClusterFailoverRequest::modeName(m_plan.request.mode);
    record.plan = m_plan.toJson();
    return record;
}

void ClusterFailoverAction::run(OperationRunner *runner)
{
    m_executor = new ClusterFailoverExecutor(m_plan, runner, this);
    connect(m_executor, &ClusterFailoverExecutor::phaseChanged, this,
            [this](ClusterFailoverExecutor::Phase, const QString &text) { report(ActionProgress::Kind::Phase, text); });
    connect(m_executor, &ClusterFailoverExecutor::finished, this, [this](const ClusterFailoverExecutor::Result &r) {
        ActionOutcome o;
        o.state = OperationRecord::stateName(r.state);
        o.verified = r.state == OperationRecord::State::Succeeded; // succeeds only once every view agrees
        o.outcome = r.outcome;
        o.promoted = r.promoted.isValid() ? r.promoted.toString() : QString();
        o.totalMs = r.totalMs;
        if (r.promotedMs >= 0)
            o.details << tr("Promoted (ROLE master) after %1 ms").arg(r.promotedMs);
        if (r.configEpochAfter >= 0)
            o.details << tr("Config epoch %1 → %2").arg(r.configEpochBefore).arg(r.configEpochAfter);
        if (r.overtaken)
            o.details << tr("An automatic failover overtook the manual one");
        if (r.serverTimedOut)
            o.details << tr("The manual failover timed out on the server (cluster-manual-failover-timeout)");
        if (r.oldMasterBackMs >= 0)
            o.details << tr("Old master %1 back as a replica after %2 ms").arg(m_plan.oldMaster.toString()).arg(r.oldMasterBackMs);
        m_executor->deleteLater();
        m_executor = nullptr;
        finishRun(o);
    });
    m_executor->start();
}

void ClusterFailoverAction::cancel()
{
    if (m_executor)
        m_executor->cancel();
}

} // namespace ops
