// Google Benchmark: the GUI-thread cost of the topology graph for a synthetic 1,000-node cluster
// (500 masters x 1 replica), offscreen, animations off (an animation only spreads the same
// setPos calls over 300 ms):
//   - the first build (every item created and laid out),
//   - the usual monitor cycle: same topology, new metrics on every node (memory, offsets, lag),
//   - ten failovers and back (20 items change role and swap places, 10 links re-pointed),
//   - one render of the view: fitted (everything, shapes only) and at zoom 1 (text drawn),
//   - graph + Slots page together on a changed snapshot (the budget: <= 16 ms), with the
//     visible one of the two tabs rendered.
//
//   bench_topologyview [--benchmark_filter=...]
#include "SyntheticSnapshot.h"
#include "slotmap/SlotMapWidget.h"
#include "slotmap/SlotsPage.h"
#include "topology/TopologyPage.h"
#include "topology/TopologyScene.h"
#include "topology/TopologyView.h"

#include <QApplication>
#include <QImage>
#include <QPainter>

#include <benchmark/benchmark.h>

using namespace ops;

namespace {

constexpr int kMasters = 500;
constexpr qint64 kNow = 1'000'000;

TopologySnapshot build(QList<int> failedOver)
{
    synthetic::ClusterSpec spec;
    spec.masters = kMasters;
    spec.failedOver = std::move(failedOver);
    return synthetic::clusterSnapshot(spec, kNow);
}

SnapshotPtr withMetrics(const TopologySnapshot &s, int cycle)
{
    return synthetic::withMetrics(s, cycle);
}

const TopologySnapshot &even()
{
    static const TopologySnapshot s = build({});
    return s;
}

const TopologySnapshot &failedOver()
{
    static const TopologySnapshot s = build({3, 50, 99, 120, 200, 260, 300, 333, 420, 499});
    return s;
}

void BM_FirstBuild(benchmark::State &state)
{
    const SnapshotPtr s = withMetrics(even(), 1);
    for (auto _ : state) {
        auto *scene = new TopologyScene;
        scene->setAnimationsEnabled(false);
        scene->setSnapshot(s);
        state.PauseTiming();
        delete scene;
        state.ResumeTiming();
    }
    state.counters["nodes"] = double(s->nodes.size());
}
BENCHMARK(BM_FirstBuild)->Unit(benchmark::kMillisecond);

// The usual cycle: nothing moves, every node's numbers change.
void BM_UpdateMetrics(benchmark::State &state)
{
    const SnapshotPtr a = withMetrics(even(), 1), b = withMetrics(even(), 2);
    TopologyScene scene;
    scene.setAnimationsEnabled(false);
    scene.setSnapshot(a);
    bool flip = false;
    for (auto _ : state) {
        scene.setSnapshot(flip ? a : b);
        flip = !flip;
    }
}
BENCHMARK(BM_UpdateMetrics)->Unit(benchmark::kMillisecond);

// Ten failovers, then back: roles change, items swap places, links are re-pointed.
void BM_UpdateTenFailovers(benchmark::State &state)
{
    const SnapshotPtr a = withMetrics(even(), 1), b = withMetrics(failedOver(), 2);
    TopologyScene scene;
    scene.setAnimationsEnabled(false);
    scene.setSnapshot(a);
    bool flip = false;
    for (auto _ : state) {
        scene.setSnapshot(flip ? a : b);
        flip = !flip;
    }
}
BENCHMARK(BM_UpdateTenFailovers)->Unit(benchmark::kMillisecond);

void render(benchmark::State &state, bool fitted)
{
    TopologyPage page;
    page.resize(1400, 900);
    page.show();
    page.scene()->setAnimationsEnabled(false);
    page.setSnapshot(withMetrics(even(), 1));
    TopologyView *view = page.view();
    if (!fitted) {
        view->resetTransform();
        view->centerOn(page.scene()->layoutBounds().center());
    }
    QImage image(view->viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    for (auto _ : state) {
        QPainter painter(&image);
        view->render(&painter, QRectF(), view->viewport()->rect());
        benchmark::DoNotOptimize(image.bits());
    }
    state.counters["zoom"] = view->zoom();
}

void BM_RenderFitted(benchmark::State &state)
{
    render(state, true);
}
BENCHMARK(BM_RenderFitted)->Unit(benchmark::kMillisecond);

void BM_RenderZoom1(benchmark::State &state)
{
    render(state, false);
}
BENCHMARK(BM_RenderZoom1)->Unit(benchmark::kMillisecond);

// The budget (<= 16 ms): one changed snapshot (ten failovers, all metrics) into the graph
// and the Slots page. They are tabs of one workspace, so a snapshot repaints one of them:
// Arg 0 renders the graph (fitted: all 1,000 nodes), 1 the Slots page, 2 both, 3 neither,
// 4 the graph and the slot map (the "graph + slot map": both updated and rendered).
void BM_GraphAndSlotsPageUpdate(benchmark::State &state)
{
    const int render = int(state.range(0));
    const SnapshotPtr a = withMetrics(even(), 1), b = withMetrics(failedOver(), 2);
    TopologyPage graph;
    graph.resize(1400, 900);
    graph.show();
    graph.scene()->setAnimationsEnabled(false);
    graph.setSnapshot(a);
    SlotsPage slotsPage;
    slotsPage.resize(1100, 800);
    slotsPage.show();
    slotsPage.setSnapshot(a);
    bool flip = false;
    for (auto _ : state) {
        const SnapshotPtr &s = flip ? a : b;
        graph.setSnapshot(s);
        slotsPage.setSnapshot(s);
        if (render == 0 || render == 2) {
            QPixmap pixmap = graph.view()->viewport()->grab();
            benchmark::DoNotOptimize(pixmap);
        }
        if (render == 1 || render == 2) {
            QPixmap pixmap = slotsPage.grab();
            benchmark::DoNotOptimize(pixmap);
        }
        if (render == 4) {
            QPixmap graphPixels = graph.view()->viewport()->grab();
            QPixmap mapPixels = slotsPage.slotMap()->grab();
            benchmark::DoNotOptimize(graphPixels);
            benchmark::DoNotOptimize(mapPixels);
        }
        flip = !flip;
    }
    static const char *const kLabels[] = {"render graph", "render slots page", "render both", "no render",
                                          "render graph + slot map"};
    state.SetLabel(kLabels[render]);
}
BENCHMARK(BM_GraphAndSlotsPageUpdate)->DenseRange(0, 4)->Unit(benchmark::kMillisecond);

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
    (void)failedOver();
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
