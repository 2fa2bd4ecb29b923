#include "PreCheck.h"

#include <QJsonObject>

#include <algorithm>

namespace ops {

QString PreCheck::statusName(Status status)
{
    switch (status) {
    case Status::Pass: return QStringLiteral("pass");
    case Status::Warn: return QStringLiteral("warn");
    case Status::Fail: return QStringLiteral("fail");
    }
    return {};
}

bool preChecksAllow(const PreChecks &checks)
{
    return std::none_of(checks.begin(), checks.end(), [](const PreCheck &c) { return c.blocks(); });
}

PreCheck makePreCheck(const QString &id, const QString &title, PreCheck::Status status, const QString &evidence)
{
    PreCheck c;
    c.id = id;
    c.title = title;
    c.status = status;
    c.evidence = evidence;
    return c;
}

PreCheck replicaLagCheck(const LagEvidence &lag)
{
    PreCheck c = makePreCheck(QStringLiteral("replica-lag"), QStringLiteral("The target is at most %1 B behind").arg(lag.maxLagBytes),
                              PreCheck::Status::Pass, {});
    if (!lag.target.isValid()) {
        c.status = PreCheck::Status::Fail;
        c.evidence = QStringLiteral("no target");
        return c;
    }
    c.evidence = QStringLiteral("%1 is %2 behind (its offset %3, reference %4)")
                     .arg(lag.target.toString(),
                          lag.lagBytes < 0 ? QStringLiteral("an unknown amount") : QStringLiteral("%1 B").arg(lag.lagBytes))
                     .arg(lag.offset)
                     .arg(lag.masterOffset >= 0 ? QStringLiteral("master %1").arg(lag.masterOffset)
                                                : QStringLiteral("most advanced replica (master unreadable)"));
    if (lag.lagBytes < 0 || lag.lagBytes > lag.maxLagBytes) {
        c.status = PreCheck::Status::Fail;
        c.overridable = true;
        c.overridden = lag.overridden;
        c.evidence += lag.overridden ? QStringLiteral(" — overridden by the operator: ") + lag.refusal
                                     : QStringLiteral(" — refused: %1 (override explicitly to accept)").arg(lag.refusal);
    }
    return c;
}

QJsonArray preChecksJson(const PreChecks &checks)
{
    QJsonArray list;
    for (const PreCheck &c : checks)
        list.append(QJsonObject{{QStringLiteral("id"), c.id},
                                {QStringLiteral("status"), PreCheck::statusName(c.status)},
                                {QStringLiteral("overridden"), c.overridden},
                                {QStringLiteral("evidence"), c.evidence}});
    return list;
}

QStringList preChecksLines(const PreChecks &checks)
{
    QStringList lines{QStringLiteral("Pre-checks:")};
    for (const PreCheck &c : checks)
        lines << QStringLiteral("  [%1] %2: %3")
                     .arg(c.overridden ? QStringLiteral("overridden") : PreCheck::statusName(c.status), c.title, c.evidence);
    return lines;
}

} // namespace ops
