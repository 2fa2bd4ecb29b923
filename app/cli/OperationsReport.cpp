#include "OperationsReport.h"

#include "TextTable.h"
#include "history/OperationSummary.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace ops {

namespace {
QString compact(const QJsonObject &o) { return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)); }
} // namespace

QJsonObject OperationsReport::toJson(const OperationRecord &operation)
{
    QJsonObject o = operation.toJson();
    o.insert(QStringLiteral("durationMs"), OperationSummary::durationMs(operation));
    o.insert(QStringLiteral("unfinished"), !operation.isFinished());
    o.insert(QStringLiteral("started"), OperationSummary::isoTime(operation.startedMs));
    return o;
}

QStringList OperationsReport::listText(const QList<OperationRecord> &operations)
{
    if (operations.isEmpty())
        return {QStringLiteral("no operations")};
    TextTable table({QStringLiteral("ID"), QStringLiteral("KIND"), QStringLiteral("DEPLOYMENT"), QStringLiteral("OPERATOR"),
                     QStringLiteral("MODE"), QStringLiteral("STATE"), QStringLiteral("STARTED"), QStringLiteral("DURATION"),
                     QStringLiteral("OUTCOME")});
    for (const OperationRecord &op : operations)
        table.addRow({op.id, op.kind, op.deploymentId, op.operatorName, op.mode, OperationSummary::stateText(op),
                      OperationSummary::isoTime(op.startedMs),
                      OperationSummary::durationText(OperationSummary::durationMs(op)), op.outcome.simplified()});
    return {table.toString()};
}

QStringList OperationsReport::listJson(const QList<OperationRecord> &operations)
{
    QStringList lines;
    for (const OperationRecord &op : operations)
        lines << compact(toJson(op));
    return lines;
}

QStringList OperationsReport::detailText(const OperationRecord &operation, const OpsEvents &events)
{
    const OperationRecord &op = operation;
    QStringList lines{QStringLiteral("Operation %1").arg(op.id),
                      QStringLiteral("  %1").arg(OperationSummary::headline(op)),
                      QStringLiteral("  deployment: %1").arg(op.deploymentId),
                      QStringLiteral("  state:      %1").arg(OperationSummary::stateText(op)),
                      QStringLiteral("  duration:   %1").arg(OperationSummary::durationText(OperationSummary::durationMs(op)))};
    if (!op.outcome.isEmpty())
        lines << QStringLiteral("  outcome:    %1").arg(op.outcome.simplified());
    if (const QString checks = OperationSummary::preCheckText(op); !checks.isEmpty())
        lines << QStringLiteral("  pre-checks: %1").arg(checks);
    lines << QString() << QStringLiteral("Steps:");
    if (op.steps.isEmpty()) {
        lines << QStringLiteral("  none");
    } else {
        TextTable steps({QStringLiteral("SEQ"), QStringLiteral("NODE"), QStringLiteral("COMMAND"), QStringLiteral("STATE"),
                         QStringLiteral("REPLY/ERROR"), QStringLiteral("PLANNED"), QStringLiteral("SENT"), QStringLiteral("DONE")});
        for (const OperationStep &s : op.steps)
            steps.addRow({QString::number(s.seq), s.targetNode, s.commandText, OperationStep::stateName(s.state),
                          (s.error.isEmpty() ? s.replySummary : s.error).simplified(), OperationSummary::isoTime(s.plannedMs),
                          OperationSummary::isoTime(s.sentMs), OperationSummary::isoTime(s.doneMs)});
        lines << steps.toString();
    }
    lines << QString() << QStringLiteral("Events:");
    if (events.isEmpty()) {
        lines << QStringLiteral("  none");
    } else {
        TextTable table({QStringLiteral("TIME"), QStringLiteral("KIND"), QStringLiteral("NODE"), QStringLiteral("HEARD FROM"),
                         QStringLiteral("MESSAGE")});
        for (const OpsEvent &e : events)
            table.addRow({OperationSummary::isoTime(e.timestampMs), e.kindName(), e.nodeId,
                          e.details.value(QStringLiteral("sentinel")).toString(), e.message.simplified()});
        lines << table.toString();
    }
    return lines;
}

QString OperationsReport::detailJson(const OperationRecord &operation, const OpsEvents &events)
{
    QJsonObject o = toJson(operation);
    QJsonArray array;
    for (const OpsEvent &e : events)
        array.append(e.toJson());
    o.insert(QStringLiteral("events"), array);
    if (!o.contains(QStringLiteral("steps")))
        o.insert(QStringLiteral("steps"), QJsonArray());
    return compact(o);
}

} // namespace ops
