#pragma once

#include "SyntheticCluster.h"
#include "model/TopologySnapshot.h"
#include "monitor/MetricSample.h"

/**
 * Whole synthetic cluster snapshots for the view benchmarks: @p spec's CLUSTER NODES seen from
 * one node (so every node is known and "ok"), then per poll cycle the numbers a Monitor would
 * refresh on every node (memory, offsets, ops/s, lag), and the MetricBatch of that cycle.
 */
namespace synthetic {

/** The snapshot a Monitor would build from @p spec's CLUSTER NODES, at @p nowMs. */
ops::TopologySnapshot clusterSnapshot(const ClusterSpec &spec, qint64 nowMs);

/** @p base with cycle @p cycle's metrics on every node (deterministic, varies per node). */
ops::SnapshotPtr withMetrics(ops::TopologySnapshot base, int cycle);

/** The MetricBatch a Monitor would publish with @p snapshot (one sample per data node). */
ops::MetricBatch samplesOf(const ops::TopologySnapshot &snapshot);

} // namespace synthetic
