#include "DrillHistory.h"

#include "history/HistoryStore.h"

namespace ops {

HistoryError DrillHistory::save(HistoryStore &store, const DrillScore &score)
{
    AuditRecord r;
    r.timestampMs = score.startedMs;
    r.deploymentId = QStringLiteral("drill:") + score.scenarioId;
    r.actor = score.trainee;
    r.action = QString::fromLatin1(kAction);
    r.commandText = QStringLiteral("drill run %1 --seed %2").arg(score.scenarioId).arg(score.seed);
    r.outcome = score.outcome;
    r.details = score.toJson();
    return store.appendAudit(r);
}

QList<DrillScore> DrillHistory::runs(const HistoryStore &store, const QString &trainee, HistoryError *error)
{
    QList<DrillScore> out;
    for (const AuditRecord &r : store.audit({}, 0, error))
        if (r.action == QLatin1String(kAction) && (trainee.isEmpty() || r.actor == trainee))
            out << DrillScore::fromJson(r.details);
    return out;
}

} // namespace ops
