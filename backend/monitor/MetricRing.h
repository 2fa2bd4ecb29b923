#pragma once

#include "PackedMetricSample.h"

#include <cstddef>
#include <vector>

namespace ops {

/**
 * @brief Fixed-capacity ring of PackedMetricSamples, times non-decreasing, allocated lazily up
 * to its capacity (never beyond: the memory bound is exact, not a power of two). The capacity
 * can change (MetricStore gives nodes nobody looks at a shorter fine ring): shrinking drops the
 * oldest samples and releases the memory. A MetricStore part; single-threaded.
 */
class MetricRing
{
public:
    explicit MetricRing(std::size_t capacity) : m_capacity(capacity) {}

    /** Adds @p sample; returns true and sets @p evicted when the oldest had to go. */
    bool push(const PackedMetricSample &sample, PackedMetricSample *evicted = nullptr);
    std::size_t size() const { return m_items.size(); }
    std::size_t capacity() const { return m_capacity; }
    bool empty() const { return m_items.empty(); }
    /** Logical index: 0 = oldest. */
    const PackedMetricSample &at(std::size_t i) const { return m_items[(m_head + i) % m_items.size()]; }
    const PackedMetricSample &back() const { return at(size() - 1); }
    /** First logical index with offsetMs >= @p offset (size() if none). */
    std::size_t lowerBound(quint32 offset) const;
    /**
     * New capacity (at least 1). Shrinking below size() drops the oldest samples; returns how
     * many, and the newest dropped one in @p newestDropped.
     */
    std::size_t setCapacity(std::size_t capacity, PackedMetricSample *newestDropped = nullptr);
    /** Subtracts @p delta from every sample's offset (the series' base moved later). */
    void shift(quint32 delta);
    std::size_t allocatedBytes() const { return m_items.capacity() * sizeof(PackedMetricSample); }

private:
    /** Oldest first in memory (m_head = 0). */
    void linearize();

    std::vector<PackedMetricSample> m_items;
    std::size_t m_capacity;
    std::size_t m_head = 0; ///< physical index of the oldest sample once full
};

} // namespace ops
