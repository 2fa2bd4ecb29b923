#include "ClusterFailoverChecks.h"

namespace ops {

namespace {

using Status = PreCheck::Status;
using Mode = ClusterFailoverRequest::Mode;

PreCheck replicaChosen(const ClusterFailoverPlan &plan)
{
    QStringList lines;
    for (const ClusterFailoverCandidate &c : plan.candidates)
        lines << QStringLiteral("%1: %2").arg(c.endpoint.toString(), c.reason);
    QString evidence;
    if (plan.oldMasterId.isEmpty())
        evidence = plan.request.replica.isValid()
            ? QStringLiteral("%1 is not a replica in the cluster's view (unknown, or a master: --cluster-master names a "
                             "master and picks its best replica)").arg(plan.request.replica.toString())
            : QStringLiteral("%1 is not a master in the cluster's view").arg(plan.request.master.toString());
    else
        evidence = lines.isEmpty() ? QStringLiteral("the master %1 has no replica").arg(plan.oldMaster.toString())
                                   : lines.join(QStringLiteral("; "));
    if (plan.request.replica.isValid() && !plan.oldMasterId.isEmpty() && !plan.target.isValid())
        evidence = QStringLiteral("the requested replica %1 cannot be promoted; ").arg(plan.request.replica.toString()) + evidence;
    return makePreCheck(QStringLiteral("replica-available"), QStringLiteral("A replica of the master can be promoted"),
                        plan.target.isValid() ? Status::Pass : Status::Fail, evidence);
}

PreCheck replicaLink(const ClusterFailoverPlan &plan)
{
    const ClusterFailoverCandidate *t = plan.candidate(plan.target);
    if (t == nullptr)
        return makePreCheck(QStringLiteral("replica-link"), QStringLiteral("The target's replication link is up"), Status::Fail,
                            QStringLiteral("no target"));
    if (t->linkUp)
        return makePreCheck(QStringLiteral("replica-link"), QStringLiteral("The target's replication link is up"), Status::Pass,
                            QStringLiteral("%1: master_link_status up").arg(t->endpoint.toString()));
    // Only FORCE / TAKEOVER keep a link-down replica as a candidate.
    return makePreCheck(QStringLiteral("replica-link"), QStringLiteral("The target's replication link is up"), Status::Warn,
                        QStringLiteral("%1: link down; it promotes with what it has (offset %2)").arg(t->endpoint.toString()).arg(t->offset));
}

PreCheck targetLag(const ClusterFailoverPlan &plan)
{
    const ClusterFailoverCandidate *t = plan.candidate(plan.target);
    LagEvidence lag;
    lag.maxLagBytes = plan.request.maxLagBytes;
    lag.overridden = plan.request.overrideLag;
    lag.masterOffset = plan.masterOffset;
    lag.refusal = plan.request.mode == Mode::Default
        ? QStringLiteral("it may not catch up within the manual failover timeout (%1 ms)").arg(plan.manualFailoverTimeoutMs)
        : QStringLiteral("promoting it loses the writes it has not received");
    if (t != nullptr) {
        lag.target = t->endpoint;
        lag.lagBytes = t->lagBytes;
        lag.offset = t->offset;
    }
    return replicaLagCheck(lag);
}

PreCheck clusterState(const ClusterSurvey &survey, const ClusterFailoverPlan &plan)
{
    QStringList failing;
    int ok = 0;
    for (const ClusterNodeView &n : survey.nodes) {
        if (!n.reachable())
            continue;
        if (n.clusterState() == "ok")
            ++ok;
        else
            failing << QStringLiteral("%1: cluster_state %2").arg(n.endpoint.toString(), QString::fromUtf8(n.clusterState()));
    }
    if (failing.isEmpty())
        return makePreCheck(QStringLiteral("cluster-state"), QStringLiteral("cluster_state is ok on every node"),
                            ok > 0 ? Status::Pass : Status::Fail,
                            ok > 0 ? QStringLiteral("%1 nodes report cluster_state:ok").arg(ok) : QStringLiteral("no node answered"));
    const bool forced = plan.request.mode != Mode::Default;
    return makePreCheck(QStringLiteral("cluster-state"), QStringLiteral("cluster_state is ok on every node"),
                        forced ? Status::Warn : Status::Fail,
                        failing.join(QStringLiteral("; "))
                            + (forced ? QStringLiteral(" — expected while the master's slots are uncovered")
                                      : QStringLiteral(" — refused: a coordinated failover needs a healthy cluster; if the master "
                                                       "is down, use FORCE")));
}

PreCheck masterReachable(const ClusterSurvey &survey, const ClusterFailoverPlan &plan)
{
    if (!plan.oldMaster.isValid())
        return makePreCheck(QStringLiteral("master-reachable"), QStringLiteral("The master answers"), Status::Fail,
                            QStringLiteral("no master: the chosen node is not a replica of one"));
    const ClusterNodeView *m = survey.node(plan.oldMaster);
    const bool up = m != nullptr && m->reachable() && m->replication.value("role") == "master";
    const QString title = QStringLiteral("The master answers");
    const QString state = up ? QStringLiteral("%1 answers as master, offset %2").arg(plan.oldMaster.toString()).arg(plan.masterOffset)
                             : QStringLiteral("%1: %2").arg(plan.oldMaster.toString(),
                                                            m == nullptr ? QStringLiteral("not surveyed")
                                                            : m->reachable() ? QStringLiteral("answers, but not as master")
                                                                             : m->error);
    switch (plan.request.mode) {
    case Mode::Default:
        return makePreCheck(QStringLiteral("master-reachable"), title, up ? Status::Pass : Status::Fail,
                            up ? state : state + QStringLiteral(" — the coordinated failover needs the master's handshake: use "
                                                                "FORCE (--force) when the master is down"));
    case Mode::Force:
    case Mode::Takeover:
        return makePreCheck(QStringLiteral("master-reachable"), title, up ? Status::Warn : Status::Pass,
                            up ? state + QStringLiteral(" — the master is up: the default mode would lose no acknowledged write")
                               : state + QStringLiteral(" — not needed in this mode"));
    }
    return {};
}

PreCheck mastersMajority(const ClusterSurvey &survey, const ClusterFailoverPlan &plan)
{
    int masters = 0;
    int voters = 0;
    QStringList down;
    for (const QByteArray &id : survey.knownIds()) {
        const ClusterNodeLine *l = survey.consensusLine(id);
        if (l == nullptr || !l->isMaster() || l->slotCount() == 0)
            continue;
        ++masters;
        const ClusterNodeView *v = survey.node(Endpoint{l->host, l->port});
        if (v != nullptr && v->reachable() && !l->has(ClusterNodeLine::Fail))
            ++voters;
        else
            down << Endpoint{l->host, l->port}.toString();
    }
    const int needed = masters / 2 + 1;
    const QString evidence = QStringLiteral("%1 of %2 masters with slots can vote, %3 needed%4")
                                 .arg(voters).arg(masters).arg(needed)
                                 .arg(down.isEmpty() ? QString() : QStringLiteral("; not voting: ") + down.join(QStringLiteral(", ")));
    if (plan.request.mode == Mode::Takeover)
        return makePreCheck(QStringLiteral("masters-majority"), QStringLiteral("A majority of the masters can vote"), Status::Pass,
                            evidence + QStringLiteral(" — not needed: TAKEOVER does not ask for votes"));
    return makePreCheck(QStringLiteral("masters-majority"), QStringLiteral("A majority of the masters can vote"),
                        voters >= needed ? Status::Pass : Status::Fail,
                        voters >= needed ? evidence
                                         : evidence + QStringLiteral(" — refused: the election cannot be won; only TAKEOVER "
                                                                     "promotes without votes"));
}

PreCheck noFailoverRunning(const ClusterSurvey &survey, const ClusterFailoverPlan &plan)
{
    QStringList running;
    QStringList flagged;
    for (const ClusterNodeView &n : survey.nodes) {
        if (!n.reachable())
            continue;
        const ClusterNodeLine *m = n.line(plan.oldMasterId);
        if (m == nullptr)
            continue;
        if (m->isReplica())
            running << QStringLiteral("%1 lists %2 as a replica").arg(n.endpoint.toString(), plan.oldMaster.toString());
        if (m->has(ClusterNodeLine::Fail))
            flagged << QStringLiteral("%1 flags %2 fail").arg(n.endpoint.toString(), plan.oldMaster.toString());
        else if (m->has(ClusterNodeLine::PFail))
            flagged << QStringLiteral("%1 flags %2 fail?").arg(n.endpoint.toString(), plan.oldMaster.toString());
        for (const ClusterFailoverCandidate &c : plan.candidates)
            if (const ClusterNodeLine *r = n.line(c.id); r != nullptr && r->isMaster())
                running << QStringLiteral("%1 lists %2 as a master").arg(n.endpoint.toString(), c.endpoint.toString());
    }
    const QString title = QStringLiteral("No failover is already running");
    if (!running.isEmpty())
        return makePreCheck(QStringLiteral("no-failover-running"), title, Status::Fail,
                            running.join(QStringLiteral("; ")) + QStringLiteral(" — the nodes disagree on the shard's master: "
                                                                                "a failover is under way; wait for it to settle"));
    if (flagged.isEmpty())
        return makePreCheck(QStringLiteral("no-failover-running"), title, Status::Pass,
                            QStringLiteral("every node names %1 the shard's master and none flags it").arg(plan.oldMaster.toString()));
    const bool forced = plan.request.mode != Mode::Default;
    return makePreCheck(QStringLiteral("no-failover-running"), title, forced ? Status::Warn : Status::Fail,
                        flagged.join(QStringLiteral("; "))
                            + (forced ? QStringLiteral(" — an automatic failover is due and may overtake this one (reported if it does)")
                                      : QStringLiteral(" — an automatic failover is due; use FORCE if the master is really down")));
}

PreCheck writeLoss(const ClusterFailoverPlan &plan)
{
    const QString title = QStringLiteral("Writes during the switch");
    switch (plan.request.mode) {
    case Mode::Default:
        return makePreCheck(QStringLiteral("write-loss"), title, Status::Pass,
                            QStringLiteral("the master pauses clients until the replica has every write (at most %1 ms), then "
                                           "redirects them: no acknowledged write is lost").arg(plan.manualFailoverTimeoutMs));
    case Mode::Force:
        return makePreCheck(QStringLiteral("write-loss"), title, Status::Warn,
                            QStringLiteral("FORCE does not wait for the replica to catch up: writes the master acknowledged that the "
                                           "replica has not received are lost"));
    case Mode::Takeover:
        return makePreCheck(QStringLiteral("write-loss"), title, Status::Warn,
                            QStringLiteral("TAKEOVER asks nobody: the replica gives itself a new config epoch and claims the slots. "
                                           "Writes the old master acknowledged that the replica has not received are lost, and if "
                                           "other masters also bump epochs meanwhile (another takeover, a partition) the cluster can "
                                           "hold two claims with different epochs until the higher one wins — the loser's writes are "
                                           "discarded. Use it only when a majority of masters cannot vote"));
    }
    return {};
}

} // namespace

PreChecks ClusterFailoverChecks::evaluate(const ClusterSurvey &survey, const ClusterFailoverPlan &plan)
{
    QList<ActionClient> clients;
    QStringList unreadable;
    for (const ClusterNodeView &n : survey.nodes) {
        clients << n.actionClients;
        if (!n.clientListError.isEmpty())
            unreadable << n.endpoint.toString() + QStringLiteral(": ") + n.clientListError;
    }
    return {replicaChosen(plan),           replicaLink(plan),
            targetLag(plan),               clusterState(survey, plan),
            masterReachable(survey, plan), mastersMajority(survey, plan),
            noFailoverRunning(survey, plan), writeLoss(plan),
            ActionClient::otherOperatorsCheck(clients, unreadable)};
}

} // namespace ops
