#include "MetricStore.h"

#include <algorithm>
#include <limits>

namespace ops {

namespace {

// Per node, besides the rings: the std::map node (links + QString key) and the node id's text
// (cluster node ids are 40 characters; host:port shorter).
constexpr std::size_t kNodeOverhead = 256;
constexpr qint64 kNone = std::numeric_limits<qint64>::min();
constexpr qint64 kMaxOffset = qint64(std::numeric_limits<quint32>::max());

/** @p ms as an offset from @p baseMs, clamped to the 32-bit range. */
quint32 offsetOf(qint64 ms, qint64 baseMs)
{
    if (ms <= baseMs)
        return 0;
    return ms - baseMs >= kMaxOffset ? quint32(kMaxOffset) : quint32(ms - baseMs);
}

} // namespace

MetricStore::Series::Series(const Limits &limits, qint64 firstMs)
    : baseMs(firstMs), fine(std::size_t(limits.fineCapacity))
{
    if (limits.mediumCapacity > 0)
        tiers.emplace_back(limits.mediumBucketMs, std::size_t(limits.mediumCapacity));
    tiers.emplace_back(limits.coarseBucketMs, std::size_t(limits.coarseCapacity));
    for (const Tier &t : tiers)
        baseMs = std::min(baseMs, bucketStart(firstMs, t.bucketMs)); // a bucket starts before its first sample
}

MetricStore::MetricStore() : MetricStore(Limits{}) {}

MetricStore::MetricStore(Limits limits) : m_limits(limits)
{
    m_limits.fineCapacity = std::max(1, m_limits.fineCapacity);
    m_limits.coarseCapacity = std::max(1, m_limits.coarseCapacity);
    m_limits.coarseBucketMs = std::max<qint64>(1, m_limits.coarseBucketMs);
    m_limits.mediumCapacity = std::max(0, m_limits.mediumCapacity);
    m_limits.mediumBucketMs = std::max<qint64>(1, m_limits.mediumBucketMs);
    m_limits.idleFineCapacity = std::clamp(m_limits.idleFineCapacity, 1, m_limits.fineCapacity);
    m_limits.watchAllUpTo = std::max(0, m_limits.watchAllUpTo);
}

qint64 MetricStore::bucketStart(qint64 timestampMs, qint64 width)
{
    qint64 rest = timestampMs % width;
    if (rest < 0)
        rest += width;
    return timestampMs - rest;
}

bool MetricStore::rebase(Series &s, qint64 timestampMs)
{
    // The new base is the oldest time still stored (every offset stays >= 0).
    qint64 oldest = timestampMs;
    for (const Tier &t : s.tiers)
        oldest = std::min(oldest, bucketStart(timestampMs, t.bucketMs));
    auto consider = [&](const MetricRing &ring) {
        if (!ring.empty())
            oldest = std::min(oldest, ring.at(0).timestampMs(s.baseMs));
    };
    consider(s.fine);
    for (const Tier &t : s.tiers) {
        consider(t.ring);
        if (t.bucket.isOpen())
            oldest = std::min(oldest, t.bucket.startMs());
    }
    if (timestampMs - oldest >= kMaxOffset)
        return false;
    const auto delta = quint32(oldest - s.baseMs);
    s.fine.shift(delta);
    for (Tier &t : s.tiers)
        t.ring.shift(delta);
    s.baseMs = oldest;
    return true;
}

bool MetricStore::append(const QString &nodeId, const MetricSample &sample)
{
    auto it = m_series.find(nodeId);
    if (it == m_series.end()) {
        it = m_series.try_emplace(nodeId, m_limits, sample.timestampMs).first;
        if (m_series.size() == std::size_t(m_limits.watchAllUpTo) + 1) {
            for (auto &[id, series] : m_series) // the store just outgrew "watch every node"
                applyWatch(id, series);
        } else {
            applyWatch(nodeId, it->second);
        }
    }
    Series *s = &it->second;
    if (!s->fine.empty() && sample.timestampMs < s->fine.back().timestampMs(s->baseMs))
        return false;
    if (sample.timestampMs - s->baseMs >= kMaxOffset && !rebase(*s, sample.timestampMs)) {
        // ~49 days since the oldest sample kept: the node starts a fresh series.
        m_series.erase(it);
        it = m_series.try_emplace(nodeId, m_limits, sample.timestampMs).first;
        s = &it->second;
        applyWatch(nodeId, *s);
    }

    PackedMetricSample evicted;
    if (s->fine.push(PackedMetricSample::pack(sample, s->baseMs), &evicted))
        s->fineLastEvictedMs = evicted.timestampMs(s->baseMs);
    for (Tier &t : s->tiers) {
        const qint64 start = bucketStart(sample.timestampMs, t.bucketMs);
        if (t.bucket.isOpen() && t.bucket.startMs() != start) {
            if (t.ring.push(PackedMetricSample::pack(t.bucket.finished(), s->baseMs), &evicted))
                t.lastEvictedMs = evicted.timestampMs(s->baseMs);
        }
        if (!t.bucket.isOpen() || t.bucket.startMs() != start)
            t.bucket.open(start);
        t.bucket.add(sample);
    }
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
    return it->second.fine.back().unpack(it->second.baseMs);
}

std::vector<MetricSample> MetricStore::range(const QString &nodeId, qint64 fromMs, qint64 toMs) const
{
    std::vector<MetricSample> out;
    const auto it = m_series.find(nodeId);
    if (it == m_series.end() || fromMs > toMs)
        return out;
    const Series &s = it->second;

    // Where each tier holds every sample from on (kNone: since the first): a tier's items
    // before what all finer tiers hold are the only record of those samples.
    std::vector<qint64> coveredFrom{s.fineLastEvictedMs == kNone ? kNone : s.fineLastEvictedMs + 1};
    for (const Tier &t : s.tiers)
        coveredFrom.push_back(t.lastEvictedMs == kNone ? kNone : t.lastEvictedMs + t.bucketMs);

    qint64 last = kNone; // newest bucket start listed: finer tiers continue strictly after it
    for (std::size_t k = s.tiers.size(); k-- > 0;) {
        const qint64 finerFrom = *std::min_element(coveredFrom.begin(), coveredFrom.begin() + std::ptrdiff_t(k) + 1);
        if (finerFrom == kNone)
            continue; // the finer tiers hold everything
        const Tier &t = s.tiers[k];
        // A bucket [start, start + width) overlaps [fromMs, toMs] when start > fromMs - width.
        const qint64 firstStart = fromMs > kNone + t.bucketMs ? fromMs - t.bucketMs + 1 : kNone;
        auto take = [&](const MetricSample &bucket) {
            const qint64 start = bucket.timestampMs;
            if (start >= firstStart && start <= toMs && start < finerFrom && start > last) {
                out.push_back(bucket);
                last = start;
            }
        };
        for (std::size_t i = t.ring.lowerBound(offsetOf(firstStart, s.baseMs)); i < t.ring.size(); ++i) {
            const qint64 start = t.ring.at(i).timestampMs(s.baseMs);
            if (start > toMs || start >= finerFrom)
                break;
            take(t.ring.at(i).unpack(s.baseMs));
        }
        if (t.bucket.isOpen()) // packed and unpacked as when it is closed: the same numbers
            take(PackedMetricSample::pack(t.bucket.finished(), s.baseMs).unpack(s.baseMs));
    }
    for (std::size_t i = s.fine.lowerBound(offsetOf(fromMs, s.baseMs)); i < s.fine.size(); ++i) {
        const qint64 t = s.fine.at(i).timestampMs(s.baseMs);
        if (t > toMs)
            break;
        if (t > last)
            out.push_back(s.fine.at(i).unpack(s.baseMs));
    }
    return out;
}

void MetricStore::removeNode(const QString &nodeId)
{
    if (m_series.erase(nodeId) > 0 && m_series.size() == std::size_t(m_limits.watchAllUpTo))
        for (auto &[id, series] : m_series) // small again: every node watched
            applyWatch(id, series);
}

bool MetricStore::watchedByRule(const QString &nodeId) const
{
    return m_series.size() <= std::size_t(m_limits.watchAllUpTo) || m_watched.contains(nodeId);
}

void MetricStore::applyWatch(const QString &nodeId, Series &s)
{
    s.watched = watchedByRule(nodeId);
    PackedMetricSample dropped;
    if (s.fine.setCapacity(std::size_t(s.watched ? m_limits.fineCapacity : m_limits.idleFineCapacity), &dropped) > 0)
        s.fineLastEvictedMs = std::max(s.fineLastEvictedMs, dropped.timestampMs(s.baseMs));
}

void MetricStore::setWatched(const QSet<QString> &nodeIds)
{
    m_watched = nodeIds;
    for (auto &[id, series] : m_series)
        applyWatch(id, series);
}

bool MetricStore::isWatched(const QString &nodeId) const
{
    const auto it = m_series.find(nodeId);
    return it != m_series.end() && it->second.watched;
}

std::size_t MetricStore::fineCount(const QString &nodeId) const
{
    const auto it = m_series.find(nodeId);
    return it == m_series.end() ? 0 : it->second.fine.size();
}

std::size_t MetricStore::mediumCount(const QString &nodeId) const
{
    const auto it = m_series.find(nodeId);
    return it == m_series.end() || it->second.tiers.size() < 2 ? 0 : it->second.tiers.front().ring.size();
}

std::size_t MetricStore::coarseCount(const QString &nodeId) const
{
    const auto it = m_series.find(nodeId);
    return it == m_series.end() ? 0 : it->second.tiers.back().ring.size();
}

std::size_t MetricStore::bytesPerNodeBound(const Limits &limits, bool watched)
{
    const MetricStore clamped(limits); // the capacities as the store uses them
    const Limits &l = clamped.m_limits;
    const auto fine = std::size_t(watched ? l.fineCapacity : l.idleFineCapacity);
    const std::size_t tiers = l.mediumCapacity > 0 ? 2 : 1;
    return (fine + std::size_t(l.mediumCapacity) + std::size_t(l.coarseCapacity)) * sizeof(PackedMetricSample)
        + sizeof(Series) + tiers * sizeof(Tier) + kNodeOverhead;
}

std::size_t MetricStore::memoryBound() const
{
    std::size_t total = 0;
    for (const auto &[id, series] : m_series)
        total += bytesPerNodeBound(m_limits, series.watched);
    return total;
}

std::size_t MetricStore::allocatedBytes() const
{
    std::size_t total = 0;
    for (const auto &[id, series] : m_series) {
        total += series.fine.allocatedBytes() + sizeof(Series) + series.tiers.capacity() * sizeof(Tier) + kNodeOverhead;
        for (const Tier &t : series.tiers)
            total += t.ring.allocatedBytes();
    }
    return total;
}

} // namespace ops
