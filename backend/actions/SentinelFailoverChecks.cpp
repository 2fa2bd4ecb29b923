#include "SentinelFailoverChecks.h"

#include <QSet>

namespace ops {

namespace {

using Status = PreCheck::Status;

PreCheck sentinelsReachable(const SentinelSurvey &survey)
{
    const int all = int(survey.sentinels.size());
    const int up = survey.reachableSentinels();
    QStringList down;
    for (const SentinelView &s : survey.sentinels)
        if (!s.reachable())
            down << QStringLiteral("%1 (%2)").arg(s.sentinel.toString(), s.error);
    const QString evidence = QStringLiteral("%1 of %2 sentinels answered").arg(up).arg(all)
        + (down.isEmpty() ? QString() : QStringLiteral("; unreachable: ") + down.join(QStringLiteral(", ")));
    const Status status = all == 0 || up * 2 <= all ? Status::Fail : (up < all ? Status::Warn : Status::Pass);
    return makePreCheck(QStringLiteral("sentinels-reachable"), QStringLiteral("A majority of the sentinels answer"), status,
                        status == Status::Fail ? evidence + QStringLiteral(": without a majority the other sentinels cannot "
                                                                           "authorize or learn the new configuration")
                                               : evidence);
}

PreCheck quorum(const SentinelSurvey &survey)
{
    QStringList lines;
    bool anyFail = false;
    bool anyOk = false;
    for (const SentinelView &s : survey.sentinels) {
        if (!s.reachable())
            continue;
        lines << QStringLiteral("%1: %2").arg(s.sentinel.toString(), s.ckquorum.text);
        anyOk = anyOk || s.ckquorum.ok;
        anyFail = anyFail || !s.ckquorum.ok;
    }
    PreCheck c = makePreCheck(QStringLiteral("quorum"), QStringLiteral("SENTINEL CKQUORUM passes on every sentinel"),
                              anyFail || !anyOk ? Status::Fail : Status::Pass, lines.join(QStringLiteral("; ")));
    if (c.status == Status::Fail)
        c.evidence += QStringLiteral(" — NOQUORUM: too few sentinels are reachable to reach the quorum and a majority; "
                                     "a failover now could not be confirmed by the others (and an automatic one could "
                                     "not be authorized). Restore the sentinels first");
    return c;
}

PreCheck agreement(const SentinelSurvey &survey)
{
    QSet<QString> views;
    QStringList lines;
    for (const SentinelView &s : survey.sentinels) {
        if (!s.reachable())
            continue;
        const QString view = QStringLiteral("%1 epoch %2").arg(s.masterEndpoint().toString()).arg(s.master.configEpoch);
        views.insert(view);
        lines << QStringLiteral("%1 → %2").arg(s.sentinel.toString(), view);
    }
    return makePreCheck(QStringLiteral("sentinels-agree"), QStringLiteral("Every sentinel names the same master and epoch"),
                        views.size() == 1 ? Status::Pass : Status::Fail,
                        lines.isEmpty() ? QStringLiteral("no sentinel answered") : lines.join(QStringLiteral("; ")));
}

PreCheck noFailoverRunning(const SentinelSurvey &survey)
{
    QStringList running;
    for (const SentinelView &s : survey.sentinels) {
        if (!s.reachable())
            continue;
        const QByteArray state = s.master.failoverState;
        if (s.master.failoverInProgress() || (!state.isEmpty() && state != "none"))
            running << QStringLiteral("%1: failover-state %2").arg(s.sentinel.toString(),
                                                                   QString::fromUtf8(state.isEmpty() ? "in progress" : state));
        if (s.master.odown())
            running << QStringLiteral("%1: master is o_down (an automatic failover is due)").arg(s.sentinel.toString());
    }
    return makePreCheck(QStringLiteral("no-failover-running"), QStringLiteral("No failover is already running"),
                        running.isEmpty() ? Status::Pass : Status::Fail,
                        running.isEmpty() ? QStringLiteral("no sentinel reports a failover in progress")
                                          : running.join(QStringLiteral("; ")));
}

PreCheck replicaAvailable(const SentinelFailoverPlan &plan)
{
    QStringList lines;
    for (const FailoverCandidate &c : plan.candidates)
        lines << QStringLiteral("%1: %2").arg(c.endpoint.toString(), c.reason);
    const bool anyEligible = !plan.candidates.isEmpty() && plan.candidates.first().eligible;
    QString evidence = lines.isEmpty() ? QStringLiteral("the sentinels list no replica") : lines.join(QStringLiteral("; "));
    Status status = anyEligible ? Status::Pass : Status::Fail;
    if (plan.request.preferred.isValid() && !plan.target.isValid()) {
        status = Status::Fail;
        evidence = QStringLiteral("the requested replica %1 cannot be promoted; ").arg(plan.request.preferred.toString())
            + evidence;
    }
    return makePreCheck(QStringLiteral("replica-available"), QStringLiteral("A replica can be promoted"), status, evidence);
}

PreCheck targetLag(const SentinelFailoverPlan &plan)
{
    const FailoverCandidate *t = plan.candidate(plan.target);
    LagEvidence lag;
    lag.maxLagBytes = plan.request.maxLagBytes;
    lag.overridden = plan.request.overrideLag;
    lag.masterOffset = plan.masterOffset;
    lag.refusal = QStringLiteral("promoting it loses the writes it has not received");
    if (t != nullptr) {
        lag.target = t->endpoint;
        lag.lagBytes = t->lagBytes;
        lag.offset = t->offset;
    }
    return replicaLagCheck(lag);
}

PreCheck masterReachable(const SentinelSurvey &survey, const SentinelFailoverPlan &plan)
{
    const bool graceful = plan.request.mode == SentinelFailoverRequest::Mode::Graceful;
    const bool up = survey.master.reachable() && survey.master.isMaster();
    QString evidence = up ? QStringLiteral("%1 answers as master, offset %2").arg(plan.oldMaster.toString()).arg(plan.masterOffset)
                          : QStringLiteral("%1: %2").arg(plan.oldMaster.toString(),
                                                         survey.master.reachable()
                                                             ? QStringLiteral("answers, but not as master (role %1)")
                                                                   .arg(QString::fromUtf8(survey.master.replication.value("role")))
                                                             : survey.master.error);
    if (!up && graceful)
        evidence += QStringLiteral(" — graceful mode pauses writes on the old master: use standard mode");
    return makePreCheck(QStringLiteral("master-reachable"), QStringLiteral("The current master answers"),
                        up ? Status::Pass : (graceful ? Status::Fail : Status::Warn), evidence);
}

PreCheck minReplicas(const SentinelSurvey &survey)
{
    const int n = survey.master.minReplicasToWrite;
    if (n < 0)
        return makePreCheck(QStringLiteral("min-replicas-to-write"), QStringLiteral("min-replicas-to-write on the master"),
                            Status::Warn, QStringLiteral("unknown (CONFIG GET was not answered)"));
    return makePreCheck(QStringLiteral("min-replicas-to-write"), QStringLiteral("min-replicas-to-write on the master"),
                        n == 0 ? Status::Warn : Status::Pass,
                        n == 0 ? QStringLiteral("0: the master acknowledges writes no replica has; a failover can lose them")
                               : QStringLiteral("%1: a write is refused unless %1 replica(s) are connected").arg(n));
}

PreCheck writeLoss(const SentinelFailoverPlan &plan)
{
    if (plan.request.mode == SentinelFailoverRequest::Mode::Graceful)
        return makePreCheck(QStringLiteral("write-loss"), QStringLiteral("Writes during the switch"), Status::Pass,
                            QStringLiteral("writes are paused on the old master (at most %1 ms, server-side) until the target "
                                           "has every write; clients then get errors from the demoted master instead of losing data")
                                .arg(plan.request.pauseTimeoutMs));
    return makePreCheck(QStringLiteral("write-loss"), QStringLiteral("Writes during the switch"), Status::Warn,
                        QStringLiteral("SENTINEL FAILOVER promotes without asking the other sentinels, and writes the old master "
                                       "accepts until Sentinel turns it into a replica are lost. Graceful mode pauses writes first"));
}

} // namespace

PreChecks SentinelFailoverChecks::evaluate(const SentinelSurvey &survey, const SentinelFailoverPlan &plan)
{
    QList<ActionClient> clients;
    QStringList unreadable;
    const auto collect = [&](const DataNodeView &v) {
        clients << v.actionClients;
        if (!v.clientListError.isEmpty())
            unreadable << v.endpoint.toString() + QStringLiteral(": ") + v.clientListError;
    };
    collect(survey.master);
    for (const DataNodeView &r : survey.replicas)
        collect(r);
    return {sentinelsReachable(survey), quorum(survey),       agreement(survey),          noFailoverRunning(survey),
            replicaAvailable(plan),     targetLag(plan),      masterReachable(survey, plan), minReplicas(survey),
            writeLoss(plan),            ActionClient::otherOperatorsCheck(clients, unreadable)};
}

} // namespace ops
