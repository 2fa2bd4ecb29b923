#include "PlannedCommand.h"

#include <QJsonObject>

namespace ops {

QString PlannedCommand::previewLine() const
{
    QString line = target.toString() + QStringLiteral("  ") + command.redactedText();
    if (!purpose.isEmpty())
        line += QStringLiteral("  (") + purpose + QLatin1Char(')');
    return line;
}

QJsonArray plannedCommandsJson(const PlannedCommands &commands)
{
    QJsonArray list;
    for (const PlannedCommand &c : commands)
        list.append(QJsonObject{{QStringLiteral("target"), c.target.toString()},
                                {QStringLiteral("command"), c.command.redactedText()},
                                {QStringLiteral("purpose"), c.purpose}});
    return list;
}

QStringList plannedCommandsLines(const PlannedCommands &commands)
{
    QStringList lines{QStringLiteral("Commands:")};
    for (int i = 0; i < commands.size(); ++i)
        lines << QStringLiteral("  %1. %2").arg(i + 1).arg(commands[i].previewLine());
    return lines;
}

} // namespace ops
