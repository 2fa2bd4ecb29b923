#include "DrillTrend.h"

#include <QMap>
#include <QPair>

namespace ops {

namespace {
qint64 better(qint64 best, qint64 candidate)
{
    if (candidate < 0)
        return best;
    return best < 0 || candidate < best ? candidate : best;
}
} // namespace

QList<DrillTrend> DrillTrend::of(const QList<DrillScore> &runs)
{
    QMap<QPair<QString, QString>, DrillTrend> byKey;
    for (const DrillScore &s : runs) {
        DrillTrend &t = byKey[{s.scenarioId, s.trainee}];
        if (t.runs == 0) {
            t.scenarioId = s.scenarioId;
            t.trainee = s.trainee;
            t.firstRecoverMs = s.recoverMs;
            t.firstDetectMs = s.detectMs;
        }
        ++t.runs;
        if (s.outcome == QLatin1String("recovered"))
            ++t.recovered;
        t.bestRecoverMs = better(t.bestRecoverMs, s.recoverMs);
        t.bestDetectMs = better(t.bestDetectMs, s.detectMs);
        t.lastRecoverMs = s.recoverMs;
        t.lastDetectMs = s.detectMs;
    }
    return byKey.values();
}

QString DrillTrend::versusPrevious(const QList<DrillScore> &runs, qsizetype index)
{
    if (index < 0 || index >= runs.size())
        return {};
    const DrillScore &run = runs.at(index);
    for (qsizetype i = index - 1; i >= 0; --i) {
        const DrillScore &earlier = runs.at(i);
        if (earlier.scenarioId != run.scenarioId || earlier.trainee != run.trainee)
            continue;
        if (earlier.recoverMs < 0 || run.recoverMs < 0)
            return QStringLiteral("-");
        const double delta = double(run.recoverMs - earlier.recoverMs) / 1000.0;
        // U+2212 MINUS SIGN reads better than a hyphen next to a number.
        return delta < 0 ? QStringLiteral("\u2212%1 s").arg(-delta, 0, 'f', 1) : QStringLiteral("+%1 s").arg(delta, 0, 'f', 1);
    }
    return QStringLiteral("first run");
}

QString DrillTrend::toText() const
{
    return QStringLiteral("%1 / %2: %3 run(s), %4 recovered\n  recovery: first %5, best %6, last %7\n  detection: first %8, best %9, last %10")
        .arg(scenarioId, trainee.isEmpty() ? QStringLiteral("-") : trainee)
        .arg(runs)
        .arg(recovered)
        .arg(DrillScore::secondsText(firstRecoverMs), DrillScore::secondsText(bestRecoverMs), DrillScore::secondsText(lastRecoverMs),
             DrillScore::secondsText(firstDetectMs), DrillScore::secondsText(bestDetectMs), DrillScore::secondsText(lastDetectMs));
}

} // namespace ops
