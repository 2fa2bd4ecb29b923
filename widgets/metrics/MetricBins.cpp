#include "MetricBins.h"

#include <algorithm>
#include <cmath>

namespace ops {

namespace {

constexpr MetricDefinition::Metric kAll[MetricBins::kMetrics] = {
    MetricDefinition::Metric::LagBytes,      MetricDefinition::Metric::LagSeconds, MetricDefinition::Metric::UsedMemory,
    MetricDefinition::Metric::Fragmentation, MetricDefinition::Metric::OpsPerSec,  MetricDefinition::Metric::Clients};

MetricBins::Values empty()
{
    MetricBins::Values v;
    v.fill(MetricBins::kNaN);
    return v;
}

void foldMax(double &into, double value)
{
    if (!std::isnan(value) && (std::isnan(into) || value > into))
        into = value;
}

} // namespace

MetricBins::MetricBins(qint64 binMs, int bins)
    : m_binMs(std::max<qint64>(1, binMs))
    , m_capacity(std::max(1, bins))
{
}

qint64 MetricBins::binIndex(qint64 ms) const
{
    // Floor division: bins stay aligned for times before the epoch too.
    return ms >= 0 ? ms / m_binMs : -((-ms + m_binMs - 1) / m_binMs);
}

qint64 MetricBins::binStart(qint64 timestampMs) const
{
    return binIndex(timestampMs) * m_binMs;
}

void MetricBins::add(const QString &nodeId, const MetricSample &sample)
{
    Series &s = m_series[nodeId];
    const qint64 bin = binIndex(sample.timestampMs);
    if (s.values.empty())
        s.values.assign(std::size_t(m_capacity), empty());
    if (s.newest == kNone || bin > s.newest) {
        // Bins skipped since the newest (no samples) are emptied; at most the whole ring.
        const qint64 first = s.newest == kNone ? bin : std::max(s.newest + 1, bin - m_capacity + 1);
        for (qint64 b = first; b <= bin; ++b)
            s.values[slot(b)] = empty();
        s.newest = bin;
    } else if (bin <= s.newest - m_capacity) {
        return; // older than the ring
    }
    Values &v = s.values[slot(bin)];
    for (int m = 0; m < kMetrics; ++m)
        foldMax(v[std::size_t(m)], MetricDefinition::valueOf(kAll[m], sample));
}

void MetricBins::removeNode(const QString &nodeId)
{
    m_series.remove(nodeId);
}

MetricBins::Values MetricBins::peaks(const QString &nodeId, qint64 fromMs, qint64 toMs) const
{
    Values out = empty();
    forEachBin(nodeId, fromMs, toMs, [&out](qint64, const Values &v) {
        for (std::size_t m = 0; m < out.size(); ++m)
            foldMax(out[m], v[m]);
    });
    return out;
}

} // namespace ops
