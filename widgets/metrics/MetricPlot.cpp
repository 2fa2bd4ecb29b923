#include "MetricPlot.h"

#include "ByteAxisTicker.h"
#include "MetricPlotTheme.h"

#include <QHelpEvent>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ops {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

} // namespace

MetricPlot::MetricPlot(const MetricDefinition &definition, QWidget *parent)
    : QCustomPlot(parent)
    , m_def(definition)
    , m_threshold(kNaN)
    , m_markers(this)
{
    setObjectName(QStringLiteral("metricPlot_") + m_def.key);
    setMinimumSize(360, 190);
    // Lines as segments, not one long stroked polyline: several times cheaper for 1.6 px pens.
    setPlottingHint(QCP::phFastPolylines, true);

    // Title row above the axis rect.
    plotLayout()->insertRow(0);
    QFont titleFont = font();
    titleFont.setBold(true);
    m_title = new QCPTextElement(this, m_def.title, titleFont);
    m_title->setObjectName(QStringLiteral("title"));
    plotLayout()->addElement(0, 0, m_title);

    // Legend in its own column right of the axis rect: it never hides data.
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    auto *legendColumn = new QCPLayoutGrid;
    plotLayout()->addElement(1, 1, legendColumn);
    axisRect()->insetLayout()->take(legend);
    m_legendNote = new QCPTextElement(this, QString(), small); // "top 10 of 500 replicas by peak"
    m_legendNote->setObjectName(QStringLiteral("legendNote"));
    m_legendNote->setMargins(QMargins(2, 0, 2, 2));
    m_legendNote->setVisible(false);
    m_legendColumn = legendColumn;
    legendColumn->addElement(1, 0, legend); // row 0 holds the note while there is one
    legendColumn->addElement(2, 0, new QCPLayoutElement(this)); // pushes the legend to the top
    legendColumn->setRowStretchFactor(0, 0.001);
    legendColumn->setRowStretchFactor(1, 0.001);
    legendColumn->setRowSpacing(0);
    legendColumn->setMargins(QMargins(0, 6, 6, 6));
    plotLayout()->setColumnStretchFactor(1, 0.001);
    legend->setVisible(true);
    legend->setFont(small);
    legend->setIconSize(18, 8);
    legend->setRowSpacing(0);
    legend->setSelectableParts(QCPLegend::spNone);

    auto dateTicker = QSharedPointer<QCPAxisTickerDateTime>::create();
    dateTicker->setDateTimeFormat(QStringLiteral("hh:mm:ss"));
    dateTicker->setTickCount(6);
    xAxis->setTicker(dateTicker);
    xAxis->setTickLabelFont(small);
    yAxis->setTickLabelFont(small);
    yAxis->setLabelFont(small);
    yAxis->setLabel(m_def.axisLabel);
    if (m_def.unit == MetricDefinition::Unit::Bytes) {
        yAxis->setTicker(QSharedPointer<ByteAxisTicker>::create());
    } else if (m_def.metric == MetricDefinition::Metric::Clients) {
        // Whole clients only: integer multiples of 1.
        auto integers = QSharedPointer<QCPAxisTickerFixed>::create();
        integers->setTickStep(1);
        integers->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
        yAxis->setTicker(integers);
    }
    yAxis->ticker()->setTickCount(4);
    xAxis->grid()->setSubGridVisible(false);
    yAxis->grid()->setSubGridVisible(false);
    yAxis->setRange(0, 1);
    const double now = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
    xAxis->setRange(now - 300, now);

    connect(this, &QCustomPlot::legendClick, this, &MetricPlot::onLegendClick);
    setThreshold(m_def.threshold);
    applyPalette();
}

QColor MetricPlot::seriesColor(int index, const QPalette &palette)
{
    return MetricPlotTheme::seriesColor(index, palette);
}

QCPGraph *MetricPlot::ensureSeries(const QString &seriesId, const QString &name, int colorIndex)
{
    QCPGraph *graph = m_graphs.value(seriesId);
    if (!graph) {
        graph = addGraph();
        graph->setObjectName(seriesId);
        graph->setLineStyle(QCPGraph::lsLine);
        graph->setAdaptiveSampling(true);
        graph->setVisible(!m_hidden.contains(seriesId));
        m_graphs.insert(seriesId, graph);
        m_order.append(seriesId);
        m_colorIndex.insert(seriesId, -1);
    }
    if (graph->name() != name)
        graph->setName(name);
    if (m_colorIndex.value(seriesId) != colorIndex) {
        m_colorIndex.insert(seriesId, colorIndex);
        styleGraph(graph, colorIndex);
    }
    return graph;
}

void MetricPlot::styleGraph(QCPGraph *graph, int colorIndex)
{
    QPen pen(MetricPlotTheme::seriesColor(colorIndex, palette()));
    pen.setWidthF(m_thinLines ? 1.0 : 1.6);
    graph->setPen(pen);
    styleLegendItem(graph);
}

void MetricPlot::retainSeries(const QStringList &keep)
{
    const QStringList order = m_order;
    for (const QString &id : order) {
        if (keep.contains(id))
            continue;
        removeGraph(m_graphs.take(id));
        m_order.removeOne(id);
        m_colorIndex.remove(id);
    }
}

void MetricPlot::setSeriesList(const QList<Series> &series)
{
    QSet<QString> wanted;
    for (const Series &s : series)
        wanted.insert(s.id);
    QList<int> freeSlots; // legend positions of nodes no longer shown
    for (int i = 0; i < m_order.size(); ++i)
        if (!wanted.contains(m_order.at(i)))
            freeSlots << i;
    qsizetype nextFree = 0;
    bool appended = false;
    for (const Series &s : series) {
        if (!m_graphs.contains(s.id) && nextFree < freeSlots.size()) {
            // The graph and legend item of a node that left now draw this one.
            const int slot = freeSlots.at(nextFree++);
            QCPGraph *graph = m_graphs.take(m_order.at(slot));
            m_colorIndex.remove(m_order.at(slot));
            m_order[slot] = s.id;
            m_graphs.insert(s.id, graph);
            m_colorIndex.insert(s.id, -1); // restyled (colour, legend strike-out) below
            graph->setObjectName(s.id);
            graph->setVisible(!m_hidden.contains(s.id));
        }
        appended = appended || !m_graphs.contains(s.id);
        ensureSeries(s.id, s.name, s.colorIndex)->setData(s.keys, s.values, true);
    }
    for (qsizetype j = freeSlots.size() - 1; j >= nextFree; --j) {
        const QString id = m_order.takeAt(freeSlots.at(j));
        removeGraph(m_graphs.take(id));
        m_colorIndex.remove(id);
    }
    if (appended && m_aggregate) {
        // The aggregate stays last in the legend.
        m_aggregate->removeFromLegend();
        m_aggregate->addToLegend();
        styleLegendItem(m_aggregate);
    }
}

void MetricPlot::setThinLines(bool thin)
{
    if (thin == m_thinLines)
        return;
    m_thinLines = thin;
    for (auto it = m_graphs.cbegin(); it != m_graphs.cend(); ++it)
        styleGraph(it.value(), m_colorIndex.value(it.key()));
}

void MetricPlot::setAggregate(const QString &name, const QVector<double> &keys, const QVector<double> &values)
{
    if (!m_aggregate) {
        m_aggregate = addGraph();
        m_aggregate->setObjectName(aggregateSeriesId());
        m_aggregate->setLineStyle(QCPGraph::lsLine);
        m_aggregate->setAdaptiveSampling(true);
        m_aggregate->setVisible(!m_hidden.contains(aggregateSeriesId()));
        styleAggregate();
    }
    if (m_aggregate->name() != name)
        m_aggregate->setName(name);
    m_aggregate->setData(keys, values, true);
}

void MetricPlot::clearAggregate()
{
    if (!m_aggregate)
        return;
    removeGraph(m_aggregate);
    m_aggregate = nullptr;
}

void MetricPlot::styleAggregate()
{
    if (!m_aggregate)
        return;
    // A grey band under a thin line: "everything else stays below this". Solid, 1 px: a dashed or
    // wide pen over hundreds of zig-zagging points costs the raster engine tens of ms per plot.
    QColor line = palette().color(QPalette::Text);
    line.setAlpha(150);
    QColor band = line;
    band.setAlpha(MetricPlotTheme::isDark(palette()) ? 45 : 30);
    m_aggregate->setPen(QPen(line, 1));
    m_aggregate->setBrush(band);
    styleLegendItem(m_aggregate);
}

void MetricPlot::setLegendNote(const QString &text)
{
    if (m_legendNote->text() != text)
        m_legendNote->setText(text);
    const bool inLayout = m_legendNote->layout() != nullptr;
    m_legendNote->setVisible(!text.isEmpty()); // out of the layout it would still draw at its last place
    if (!text.isEmpty() && !inLayout)
        m_legendColumn->addElement(0, 0, m_legendNote);
    else if (text.isEmpty() && inLayout)
        m_legendColumn->take(m_legendNote); // an empty cell takes no room
}

QString MetricPlot::legendNote() const
{
    return m_legendNote->text();
}

QCPGraph *MetricPlot::graphOfId(const QString &seriesId) const
{
    return seriesId == aggregateSeriesId() ? m_aggregate : m_graphs.value(seriesId);
}

void MetricPlot::setSeriesData(const QString &seriesId, const QVector<double> &keys, const QVector<double> &values)
{
    if (QCPGraph *graph = m_graphs.value(seriesId))
        graph->setData(keys, values, true);
}

void MetricPlot::setSeriesVisible(const QString &seriesId, bool visible)
{
    if (visible)
        m_hidden.remove(seriesId);
    else
        m_hidden.insert(seriesId);
    QCPGraph *graph = graphOfId(seriesId);
    if (!graph || graph->visible() == visible)
        return;
    graph->setVisible(visible);
    styleLegendItem(graph);
}

bool MetricPlot::isSeriesVisible(const QString &seriesId) const
{
    const QCPGraph *graph = graphOfId(seriesId);
    return graph && graph->visible();
}

void MetricPlot::styleLegendItem(QCPGraph *graph)
{
    if (QCPPlottableLegendItem *item = legend->itemWithPlottable(graph)) {
        const QColor c = MetricPlotTheme::legendTextColor(palette(), graph->visible());
        item->setTextColor(c);
        item->setSelectedTextColor(c);
        QFont f = legend->font();
        f.setStrikeOut(!graph->visible());
        item->setFont(f);
    }
}

void MetricPlot::onLegendClick(QCPLegend *, QCPAbstractLegendItem *item, QMouseEvent *)
{
    auto *plottableItem = qobject_cast<QCPPlottableLegendItem *>(item);
    if (!plottableItem)
        return;
    auto *graph = qobject_cast<QCPGraph *>(plottableItem->plottable());
    const QString id = graph && graph == m_aggregate ? aggregateSeriesId() : m_graphs.key(graph);
    if (!graph || id.isEmpty())
        return;
    setSeriesVisible(id, !graph->visible());
    rescaleValueAxis();
    replot(rpQueuedReplot);
    emit seriesVisibilityChanged(id, graph->visible());
}

void MetricPlot::resizeEvent(QResizeEvent *event)
{
    QCustomPlot::resizeEvent(event);
    fitTimeTickCount();
}

void MetricPlot::fitTimeTickCount()
{
    // Time labels ("07:52:00") need ~90 px each: a narrow plot gets fewer ticks, never overlaps.
    const int width = axisRect() != nullptr ? axisRect()->width() : this->width();
    xAxis->ticker()->setTickCount(std::clamp(width / 90, 2, 6));
}

void MetricPlot::setTimeRange(double fromSec, double toSec)
{
    fitTimeTickCount();
    xAxis->setRange(fromSec, toSec);
    const double span = toSec - fromSec;
    if (span != m_spanSec) {
        m_spanSec = span;
        auto ticker = qSharedPointerDynamicCast<QCPAxisTickerDateTime>(xAxis->ticker());
        if (ticker) {
            if (span <= 15 * 60)
                ticker->setDateTimeFormat(QStringLiteral("hh:mm:ss"));
            else if (span <= 6 * 3600)
                ticker->setDateTimeFormat(QStringLiteral("hh:mm"));
            else
                ticker->setDateTimeFormat(QStringLiteral("hh:mm\nd MMM"));
        }
    }
}

void MetricPlot::rescaleValueAxis()
{
    double top = 0;
    for (int i = 0; i < graphCount(); ++i) {
        QCPGraph *graph = this->graph(i);
        if (!graph->visible())
            continue;
        bool found = false;
        const QCPRange r = graph->getValueRange(found, QCP::sdBoth, xAxis->range());
        if (found && std::isfinite(r.upper))
            top = std::max(top, r.upper);
    }
    if (!std::isnan(m_threshold))
        top = std::max(top, m_threshold);
    if (top <= 0)
        top = 1;
    yAxis->setRange(0, top * 1.15);
    updateEmptyText();
}

void MetricPlot::setEmptyText(const QString &text)
{
    m_emptyText = text;
    if (!m_emptyLabel) {
        m_emptyLabel = new QCPItemText(this);
        m_emptyLabel->setObjectName(QStringLiteral("emptyText"));
        m_emptyLabel->position->setType(QCPItemPosition::ptAxisRectRatio);
        m_emptyLabel->position->setAxisRect(axisRect());
        m_emptyLabel->position->setCoords(0.5, 0.45);
        m_emptyLabel->setPositionAlignment(Qt::AlignCenter);
        m_emptyLabel->setClipToAxisRect(true);
        m_emptyLabel->setColor(palette().color(QPalette::PlaceholderText));
    }
    m_emptyLabel->setText(text);
    updateEmptyText();
}

bool MetricPlot::isShowingEmptyText() const
{
    return m_emptyLabel && m_emptyLabel->visible();
}

void MetricPlot::updateEmptyText()
{
    legend->setVisible(!m_order.isEmpty() || m_aggregate); // no empty legend box beside an empty plot
    if (!m_emptyLabel)
        return;
    bool anyPoint = false;
    for (int i = 0; i < graphCount() && !anyPoint; ++i) {
        QCPGraph *graph = this->graph(i);
        bool found = false; // hidden series count: hiding every line is not "no data"
        graph->getValueRange(found, QCP::sdBoth, xAxis->range());
        anyPoint = anyPoint || found;
    }
    m_emptyLabel->setVisible(!anyPoint && !m_emptyText.isEmpty());
}

void MetricPlot::setThreshold(double value)
{
    m_threshold = value;
    if (std::isnan(value)) {
        if (m_thresholdLine) {
            removeItem(m_thresholdLine);
            removeItem(m_thresholdLabel);
            m_thresholdLine = nullptr;
            m_thresholdLabel = nullptr;
        }
        return;
    }
    if (!m_thresholdLine) {
        m_thresholdLine = new QCPItemStraightLine(this);
        m_thresholdLine->setObjectName(QStringLiteral("threshold"));
        m_thresholdLabel = new QCPItemText(this);
        m_thresholdLabel->setObjectName(QStringLiteral("thresholdLabel"));
        m_thresholdLabel->position->setAxes(xAxis, yAxis);
        m_thresholdLabel->position->setAxisRect(axisRect());
        m_thresholdLabel->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
        m_thresholdLabel->position->setTypeY(QCPItemPosition::ptPlotCoords);
        m_thresholdLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
        m_thresholdLabel->setPadding(QMargins(2, 0, 2, 1));
        m_thresholdLabel->setFont(legend->font());
    }
    m_thresholdLine->point1->setCoords(0, value);
    m_thresholdLine->point2->setCoords(1, value);
    m_thresholdLabel->position->setCoords(0.01, value);
    m_thresholdLabel->setText(QStringLiteral("threshold ") + MetricDefinition::formatValue(m_def.unit, value));
    applyPalette();
}

void MetricPlot::setEventMarkers(const QList<EventMarker> &markers)
{
    const QSize size(axisRect()->width() > 0 ? axisRect()->width() : width(),
                     axisRect()->height() > 0 ? axisRect()->height() : height() / 2);
    m_markers.setMarkers(markers, size);
}

QString MetricPlot::markerToolTipAt(const QPoint &pos) const
{
    if (!axisRect()->rect().contains(pos))
        return {};
    return m_markers.textNear(pos.x());
}

bool MetricPlot::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const QString text = markerToolTipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QCustomPlot::event(event);
}

void MetricPlot::applyPalette()
{
    if (m_applyingPalette)
        return;
    m_applyingPalette = true;
    const QPalette pal = palette();
    const QColor base = pal.color(QPalette::Base);
    const QColor text = pal.color(QPalette::Text);
    QColor grid = text;
    grid.setAlpha(45);
    setBackground(QBrush(base));
    for (QCPAxis *axis : {xAxis, yAxis, xAxis2, yAxis2}) {
        axis->setBasePen(QPen(text, 1));
        axis->setTickPen(QPen(text, 1));
        axis->setSubTickPen(QPen(text, 1));
        axis->setTickLabelColor(text);
        axis->setLabelColor(text);
        axis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
        axis->grid()->setZeroLinePen(QPen(grid, 1));
    }
    legend->setBrush(QBrush(base));
    legend->setBorderPen(QPen(pal.color(QPalette::Mid)));
    legend->setTextColor(text);
    if (m_title)
        m_title->setTextColor(text);
    for (auto it = m_graphs.cbegin(); it != m_graphs.cend(); ++it)
        styleGraph(it.value(), m_colorIndex.value(it.key()));
    styleAggregate();
    if (m_legendNote)
        m_legendNote->setTextColor(text);
    if (m_thresholdLine) {
        const QColor c = MetricPlotTheme::thresholdColor(pal);
        m_thresholdLine->setPen(QPen(c, 1.4, Qt::DashLine));
        m_thresholdLabel->setColor(c);
        m_thresholdLabel->setBrush(MetricPlotTheme::labelBackground(pal));
    }
    if (m_emptyLabel)
        m_emptyLabel->setColor(pal.color(QPalette::PlaceholderText));
    m_markers.restyle();
    m_applyingPalette = false;
}

void MetricPlot::changeEvent(QEvent *event)
{
    QCustomPlot::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        applyPalette();
        replot(rpQueuedReplot);
    }
}

} // namespace ops
