#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace ops {

/**
 * @brief One command of a journaled operation (a row of `operation_steps`): the node it targets,
 * the redacted command, and how far it got. A step is stored (Planned) before the command is
 * sent, marked Sent when it is handed to the connection, then Answered, Failed or Unknown (sent,
 * but no reply: the caller re-reads the server's state instead of sending again).
 */
struct OperationStep
{
    enum class State { Planned, Sent, Answered, Failed, Unknown };

    QString operationId;    ///< OperationRecord::id this step belongs to
    int seq = 0;            ///< 1, 2, ... in the order the steps are planned; unique per operation
    QString targetNode;     ///< host:port (or node id) the command goes to
    QString commandText;    ///< already redacted by the caller (RespCommand::redactedText())
    State state = State::Planned;
    QString replySummary;   ///< short text of the reply ("OK", "+switch-master seen", ...)
    qint64 plannedMs = 0;   ///< wall clock, ms since the Unix epoch (UTC)
    qint64 sentMs = 0;      ///< 0 = not sent
    qint64 doneMs = 0;      ///< 0 = no outcome yet
    QString error;          ///< error text when Failed / Unknown

    /** Stable lower-case name: "planned", "sent", "answered", "failed", "unknown". */
    static QString stateName(State state);
    /** State for a stateName(); false (and @p state untouched) if unknown. */
    static bool stateFromName(const QString &name, State *state);

    QJsonObject toJson() const;

    friend bool operator==(const OperationStep &, const OperationStep &) = default;
};

} // namespace ops

Q_DECLARE_METATYPE(ops::OperationStep)
