#pragma once

#include "ActionCommand.h"
#include "DeploymentArguments.h"
#include "actions/ClusterFailoverExecutor.h"
#include "actions/ClusterFailoverPlan.h"


namespace ops {

struct ClusterSurvey;

/**
 * @brief `redis-ops failover --cluster-replica H:P | --cluster-master H:P [--force|--takeover]
 * [--dry-run] [--yes] [--json]`: a guided cluster manual failover. Surveys the cluster live from
 * the named node, prints the plan (with --cluster-master: the master's replicas ranked with
 * reasons, the best one chosen), refuses when a check blocks (exit 1), executes nothing with
 * --dry-run, asks for the target's address on a terminal (and for TAKEOVER, the word TAKEOVER
 * too) unless --yes, refuses without a terminal and without --yes, then runs it journaled
 * (kind "cluster-failover"), printing each phase and step. Exit 0 only when verified.
 */
class ClusterFailoverCommand : public ActionCommand
{
    Q_OBJECT
public:
    using ActionCommand::ActionCommand;
    ~ClusterFailoverCommand() override;
    void run(const QStringList &args) override;

    /** True when @p args ask for a cluster failover (--cluster-replica / --cluster-master). */
    static bool wanted(const QStringList &args);

private:
    void onSurvey(const ClusterSurvey &survey);
    bool confirmed() override;
    void execute() override;
    void onFinished(const ClusterFailoverExecutor::Result &result);

    DeploymentArguments m_deploymentArgs;
    ConnectionOptions m_options;
    ClusterFailoverRequest m_request;
    ClusterFailoverPlan m_plan;
    ClusterFailoverExecutor *m_executor = nullptr;
};

} // namespace ops
