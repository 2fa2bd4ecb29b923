// The "Replication & metrics" page offscreen: synthetic batches (10 minutes of 1 s samples for
// 3 masters + 3 replicas, one lag spike, a "promoted" event) check graphs, points, windows,
// markers, thresholds, legend toggles, the fixed-rate replot, CSV / PNG / PDF export and the
// dark palette (set on the page, and switched live on the application), the page shortcuts
// (Ctrl+1/2/3 windows, Ctrl+E / Ctrl+Shift+E exports) and the remembered window (QSettings in
// QStandardPaths test mode); one run over a real Sentinel lab watched by a real Monitor checks
// that both replicas' lag plots fill. Screenshots of every state go to testOutputDir() for review.
#include "LabFixture.h"
#include "MetricsTestData.h"
#include "lab/LocalLab.h"
#include "metrics/MetricPlot.h"
#include "metrics/MetricsPage.h"
#include "monitor/Monitor.h"

#include <QAction>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <map>
#include <memory>

using namespace ops;
using namespace metricstest;

class TestMetricsPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void graphsAndPointsPerPlot();
    void legendNamesFromSnapshot();
    void thresholdAndEventMarkers();
    void markerLabelsFitThePlot();
    void windowSwitchChangesXRange_data();
    void windowSwitchChangesXRange();
    void legendClickHidesGraph();
    void replotsAtTimerRateNotPerBatch();
    void csvExport();
    void pngAndPdfExport();
    void followsDarkPalette();
    void followsApplicationPaletteLive();
    void shortcutsSwitchWindowAndPersist();
    void exportShortcuts();
    void emptyStateIsExplained();
    void liveSentinelLab();

private:
    void feedSynthetic();
    void showPage();
    /** Activates the page and gives @p target the keyboard focus; false if either never happens. */
    bool focusInPage(QWidget *target);
    /**
     * Shows the page fed with the synthetic data, activated, with the keyboard focus in its
     * time-window box (where the shortcut tests type); nullptr if it never gets there.
     */
    QComboBox *showWithWindowBoxFocused();

    std::unique_ptr<MetricsPage> m_page;
    std::unique_ptr<LocalLab> m_lab;
    std::unique_ptr<Monitor> m_monitor;
};

void TestMetricsPage::initTestCase()
{
    // Settings go to a test location (~/.qttest/...), never the operator's real configuration.
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(QSettings().fileName().contains(QStringLiteral("qttest")), qPrintable(QSettings().fileName()));
}

void TestMetricsPage::init()
{
    QSettings().remove(MetricsPage::windowSettingsKey()); // every test starts at the default 5 min
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

bool TestMetricsPage::focusInPage(QWidget *target)
{
    m_page->activateWindow();
    if (!QTest::qWaitForWindowActive(m_page.get()))
        return false;
    target->setFocus();
    return QTest::qWaitFor([target] { return target->hasFocus(); });
}

QComboBox *TestMetricsPage::showWithWindowBoxFocused()
{
    showPage();
    feedSynthetic();
    auto *box = m_page->findChild<QComboBox *>(QStringLiteral("metricsWindow"));
    return box != nullptr && focusInPage(box) ? box : nullptr;
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
    const int expectedPoints = int(m_page->history().range(idOf(7000), end - 300'000, end).size());
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
    showPage(); // labels are fitted to the laid-out plots
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
    QVERIFY(lagSeconds->markerLabels().first()->text().startsWith(QStringLiteral("promoted :7003 · ")));
    const int x = int(lagSeconds->xAxis->coordToPixel(kPromotedAt / 1000.0));
    const QString tip = lagSeconds->markerToolTipAt(QPoint(x, lagSeconds->axisRect()->center().y()));
    QVERIFY2(tip.contains(QStringLiteral("promoted :7003")) && tip.contains(QStringLiteral("+switch-master")), qPrintable(tip));
}

void TestMetricsPage::markerLabelsFitThePlot()
{
    showPage();
    feedSynthetic();
    MetricPlot *plot = m_page->plot(Metric::LagBytes);
    plot->replot(); // lays the axis rect out
    const QString longText = QStringLiteral("promoted 127.0.0.1:7003 (replica of 127.0.0.1:7000) · demoted 127.0.0.1:7000 "
                                            "· +switch-master mymaster 127.0.0.1 7000 127.0.0.1 7003");
    plot->setEventMarkers({EventMarker{kPromotedAt / 1000.0, longText, EventMarker::Tone::Warning}});
    QCOMPARE(plot->markerLabels().size(), 1);
    // The label runs up from the bottom: its beginning stays, the end is elided within the plot.
    const QString shown = plot->markerLabels().first()->text();
    QVERIFY2(shown.endsWith(QChar(0x2026)), qPrintable(shown));
    QVERIFY(longText.startsWith(shown.chopped(1)));
    const int advance = QFontMetrics(plot->legend->font()).horizontalAdvance(shown);
    QVERIFY2(advance <= plot->axisRect()->height(),
             qPrintable(QStringLiteral("%1 px in %2 px: %3").arg(advance).arg(plot->axisRect()->height()).arg(shown)));
    // Hovering the line gives the whole text.
    const int x = int(plot->xAxis->coordToPixel(kPromotedAt / 1000.0));
    const int y = plot->axisRect()->center().y();
    QVERIFY(plot->markerToolTipAt(QPoint(x + 3, y)).endsWith(longText));
    QVERIFY(plot->markerToolTipAt(QPoint(x + 40, y)).isEmpty());
    QVERIFY(plot->markerToolTipAt(QPoint(x, plot->axisRect()->bottom() + 20)).isEmpty()); // on the axis labels
    plot->replot();
    QVERIFY(plot->grab().save(shotPath(QStringLiteral("marker-elided"))));
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
    m_page->setRefreshIntervalMs(3600 * 1000); // the test drives the ticks (tick())
    m_page->setSnapshot(snapshot3x1());
    QTRY_VERIFY(!m_page->isRoundRunning());
    const int before = m_page->replotCount();
    const auto points = [this] {
        const QCPGraph *g = m_page->plot(Metric::Clients)->graph(0);
        return g != nullptr ? g->data()->size() : -1;
    };
    for (int s = 0; s < 100; ++s) {
        m_page->addSamples(batchAt(s));
        QCoreApplication::processEvents(); // the event loop runs between batches, as with real signals
    }
    // Batches alone never replot: only the timer's tick does, once for all of them.
    QCOMPARE(m_page->replotCount(), before);
    m_page->tick();
    QCOMPARE(m_page->replotCount(), before + 1);
    QTRY_COMPARE(points(), 100);
    QVERIFY(!m_page->isRoundRunning());
    // Nothing new: a tick does nothing.
    m_page->tick();
    QCOMPARE(m_page->replotCount(), before + 1);
    // Hidden: no work until shown again, then one round catches up.
    m_page->hide();
    m_page->addSamples(batchAt(100));
    m_page->tick();
    QCOMPARE(m_page->replotCount(), before + 1);
    m_page->show();
    QTRY_COMPARE(m_page->replotCount(), before + 2);
    QTRY_COMPARE(points(), 101);
    // The timer is what ticks: a short period replots new data without any call.
    m_page->setRefreshIntervalMs(50);
    m_page->addSamples(batchAt(101));
    QTRY_COMPARE(m_page->replotCount(), before + 3);
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

void TestMetricsPage::followsApplicationPaletteLive()
{
    const QPalette light = QApplication::palette();
    showPage();
    feedSynthetic();
    MetricPlot *plot = m_page->plot(Metric::LagBytes);
    const QRect plotArea(plot->mapTo(m_page.get(), plot->axisRect()->rect().topLeft()), plot->axisRect()->rect().size());
    const QImage before = grabNow(m_page.get());
    QVERIFY(pagetest::meanLightness(before, plotArea) > 180);

    // The operator switches the desktop to a dark theme while the page is open.
    QApplication::setPalette(pagetest::darkPalette());
    QTRY_COMPARE(plot->xAxis->tickLabelColor(), QColor(0xe0, 0xe0, 0xe0));
    const QImage dark = grabNow(m_page.get());
    QVERIFY(dark.save(shotPath(QStringLiteral("synthetic-dark-live"))));
    for (MetricPlot *p : m_page->plots()) {
        QCOMPARE(p->legend->textColor(), QColor(0xe0, 0xe0, 0xe0));
        QCOMPARE(p->legend->brush().color(), QColor(0x1e, 0x1e, 0x1e));
        QCOMPARE(p->yAxis->labelColor(), QColor(0xe0, 0xe0, 0xe0));
        const QRect area(p->mapTo(m_page.get(), p->axisRect()->rect().topLeft()), p->axisRect()->rect().size());
        const int lightness = pagetest::meanLightness(dark, area);
        QVERIFY2(lightness >= 0 && lightness < 70, qPrintable(QString::number(lightness)));
    }
    // Series stay readable: every series colour contrasts with the dark background.
    for (int i = 0; i < 10; ++i)
        QVERIFY2(MetricPlot::seriesColor(i, pagetest::darkPalette()).lightness() >= 110, qPrintable(QString::number(i)));
    for (int i = 0; i < 10; ++i)
        QVERIFY2(MetricPlot::seriesColor(i, light).lightness() <= 180, qPrintable(QString::number(i)));

    // And back.
    QApplication::setPalette(light);
    QTRY_COMPARE(plot->xAxis->tickLabelColor(), light.color(QPalette::Text));
    QVERIFY(pagetest::meanLightness(grabNow(m_page.get()), plotArea) > 180);
}

void TestMetricsPage::shortcutsSwitchWindowAndPersist()
{
    QComboBox *box = showWithWindowBoxFocused();
    QVERIFY(box);

    // Every action with text has a shortcut, scoped to the page.
    const QList<QAction *> actions = m_page->findChildren<QAction *>();
    QCOMPARE(actions.size(), 5);
    for (QAction *a : actions) {
        QVERIFY2(!a->text().isEmpty() && !a->shortcut().isEmpty(), qPrintable(a->objectName()));
        QVERIFY(a->objectName().startsWith(QStringLiteral("actionMetrics")));
        QCOMPARE(a->shortcutContext(), Qt::WidgetWithChildrenShortcut);
        QVERIFY2(a->toolTip().contains(a->shortcut().toString(QKeySequence::NativeText)), qPrintable(a->toolTip()));
        QVERIFY(m_page->actions().contains(a));
    }

    QTest::keyClick(box, Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(m_page->timeWindow(), MetricsPage::TimeWindow::OneHour);
    QCOMPARE(box->currentIndex(), 1);
    QVERIFY(m_page->windowAction(MetricsPage::TimeWindow::OneHour)->isChecked());
    for (MetricPlot *plot : m_page->plots())
        QCOMPARE(plot->xAxis->range().size(), 3600.0);
    QCOMPARE(QSettings().value(MetricsPage::windowSettingsKey()).toString(), QStringLiteral("1h"));
    QVERIFY(saveShotOf(m_page.get(), shotPath(QStringLiteral("ctrl2-1h"))));

    // A new page (next start of the console) opens on the remembered window.
    {
        MetricsPage again;
        QCOMPARE(again.timeWindow(), MetricsPage::TimeWindow::OneHour);
        QCOMPARE(again.findChild<QComboBox *>(QStringLiteral("metricsWindow"))->currentIndex(), 1);
    }

    QTest::keyClick(box, Qt::Key_3, Qt::ControlModifier);
    QCOMPARE(m_page->timeWindow(), MetricsPage::TimeWindow::OneDay);
    QCOMPARE(m_page->plot(Metric::Clients)->xAxis->range().size(), 86400.0);
    QCOMPARE(QSettings().value(MetricsPage::windowSettingsKey()).toString(), QStringLiteral("24h"));
    QTest::keyClick(m_page->plot(Metric::Clients), Qt::Key_1, Qt::ControlModifier); // from any child
    QCOMPARE(m_page->timeWindow(), MetricsPage::TimeWindow::FiveMinutes);
    QCOMPARE(QSettings().value(MetricsPage::windowSettingsKey()).toString(), QStringLiteral("5m"));

    // A bad stored value falls back to 5 minutes.
    QSettings().setValue(MetricsPage::windowSettingsKey(), QStringLiteral("3 weeks"));
    MetricsPage fallback;
    QCOMPARE(fallback.timeWindow(), MetricsPage::TimeWindow::FiveMinutes);
}

void TestMetricsPage::exportShortcuts()
{
    QComboBox *box = showWithWindowBoxFocused();
    QVERIFY(box);
    QTemporaryDir dir;
    // A closed dialog leaves no active window offscreen: the page gets focus back before each key.

    // Ctrl+E: one dialog for PNG and PDF; a name without suffix gets the chosen filter's.
    auto plots = pagetest::answerNextFileDialog(dir.filePath(QStringLiteral("plots")));
    QTest::keyClick(box, Qt::Key_E, Qt::ControlModifier);
    QVERIFY(plots->seen);
    QCOMPARE(plots->filters.size(), 2);
    QVERIFY(plots->filters.first().contains(QStringLiteral("*.png")));
    QVERIFY(plots->filters.last().contains(QStringLiteral("*.pdf")));
    QVERIFY(!QImage(dir.filePath(QStringLiteral("plots.png"))).isNull());

    QVERIFY(focusInPage(box));
    auto pdf = pagetest::answerNextFileDialog(dir.filePath(QStringLiteral("plots.pdf")));
    QTest::keyClick(box, Qt::Key_E, Qt::ControlModifier);
    QVERIFY(pdf->seen);
    QFile pdfFile(dir.filePath(QStringLiteral("plots.pdf")));
    QVERIFY(pdfFile.open(QIODevice::ReadOnly));
    QVERIFY(pdfFile.read(5).startsWith("%PDF"));

    // Ctrl+Shift+E: the data of the window as CSV.
    QVERIFY(focusInPage(box));
    auto csv = pagetest::answerNextFileDialog(dir.filePath(QStringLiteral("data.csv")));
    QTest::keyClick(box, Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(csv->seen);
    QCOMPARE(readLines(dir.filePath(QStringLiteral("data.csv"))).size(), 1 + 301);

    // Cancelled: nothing written, no error box.
    QVERIFY(focusInPage(box));
    auto cancelled = pagetest::answerNextFileDialog(QString());
    QTest::keyClick(box, Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(cancelled->seen);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 3);
}

void TestMetricsPage::emptyStateIsExplained()
{
    showPage();
    auto *status = m_page->findChild<QLabel *>(QStringLiteral("metricsStatus"));
    QVERIFY(status);
    QVERIFY2(status->text().startsWith(QStringLiteral("No samples yet")), qPrintable(status->text()));
    for (MetricPlot *plot : m_page->plots())
        QVERIFY2(plot->isShowingEmptyText(), qPrintable(plot->objectName()));
    QVERIFY(saveShotOf(m_page.get(), shotPath(QStringLiteral("empty"))));
    feedSynthetic();
    for (MetricPlot *plot : m_page->plots())
        QVERIFY2(!plot->isShowingEmptyText(), qPrintable(plot->objectName()));
    QVERIFY(status->text().contains(QStringLiteral("6 nodes, last sample at")));
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
    QElapsedTimer clock;
    clock.start();
    const int replotsBefore = m_page->replotCount();
    m_monitor->start();

    const QList<LabNode> replicas = m_lab->topology().nodesWithRole(LabNode::Role::Replica);
    QCOMPARE(replicas.size(), 2);
    MetricPlot *lagBytes = m_page->plot(Metric::LagBytes);
    MetricPlot *lagSeconds = m_page->plot(Metric::LagSeconds);
    // At 500 ms polls, 4 points per replica and lag plot arrive within a few seconds.
    const auto filled = [&] {
        if (lagBytes->graphCount() != 2 || lagSeconds->graphCount() != 2)
            return false;
        for (const LabNode &r : replicas)
            for (MetricPlot *plot : {lagBytes, lagSeconds})
                if (!plot->graphOf(r.endpoint.toString()) || plot->graphOf(r.endpoint.toString())->data()->size() < 4)
                    return false;
        return true;
    };
    QTRY_VERIFY_WITH_TIMEOUT(filled(), 20'000);
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
    // Fixed-rate replots: at most one per second of the run (+1 on show).
    const int replots = m_page->replotCount() - replotsBefore;
    QVERIFY2(replots <= int(clock.elapsed() / 1000) + 2, qPrintable(QStringLiteral("%1 replots in %2 ms").arg(replots).arg(clock.elapsed())));
    QVERIFY(saveShotOf(m_page.get(), shotPath(QStringLiteral("sentinel-lab"))));
    m_monitor->stop();
}

QTEST_MAIN(TestMetricsPage)
#include "tst_metricspage.moc"
