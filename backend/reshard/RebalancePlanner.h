#pragma once

#include "ReshardPlan.h"
#include "ReshardSurvey.h"

#include <QHash>

namespace ops {

/** @brief `rebalance` and `drain` as the operator asks for them; batches and streams come from @c tuning. */
struct RebalanceRequest
{
    QHash<QString, double> weights;  ///< NODE (id, prefix or host:port) → weight; others 1; 0 empties it
    double thresholdPercent = 2.0;   ///< rebalance only when a master is further than this from its share
    bool useEmptyMasters = false;    ///< masters without slots take part (a node just added)
    QString drain;                   ///< drain: every slot of this master goes ...
    QStringList drainTo;             ///< ... to these masters (default: every other master with slots)
    ReshardRequest tuning;           ///< batch, streams, throttle, replace
};

/**
 * @brief Plans a rebalance (every master to its weighted share of the 16384 slots, as redis-cli
 * --cluster rebalance does: nothing when every master is within the threshold) or a drain (all
 * of one master's slots, in even shares by weight, to the other masters) as a ReshardPlan the
 * reshard executor runs. Donors give their lowest slots; each donor → receiver pair is one move.
 * Pure.
 */
class RebalancePlanner
{
public:
    static ReshardPlan planRebalance(const ReshardSurvey &survey, const RebalanceRequest &request);
    static ReshardPlan planDrain(const ReshardSurvey &survey, const RebalanceRequest &request);
};

} // namespace ops
