#pragma once

#include "HealthRule.h"

namespace ops {

/**
 * @brief Cluster rules: `cluster_state`, slot coverage, open (migrating/importing) slots, nodes
 * in fail / pfail / handshake / noaddr, uneven slot distribution, `cluster-node-timeout` (extreme
 * or inconsistent), `cluster-require-full-coverage` (inconsistent, or yes with a master that has no
 * replica). Ids start with "cluster.".
 */
QList<HealthRule> clusterRules();

} // namespace ops
