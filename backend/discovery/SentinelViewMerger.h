#pragma once

#include "SnapshotBuilder.h"

namespace ops {

/**
 * @brief The Sentinel part of SnapshotBuilder: which master the sentinels point to (the majority
 * of fresh answers; every view is kept when they differ), its replicas as the sentinels list
 * them, every sentinel (seeds and the peers they report), and each data node's own INFO.
 */
class SentinelViewMerger
{
public:
    static TopologySnapshot merge(const SnapshotInput &input);
};

} // namespace ops
