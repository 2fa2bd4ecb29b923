#include "SentinelFailoverPlanner.h"

#include "SentinelFailoverChecks.h"

#include <QSet>

#include <algorithm>

namespace ops {

namespace {

QString bytesText(qint64 bytes)
{
    return bytes < 0 ? QStringLiteral("unknown") : QStringLiteral("%1 B").arg(bytes);
}

const SentinelView *executingSentinel(const SentinelSurvey &survey, const Endpoint &master)
{
    const SentinelView *fallback = nullptr;
    for (const SentinelView &s : survey.sentinels) {
        if (!s.reachable() || s.masterEndpoint() != master)
            continue;
        if (s.ckquorum.ok)
            return &s;
        if (fallback == nullptr)
            fallback = &s;
    }
    return fallback;
}

} // namespace

SentinelFailoverPlan SentinelFailoverPlanner::plan(const SentinelSurvey &survey, const SentinelFailoverRequest &request)
{
    SentinelFailoverPlan plan;
    plan.request = request;
    plan.oldMaster = survey.majorityMaster();
    if (!plan.oldMaster.isValid())
        plan.oldMaster = survey.master.endpoint;
    for (const SentinelView &s : survey.sentinels)
        plan.sentinels << s.sentinel;
    const SentinelView *view = executingSentinel(survey, plan.oldMaster);
    if (view != nullptr)
        plan.sentinel = view->sentinel;

    const bool masterUp = survey.master.reachable() && survey.master.isMaster();
    plan.masterOffset = masterUp ? survey.master.offset() : -1;
    qint64 reference = plan.masterOffset;
    if (reference < 0)
        for (const DataNodeView &r : survey.replicas)
            reference = std::max(reference, r.reachable() ? r.offset() : -1);
    plan.candidates = rank(survey, view, reference);

    const FailoverCandidate *best = plan.candidates.isEmpty() || !plan.candidates.first().eligible
        ? nullptr : &plan.candidates.first();
    if (request.preferred.isValid()) {
        const FailoverCandidate *chosen = plan.candidate(request.preferred);
        if (chosen != nullptr && chosen->eligible)
            plan.target = chosen->endpoint;
    } else if (best != nullptr) {
        plan.target = best->endpoint;
    }

    // Sentinel picks the lowest replica-priority first. Make the target the only lowest one when
    // the operator chose it, or in graceful mode (caught-up replicas tie on offset, and the run id
    // would decide).
    const FailoverCandidate *target = plan.candidate(plan.target);
    const bool mustPrefer = target != nullptr
        && (request.mode == SentinelFailoverRequest::Mode::Graceful || target->rank != 1);
    if (mustPrefer) {
        bool alreadyLowest = true;
        for (const FailoverCandidate &c : std::as_const(plan.candidates))
            if (c.eligible && c.endpoint != target->endpoint && c.priority <= target->priority)
                alreadyLowest = false;
        if (!alreadyLowest) {
            plan.targetPriority = 1;
            plan.priorityChanges << qMakePair(target->endpoint, target->priority);
            for (const FailoverCandidate &c : std::as_const(plan.candidates))
                if (c.eligible && c.endpoint != target->endpoint && c.priority <= 1)
                    plan.priorityChanges << qMakePair(c.endpoint, c.priority);
        }
    }
    plan.checks = SentinelFailoverChecks::evaluate(survey, plan);
    addCommands(plan);
    return plan;
}

QList<FailoverCandidate> SentinelFailoverPlanner::rank(const SentinelSurvey &survey, const SentinelView *view,
                                                        qint64 reference)
{
    QList<FailoverCandidate> out;
    QSet<QString> seen;
    auto judge = [&](const Endpoint &endpoint, const SentinelReplicaState *fromSentinel) {
        if (seen.contains(endpoint.toString()))
            return;
        seen.insert(endpoint.toString());
        FailoverCandidate c;
        c.endpoint = endpoint;
        const DataNodeView *direct = survey.replica(endpoint);
        const bool readable = direct != nullptr && direct->reachable();
        if (fromSentinel != nullptr)
            c.runId = fromSentinel->runId;
        c.priority = readable ? direct->priority() : (fromSentinel ? fromSentinel->replicaPriority : -1);
        c.offset = readable ? direct->offset() : (fromSentinel ? fromSentinel->replOffset : -1);
        c.linkUp = readable ? direct->linkUp() : (fromSentinel && fromSentinel->masterLinkStatus == "ok");
        c.lagBytes = reference >= 0 && c.offset >= 0 ? std::max<qint64>(0, reference - c.offset) : -1;
        const qint64 downAfter = view ? view->master.downAfterMs : 0;
        if (fromSentinel != nullptr && fromSentinel->sdown())
            c.reason = QStringLiteral("down (Sentinel flags: %1)").arg(QString::fromUtf8(fromSentinel->flags.join(',')));
        else if (fromSentinel != nullptr && fromSentinel->disconnected())
            c.reason = QStringLiteral("the sentinel has no link to it (disconnected)");
        else if (fromSentinel != nullptr && downAfter > 0 && fromSentinel->lastOkPingReplyMs > 5 * downAfter)
            c.reason = QStringLiteral("no PING reply for %1 ms (over 5 × down-after-milliseconds)")
                           .arg(fromSentinel->lastOkPingReplyMs);
        else if (c.priority == 0)
            c.reason = QStringLiteral("replica-priority 0: never promoted");
        else if (direct != nullptr && !direct->reachable())
            c.reason = QStringLiteral("cannot be read: %1").arg(direct->error);
        else if (!c.linkUp)
            c.reason = QStringLiteral("replication link to the master is down (master_link_status: %1)")
                           .arg(readable ? QString::fromUtf8(direct->replication.value("master_link_status"))
                                         : QStringLiteral("unknown"));
        else
            c.eligible = true;
        if (c.eligible)
            c.reason = QStringLiteral("replica-priority %1, offset %2, %3 behind")
                           .arg(c.priority).arg(c.offset).arg(bytesText(c.lagBytes));
        out << c;
    };
    if (view != nullptr)
        for (const SentinelReplicaState &r : view->replicas)
            judge(Endpoint{r.host, r.port}, &r);
    for (const DataNodeView &r : survey.replicas)
        judge(r.endpoint, nullptr);

    std::stable_sort(out.begin(), out.end(), [](const FailoverCandidate &a, const FailoverCandidate &b) {
        if (a.eligible != b.eligible)
            return a.eligible;
        if (!a.eligible)
            return false;
        if (a.priority != b.priority)
            return a.priority < b.priority;
        if (a.offset != b.offset)
            return a.offset > b.offset;
        return a.runId < b.runId;
    });
    int rankNo = 0;
    for (FailoverCandidate &c : out)
        c.rank = c.eligible ? ++rankNo : 0;
    return out;
}

void SentinelFailoverPlanner::addCommands(SentinelFailoverPlan &plan)
{
    if (!plan.target.isValid() || !plan.sentinel.isValid())
        return;
    const SentinelFailoverRequest &r = plan.request;
    const bool graceful = r.mode == SentinelFailoverRequest::Mode::Graceful;
    const QByteArray name = r.masterName;
    PlannedCommands &out = plan.commands;
    for (const auto &[node, original] : std::as_const(plan.priorityChanges)) {
        const int value = node == plan.target ? plan.targetPriority : 2;
        out << PlannedCommand{node, RespCommand{"CONFIG", "SET", "replica-priority", QByteArray::number(value)},
                              node == plan.target ? QStringLiteral("make it Sentinel's first choice (was %1)").arg(original)
                                                  : QStringLiteral("rank it after the target (was %1)").arg(original)};
    }
    if (graceful)
        out << PlannedCommand{plan.oldMaster,
                              RespCommand{"CLIENT", "PAUSE", QByteArray::number(r.pauseTimeoutMs), "WRITE"},
                              QStringLiteral("pause writes; the server lifts the pause by itself after %1 ms")
                                  .arg(r.pauseTimeoutMs)};
    out << PlannedCommand{plan.sentinel, RespCommand{"SENTINEL", "FAILOVER", name},
                          graceful ? QStringLiteral("once %1 has the master's offset: promote it").arg(plan.target.toString())
                                   : QStringLiteral("promote %1").arg(plan.target.toString())};
    if (graceful) {
        out << PlannedCommand{plan.oldMaster,
                              RespCommand{"REPLICAOF", plan.target.host.toUtf8(), QByteArray::number(plan.target.port)},
                              QStringLiteral("once %1 is master: demote the old master as Sentinel would, while writes "
                                             "are still paused").arg(plan.target.toString())};
        out << PlannedCommand{plan.oldMaster, RespCommand{"CLIENT", "UNPAUSE"},
                              QStringLiteral("resume clients: writes now get -READONLY and go to the new master")};
    }
    for (const auto &[node, original] : std::as_const(plan.priorityChanges))
        out << PlannedCommand{node, RespCommand{"CONFIG", "SET", "replica-priority", QByteArray::number(original)},
                              QStringLiteral("restore its replica-priority")};
}

} // namespace ops
