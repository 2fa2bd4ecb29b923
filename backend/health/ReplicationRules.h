#pragma once

#include "HealthRule.h"

namespace ops {

/**
 * @brief Replication rules on every deployment kind: masters without a replica (or none in sync),
 * a replica on its master's host, `min-replicas-to-write 0`, persistence off on a master that has
 * replicas, replica lag and link. Ids start with "replication.".
 */
QList<HealthRule> replicationRules();

} // namespace ops
