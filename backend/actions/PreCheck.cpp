#include "PreCheck.h"

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

} // namespace ops
