#include "MetricBucket.h"

namespace ops {

namespace {

template<typename T>
void keepMax(T &aggregate, T value)
{
    if (value >= 0 && (aggregate < 0 || value > aggregate))
        aggregate = value;
}

template<typename T>
void keepMin(T &aggregate, T value)
{
    if (value >= 0 && (aggregate < 0 || value < aggregate))
        aggregate = value;
}

template<typename T>
void keepLast(T &aggregate, T value)
{
    if (value >= 0)
        aggregate = value;
}

} // namespace

void MetricBucket::open(qint64 startMs)
{
    *this = MetricBucket{};
    m_open = true;
    m_aggregate.timestampMs = startMs;
}

void MetricBucket::add(const MetricSample &s)
{
    MetricSample &a = m_aggregate;
    keepMax(a.lagBytes, s.lagBytes);
    keepMax(a.lagSeconds, s.lagSeconds);
    keepMin(a.linkUp, s.linkUp);
    keepLast(a.replOffset, s.replOffset);
    keepLast(a.usedMemory, s.usedMemory);
    keepLast(a.maxMemory, s.maxMemory);
    keepLast(a.clients, s.clients);
    keepLast(a.keys, s.keys);
    if (s.fragmentation >= 0) {
        m_fragmentationSum += s.fragmentation;
        ++m_fragmentationCount;
    }
    if (s.opsPerSec >= 0) {
        m_opsSum += s.opsPerSec;
        ++m_opsCount;
    }
}

MetricSample MetricBucket::finished() const
{
    MetricSample s = m_aggregate;
    s.fragmentation = m_fragmentationCount > 0 ? m_fragmentationSum / m_fragmentationCount : -1;
    s.opsPerSec = m_opsCount > 0 ? m_opsSum / m_opsCount : -1;
    return s;
}

} // namespace ops
