#pragma once

#include "ClusterFailoverPlan.h"
#include "DeploymentAction.h"

namespace ops {

class ClusterFailoverExecutor;
struct ClusterSurvey;

/**
 * @brief A guided cluster manual failover as a DeploymentAction: ClusterSurveyor → planner →
 * ActionPreview (TAKEOVER asks for an extra confirmation); a run is ClusterFailoverExecutor on the
 * base's OperationRunner, its phases and steps reported as ActionProgress and its verified result
 * (ROLE, CLUSTER NODES from several nodes, the epoch change) as an ActionOutcome.
 */
class ClusterFailoverAction : public DeploymentAction
{
    Q_OBJECT
public:
    /** @p nodes: the cluster's data nodes as the console knows them (any may be down). */
    ClusterFailoverAction(Context context, QList<Endpoint> nodes, QObject *parent = nullptr);
    ~ClusterFailoverAction() override;

    void preview(const FailoverIntent &intent) override;
    void cancel() override;

    /** The preview of @p plan (pure). */
    static ActionPreview previewOf(const ClusterFailoverPlan &plan);
    /** The planner's request for @p intent: its preferred replica, else the best replica of its node (a master). */
    static ClusterFailoverRequest requestOf(const FailoverIntent &intent);

protected:
    OperationRecord newRecord() const override;
    void run(OperationRunner *runner) override;

private:
    void onSurvey(const ClusterSurvey &survey, const ClusterFailoverRequest &request);

    QList<Endpoint> m_nodes;
    ClusterFailoverPlan m_plan;     ///< of the current preview
    ClusterFailoverExecutor *m_executor = nullptr;
};

} // namespace ops
