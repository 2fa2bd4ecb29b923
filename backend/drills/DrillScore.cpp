#include "DrillScore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTimeZone>

namespace ops {

QString DrillScore::secondsText(qint64 ms, const QString &never)
{
    return ms < 0 ? never : QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
}

QJsonObject DrillScore::toJson() const
{
    return QJsonObject{
        {QStringLiteral("scenario"), scenarioId},
        {QStringLiteral("trainee"), trainee},
        {QStringLiteral("seed"), qint64(seed)},
        {QStringLiteral("startedMs"), startedMs},
        {QStringLiteral("outcome"), outcome},
        {QStringLiteral("detectMs"), detectMs},
        {QStringLiteral("recoverMs"), recoverMs},
        {QStringLiteral("ackedWrites"), ackedWrites},
        {QStringLiteral("lostWrites"), lostWrites},
        {QStringLiteral("actions"), QJsonArray::fromStringList(actions)},
        {QStringLiteral("runbookSteps"), runbookSteps},
        {QStringLiteral("matchedSteps"), matchedSteps},
        {QStringLiteral("note"), note},
    };
}

DrillScore DrillScore::fromJson(const QJsonObject &json)
{
    DrillScore s;
    s.scenarioId = json.value(QStringLiteral("scenario")).toString();
    s.trainee = json.value(QStringLiteral("trainee")).toString();
    s.seed = quint32(json.value(QStringLiteral("seed")).toInteger());
    s.startedMs = json.value(QStringLiteral("startedMs")).toInteger();
    s.outcome = json.value(QStringLiteral("outcome")).toString();
    s.detectMs = json.value(QStringLiteral("detectMs")).toInteger(-1);
    s.recoverMs = json.value(QStringLiteral("recoverMs")).toInteger(-1);
    s.ackedWrites = json.value(QStringLiteral("ackedWrites")).toInteger();
    s.lostWrites = json.value(QStringLiteral("lostWrites")).toInteger(-1);
    for (const QJsonValue &a : json.value(QStringLiteral("actions")).toArray())
        s.actions << a.toString();
    s.runbookSteps = json.value(QStringLiteral("runbookSteps")).toInt();
    s.matchedSteps = json.value(QStringLiteral("matchedSteps")).toInt();
    s.note = json.value(QStringLiteral("note")).toString();
    return s;
}

QString DrillScore::toText() const
{
    QStringList lines;
    lines << QStringLiteral("drill %1 by %2 (seed %3), %4: %5")
                 .arg(scenarioId, trainee.isEmpty() ? QStringLiteral("-") : trainee)
                 .arg(seed)
                 .arg(QDateTime::fromMSecsSinceEpoch(startedMs, QTimeZone::utc()).toString(Qt::ISODate), outcome);
    lines << QStringLiteral("  time to detect:  %1").arg(secondsText(detectMs, QStringLiteral("never")));
    lines << QStringLiteral("  time to recover: %1").arg(secondsText(recoverMs, QStringLiteral("never")));
    lines << QStringLiteral("  writes: %1 acknowledged, %2 lost")
                 .arg(ackedWrites)
                 .arg(lostWrites < 0 ? QStringLiteral("unknown") : QString::number(lostWrites));
    lines << (runbookSteps > 0 ? QStringLiteral("  runbook steps: %1 of %2 followed, %3 actions taken")
                                     .arg(matchedSteps).arg(runbookSteps).arg(actions.size())
                               : QStringLiteral("  actions taken: %1").arg(actions.size()));
    if (!note.isEmpty())
        lines << QStringLiteral("  note: ") + note;
    return lines.join(QLatin1Char('\n'));
}

} // namespace ops
