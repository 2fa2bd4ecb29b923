#pragma once

#include "MembershipPlan.h"
#include "actions/ClusterSurvey.h"

namespace ops {

/**
 * @brief Plans `add-node` and `remove-node` from live surveys, with the checks an on-call engineer
 * makes first. Add: the new node answers, has cluster support, knows no other node (not in
 * another cluster), holds no key, is not a member already; the master to replicate resolves;
 * every member answers. Remove: the node is a member, owns no slot (drain it first), is not a
 * master with replicas, and every other member answers (one that misses the FORGET would gossip
 * it back). Pure.
 */
class MembershipPlanner
{
public:
    static MembershipPlan planAdd(const ClusterSurvey &cluster, const ClusterNodeView &newNode, qint64 newNodeKeys,
                                  const QString &replicaOf);
    static MembershipPlan planRemove(const ClusterSurvey &cluster, const QString &name);
};

} // namespace ops
