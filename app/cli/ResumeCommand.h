#pragma once

#include "ClusterActionCommand.h"
#include "history/OperationRecord.h"
#include "reshard/ReshardExecutor.h"
#include "reshard/ReshardPlan.h"

namespace ops {

struct ReshardSurvey;

/**
 * @brief `redis-ops resume [OPERATION] [--replace] [--dry-run] [--yes] [--json]`: finishes a reshard
 * the journal holds as interrupted (the console or the CLI was killed, the machine rebooted) or
 * that stopped on an error. Reads the operation and its plan from the journal (OPERATION: an id or
 * unique prefix; default: the most recent unfinished reshard), surveys the cluster from the plan's
 * masters, plans what is left (ReshardResumePlanner: slots done, slots to close only, slots to move
 * again, open or not), shows it, asks for the operation's first 8 characters unless --yes, and
 * runs it as the same operation (its steps go on after the journaled ones). Exit 0 only when the
 * whole operation is verified; Ctrl-C / SIGTERM stop it between windows as `reshard` does (exit 4).
 */
class ResumeCommand : public ClusterActionCommand
{
    Q_OBJECT
public:
    using ClusterActionCommand::ClusterActionCommand;
    ~ResumeCommand() override;
    void run(const QStringList &args) override;

private:
    /** The operation to resume, from the journal; false (exit set) when there is none. */
    bool findOperation(const QString &wanted);
    void onSurvey(const ReshardSurvey &survey);
    bool confirmed() override;
    void execute() override;

    OperationRecord m_record;
    ReshardPlan m_original;
    ReshardPlan m_plan;
    bool m_replace = false;
    ReshardExecutor *m_executor = nullptr;
};

} // namespace ops
