#pragma once

#include <QList>
#include <QString>

namespace ops {

/**
 * @brief Decides whether a metric has grown steadily over a window and, if so, when it will cross
 * its threshold: the trend alert's judgement (replication lag, used memory).
 *
 * Pure: the caller passes the window's points (any order; wall or monotonic ms, one unit) and
 * "now". The points are averaged into kBins equal time bins first (a 1 s series of 10 minutes is
 * 600 points: the fit stays O(bins) per node, and one spike moves one bin only), then fitted by
 * least squares. The growth counts as steady when the fit explains the bins (R² at least minR2),
 * the slope is positive, the rise over the window is at least minRiseShare of the threshold (not
 * noise around a flat line), and at least minCoverage of the window has points. The crossing is
 * predicted where the fitted line meets the threshold; an alert is due when that is within the
 * horizon. A value already at or above the threshold is the threshold rule's business: no trend.
 */
class TrendPredictor
{
public:
    struct Point
    {
        qint64 ms = 0;
        double value = 0;
    };
    struct Config
    {
        qint64 windowMs = 10 * 60 * 1000;   ///< how far back the trend is judged
        qint64 horizonMs = 30 * 60 * 1000;  ///< predicted crossings further away raise nothing
        double minR2 = 0.8;
        double minRiseShare = 0.05;         ///< the fitted rise over the window, as a share of the threshold
        double minCoverage = 0.6;           ///< share of the bins that hold points
    };
    struct Prediction
    {
        bool steady = false;        ///< grows steadily (see above)
        bool alert = false;         ///< steady, below the threshold, crossing within the horizon
        double slopePerMinute = 0;  ///< fitted growth, value units per minute
        double r2 = 0;
        double fittedNow = 0;       ///< the fitted line at now
        qint64 crossingMs = -1;     ///< predicted time of the crossing (same clock as the points); -1 none
        QString why;                ///< plain text: why there is or is not an alert
    };
    static constexpr int kBins = 30;

    TrendPredictor();
    explicit TrendPredictor(Config config);

    Prediction predict(const QList<Point> &points, qint64 nowMs, double threshold) const;
    const Config &config() const { return m_config; }

private:
    Config m_config;
};

} // namespace ops
