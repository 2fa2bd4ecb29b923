#pragma once

#include "FixPlan.h"
#include "MaintenanceIntent.h"
#include "MembershipPlan.h"
#include "actions/ClusterSurvey.h"
#include "actions/DeploymentAction.h"

#include <QPointer>

namespace ops {

class FixExecutor;
class MembershipExecutor;
struct ReshardSurvey;

/**
 * @brief The cluster's maintenance actions as a DeploymentSession drives them (a runbook step, a
 * view): `fix` (FixPlanner / FixExecutor: finish or roll back open slots and assign uncovered
 * ones, only in the cases known to be safe), `add-node` and `remove-node` (MembershipPlanner /
 * MembershipExecutor). The same planners, executors and journal as `redis-ops fix`, `add-node`
 * and `remove-node`: previewMaintenance() surveys the cluster live and answers with the plan,
 * checks and exact commands; execute() runs that plan journaled and verifies it.
 *
 * cancel() asks the running executor to stop at its next safe point, which it says at once as
 * a phase (FixExecutor: between slots; MembershipExecutor: before the first command, or an
 * add-node --replica-of before CLUSTER REPLICATE). What was sent is finished and verified —
 * a MEET cannot be taken back and FORGET must reach every node within the cluster's 60 s ban
 * — and the run is journaled cancelled with what it left; the journal shows every step.
 */
class ClusterMaintenanceAction : public DeploymentAction
{
    Q_OBJECT
public:
    ClusterMaintenanceAction(Context context, QList<Endpoint> nodes, QObject *parent = nullptr);
    ~ClusterMaintenanceAction() override;

    /** Not a failover: answered with a refusal. */
    void preview(const FailoverIntent &intent) override;
    void previewMaintenance(const MaintenanceIntent &intent);
    void cancel() override;

protected:
    OperationRecord newRecord() const override;
    void run(OperationRunner *runner) override;

private:
    void plannedFix(const ReshardSurvey &survey);
    void plannedMembership();
    void refuse(const QString &why);

    QList<Endpoint> m_nodes;
    MaintenanceIntent m_intent;
    FixPlan m_fix;
    MembershipPlan m_membership;
    // add / remove: the surveys and the new node's key count arrive separately
    int m_waiting = 0;
    ClusterSurvey m_cluster;
    ClusterNodeView m_newNode;
    qint64 m_newNodeKeys = -1;
    QPointer<FixExecutor> m_fixRun;               ///< while a fix runs
    QPointer<MembershipExecutor> m_membershipRun; ///< while an add / remove runs
};

} // namespace ops
