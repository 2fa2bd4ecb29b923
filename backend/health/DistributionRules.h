#pragma once

#include "HealthRule.h"

namespace ops {

/**
 * @brief Cluster data distribution rules: keys per master against its share of the slots
 * (`cluster.key-skew`, from INFO keyspace, every poll) and hot slots holding a disproportionate
 * share of the keys (`cluster.hot-slots`, from the per-slot census in HealthContext). Uneven
 * slot counts are `cluster.slot-balance` (ClusterRules). Ids start with "cluster.".
 */
QList<HealthRule> distributionRules();

} // namespace ops
