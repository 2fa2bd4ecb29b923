// IncidentPlotRenderer: a PNG per metric drawn from a MetricHistory (decoded: the right size, not
// blank, each series' colour present), a reason instead of an image where no node has the metric
// (lag without replicas), and a note instead of any image when the window has no sample at all.
#include "monitor/MetricHistory.h"
#include "reports/IncidentPlotRenderer.h"

#include <QDir>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

using namespace ops;

namespace {

const qint64 kT0 = 1'790'000'000'000;

/** A master and, when @p replica, a replica whose lag climbs then recovers: 1 sample/s for 2 min. */
void feed(MetricHistory &history, bool replica)
{
    for (int i = 0; i < 120; ++i) {
        MetricBatch batch;
        MetricSample m;
        m.timestampMs = kT0 + i * 1000;
        m.usedMemory = 100'000'000 + i * 1'000'000;
        m.fragmentation = 1.0 + i / 200.0;
        batch << qMakePair(QStringLiteral("10.0.0.1:6379"), m);
        if (replica) {
            MetricSample r = m;
            r.lagBytes = i < 60 ? i * 50'000 : (120 - i) * 50'000;
            r.lagSeconds = i < 60 ? i / 10.0 : (120 - i) / 10.0;
            batch << qMakePair(QStringLiteral("10.0.0.2:6379"), r);
        }
        history.append(batch);
    }
}

/** Pixels that are neither white (background) nor grey (axes, grid, labels). */
int colouredPixels(const QImage &image)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            n += c.saturation() > 80;
        }
    return n;
}

IncidentReport window(qint64 from, qint64 to)
{
    IncidentReport r;
    r.deploymentId = QStringLiteral("prod");
    r.fromMs = from;
    r.toMs = to;
    return r;
}

} // namespace

class TestIncidentPlotRenderer : public QObject
{
    Q_OBJECT
private slots:
    void drawsEveryMetric();
    void lagWithoutReplicas();
    void noSamplesInTheWindow();
};

void TestIncidentPlotRenderer::drawsEveryMetric()
{
    MetricHistory history;
    feed(history, true);
    QTemporaryDir dir;
    IncidentReport r = window(kT0 - 60'000, kT0 + 180'000);
    HistoryError error;
    IncidentPlotRenderer::render(history, dir.path(), r, {}, &error);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QVERIFY(r.plotsNote.isEmpty());
    QCOMPARE(r.plots.size(), 4);
    for (const IncidentPlot &p : std::as_const(r.plots)) {
        QVERIFY2(p.missing.isEmpty(), qPrintable(p.title + QStringLiteral(": ") + p.missing));
        const QString path = QDir(dir.path()).filePath(p.fileName);
        QVERIFY2(QFileInfo(path).size() > 2000, qPrintable(path));
        const QImage image(path);
        QVERIFY2(!image.isNull(), qPrintable(path));
        QCOMPARE(image.size(), QSize(960, 360));
        QVERIFY2(colouredPixels(image) > 300, qPrintable(QStringLiteral("%1: %2 coloured pixels").arg(p.fileName).arg(colouredPixels(image))));
    }
    QCOMPARE(r.plots.at(0).fileName, QStringLiteral("plot-lag-bytes.png"));
    QCOMPARE(r.plots.at(2).fileName, QStringLiteral("plot-memory.png"));
}

void TestIncidentPlotRenderer::lagWithoutReplicas()
{
    MetricHistory history;
    feed(history, false);
    QTemporaryDir dir;
    IncidentReport r = window(kT0, kT0 + 120'000);
    IncidentPlotRenderer::render(history, dir.path(), r, {}, nullptr);
    QCOMPARE(r.plots.size(), 4);
    QVERIFY(r.plots.at(0).fileName.isEmpty());
    QCOMPARE(r.plots.at(0).missing, QStringLiteral("No replica reported a lag in bytes in the window."));
    QVERIFY(r.plots.at(1).fileName.isEmpty());
    QVERIFY(!r.plots.at(2).fileName.isEmpty());
    QVERIFY(!QFileInfo::exists(QDir(dir.path()).filePath(QStringLiteral("plot-lag-bytes.png"))));
}

void TestIncidentPlotRenderer::noSamplesInTheWindow()
{
    MetricHistory history;
    feed(history, true);
    QTemporaryDir dir;
    IncidentReport r = window(kT0 + 3600'000, kT0 + 7200'000); // an hour after the console watched
    IncidentPlotRenderer::render(history, dir.path(), r, {}, nullptr);
    QVERIFY(r.plots.isEmpty());
    QVERIFY2(r.plotsNote.contains(QStringLiteral("not watching")), qPrintable(r.plotsNote));
    QVERIFY(QDir(dir.path()).entryList(QDir::Files).isEmpty());
}

QTEST_MAIN(TestIncidentPlotRenderer)
#include "tst_incidentplotrenderer.moc"
