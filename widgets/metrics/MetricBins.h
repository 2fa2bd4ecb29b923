#pragma once

#include "MetricDefinition.h"
#include "monitor/MetricSample.h"

#include <QHash>
#include <QString>

#include <algorithm>
#include <array>
#include <limits>
#include <vector>

namespace ops {

/**
 * @brief Per-node MAX of every plotted metric in fixed time bins (a ring of the newest @p bins
 * bins of @p binMs each, aligned to multiples of binMs since the epoch), so the metrics page can
 * rank 1,000 nodes by their peak and draw "max of the others" without reading every stored
 * sample on each refresh: a window costs (nodes x bins in the window) reads of 6 doubles.
 *
 * Unknown values (MetricDefinition::valueOf is NaN) never enter a bin; a bin nobody reported a
 * value in is NaN. Memory: bins * 6 * 8 bytes per node (300 bins: 14,400 bytes).
 * A plain value container, single-threaded; the MetricsPage feeds it beside its MetricStore.
 */
class MetricBins
{
public:
    static constexpr int kMetrics = 6; ///< MetricDefinition::Metric values, in enum order
    using Values = std::array<double, kMetrics>;

    MetricBins(qint64 binMs, int bins);

    qint64 binMs() const { return m_binMs; }
    int capacity() const { return m_capacity; }
    /** Start of the bin holding @p timestampMs. */
    qint64 binStart(qint64 timestampMs) const;

    /** Folds @p sample of @p nodeId into its bin (samples older than the ring are ignored). */
    void add(const QString &nodeId, const MetricSample &sample);
    void removeNode(const QString &nodeId);
    void clear() { m_series.clear(); }
    bool contains(const QString &nodeId) const { return m_series.contains(nodeId); }

    /** Largest known value of every metric of @p nodeId in the bins overlapping [@p fromMs, @p toMs]; NaN if none. */
    Values peaks(const QString &nodeId, qint64 fromMs, qint64 toMs) const;

    /**
     * Calls @p fn(binStartMs, const Values &) for every bin of @p nodeId overlapping
     * [@p fromMs, @p toMs] that the ring still holds, oldest first (bins without any value too).
     */
    template<typename Fn>
    void forEachBin(const QString &nodeId, qint64 fromMs, qint64 toMs, Fn &&fn) const
    {
        const auto it = m_series.constFind(nodeId);
        if (it == m_series.cend() || it->newest == kNone)
            return;
        const Series &s = *it;
        const qint64 lo = std::max(binIndex(fromMs), s.newest - m_capacity + 1);
        const qint64 hi = std::min(binIndex(toMs), s.newest);
        std::size_t at = lo <= hi ? slot(lo) : 0; // walked without a division per bin
        for (qint64 b = lo; b <= hi; ++b) {
            fn(b * m_binMs, s.values[at]);
            if (++at == std::size_t(m_capacity))
                at = 0;
        }
    }

    static int indexOf(MetricDefinition::Metric metric) { return int(metric); }
    static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

private:
    static constexpr qint64 kNone = std::numeric_limits<qint64>::min();
    struct Series
    {
        qint64 newest = kNone;       ///< bin index of the newest bin
        std::vector<Values> values;  ///< ring, capacity() entries once used
    };

    qint64 binIndex(qint64 ms) const;
    std::size_t slot(qint64 bin) const { return std::size_t(((bin % m_capacity) + m_capacity) % m_capacity); }

    qint64 m_binMs;
    int m_capacity;
    QHash<QString, Series> m_series;
};

} // namespace ops
