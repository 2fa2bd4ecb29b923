// The "Replication & metrics" page offscreen: synthetic batches (10 minutes of 1 s samples for
// 3 masters + 3 replicas, one lag spike, a "promoted" event) check graphs, points, windows,
// markers, thresholds, legend toggles, the fixed-rate replot, CSV / PNG / PDF export and the
// dark palette; one run over a real Sentinel lab watched by a real Monitor checks that both
// replicas' lag plots fill. Screenshots of every state go to testOutputDir() for review.
#include "LabFixture.h"
#include "TestPaths.h"
#include "lab/LocalLab.h"
#include "metrics/MetricPlot.h"
#include "metrics/MetricsPage.h"
#include "monitor/Monitor.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace ops;
using Metric = MetricDefinition::Metric;

namespace {

constexpr qint64 kStart = 1'700'000'000'000; // first sample
constexpr int kSeconds = 600;                // 10 minutes of 1 s samples
constexpr int kSpikeFrom = 450, kSpikeTo = 470; // lag spike of replica :7003, seconds after kStart
constexpr qint64 kSpikeBytes = 5 * 1024 * 1024;
constexpr qint64 kPromotedAt = kStart + 465'000;

QString idOf(int port) { return QStringLiteral("node-%1").arg(port); }

Node dataNode(int port, Node::Role role, int masterPort = 0)
{
    Node n;
    n.id = idOf(port);
    n.endpoint = Endpoint{QStringLiteral("127.0.0.1"), quint16(port)};
    n.role = role;
    if (masterPort)
        n.masterId = idOf(masterPort);
    n.lastSeenMs = kStart;
    return n;
}

/** 3 masters 7000-7002, replicas 7003-7005 (7003 replicates 7000...). */
SnapshotPtr snapshot3x1()
{
    auto s = std::make_shared<TopologySnapshot>();
    s->deploymentId = QStringLiteral("cluster:synthetic");
    s->kind = TopologySnapshot::Kind::Cluster;
    s->timestampMs = kStart;
    for (int i = 0; i < 3; ++i) {
        s->nodes << dataNode(7000 + i, Node::Role::Master);
        s->nodes << dataNode(7003 + i, Node::Role::Replica, 7000 + i);
    }
    return s;
}

/** One cycle, @p second seconds after kStart. */
MetricBatch batchAt(int second)
{
    MetricBatch batch;
    const qint64 t = kStart + qint64(second) * 1000;
    for (int i = 0; i < 6; ++i) {
        const int port = 7000 + i;
        const bool replica = i >= 3;
        MetricSample s;
        s.timestampMs = t;
        s.replOffset = 1000 + qint64(second) * 100;
        if (replica) {
            const bool spike = port == 7003 && second >= kSpikeFrom && second < kSpikeTo;
            s.lagBytes = spike ? kSpikeBytes : 40 * (i - 2);
            s.lagSeconds = spike ? 14 : 0;
            s.linkUp = 1;
        }
        s.usedMemory = (2 + i) * 1024 * 1024 + qint64(second) * 1024;
        s.maxMemory = 0;
        s.fragmentation = 1.1 + 0.1 * i + (second % 60) * 0.002;
        s.opsPerSec = 50 * (i + 1) + (second % 30);
        s.clients = 3 + i + (second % 120) / 40;
        s.keys = 100;
        batch.append({idOf(port), s});
    }
    return batch;
}

OpsEvent promotedEvent()
{
    OpsEvent e;
    e.timestampMs = kPromotedAt;
    e.deploymentId = QStringLiteral("cluster:synthetic");
    e.kind = OpsEvent::Kind::Promoted;
    e.severity = OpsEvent::Severity::Warning;
    e.nodeId = idOf(7003);
    e.endpoint = QStringLiteral("127.0.0.1:7003");
    e.message = QStringLiteral("127.0.0.1:7003 promoted to master");
    return e;
}

QString shotPath(const QString &name)
{
    return testOutputDir() + QStringLiteral("/metrics-") + name + QStringLiteral(".png");
}

/** The queued replots run first: a grab before them shows the previous frame. */
bool saveShotOf(QWidget *page, const QString &path)
{
    QTest::qWait(30);
    return page->grab().save(path);
}

QStringList readLines(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    return QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

} // namespace

class TestMetricsPage : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void graphsAndPointsPerPlot();
    void legendNamesFromSnapshot();
    void thresholdAndEventMarkers();
    void windowSwitchChangesXRange_data();
    void windowSwitchChangesXRange();
    void legendClickHidesGraph();
    void replotsAtTimerRateNotPerBatch();
    void csvExport();
    void pngAndPdfExport();
    void followsDarkPalette();
    void liveSentinelLab();

private:
    void feedSynthetic();
    void showPage();

    std::unique_ptr<MetricsPage> m_page;
    std::unique_ptr<LocalLab> m_lab;
    std::unique_ptr<Monitor> m_monitor;
};

void TestMetricsPage::init()
{
    m_page = std::make_unique<MetricsPage>();
    m_page->resize(1500, 950);
}

void TestMetricsPage::cleanup()
{
    m_monitor.reset();
    m_lab.reset();
    m_page.reset();
}

void TestMetricsPage::showPage()
{
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
}

void TestMetricsPage::feedSynthetic()
{
    m_page->setSnapshot(snapshot3x1());
    for (int s = 0; s < kSeconds; ++s)
        m_page->addSamples(batchAt(s));
    m_page->addEvents({promotedEvent()});
    m_page->refreshNow();
}

void TestMetricsPage::graphsAndPointsPerPlot()
{
    showPage();
    feedSynthetic();
    // 5 minutes ending at the newest sample: [end - 300 s, end], both ends included.
    const qint64 end = kStart + (kSeconds - 1) * 1000;
    QCOMPARE(m_page->windowEndMs(), end);
    const int expectedPoints = int(m_page->store().range(idOf(7000), end - 300'000, end).size());
    QCOMPARE(expectedPoints, 301);
    QCOMPARE(m_page->plots().size(), 6);
    for (MetricPlot *plot : m_page->plots()) {
        const bool lag = plot->definition().replicasOnly;
        QCOMPARE(plot->graphCount(), lag ? 3 : 6);
        for (int g = 0; g < plot->graphCount(); ++g)
            QCOMPARE(plot->graph(g)->data()->size(), expectedPoints);
        QCOMPARE(plot->xAxis->range().upper, end / 1000.0);
        QCOMPARE(plot->xAxis->range().size(), 300.0);
    }
    // The lag plots are the first row, visible by default.
    MetricPlot *lagBytes = m_page->plot(Metric::LagBytes);
    MetricPlot *lagSeconds = m_page->plot(Metric::LagSeconds);
    QVERIFY(lagBytes->isVisible() && lagSeconds->isVisible());
    QCOMPARE(lagBytes->objectName(), QStringLiteral("metricPlot_lag_bytes"));
    QCOMPARE(lagBytes->seriesIds(), (QStringList{idOf(7003), idOf(7004), idOf(7005)}));
    // The spike is there and the value axis shows it.
    bool found = false;
    const QCPRange r = lagBytes->graphOf(idOf(7003))->getValueRange(found);
    QVERIFY(found);
    QCOMPARE(r.upper, double(kSpikeBytes));
    QVERIFY(lagBytes->yAxis->range().upper >= double(kSpikeBytes));
    QVERIFY(lagSeconds->yAxis->range().upper >= 14);
    QVERIFY(saveShotOf(m_page.get(), shotPath(QStringLiteral("synthetic-5min"))));
}

void TestMetricsPage::legendNamesFromSnapshot()
{
    feedSynthetic();
    QCOMPARE(m_page->seriesName(idOf(7004)), QStringLiteral("127.0.0.1:7004 (replica of :7001)"));
    QCOMPARE(m_page->seriesName(idOf(7000)), QStringLiteral("127.0.0.1:7000 (master)"));
    QCOMPARE(m_page->plot(Metric::LagSeconds)->graphOf(idOf(7003))->name(),
             QStringLiteral("127.0.0.1:7003 (replica of :7000)"));
    // Same colour for a node on every plot.
    const QColor c = m_page->plot(Metric::LagBytes)->graphOf(idOf(7005))->pen().color();
    QCOMPARE(m_page->plot(Metric::Clients)->graphOf(idOf(7005))->pen().color(), c);
    // A node unknown to the snapshot still gets a series, named by its id.
    MetricBatch extra;
    MetricSample s;
    s.timestampMs = kStart + kSeconds * 1000;
    s.clients = 9;
    extra.append({QStringLiteral("127.0.0.1:7100"), s});
    m_page->addSamples(extra);
    m_page->refreshNow();
    QVERIFY(m_page->plot(Metric::Clients)->graphOf(QStringLiteral("127.0.0.1:7100")));
    QVERIFY(!m_page->plot(Metric::LagBytes)->graphOf(QStringLiteral("127.0.0.1:7100"))); // no lag: no series
}

void TestMetricsPage::thresholdAndEventMarkers()
{
    feedSynthetic();
    MetricPlot *lagSeconds = m_page->plot(Metric::LagSeconds);
    QVERIFY(lagSeconds->thresholdLine());
    QCOMPARE(lagSeconds->threshold(), 10.0);
    QCOMPARE(lagSeconds->thresholdLine()->point1->coords().y(), 10.0);
    QCOMPARE(m_page->plot(Metric::Fragmentation)->threshold(), 1.5);
    QVERIFY(!m_page->plot(Metric::Clients)->thresholdLine());
    m_page->setThreshold(Metric::Clients, 50);
    QVERIFY(m_page->plot(Metric::Clients)->thresholdLine());
    m_page->setThreshold(Metric::Clients, qQNaN());
    QVERIFY(!m_page->plot(Metric::Clients)->thresholdLine());

    // The promoted event is a marker on every plot, at the spike's time.
    for (MetricPlot *plot : m_page->plots()) {
        QCOMPARE(plot->markerCount(), 1);
        QCOMPARE(plot->markerLines().first()->point1->coords().x(), kPromotedAt / 1000.0);
        QCOMPARE(plot->markerLabels().first()->text(), QStringLiteral("promoted :7003"));
    }
    // Events that are not topology changes are not markers; a sentinel repeat is one marker.
    OpsEvent migration = promotedEvent();
    migration.kind = OpsEvent::Kind::MigrationStarted;
    OpsEvent sw = promotedEvent();
    sw.kind = OpsEvent::Kind::Sentinel;
    sw.sentinelType = QStringLiteral("+switch-master");
    sw.timestampMs += 1000;
    OpsEvent sw2 = sw;
    sw2.timestampMs += 20;
    m_page->addEvents({migration, sw, sw2});
    QCOMPARE(m_page->markerEvents().size(), 2);
    m_page->refreshNow();
    QCOMPARE(lagSeconds->markerCount(), 2);
    // Too close to tell apart at this width: one label for both lines.
    QCOMPARE(lagSeconds->markerLabels().size(), 1);
    QVERIFY(lagSeconds->markerLabels().first()->text().contains(QStringLiteral("+switch-master")));
}

void TestMetricsPage::windowSwitchChangesXRange_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<double>("span");
    QTest::addColumn<int>("points");
    QTest::newRow("5 min") << 0 << 300.0 << 301;
    QTest::newRow("1 h") << 1 << 3600.0 << kSeconds;
    QTest::newRow("24 h") << 2 << 86400.0 << kSeconds;
}

void TestMetricsPage::windowSwitchChangesXRange()
{
    QFETCH(int, index);
    QFETCH(double, span);
    QFETCH(int, points);
    showPage();
    feedSynthetic();
    auto *box = m_page->findChild<QComboBox *>(QStringLiteral("metricsWindow"));
    QVERIFY(box);
    box->setCurrentIndex(index == 0 ? 1 : 0); // a real change either way
    box->setCurrentIndex(index);
    QCOMPARE(int(m_page->timeWindow()), index);
    for (MetricPlot *plot : m_page->plots()) {
        QCOMPARE(plot->xAxis->range().size(), span);
        QCOMPARE(plot->xAxis->range().upper, (kStart + (kSeconds - 1) * 1000) / 1000.0);
        QCOMPARE(plot->graph(0)->data()->size(), points);
    }
    if (index > 0)
        QVERIFY(saveShotOf(m_page.get(), shotPath(index == 1 ? QStringLiteral("synthetic-1h") : QStringLiteral("synthetic-24h"))));
}

void TestMetricsPage::legendClickHidesGraph()
{
    showPage();
    feedSynthetic();
    MetricPlot *plot = m_page->plot(Metric::LagBytes);
    plot->replot(QCustomPlot::rpImmediateRefresh); // lay the legend out now
    QCPGraph *graph = plot->graphOf(idOf(7003));
    QCPPlottableLegendItem *item = plot->legend->itemWithPlottable(graph);
    QVERIFY(item);
    QVERIFY(!item->rect().isEmpty());
    QSignalSpy toggled(plot, &MetricPlot::seriesVisibilityChanged);
    QTest::mouseClick(plot, Qt::LeftButton, {}, item->rect().center());
    QCOMPARE(toggled.size(), 1);
    QVERIFY(!graph->visible());
    QVERIFY(!plot->isSeriesVisible(idOf(7003)));
    // Hidden graphs leave the value range: the spike no longer sets the scale.
    QVERIFY(plot->yAxis->range().upper < 1024);
    // Survives the next data refresh.
    m_page->addSamples(batchAt(kSeconds));
    m_page->refreshNow();
    QVERIFY(!plot->isSeriesVisible(idOf(7003)));
    QVERIFY(plot->isSeriesVisible(idOf(7004)));
    plot->replot(QCustomPlot::rpImmediateRefresh);
    QVERIFY(saveShotOf(m_page.get(), shotPath(QStringLiteral("legend-hidden"))));
    QTest::mouseClick(plot, Qt::LeftButton, {}, item->rect().center());
    QVERIFY(graph->visible());
}

void TestMetricsPage::replotsAtTimerRateNotPerBatch()
{
    showPage();
    m_page->setRefreshIntervalMs(200);
    m_page->setSnapshot(snapshot3x1());
    QTest::qWait(50);
    const int before = m_page->replotCount();
    QElapsedTimer clock;
    clock.start();
    for (int s = 0; s < 100; ++s) {
        m_page->addSamples(batchAt(s));
        QTest::qWait(3); // the event loop runs between batches, as with real signals
    }
    const qint64 elapsed = clock.elapsed();
    QVERIFY(m_page->replotCount() - before <= int(elapsed / 200) + 1);
    // The last batch shows up on the next tick.
    QTRY_COMPARE_WITH_TIMEOUT(m_page->plot(Metric::Clients)->graph(0)->data()->size(), 100, 1000);
    const int replots = m_page->replotCount() - before;
    qInfo() << "100 batches in" << elapsed << "ms ->" << replots << "replots";
    QVERIFY2(replots <= int(clock.elapsed() / 200) + 1, qPrintable(QString::number(replots)));
    QVERIFY(replots < 10);
    // Nothing new: no replot at all.
    const int settled = m_page->replotCount();
    QTest::qWait(700);
    QCOMPARE(m_page->replotCount(), settled);
    // Hidden: no work until shown again.
    m_page->hide();
    m_page->addSamples(batchAt(100));
    QTest::qWait(500);
    QCOMPARE(m_page->replotCount(), settled);
    m_page->show();
    QTRY_COMPARE_WITH_TIMEOUT(m_page->replotCount(), settled + 1, 1000);
}

void TestMetricsPage::csvExport()
{
    feedSynthetic();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("metrics.csv"));
    QString error;
    QVERIFY2(m_page->exportCsv(path, &error), qPrintable(error));
    const QStringList lines = readLines(path);
    QCOMPARE(lines.size(), 1 + 301);
    const QStringList header = lines.first().split(QLatin1Char(','));
    QCOMPARE(header.size(), 2 + 3 + 3 + 4 * 6);
    QCOMPARE(header.mid(0, 3), (QStringList{QStringLiteral("timestamp_ms"), QStringLiteral("time_utc"),
                                            QStringLiteral("lag_bytes@127.0.0.1:7003")}));
    QVERIFY(header.contains(QStringLiteral("lag_seconds@127.0.0.1:7005")));
    QVERIFY(header.contains(QStringLiteral("used_memory@127.0.0.1:7000")));
    QCOMPARE(header.last(), QStringLiteral("clients@127.0.0.1:7005"));
    for (const QString &line : lines)
        QCOMPARE(line.count(QLatin1Char(',')), header.size() - 1);
    // The row of the spike's first second.
    const qint64 spikeMs = kStart + kSpikeFrom * 1000;
    QString spikeRow;
    for (const QString &line : lines)
        if (line.startsWith(QString::number(spikeMs) + QLatin1Char(',')))
            spikeRow = line;
    QVERIFY(!spikeRow.isEmpty());
    const QStringList cells = spikeRow.split(QLatin1Char(','));
    QCOMPARE(cells.at(1), QStringLiteral("2023-11-14T22:20:50.000Z"));
    QCOMPARE(cells.at(2), QString::number(kSpikeBytes));
    QCOMPARE(cells.at(header.indexOf(QStringLiteral("lag_seconds@127.0.0.1:7003"))), QStringLiteral("14"));
    QCOMPARE(cells.at(header.indexOf(QStringLiteral("lag_bytes@127.0.0.1:7004"))), QStringLiteral("80"));
    QVERIFY(!m_page->exportCsv(dir.filePath(QStringLiteral("no/such/dir/m.csv")), &error));
    QVERIFY(!error.isEmpty());
}

void TestMetricsPage::pngAndPdfExport()
{
    showPage();
    feedSynthetic();
    QTemporaryDir dir;
    const QString png = dir.filePath(QStringLiteral("metrics.png"));
    const QString pdf = dir.filePath(QStringLiteral("metrics.pdf"));
    QString error;
    QVERIFY2(m_page->exportPng(png, &error), qPrintable(error));
    QVERIFY2(m_page->exportPdf(pdf, &error), qPrintable(error));
    const QImage image(png);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() >= 2 * 640 && image.height() >= 3 * 300);
    QFile pdfFile(pdf);
    QVERIFY(pdfFile.open(QIODevice::ReadOnly));
    QVERIFY(pdfFile.size() > 5000);
    QVERIFY(pdfFile.read(5).startsWith("%PDF"));
    for (const QString &file : {png, pdf}) {
        const QString kept = testOutputDir() + QStringLiteral("/metrics-export.") + QFileInfo(file).suffix();
        QFile::remove(kept);
        QVERIFY(QFile::copy(file, kept));
    }
}

void TestMetricsPage::followsDarkPalette()
{
    showPage();
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::WindowText, QColor(0xdd, 0xdd, 0xdd));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
    dark.setColor(QPalette::Disabled, QPalette::Text, QColor(0x70, 0x70, 0x70));
    dark.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    dark.setColor(QPalette::ButtonText, QColor(0xdd, 0xdd, 0xdd));
    dark.setColor(QPalette::Mid, QColor(0x50, 0x50, 0x50));
    m_page->setPalette(dark);
    feedSynthetic();
    for (MetricPlot *plot : m_page->plots()) {
        QCOMPARE(plot->xAxis->tickLabelColor(), QColor(0xe0, 0xe0, 0xe0));
        QCOMPARE(plot->yAxis->basePen().color(), QColor(0xe0, 0xe0, 0xe0));
        QCOMPARE(plot->legend->brush().color(), QColor(0x1e, 0x1e, 0x1e));
    }
    // Series colours are lightened on dark backgrounds.
    const QColor series = m_page->plot(Metric::LagBytes)->graph(0)->pen().color();
    QVERIFY(series.lightness() > MetricPlot::seriesColor(0, QPalette()).lightness());
    QVERIFY(saveShotOf(m_page.get(), shotPath(QStringLiteral("synthetic-dark"))));
}

void TestMetricsPage::liveSentinelLab()
{
    m_lab = std::make_unique<LocalLab>();
    LabSpec spec;
    spec.kind = LabSpec::Kind::Sentinel;
    spec.replicasPerMaster = 2;
    QString error;
    QVERIFY2(labtest::startLab(*m_lab, spec, error), qPrintable(error));
    showPage();

    MonitorConfig config;
    config.kind = MonitorConfig::Kind::Sentinel;
    const Endpoint seed = m_lab->topology().nodesWithRole(LabNode::Role::Sentinel).first().endpoint;
    config.seeds = {seed};
    config.masterName = QByteArrayLiteral("mymaster");
    config.intervalMs = 500;
    config.dataOptions = m_lab->topology().connectionOptions(seed);
    config.sentinelOptions = config.dataOptions;
    m_monitor = std::make_unique<Monitor>(config);
    // As the main window will wire it.
    connect(m_monitor.get(), &Monitor::samplesReady, m_page.get(), &MetricsPage::addSamples, Qt::QueuedConnection);
    connect(m_monitor.get(), &Monitor::snapshotChanged, m_page.get(), &MetricsPage::setSnapshot, Qt::QueuedConnection);
    connect(m_monitor.get(), &Monitor::eventsRecorded, m_page.get(), &MetricsPage::addEvents, Qt::QueuedConnection);
    m_monitor->start();
    QTest::qWait(5000);

    const QList<LabNode> replicas = m_lab->topology().nodesWithRole(LabNode::Role::Replica);
    QCOMPARE(replicas.size(), 2);
    MetricPlot *lagBytes = m_page->plot(Metric::LagBytes);
    MetricPlot *lagSeconds = m_page->plot(Metric::LagSeconds);
    QTRY_VERIFY_WITH_TIMEOUT(lagBytes->graphCount() == 2 && lagSeconds->graphCount() == 2, 5000);
    for (const LabNode &r : replicas) {
        const QString id = r.endpoint.toString();
        for (MetricPlot *plot : {lagBytes, lagSeconds}) {
            QCPGraph *graph = plot->graphOf(id);
            QVERIFY2(graph, qPrintable(id));
            QVERIFY2(graph->data()->size() >= 4, qPrintable(QString::number(graph->data()->size())));
            QVERIFY(graph->name().startsWith(id + QStringLiteral(" (replica of :")));
        }
    }
    QCOMPARE(m_page->plot(Metric::UsedMemory)->graphCount(), 3);
    QVERIFY(m_page->replotCount() <= 8); // ~5 s at 1 Hz (+1 on show)
    QVERIFY(saveShotOf(m_page.get(), shotPath(QStringLiteral("sentinel-lab"))));
    m_monitor->stop();
}

QTEST_MAIN(TestMetricsPage)
#include "tst_metricspage.moc"
