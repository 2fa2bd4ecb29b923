#pragma once

#include <QtGlobal>

namespace ops {

/**
 * @brief The --max-keys-per-s throttle of a reshard, shared by its streams: a token bucket that
 * refills at the rate and holds at most one second of it. reserve() takes a batch now and says
 * how long its sender must wait first; time comes from the caller (the action's Clock), so it is
 * tested without waiting.
 */
class KeyRateLimiter
{
public:
    explicit KeyRateLimiter(qint64 keysPerSecond = 0) : m_rate(keysPerSecond) {}

    bool limited() const { return m_rate > 0; }
    qint64 rate() const { return m_rate; }
    /** Reserves @p keys at @p nowMs; returns the ms to wait before sending them (0: now). */
    qint64 reserve(qint64 keys, qint64 nowMs);

private:
    qint64 m_rate = 0;
    double m_tokens = 0;      ///< may go negative: reservations ahead of the refill
    qint64 m_lastMs = -1;
};

} // namespace ops
