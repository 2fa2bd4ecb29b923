#pragma once

#include <QList>
#include <QSize>
#include <QString>

class QCustomPlot;
class QCPItemStraightLine;
class QCPItemText;

namespace ops {

/** @brief A vertical event line on a MetricPlot's time axis (a failover, a node going stale...). */
struct EventMarker
{
    enum class Tone { Info, Warning, Critical };

    double timeSec = 0;     ///< seconds since the epoch (the plots' key unit)
    QString label;          ///< short text drawn along the line: "promoted :7001"
    Tone tone = Tone::Info; ///< colour, resolved against the plot's palette

    friend bool operator==(const EventMarker &, const EventMarker &) = default;
};

/**
 * @brief The event markers of one plot: a dashed line per marker and a label running up along
 * it. Markers closer than a few pixels share one label; a label never runs past the plot's
 * height (elided: its beginning says what happened to whom), and textNear() gives the full text
 * of the markers under the mouse for the tooltip. Items are owned by the plot.
 */
class MetricMarkerLayer
{
public:
    explicit MetricMarkerLayer(QCustomPlot *plot);

    /** Rebuilds the items when @p markers or the axis rect size @p axisRect changed. */
    void setMarkers(const QList<EventMarker> &markers, const QSize &axisRect);
    /** Rebuilds with the plot's current palette. */
    void restyle() { rebuild(); }

    int count() const { return int(m_lines.size()); }
    QList<QCPItemStraightLine *> lines() const { return m_lines; }
    QList<QCPItemText *> labels() const { return m_labels; }
    /** "HH:mm:ss label" lines of the markers within half a label gap of pixel column @p x. */
    QString textNear(int x) const;

    /** Marker labels closer than this (pixels) share one label. */
    static constexpr int kMinLabelGapPx = 16;

private:
    void clear();
    void rebuild();

    QCustomPlot *m_plot;
    QList<EventMarker> m_markers;
    QSize m_size;
    QList<QCPItemStraightLine *> m_lines;
    QList<QCPItemText *> m_labels;
};

} // namespace ops
