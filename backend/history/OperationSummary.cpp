#include "OperationSummary.h"

#include <QDateTime>
#include <QJsonArray>
#include <QMap>

namespace ops {

QString OperationSummary::isoTime(qint64 ms)
{
    if (ms <= 0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QString OperationSummary::headline(const OperationRecord &op)
{
    QString text = op.kind;
    if (!op.target.isEmpty())
        text += QStringLiteral(" of %1").arg(op.target);
    if (!op.mode.isEmpty())
        text += QStringLiteral(" (%1)").arg(op.mode);
    return text + QStringLiteral(" by %1, started %2").arg(op.operatorName, isoTime(op.startedMs));
}

QString OperationSummary::stateText(const OperationRecord &op)
{
    const QString name = OperationRecord::stateName(op.state);
    return op.isFinished() ? name : name + QStringLiteral(" — unfinished (interrupted)");
}

QString OperationSummary::lastStepText(const OperationRecord &op)
{
    if (op.steps.isEmpty())
        return QStringLiteral("no step");
    const OperationStep &s = op.steps.constLast();
    QString text = QStringLiteral("#%1 %2 on %3: %4").arg(s.seq).arg(s.commandText, s.targetNode, OperationStep::stateName(s.state));
    const QString reply = s.error.isEmpty() ? s.replySummary : s.error;
    if (!reply.isEmpty())
        text += QStringLiteral(" (%1)").arg(reply);
    return text;
}

qint64 OperationSummary::durationMs(const OperationRecord &op)
{
    if (!op.isFinished() || op.endedMs <= 0 || op.startedMs <= 0)
        return -1;
    return op.endedMs - op.startedMs;
}

QString OperationSummary::durationText(qint64 ms)
{
    if (ms < 0)
        return QStringLiteral("—");
    if (ms < 10000)
        return QStringLiteral("%1 ms").arg(ms);
    return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
}

QString OperationSummary::preCheckText(const OperationRecord &op)
{
    QStringList parts;
    for (const QJsonValue &v : op.plan.value(QStringLiteral("checks")).toArray()) {
        const QJsonObject c = v.toObject();
        const QString status = c.value(QStringLiteral("overridden")).toBool() ? QStringLiteral("overridden")
                                                                              : c.value(QStringLiteral("status")).toString();
        parts << QStringLiteral("%1: %2").arg(c.value(QStringLiteral("id")).toString(), status);
    }
    return parts.join(QStringLiteral(", "));
}

QString OperationSummary::preCheckCounts(const OperationRecord &op)
{
    QMap<QString, int> counts;
    for (const QJsonValue &v : op.plan.value(QStringLiteral("checks")).toArray()) {
        const QJsonObject c = v.toObject();
        ++counts[c.value(QStringLiteral("overridden")).toBool() ? QStringLiteral("overridden")
                                                                : c.value(QStringLiteral("status")).toString()];
    }
    QStringList parts;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        parts << QStringLiteral("%1 %2").arg(it.value()).arg(it.key());
    return parts.join(QStringLiteral(", "));
}

} // namespace ops
