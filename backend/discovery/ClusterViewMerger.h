#pragma once

#include "SnapshotBuilder.h"

namespace ops {

/**
 * @brief The cluster part of SnapshotBuilder: merges the CLUSTER NODES views of every fresh
 * viewpoint with each node's own INFO into nodes, flags, slot owners and migrations.
 *
 * Rules (the cluster's own, so the console never invents a state the cluster does not have):
 * - a node's line is taken from the node itself ("myself") when that view is fresh, else from the
 *   viewpoint that gives it the highest config epoch;
 * - FAIL is shown when any viewpoint has it (FAIL is agreed cluster-wide), PFAIL when any other
 *   node suspects it;
 * - a slot claimed by two masters goes to the higher config epoch, and a warning names both;
 * - migrating / importing states come from each node's own line (only "myself" shows them).
 */
class ClusterViewMerger
{
public:
    static TopologySnapshot merge(const SnapshotInput &input);
};

} // namespace ops
