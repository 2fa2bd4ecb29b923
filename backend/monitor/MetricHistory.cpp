#include "MetricHistory.h"

#include <algorithm>

namespace ops {

MetricStore::Limits MetricHistory::defaultLimits()
{
    MetricStore::Limits l;
    l.mediumBucketMs = 10000;
    l.mediumCapacity = 360;
    l.idleFineCapacity = 600;
    return l;
}

MetricHistory::MetricHistory() : MetricHistory(defaultLimits()) {}

MetricHistory::MetricHistory(MetricStore::Limits limits) : m_store(limits) {}

void MetricHistory::append(const MetricBatch &batch)
{
    if (batch.isEmpty())
        return;
    qint64 newest = 0;
    {
        QWriteLocker lock(&m_lock);
        for (const auto &[id, sample] : batch)
            if (m_store.append(id, sample))
                newest = std::max(newest, sample.timestampMs);
    }
    if (newest > m_latestMs.load(std::memory_order_relaxed))
        m_latestMs.store(newest, std::memory_order_relaxed);
    m_revision.fetch_add(1, std::memory_order_relaxed);
}

std::vector<MetricSample> MetricHistory::range(const QString &nodeId, qint64 fromMs, qint64 toMs) const
{
    QReadLocker lock(&m_lock);
    return m_store.range(nodeId, fromMs, toMs);
}

std::optional<MetricSample> MetricHistory::latest(const QString &nodeId) const
{
    QReadLocker lock(&m_lock);
    return m_store.latest(nodeId);
}

QStringList MetricHistory::nodes() const
{
    QReadLocker lock(&m_lock);
    return m_store.nodes();
}

void MetricHistory::removeNode(const QString &nodeId)
{
    QWriteLocker lock(&m_lock);
    m_store.removeNode(nodeId);
}

QStringList MetricHistory::forgetAbsent(const QSet<QString> &present, qint64 cutoffMs)
{
    QWriteLocker lock(&m_lock);
    QStringList gone;
    for (const QString &id : m_store.nodes()) {
        if (present.contains(id))
            continue;
        const auto last = m_store.latest(id);
        if (!last || last->timestampMs < cutoffMs) {
            m_store.removeNode(id);
            gone << id;
        }
    }
    return gone;
}

void MetricHistory::clear()
{
    QWriteLocker lock(&m_lock);
    for (const QString &id : m_store.nodes())
        m_store.removeNode(id);
    m_latestMs.store(0, std::memory_order_relaxed);
    m_revision.fetch_add(1, std::memory_order_relaxed);
}

void MetricHistory::setWatched(const QSet<QString> &nodeIds)
{
    QWriteLocker lock(&m_lock);
    m_store.setWatched(nodeIds);
}

bool MetricHistory::isWatched(const QString &nodeId) const
{
    QReadLocker lock(&m_lock);
    return m_store.isWatched(nodeId);
}

std::size_t MetricHistory::memoryBound() const
{
    QReadLocker lock(&m_lock);
    return m_store.memoryBound();
}

std::size_t MetricHistory::allocatedBytes() const
{
    QReadLocker lock(&m_lock);
    return m_store.allocatedBytes();
}

MetricStore::Limits MetricHistory::limits() const
{
    QReadLocker lock(&m_lock);
    return m_store.limits();
}

} // namespace ops
