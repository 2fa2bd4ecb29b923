#include "MetricsPage.h"

#include "MetricPlot.h"
#include "MetricsExporter.h"

#include <QComboBox>
#include <QDateTime>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace ops {

namespace {

constexpr int kColumns = 2;
constexpr qint64 kDayMs = 24 * 3600 * 1000;
constexpr int kMaxEvents = 2000;
/** The same event from several sentinels within this time is one marker. */
constexpr qint64 kDuplicateEventMs = 5000;

bool isLoopback(const QString &host)
{
    return host == QLatin1String("127.0.0.1") || host == QLatin1String("localhost") || host == QLatin1String("::1");
}

} // namespace

MetricsPage::MetricsPage(QWidget *parent)
    : MetricsPage(MetricStore::Limits{}, parent)
{
}

MetricsPage::MetricsPage(MetricStore::Limits limits, QWidget *parent)
    : QWidget(parent)
    , m_store(limits)
{
    buildUi();
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &MetricsPage::onTick);
    m_timer.start();
}

MetricsPage::~MetricsPage() = default;

void MetricsPage::buildUi()
{
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    auto *windowLabel = new QLabel(tr("Window:"), this);
    m_windowBox = new QComboBox(this);
    m_windowBox->setObjectName(QStringLiteral("metricsWindow"));
    m_windowBox->addItem(tr("Last 5 minutes"), int(TimeWindow::FiveMinutes));
    m_windowBox->addItem(tr("Last hour"), int(TimeWindow::OneHour));
    m_windowBox->addItem(tr("Last 24 hours"), int(TimeWindow::OneDay));
    windowLabel->setBuddy(m_windowBox);
    connect(m_windowBox, &QComboBox::currentIndexChanged, this, [this](int index) {
        setTimeWindow(TimeWindow(m_windowBox->itemData(index).toInt()));
    });
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("metricsStatus"));
    auto makeButton = [this](const char *name, const QString &text, const QString &tip) {
        auto *b = new QToolButton(this);
        b->setObjectName(QLatin1String(name));
        b->setText(text);
        b->setToolTip(tip);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        return b;
    };
    m_pngButton = makeButton("metricsExportPng", tr("PNG…"), tr("Save the plots as a PNG image"));
    m_pdfButton = makeButton("metricsExportPdf", tr("PDF…"), tr("Save the plots as a PDF page"));
    m_csvButton = makeButton("metricsExportCsv", tr("CSV…"), tr("Save the data of the window as CSV"));
    connect(m_pngButton, &QToolButton::clicked, this, [this] { exportWithDialog(QStringLiteral("png")); });
    connect(m_pdfButton, &QToolButton::clicked, this, [this] { exportWithDialog(QStringLiteral("pdf")); });
    connect(m_csvButton, &QToolButton::clicked, this, [this] { exportWithDialog(QStringLiteral("csv")); });
    bar->addWidget(windowLabel);
    bar->addWidget(m_windowBox);
    bar->addSpacing(12);
    bar->addWidget(m_status, 1);
    bar->addWidget(new QLabel(tr("Export:"), this));
    bar->addWidget(m_pngButton);
    bar->addWidget(m_pdfButton);
    bar->addWidget(m_csvButton);

    m_plotArea = new QWidget(this);
    m_plotArea->setObjectName(QStringLiteral("metricsPlots"));
    auto *grid = new QGridLayout(m_plotArea);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(6);
    const QList<MetricDefinition> &defs = MetricDefinition::all();
    for (int i = 0; i < defs.size(); ++i) {
        auto *plot = new MetricPlot(defs.at(i), m_plotArea);
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

void MetricsPage::addSamples(const MetricBatch &batch)
{
    for (const auto &entry : batch) {
        if (m_store.append(entry.first, entry.second))
            m_latestMs = std::max(m_latestMs, entry.second.timestampMs);
    }
    if (!batch.isEmpty())
        markDirty();
}

void MetricsPage::setSnapshot(SnapshotPtr snapshot)
{
    m_snapshot = std::move(snapshot);
    if (m_snapshot && m_latestMs > 0) {
        // A node gone from the deployment keeps its history for the longest window, then goes.
        for (const QString &id : m_store.nodes()) {
            const auto last = m_store.latest(id);
            if (!m_snapshot->node(id) && last && last->timestampMs < m_latestMs - kDayMs)
                m_store.removeNode(id);
        }
    }
    markDirty();
}

bool MetricsPage::isMarkerEvent(const OpsEvent &event)
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

void MetricsPage::addEvents(const OpsEvents &events)
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
    if (added) {
        pruneEvents();
        markDirty();
    }
}

void MetricsPage::pruneEvents()
{
    const qint64 newest = std::max(m_latestMs, m_events.isEmpty() ? 0 : m_events.last().timestampMs);
    qsizetype drop = 0;
    while (drop < m_events.size()
           && (m_events.size() - drop > kMaxEvents || m_events.at(drop).timestampMs < newest - kDayMs))
        ++drop;
    m_events.remove(0, drop);
}

void MetricsPage::clear()
{
    for (const QString &id : m_store.nodes())
        m_store.removeNode(id);
    m_events.clear();
    m_snapshot.reset();
    m_colorIndex.clear();
    m_latestMs = 0;
    for (MetricPlot *p : m_plots)
        p->retainSeries({});
    markDirty();
}

void MetricsPage::setTimeWindow(TimeWindow window)
{
    if (m_window == window)
        return;
    m_window = window;
    const int index = m_windowBox->findData(int(window));
    if (index >= 0 && index != m_windowBox->currentIndex())
        m_windowBox->setCurrentIndex(index);
    refreshNow();
}

void MetricsPage::setThreshold(MetricDefinition::Metric metric, double value)
{
    if (MetricPlot *p = plot(metric)) {
        p->setThreshold(value);
        markDirty();
    }
}

void MetricsPage::setRefreshIntervalMs(int ms)
{
    m_timer.setInterval(std::max(50, ms));
}

qint64 MetricsPage::windowEndMs() const
{
    return m_latestMs > 0 ? m_latestMs : QDateTime::currentMSecsSinceEpoch();
}

void MetricsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_dirty)
        QTimer::singleShot(0, this, &MetricsPage::onTick);
}

void MetricsPage::onTick()
{
    // Hidden pages do no work; the first tick after being shown catches up.
    if (m_dirty && isVisible())
        refreshNow();
}

int MetricsPage::colorIndexOf(const QString &nodeId)
{
    auto it = m_colorIndex.constFind(nodeId);
    if (it != m_colorIndex.cend())
        return it.value();
    const int index = int(m_colorIndex.size());
    m_colorIndex.insert(nodeId, index);
    return index;
}

QStringList MetricsPage::orderedNodes() const
{
    QStringList out;
    if (m_snapshot)
        for (const Node &n : m_snapshot->nodes)
            out << n.id;
    QStringList rest;
    for (const QString &id : m_store.nodes())
        if (!out.contains(id))
            rest << id;
    std::sort(rest.begin(), rest.end());
    return out + rest;
}

QString MetricsPage::shortEndpoint(const QString &nodeId, const QString &relativeToHost) const
{
    const Node *n = m_snapshot ? m_snapshot->node(nodeId) : nullptr;
    if (!n) {
        const bool looksLikeAddress = nodeId.contains(QLatin1Char(':'));
        return looksLikeAddress ? nodeId : nodeId.left(8) + QChar(0x2026);
    }
    if (!relativeToHost.isEmpty() && n->endpoint.host == relativeToHost)
        return QLatin1Char(':') + QString::number(n->endpoint.port);
    return n->endpoint.toString();
}

QString MetricsPage::seriesName(const QString &nodeId) const
{
    const Node *n = m_snapshot ? m_snapshot->node(nodeId) : nullptr;
    if (!n)
        return shortEndpoint(nodeId, {});
    const QString address = n->endpoint.toString();
    if (n->isReplica()) {
        const QString master = n->masterId.isEmpty() ? QStringLiteral("?") : shortEndpoint(n->masterId, n->endpoint.host);
        return tr("%1 (replica of %2)").arg(address, master);
    }
    if (n->isMaster())
        return tr("%1 (master)").arg(address);
    return address;
}

QString MetricsPage::markerLabel(const OpsEvent &event) const
{
    QString subject;
    const Node *n = m_snapshot ? m_snapshot->node(event.nodeId) : nullptr;
    if (n)
        subject = isLoopback(n->endpoint.host) ? QLatin1Char(':') + QString::number(n->endpoint.port) : n->endpoint.toString();
    else if (!event.endpoint.isEmpty())
        subject = event.endpoint;
    else if (!event.nodeId.isEmpty())
        subject = shortEndpoint(event.nodeId, {});
    if (!n && subject.startsWith(QLatin1String("127.0.0.1:")))
        subject = subject.mid(9);
    return subject.isEmpty() ? event.kindName() : event.kindName() + QLatin1Char(' ') + subject;
}

QList<EventMarker> MetricsPage::markersIn(qint64 fromMs, qint64 toMs) const
{
    QList<EventMarker> out;
    for (const OpsEvent &e : m_events) {
        if (e.timestampMs < fromMs || e.timestampMs > toMs)
            continue;
        EventMarker m;
        m.timeSec = double(e.timestampMs) / 1000.0;
        m.label = markerLabel(e);
        m.tone = e.severity == OpsEvent::Severity::Critical  ? EventMarker::Tone::Critical
                 : e.severity == OpsEvent::Severity::Warning ? EventMarker::Tone::Warning
                                                              : EventMarker::Tone::Info;
        out.append(m);
    }
    return out;
}

void MetricsPage::refreshNow()
{
    const qint64 end = windowEndMs();
    const qint64 from = end - windowMs(m_window);
    const QStringList nodes = orderedNodes();
    QHash<QString, std::vector<MetricSample>> samples;
    for (const QString &id : nodes)
        samples.insert(id, m_store.range(id, from, end));
    const QList<EventMarker> markers = markersIn(from, end);

    for (MetricPlot *plot : std::as_const(m_plots)) {
        const MetricDefinition &def = plot->definition();
        QStringList keep;
        for (const QString &id : nodes) {
            QVector<double> keys;
            QVector<double> values;
            bool known = false;   // the previous point is a known value
            bool anyKnown = false;
            for (const MetricSample &s : samples.value(id)) {
                const double v = MetricDefinition::valueOf(def.metric, s);
                if (std::isnan(v) && !known)
                    continue;     // leading / repeated unknowns add nothing
                keys.append(double(s.timestampMs) / 1000.0);
                values.append(v); // one NaN after known values breaks the line
                known = !std::isnan(v);
                anyKnown = anyKnown || known;
            }
            const Node *n = m_snapshot ? m_snapshot->node(id) : nullptr;
            const bool listed = n && (def.replicasOnly ? n->isReplica() : true);
            if (!anyKnown && !listed)
                continue;
            plot->ensureSeries(id, seriesName(id), colorIndexOf(id));
            plot->setSeriesData(id, keys, values);
            keep << id;
        }
        plot->retainSeries(keep);
        plot->setTimeRange(double(from) / 1000.0, double(end) / 1000.0);
        plot->rescaleValueAxis();
        plot->setEventMarkers(markers);
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
    ++m_replotCount;
    m_dirty = false;
    updateStatus();
}

void MetricsPage::updateStatus()
{
    if (m_latestMs <= 0) {
        m_status->setText(tr("No samples yet"));
        return;
    }
    const QString when = QDateTime::fromMSecsSinceEpoch(m_latestMs).toString(QStringLiteral("HH:mm:ss"));
    m_status->setText(tr("%n node(s), last sample %1", nullptr, int(m_store.nodes().size())).arg(when)
                      + tr(" · %n marker event(s)", nullptr, int(m_events.size())));
}

QString MetricsPage::csvColumnName(const MetricDefinition &def, const QString &nodeId) const
{
    const Node *n = m_snapshot ? m_snapshot->node(nodeId) : nullptr;
    return def.key + QLatin1Char('@') + (n ? n->endpoint.toString() : nodeId);
}

bool MetricsPage::exportCsv(const QString &path, QString *error) const
{
    QList<MetricsExporter::Column> columns;
    for (const MetricPlot *p : m_plots)
        for (const QString &id : p->seriesIds())
            columns.append({p->definition().metric, id, csvColumnName(p->definition(), id)});
    const qint64 end = windowEndMs();
    return MetricsExporter::writeCsv(path, m_store, columns, end - windowMs(m_window), end, error);
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
    const QString title = m_snapshot ? tr("Metrics of %1").arg(m_snapshot->deploymentId) : tr("Metrics");
    const bool ok = MetricsExporter::writePdf(path, m_plots, kColumns, exportCell(m_plots), title, error);
    for (MetricPlot *p : std::as_const(m_plots))
        p->replot(QCustomPlot::rpQueuedReplot);
    return ok;
}

void MetricsPage::exportWithDialog(const QString &what)
{
    const QString filter = what == QLatin1String("csv")   ? tr("CSV files (*.csv)")
                           : what == QLatin1String("pdf") ? tr("PDF files (*.pdf)")
                                                          : tr("PNG images (*.png)");
    const QString suggested = QStringLiteral("metrics-%1.%2")
                                  .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")), what);
    const QString path = QFileDialog::getSaveFileName(this, tr("Export metrics"), suggested, filter);
    if (path.isEmpty())
        return;
    QString error;
    const bool ok = what == QLatin1String("csv")   ? exportCsv(path, &error)
                    : what == QLatin1String("pdf") ? exportPdf(path, &error)
                                                   : exportPng(path, &error);
    if (!ok)
        QMessageBox::warning(this, tr("Export metrics"), error);
}

} // namespace ops
