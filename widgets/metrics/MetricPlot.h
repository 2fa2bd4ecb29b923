#pragma once

#include "MetricDefinition.h"
#include "MetricMarkerLayer.h"

#include <qcustomplot.h>

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace ops {

/**
 * @brief One time-series plot of the metrics page: a QCustomPlot with a date-time x axis
 * (seconds since the epoch), one graph per series (node), an optional horizontal threshold line
 * with its label, vertical event markers, and a legend whose items hide / show their graph when
 * clicked. Colours come from the widget's QPalette through MetricPlotTheme and follow palette
 * changes (light / dark, also when the application palette changes while it is shown).
 *
 * It does not own data or timers: MetricsPage fills it with setSeriesList() (or ensureSeries() /
 * setSeriesData()) and replots it on its own fixed-rate timer. A plot of a large deployment
 * shows a few nodes plus one aggregate series (setAggregate(): dashed, "max of the other N")
 * and a note above the legend (setLegendNote()); graphs and legend items are reused across
 * refreshes, so an update costs O(series shown), never O(nodes). A node hidden by a legend
 * click stays hidden while the plot shows it again later. objectName is "metricPlot_<key>"
 * (MetricDefinition::key).
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
    /** Node series ids in legend order (the aggregate series is not one of them). */
    QStringList seriesIds() const { return m_order; }

    /** One node series for setSeriesList(). */
    struct Series
    {
        QString id;
        QString name;
        int colorIndex = 0;
        QVector<double> keys;
        QVector<double> values;
    };
    /**
     * Shows exactly @p series: a graph whose node stays keeps its place in the legend, a node
     * that left hands its graph and legend item to a node that came (renamed, recoloured, new
     * data), graphs left over are removed. O(number of series).
     */
    void setSeriesList(const QList<Series> &series);

    /** 1 px instead of 1.6 px series lines (large deployments: several times cheaper to draw). */
    void setThinLines(bool thin);
    bool thinLines() const { return m_thinLines; }

    /** Id of the aggregate series in setSeriesVisible() / seriesVisibilityChanged(). */
    static QString aggregateSeriesId() { return QStringLiteral("(others)"); }
    /** The dashed aggregate series (created on first use, last in the legend); empty @p keys still show it. */
    void setAggregate(const QString &name, const QVector<double> &keys, const QVector<double> &values);
    /** Removes the aggregate series. */
    void clearAggregate();
    QCPGraph *aggregateGraph() const { return m_aggregate; }
    /** Small text above the legend ("top 10 of 500 replicas by peak"); empty hides it. */
    void setLegendNote(const QString &text);
    QString legendNote() const;
    /** Colour index @p seriesId was styled with, -1 if it has no graph. */
    int seriesColorIndex(const QString &seriesId) const { return m_colorIndex.value(seriesId, -1); }
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

    /** Vertical event lines with labels fitted to the plot; hover one for its full text. */
    void setEventMarkers(const QList<EventMarker> &markers);
    int markerCount() const { return m_markers.count(); }
    QList<QCPItemStraightLine *> markerLines() const { return m_markers.lines(); }
    QList<QCPItemText *> markerLabels() const { return m_markers.labels(); }
    /** Tooltip text at @p pos (widget coordinates): the markers under it, in full; empty if none. */
    QString markerToolTipAt(const QPoint &pos) const;

    /**
     * Text centred over the empty axis rect ("Waiting for the first samples…", "No replicas…");
     * empty hides it. Drawn only while no visible series has a point in the time range.
     */
    void setEmptyText(const QString &text);
    QString emptyText() const { return m_emptyText; }
    bool isShowingEmptyText() const;

    /** Colour of series number @p index (MetricPlotTheme::seriesColor). */
    static QColor seriesColor(int index, const QPalette &palette);

    /** Applies the widget's palette to background, axes, grid, legend and title. */
    void applyPalette();

signals:
    /** The operator clicked a legend item. */
    void seriesVisibilityChanged(const QString &seriesId, bool visible);

protected:
    bool event(QEvent *event) override;
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void onLegendClick(QCPLegend *legend, QCPAbstractLegendItem *item, QMouseEvent *event);
    void styleLegendItem(QCPGraph *graph);
    void fitTimeTickCount();
    void styleGraph(QCPGraph *graph, int colorIndex);
    void updateEmptyText();

    void styleAggregate();
    QCPGraph *graphOfId(const QString &seriesId) const;

    MetricDefinition m_def;
    QCPTextElement *m_title = nullptr;
    QCPTextElement *m_legendNote = nullptr; ///< in m_legendColumn's row 0 while its text is not empty
    QCPLayoutGrid *m_legendColumn = nullptr;
    QCPGraph *m_aggregate = nullptr;
    QSet<QString> m_hidden; ///< series ids hidden by the operator (kept while the series is not shown)
    QHash<QString, QCPGraph *> m_graphs;
    QStringList m_order;
    QHash<QString, int> m_colorIndex;
    double m_threshold;
    QCPItemStraightLine *m_thresholdLine = nullptr;
    QCPItemText *m_thresholdLabel = nullptr;
    MetricMarkerLayer m_markers;
    QCPItemText *m_emptyLabel = nullptr;
    QString m_emptyText;
    double m_spanSec = 0;
    bool m_applyingPalette = false;
    bool m_thinLines = false;
};

} // namespace ops
