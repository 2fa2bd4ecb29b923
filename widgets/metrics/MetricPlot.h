#pragma once

#include "MetricDefinition.h"

#include <qcustomplot.h>

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

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
 * @brief One time-series plot of the metrics page: a QCustomPlot with a date-time x axis
 * (seconds since the epoch), one graph per series (node), an optional horizontal threshold line
 * with its label, vertical event markers, and a legend whose items hide / show their graph when
 * clicked. Colours come from the widget's QPalette and follow palette changes (dark mode).
 *
 * It does not own data or timers: MetricsPage fills it with setSeriesData() and replots it on
 * its own fixed-rate timer. objectName is "metricPlot_<key>" (MetricDefinition::key).
 */
class MetricPlot : public QCustomPlot
{
    Q_OBJECT
public:
    explicit MetricPlot(const MetricDefinition &definition, QWidget *parent = nullptr);

    const MetricDefinition &definition() const { return m_def; }

    /**
     * The graph of @p seriesId, created if missing; @p name (legend text) and @p colorIndex
     * (into seriesColor()) are kept current.
     */
    QCPGraph *ensureSeries(const QString &seriesId, const QString &name, int colorIndex);
    QCPGraph *graphOf(const QString &seriesId) const { return m_graphs.value(seriesId); }
    /** Series ids in creation (legend) order. */
    QStringList seriesIds() const { return m_order; }
    /** Removes every series not in @p keep. */
    void retainSeries(const QStringList &keep);
    /** Replaces the points of @p seriesId (keys sorted ascending; NaN values break the line). */
    void setSeriesData(const QString &seriesId, const QVector<double> &keys, const QVector<double> &values);

    void setSeriesVisible(const QString &seriesId, bool visible);
    bool isSeriesVisible(const QString &seriesId) const;

    /** Shows [@p fromSec, @p toSec] on the time axis; tick labels suit the span. */
    void setTimeRange(double fromSec, double toSec);
    /** Value axis from 0 to the largest visible value or the threshold, with headroom. */
    void rescaleValueAxis();

    /** Horizontal line at @p value with a label; NaN removes it. */
    void setThreshold(double value);
    double threshold() const { return m_threshold; }
    QCPItemStraightLine *thresholdLine() const { return m_thresholdLine; }

    void setEventMarkers(const QList<EventMarker> &markers);
    int markerCount() const { return int(m_markerLines.size()); }
    QList<QCPItemStraightLine *> markerLines() const { return m_markerLines; }
    QList<QCPItemText *> markerLabels() const { return m_markerLabels; }

    /** Colour of series number @p index: a qualitative scheme, lightened on dark palettes. */
    static QColor seriesColor(int index, const QPalette &palette);
    static QColor toneColor(EventMarker::Tone tone, const QPalette &palette);
    static QColor thresholdColor(const QPalette &palette);

    /** Applies the widget's palette to background, axes, grid, legend and title. */
    void applyPalette();

signals:
    /** The operator clicked a legend item. */
    void seriesVisibilityChanged(const QString &seriesId, bool visible);

protected:
    void changeEvent(QEvent *event) override;

private:
    void onLegendClick(QCPLegend *legend, QCPAbstractLegendItem *item, QMouseEvent *event);
    void styleLegendItem(QCPGraph *graph);
    void clearMarkers();
    void rebuildMarkers();
    void styleGraph(QCPGraph *graph, int colorIndex);

    MetricDefinition m_def;
    QCPTextElement *m_title = nullptr;
    QHash<QString, QCPGraph *> m_graphs;
    QStringList m_order;
    QHash<QString, int> m_colorIndex;
    double m_threshold;
    QCPItemStraightLine *m_thresholdLine = nullptr;
    QCPItemText *m_thresholdLabel = nullptr;
    QList<QCPItemStraightLine *> m_markerLines;
    QList<QCPItemText *> m_markerLabels;
    QList<EventMarker> m_markers;
    int m_markerLayoutWidth = 0;   ///< axis rect width the marker labels were merged for
    double m_spanSec = 0;
    bool m_applyingPalette = false;
};

} // namespace ops
