#pragma once

#include "ClusterFailoverPlan.h"
#include "ClusterSurvey.h"

namespace ops {

/**
 * @brief Turns a live ClusterSurvey and the operator's request into a ClusterFailoverPlan.
 * Pure: no I/O, no clock; the same survey gives the same plan.
 *
 * The shard is the chosen replica's master (or the named master). Its replicas are candidates:
 * unreachable replicas and those flagged fail / fail? are excluded, and so, in default mode, is a
 * replica whose replication link is down (the coordinated failover streams the master's last
 * writes over it). The rest rank as Redis ranks replicas for an election
 * (clusterGetSlaveRank): link up first, then the highest replication offset; the address breaks ties.
 */
class ClusterFailoverPlanner
{
public:
    static ClusterFailoverPlan plan(const ClusterSurvey &survey, const ClusterFailoverRequest &request);

private:
    static QList<ClusterFailoverCandidate> rank(const ClusterSurvey &survey, const ClusterFailoverPlan &plan);
};

} // namespace ops
