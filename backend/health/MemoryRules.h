#pragma once

#include "HealthRule.h"

namespace ops {

/**
 * @brief Memory rules on every data node: `maxmemory` unset or above a share of the host's RAM,
 * fragmentation (ignored where MEMORY DOCTOR ignores it: small datasets), used memory near
 * `maxmemory` judged with the eviction policy, a volatile-* policy with (almost) no key to evict. Ids start with "memory.".
 */
QList<HealthRule> memoryRules();

} // namespace ops
