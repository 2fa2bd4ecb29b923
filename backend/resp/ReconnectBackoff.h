#pragma once

#include "ConnectionOptions.h"

namespace ops {

/** @brief Delay before reconnect attempt n: min(max, initial * 2^n), jittered ±20 %. */
class ReconnectBackoff
{
public:
    explicit ReconnectBackoff(ReconnectPolicy policy = {}) : m_policy(policy) {}
    int nextDelayMs();
    void reset() { m_attempt = 0; }
    int attempt() const { return m_attempt; }

private:
    ReconnectPolicy m_policy;
    int m_attempt = 0;
};

} // namespace ops
