#include "SentinelFailoverPlan.h"

#include <QJsonArray>

namespace ops {

QString SentinelFailoverRequest::modeName(Mode mode)
{
    return mode == Mode::Graceful ? QStringLiteral("graceful") : QStringLiteral("standard");
}

const FailoverCandidate *SentinelFailoverPlan::candidate(const Endpoint &endpoint) const
{
    for (const FailoverCandidate &c : candidates)
        if (c.endpoint == endpoint)
            return &c;
    return nullptr;
}

QJsonObject SentinelFailoverPlan::toJson() const
{
    QJsonArray candidateList;
    for (const FailoverCandidate &c : candidates)
        candidateList.append(QJsonObject{{QStringLiteral("endpoint"), c.endpoint.toString()},
                                         {QStringLiteral("rank"), c.rank},
                                         {QStringLiteral("eligible"), c.eligible},
                                         {QStringLiteral("priority"), c.priority},
                                         {QStringLiteral("offset"), c.offset},
                                         {QStringLiteral("lagBytes"), c.lagBytes},
                                         {QStringLiteral("reason"), c.reason}});
    return QJsonObject{{QStringLiteral("master"), QString::fromUtf8(request.masterName)},
                       {QStringLiteral("mode"), SentinelFailoverRequest::modeName(request.mode)},
                       {QStringLiteral("oldMaster"), oldMaster.toString()},
                       {QStringLiteral("target"), target.toString()},
                       {QStringLiteral("sentinel"), sentinel.toString()},
                       {QStringLiteral("masterOffset"), masterOffset},
                       {QStringLiteral("maxLagBytes"), request.maxLagBytes},
                       {QStringLiteral("allowed"), allowed()},
                       {QStringLiteral("candidates"), candidateList},
                       {QStringLiteral("checks"), preChecksJson(checks)},
                       {QStringLiteral("commands"), plannedCommandsJson(commands)}};
}

OperationRecord SentinelFailoverPlan::newOperation(const QString &deploymentId) const
{
    OperationRecord record;
    record.id = OperationRecord::newId();
    record.kind = QStringLiteral("sentinel-failover");
    record.deploymentId = deploymentId;
    record.operatorName = OperationRecord::currentOperator();
    record.target = QString::fromUtf8(request.masterName);
    record.mode = SentinelFailoverRequest::modeName(request.mode);
    record.plan = toJson();
    return record;
}

QStringList SentinelFailoverPlan::describe() const
{
    QStringList lines;
    lines << QStringLiteral("Failover of %1 (%2 mode): %3 -> %4")
                 .arg(QString::fromUtf8(request.masterName), SentinelFailoverRequest::modeName(request.mode),
                      oldMaster.toString(), target.isValid() ? target.toString() : QStringLiteral("(no replica qualifies)"));
    lines << QStringLiteral("Candidates:");
    for (const FailoverCandidate &c : candidates)
        lines << QStringLiteral("  %1 %2  %3").arg(c.eligible ? QStringLiteral("#%1").arg(c.rank) : QStringLiteral("--"),
                                                  c.endpoint.toString(), c.reason);
    lines << preChecksLines(checks) << plannedCommandsLines(commands);
    return lines;
}

} // namespace ops
