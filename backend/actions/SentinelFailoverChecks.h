#pragma once

#include "PreCheck.h"
#include "SentinelFailoverPlan.h"
#include "SentinelSurvey.h"

namespace ops {

/**
 * @brief The pre-checks of a Sentinel failover, each with its evidence: sentinels reachable,
 * CKQUORUM on every sentinel, sentinels agreeing on master and epoch, no failover running, a
 * replica to promote, the target's lag against the threshold (overridable), the old master
 * reachable (graceful), min-replicas-to-write, the write-loss warning of the mode, and other
 * consoles' action clients on the nodes.
 */
class SentinelFailoverChecks
{
public:
    /** @p plan has its candidates and target already. Pure. */
    static PreChecks evaluate(const SentinelSurvey &survey, const SentinelFailoverPlan &plan);
};

} // namespace ops
