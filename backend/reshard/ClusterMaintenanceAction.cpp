#include "ClusterMaintenanceAction.h"

#include "FixExecutor.h"
#include "FixPlanner.h"
#include "MembershipExecutor.h"
#include "MembershipPlanner.h"
#include "ReshardSurveyor.h"
#include "actions/ClusterSurveyor.h"
#include "core/Clock.h"
#include "resp/RedisConnection.h"
#include "resp/RespCommand.h"

namespace ops {

ClusterMaintenanceAction::ClusterMaintenanceAction(Context context, QList<Endpoint> nodes, QObject *parent)
    : DeploymentAction(std::move(context), parent), m_nodes(std::move(nodes))
{
    qRegisterMetaType<ops::MaintenanceIntent>();
}

ClusterMaintenanceAction::~ClusterMaintenanceAction() = default;

void ClusterMaintenanceAction::preview(const FailoverIntent &) { refuse(tr("cluster maintenance is not a failover")); }

void ClusterMaintenanceAction::refuse(const QString &why)
{
    ActionPreview p;
    p.kind = MaintenanceIntent::kindName(m_intent.kind);
    p.deploymentId = context().deploymentId;
    p.title = tr("Cluster maintenance");
    p.refusal = why;
    publishPreview(p, false);
}

void ClusterMaintenanceAction::previewMaintenance(const MaintenanceIntent &intent)
{
    m_intent = intent;
    const int generation = beginSurvey();
    if (intent.kind == MaintenanceIntent::Kind::Fix) {
        ReshardSurveyor::Options o;
        o.seeds = m_nodes;
        o.dataOptions = context().dataOptions;
        o.timeoutMs = context().timeoutMs;
        o.nowMs = context().clock->wallMs();
        o.sampleSlots = 0; // a fix moves only the keys of open slots: no size sampling
        auto *surveyor = new ReshardSurveyor(o, this);
        connect(surveyor, &ReshardSurveyor::finished, this, [this, surveyor, generation](const ReshardSurvey &s) {
            surveyor->deleteLater();
            if (isCurrent(generation))
                plannedFix(s);
        });
        surveyor->start();
        return;
    }
    bool ok = true;
    const bool add = intent.kind == MaintenanceIntent::Kind::AddNode;
    const Endpoint newNode = add ? Endpoint::parse(intent.node, 6379, &ok) : Endpoint{};
    if (add && !ok)
        return refuse(tr("'%1' is not host:port").arg(intent.node));
    m_waiting = 0;
    m_newNodeKeys = -1;
    const auto survey = [this, generation](const QList<Endpoint> &seeds, std::function<void(const ClusterSurvey &)> done) {
        ClusterSurveyor::Options o;
        o.seeds = seeds;
        o.dataOptions = context().dataOptions;
        o.timeoutMs = context().timeoutMs;
        o.nowMs = context().clock->wallMs();
        auto *s = new ClusterSurveyor(o, this);
        connect(s, &ClusterSurveyor::finished, this, [this, s, generation, done](const ClusterSurvey &r) {
            s->deleteLater();
            if (isCurrent(generation))
                done(r);
        });
        ++m_waiting;
        s->start();
    };
    survey(m_nodes, [this](const ClusterSurvey &s) {
        m_cluster = s;
        plannedMembership();
    });
    if (!add)
        return;
    survey({newNode}, [this, newNode](const ClusterSurvey &s) {
        m_newNode = s.nodes.value(0);
        m_newNode.endpoint = newNode;
        plannedMembership();
    });
    ConnectionOptions o = context().dataOptions;
    o.endpoint = newNode;
    o.reconnect.enabled = false;
    auto *c = new RedisConnection(o, this);
    ++m_waiting;
    c->send(RespCommand{"DBSIZE"}, this, [this, c, generation](const RedisResult &r) {
        c->deleteLater();
        if (!isCurrent(generation))
            return;
        if (r.ok() && r.value().isInteger())
            m_newNodeKeys = r.value().integer();
        plannedMembership();
    }, context().timeoutMs);
}

void ClusterMaintenanceAction::plannedFix(const ReshardSurvey &survey)
{
    m_fix = FixPlanner::plan(survey, m_intent.assignEmptyTo);
    m_fix.tuning.replaceConflicts = m_intent.replaceConflicts;
    const int refused = m_fix.count(SlotFix::Kind::Refused);
    const int fixable = int(m_fix.fixes.size()) - refused;
    ActionPreview p;
    p.kind = MaintenanceIntent::kindName(m_intent.kind);
    p.deploymentId = context().deploymentId;
    p.mode = QStringLiteral("open-slots");
    p.surveyedAtMs = survey.cluster.takenAtMs;
    p.title = tr("Fix %1 open or uncovered slot(s)").arg(fixable);
    p.target = context().deploymentId;
    p.plan = m_fix.describe();
    p.checks = m_fix.checks;
    p.commands = m_fix.commands();
    if (refused > 0)
        p.warnings << tr("%1 slot(s) are not a case known to be safe and are left alone (see the plan)").arg(refused);
    if (fixable == 0 && preChecksAllow(m_fix.checks))
        p.refusal = refused > 0 ? tr("no slot can be fixed safely: %1 refused").arg(refused) : tr("nothing to fix: no open or uncovered slot");
    p.confirmText = QString::number(fixable);
    publishPreview(p, m_fix.allowed() && fixable > 0);
}

void ClusterMaintenanceAction::plannedMembership()
{
    if (--m_waiting > 0)
        return;
    const bool add = m_intent.kind == MaintenanceIntent::Kind::AddNode;
    m_membership = add ? MembershipPlanner::planAdd(m_cluster, m_newNode, m_newNodeKeys, m_intent.replicaOf)
                       : MembershipPlanner::planRemove(m_cluster, m_intent.node);
    ActionPreview p;
    p.kind = MaintenanceIntent::kindName(m_intent.kind);
    p.deploymentId = context().deploymentId;
    p.mode = m_membership.replicaOf ? QStringLiteral("replica") : add ? QStringLiteral("master") : QStringLiteral("forget");
    p.surveyedAtMs = m_cluster.takenAtMs;
    p.target = m_membership.node.toString();
    p.title = add ? (m_membership.replicaOf ? tr("Add %1 as a replica of %2").arg(p.target, m_membership.replicaOf->endpoint.toString())
                                            : tr("Add %1 as an empty master").arg(p.target))
                  : tr("Remove %1 from the cluster").arg(p.target.isEmpty() ? m_intent.node : p.target);
    p.plan = m_membership.describe();
    p.checks = m_membership.checks;
    p.commands = m_membership.commands();
    p.confirmText = p.target;
    if (!m_membership.node.isValid() && preChecksAllow(m_membership.checks))
        p.refusal = tr("no node '%1' in the cluster").arg(m_intent.node);
    publishPreview(p, m_membership.allowed());
}

OperationRecord ClusterMaintenanceAction::newRecord() const
{
    OperationRecord r;
    r.id = OperationRecord::newId();
    r.kind = MaintenanceIntent::kindName(m_intent.kind);
    r.deploymentId = context().deploymentId;
    r.operatorName = OperationRecord::currentOperator();
    if (m_intent.kind == MaintenanceIntent::Kind::Fix) {
        r.target = context().deploymentId;
        r.mode = QStringLiteral("open-slots");
        r.plan = m_fix.toJson();
    } else {
        r.target = m_membership.node.toString();
        r.mode = m_membership.replicaOf ? QStringLiteral("replica")
            : m_intent.kind == MaintenanceIntent::Kind::AddNode ? QStringLiteral("master")
                                                                : QStringLiteral("forget");
        r.plan = m_membership.toJson();
    }
    return r;
}

void ClusterMaintenanceAction::run(OperationRunner *runner)
{
    const auto end = [this](OperationRecord::State state, const QString &outcome, qint64 totalMs, const QStringList &details) {
        ActionOutcome o;
        o.verified = state == OperationRecord::State::Succeeded;
        o.state = OperationRecord::stateName(state);
        o.outcome = outcome;
        o.totalMs = totalMs;
        o.details = details;
        finishRun(o);
    };
    if (m_intent.kind == MaintenanceIntent::Kind::Fix) {
        auto *executor = new FixExecutor(m_fix, runner, this);
        m_fixRun = executor;
        connect(executor, &FixExecutor::phaseChanged, this, [this](const QString &text) { report(ActionProgress::Kind::Phase, text); });
        connect(executor, &FixExecutor::finished, this, [executor, end](const FixExecutor::Result &r) {
            executor->deleteLater();
            // A refused slot leaves the cluster unclean: the fix is not verified even if the rest is.
            end(r.refused > 0 && r.state == OperationRecord::State::Succeeded ? OperationRecord::State::Failed : r.state, r.outcome,
                r.totalMs, {tr("%1 slot(s) fixed, %2 refused").arg(r.fixed).arg(r.refused)});
        });
        executor->start();
        return;
    }
    auto *executor = new MembershipExecutor(m_membership, runner, 30000, this);
    m_membershipRun = executor;
    connect(executor, &MembershipExecutor::phaseChanged, this, [this](const QString &text) { report(ActionProgress::Kind::Phase, text); });
    connect(executor, &MembershipExecutor::finished, this, [executor, end](const MembershipExecutor::Result &r) {
        executor->deleteLater();
        end(r.state, r.outcome, r.totalMs, {});
    });
    executor->start();
}

void ClusterMaintenanceAction::cancel()
{
    const QString reason = tr("Cancelled by the operator");
    if (m_fixRun)
        m_fixRun->cancel(reason);
    else if (m_membershipRun)
        m_membershipRun->cancel(reason);
}

} // namespace ops
