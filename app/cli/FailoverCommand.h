#pragma once

#include "ActionCommand.h"
#include "DeploymentArguments.h"
#include "actions/SentinelFailoverExecutor.h"
#include "actions/SentinelFailoverPlan.h"


namespace ops {

struct SentinelSurvey;

/**
 * @brief `redis-ops failover --sentinel H:P --master NAME [--graceful] [--to H:P] [--dry-run]
 * [--yes] [--json]`: a guided Sentinel failover. Surveys the deployment live, prints the plan
 * (candidates with reasons, pre-checks with evidence, the exact commands), refuses when a check
 * blocks (exit 1), executes nothing with --dry-run, asks for the master's name unless --yes, then
 * runs it journaled, printing each phase and sentinel event with its time (the events are stored
 * in the history with the operation's id). Exit 0 only when the result is verified. At start it
 * warns about every unfinished operation the journal holds for the same deployment.
 */
class FailoverCommand : public ActionCommand
{
    Q_OBJECT
public:
    using ActionCommand::ActionCommand;
    ~FailoverCommand() override;
    void run(const QStringList &args) override;

private:
    /** Prints a warning for every unfinished (Planned/Running) operation of this deployment in the journal. */
    void warnUnfinished();
    bool sameDeployment(const OperationRecord &op) const;
    void onSurvey(const SentinelSurvey &survey);
    bool confirmed() override;
    void execute() override;
    void onFinished(const SentinelFailoverExecutor::Result &result);

    DeploymentArguments m_deploymentArgs;
    ConnectionOptions m_options;
    QList<Endpoint> m_sentinels;
    SentinelFailoverRequest m_request;
    SentinelFailoverPlan m_plan;
    QString m_deploymentId;
    SentinelFailoverExecutor *m_executor = nullptr;
};

} // namespace ops
