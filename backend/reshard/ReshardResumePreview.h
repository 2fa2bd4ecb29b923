#pragma once

#include "ReshardPlan.h"
#include "actions/ActionPreview.h"
#include "history/OperationRecord.h"

namespace ops {

struct ClusterSurvey;

/**
 * @brief The preview of a reshard's resume as the console shows it: which operation goes on
 * (id, who started it, when, its last journaled step), what is left on the cluster now (slots done
 * already, slots only to close because their keys are on the target, slots to move again, open
 * or not), the distribution after, the checks and the commands of one slot; the operator types the
 * operation's first 8 characters. Pure.
 */
class ReshardResumePreview
{
public:
    /** @p openNow: the plan's slots some node lists MIGRATING or IMPORTING in the survey (openSlotsOf()). */
    static ActionPreview build(const OperationRecord &record, const ReshardPlan &rest, const QList<int> &openNow,
                               qint64 surveyedAtMs);
    /** The slots of @p rest that a node of @p survey lists as MIGRATING or IMPORTING, ascending. */
    static QList<int> openSlotsOf(const ReshardPlan &rest, const ClusterSurvey &survey);
};

} // namespace ops
