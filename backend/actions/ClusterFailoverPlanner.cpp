#include "ClusterFailoverPlanner.h"

#include "ClusterFailoverChecks.h"

#include <algorithm>

namespace ops {

namespace {

using Mode = ClusterFailoverRequest::Mode;
constexpr qint64 kCompiledManualFailoverTimeoutMs = 5000; // Redis's CLUSTER_MF_TIMEOUT

/** The id of the node at @p endpoint: its own view, else how the others list it. */
QByteArray idOf(const ClusterSurvey &survey, const Endpoint &endpoint)
{
    if (const ClusterNodeView *v = survey.node(endpoint); v != nullptr && !v->id().isEmpty())
        return v->id();
    for (const ClusterNodeView &n : survey.nodes)
        for (const ClusterNodeLine &l : n.nodes)
            if (Endpoint{l.host, l.port} == endpoint)
                return l.id;
    return {};
}

QString bytesText(qint64 bytes)
{
    return bytes < 0 ? QStringLiteral("unknown") : QStringLiteral("%1 B").arg(bytes);
}

} // namespace

ClusterFailoverPlan ClusterFailoverPlanner::plan(const ClusterSurvey &survey, const ClusterFailoverRequest &request)
{
    ClusterFailoverPlan plan;
    plan.request = request;
    plan.deploymentId = survey.deploymentId();
    if (request.replica.isValid()) {
        const ClusterNodeLine *self = survey.consensusLine(idOf(survey, request.replica));
        if (self != nullptr && self->isReplica())
            plan.oldMasterId = self->masterId;
    } else if (request.master.isValid()) {
        const ClusterNodeLine *self = survey.consensusLine(idOf(survey, request.master));
        if (self != nullptr && self->isMaster())
            plan.oldMasterId = self->id;
    }
    if (const ClusterNodeLine *m = survey.consensusLine(plan.oldMasterId)) {
        plan.oldMaster = Endpoint{m->host, m->port};
        plan.shardSlots = m->slotCount();
        plan.masterConfigEpoch = qint64(m->configEpoch);
    }
    const ClusterNodeView *master = survey.node(plan.oldMaster);
    const bool masterUp = master != nullptr && master->reachable() && master->replication.value("role") == "master";
    plan.masterOffset = masterUp ? master->offset() : -1;
    plan.currentEpoch = survey.currentEpoch();
    plan.candidates = rank(survey, plan);

    if (request.replica.isValid()) {
        const ClusterFailoverCandidate *chosen = plan.candidate(request.replica);
        if (chosen != nullptr && chosen->eligible)
            plan.target = chosen->endpoint;
    } else if (!plan.candidates.isEmpty() && plan.candidates.first().eligible) {
        plan.target = plan.candidates.first().endpoint;
    }
    if (const ClusterFailoverCandidate *t = plan.candidate(plan.target))
        plan.targetId = t->id;

    const ClusterNodeView *target = survey.node(plan.target);
    if (target != nullptr && target->manualFailoverTimeoutMs > 0) {
        plan.manualFailoverTimeoutMs = target->manualFailoverTimeoutMs;
        plan.manualFailoverTimeoutFromServer = true;
    } else {
        plan.manualFailoverTimeoutMs = kCompiledManualFailoverTimeoutMs;
    }

    // Observers: the target, the old master, and every other master serving slots.
    if (plan.target.isValid())
        plan.observers << plan.target;
    if (plan.oldMaster.isValid())
        plan.observers << plan.oldMaster;
    for (const QByteArray &id : survey.knownIds()) {
        const ClusterNodeLine *l = survey.consensusLine(id);
        const Endpoint e = l ? Endpoint{l->host, l->port} : Endpoint{};
        if (l != nullptr && l->isMaster() && l->slotCount() > 0 && e.isValid() && !plan.observers.contains(e))
            plan.observers << e;
    }

    plan.checks = ClusterFailoverChecks::evaluate(survey, plan);
    if (plan.target.isValid()) {
        QString purpose;
        switch (request.mode) {
        case Mode::Default:
            purpose = QStringLiteral("the master pauses writes until %1 has them all, then %1 is elected").arg(plan.target.toString());
            break;
        case Mode::Force:
            purpose = QStringLiteral("promote %1 without the master's handshake (still elected by the masters)").arg(plan.target.toString());
            break;
        case Mode::Takeover:
            purpose = QStringLiteral("promote %1 with a new epoch of its own: no handshake, no election").arg(plan.target.toString());
            break;
        }
        plan.commands << PlannedCommand{plan.target, RespCommand(ClusterFailoverRequest::commandArgs(request.mode)), purpose};
    }
    return plan;
}

QList<ClusterFailoverCandidate> ClusterFailoverPlanner::rank(const ClusterSurvey &survey, const ClusterFailoverPlan &plan)
{
    QList<ClusterFailoverCandidate> out;
    if (plan.oldMasterId.isEmpty())
        return out;
    qint64 reference = plan.masterOffset;
    QList<const ClusterNodeLine *> replicas;
    for (const QByteArray &id : survey.knownIds()) {
        const ClusterNodeLine *l = survey.consensusLine(id);
        if (l != nullptr && l->isReplica() && l->masterId == plan.oldMasterId)
            replicas << l;
    }
    if (reference < 0)
        for (const ClusterNodeLine *l : std::as_const(replicas))
            if (const ClusterNodeView *v = survey.node(Endpoint{l->host, l->port}); v != nullptr && v->reachable())
                reference = std::max(reference, v->offset());

    const bool needsLink = plan.request.mode == ClusterFailoverRequest::Mode::Default;
    for (const ClusterNodeLine *l : std::as_const(replicas)) {
        ClusterFailoverCandidate c;
        c.endpoint = Endpoint{l->host, l->port};
        c.id = l->id;
        const ClusterNodeView *v = survey.node(c.endpoint);
        const bool readable = v != nullptr && v->reachable();
        c.offset = readable ? v->offset() : -1;
        c.linkUp = readable && v->linkUp();
        c.lagBytes = reference >= 0 && c.offset >= 0 ? std::max<qint64>(0, reference - c.offset) : -1;
        if (l->has(ClusterNodeLine::Fail) || l->has(ClusterNodeLine::PFail))
            c.reason = QStringLiteral("flagged %1 by the cluster").arg(l->has(ClusterNodeLine::Fail) ? QStringLiteral("fail")
                                                                                                     : QStringLiteral("fail?"));
        else if (!readable)
            c.reason = QStringLiteral("cannot be read: %1").arg(v ? v->error : QStringLiteral("not surveyed"));
        else if (needsLink && !c.linkUp)
            c.reason = QStringLiteral("replication link to the master is down (master_link_status: %1): the coordinated "
                                      "failover cannot stream the last writes; FORCE can promote it")
                           .arg(QString::fromUtf8(v->replication.value("master_link_status")));
        else
            c.eligible = true;
        if (c.eligible)
            c.reason = QStringLiteral("link %1, offset %2, %3 behind")
                           .arg(c.linkUp ? QStringLiteral("up") : QStringLiteral("down (expected with the master down)"))
                           .arg(c.offset)
                           .arg(bytesText(c.lagBytes));
        out << c;
    }
    std::stable_sort(out.begin(), out.end(), [](const ClusterFailoverCandidate &a, const ClusterFailoverCandidate &b) {
        if (a.eligible != b.eligible)
            return a.eligible;
        if (!a.eligible)
            return false;
        if (a.linkUp != b.linkUp)
            return a.linkUp;
        if (a.offset != b.offset)
            return a.offset > b.offset;
        return a.endpoint.toString() < b.endpoint.toString();
    });
    int rankNo = 0;
    for (ClusterFailoverCandidate &c : out)
        c.rank = c.eligible ? ++rankNo : 0;
    for (ClusterFailoverCandidate &c : out)
        if (c.rank == 1 && out.size() > 1)
            c.reason += QStringLiteral(" — the best: %1").arg(c.linkUp ? QStringLiteral("link up and the highest offset")
                                                                       : QStringLiteral("the highest offset"));
    return out;
}

} // namespace ops
