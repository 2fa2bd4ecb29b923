#include "HealthFinding.h"

#include <QJsonArray>

namespace ops {

HealthFinding HealthFinding::fire(Severity severity, const QString &summary, const QString &fix)
{
    HealthFinding f;
    f.status = Status::Fire;
    f.severity = severity;
    f.summary = summary;
    f.fix = fix;
    return f;
}

HealthFinding HealthFinding::unknown(const QString &why)
{
    HealthFinding f;
    f.status = Status::Unknown;
    f.summary = why;
    return f;
}

HealthFinding HealthFinding::pass(const QString &summary)
{
    HealthFinding f;
    f.summary = summary;
    return f;
}

HealthFinding &HealthFinding::on(const QString &nodeId)
{
    if (!nodes.contains(nodeId))
        nodes << nodeId;
    return *this;
}

HealthFinding &HealthFinding::with(const QString &name, const QString &value)
{
    evidence.append({name, value});
    return *this;
}

HealthFinding &HealthFinding::with(const QString &name, qint64 value)
{
    return with(name, QString::number(value));
}

QString HealthFinding::evidenceText() const
{
    QStringList parts;
    for (const auto &[name, value] : evidence)
        parts << name + QLatin1Char('=') + value;
    return parts.join(QStringLiteral(", "));
}

QJsonObject HealthFinding::toJson() const
{
    QJsonObject ev;
    for (const auto &[name, value] : evidence)
        ev.insert(name, value);
    QJsonObject o{{QStringLiteral("rule"), ruleId},
                  {QStringLiteral("title"), title},
                  {QStringLiteral("status"), statusName(status)},
                  {QStringLiteral("summary"), summary},
                  {QStringLiteral("nodes"), QJsonArray::fromStringList(nodes)},
                  {QStringLiteral("evidence"), ev}};
    if (status == Status::Fire) {
        o.insert(QStringLiteral("severity"), severityName(severity));
        o.insert(QStringLiteral("explanation"), explanation);
        o.insert(QStringLiteral("fix"), fix);
    }
    return o;
}

QString HealthFinding::severityName(Severity severity)
{
    switch (severity) {
    case Severity::Info: return QStringLiteral("info");
    case Severity::Warning: return QStringLiteral("warning");
    case Severity::Critical: return QStringLiteral("critical");
    }
    return {};
}

QString HealthFinding::statusName(Status status)
{
    switch (status) {
    case Status::Pass: return QStringLiteral("pass");
    case Status::Fire: return QStringLiteral("fire");
    case Status::Unknown: return QStringLiteral("unknown");
    }
    return {};
}

bool HealthFinding::parseSeverity(const QString &text, Severity &out)
{
    for (Severity s : {Severity::Info, Severity::Warning, Severity::Critical})
        if (text.compare(severityName(s), Qt::CaseInsensitive) == 0) {
            out = s;
            return true;
        }
    return false;
}

} // namespace ops
