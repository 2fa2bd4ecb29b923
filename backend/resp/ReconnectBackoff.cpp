#include "ReconnectBackoff.h"

#include <QRandomGenerator>

#include <algorithm>
#include <limits>

namespace ops {

int ReconnectBackoff::nextDelayMs()
{
    const int shift = std::min(m_attempt, 20);
    const qint64 raw = qint64(m_policy.initialDelayMs) << shift;
    const qint64 capped = std::min<qint64>(raw, m_policy.maxDelayMs);
    ++m_attempt;
    const double jitter = 0.8 + 0.4 * QRandomGenerator::global()->generateDouble();
    return int(std::clamp<qint64>(qint64(double(capped) * jitter), 1, std::numeric_limits<int>::max()));
}

} // namespace ops
