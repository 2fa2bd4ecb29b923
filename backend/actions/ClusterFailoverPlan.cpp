#include "ClusterFailoverPlan.h"

#include <QJsonArray>

namespace ops {

QString ClusterFailoverRequest::modeName(Mode mode)
{
    switch (mode) {
    case Mode::Default: return QStringLiteral("default");
    case Mode::Force: return QStringLiteral("force");
    case Mode::Takeover: return QStringLiteral("takeover");
    }
    return {};
}

QList<QByteArray> ClusterFailoverRequest::commandArgs(Mode mode)
{
    switch (mode) {
    case Mode::Default: break;
    case Mode::Force: return {"CLUSTER", "FAILOVER", "FORCE"};
    case Mode::Takeover: return {"CLUSTER", "FAILOVER", "TAKEOVER"};
    }
    return {"CLUSTER", "FAILOVER"};
}

const ClusterFailoverCandidate *ClusterFailoverPlan::candidate(const Endpoint &endpoint) const
{
    for (const ClusterFailoverCandidate &c : candidates)
        if (c.endpoint == endpoint)
            return &c;
    return nullptr;
}

qint64 ClusterFailoverPlan::deadlineMs() const
{
    return request.mode == ClusterFailoverRequest::Mode::Default ? manualFailoverTimeoutMs + request.verifyMarginMs
                                                                 : request.forcedDeadlineMs;
}

QJsonObject ClusterFailoverPlan::toJson() const
{
    QJsonArray candidateList;
    for (const ClusterFailoverCandidate &c : candidates)
        candidateList.append(QJsonObject{{QStringLiteral("endpoint"), c.endpoint.toString()},
                                         {QStringLiteral("id"), QString::fromLatin1(c.id)},
                                         {QStringLiteral("rank"), c.rank},
                                         {QStringLiteral("eligible"), c.eligible},
                                         {QStringLiteral("offset"), c.offset},
                                         {QStringLiteral("lagBytes"), c.lagBytes},
                                         {QStringLiteral("linkUp"), c.linkUp},
                                         {QStringLiteral("reason"), c.reason}});
    QJsonArray observerList;
    for (const Endpoint &o : observers)
        observerList.append(o.toString());
    return QJsonObject{{QStringLiteral("mode"), ClusterFailoverRequest::modeName(request.mode)},
                       {QStringLiteral("deployment"), deploymentId},
                       {QStringLiteral("oldMaster"), oldMaster.toString()},
                       {QStringLiteral("oldMasterId"), QString::fromLatin1(oldMasterId)},
                       {QStringLiteral("shardSlots"), shardSlots},
                       {QStringLiteral("target"), target.toString()},
                       {QStringLiteral("targetId"), QString::fromLatin1(targetId)},
                       {QStringLiteral("masterOffset"), masterOffset},
                       {QStringLiteral("currentEpoch"), currentEpoch},
                       {QStringLiteral("masterConfigEpoch"), masterConfigEpoch},
                       {QStringLiteral("manualFailoverTimeoutMs"), manualFailoverTimeoutMs},
                       {QStringLiteral("deadlineMs"), deadlineMs()},
                       {QStringLiteral("maxLagBytes"), request.maxLagBytes},
                       {QStringLiteral("allowed"), allowed()},
                       {QStringLiteral("observers"), observerList},
                       {QStringLiteral("candidates"), candidateList},
                       {QStringLiteral("checks"), preChecksJson(checks)},
                       {QStringLiteral("commands"), plannedCommandsJson(commands)}};
}

QStringList ClusterFailoverPlan::describe() const
{
    QStringList lines;
    lines << QStringLiteral("Cluster failover (%1 mode) of the shard of %2 (%3 slots): %2 -> %4")
                 .arg(ClusterFailoverRequest::modeName(request.mode), oldMaster.toString())
                 .arg(shardSlots)
                 .arg(target.isValid() ? target.toString() : QStringLiteral("(no replica qualifies)"));
    lines << QStringLiteral("Epochs before: currentEpoch %1, master config epoch %2; the deadline is %3 ms (%4)")
                 .arg(currentEpoch)
                 .arg(masterConfigEpoch)
                 .arg(deadlineMs())
                 .arg(request.mode == ClusterFailoverRequest::Mode::Default
                          ? QStringLiteral("manual failover timeout %1 ms%2 + %3 ms margin")
                                .arg(manualFailoverTimeoutMs)
                                .arg(manualFailoverTimeoutFromServer ? QString() : QStringLiteral(" (Redis's compiled-in value)"))
                                .arg(request.verifyMarginMs)
                          : QStringLiteral("fixed bound of FORCE / TAKEOVER"));
    lines << QStringLiteral("Candidates:");
    for (const ClusterFailoverCandidate &c : candidates)
        lines << QStringLiteral("  %1 %2  %3").arg(c.eligible ? QStringLiteral("#%1").arg(c.rank) : QStringLiteral("--"),
                                                  c.endpoint.toString(), c.reason);
    lines << preChecksLines(checks) << plannedCommandsLines(commands);
    return lines;
}

} // namespace ops
