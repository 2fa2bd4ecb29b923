#pragma once

#include "model/OpsEvent.h"

#include <QList>

namespace ops {

class MetricsNodeNames;
struct EventMarker;

/**
 * @brief The events the metrics page draws as vertical markers: failovers, FAIL flags, stale
 * nodes, replication links going down, Sentinel failover steps... Keeps them sorted by time,
 * merges the copies every sentinel publishes of the same event (same kind and node within 5 s),
 * forgets events older than 24 h before the newest data (at most 2000), and turns the events of
 * a time window into EventMarker items labelled "<kind> <node>" with a tone from the severity.
 */
class MetricsEventMarkers
{
public:
    /** True for the events drawn as markers. */
    static bool isMarkerEvent(const OpsEvent &event);

    /** Keeps the marker events of @p events; true if any was new. */
    bool add(const OpsEvents &events);
    /** Drops events older than 24 h before @p newestDataMs (or the newest event) and the oldest beyond 2000. */
    void prune(qint64 newestDataMs);
    void clear() { m_events.clear(); }

    /** Kept events, oldest first. */
    const OpsEvents &events() const { return m_events; }
    /** Markers of the events in [@p fromMs, @p toMs], labelled with @p names. */
    QList<EventMarker> markersIn(qint64 fromMs, qint64 toMs, const MetricsNodeNames &names) const;

private:
    OpsEvents m_events;
};

} // namespace ops
