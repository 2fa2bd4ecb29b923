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
