// Google Benchmark: the GUI-thread cost of a new snapshot on the Slots page for a synthetic
// 1,000-node cluster (500 masters x 1 replica), offscreen. Two snapshots alternate: the even
// split, and the same cluster after ten failovers (ten ranges change owner), so every iteration
// is a real slot-map change that rebuilds the cached image. The budget for graph +
// slot map update is <= 16 ms in total. The *Unchanged* cases are the usual monitor cycle: a new
// snapshot object with the same content.
//
//   bench_slotmap [--benchmark_filter=...]
#include "SyntheticCluster.h"
#include "SyntheticObservation.h"
#include "discovery/ClusterNodesParser.h"
#include "discovery/SnapshotBuilder.h"
#include "slotmap/SlotMapWidget.h"
#include "slotmap/SlotsPage.h"
#include "viewmodels/SlotSummaryModel.h"

#include <QApplication>
#include <QPixmap>

#include <benchmark/benchmark.h>

using namespace ops;

namespace {

constexpr int kMasters = 500;

SnapshotPtr snapshot(QList<int> failedOver)
{
    synthetic::ClusterSpec spec;
    spec.masters = kMasters;
    spec.replicasPerMaster = 1;
    spec.myselfIndex = 0;
    spec.failedOver = std::move(failedOver);
    const NodeObservation o = synthetic::observation(30000, 1'000'100, synthetic::clusterNodesText(spec));
    SnapshotInput in;
    in.deploymentId = QStringLiteral("cluster:bench");
    in.kind = TopologySnapshot::Kind::Cluster;
    in.nowMs = 1'000'000;
    in.observations.insert(o.endpoint.toString(), o);
    return std::make_shared<const TopologySnapshot>(SnapshotBuilder::build(in));
}

const SnapshotPtr &even()
{
    static const SnapshotPtr s = snapshot({});
    return s;
}

const SnapshotPtr &afterFailovers()
{
    static const SnapshotPtr s = snapshot({3, 50, 99, 120, 200, 260, 300, 333, 420, 499});
    return s;
}

// The number: the whole page (map, table, status) takes a changed snapshot and renders.
void BM_SlotsPageUpdateAndRender(benchmark::State &state)
{
    SlotsPage page;
    page.resize(1100, 800);
    page.show();
    bool flip = false;
    for (auto _ : state) {
        page.setSnapshot(flip ? afterFailovers() : even());
        QPixmap pixmap = page.grab();
        benchmark::DoNotOptimize(pixmap);
        flip = !flip;
    }
    state.counters["rebuilds"] = page.slotMap()->cacheRebuildCount();
}
BENCHMARK(BM_SlotsPageUpdateAndRender)->Unit(benchmark::kMillisecond);

// The slot map alone: setSnapshot (owner-array compare, legend) + cache rebuild + paint.
void BM_SlotMapUpdateAndRender(benchmark::State &state)
{
    SlotMapWidget map;
    map.resize(1100, 480);
    map.show();
    bool flip = false;
    for (auto _ : state) {
        map.setSnapshot(flip ? afterFailovers() : even());
        QPixmap pixmap = map.grab();
        benchmark::DoNotOptimize(pixmap);
        flip = !flip;
    }
    state.counters["rebuilds"] = map.cacheRebuildCount();
}
BENCHMARK(BM_SlotMapUpdateAndRender)->Unit(benchmark::kMillisecond);

// A new snapshot whose slot map did not change (the usual monitor cycle): no rebuild.
void BM_SlotMapUnchangedSnapshot(benchmark::State &state)
{
    SlotMapWidget map;
    map.resize(1100, 480);
    map.show();
    const SnapshotPtr a = even(), b = snapshot({}); // equal content, different objects
    bool flip = false;
    for (auto _ : state) {
        map.setSnapshot(flip ? a : b);
        QPixmap pixmap = map.grab();
        benchmark::DoNotOptimize(pixmap);
        flip = !flip;
    }
    state.counters["rebuilds"] = map.cacheRebuildCount();
}
BENCHMARK(BM_SlotMapUnchangedSnapshot)->Unit(benchmark::kMillisecond);

// The usual monitor cycle on the whole page: a new snapshot object, same cluster.
void BM_SlotsPageUnchangedSnapshot(benchmark::State &state)
{
    SlotsPage page;
    page.resize(1100, 800);
    page.show();
    const SnapshotPtr a = even(), b = snapshot({}); // equal content, different objects
    bool flip = false;
    for (auto _ : state) {
        page.setSnapshot(flip ? a : b);
        QPixmap pixmap = page.grab();
        benchmark::DoNotOptimize(pixmap);
        flip = !flip;
    }
    state.counters["rebuilds"] = page.slotMap()->cacheRebuildCount();
}
BENCHMARK(BM_SlotsPageUnchangedSnapshot)->Unit(benchmark::kMillisecond);

// The table model alone: rows from the snapshot, exact dataChanged.
void BM_SlotSummaryModelUpdate(benchmark::State &state)
{
    SlotSummaryModel model;
    bool flip = false;
    for (auto _ : state) {
        model.setSnapshot(flip ? afterFailovers() : even());
        flip = !flip;
    }
    state.counters["rows"] = model.rowCount();
}
BENCHMARK(BM_SlotSummaryModelUpdate)->Unit(benchmark::kMicrosecond);

// The table model, same cluster in a new snapshot object: no row changes.
void BM_SlotSummaryModelUnchanged(benchmark::State &state)
{
    SlotSummaryModel model;
    const SnapshotPtr a = even(), b = snapshot({});
    bool flip = false;
    for (auto _ : state) {
        model.setSnapshot(flip ? a : b);
        flip = !flip;
    }
    state.counters["rows"] = model.rowCount();
}
BENCHMARK(BM_SlotSummaryModelUnchanged)->Unit(benchmark::kMicrosecond);

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    (void)even();
    (void)afterFailovers();
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
