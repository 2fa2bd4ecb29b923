#include "OperationStep.h"

namespace ops {

namespace {
constexpr OperationStep::State kStates[] = {OperationStep::State::Planned, OperationStep::State::Sent,
                                            OperationStep::State::Answered, OperationStep::State::Failed,
                                            OperationStep::State::Unknown};
} // namespace

QString OperationStep::stateName(State state)
{
    switch (state) {
    case State::Planned: return QStringLiteral("planned");
    case State::Sent: return QStringLiteral("sent");
    case State::Answered: return QStringLiteral("answered");
    case State::Failed: return QStringLiteral("failed");
    case State::Unknown: return QStringLiteral("unknown");
    }
    return QStringLiteral("unknown");
}

bool OperationStep::stateFromName(const QString &name, State *state)
{
    for (State s : kStates)
        if (stateName(s) == name) {
            *state = s;
            return true;
        }
    return false;
}

QJsonObject OperationStep::toJson() const
{
    QJsonObject o{{QStringLiteral("operation"), operationId},
                  {QStringLiteral("seq"), seq},
                  {QStringLiteral("node"), targetNode},
                  {QStringLiteral("command"), commandText},
                  {QStringLiteral("state"), stateName(state)},
                  {QStringLiteral("plannedMs"), plannedMs}};
    if (!replySummary.isEmpty())
        o.insert(QStringLiteral("reply"), replySummary);
    if (sentMs != 0)
        o.insert(QStringLiteral("sentMs"), sentMs);
    if (doneMs != 0)
        o.insert(QStringLiteral("doneMs"), doneMs);
    if (!error.isEmpty())
        o.insert(QStringLiteral("error"), error);
    return o;
}

} // namespace ops
