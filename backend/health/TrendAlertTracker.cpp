#include "TrendAlertTracker.h"

#include "core/Clock.h"
#include "monitor/MetricHistory.h"

#include <QDateTime>
#include <QJsonArray>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace ops {

namespace {

QString metricTitle(TrendAlertTracker::Metric m)
{
    switch (m) {
    case TrendAlertTracker::Metric::LagBytes: return QStringLiteral("Replication lag (bytes) grows toward its threshold");
    case TrendAlertTracker::Metric::LagSeconds: return QStringLiteral("Replication lag (seconds) grows toward its threshold");
    case TrendAlertTracker::Metric::UsedMemory: return QStringLiteral("Used memory grows toward maxmemory");
    }
    return {};
}

QString metricNoun(TrendAlertTracker::Metric m)
{
    switch (m) {
    case TrendAlertTracker::Metric::LagBytes: return QStringLiteral("replication lag");
    case TrendAlertTracker::Metric::LagSeconds: return QStringLiteral("replication lag");
    case TrendAlertTracker::Metric::UsedMemory: return QStringLiteral("used memory");
    }
    return {};
}

QString bytesText(double bytes)
{
    const double a = std::abs(bytes);
    if (a >= double(1 << 30))
        return QStringLiteral("%1 GiB").arg(bytes / double(1 << 30), 0, 'f', 2);
    if (a >= double(1 << 20))
        return QStringLiteral("%1 MiB").arg(bytes / double(1 << 20), 0, 'f', 1);
    if (a >= 1024)
        return QStringLiteral("%1 KiB").arg(bytes / 1024, 0, 'f', 1);
    return QStringLiteral("%1 B").arg(bytes, 0, 'f', 0);
}

QString valueText(TrendAlertTracker::Metric m, double v)
{
    return m == TrendAlertTracker::Metric::LagSeconds ? QStringLiteral("%1 s").arg(v, 0, 'f', 1) : bytesText(v);
}

QString durationText(qint64 ms)
{
    const qint64 s = std::max<qint64>(0, ms) / 1000;
    if (s < 60)
        return QStringLiteral("%1 s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60);
    return QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
}

QString fixOf(TrendAlertTracker::Metric m)
{
    switch (m) {
    case TrendAlertTracker::Metric::LagBytes:
    case TrendAlertTracker::Metric::LagSeconds:
        return QStringLiteral("Look at the replica's link and load (network, disk, a slow command, CLIENT PAUSE) and "
                              "the master's write rate before the lag reaches the threshold; a failover to a lagging "
                              "replica loses the writes it has not received.");
    case TrendAlertTracker::Metric::UsedMemory:
        return QStringLiteral("Find what grows (MEMORY STATS, keys without TTL, big keys), raise maxmemory if the host "
                              "has room, or check that the eviction policy is the one you want before writes fail.");
    }
    return {};
}

} // namespace

TrendAlertTracker::TrendAlertTracker(Clock *clock, Policy policy, HealthThresholds thresholds)
    : m_clock(clock != nullptr ? clock : Clock::system()), m_policy(policy), m_thresholds(thresholds),
      m_predictor(policy.prediction)
{
}

QString TrendAlertTracker::ruleId(Metric metric)
{
    switch (metric) {
    case Metric::LagBytes: return QStringLiteral("trend.replication-lag-bytes");
    case Metric::LagSeconds: return QStringLiteral("trend.replication-lag-seconds");
    case Metric::UsedMemory: return QStringLiteral("trend.used-memory");
    }
    return {};
}

int TrendAlertTracker::restore(const OpsEvents &stored)
{
    QHash<QString, OpsEvent> open;
    for (const OpsEvent &e : stored) {
        if (!e.details.value(QStringLiteral("trend")).toBool())
            continue;
        const QString key = e.details.value(QStringLiteral("rule")).toString() + QLatin1Char('@')
            + e.details.value(QStringLiteral("nodes")).toArray().at(0).toString();
        if (e.kind == OpsEvent::Kind::HealthAlert)
            open.insert(key, e);
        else if (e.kind == OpsEvent::Kind::HealthAlertCleared)
            open.remove(key);
    }
    const qint64 now = m_clock->monotonicMs();
    const qint64 wall = m_clock->wallMs();
    int restored = 0;
    for (auto it = open.cbegin(); it != open.cend(); ++it) {
        const OpsEvent &e = *it;
        const QString rule = e.details.value(QStringLiteral("rule")).toString();
        Open o;
        bool known = false;
        for (Metric m : {Metric::LagBytes, Metric::LagSeconds, Metric::UsedMemory})
            if (ruleId(m) == rule) {
                o.metric = m;
                known = true;
            }
        if (!known || m_open.contains(it.key()))
            continue;
        o.nodeId = e.details.value(QStringLiteral("nodes")).toArray().at(0).toString();
        o.endpoint = e.endpoint;
        o.threshold = e.details.value(QStringLiteral("evidence")).toObject().value(QStringLiteral("threshold")).toDouble();
        o.prediction.crossingMs = qint64(e.details.value(QStringLiteral("predictedCrossingMs")).toDouble(-1));
        o.raisedWallMs = e.timestampMs;
        o.raisedMs = now - std::max<qint64>(0, wall - e.timestampMs);
        m_open.insert(it.key(), o);
        ++restored;
    }
    return restored;
}

QStringList TrendAlertTracker::activeAlerts() const
{
    QStringList keys = m_open.keys();
    keys.sort();
    return keys;
}

OpsEvents TrendAlertTracker::update(const TopologySnapshot &snapshot, const MetricHistory &history)
{
    const qint64 now = m_clock->monotonicMs();
    if (m_checkedAtMs >= 0 && now - m_checkedAtMs < m_policy.checkEveryMs)
        return {};
    m_checkedAtMs = now;
    const qint64 wall = m_clock->wallMs();
    const qint64 from = wall - m_policy.prediction.windowMs;

    OpsEvents events;
    QSet<QString> seen; // judged now, or held (stale: silence is no judgement)
    for (const Node &n : snapshot.nodes) {
        if (n.role == Node::Role::Sentinel)
            continue;
        const std::vector<MetricSample> samples = history.range(n.id, from, wall);
        if (n.has(Node::Stale) || samples.empty()) {
            for (const QString &key : m_open.keys())
                if (m_open.value(key).nodeId == n.id)
                    seen.insert(key);
            continue;
        }
        QList<TrendPredictor::Point> bytes, seconds, memory;
        qint64 maxMemory = -1;
        for (const MetricSample &s : samples) {
            if (s.lagBytes >= 0)
                bytes.append({s.timestampMs, double(s.lagBytes)});
            if (s.lagSeconds >= 0)
                seconds.append({s.timestampMs, s.lagSeconds});
            if (s.usedMemory >= 0)
                memory.append({s.timestampMs, double(s.usedMemory)});
            if (s.maxMemory >= 0)
                maxMemory = s.maxMemory; // the latest known
        }
        if (n.isReplica()) {
            judge(Metric::LagBytes, n, bytes, double(m_thresholds.replicaLagBytes), wall, snapshot, events, seen);
            judge(Metric::LagSeconds, n, seconds, m_thresholds.replicaLagSeconds, wall, snapshot, events, seen);
        }
        if (maxMemory > 0)
            judge(Metric::UsedMemory, n, memory, double(maxMemory) * m_thresholds.memoryUsageShare, wall, snapshot, events, seen);
    }

    for (auto it = m_open.begin(); it != m_open.end();) {
        if (seen.contains(it.key())) {
            ++it;
            continue;
        }
        // Not judged: the node left (cleared now), or the metric no longer applies (a promoted
        // replica, maxmemory removed): the trend is over.
        if (!snapshot.node(it->nodeId)) {
            events << cleared(*it, snapshot, QStringLiteral("node-gone"));
            it = m_open.erase(it);
            continue;
        }
        if (it->endedSinceMs < 0)
            it->endedSinceMs = now;
        if (now - it->endedSinceMs >= m_policy.clearAfterMs) {
            events << cleared(*it, snapshot, QStringLiteral("trend-ended"));
            it = m_open.erase(it);
        } else {
            ++it;
        }
    }
    return events;
}

void TrendAlertTracker::judge(Metric metric, const Node &node, const QList<TrendPredictor::Point> &points,
                              double threshold, qint64 nowWallMs, const TopologySnapshot &snapshot, OpsEvents &events,
                              QSet<QString> &seen)
{
    const QString key = ruleId(metric) + QLatin1Char('@') + node.id;
    seen.insert(key);
    const TrendPredictor::Prediction p = m_predictor.predict(points, nowWallMs, threshold);
    const qint64 now = m_clock->monotonicMs();
    auto it = m_open.find(key);
    if (p.alert) {
        if (it == m_open.end()) {
            Open o;
            o.metric = metric;
            o.nodeId = node.id;
            o.endpoint = node.endpoint.toString();
            o.threshold = threshold;
            o.prediction = p;
            o.raisedWallMs = m_clock->wallMs();
            o.raisedMs = now;
            events << raised(o, snapshot);
            m_open.insert(key, o);
        } else {
            it->prediction = p;
            it->threshold = threshold;
            it->endedSinceMs = -1;
        }
        return;
    }
    if (it == m_open.end())
        return;
    const bool reached = (!points.isEmpty() && points.last().value >= threshold) || p.fittedNow >= threshold;
    if (reached) { // the prediction came true: the threshold rule's alert takes over
        events << cleared(*it, snapshot, QStringLiteral("threshold-reached"));
        m_open.erase(it);
        return;
    }
    if (p.steady) { // still growing steadily, only slower: the same trend
        it->prediction = p;
        it->endedSinceMs = -1;
        return;
    }
    if (it->endedSinceMs < 0)
        it->endedSinceMs = now;
    if (now - it->endedSinceMs >= m_policy.clearAfterMs) {
        events << cleared(*it, snapshot, QStringLiteral("trend-ended"));
        m_open.erase(it);
    }
}

OpsEvent TrendAlertTracker::raised(const Open &o, const TopologySnapshot &snapshot) const
{
    const TrendPredictor::Prediction &p = o.prediction;
    OpsEvent e;
    e.kind = OpsEvent::Kind::HealthAlert;
    e.severity = OpsEvent::Severity::Warning;
    e.timestampMs = o.raisedWallMs;
    e.deploymentId = snapshot.deploymentId;
    e.source = OpsEvent::Source::Poll;
    e.nodeId = o.nodeId;
    e.endpoint = o.endpoint;
    const qint64 inMs = p.crossingMs - o.raisedWallMs;
    const QString at = QDateTime::fromMSecsSinceEpoch(p.crossingMs, Qt::UTC).toString(QStringLiteral("HH:mm:ss 'UTC'"));
    e.message = QStringLiteral("warning: %1 of %2 grows steadily (%3/min, now %4): reaches %5 in about %6, at %7 (%8)")
                    .arg(metricNoun(o.metric), o.endpoint, valueText(o.metric, p.slopePerMinute),
                         valueText(o.metric, p.fittedNow), valueText(o.metric, o.threshold), durationText(inMs), at,
                         ruleId(o.metric));
    QJsonObject evidence{{QStringLiteral("fittedNow"), p.fittedNow},
                         {QStringLiteral("slopePerMinute"), p.slopePerMinute},
                         {QStringLiteral("r2"), p.r2},
                         {QStringLiteral("threshold"), o.threshold},
                         {QStringLiteral("windowMs"), m_policy.prediction.windowMs}};
    e.details = {{QStringLiteral("rule"), ruleId(o.metric)},
                 {QStringLiteral("title"), metricTitle(o.metric)},
                 {QStringLiteral("nodes"), QJsonArray{o.nodeId}},
                 {QStringLiteral("severity"), QStringLiteral("warning")},
                 {QStringLiteral("trend"), true},
                 {QStringLiteral("predictedCrossingMs"), p.crossingMs},
                 {QStringLiteral("evidence"), evidence},
                 {QStringLiteral("fix"), fixOf(o.metric)}};
    return e;
}

OpsEvent TrendAlertTracker::cleared(const Open &o, const TopologySnapshot &snapshot, const QString &reason) const
{
    OpsEvent e;
    e.kind = OpsEvent::Kind::HealthAlertCleared;
    e.severity = OpsEvent::Severity::Info;
    e.timestampMs = m_clock->wallMs();
    e.deploymentId = snapshot.deploymentId;
    e.source = OpsEvent::Source::Poll;
    e.nodeId = o.nodeId;
    e.endpoint = o.endpoint;
    const qint64 lasted = m_clock->monotonicMs() - o.raisedMs;
    const QString why = reason == QLatin1String("threshold-reached") ? QStringLiteral("the threshold was reached")
        : reason == QLatin1String("node-gone")                       ? QStringLiteral("the node left the deployment")
                                                                     : QStringLiteral("the trend ended");
    e.message = QStringLiteral("cleared after %1: %2 (%3) on %4 — %5")
                    .arg(durationText(lasted), metricTitle(o.metric), ruleId(o.metric), o.endpoint, why);
    e.details = {{QStringLiteral("rule"), ruleId(o.metric)},
                 {QStringLiteral("title"), metricTitle(o.metric)},
                 {QStringLiteral("nodes"), QJsonArray{o.nodeId}},
                 {QStringLiteral("severity"), QStringLiteral("warning")},
                 {QStringLiteral("trend"), true},
                 {QStringLiteral("raisedAtMs"), o.raisedWallMs},
                 {QStringLiteral("durationMs"), lasted},
                 {QStringLiteral("reason"), reason}};
    return e;
}

} // namespace ops
