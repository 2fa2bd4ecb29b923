#pragma once

#include "MetricSample.h"
#include "MetricStore.h"

#include <QReadWriteLock>
#include <QSet>
#include <QStringList>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

namespace ops {

/**
 * @brief The metric history of one watched deployment: a MetricStore shared between the thread
 * that feeds it (DeploymentSession, on the backend thread, from every Monitor cycle) and the
 * readers (the Metrics page on the GUI thread, the trend alerts, the CLI).
 *
 * Every call locks for its own duration only and readers get copies (range() decodes the
 * samples asked for into a new vector), so no reader holds the writer up for longer than one
 * node's range: appending a 1,000-node cycle takes well under a millisecond, a 5-minute range
 * of one node ~300 samples. Readers share the lock with each other.
 */
class MetricHistory
{
public:
    /** The deployment store's limits: medium tier on (10 s x 360), idle nodes 10 min of 1 s samples. */
    static MetricStore::Limits defaultLimits();

    MetricHistory();
    explicit MetricHistory(MetricStore::Limits limits);

    /** One Monitor cycle (samples older than a node's latest are ignored). */
    void append(const MetricBatch &batch);
    /** MetricStore::range of @p nodeId, copied. */
    std::vector<MetricSample> range(const QString &nodeId, qint64 fromMs, qint64 toMs) const;
    std::optional<MetricSample> latest(const QString &nodeId) const;
    QStringList nodes() const;
    /** Newest sample time of any node, ms since the epoch; 0 when empty. */
    qint64 latestMs() const { return m_latestMs.load(std::memory_order_relaxed); }
    /** Grows with every append (readers can tell whether anything changed). */
    quint64 revision() const { return m_revision.load(std::memory_order_relaxed); }
    void removeNode(const QString &nodeId);
    /** Forgets nodes not in @p present whose newest sample is older than @p cutoffMs. */
    QStringList forgetAbsent(const QSet<QString> &present, qint64 cutoffMs);
    void clear();
    /** MetricStore::setWatched: the nodes a view draws keep their full fine ring. */
    void setWatched(const QSet<QString> &nodeIds);
    bool isWatched(const QString &nodeId) const;

    std::size_t memoryBound() const;
    std::size_t allocatedBytes() const;
    MetricStore::Limits limits() const;

private:
    mutable QReadWriteLock m_lock;
    MetricStore m_store;
    std::atomic<qint64> m_latestMs{0};
    std::atomic<quint64> m_revision{0};
};

using MetricHistoryPtr = std::shared_ptr<MetricHistory>;

} // namespace ops
