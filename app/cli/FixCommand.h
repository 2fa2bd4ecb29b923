#pragma once

#include "ClusterActionCommand.h"
#include "reshard/FixExecutor.h"
#include "reshard/FixPlan.h"

namespace ops {

struct ReshardSurvey;

/**
 * @brief `redis-ops fix --cluster H:P [--assign-empty-to NODE] [--replace] [--dry-run] [--yes] [--json]`:
 * repairs open and uncovered slots, only in the cases known to be safe (FixPlanner), refusing the
 * others with what was seen and everything while a master does not answer. Prints each slot's case,
 * asks for the number of slots to fix on a terminal unless --yes, runs it journaled (kind
 * "cluster-fix") and verifies. Exit 0 only when every slot is fixed and verified (refused slots: 1).
 */
class FixCommand : public ClusterActionCommand
{
    Q_OBJECT
public:
    using ClusterActionCommand::ClusterActionCommand;
    ~FixCommand() override;
    void run(const QStringList &args) override;

private:
    void onSurvey(const ReshardSurvey &survey);
    bool confirmed() override;
    void execute() override;

    QString m_assignEmptyTo;
    bool m_replace = false;
    FixPlan m_plan;
};

} // namespace ops
