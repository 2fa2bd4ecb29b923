#include "PlannedCommand.h"

namespace ops {

QString PlannedCommand::previewLine() const
{
    QString line = target.toString() + QStringLiteral("  ") + command.redactedText();
    if (!purpose.isEmpty())
        line += QStringLiteral("  (") + purpose + QLatin1Char(')');
    return line;
}

} // namespace ops
