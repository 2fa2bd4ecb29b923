#pragma once

#include "ClusterActionCommand.h"
#include "actions/ClusterSurvey.h"
#include "reshard/MembershipExecutor.h"
#include "reshard/MembershipPlan.h"

namespace ops {

/**
 * @brief `redis-ops add-node NEW --cluster H:P [--replica-of NODE]` and `redis-ops remove-node NODE
 * --cluster H:P`: surveys the cluster (and the new node), prints the plan with its checks and exact
 * commands, refuses when a check blocks (exit 1), asks for the node's address on a terminal unless
 * --yes, runs it journaled (kind "add-node" / "remove-node") and exits 0 only when the cluster shows
 * the result.
 */
class MembershipCommand : public ClusterActionCommand
{
    Q_OBJECT
public:
    explicit MembershipCommand(MembershipPlan::Kind kind);
    ~MembershipCommand() override;
    void run(const QStringList &args) override;

private:
    void surveyed();
    bool confirmed() override;
    void execute() override;

    MembershipPlan::Kind m_kind;
    QString m_node;
    QString m_replicaOf;
    ClusterSurvey m_cluster;
    ClusterNodeView m_newNode;
    qint64 m_newNodeKeys = -1;
    int m_waiting = 0;
    MembershipPlan m_plan;
};

} // namespace ops
