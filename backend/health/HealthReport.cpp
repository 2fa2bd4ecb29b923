#include "HealthReport.h"

#include <QDateTime>
#include <QJsonArray>

namespace ops {

QList<HealthFinding> HealthReport::firing(HealthFinding::Severity minimum) const
{
    QList<HealthFinding> out;
    for (const HealthFinding &f : findings)
        if (f.fires() && f.severity >= minimum)
            out << f;
    return out;
}

QList<HealthFinding> HealthReport::unknown() const
{
    QList<HealthFinding> out;
    for (const HealthFinding &f : findings)
        if (f.status == HealthFinding::Status::Unknown)
            out << f;
    return out;
}

std::optional<HealthFinding::Severity> HealthReport::worst() const
{
    std::optional<HealthFinding::Severity> w;
    for (const HealthFinding &f : findings)
        if (f.fires() && (!w || f.severity > *w))
            w = f.severity;
    return w;
}

QList<HealthFinding> HealthReport::ofRule(const QString &ruleId) const
{
    QList<HealthFinding> out;
    for (const HealthFinding &f : findings)
        if (f.ruleId == ruleId)
            out << f;
    return out;
}

QList<HealthFinding> HealthReport::firingOn(const QString &nodeId) const
{
    QList<HealthFinding> out;
    for (const HealthFinding &f : findings)
        if (f.fires() && f.nodes.contains(nodeId))
            out << f;
    return out;
}

QJsonObject HealthReport::toJson(HealthFinding::Severity minimum) const
{
    QJsonArray list;
    for (const HealthFinding &f : findings)
        list.append(f.toJson());
    const std::optional<HealthFinding::Severity> w = worst();
    return {{QStringLiteral("deployment"), deploymentId},
            {QStringLiteral("kind"), TopologySnapshot::kindName(kind)},
            {QStringLiteral("time"), QDateTime::fromMSecsSinceEpoch(timestampMs, Qt::UTC).toString(Qt::ISODateWithMs)},
            {QStringLiteral("minSeverity"), HealthFinding::severityName(minimum)},
            {QStringLiteral("ok"), !fails(minimum)},
            {QStringLiteral("worst"), w ? HealthFinding::severityName(*w) : QStringLiteral("none")},
            {QStringLiteral("findings"), list}};
}

} // namespace ops
