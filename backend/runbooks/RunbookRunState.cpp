#include "RunbookRunState.h"

namespace ops {

namespace {
const QStringList kStatusNames{QStringLiteral("pending"), QStringLiteral("running"), QStringLiteral("waiting"),
                               QStringLiteral("passed"),  QStringLiteral("done"),    QStringLiteral("failed"),
                               QStringLiteral("skipped")};
} // namespace

QString RunbookStepState::statusName(Status status) { return kStatusNames.value(int(status)); }

bool RunbookStepState::statusFromName(const QString &name, Status *status)
{
    const qsizetype i = kStatusNames.indexOf(name);
    if (i < 0)
        return false;
    *status = Status(i);
    return true;
}

} // namespace ops
