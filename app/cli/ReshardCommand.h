#pragma once

#include "ActionCommand.h"
#include "ConnectionArguments.h"
#include "reshard/ReshardExecutor.h"
#include "reshard/ReshardPlan.h"

namespace ops {

struct ReshardSurvey;
class SignalWatcher;

/**
 * @brief `redis-ops reshard --cluster H:P --from NODE [--from NODE] --to NODE (--slots N | --range A-B ...)
 * [--batch K] [--streams S] [--slots-in-flight W] [--max-keys-per-s R] [--replace] [--dry-run] [--yes] [--json]`:
 * moves slots between masters. Surveys the cluster (owners, open slots, key counts, a key-size
 * sample), prints the plan with the distribution before/after, the estimate and the exact commands
 * of one slot, refuses when a check blocks (exit 1), asks for the target's address on a terminal
 * unless --yes, then runs it journaled (kind "cluster-reshard") with a progress bar on a terminal
 * and JSON lines otherwise. Ctrl-C cancels safely (the open windows finish). Exit 0 only when
 * verified.
 */
class ReshardCommand : public ActionCommand
{
    Q_OBJECT
public:
    using ActionCommand::ActionCommand;
    ~ReshardCommand() override;
    void run(const QStringList &args) override;

private:
    void onSurvey(const ReshardSurvey &survey);
    bool confirmed() override;
    void execute() override;
    void onProgress(const ReshardProgress &progress);
    void onFinished(const ReshardExecutor::Result &result);

    ConnectionArguments m_connArgs;
    ConnectionOptions m_options;
    ReshardRequest m_request;
    ReshardPlan m_plan;
    ReshardExecutor *m_executor = nullptr;
    SignalWatcher *m_signals = nullptr;
    bool m_progressBar = false;
    bool m_progressJson = false;
    qint64 m_lastProgressMs = -1;
};

} // namespace ops
