#pragma once

#include "SentinelFailoverPlan.h"
#include "SentinelSurvey.h"

namespace ops {

/**
 * @brief Turns a live SentinelSurvey and the operator's request into a SentinelFailoverPlan.
 * Pure: no I/O, no clock; the same survey gives the same plan.
 *
 * Candidates are ranked as Sentinel's sentinelSelectSlave() ranks them: replicas that are down
 * (s_down / o_down), without a sentinel link, silent for more than 5 × down-after, with
 * replica-priority 0 or with a broken replication link are excluded; the rest sort by
 * replica-priority (lower first), then replication offset (higher first), then run id.
 */
class SentinelFailoverPlanner
{
public:
    static SentinelFailoverPlan plan(const SentinelSurvey &survey, const SentinelFailoverRequest &request);

private:
    static QList<FailoverCandidate> rank(const SentinelSurvey &survey, const SentinelView *view, qint64 reference);
    static void addCommands(SentinelFailoverPlan &plan);
};

} // namespace ops
