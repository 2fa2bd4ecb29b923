#pragma once

#include "model/OpsEvent.h"
#include "viewmodels/FailoverEpisodes.h"

#include <QList>
#include <QPointF>
#include <QRect>
#include <QStringList>

namespace ops {

/**
 * @brief Geometry of the history timeline for one data set and widget size: the shown time
 * span (fixed or fitted to the data with a margin), the lanes (the episode lane on top, then one
 * per node or kind group, sorted), each event's marker centre and each episode's bar, plus hit
 * testing. Pure computation, no painting: HistoryTimeline recomputes it on data, range or size
 * changes, HistoryTimelinePainter draws from it.
 */
class HistoryTimelineLayout
{
public:
    enum class Lanes { ByNode, ByKindGroup };

    static constexpr int kLabelWidth = 150;  ///< lane titles column
    static constexpr int kAxisHeight = 22;   ///< time axis below the lanes
    static constexpr int kEpisodeLane = 30;  ///< the "Failovers" lane
    static constexpr int kMargin = 6;
    static constexpr qreal kRadius = 5.5;    ///< marker radius
    static constexpr qreal kMinLaneHeight = 16; ///< readable title; more lanes than fit scroll

    /**
     * Lays out @p events and @p episodes in a widget of @p size. @p fixedFrom / @p fixedTo
     * (ms since the epoch; both 0 = fit the data) set the span; without data and fixed span, the
     * last @p idleSpanMs before @p nowMs are shown.
     */
    void compute(const OpsEvents &events, const QList<FailoverEpisode> &episodes, Lanes lanes, qint64 fixedFrom,
                 qint64 fixedTo, QSize size, qint64 nowMs, qint64 idleSpanMs);

    /**
     * Vertical scroll of the event lanes in pixels (the episode lane and the axis stay), used
     * by the next compute(), which clamps it to [0, maxLaneScroll()].
     */
    void setLaneScroll(int pixels) { m_laneScroll = pixels; }
    int laneScroll() const { return m_laneScroll; }
    int maxLaneScroll() const;
    /** Pixels kept free right of the plot (the lanes' scroll bar), from the next compute(). */
    void setReservedRight(int pixels) { m_reservedRight = pixels; }
    int reservedRight() const { return m_reservedRight; }
    /** Lane index (1 = first event lane) of event @p index, or -1. */
    int laneOfEvent(int index) const { return index >= 0 && index < m_eventLanes.size() ? m_eventLanes.at(index) : -1; }

    qint64 from() const { return m_from; }
    qint64 to() const { return m_to; }
    /** The area right of the lane titles and above the axis. */
    QRect plotRect() const;
    /** The part of plotRect() below the episode lane where the (scrolled) event lanes show. */
    QRect lanesRect() const;
    qreal xOf(qint64 ms) const;
    /** Height of one event lane (the episode lane is kEpisodeLane). */
    qreal laneHeight() const { return m_laneHeight; }
    /** Band of lane @p index across the whole width (0 = episode lane), scrolled: may lie outside lanesRect(). */
    QRectF laneBand(int index) const;
    /** Lane titles, top to bottom; [0] is the episode lane. */
    const QStringList &laneTitles() const { return m_laneTitles; }
    const QList<QPointF> &centers() const { return m_centers; }
    /** Bar of episode @p index; episodes overlapping in time alternate between two rows. */
    QRectF episodeRect(int index) const;

    /** Index of the event whose marker is nearest to @p pos within reach, or -1. */
    int eventAt(const QPoint &pos) const;
    /** Index of the episode whose bar is under @p pos (the topmost one), or -1. */
    int episodeAt(const QPoint &pos) const;

    /** The lane of @p event: its endpoint (node id, "(deployment)") or its kind group. */
    static QString laneOf(const OpsEvent &event, Lanes lanes);
    /** "Failover steps", "Replication", "Health", "Slots", "Sentinel" or "Other". */
    static QString kindGroup(const OpsEvent &event);

private:
    QSize m_size;
    qint64 m_from = 0;
    qint64 m_to = 1;
    qreal m_laneHeight = 8;
    QStringList m_laneTitles;
    QList<QPointF> m_centers;
    QList<int> m_eventLanes;                     ///< lane index (>= 1) of each event
    int m_laneScroll = 0;
    int m_reservedRight = 0;
    QList<QPair<qint64, qint64>> m_episodeSpans; ///< start, end of each episode
    QList<int> m_episodeRows;                    ///< 0 or 1: overlapping episodes alternate rows
};

} // namespace ops
