#pragma once

#include "MetricSample.h"

namespace ops {

/**
 * @brief The downsampled bucket being filled (MetricStore's medium and coarse tiers): MAX of
 * lagBytes / lagSeconds (a lag spike survives), MIN of linkUp (a moment with the link down
 * survives), LAST known replOffset / usedMemory / maxMemory / clients / keys, MEAN of
 * fragmentation / opsPerSec. Unknown (negative) values never enter an aggregate; a field unknown
 * in the whole bucket stays -1.
 */
class MetricBucket
{
public:
    bool isOpen() const { return m_open; }
    qint64 startMs() const { return m_aggregate.timestampMs; }
    /** Starts a bucket at @p startMs (the previous content is forgotten). */
    void open(qint64 startMs);
    void add(const MetricSample &sample);
    /** The aggregate so far, stamped with the bucket start. */
    MetricSample finished() const;

private:
    bool m_open = false;
    MetricSample m_aggregate;
    double m_fragmentationSum = 0;
    int m_fragmentationCount = 0;
    double m_opsSum = 0;
    int m_opsCount = 0;
};

} // namespace ops
