#include "MetricStore.h"

#include <algorithm>
#include <limits>

namespace ops {

// The memory bound documented in MetricStore.h is computed from this size.
static_assert(sizeof(MetricSample) == 88 || sizeof(void *) != 8, "update the memory bound in MetricStore.h");

namespace {

// Per node, besides the two rings: the std::map node (links + QString key), the node id's text
// (cluster node ids are 40 characters; host:port shorter) and the Series itself.
constexpr std::size_t kNodeOverhead = 256;

bool known(qint64 v) { return v >= 0; }
bool known(double v) { return v >= 0; }

template<typename T>
void keepMax(T &aggregate, T value)
{
    if (known(value) && (!known(aggregate) || value > aggregate))
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
    if (known(value))
        aggregate = value;
}

} // namespace

void MetricStore::Ring::push(const MetricSample &sample)
{
    if (m_items.size() < m_capacity) {
        // Grow by doubling but never past the capacity: the bound is exact, not a power of two.
        if (m_items.size() == m_items.capacity())
            m_items.reserve(std::min(m_capacity, std::max<std::size_t>(16, m_items.capacity() * 2)));
        m_items.push_back(sample);
        return;
    }
    m_items[m_head] = sample;
    m_head = (m_head + 1) % m_capacity;
}

std::size_t MetricStore::Ring::lowerBound(qint64 ms) const
{
    std::size_t lo = 0;
    std::size_t hi = size();
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (at(mid).timestampMs < ms)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void MetricStore::Bucket::add(const MetricSample &s)
{
    MetricSample &a = aggregate;
    keepMax(a.lagBytes, s.lagBytes);
    keepMax(a.lagSeconds, s.lagSeconds);
    keepMin(a.linkUp, s.linkUp);
    keepLast(a.replOffset, s.replOffset);
    keepLast(a.usedMemory, s.usedMemory);
    keepLast(a.maxMemory, s.maxMemory);
    keepLast(a.clients, s.clients);
    keepLast(a.keys, s.keys);
    if (known(s.fragmentation)) {
        fragmentationSum += s.fragmentation;
        ++fragmentationCount;
    }
    if (known(s.opsPerSec)) {
        opsSum += s.opsPerSec;
        ++opsCount;
    }
}

MetricSample MetricStore::Bucket::finished() const
{
    MetricSample s = aggregate;
    s.fragmentation = fragmentationCount > 0 ? fragmentationSum / fragmentationCount : -1;
    s.opsPerSec = opsCount > 0 ? opsSum / opsCount : -1;
    return s;
}

MetricStore::Series::Series(const Limits &limits)
    : fine(std::size_t(limits.fineCapacity)), coarse(std::size_t(limits.coarseCapacity))
{
}

MetricStore::MetricStore() : MetricStore(Limits{}) {}

MetricStore::MetricStore(Limits limits) : m_limits(limits)
{
    m_limits.fineCapacity = std::max(1, m_limits.fineCapacity);
    m_limits.coarseCapacity = std::max(1, m_limits.coarseCapacity);
    m_limits.coarseBucketMs = std::max<qint64>(1, m_limits.coarseBucketMs);
}

qint64 MetricStore::bucketStart(qint64 timestampMs) const
{
    qint64 rest = timestampMs % m_limits.coarseBucketMs;
    if (rest < 0)
        rest += m_limits.coarseBucketMs;
    return timestampMs - rest;
}

bool MetricStore::append(const QString &nodeId, const MetricSample &sample)
{
    Series &s = m_series.try_emplace(nodeId, m_limits).first->second;
    if (!s.fine.empty() && sample.timestampMs < s.fine.back().timestampMs)
        return false;
    if (s.fine.full())
        s.lastEvictedMs = s.fine.at(0).timestampMs;
    s.fine.push(sample);

    const qint64 start = bucketStart(sample.timestampMs);
    if (s.bucket.open && s.bucket.aggregate.timestampMs != start) {
        s.coarse.push(s.bucket.finished());
        s.bucket = Bucket{};
    }
    if (!s.bucket.open) {
        s.bucket.open = true;
        s.bucket.aggregate.timestampMs = start;
    }
    s.bucket.add(sample);
    return true;
}

QStringList MetricStore::nodes() const
{
    QStringList result;
    result.reserve(qsizetype(m_series.size()));
    for (const auto &[id, series] : m_series)
        result << id;
    return result;
}

std::optional<MetricSample> MetricStore::latest(const QString &nodeId) const
{
    const auto it = m_series.find(nodeId);
    if (it == m_series.end() || it->second.fine.empty())
        return std::nullopt;
    return it->second.fine.back();
}

std::vector<MetricSample> MetricStore::range(const QString &nodeId, qint64 fromMs, qint64 toMs) const
{
    std::vector<MetricSample> out;
    const auto it = m_series.find(nodeId);
    if (it == m_series.end() || fromMs > toMs)
        return out;
    const Series &s = it->second;
    const qint64 width = m_limits.coarseBucketMs;
    // A bucket [start, start + width) overlaps [fromMs, toMs] when start > fromMs - width.
    const qint64 firstStart = fromMs > std::numeric_limits<qint64>::min() + width ? fromMs - width + 1
                                                                                  : std::numeric_limits<qint64>::min();
    // Buckets before the one holding the oldest fine sample only hold evicted samples; that
    // bucket itself holds some only if the newest evicted sample falls in it.
    const qint64 boundary = bucketStart(s.fine.at(0).timestampMs);
    auto wanted = [&](const MetricSample &bucket) {
        const qint64 start = bucket.timestampMs;
        return start >= firstStart && start <= toMs
            && (start < boundary || (start == boundary && s.lastEvictedMs >= boundary));
    };
    for (std::size_t i = s.coarse.lowerBound(firstStart); i < s.coarse.size() && wanted(s.coarse.at(i)); ++i)
        out.push_back(s.coarse.at(i));
    if (s.bucket.open) {
        const MetricSample pending = s.bucket.finished();
        if (wanted(pending))
            out.push_back(pending);
    }
    for (std::size_t i = s.fine.lowerBound(fromMs); i < s.fine.size() && s.fine.at(i).timestampMs <= toMs; ++i)
        out.push_back(s.fine.at(i));
    return out;
}

void MetricStore::removeNode(const QString &nodeId) { m_series.erase(nodeId); }

std::size_t MetricStore::fineCount(const QString &nodeId) const
{
    const auto it = m_series.find(nodeId);
    return it == m_series.end() ? 0 : it->second.fine.size();
}

std::size_t MetricStore::coarseCount(const QString &nodeId) const
{
    const auto it = m_series.find(nodeId);
    return it == m_series.end() ? 0 : it->second.coarse.size();
}

std::size_t MetricStore::bytesPerNodeBound(const Limits &limits)
{
    const auto fine = std::size_t(std::max(1, limits.fineCapacity));
    const auto coarse = std::size_t(std::max(1, limits.coarseCapacity));
    return (fine + coarse) * sizeof(MetricSample) + sizeof(Series) + kNodeOverhead;
}

std::size_t MetricStore::memoryBound() const { return m_series.size() * bytesPerNodeBound(m_limits); }

std::size_t MetricStore::allocatedBytes() const
{
    std::size_t total = 0;
    for (const auto &[id, series] : m_series)
        total += series.fine.allocatedBytes() + series.coarse.allocatedBytes() + sizeof(Series) + kNodeOverhead;
    return total;
}

} // namespace ops
