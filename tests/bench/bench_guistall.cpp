// GUI event-loop stall probe: the real MainWindow (offscreen) with one deployment tab fed, as
// the Monitor would, a synthetic 1,000-node cluster (500 masters x 1 replica) once per second:
// a new snapshot (every node's numbers change; every 5th cycle ten failovers or their reversal,
// with the TopologyDiff events), the cycle's 1,000 metric samples and the events. Each page of
// the tab is shown in turn for a while, so the visible page repaints as it would on screen.
//
// A 5 ms PreciseTimer probes the event loop: the gap between two of its ticks is the longest
// time the GUI thread was busy. Reported per page: the synchronous cost of one feed (snapshot +
// events + samples), the largest gap, the 99th percentile gap and how many gaps exceeded 16 and
// 50 ms. The budget: no gap over 50 ms. The deployment's MetricHistory (owned and fed
// here as DeploymentSession does, read by the Metrics page) is first filled with
// --prefill-minutes of samples for every node, so the Metrics page plots a full 5-minute window.
// Memory (issue 11): --prefill-minutes 1440 is a 1,000-node cluster watched for 24 h; the last
// line reports the process's RSS and what the history's rings hold.
//
//   bench_guistall [--seconds-per-page 10] [--masters 500] [--prefill-minutes 5] [--pages history,metrics]
#include "DeploymentWorkspace.h"
#include "MainWindow.h"
#include "metrics/MetricsPage.h"
#include "monitor/MetricHistory.h"
#include "SyntheticSnapshot.h"
#include "model/TopologyDiff.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QStandardPaths>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace ops;

namespace {

struct PageStats
{
    const char *name;
    std::vector<double> feedMs;
    std::vector<double> snapshotMs, eventsMs, samplesMs; ///< the parts of a feed
    std::vector<double> gapMs;
    double switchGapMs = 0; ///< largest gap in the 1.5 s after the page was shown (first paint)
};

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size())))];
}

QByteArray procStatus(const char *field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return "?";
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(int(qstrlen(field))).simplified();
    return "?";
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // never read or write the user's settings

    QCommandLineParser parser;
    const QCommandLineOption secondsOpt(QStringLiteral("seconds-per-page"), QStringLiteral("Seconds each page is shown."), QStringLiteral("n"), QStringLiteral("10"));
    const QCommandLineOption mastersOpt(QStringLiteral("masters"), QStringLiteral("Masters (1 replica each)."), QStringLiteral("n"), QStringLiteral("500"));
    const QCommandLineOption prefillOpt(QStringLiteral("prefill-minutes"), QStringLiteral("Minutes of samples stored before probing."), QStringLiteral("n"), QStringLiteral("5"));
    const QCommandLineOption pagesOpt(QStringLiteral("pages"), QStringLiteral("Comma-separated pages to show (default: all)."), QStringLiteral("list"),
                                      QStringLiteral("topology,slots,metrics,history,events"));
    parser.addOptions({secondsOpt, mastersOpt, prefillOpt, pagesOpt});
    parser.addHelpOption();
    parser.process(app);
    const int secondsPerPage = std::max(1, parser.value(secondsOpt).toInt());
    const int prefillCycles = std::max(0, parser.value(prefillOpt).toInt()) * 60;

    synthetic::ClusterSpec spec;
    spec.masters = std::max(1, parser.value(mastersOpt).toInt());
    const qint64 startMs = QDateTime::currentMSecsSinceEpoch() - qint64(prefillCycles) * 1000;
    const TopologySnapshot even = synthetic::clusterSnapshot(spec, startMs);
    spec.failedOver = {3, 50, 99, 120, 200, 260, 300, 333, 420, 499};
    spec.failedOver.removeIf([&](int m) { return m >= spec.masters; });
    const TopologySnapshot failed = synthetic::clusterSnapshot(spec, startMs);

    OpsEvents stored; // what the history database would hold
    MainWindow window;
    window.setHistoryQuery([&stored](const HistoryQuery &q, QObject *context, HistoryPage::Handler handler) {
        OpsEvents out;
        for (const OpsEvent &e : stored)
            if ((q.sinceMs == 0 || e.timestampMs >= q.sinceMs) && (q.untilMs == 0 || e.timestampMs <= q.untilMs))
                out << e;
        if (q.newestFirst)
            std::reverse(out.begin(), out.end());
        if (q.limit > 0 && out.size() > q.limit)
            out.resize(q.limit);
        QTimer::singleShot(0, context, [handler, out] { handler(out, {}); });
    });
    window.resize(1600, 1000);
    window.show();
    DeploymentWorkspace *workspace = window.addDeployment(1, QStringLiteral("synthetic"));
    auto history = std::make_shared<MetricHistory>(); // the session's, in the console
    workspace->metricsPage()->setHistory(history);

    std::vector<DeploymentWorkspace::Page> pages;
    std::vector<PageStats> stats;
    size_t current = 0;
    bool warmup = true;
    int cycle = 0;
    SnapshotPtr previous;
    auto feed = [&]() {
        const bool failedOver = (cycle / 5) % 2 == 1;
        SnapshotPtr next = synthetic::withMetrics(failedOver ? failed : even, cycle);
        OpsEvents events;
        if (previous)
            events = TopologyDiff::diff(*previous, *next);
        stored += events;
        const MetricBatch samples = synthetic::samplesOf(*next);
        history->append(samples); // the backend thread's work in the console: not timed
        QElapsedTimer t;
        t.start();
        window.showSnapshot(1, next);
        const qint64 a = t.nsecsElapsed();
        if (!events.isEmpty())
            window.showEvents(1, events);
        const qint64 b = t.nsecsElapsed();
        window.showSamples(1, samples);
        const qint64 c = t.nsecsElapsed();
        if (!warmup && current < stats.size()) {
            stats[current].snapshotMs.push_back(double(a) / 1e6);
            stats[current].eventsMs.push_back(double(b - a) / 1e6);
            stats[current].samplesMs.push_back(double(c - b) / 1e6);
        }
        previous = std::move(next);
        ++cycle;
    };

    QElapsedTimer prefillClock;
    prefillClock.start();
    // Prefill cheaply (a whole snapshot per cycle would take ~9 ms: 13 min for 24 h): the first
    // cycle's batch, restamped, with every plotted number varying per node and cycle.
    const MetricBatch prefillBase = synthetic::samplesOf(*synthetic::withMetrics(even, 0));
    for (int i = 0; i < prefillCycles; ++i) {
        MetricBatch batch = prefillBase;
        int k = 0;
        for (auto &[id, sample] : batch) {
            sample.timestampMs = startMs + qint64(cycle) * 1000;
            sample.replOffset += qint64(cycle) * 1000;
            sample.usedMemory += 4096 * ((cycle * 7 + k) % 97);
            sample.opsPerSec += cycle % 50;
            if (sample.lagBytes >= 0) {
                sample.lagBytes = ((cycle + k) % 5) * 1024;
                sample.lagSeconds = (cycle + k) % 2;
            }
            ++k;
        }
        history->append(batch);
        window.showSamples(1, batch);
        ++cycle;
    }
    const double prefillMs = double(prefillClock.nsecsElapsed()) / 1e6;

    const std::pair<const char *, DeploymentWorkspace::Page> allPages[] = {
        {"topology", DeploymentWorkspace::Topology}, {"slots", DeploymentWorkspace::Slots},
        {"metrics", DeploymentWorkspace::Metrics},   {"history", DeploymentWorkspace::History},
        {"events", DeploymentWorkspace::Events}};
    const QStringList wanted = parser.value(pagesOpt).split(QLatin1Char(','));
    for (const auto &[name, page] : allPages)
        if (wanted.contains(QLatin1String(name))) {
            pages.push_back(page);
            stats.push_back({name, {}, {}, {}, {}, {}, 0});
        }
    if (pages.empty()) {
        std::fprintf(stderr, "--pages: none of topology, slots, metrics, history, events\n");
        return 2;
    }
    warmup = true;

    QElapsedTimer probeClock;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(5);
    qint64 lastTickNs = -1;
    qint64 pageShownNs = 0;
    QObject::connect(&probe, &QTimer::timeout, [&] {
        if (current >= stats.size())
            return; // a tick queued before the last page ended (quit() takes effect later)
        const qint64 now = probeClock.nsecsElapsed();
        const double gap = double(now - lastTickNs) / 1e6;
        if (lastTickNs >= 0 && !warmup && now - pageShownNs < 1'500'000'000)
            stats[current].switchGapMs = std::max(stats[current].switchGapMs, gap);
        else if (lastTickNs >= 0 && !warmup)
            stats[current].gapMs.push_back(gap);
        lastTickNs = now;
    });

    QTimer feeder;
    feeder.setInterval(1000);
    int tickInPage = 0;
    QObject::connect(&feeder, &QTimer::timeout, [&] {
        if (tickInPage == secondsPerPage) {
            tickInPage = 0;
            if (++current == pages.size()) {
                // Both timers stop first: ticks already queued must not index stats[] past its end.
                probe.stop();
                feeder.stop();
                app.quit();
                return;
            }
            workspace->showPage(pages[current]);
            pageShownNs = probeClock.nsecsElapsed();
        }
        QElapsedTimer t;
        t.start();
        feed();
        if (!warmup)
            stats[current].feedMs.push_back(double(t.nsecsElapsed()) / 1e6);
        warmup = false; // the very first feed builds every item: measured by bench_topologyview
        ++tickInPage;
    });

    workspace->showPage(pages[0]);
    probeClock.start();
    probe.start();
    feeder.start();
    feed(); // first snapshot: build, not an update
    app.exec();

    std::printf("bench_guistall: %d nodes, %d s per page, 1 feed/s, probe every 5 ms, prefill %d cycles in %.0f ms\n",
                int(even.nodes.size()), secondsPerPage, prefillCycles, prefillMs);
    std::printf("%-9s %6s %12s %12s %9s %9s %9s %10s %10s %8s %8s %8s\n", "page", "feeds", "feed med ms", "feed max ms",
                "snap med", "evts med", "smpl med", "gap max", "gap p99", ">16ms", ">50ms", "switch");
    double worst = 0;
    for (const PageStats &s : stats) {
        const double gapMax = s.gapMs.empty() ? 0 : *std::max_element(s.gapMs.begin(), s.gapMs.end());
        worst = std::max(worst, gapMax);
        const auto over = [&](double ms) { return std::count_if(s.gapMs.begin(), s.gapMs.end(), [ms](double g) { return g > ms; }); };
        std::printf("%-9s %6zu %12.1f %12.1f %9.1f %9.1f %9.1f %10.1f %10.1f %8ld %8ld %8.1f\n", s.name, s.feedMs.size(), percentile(s.feedMs, 0.5),
                    s.feedMs.empty() ? 0 : *std::max_element(s.feedMs.begin(), s.feedMs.end()), percentile(s.snapshotMs, 0.5),
                    percentile(s.eventsMs, 0.5), percentile(s.samplesMs, 0.5), gapMax,
                    percentile(s.gapMs, 0.99), long(over(16)), long(over(50)), s.switchGapMs);
    }
    std::printf("largest event-loop gap during updates: %.1f ms (budget 50 ms; 'switch' = first 1.5 s after a page is shown); RSS %s, peak %s\n", worst,
                procStatus("VmRSS:").constData(), procStatus("VmHWM:").constData());
    std::printf("metric history: %lld nodes, %.1f MB allocated (bound %.1f MB)\n", static_cast<long long>(history->nodes().size()),
                double(history->allocatedBytes()) / 1e6, double(history->memoryBound()) / 1e6);
    return 0;
}
