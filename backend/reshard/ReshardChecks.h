#pragma once

#include "ClusterMasters.h"
#include "actions/PreCheck.h"

#include <QSet>

namespace ops {

struct ReshardSurvey;

/**
 * @brief The pre-checks every slot-moving operation (move, rebalance, drain, fix) shares, each
 * with its evidence: every master answered, cluster_state ok everywhere, no open slot
 * (MIGRATING / IMPORTING) on any node, every node agrees on the slot owners, every slot covered,
 * keys counted, and no other console acting on the cluster.
 */
class ReshardChecks
{
public:
    /** @p expected: slots a resumed operation left open itself, or that fix repairs (not counted as
     *  open or disagreeing); @p stateMustBeOk false: cluster_state fail only warns (fix repairs it). */
    static PreChecks common(const ReshardSurvey &survey, const ClusterMasters &masters, const QSet<int> &expected = {},
                            bool stateMustBeOk = true);
    /** "slot X migrating on A to B" lines of every open slot any node reports. */
    static QStringList openSlots(const ClusterSurvey &survey, const QSet<int> &expected = {});
};

} // namespace ops
