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
    QJsonArray checkList;
    for (const PreCheck &c : checks)
        checkList.append(QJsonObject{{QStringLiteral("id"), c.id},
                                     {QStringLiteral("status"), PreCheck::statusName(c.status)},
                                     {QStringLiteral("overridden"), c.overridden},
                                     {QStringLiteral("evidence"), c.evidence}});
    QJsonArray commandList;
    for (const PlannedCommand &c : commands)
        commandList.append(QJsonObject{{QStringLiteral("target"), c.target.toString()},
                                       {QStringLiteral("command"), c.command.redactedText()},
                                       {QStringLiteral("purpose"), c.purpose}});
    return QJsonObject{{QStringLiteral("master"), QString::fromUtf8(request.masterName)},
                       {QStringLiteral("mode"), SentinelFailoverRequest::modeName(request.mode)},
                       {QStringLiteral("oldMaster"), oldMaster.toString()},
                       {QStringLiteral("target"), target.toString()},
                       {QStringLiteral("sentinel"), sentinel.toString()},
                       {QStringLiteral("masterOffset"), masterOffset},
                       {QStringLiteral("maxLagBytes"), request.maxLagBytes},
                       {QStringLiteral("allowed"), allowed()},
                       {QStringLiteral("candidates"), candidateList},
                       {QStringLiteral("checks"), checkList},
                       {QStringLiteral("commands"), commandList}};
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
    lines << QStringLiteral("Pre-checks:");
    for (const PreCheck &c : checks)
        lines << QStringLiteral("  [%1] %2: %3")
                     .arg(c.overridden ? QStringLiteral("overridden") : PreCheck::statusName(c.status), c.title, c.evidence);
    lines << QStringLiteral("Commands:");
    for (int i = 0; i < commands.size(); ++i)
        lines << QStringLiteral("  %1. %2").arg(i + 1).arg(commands[i].previewLine());
    return lines;
}

} // namespace ops
