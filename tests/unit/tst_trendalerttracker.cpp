// TrendAlertTracker: trend alerts over a deployment's MetricHistory, on a ManualClock, from
// synthetic 1 s series. Predictions: a steadily growing lag (bytes, seconds) or used memory is
// announced with the time it will cross its threshold — within 1 s of the true crossing on an
// exact line, within 15 s (3.5 % of the 424 s ahead) with ±20 KiB of deterministic noise on a
// 1 KiB/s lag; flat, too slow, sawtooth and already-crossed series raise nothing. Lifecycle: one
// alert per trend however many checks see it, one clearing when it ends (after the hold), at
// once when the threshold is reached or the node leaves.
#include "HealthTestSupport.h"
#include "core/ManualClock.h"
#include "health/TrendAlertTracker.h"
#include "monitor/MetricHistory.h"

#include <QtTest>

#include <cmath>
#include <functional>

using namespace healthtest;

namespace {

const QString kReplica = QStringLiteral("10.0.0.3:6379");
const QString kMaster = QStringLiteral("10.0.0.1:6379");
constexpr double kKiB = 1024;
constexpr double kMiB = 1024 * 1024;

/** Deterministic noise in [-1, 1] (an LCG: the same series on every run). */
double noise(int i)
{
    quint32 x = quint32(i) * 1103515245u + 12345u;
    x ^= x >> 13;
    x *= 2654435761u;
    return double(x % 20001u) / 10000.0 - 1.0;
}

/** One sample per second for @p seconds, starting at the clock's wall time, with @p fill setting its numbers. */
void feed(ManualClock &clock, MetricHistory &history, TrendAlertTracker &tracker, const TopologySnapshot &snapshot,
          int seconds, const std::function<void(int, MetricSample &, MetricSample &)> &fill, OpsEvents *events,
          int firstIndex = 0)
{
    for (int i = 0; i < seconds; ++i) {
        MetricSample master, replica;
        master.timestampMs = replica.timestampMs = clock.wallMs();
        master.usedMemory = replica.usedMemory = 100 * kMB;
        master.maxMemory = replica.maxMemory = 0;
        replica.lagBytes = 0;
        replica.lagSeconds = 0;
        fill(firstIndex + i, master, replica);
        history.append({{kMaster, master}, {kReplica, replica}});
        *events += tracker.update(snapshot, history);
        clock.advance(1000);
    }
}

} // namespace

class TestTrendAlertTracker : public QObject
{
    Q_OBJECT

private slots:
    void prediction_data();
    void prediction();
    void oneAlertPerTrendClearedWhenItEnds();
    void clearedAtOnceWhenReachedOrGone();
    void restoredTrendIsNotAnnouncedTwice();
};

void TestTrendAlertTracker::prediction_data()
{
    QTest::addColumn<int>("metric");                 // TrendAlertTracker::Metric
    QTest::addColumn<double>("start");               // value at the first of 600 samples
    QTest::addColumn<double>("perSecond");           // growth
    QTest::addColumn<double>("noiseAmplitude");      // ± added to every sample
    QTest::addColumn<bool>("sawtooth");              // value restarts every 60 s
    QTest::addColumn<double>("secondsAhead");        // true crossing after the last sample; < 0: no alert
    QTest::addColumn<double>("bound");               // stated error bound of the predicted time, s

    using M = TrendAlertTracker::Metric;
    // Lag bytes, threshold 1 MiB: from 0 at 1 KiB/s, 599 KiB at the last sample, 1 MiB at 1024 s.
    QTest::newRow("lag bytes: exact line") << int(M::LagBytes) << 0.0 << kKiB << 0.0 << false << 1024.0 - 599 << 1.0;
    QTest::newRow("lag bytes: ±20 KiB noise") << int(M::LagBytes) << 0.0 << kKiB << 20 * kKiB << false << 1024.0 - 599 << 15.0;
    // Lag seconds, threshold 10 s: 0.01 s/s from 0 reaches it at 1000 s.
    QTest::newRow("lag seconds: exact line") << int(M::LagSeconds) << 0.0 << 0.01 << 0.0 << false << 1000.0 - 599 << 1.0;
    // Memory, threshold 90 % of 1 GiB = 921.6 MiB: 500 MiB + 0.5 MiB/s reaches it at 843.2 s.
    QTest::newRow("memory toward maxmemory") << int(M::UsedMemory) << 500 * kMiB << 0.5 * kMiB << 0.0 << false
                                             << 843.2 - 599 << 1.0;
    QTest::newRow("flat lag: nothing") << int(M::LagBytes) << 100 * kKiB << 0.0 << 5 * kKiB << false << -1.0 << 0.0;
    QTest::newRow("too slow: crossing after the horizon") << int(M::LagBytes) << 0.0 << 10.0 << 0.0 << false << -1.0 << 0.0;
    QTest::newRow("sawtooth: not steady") << int(M::LagBytes) << 0.0 << 10 * kKiB << 0.0 << true << -1.0 << 0.0;
    QTest::newRow("already above: the threshold rule's") << int(M::LagBytes) << 2 * kMiB << kKiB << 0.0 << false << -1.0 << 0.0;
}

void TestTrendAlertTracker::prediction()
{
    QFETCH(int, metric);
    QFETCH(double, start);
    QFETCH(double, perSecond);
    QFETCH(double, noiseAmplitude);
    QFETCH(bool, sawtooth);
    QFETCH(double, secondsAhead);
    QFETCH(double, bound);

    ManualClock clock(kNow);
    MetricHistory history;
    TrendAlertTracker::Policy policy;
    policy.checkEveryMs = 600'000; // one judgement: at the first sample (too few) and after the last
    TrendAlertTracker tracker(&clock, policy);
    const TopologySnapshot snapshot = sentinelDeployment(3, 2);
    const auto m = TrendAlertTracker::Metric(metric);
    OpsEvents events;
    feed(clock, history, tracker, snapshot, 600, [&](int i, MetricSample &, MetricSample &replica) {
        const double t = sawtooth ? double(i % 60) : double(i);
        const double v = std::max(0.0, start + perSecond * t + noiseAmplitude * noise(i));
        if (m == TrendAlertTracker::Metric::LagBytes)
            replica.lagBytes = qint64(std::llround(v));
        else if (m == TrendAlertTracker::Metric::LagSeconds)
            replica.lagSeconds = v;
        else {
            replica.usedMemory = qint64(std::llround(v));
            replica.maxMemory = qint64(kMiB) * 1024;
        }
    }, &events);
    // The first update judged sample 0 (too few); the next is due 600 s later: now, 1 s after the last sample.
    const qint64 lastSampleMs = clock.wallMs() - 1000;
    events += tracker.update(snapshot, history);
    const QString key = TrendAlertTracker::ruleId(m) + QLatin1Char('@') + kReplica;
    if (secondsAhead < 0) {
        QCOMPARE(tracker.activeAlerts(), QStringList{});
        return;
    }
    QCOMPARE(tracker.activeAlerts(), QStringList{key});
    QCOMPARE(events.size(), 1);
    const OpsEvent &e = events.first();
    QCOMPARE(e.kind, OpsEvent::Kind::HealthAlert);
    QCOMPARE(e.nodeId, kReplica);
    QCOMPARE(e.details.value(QStringLiteral("rule")).toString(), TrendAlertTracker::ruleId(m));
    const qint64 predicted = qint64(e.details.value(QStringLiteral("predictedCrossingMs")).toDouble());
    const double trueCrossing = double(lastSampleMs) + secondsAhead * 1000;
    const double errorS = std::abs(double(predicted) - trueCrossing) / 1000;
    qInfo("%s: predicted %.1f s ahead, true %.1f s, error %.2f s (bound %.0f s)", QTest::currentDataTag(),
          double(predicted - lastSampleMs) / 1000, secondsAhead, errorS, bound);
    QVERIFY2(errorS <= bound, qPrintable(QStringLiteral("error %1 s").arg(errorS)));
    QVERIFY2(e.message.contains(QStringLiteral("reaches")) && e.message.contains(QStringLiteral("UTC")), qPrintable(e.message));
}

void TestTrendAlertTracker::oneAlertPerTrendClearedWhenItEnds()
{
    ManualClock clock(kNow);
    MetricHistory history;
    TrendAlertTracker tracker(&clock, {}); // checks every 10 s, clears after 30 s
    const TopologySnapshot snapshot = sentinelDeployment(3, 2);
    OpsEvents events;
    // 10 minutes of 1 KiB/s growth: the alert is raised once the window is covered, then only once.
    feed(clock, history, tracker, snapshot, 600, [](int i, MetricSample &, MetricSample &r) { r.lagBytes = qint64(i) * 1024; }, &events);
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().kind, OpsEvent::Kind::HealthAlert);
    const qint64 raisedAt = events.first().timestampMs;
    QVERIFY2(raisedAt - kNow >= 340'000 && raisedAt - kNow <= 370'000, "raised once 60 % of the window holds samples (18 of 30 bins: ~350 s)");
    // It stops growing (the link caught up to a steady small lag): the trend ends; once the fit
    // no longer sees steady growth for 30 s, one clearing.
    feed(clock, history, tracker, snapshot, 900, [](int, MetricSample &, MetricSample &r) { r.lagBytes = 4096; }, &events, 600);
    QCOMPARE(events.size(), 2);
    QCOMPARE(events.at(1).kind, OpsEvent::Kind::HealthAlertCleared);
    QCOMPARE(events.at(1).details.value(QStringLiteral("reason")).toString(), QStringLiteral("trend-ended"));
    QCOMPARE(tracker.activeAlerts(), QStringList{});
}

void TestTrendAlertTracker::clearedAtOnceWhenReachedOrGone()
{
    {
        ManualClock clock(kNow);
        MetricHistory history;
        TrendAlertTracker tracker(&clock, {});
        const TopologySnapshot snapshot = sentinelDeployment(3, 2);
        OpsEvents events;
        // 2 KiB/s: raised at ~6 min, 1 MiB reached at 512 s: cleared then, not later.
        feed(clock, history, tracker, snapshot, 540, [](int i, MetricSample &, MetricSample &r) { r.lagBytes = qint64(i) * 2048; }, &events);
        QCOMPARE(events.size(), 2);
        QCOMPARE(events.at(0).kind, OpsEvent::Kind::HealthAlert);
        QCOMPARE(events.at(1).kind, OpsEvent::Kind::HealthAlertCleared);
        QCOMPARE(events.at(1).details.value(QStringLiteral("reason")).toString(), QStringLiteral("threshold-reached"));
        QVERIFY(events.at(1).timestampMs - kNow >= 512'000 && events.at(1).timestampMs - kNow <= 522'000);
    }
    {
        ManualClock clock(kNow);
        MetricHistory history;
        TrendAlertTracker tracker(&clock, {});
        TopologySnapshot snapshot = sentinelDeployment(3, 2);
        OpsEvents events;
        feed(clock, history, tracker, snapshot, 400, [](int i, MetricSample &, MetricSample &r) { r.lagBytes = qint64(i) * 1024; }, &events);
        QCOMPARE(events.size(), 1);
        snapshot.nodes.removeAt(snapshot.indexOf(kReplica));
        clock.advance(10'000);
        events += tracker.update(snapshot, history);
        QCOMPARE(events.size(), 2);
        QCOMPARE(events.at(1).details.value(QStringLiteral("reason")).toString(), QStringLiteral("node-gone"));
    }
}

void TestTrendAlertTracker::restoredTrendIsNotAnnouncedTwice()
{
    ManualClock clock(kNow);
    MetricHistory history;
    const TopologySnapshot snapshot = sentinelDeployment(3, 2);
    OpsEvents stored;
    {
        TrendAlertTracker tracker(&clock, {});
        feed(clock, history, tracker, snapshot, 400, [](int i, MetricSample &, MetricSample &r) { r.lagBytes = qint64(i) * 1024; }, &stored);
        QCOMPARE(stored.size(), 1);
    }
    // The console restarts (the metric history is rebuilt from new polls; here it goes on).
    TrendAlertTracker restarted(&clock, {});
    QCOMPARE(restarted.restore(stored), 1);
    OpsEvents after;
    feed(clock, history, restarted, snapshot, 100, [](int i, MetricSample &, MetricSample &r) { r.lagBytes = qint64(i) * 1024; }, &after, 400);
    QCOMPARE(after.size(), 0); // still growing: the same trend, not announced again
    QCOMPARE(restarted.activeAlerts(), QStringList{TrendAlertTracker::ruleId(TrendAlertTracker::Metric::LagBytes) + QLatin1Char('@') + kReplica});
    // Its end is recorded once, with the stored raise time.
    feed(clock, history, restarted, snapshot, 30, [](int i, MetricSample &, MetricSample &r) { r.lagBytes = qint64(i) * 1024 * 8; }, &after, 500);
    QCOMPARE(after.size(), 1);
    QCOMPARE(after.first().details.value(QStringLiteral("reason")).toString(), QStringLiteral("threshold-reached"));
    QCOMPARE(after.first().details.value(QStringLiteral("raisedAtMs")).toInteger(), stored.first().timestampMs);
}

QTEST_APPLESS_MAIN(TestTrendAlertTracker)

#include "tst_trendalerttracker.moc"
