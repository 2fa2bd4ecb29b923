#pragma once

#include "MetricBucket.h"
#include "MetricRing.h"
#include "MetricSample.h"

#include <QSet>
#include <QString>
#include <QStringList>

#include <cstddef>
#include <limits>
#include <map>
#include <optional>
#include <vector>

namespace ops {

/**
 * @brief Bounded in-memory time series of MetricSamples per node, in tiers: a fine ring with
 * every sample (one per poll), an optional medium ring and a coarse ring of downsampled buckets
 * (MetricBucket: MAX of lag, MIN of link, LAST of offsets/memory/clients/keys, MEAN of
 * fragmentation/ops). Buckets are aligned to multiples of their width since the epoch; a bucket
 * is closed when the first sample of a later bucket arrives. Samples are kept packed
 * (PackedMetricSample: 48 bytes, see there for the precision of each field).
 *
 * Nodes nobody looks at keep a shorter fine ring (idleFineCapacity): setWatched() names the
 * nodes a view draws; a store of at most watchAllUpTo nodes watches every node (small
 * deployments keep full resolution whatever the views do). The medium tier (10 s buckets for
 * 1 h by default in MetricHistory) keeps an idle node's last hour at ~2 px per bucket on a
 * 1-hour plot, MAX-aggregated so no lag spike is lost.
 *
 * Memory bound (LP64; every ring grows up to its capacity and never beyond): per node
 * (fine + medium + coarse capacity) * 48 bytes + 712 bytes (the Series with its tiers' open
 * buckets, its map node and the node id's text). With MetricHistory::defaultLimits() (fine 3600
 * watched / 600 idle, medium 360 x 10 s, coarse 1440 x 60 s): 259,912 bytes per watched node,
 * 115,912 per idle node: 122.8 MB for a 1,000-node cluster with 48 nodes drawn (the page's
 * former store: 443,992 bytes per node with 88-byte samples and no idle ring, 444 MB).
 * A test pins these numbers.
 *
 * A plain value container: single-threaded, no QObject. MetricHistory makes it shareable.
 */
class MetricStore
{
public:
    /** Ring sizes; capacities below 1 are raised to 1 (mediumCapacity 0: no medium tier). */
    struct Limits
    {
        int fineCapacity = 3600;        ///< samples at full resolution of a watched node (1 h at 1 s)
        qint64 coarseBucketMs = 60000;  ///< width of one coarse bucket
        int coarseCapacity = 1440;      ///< coarse buckets kept (24 h of 60 s buckets)
        qint64 mediumBucketMs = 10000;  ///< width of one medium bucket (a divisor of coarseBucketMs)
        int mediumCapacity = 0;         ///< medium buckets kept; 0: no medium tier
        int idleFineCapacity = 600;     ///< fine samples of a node nobody watches (at most fineCapacity)
        int watchAllUpTo = 64;          ///< with at most this many nodes every node is watched
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
     * Samples of @p nodeId in [@p fromMs, @p toMs], oldest first, times strictly ascending:
     * fine samples where the fine ring covers the range; before it the medium buckets, and
     * before those the coarse buckets, that overlap the range and hold samples no finer tier
     * has any more (the bucket being filled included), each stamped with its bucket start.
     */
    std::vector<MetricSample> range(const QString &nodeId, qint64 fromMs, qint64 toMs) const;
    /** Forgets every sample of @p nodeId (node removed from the deployment). */
    void removeNode(const QString &nodeId);

    /**
     * The nodes a view draws keep fineCapacity samples, the others idleFineCapacity (their
     * oldest fine samples are dropped now; the medium and coarse tiers still hold them).
     */
    void setWatched(const QSet<QString> &nodeIds);
    bool isWatched(const QString &nodeId) const;

    /** Samples in the fine ring / completed buckets in the medium and coarse rings of @p nodeId. */
    std::size_t fineCount(const QString &nodeId) const;
    std::size_t mediumCount(const QString &nodeId) const;
    std::size_t coarseCount(const QString &nodeId) const;

    /** Upper bound of the memory one node can use with @p limits (see the class comment). */
    static std::size_t bytesPerNodeBound(const Limits &limits, bool watched = true);
    /** Upper bound for the nodes currently stored, each as watched or idle. */
    std::size_t memoryBound() const;
    /** Memory actually reserved by the rings now (always <= memoryBound()). */
    std::size_t allocatedBytes() const;

private:
    /** A downsampled tier: closed buckets and the one being filled. */
    struct Tier
    {
        Tier(qint64 width, std::size_t capacity) : bucketMs(width), ring(capacity) {}
        qint64 bucketMs;
        MetricRing ring;
        MetricBucket bucket;
        qint64 lastEvictedMs = std::numeric_limits<qint64>::min(); ///< start of the newest bucket pushed out
    };

    struct Series
    {
        Series(const Limits &limits, qint64 firstMs);
        qint64 baseMs;       ///< packed offsets count from here
        bool watched = true;
        MetricRing fine;
        qint64 fineLastEvictedMs = std::numeric_limits<qint64>::min(); ///< newest sample pushed out
        std::vector<Tier> tiers; ///< finer first: medium (if any), coarse
    };

    static qint64 bucketStart(qint64 timestampMs, qint64 width);
    /** Moves @p s's base so that @p timestampMs fits in 32 bits; false when nothing can (a gap of ~49 days). */
    static bool rebase(Series &s, qint64 timestampMs);
    bool watchedByRule(const QString &nodeId) const;
    void applyWatch(const QString &nodeId, Series &s);

    Limits m_limits;
    std::map<QString, Series> m_series;
    QSet<QString> m_watched;
};

} // namespace ops
