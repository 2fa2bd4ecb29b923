#pragma once

#include "OpsEvent.h"
#include "TopologySnapshot.h"

namespace ops {

/**
 * @brief Turns two consecutive snapshots of one deployment into typed events: node added /
 * removed, promotion / demotion, a replica changing master, pfail / fail / stale set and cleared,
 * slot owner changes (grouped into ranges per source -> target), migrations started / finished,
 * config epoch changes, replication link down / up, cluster state changes and sentinels
 * starting or ceasing to disagree about the master.
 *
 * Pure function of its inputs; O(nodes + slots). The first snapshot of a monitor (no previous
 * one) yields no events: discovery is not a change.
 */
class TopologyDiff
{
public:
    static OpsEvents diff(const TopologySnapshot &before, const TopologySnapshot &after);
};

} // namespace ops
