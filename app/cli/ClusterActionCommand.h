#pragma once

#include "ActionCommand.h"
#include "DeploymentArguments.h"

#include <functional>

namespace ops {

struct ClusterSurvey;
struct ReshardSurvey;

/**
 * @brief What the slot and membership commands (reshard, rebalance, drain, fix, add-node,
 * remove-node, resume) share on top of ActionCommand: `--cluster H:P` with the deployment options
 * (connection options, --profile, --read-only),
 * the live survey, the "no node answered" and "nothing to do" endings, and the journaled
 * operation built from the command's connection options.
 */
class ClusterActionCommand : public ActionCommand
{
    Q_OBJECT
public:
    using ActionCommand::ActionCommand;
    ~ClusterActionCommand() override;

protected:
    /** --cluster, the deployment options and the action options (no lag options). */
    void addClusterOptions(QCommandLineParser &parser);
    /** Reads them into m_options (--cluster replaces -h/-p); false after a usage error. */
    bool readClusterOptions(const QCommandLineParser &parser);
    /** A ReshardSurveyor pass from @p seeds (default: m_options.endpoint); @p done with the survey. */
    void surveyCluster(std::function<void(const ReshardSurvey &)> done, QList<Endpoint> seeds = {}, int sampleSlots = 16);
    /** False (exit 3, with every node's error) when no node of @p survey answered. */
    bool someNodeAnswered(const ClusterSurvey &survey);
    /** Prints @p planJson / @p planText and "@p message" and exits 0: there is nothing to do. */
    void nothingToDo(const QJsonObject &planJson, const QStringList &planText, const QString &message);
    /** Journals a new operation and returns its runner, with m_options' credentials and timeouts. */
    OperationRunner *startClusterOperation(const QString &kind, const QString &deploymentId, const QString &target,
                                           const QString &mode, const QJsonObject &plan);
    /** The runner options for m_options. */
    OperationRunner::Options runnerOptions() const;

    DeploymentArguments m_deploymentArgs;
    ConnectionOptions m_options;

private:
    const QCommandLineOption m_clusterOption{QStringLiteral("cluster"), QStringLiteral("A node of the cluster (or -h/-p)."),
                                             QStringLiteral("host:port")};
};

} // namespace ops
