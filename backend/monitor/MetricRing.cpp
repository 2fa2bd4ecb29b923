#include "MetricRing.h"

#include <algorithm>

namespace ops {

bool MetricRing::push(const PackedMetricSample &sample, PackedMetricSample *evicted)
{
    if (m_items.size() < m_capacity) {
        if (m_items.size() == m_items.capacity())
            m_items.reserve(std::min(m_capacity, std::max<std::size_t>(16, m_items.capacity() * 2)));
        m_items.push_back(sample);
        return false;
    }
    if (evicted != nullptr)
        *evicted = m_items[m_head];
    m_items[m_head] = sample;
    m_head = (m_head + 1) % m_capacity;
    return true;
}

std::size_t MetricRing::lowerBound(quint32 offset) const
{
    std::size_t lo = 0;
    std::size_t hi = size();
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (at(mid).offsetMs < offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void MetricRing::linearize()
{
    if (m_head != 0) {
        std::rotate(m_items.begin(), m_items.begin() + std::ptrdiff_t(m_head), m_items.end());
        m_head = 0;
    }
}

std::size_t MetricRing::setCapacity(std::size_t capacity, PackedMetricSample *newestDropped)
{
    capacity = std::max<std::size_t>(1, capacity);
    if (capacity == m_capacity)
        return 0;
    linearize();
    std::size_t dropped = 0;
    if (m_items.size() > capacity) {
        dropped = m_items.size() - capacity;
        if (newestDropped != nullptr)
            *newestDropped = m_items[dropped - 1];
        m_items.erase(m_items.begin(), m_items.begin() + std::ptrdiff_t(dropped));
    }
    if (m_items.capacity() > capacity)
        m_items.shrink_to_fit(); // a shorter ring gives its memory back
    m_capacity = capacity;
    return dropped;
}

void MetricRing::shift(quint32 delta)
{
    for (PackedMetricSample &p : m_items)
        p.offsetMs -= delta;
}

} // namespace ops
