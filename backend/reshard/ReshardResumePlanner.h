#pragma once

#include "ReshardPlan.h"
#include "ReshardSurvey.h"

namespace ops {

/**
 * @brief Plans the rest of an interrupted reshard (a crash, kill -9, a stop on an error) from its
 * journaled plan and the cluster as it is now, slot by slot:
 * - the target owns it (its own CLUSTER NODES) and nobody lists it open: done, left out;
 * - the target owns it but the source still lists it as its own or MIGRATING: close only
 *   (SETSLOT NODE on the source and the other masters; its keys are on the target);
 * - the source still owns it, open or not: moved again from the start (IMPORTING / MIGRATING on
 *   an open slot are accepted again; keys already on the target are found by MIGRATE itself);
 * - anyone else owns it: left out, with the reason.
 * The source and the target must answer; open slots that are not this operation's are refused as
 * in a new plan. Pure.
 */
class ReshardResumePlanner
{
public:
    static ReshardPlan plan(const ReshardSurvey &survey, const ReshardPlan &original);
};

} // namespace ops
