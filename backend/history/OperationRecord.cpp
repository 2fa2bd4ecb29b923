#include "OperationRecord.h"

#include <QJsonArray>
#include <QUuid>

#include <pwd.h>
#include <unistd.h>

namespace ops {

namespace {
constexpr OperationRecord::State kStates[] = {
    OperationRecord::State::Planned,   OperationRecord::State::Running,   OperationRecord::State::Succeeded,
    OperationRecord::State::Failed,    OperationRecord::State::Aborted,   OperationRecord::State::Cancelled,
    OperationRecord::State::Unknown};
} // namespace

QString OperationRecord::stateName(State state)
{
    switch (state) {
    case State::Planned: return QStringLiteral("planned");
    case State::Running: return QStringLiteral("running");
    case State::Succeeded: return QStringLiteral("succeeded");
    case State::Failed: return QStringLiteral("failed");
    case State::Aborted: return QStringLiteral("aborted");
    case State::Cancelled: return QStringLiteral("cancelled");
    case State::Unknown: return QStringLiteral("unknown");
    }
    return QStringLiteral("unknown");
}

bool OperationRecord::stateFromName(const QString &name, State *state)
{
    for (State s : kStates)
        if (stateName(s) == name) {
            *state = s;
            return true;
        }
    return false;
}

QString OperationRecord::newId() { return QUuid::createUuid().toString(QUuid::WithoutBraces); }

QString OperationRecord::currentOperator()
{
    for (const char *variable : {"USER", "LOGNAME"})
        if (const QString user = qEnvironmentVariable(variable); !user.isEmpty())
            return user;
    if (const passwd *entry = ::getpwuid(::getuid()); entry != nullptr && entry->pw_name != nullptr)
        return QString::fromLocal8Bit(entry->pw_name);
    return QStringLiteral("unknown");
}

QJsonObject OperationRecord::toJson() const
{
    QJsonObject o{{QStringLiteral("id"), id},
                  {QStringLiteral("kind"), kind},
                  {QStringLiteral("deployment"), deploymentId},
                  {QStringLiteral("operator"), operatorName},
                  {QStringLiteral("target"), target},
                  {QStringLiteral("mode"), mode},
                  {QStringLiteral("state"), stateName(state)},
                  {QStringLiteral("startedMs"), startedMs}};
    if (!plan.isEmpty())
        o.insert(QStringLiteral("plan"), plan);
    if (endedMs != 0)
        o.insert(QStringLiteral("endedMs"), endedMs);
    if (!outcome.isEmpty())
        o.insert(QStringLiteral("outcome"), outcome);
    if (!details.isEmpty())
        o.insert(QStringLiteral("details"), details);
    if (!steps.isEmpty()) {
        QJsonArray array;
        for (const OperationStep &step : steps)
            array.append(step.toJson());
        o.insert(QStringLiteral("steps"), array);
    }
    return o;
}

} // namespace ops
