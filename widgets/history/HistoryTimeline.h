#pragma once

#include "model/OpsEvent.h"
#include "viewmodels/FailoverEpisodes.h"

#include <QWidget>

namespace ops {

/**
 * @brief A custom-painted timeline of stored events: a time axis, one lane per node (or per kind
 * group), each event a marker whose shape says its severity (circle info, triangle warning,
 * diamond critical; colour only repeats it), and failover episodes as bars spanning start to end
 * labelled with their duration (hatched when aborted, dashed outline while in progress).
 * Hovering shows a plain-text tooltip; clicking selects an event (or an episode bar).
 */
class HistoryTimeline : public QWidget
{
    Q_OBJECT
public:
    enum class Lanes { ByNode, ByKindGroup };

    explicit HistoryTimeline(QWidget *parent = nullptr);

    /** The events to draw (already filtered) and the episodes found in the whole result. */
    void setData(const OpsEvents &events, const QList<FailoverEpisode> &episodes);
    void setLanes(Lanes lanes);
    Lanes lanes() const { return m_lanes; }
    /** Time span shown; 0/0 = fit the data. The wheel zooms around the cursor, a double click fits again. */
    void setRange(qint64 fromMs, qint64 toMs);
    /** Shows episode @p index with a margin of a third of its length on each side. */
    void zoomToEpisode(int index);
    qint64 rangeFrom() const { return m_from; }
    qint64 rangeTo() const { return m_to; }

    /** Highlights the event with @p id (0 = none) without emitting eventClicked. */
    void setSelectedEventId(qint64 id);
    qint64 selectedEventId() const { return m_selectedId; }

    /** Index into the events of setData() under @p pos, or -1. */
    int eventAt(const QPoint &pos) const;
    /** Index into the episodes of setData() whose bar is under @p pos, or -1. */
    int episodeAt(const QPoint &pos) const;
    /** The tooltip shown at @p pos, as plain text (empty if nothing is there). */
    QString toolTipTextAt(const QPoint &pos) const;
    /** Centre of the marker of event @p index (for tests and keyboard navigation). */
    QPoint markerCenter(int index) const;
    /** Lane titles, top to bottom (the episode lane first). */
    QStringList laneTitles() const { return m_laneTitles; }
    /** The kind group of @p event used by Lanes::ByKindGroup. */
    static QString kindGroup(const OpsEvent &event);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void eventClicked(qint64 id, int index);
    void episodeClicked(int index);

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void relayout();
    QString laneOf(const OpsEvent &event) const;
    qreal xOf(qint64 ms) const;
    QRect plotRect() const;
    QRectF episodeRect(int index) const;
    void paintAxis(QPainter &p, const QRect &plot);
    void paintEpisodes(QPainter &p, const QRect &plot);
    void paintMarkers(QPainter &p);

    OpsEvents m_events;
    QList<FailoverEpisode> m_episodes;
    Lanes m_lanes = Lanes::ByNode;
    qint64 m_fixedFrom = 0;
    qint64 m_fixedTo = 0;
    qint64 m_from = 0;
    qint64 m_to = 1;
    qint64 m_selectedId = 0;
    int m_selectedIndex = -1;
    QStringList m_laneTitles;   ///< [0] is the episode lane
    QList<int> m_laneOfEvent;   ///< lane index per event
    QList<QPointF> m_centers;   ///< marker centre per event
};

} // namespace ops
