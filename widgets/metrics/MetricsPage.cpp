#include "MetricsPage.h"

#include "MetricPlot.h"
#include "MetricsExporter.h"
#include "MetricPlotFiller.h"

#include <QAction>
#include <QActionGroup>
#include <QComboBox>
#include <QDateTime>
#include <QGridLayout>
#include <QHash>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QSet>
#include <QSettings>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <tuple>

namespace ops {

namespace {

constexpr int kColumns = 2;
constexpr qint64 kDayMs = 24 * 3600 * 1000;

constexpr MetricsPage::TimeWindow kWindows[] = {MetricsPage::TimeWindow::FiveMinutes, MetricsPage::TimeWindow::OneHour,
                                                MetricsPage::TimeWindow::OneDay};

MetricsPage::TimeWindow storedWindow()
{
    const QString value = QSettings().value(MetricsPage::windowSettingsKey()).toString();
    for (MetricsPage::TimeWindow w : kWindows)
        if (value == MetricsPage::windowSettingValue(w))
            return w;
    return MetricsPage::TimeWindow::FiveMinutes;
}

} // namespace

MetricsPage::MetricsPage(QWidget *parent)
    : MetricsPage(MetricHistory::defaultLimits(), parent)
{
}

MetricsPage::MetricsPage(MetricStore::Limits limits, QWidget *parent)
    : QWidget(parent)
    , m_history(std::make_shared<MetricHistory>(limits))
    , m_bins5m(1000, 310)
    , m_bins1h(10'000, 370)
    , m_bins24h(300'000, 300)
    , m_window(storedWindow())
{
    buildActions();
    buildUi();
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &MetricsPage::tick);
    m_timer.start();
}

MetricsPage::~MetricsPage() = default;

QString MetricsPage::windowSettingValue(TimeWindow window)
{
    switch (window) {
    case TimeWindow::FiveMinutes: return QStringLiteral("5m");
    case TimeWindow::OneHour: return QStringLiteral("1h");
    case TimeWindow::OneDay: return QStringLiteral("24h");
    }
    return QStringLiteral("5m");
}

void MetricsPage::buildActions()
{
    // Page-scoped: the same keys mean other things on other pages. Tooltips name the key.
    auto make = [this](QObject *owner, const char *name, const QString &text, const QKeySequence &key, const QString &tip) {
        auto *a = new QAction(text, owner);
        a->setObjectName(QLatin1String(name));
        a->setShortcut(key);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        a->setToolTip(tip + QStringLiteral(" (%1)").arg(key.toString(QKeySequence::NativeText)));
        a->setStatusTip(a->toolTip());
        addAction(a);
        return a;
    };
    m_windowGroup = new QActionGroup(this);
    const std::tuple<TimeWindow, const char *, QString, Qt::Key> windows[] = {
        {TimeWindow::FiveMinutes, "actionMetricsWindow5m", tr("Last &5 minutes"), Qt::Key_1},
        {TimeWindow::OneHour, "actionMetricsWindow1h", tr("Last &hour"), Qt::Key_2},
        {TimeWindow::OneDay, "actionMetricsWindow24h", tr("Last &24 hours"), Qt::Key_3},
    };
    for (const auto &[window, name, text, key] : windows) {
        QAction *a = make(m_windowGroup, name, text, QKeySequence(Qt::CTRL | key),
                          tr("Show the %1").arg(QString(text).remove(QLatin1Char('&')).toLower()));
        a->setCheckable(true);
        a->setChecked(window == m_window);
        a->setData(int(window));
        connect(a, &QAction::triggered, this, [this, w = window] { setTimeWindow(w); });
    }
    m_exportPlots = make(this, "actionMetricsExportPlots", tr("&Export plots…"), QKeySequence(Qt::CTRL | Qt::Key_E),
                         tr("Save the six plots as a PNG image or a PDF page"));
    m_exportCsv = make(this, "actionMetricsExportCsv", tr("Export &data as CSV…"),
                       QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), tr("Save the samples of the shown window as CSV"));
    connect(m_exportPlots, &QAction::triggered, this, &MetricsPage::exportPlotsWithDialog);
    connect(m_exportCsv, &QAction::triggered, this, &MetricsPage::exportCsvWithDialog);
}

QAction *MetricsPage::windowAction(TimeWindow window) const
{
    for (QAction *a : m_windowGroup->actions())
        if (a->data().toInt() == int(window))
            return a;
    return nullptr;
}

void MetricsPage::buildUi()
{
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    auto *windowLabel = new QLabel(tr("&Window:"), this);
    m_windowBox = new QComboBox(this);
    m_windowBox->setObjectName(QStringLiteral("metricsWindow"));
    for (QAction *a : m_windowGroup->actions())
        m_windowBox->addItem(a->text().remove(QLatin1Char('&')), a->data());
    m_windowBox->setCurrentIndex(m_windowBox->findData(int(m_window)));
    m_windowBox->setToolTip(tr("Time span of the plots, ending at the newest sample (Ctrl+1, Ctrl+2, Ctrl+3)"));
    windowLabel->setBuddy(m_windowBox);
    connect(m_windowBox, &QComboBox::currentIndexChanged, this, [this](int index) {
        setTimeWindow(TimeWindow(m_windowBox->itemData(index).toInt()));
    });
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("metricsStatus"));
    m_status->setTextFormat(Qt::PlainText);
    auto makeButton = [this](const char *name, QAction *action) {
        auto *b = new QToolButton(this);
        b->setObjectName(QLatin1String(name));
        b->setDefaultAction(action);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        return b;
    };
    bar->addWidget(windowLabel);
    bar->addWidget(m_windowBox);
    bar->addSpacing(12);
    bar->addWidget(m_status, 1);
    bar->addWidget(makeButton("metricsExportPlots", m_exportPlots));
    bar->addWidget(makeButton("metricsExportCsv", m_exportCsv));

    m_plotArea = new QWidget(this);
    m_plotArea->setObjectName(QStringLiteral("metricsPlots"));
    auto *grid = new QGridLayout(m_plotArea);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(6);
    const QList<MetricDefinition> &defs = MetricDefinition::all();
    for (int i = 0; i < defs.size(); ++i) {
        auto *plot = new MetricPlot(defs.at(i), m_plotArea);
        plot->setEmptyText(tr("Waiting for the first samples…"));
        grid->addWidget(plot, i / kColumns, i % kColumns);
        m_plots.append(plot);
    }

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_plotArea, 1);
    updateStatus();
}

qint64 MetricsPage::windowMs(TimeWindow window)
{
    switch (window) {
    case TimeWindow::FiveMinutes: return 5 * 60 * 1000;
    case TimeWindow::OneHour: return 3600 * 1000;
    case TimeWindow::OneDay: return kDayMs;
    }
    return 5 * 60 * 1000;
}

MetricPlot *MetricsPage::plot(MetricDefinition::Metric metric) const
{
    for (MetricPlot *p : m_plots)
        if (p->definition().metric == metric)
            return p;
    return nullptr;
}

void MetricsPage::setHistory(MetricHistoryPtr history)
{
    if (!history)
        return;
    m_history = std::move(history);
    m_ownsHistory = false;
    m_watched.clear();
    m_latestMs = std::max(m_latestMs, m_history->latestMs());
    markDirty();
}

void MetricsPage::addSamples(const MetricBatch &batch)
{
    if (m_ownsHistory)
        m_history->append(batch);
    for (const auto &entry : batch) {
        // The history ignores a sample older than the node's latest; the bins the same.
        if (entry.second.timestampMs < m_latestMs - kDayMs)
            continue;
        m_latestMs = std::max(m_latestMs, entry.second.timestampMs);
        for (MetricBins *bins : {&m_bins5m, &m_bins1h, &m_bins24h})
            bins->add(entry.first, entry.second);
    }
    if (!batch.isEmpty())
        markDirty();
}

void MetricsPage::setSnapshot(SnapshotPtr snapshot)
{
    m_names.setSnapshot(std::move(snapshot));
    const SnapshotPtr &s = m_names.snapshot();
    if (s && m_latestMs > 0) {
        // A node gone from the deployment keeps its history for the longest window, then goes
        // (a shared history is pruned by its owner; the page drops its bins of it).
        for (const QString &id : m_history->nodes()) {
            if (m_names.node(id))
                continue;
            const auto last = m_history->latest(id);
            if (last && last->timestampMs < m_latestMs - kDayMs) {
                if (m_ownsHistory)
                    m_history->removeNode(id);
                for (MetricBins *bins : {&m_bins5m, &m_bins1h, &m_bins24h})
                    bins->removeNode(id);
            }
        }
    }
    markDirty();
}

void MetricsPage::addEvents(const OpsEvents &events)
{
    if (m_markers.add(events)) {
        m_markers.prune(m_latestMs);
        markDirty();
    }
}

void MetricsPage::clear()
{
    if (m_ownsHistory)
        m_history->clear();
    m_watched.clear();
    for (MetricBins *bins : {&m_bins5m, &m_bins1h, &m_bins24h})
        bins->clear();
    m_markers.clear();
    m_names.clear();
    m_latestMs = 0;
    for (MetricPlot *p : std::as_const(m_plots)) {
        p->setSeriesList({});
        p->clearAggregate();
        p->setLegendNote({});
    }
    markDirty();
}

void MetricsPage::setTimeWindow(TimeWindow window)
{
    if (m_window == window)
        return;
    m_window = window;
    QSettings().setValue(windowSettingsKey(), windowSettingValue(window));
    const int index = m_windowBox->findData(int(window));
    if (index >= 0 && index != m_windowBox->currentIndex())
        m_windowBox->setCurrentIndex(index);
    if (QAction *a = windowAction(window))
        a->setChecked(true);
    refreshNow();
}

void MetricsPage::setThreshold(MetricDefinition::Metric metric, double value)
{
    if (MetricPlot *p = plot(metric)) {
        p->setThreshold(value);
        markDirty();
    }
}

void MetricsPage::setTopCount(int k)
{
    m_topCount = std::max(1, k);
    markDirty();
}

const MetricBins &MetricsPage::binsOf(TimeWindow window) const
{
    switch (window) {
    case TimeWindow::FiveMinutes: return m_bins5m;
    case TimeWindow::OneHour: return m_bins1h;
    case TimeWindow::OneDay: return m_bins24h;
    }
    return m_bins5m;
}

void MetricsPage::setRefreshIntervalMs(int ms)
{
    m_timer.setInterval(std::max(50, ms));
}

qint64 MetricsPage::windowEndMs() const
{
    return m_latestMs > 0 ? m_latestMs : QDateTime::currentMSecsSinceEpoch();
}

QString MetricsPage::seriesName(const QString &nodeId) const
{
    return m_names.seriesName(nodeId);
}

void MetricsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_dirty)
        QTimer::singleShot(0, this, &MetricsPage::tick);
}

void MetricsPage::tick()
{
    // Hidden pages do no work; the first tick after being shown catches up.
    if (!m_dirty || !isVisible() || m_roundNext >= 0)
        return;
    beginRound();
    m_roundNext = 0;
    const quint64 generation = ++m_roundGeneration;
    QTimer::singleShot(0, this, [this, generation] { stepRound(generation); });
}

void MetricsPage::stepRound(quint64 generation)
{
    if (generation != m_roundGeneration || m_roundNext < 0)
        return; // refreshNow() ran meanwhile
    // Even steps set a plot's data, odd steps draw it: each a few ms, one per event-loop turn.
    const int index = m_roundNext / 2;
    if (m_roundNext % 2 == 0)
        refreshPlotOfRound(index);
    else
        m_plots.at(index)->replot(QCustomPlot::rpRefreshHint); // draws now, paints on the next update
    if (++m_roundNext < 2 * m_plots.size()) {
        QTimer::singleShot(0, this, [this, generation] { stepRound(generation); });
    } else {
        m_roundNext = -1;
        publishWatched(QSet<QString>(m_round.samples.keyBegin(), m_round.samples.keyEnd()));
        m_round.samples.clear();
    }
}


void MetricsPage::refreshNow()
{
    ++m_roundGeneration; // a staged round still running is superseded
    m_roundNext = -1;
    beginRound();
    for (int i = 0; i < m_plots.size(); ++i) {
        refreshPlotOfRound(i);
        m_plots.at(i)->replot(QCustomPlot::rpQueuedReplot);
    }
    publishWatched(QSet<QString>(m_round.samples.keyBegin(), m_round.samples.keyEnd()));
    m_round.samples.clear();
}

void MetricsPage::publishWatched(const QSet<QString> &drawn)
{
    if (drawn == m_watched)
        return;
    m_watched = drawn;
    m_history->setWatched(drawn);
}

void MetricsPage::beginRound()
{
    m_round.end = windowEndMs();
    m_round.from = m_round.end - windowMs(m_window);
    m_round.nodes = m_names.orderedNodes(m_history->nodes());
    // Peaks of every node for every metric: one pass over each node's bins, not its samples.
    const MetricBins &bins = binsOf(m_window);
    m_round.peaks.clear();
    m_round.peaks.reserve(std::size_t(m_round.nodes.size()));
    for (const QString &id : std::as_const(m_round.nodes))
        m_round.peaks.push_back(bins.peaks(id, m_round.from, m_round.end));
    m_round.samples.clear();
    m_round.markers = m_markers.markersIn(m_round.from, m_round.end, m_names);
    ++m_replotCount;
    m_dirty = false;
    updateStatus();
}

const std::vector<MetricSample> &MetricsPage::roundSamples(const QString &nodeId)
{
    auto it = m_round.samples.find(nodeId);
    if (it == m_round.samples.end())
        it = m_round.samples.insert(nodeId, m_history->range(nodeId, m_round.from, m_round.end));
    return *it;
}

void MetricsPage::refreshPlotOfRound(int index)
{
    MetricPlot *plot = m_plots.at(index);
    const MetricPlotFiller::Input input{m_round.from, m_round.end, m_round.nodes, m_round.peaks, binsOf(m_window), m_names,
                                        m_topCount, m_latestMs,
                                        [this](const QString &id) -> const std::vector<MetricSample> & { return roundSamples(id); }};
    MetricPlotFiller(input).fill(plot);
    plot->setTimeRange(double(m_round.from) / 1000.0, double(m_round.end) / 1000.0);
    plot->rescaleValueAxis();
    plot->setEventMarkers(m_round.markers);
}


void MetricsPage::updateStatus()
{
    if (m_latestMs <= 0) {
        m_status->setText(tr("No samples yet: the plots fill once the monitor has polled the deployment."));
        return;
    }
    const QString when = QDateTime::fromMSecsSinceEpoch(m_latestMs).toString(QStringLiteral("HH:mm:ss"));
    const qsizetype nodes = m_history->nodes().size();
    const qsizetype events = m_markers.events().size();
    m_status->setText(tr("%1, last sample at %2 · %3")
                          .arg((nodes == 1 ? tr("%1 node") : tr("%1 nodes")).arg(nodes), when,
                               (events == 1 ? tr("%1 event marker") : tr("%1 event markers")).arg(events)));
}

bool MetricsPage::exportCsv(const QString &path, QString *error) const
{
    // Every node, not only those the plots draw.
    const qint64 end = windowEndMs();
    const qint64 from = end - windowMs(m_window);
    const QStringList nodes = m_names.orderedNodes(m_history->nodes());
    std::vector<MetricBins::Values> peaks;
    peaks.reserve(std::size_t(nodes.size()));
    for (const QString &id : nodes)
        peaks.push_back(binsOf(m_window).peaks(id, from, end));
    QList<MetricsExporter::Column> columns;
    for (const MetricPlot *p : m_plots)
        for (const QString &id : MetricPlotFiller::seriesNodes(p->definition(), m_names, nodes, peaks))
            columns.append({p->definition().metric, id, m_names.csvColumnName(p->definition(), id)});
    return MetricsExporter::writeCsv(path, *m_history, columns, from, end, error);
}

namespace {
QSize exportCell(const QList<MetricPlot *> &plots)
{
    // The on-screen size when laid out, never smaller than a readable plot.
    QSize cell(640, 300);
    for (const MetricPlot *p : plots)
        cell = cell.expandedTo(p->size());
    return cell;
}
} // namespace

bool MetricsPage::exportPng(const QString &path, QString *error)
{
    const bool ok = MetricsExporter::writePng(path, m_plots, kColumns, exportCell(m_plots), error);
    for (MetricPlot *p : std::as_const(m_plots))
        p->replot(QCustomPlot::rpQueuedReplot); // exporting re-laid them out at the export size
    return ok;
}

bool MetricsPage::exportPdf(const QString &path, QString *error)
{
    const SnapshotPtr &s = m_names.snapshot();
    const QString title = s ? tr("Metrics of %1").arg(s->deploymentId) : tr("Metrics");
    const bool ok = MetricsExporter::writePdf(path, m_plots, kColumns, exportCell(m_plots), title, error);
    for (MetricPlot *p : std::as_const(m_plots))
        p->replot(QCustomPlot::rpQueuedReplot);
    return ok;
}

void MetricsPage::exportPlotsWithDialog()
{
    const QString path = MetricsExporter::askPlotsPath(this);
    if (path.isEmpty())
        return;
    QString error;
    const bool pdf = path.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive);
    if (!(pdf ? exportPdf(path, &error) : exportPng(path, &error)))
        QMessageBox::warning(this, tr("Export plots"), error);
}

void MetricsPage::exportCsvWithDialog()
{
    const QString path = MetricsExporter::askCsvPath(this);
    QString error;
    if (!path.isEmpty() && !exportCsv(path, &error))
        QMessageBox::warning(this, tr("Export metrics data"), error);
}

} // namespace ops
