#pragma once

#include "resp/Endpoint.h"
#include "resp/RespCommand.h"

#include <QJsonArray>
#include <QList>
#include <QString>

namespace ops {

/**
 * @brief One command an action will send, as the preview shows it and the journal records it:
 * the node it targets, the command (shown and stored only redacted) and why.
 */
struct PlannedCommand
{
    Endpoint target;
    RespCommand command;
    QString purpose;     ///< "promote the chosen replica", "pause writes on the old master", ...

    /** `127.0.0.1:6380  CLIENT PAUSE 5000 WRITE  (pause writes on the old master)` */
    QString previewLine() const;
};

using PlannedCommands = QList<PlannedCommand>;

/** The commands as a plan's JSON shows them: target, command (redacted), purpose. */
QJsonArray plannedCommandsJson(const PlannedCommands &commands);
/** "Commands:" and one numbered previewLine() per command, as describe() shows them. */
QStringList plannedCommandsLines(const PlannedCommands &commands);

} // namespace ops
