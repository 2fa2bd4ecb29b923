#pragma once

#include <QtGlobal>

#include <array>

namespace ops {

/**
 * @brief The last few request/reply round trips of one server's poll, in microseconds: a fixed
 * ring (kCapacity samples, about two minutes at the default poll interval) and its worst and
 * 99th-percentile values. Plain value kept in NodeObservation; the snapshot carries only the
 * summary (Node::roundTripMaxUs / roundTripP99Us / roundTripSamples).
 */
class RoundTripWindow
{
public:
    static constexpr int kCapacity = 64;

    /** Records one round trip; the oldest is dropped once the ring is full. Negative values are ignored. */
    void add(qint64 micros);
    int size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    /** Worst round trip in the window; -1 when empty. */
    qint64 maxUs() const;
    /** Nearest-rank 99th percentile; -1 when empty (with fewer than 100 samples it is the max). */
    qint64 p99Us() const;

private:
    std::array<qint64, kCapacity> m_samples{};
    int m_next = 0;
    int m_size = 0;
};

} // namespace ops
