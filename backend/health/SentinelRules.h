#pragma once

#include "HealthRule.h"

namespace ops {

/**
 * @brief Rules on the Sentinel layer of a Sentinel deployment: sentinel count, quorum against
 * the majority, sentinels agreeing on master and epoch, `SENTINEL CKQUORUM`, TILT,
 * `parallel-syncs` against the replica count. Ids start with "sentinel.".
 */
QList<HealthRule> sentinelRules();

} // namespace ops
