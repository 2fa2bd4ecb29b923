#include "MetricsEventMarkers.h"

#include "MetricPlot.h"
#include "MetricsNodeNames.h"

#include <QStringList>

#include <algorithm>
#include <cstdlib>

namespace ops {

namespace {

constexpr qint64 kDayMs = 24 * 3600 * 1000;
constexpr int kMaxEvents = 2000;
/** The same event from several sentinels within this time is one marker. */
constexpr qint64 kDuplicateEventMs = 5000;

} // namespace

bool MetricsEventMarkers::isMarkerEvent(const OpsEvent &event)
{
    using K = OpsEvent::Kind;
    switch (event.kind) {
    case K::Promoted:
    case K::Demoted:
    case K::MasterChanged:
    case K::FailSet:
    case K::FailCleared:
    case K::NodeStale:
    case K::NodeRecovered:
    case K::NodeAdded:
    case K::NodeRemoved:
    case K::ReplicationLinkDown:
    case K::ReplicationLinkUp:
    case K::ClusterStateChanged:
    case K::SentinelDisagreement:
    case K::Operator:
        return true;
    case K::Sentinel: {
        static const QStringList types = {
            QStringLiteral("+switch-master"), QStringLiteral("+odown"), QStringLiteral("-odown"),
            QStringLiteral("+try-failover"), QStringLiteral("+failover-end"),
            QStringLiteral("+failover-end-for-timeout"), QStringLiteral("+failover-detected"),
            QStringLiteral("+promoted-slave"),
        };
        return types.contains(event.sentinelType);
    }
    default:
        return false;
    }
}

bool MetricsEventMarkers::add(const OpsEvents &events)
{
    bool added = false;
    for (const OpsEvent &e : events) {
        if (!isMarkerEvent(e))
            continue;
        // Every sentinel publishes the same +switch-master: one marker is enough.
        bool duplicate = false;
        for (qsizetype i = m_events.size() - 1; i >= 0 && !duplicate; --i) {
            const OpsEvent &o = m_events.at(i);
            if (std::abs(o.timestampMs - e.timestampMs) > kDuplicateEventMs)
                break;
            duplicate = o.kindName() == e.kindName() && o.nodeId == e.nodeId && o.endpoint == e.endpoint;
        }
        if (duplicate)
            continue;
        const auto pos = std::upper_bound(m_events.begin(), m_events.end(), e.timestampMs,
                                          [](qint64 t, const OpsEvent &o) { return t < o.timestampMs; });
        m_events.insert(pos, e);
        added = true;
    }
    return added;
}

void MetricsEventMarkers::prune(qint64 newestDataMs)
{
    const qint64 newest = std::max(newestDataMs, m_events.isEmpty() ? 0 : m_events.last().timestampMs);
    qsizetype drop = 0;
    while (drop < m_events.size()
           && (m_events.size() - drop > kMaxEvents || m_events.at(drop).timestampMs < newest - kDayMs))
        ++drop;
    m_events.remove(0, drop);
}

QList<EventMarker> MetricsEventMarkers::markersIn(qint64 fromMs, qint64 toMs, const MetricsNodeNames &names) const
{
    QList<EventMarker> out;
    for (const OpsEvent &e : m_events) {
        if (e.timestampMs < fromMs || e.timestampMs > toMs)
            continue;
        EventMarker m;
        m.timeSec = double(e.timestampMs) / 1000.0;
        const QString subject = names.eventSubject(e);
        m.label = subject.isEmpty() ? e.kindName() : e.kindName() + QLatin1Char(' ') + subject;
        m.tone = e.severity == OpsEvent::Severity::Critical  ? EventMarker::Tone::Critical
                 : e.severity == OpsEvent::Severity::Warning ? EventMarker::Tone::Warning
                                                              : EventMarker::Tone::Info;
        out.append(m);
    }
    return out;
}

} // namespace ops
