#include "TrendPredictor.h"

#include <cmath>
#include <vector>

namespace ops {

TrendPredictor::TrendPredictor() = default;

TrendPredictor::TrendPredictor(Config config) : m_config(config) {}

TrendPredictor::Prediction TrendPredictor::predict(const QList<Point> &points, qint64 nowMs, double threshold) const
{
    Prediction p;
    const qint64 window = std::max<qint64>(m_config.windowMs, kBins);
    const qint64 from = nowMs - window;
    // Average into equal bins: x = the bin's centre in minutes before now (negative), y = its mean.
    std::vector<double> sum(kBins, 0.0);
    std::vector<int> count(kBins, 0);
    double latest = 0;
    qint64 latestMs = -1;
    for (const Point &pt : points) {
        if (pt.ms < from || pt.ms > nowMs || !std::isfinite(pt.value))
            continue;
        const int bin = std::min<int>(kBins - 1, int((pt.ms - from) * kBins / window));
        sum[std::size_t(bin)] += pt.value;
        ++count[std::size_t(bin)];
        if (pt.ms >= latestMs) {
            latestMs = pt.ms;
            latest = pt.value;
        }
    }
    std::vector<double> xs, ys;
    for (int b = 0; b < kBins; ++b) {
        if (count[std::size_t(b)] == 0)
            continue;
        const double centreMs = double(from) + (double(b) + 0.5) * double(window) / kBins;
        xs.push_back((centreMs - double(nowMs)) / 60000.0);
        ys.push_back(sum[std::size_t(b)] / count[std::size_t(b)]);
    }
    if (double(xs.size()) < m_config.minCoverage * kBins || xs.size() < 3) {
        p.why = QStringLiteral("too few samples in the window (%1 of %2 bins)").arg(xs.size()).arg(kBins);
        return p;
    }
    const double n = double(xs.size());
    double mx = 0, my = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        mx += xs[i];
        my += ys[i];
    }
    mx /= n;
    my /= n;
    double sxx = 0, sxy = 0, syy = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        sxx += (xs[i] - mx) * (xs[i] - mx);
        sxy += (xs[i] - mx) * (ys[i] - my);
        syy += (ys[i] - my) * (ys[i] - my);
    }
    p.slopePerMinute = sxx > 0 ? sxy / sxx : 0;
    p.r2 = syy > 0 && sxx > 0 ? (sxy * sxy) / (sxx * syy) : 0;
    p.fittedNow = my - p.slopePerMinute * mx; // x = 0 is now
    const double rise = p.slopePerMinute * double(window) / 60000.0;
    if (latest >= threshold || p.fittedNow >= threshold) {
        p.why = QStringLiteral("already at or above the threshold");
        return p;
    }
    if (p.slopePerMinute <= 0) {
        p.why = QStringLiteral("not growing");
        return p;
    }
    if (p.r2 < m_config.minR2) {
        p.why = QStringLiteral("growth not steady (R² %1 < %2)").arg(p.r2, 0, 'f', 2).arg(m_config.minR2, 0, 'f', 2);
        return p;
    }
    if (rise < m_config.minRiseShare * std::abs(threshold)) {
        p.why = QStringLiteral("rise too small over the window");
        return p;
    }
    p.steady = true;
    const double minutes = (threshold - p.fittedNow) / p.slopePerMinute;
    p.crossingMs = nowMs + qint64(std::llround(minutes * 60000.0));
    p.alert = p.crossingMs - nowMs <= m_config.horizonMs;
    p.why = p.alert ? QStringLiteral("grows steadily: crosses in about %1 min").arg(minutes, 0, 'f', 1)
                    : QStringLiteral("grows steadily, but crosses only in about %1 min").arg(minutes, 0, 'f', 0);
    return p;
}

} // namespace ops
