#include "RoundTripWindow.h"

#include <algorithm>
#include <cmath>

namespace ops {

void RoundTripWindow::add(qint64 micros)
{
    if (micros < 0)
        return;
    m_samples[std::size_t(m_next)] = micros;
    m_next = (m_next + 1) % kCapacity;
    m_size = std::min(m_size + 1, kCapacity);
}

qint64 RoundTripWindow::maxUs() const
{
    if (m_size == 0)
        return -1;
    return *std::max_element(m_samples.cbegin(), m_samples.cbegin() + m_size);
}

qint64 RoundTripWindow::p99Us() const
{
    if (m_size == 0)
        return -1;
    std::array<qint64, kCapacity> sorted = m_samples;
    std::sort(sorted.begin(), sorted.begin() + m_size);
    // Nearest rank: the smallest value with at least 99 % of the samples at or below it.
    const int rank = int(std::ceil(0.99 * m_size));
    return sorted[std::size_t(std::max(rank, 1) - 1)];
}

} // namespace ops
