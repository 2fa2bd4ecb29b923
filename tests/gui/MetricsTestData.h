#pragma once
// Synthetic metrics data shared by the metrics page tests (header-only): 10 minutes of 1 s
// samples for 3 masters + 3 replicas with one lag spike and a "promoted" event; N x 1 clusters
// for the top-K selection; screenshot and export helpers.

#include "PageTestHelpers.h"
#include "TestPaths.h"
#include "metrics/MetricPlot.h"
#include "metrics/MetricTopSelection.h"
#include "metrics/MetricsPage.h"

#include <QFile>
#include <QImage>
#include <QtTest>

#include <map>

namespace metricstest {

using namespace ops;
using Metric = MetricDefinition::Metric;

inline constexpr qint64 kStart = 1'700'000'000'000; // first sample
inline constexpr int kSeconds = 600;                // 10 minutes of 1 s samples
inline constexpr int kSpikeFrom = 450, kSpikeTo = 470; // lag spike of replica :7003, seconds after kStart
inline constexpr qint64 kSpikeBytes = 5 * 1024 * 1024;
inline constexpr qint64 kPromotedAt = kStart + 465'000;

inline QString idOf(int port) { return QStringLiteral("node-%1").arg(port); }

inline Node dataNode(int port, Node::Role role, int masterPort = 0)
{
    Node n;
    n.id = idOf(port);
    n.endpoint = Endpoint{QStringLiteral("127.0.0.1"), quint16(port)};
    n.role = role;
    if (masterPort)
        n.masterId = idOf(masterPort);
    n.lastSeenMs = kStart;
    return n;
}

/** 3 masters 7000-7002, replicas 7003-7005 (7003 replicates 7000...). */
inline SnapshotPtr snapshot3x1()
{
    auto s = std::make_shared<TopologySnapshot>();
    s->deploymentId = QStringLiteral("cluster:synthetic");
    s->kind = TopologySnapshot::Kind::Cluster;
    s->timestampMs = kStart;
    for (int i = 0; i < 3; ++i) {
        s->nodes << dataNode(7000 + i, Node::Role::Master);
        s->nodes << dataNode(7003 + i, Node::Role::Replica, 7000 + i);
    }
    return s;
}

/** One cycle, @p second seconds after kStart. */
inline MetricBatch batchAt(int second)
{
    MetricBatch batch;
    const qint64 t = kStart + qint64(second) * 1000;
    for (int i = 0; i < 6; ++i) {
        const int port = 7000 + i;
        const bool replica = i >= 3;
        MetricSample s;
        s.timestampMs = t;
        s.replOffset = 1000 + qint64(second) * 100;
        if (replica) {
            const bool spike = port == 7003 && second >= kSpikeFrom && second < kSpikeTo;
            s.lagBytes = spike ? kSpikeBytes : 40 * (i - 2);
            s.lagSeconds = spike ? 14 : 0;
            s.linkUp = 1;
        }
        s.usedMemory = (2 + i) * 1024 * 1024 + qint64(second) * 1024;
        s.maxMemory = 0;
        s.fragmentation = 1.1 + 0.1 * i + (second % 60) * 0.002;
        s.opsPerSec = 50 * (i + 1) + (second % 30);
        s.clients = 3 + i + (second % 120) / 40;
        s.keys = 100;
        batch.append({idOf(port), s});
    }
    return batch;
}

inline OpsEvent promotedEvent()
{
    OpsEvent e;
    e.timestampMs = kPromotedAt;
    e.deploymentId = QStringLiteral("cluster:synthetic");
    e.kind = OpsEvent::Kind::Promoted;
    e.severity = OpsEvent::Severity::Warning;
    e.nodeId = idOf(7003);
    e.endpoint = QStringLiteral("127.0.0.1:7003");
    e.message = QStringLiteral("127.0.0.1:7003 promoted to master");
    return e;
}

// A larger synthetic deployment: masters 8000.. and one replica each (8000 + masters + i
// replicates 8000 + i). Every node's values differ, so the top K differs per metric.
inline constexpr int kBigMasters = 30;
inline constexpr int kBasePort = 8000;

inline SnapshotPtr snapshotNx1(int masters)
{
    auto s = std::make_shared<TopologySnapshot>();
    s->deploymentId = QStringLiteral("cluster:synthetic");
    s->kind = TopologySnapshot::Kind::Cluster;
    s->timestampMs = kStart;
    for (int i = 0; i < masters; ++i)
        s->nodes << dataNode(kBasePort + i, Node::Role::Master);
    for (int i = 0; i < masters; ++i)
        s->nodes << dataNode(kBasePort + masters + i, Node::Role::Replica, kBasePort + i);
    return s;
}

/** Second @p second of the Nx1 deployment; replica @p spikeReplica (index 0..masters-1) lags 5 MiB / 30 s. */
inline MetricBatch bigBatchAt(int masters, int second, int spikeReplica = -1)
{
    MetricBatch batch;
    for (int i = 0; i < 2 * masters; ++i) {
        MetricSample s;
        s.timestampMs = kStart + qint64(second) * 1000;
        if (i >= masters) {
            const int r = i - masters;
            const bool spike = r == spikeReplica;
            s.lagBytes = spike ? kSpikeBytes : 100 * (r + 1) + (second * 7 + r * 13) % 50;
            s.lagSeconds = spike ? 30 : (r % 7) + (second % 3) * 0.5;
            s.linkUp = 1;
        }
        s.usedMemory = (1 + (i * 37) % 60) * 1024 * 1024 + qint64(second) * 1024;
        s.fragmentation = 1.0 + ((i * 17) % 60) * 0.01 + (second % 60) * 0.001;
        s.opsPerSec = 10 * ((i * 23) % 60) + (second % 30);
        s.clients = 3 + (i * 11) % 60 + (second % 120) / 40;
        batch.append({idOf(kBasePort + i), s});
    }
    return batch;
}

/** Nodes with a series on @p plot's metric in the Nx1 deployment. */
inline QStringList bigCandidates(const MetricPlot *plot, int masters)
{
    QStringList ids;
    for (int i = plot->definition().replicasOnly ? masters : 0; i < 2 * masters; ++i)
        ids << idOf(kBasePort + i);
    return ids;
}

/**
 * Checks the top-K invariants of @p plot: at most K node series and the aggregate, the node
 * with the highest peak drawn, and the aggregate equal to the max of every other node at each
 * sample time (exact values, from the store).
 */
inline void checkTopK(const MetricsPage &page, const MetricPlot *plot, const QStringList &candidates, int k)
{
    const QString name = plot->objectName();
    const qint64 end = page.windowEndMs();
    const qint64 from = end - MetricsPage::windowMs(page.timeWindow());
    const QStringList shown = plot->seriesIds();
    QVERIFY2(plot->graphCount() <= k + 1, qPrintable(name));
    QCOMPARE(shown.size(), k);
    QVERIFY2(plot->aggregateGraph(), qPrintable(name));
    QCOMPARE(plot->legend->itemCount(), k + 1);
    QCOMPARE(plot->aggregateGraph()->name(), QStringLiteral("max of the other %1").arg(candidates.size() - k));
    QCOMPARE(plot->legendNote(), QStringLiteral("top %1 of %2 %3 by peak")
                                     .arg(k)
                                     .arg(candidates.size())
                                     .arg(plot->definition().replicasOnly ? QStringLiteral("replicas") : QStringLiteral("nodes")));
    QString best;
    double bestPeak = -1;
    std::map<double, double> othersMax; // time (s) -> max of the nodes not drawn
    for (const QString &id : candidates) {
        for (const MetricSample &s : page.history().range(id, from, end)) {
            const double v = MetricDefinition::valueOf(plot->definition().metric, s);
            if (std::isnan(v))
                continue;
            if (v > bestPeak) {
                bestPeak = v;
                best = id;
            }
            if (!shown.contains(id)) {
                const double t = double(s.timestampMs) / 1000.0;
                const auto it = othersMax.find(t);
                othersMax[t] = it == othersMax.end() ? v : std::max(it->second, v);
            }
        }
    }
    QVERIFY2(shown.contains(best), qPrintable(name + QStringLiteral(": ") + best));
    const QSharedPointer<QCPGraphDataContainer> data = plot->aggregateGraph()->data();
    QCOMPARE(size_t(data->size()), othersMax.size());
    auto expected = othersMax.cbegin();
    for (auto it = data->constBegin(); it != data->constEnd(); ++it, ++expected) {
        QCOMPARE(it->key, expected->first);
        QCOMPARE(it->value, expected->second);
    }
}

inline QString shotPath(const QString &name)
{
    return testOutputDir() + QStringLiteral("/metrics-") + name + QStringLiteral(".png");
}

/** Replots every plot now (the page queues its replots), then grabs @p page. */
inline QImage grabNow(MetricsPage *page)
{
    for (MetricPlot *plot : page->plots())
        plot->replot(QCustomPlot::rpImmediateRefresh);
    return page->grab().toImage();
}

inline bool saveShotOf(MetricsPage *page, const QString &path)
{
    return grabNow(page).save(path);
}

inline QStringList readLines(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    return QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

} // namespace metricstest
