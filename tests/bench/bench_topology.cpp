// Google Benchmark: the cost of one monitor cycle's model work on a synthetic 1,000-node cluster
// (500 masters x 1 replica, all slots): parse CLUSTER NODES, build the snapshot from two
// viewpoints, diff it against the previous one. The target is parse + diff <= 1 ms.
//
//   bench_topology [--benchmark_filter=...]
#include "SyntheticCluster.h"
#include "SyntheticObservation.h"
#include "discovery/ClusterNodesParser.h"
#include "discovery/SnapshotBuilder.h"
#include "model/TopologyDiff.h"

#include <benchmark/benchmark.h>

using namespace ops;

namespace {

constexpr int kMasters = 500;

QByteArray text(int myself, QList<int> failedOver = {})
{
    synthetic::ClusterSpec spec;
    spec.masters = kMasters;
    spec.replicasPerMaster = 1;
    spec.myselfIndex = myself;
    spec.shuffled = true;
    spec.failedOver = std::move(failedOver);
    return synthetic::clusterNodesText(spec);
}

NodeObservation observation(int index, const QByteArray &clusterNodes, qint64 now)
{
    return synthetic::observation(quint16(30000 + index), now + 100, clusterNodes);
}

SnapshotInput input(const QByteArray &a, const QByteArray &b)
{
    SnapshotInput in;
    in.deploymentId = QStringLiteral("cluster:bench");
    in.kind = TopologySnapshot::Kind::Cluster;
    in.nowMs = 1'000'000;
    in.observations.insert(QStringLiteral("127.0.0.1:30000"), observation(0, a, in.nowMs));
    in.observations.insert(QStringLiteral("127.0.0.1:30001"), observation(1, b, in.nowMs));
    return in;
}

void BM_ParseClusterNodes(benchmark::State &state)
{
    const QByteArray t = text(0);
    for (auto _ : state) {
        Parsed<QList<ClusterNodeLine>> parsed = parseClusterNodes(t);
        benchmark::DoNotOptimize(parsed);
    }
    state.SetLabel(QByteArray::number(t.size() / 1024) .append(" KB").toStdString());
}
BENCHMARK(BM_ParseClusterNodes)->Unit(benchmark::kMicrosecond);

void BM_BuildSnapshotTwoViewpoints(benchmark::State &state)
{
    const SnapshotInput in = input(text(0), text(1));
    for (auto _ : state) {
        TopologySnapshot s = SnapshotBuilder::build(in);
        benchmark::DoNotOptimize(s);
    }
}
BENCHMARK(BM_BuildSnapshotTwoViewpoints)->Unit(benchmark::kMicrosecond);

void BM_DiffAfterTenFailovers(benchmark::State &state)
{
    const QList<int> failed{3, 50, 99, 120, 200, 260, 300, 333, 420, 499};
    const TopologySnapshot before = SnapshotBuilder::build(input(text(0), text(1)));
    const TopologySnapshot after = SnapshotBuilder::build(input(text(0, failed), text(1, failed)));
    std::size_t events = 0;
    for (auto _ : state) {
        OpsEvents e = TopologyDiff::diff(before, after);
        events = std::size_t(e.size());
        benchmark::DoNotOptimize(e);
    }
    state.counters["events"] = double(events);
}
BENCHMARK(BM_DiffAfterTenFailovers)->Unit(benchmark::kMicrosecond);

void BM_DiffNoChange(benchmark::State &state)
{
    const TopologySnapshot before = SnapshotBuilder::build(input(text(0), text(1)));
    const TopologySnapshot after = SnapshotBuilder::build(input(text(0), text(1)));
    for (auto _ : state) {
        OpsEvents e = TopologyDiff::diff(before, after);
        benchmark::DoNotOptimize(e);
    }
}
BENCHMARK(BM_DiffNoChange)->Unit(benchmark::kMicrosecond);

// The number: one viewpoint's text parsed, and the diff against the previous snapshot.
void BM_ParseAndDiff(benchmark::State &state)
{
    const QList<int> failed{3, 50, 99, 120, 200, 260, 300, 333, 420, 499};
    const TopologySnapshot before = SnapshotBuilder::build(input(text(0), text(1)));
    const TopologySnapshot after = SnapshotBuilder::build(input(text(0, failed), text(1, failed)));
    const QByteArray t = text(0, failed);
    for (auto _ : state) {
        Parsed<QList<ClusterNodeLine>> parsed = parseClusterNodes(t);
        OpsEvents e = TopologyDiff::diff(before, after);
        benchmark::DoNotOptimize(parsed);
        benchmark::DoNotOptimize(e);
    }
}
BENCHMARK(BM_ParseAndDiff)->Unit(benchmark::kMicrosecond);

// The whole cycle: parse two viewpoints, build, diff.
void BM_FullCycle(benchmark::State &state)
{
    const QList<int> failed{3, 50, 99, 120, 200, 260, 300, 333, 420, 499};
    const TopologySnapshot before = SnapshotBuilder::build(input(text(0), text(1)));
    const QByteArray a = text(0, failed), b = text(1, failed);
    for (auto _ : state) {
        const TopologySnapshot after = SnapshotBuilder::build(input(a, b));
        OpsEvents e = TopologyDiff::diff(before, after);
        benchmark::DoNotOptimize(e);
    }
}
BENCHMARK(BM_FullCycle)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
