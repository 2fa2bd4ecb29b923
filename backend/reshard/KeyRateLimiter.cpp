#include "KeyRateLimiter.h"

#include <algorithm>
#include <cmath>

namespace ops {

qint64 KeyRateLimiter::reserve(qint64 keys, qint64 nowMs)
{
    if (m_rate <= 0)
        return 0;
    if (m_lastMs < 0) {
        m_tokens = double(m_rate); // a full bucket: the first second's worth goes at once
        m_lastMs = nowMs;
    }
    const qint64 elapsed = std::max<qint64>(0, nowMs - m_lastMs);
    m_lastMs = nowMs;
    m_tokens = std::min(double(m_rate), m_tokens + double(elapsed) * double(m_rate) / 1000.0);
    m_tokens -= double(keys);
    if (m_tokens >= 0)
        return 0;
    return qint64(std::ceil(-m_tokens * 1000.0 / double(m_rate)));
}

} // namespace ops
