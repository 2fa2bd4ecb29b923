#pragma once

#include "HistoryTimelineLayout.h"
#include "model/OpsEvent.h"
#include "viewmodels/FailoverEpisodes.h"

#include <QWidget>

class QScrollBar;

namespace ops {

/**
 * @brief A custom-painted timeline of stored events: a time axis, one lane per node (or per kind
 * group), each event a marker whose shape says its severity (circle info, triangle warning,
 * diamond critical; colour only repeats it), and failover episodes as bars spanning start to end
 * labelled with their duration (hatched when aborted, dashed outline while in progress).
 * Hovering shows a plain-text tooltip; clicking selects an event (or an episode bar).
 *
 * Geometry lives in HistoryTimelineLayout, drawing in HistoryTimelinePainter; colours come from
 * the widget's palette and follow application palette changes (light / dark).
 */
class HistoryTimeline : public QWidget
{
    Q_OBJECT
public:
    using Lanes = HistoryTimelineLayout::Lanes;

    explicit HistoryTimeline(QWidget *parent = nullptr);

    /** The events to draw (already filtered) and the episodes found in the whole result. */
    void setData(const OpsEvents &events, const QList<FailoverEpisode> &episodes);
    void setLanes(Lanes lanes);
    Lanes lanes() const { return m_lanes; }
    /** Time span shown; 0/0 = fit the data. The wheel zooms around the cursor, a double click fits again. */
    void setRange(qint64 fromMs, qint64 toMs);
    /** Shows episode @p index with a margin of a third of its length on each side. */
    void zoomToEpisode(int index);
    qint64 rangeFrom() const { return m_layout.from(); }
    qint64 rangeTo() const { return m_layout.to(); }

    /** Span shown (ending now) while there is no data and no fixed range; default 1 h. */
    void setIdleSpanMs(qint64 ms);
    /** Text centred in the plot when there is nothing to draw ("No events in this range"). */
    void setEmptyText(const QString &text);
    QString emptyText() const { return m_emptyText; }

    /** Highlights the event with @p id (0 = none) without emitting eventClicked. */
    void setSelectedEventId(qint64 id);
    qint64 selectedEventId() const { return m_selectedId; }

    /** Index into the events of setData() under @p pos, or -1. */
    int eventAt(const QPoint &pos) const { return m_layout.eventAt(pos); }
    /** Index into the episodes of setData() whose bar is under @p pos, or -1. */
    int episodeAt(const QPoint &pos) const { return m_layout.episodeAt(pos); }
    /** The tooltip shown at @p pos, as plain text (empty if nothing is there). */
    QString toolTipTextAt(const QPoint &pos) const;
    /** Centre of the marker of event @p index (for tests and keyboard navigation). */
    QPoint markerCenter(int index) const;
    /** Lane titles, top to bottom (the episode lane first). */
    QStringList laneTitles() const { return m_layout.laneTitles(); }
    /**
     * The event lanes' vertical scroll bar: shown when the lanes do not fit at a readable height
     * (the episode lane and the time axis stay in place). The wheel over the lane titles, or
     * with Shift, scrolls them; selecting an event scrolls its lane into view.
     */
    QScrollBar *laneScrollBar() const { return m_laneBar; }
    /** The kind group of @p event used by Lanes::ByKindGroup. */
    static QString kindGroup(const OpsEvent &event) { return HistoryTimelineLayout::kindGroup(event); }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void eventClicked(qint64 id, int index);
    void episodeClicked(int index);

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;
    void changeEvent(QEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void relayout();
    void placeLaneScrollBar();
    void ensureLaneVisible(int eventIndex);

    OpsEvents m_events;
    QList<FailoverEpisode> m_episodes;
    HistoryTimelineLayout m_layout;
    Lanes m_lanes = Lanes::ByNode;
    qint64 m_fixedFrom = 0;
    qint64 m_fixedTo = 0;
    qint64 m_idleSpanMs = 3'600'000;
    qint64 m_selectedId = 0;
    int m_selectedIndex = -1;
    QString m_emptyText;
    QScrollBar *m_laneBar = nullptr;
};

} // namespace ops
