#pragma once

#include "ReshardPlan.h"
#include "ReshardSurvey.h"

namespace ops {
class ClusterMasters;
}

namespace ops {

/**
 * @brief Plans a slot move (`redis-ops reshard`) from a ReshardSurvey: resolves the sources and the
 * target, picks the slots (--slots N: from each source in proportion to what it owns, its lowest
 * slots first, as redis-cli does; --range: exactly those, each owned by a source or, without
 * --from, by any other master), estimates keys, finds big keys in the sample, and runs the checks.
 * Pure: the same survey and request give the same plan.
 */
class ReshardPlanner
{
public:
    static ReshardPlan planMove(const ReshardSurvey &survey, const ReshardRequest &request);
    /** Fills what every plan shows from its pairs: estimated keys, big keys, distribution after. */
    static void complete(ReshardPlan &plan, const ReshardSurvey &survey, const ClusterMasters &masters);
};

} // namespace ops
