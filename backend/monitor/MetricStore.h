#pragma once

#include "MetricSample.h"

#include <QString>
#include <QStringList>

#include <cstddef>
#include <limits>
#include <map>
#include <optional>
#include <vector>

namespace ops {

/**
 * @brief Bounded in-memory time series of MetricSamples per node: a fine ring with every
 * sample (one per poll) and a coarse ring with one aggregated sample per time bucket.
 *
 * Downsampling keeps what an operator must not miss: MAX of lagBytes / lagSeconds (a lag
 * spike survives), MIN of linkUp (a moment with the link down survives), LAST known value
 * of replOffset / usedMemory / maxMemory / clients / keys, MEAN of fragmentation / opsPerSec.
 * Unknown (negative) values never enter an aggregate; a field unknown in the whole bucket
 * stays -1. Buckets are aligned to multiples of coarseBucketMs since the epoch; a bucket is
 * moved to the coarse ring when the first sample of a later bucket arrives.
 *
 * Memory bound (LP64: sizeof(MetricSample) = 88 bytes; both rings grow up to their capacity
 * and never beyond): bytesPerNodeBound() = (fineCapacity + coarseCapacity) * 88 + 472 bytes
 * (the per-node Series, its map node and the node id's text). With the default Limits (3600
 * fine = 1 h at 1 s polls, 1440 coarse = 24 h of 60 s buckets): 443,992 bytes (~434 KiB) per
 * node, 2,663,952 bytes (~2.7 MB) for 6 nodes, ~444 MB for 1,000 nodes. Large fleets should
 * poll less often and pass smaller Limits: fineCapacity 600 with the same coarse ring is
 * 179,992 bytes per node, ~180 MB for 1,000 nodes. A test pins these numbers.
 *
 * A plain value container: single-threaded, no QObject; lives with the Monitor that feeds it.
 */
class MetricStore
{
public:
    /** Ring sizes; values below 1 are raised to 1. */
    struct Limits
    {
        int fineCapacity = 3600;        ///< samples kept at full resolution (1 h at 1 s polls)
        qint64 coarseBucketMs = 60000;  ///< width of one downsampled bucket
        int coarseCapacity = 1440;      ///< buckets kept (24 h of 60 s buckets)
    };

    /** Default Limits (a nested struct with member initializers cannot be a default argument). */
    MetricStore();
    explicit MetricStore(Limits limits);

    const Limits &limits() const { return m_limits; }

    /**
     * Adds one sample of @p nodeId. Timestamps per node must be non-decreasing: a sample older
     * than the node's latest is ignored (returns false); an equal timestamp is accepted.
     */
    bool append(const QString &nodeId, const MetricSample &sample);

    /** Nodes with at least one sample, sorted. */
    QStringList nodes() const;
    /** The most recent sample of @p nodeId, if any. */
    std::optional<MetricSample> latest(const QString &nodeId) const;
    /**
     * Samples of @p nodeId in [@p fromMs, @p toMs], oldest first: fine samples where the fine
     * ring covers the range, and before it the coarse buckets that overlap the range and hold
     * samples no longer in the fine ring (the bucket still being filled included), each stamped
     * with its bucket start. The bucket straddling the oldest fine sample is listed too, so no
     * sample is lost between the two resolutions.
     */
    std::vector<MetricSample> range(const QString &nodeId, qint64 fromMs, qint64 toMs) const;
    /** Forgets every sample of @p nodeId (node removed from the deployment). */
    void removeNode(const QString &nodeId);

    /** Samples in the fine ring / completed buckets in the coarse ring of @p nodeId. */
    std::size_t fineCount(const QString &nodeId) const;
    std::size_t coarseCount(const QString &nodeId) const;

    /** Upper bound of the memory one node can use with @p limits (see the class comment). */
    static std::size_t bytesPerNodeBound(const Limits &limits);
    /** Upper bound for the nodes currently stored: nodes().size() * bytesPerNodeBound(limits()). */
    std::size_t memoryBound() const;
    /** Memory actually reserved by the rings now (always <= memoryBound()). */
    std::size_t allocatedBytes() const;

private:
    /** Fixed-capacity ring of samples, timestamps non-decreasing; allocates lazily up to capacity. */
    class Ring
    {
    public:
        explicit Ring(std::size_t capacity) : m_capacity(capacity) {}
        void push(const MetricSample &sample);
        std::size_t size() const { return m_items.size(); }
        bool empty() const { return m_items.empty(); }
        bool full() const { return m_items.size() == m_capacity; }
        /** Logical index: 0 = oldest. */
        const MetricSample &at(std::size_t i) const { return m_items[(m_head + i) % m_items.size()]; }
        const MetricSample &back() const { return at(size() - 1); }
        /** First logical index with timestampMs >= @p ms (size() if none). */
        std::size_t lowerBound(qint64 ms) const;
        std::size_t allocatedBytes() const { return m_items.capacity() * sizeof(MetricSample); }

    private:
        std::vector<MetricSample> m_items;
        std::size_t m_capacity;
        std::size_t m_head = 0; ///< physical index of the oldest sample once full
    };

    /** The coarse bucket being filled. */
    struct Bucket
    {
        bool open = false;
        MetricSample aggregate;
        double fragmentationSum = 0;
        int fragmentationCount = 0;
        double opsSum = 0;
        int opsCount = 0;
        void add(const MetricSample &sample);
        MetricSample finished() const;
    };

    struct Series
    {
        Series(const Limits &limits);
        Ring fine;
        Ring coarse;
        Bucket bucket;
        /** Timestamp of the newest sample pushed out of the fine ring (none yet: min). */
        qint64 lastEvictedMs = std::numeric_limits<qint64>::min();
    };

    qint64 bucketStart(qint64 timestampMs) const;

    Limits m_limits;
    std::map<QString, Series> m_series;
};

} // namespace ops
