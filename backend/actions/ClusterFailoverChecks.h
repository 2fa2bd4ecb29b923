#pragma once

#include "ClusterFailoverPlan.h"
#include "ClusterSurvey.h"
#include "PreCheck.h"

namespace ops {

/**
 * @brief The pre-checks of a cluster manual failover, each with its evidence: a replica of the
 * master chosen, its replication link and lag (lag refusal overridable), cluster_state on every
 * node, the master answering (default mode needs it; FORCE is the way without), a majority of
 * the masters to vote (not TAKEOVER), no failover already running (the nodes agree on the shard's
 * master, nobody flags it fail), the write-loss warning of the mode and other consoles' action
 * clients on the nodes.
 */
class ClusterFailoverChecks
{
public:
    /** @p plan has its candidates and target already. Pure. */
    static PreChecks evaluate(const ClusterSurvey &survey, const ClusterFailoverPlan &plan);
};

} // namespace ops
