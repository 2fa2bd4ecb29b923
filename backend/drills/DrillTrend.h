#pragma once

#include "DrillScore.h"

#include <QList>
#include <QString>

namespace ops {

/**
 * @brief How one trainee did on one drill over time: how many runs, and the times to detect and
 * to recover of the first run, the best run and the last run (-1: no run got there). The drill
 * report (console) and `redis-ops drill history` show one line each, so a trainee's progress is
 * compared on the same numbers everywhere.
 */
struct DrillTrend
{
    QString scenarioId;
    QString trainee;
    int runs = 0;
    int recovered = 0;            ///< runs with outcome "recovered"
    qint64 firstRecoverMs = -1;
    qint64 bestRecoverMs = -1;
    qint64 lastRecoverMs = -1;
    qint64 firstDetectMs = -1;
    qint64 bestDetectMs = -1;
    qint64 lastDetectMs = -1;

    /** One trend per (drill, trainee) of @p runs (oldest first), sorted by drill then trainee. */
    static QList<DrillTrend> of(const QList<DrillScore> &runs);
    /**
     * How @p run's recovery compares with the same trainee's previous run of the same drill in
     * @p runs (oldest first): "first run", "−4.2 s" (faster), "+1.0 s", or "-" when either run
     * did not recover.
     */
    static QString versusPrevious(const QList<DrillScore> &runs, qsizetype index);
    /** Three lines: "drill / trainee: 3 run(s), 2 recovered", then recovery and detection (first, best, last). */
    QString toText() const;

    friend bool operator==(const DrillTrend &, const DrillTrend &) = default;
};

} // namespace ops
