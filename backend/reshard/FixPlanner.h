#pragma once

#include "FixPlan.h"
#include "ReshardSurvey.h"

namespace ops {

/**
 * @brief Plans `fix` from a ReshardSurvey: for every slot some node lists open, or no master owns,
 * one of the cases known to be safe (SlotFix::Kind), judged on every node's own CLUSTER NODES and
 * the slot's keys on every master; anything else is refused with what was seen. The whole fix is
 * refused while a master does not answer. Pure.
 */
class FixPlanner
{
public:
    /** @p assignEmptyTo: the master that takes uncovered slots no master holds keys of (else refused). */
    static FixPlan plan(const ReshardSurvey &survey, const QString &assignEmptyTo = {});
};

} // namespace ops
