#pragma once

#include "HealthRule.h"

namespace ops {

/**
 * @brief Client-side guidance from the failover history: the clients' retry budget
 * (HealthThresholds::clientRetryBudgetMs, stated by the operator) against how long this
 * deployment's recorded failovers took (HealthContext::failoverDurationsMs). Ids start with
 * "failover.".
 */
QList<HealthRule> failoverRules();

} // namespace ops
