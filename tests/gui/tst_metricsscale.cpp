// The metrics page at scale: which series a plot shows (top K by peak, with hysteresis, plus a
// "max of the other N" band) checked against the data on 60 masters, a replica's lag spike
// entering the top K, and a 1,000-node cluster refreshed within the fixed-rate replot (only the
// drawn nodes keep a full fine ring in the history).
#include "MetricsTestData.h"
#include "SyntheticSnapshot.h"

#include <QElapsedTimer>
#include <QtTest>

#include <memory>

using namespace ops;
using namespace metricstest;

class TestMetricsScale : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void topSelection_data();
    void topSelection();
    void largeDeploymentDrawsTopK();
    void thousandNodes();

private:
    void showPage();

    std::unique_ptr<MetricsPage> m_page;
};

void TestMetricsScale::init()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().remove(MetricsPage::windowSettingsKey()); // every test starts at the default 5 min
    m_page = std::make_unique<MetricsPage>();
    m_page->resize(1500, 950);
}

void TestMetricsScale::cleanup()
{
    m_page.reset();
}

void TestMetricsScale::showPage()
{
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
}

void TestMetricsScale::topSelection_data()
{
    QTest::addColumn<QList<double>>("peaks"); // candidates "a", "b", ... in this order
    QTest::addColumn<QString>("shown");       // letters drawn before
    QTest::addColumn<int>("k");
    QTest::addColumn<QString>("chosen");      // letters, in candidate order
    QTest::newRow("fewer than k: all") << QList<double>{1, 2} << QString() << 3 << QStringLiteral("ab");
    QTest::newRow("top k by peak") << QList<double>{5, 1, 9, 3, 7} << QString() << 3 << QStringLiteral("ace");
    QTest::newRow("NaN ranks last") << QList<double>{qQNaN(), 1, 2} << QString() << 2 << QStringLiteral("bc");
    QTest::newRow("ties keep the earlier") << QList<double>{4, 4, 4, 4} << QString() << 2 << QStringLiteral("ab");
    QTest::newRow("shown node stays against a slightly higher one")
        << QList<double>{12, 9, 10} << QStringLiteral("ab") << 2 << QStringLiteral("ab");
    QTest::newRow("clearly higher newcomer replaces the weakest")
        << QList<double>{10, 9, 13} << QStringLiteral("ab") << 2 << QStringLiteral("ac");
    QTest::newRow("highest peak always drawn")
        << QList<double>{10, 10, 11} << QStringLiteral("ab") << 2 << QStringLiteral("ac");
}

void TestMetricsScale::topSelection()
{
    QFETCH(QList<double>, peaks);
    QFETCH(QString, shown);
    QFETCH(int, k);
    QFETCH(QString, chosen);
    QList<MetricTopSelection::Candidate> candidates;
    for (int i = 0; i < peaks.size(); ++i)
        candidates.append({QString(QChar('a' + i)), peaks.at(i)});
    QSet<QString> before;
    for (QChar c : shown)
        before.insert(QString(c));
    QString got;
    for (int i : MetricTopSelection::choose(candidates, before, k))
        got += candidates.at(i).id;
    QCOMPARE(got, chosen);
}

void TestMetricsScale::largeDeploymentDrawsTopK()
{
    constexpr int k = 10;
    showPage();
    m_page->setTopCount(k);
    m_page->setSnapshot(snapshotNx1(kBigMasters));
    for (int s = 0; s < 300; ++s)
        m_page->addSamples(bigBatchAt(kBigMasters, s));
    m_page->refreshNow();
    for (MetricPlot *plot : m_page->plots()) {
        checkTopK(*m_page, plot, bigCandidates(plot, kBigMasters), k);
        if (QTest::currentTestFailed())
            return;
        for (const QString &id : plot->seriesIds())
            QCOMPARE(plot->graphOf(id)->data()->size(), 300); // the drawn nodes keep every sample
    }
    QVERIFY(saveShotOf(m_page.get(), shotPath(QStringLiteral("top10-of-60"))));

    // Replica 0 lags least: not drawn. Quiet seconds change nothing, graphs are reused.
    MetricPlot *lag = m_page->plot(Metric::LagBytes);
    const QString replica0 = idOf(kBasePort + kBigMasters);
    QVERIFY(!lag->seriesIds().contains(replica0));
    const QStringList before = lag->seriesIds();
    QHash<QString, QCPGraph *> graphs;
    for (const QString &id : before)
        graphs.insert(id, lag->graphOf(id));
    QCPGraph *aggregate = lag->aggregateGraph();
    for (int s = 300; s < 305; ++s)
        m_page->addSamples(bigBatchAt(kBigMasters, s));
    m_page->refreshNow();
    QCOMPARE(lag->seriesIds(), before);
    for (const QString &id : before)
        QCOMPARE(lag->graphOf(id), graphs.value(id));
    QCOMPARE(lag->aggregateGraph(), aggregate);

    // Its lag spikes: it enters the top set of both lag plots; one node leaves; the others keep their graphs.
    for (int s = 305; s < 315; ++s)
        m_page->addSamples(bigBatchAt(kBigMasters, s, 0));
    m_page->refreshNow();
    for (Metric metric : {Metric::LagBytes, Metric::LagSeconds}) {
        MetricPlot *plot = m_page->plot(metric);
        QVERIFY2(plot->seriesIds().contains(replica0), qPrintable(plot->objectName()));
        checkTopK(*m_page, plot, bigCandidates(plot, kBigMasters), k);
        if (QTest::currentTestFailed())
            return;
    }
    int kept = 0;
    for (const QString &id : before)
        if (lag->seriesIds().contains(id)) {
            QCOMPARE(lag->graphOf(id), graphs.value(id));
            ++kept;
        }
    QCOMPARE(kept, k - 1);
    QCOMPARE(lag->aggregateGraph(), aggregate);
    QVERIFY(lag->yAxis->range().upper >= double(kSpikeBytes));
    QVERIFY(saveShotOf(m_page.get(), shotPath(QStringLiteral("top10-of-60-spike"))));

    // A node hidden by the operator stays hidden while drawn.
    lag->setSeriesVisible(replica0, false);
    m_page->addSamples(bigBatchAt(kBigMasters, 315, 0));
    m_page->refreshNow();
    QVERIFY(lag->graphOf(replica0) && !lag->isSeriesVisible(replica0));

    // The CSV still has every node.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("all.csv"));
    QVERIFY(m_page->exportCsv(path));
    const QStringList header = readLines(path).value(0).split(QLatin1Char(','));
    QCOMPARE(header.size(), 2 + 2 * kBigMasters + 4 * 2 * kBigMasters);
    QVERIFY(header.contains(QStringLiteral("lag_bytes@127.0.0.1:%1").arg(kBasePort + kBigMasters + 1)));
}

void TestMetricsScale::thousandNodes()
{
    // The synthetic 500 x 1 cluster of bench_guistall, 5 minutes of samples, default top K.
    synthetic::ClusterSpec spec;
    spec.masters = 500;
    const TopologySnapshot base = synthetic::clusterSnapshot(spec, kStart);
    QCOMPARE(base.nodes.size(), 1000);
    showPage();
    m_page->setSnapshot(std::make_shared<TopologySnapshot>(base));
    SnapshotPtr last;
    for (int cycle = 0; cycle < 300; ++cycle) {
        last = synthetic::withMetrics(base, cycle);
        m_page->addSamples(synthetic::samplesOf(*last));
    }
    m_page->setSnapshot(last);
    QElapsedTimer clock;
    clock.start();
    m_page->refreshNow();
    const qint64 refreshMs = clock.elapsed();
    clock.restart();
    for (MetricPlot *plot : m_page->plots())
        plot->replot(QCustomPlot::rpImmediateRefresh);
    qInfo() << "1,000 nodes: refreshNow" << refreshMs << "ms, six replots" << clock.elapsed() << "ms";
    const int k = m_page->topCount();
    for (MetricPlot *plot : m_page->plots()) {
        QVERIFY(plot->graphCount() <= k + 1);
        QCOMPARE(plot->seriesIds().size(), k);
        QCOMPARE(plot->legend->itemCount(), k + 1);
        QVERIFY(plot->aggregateGraph() && !plot->aggregateGraph()->data()->isEmpty());
        QVERIFY2(!plot->isShowingEmptyText(), qPrintable(plot->objectName()));
    }
    // The history keeps a full fine ring for the drawn nodes only; the others are idle (10 min).
    QSet<QString> drawn;
    for (MetricPlot *plot : m_page->plots())
        for (const QString &id : plot->seriesIds())
            drawn.insert(id);
    int idle = 0;
    for (const Node &n : base.nodes) {
        QCOMPARE(m_page->history().isWatched(n.id), drawn.contains(n.id));
        idle += drawn.contains(n.id) ? 0 : 1;
    }
    QVERIFY(idle >= 1000 - 6 * k);
    QCOMPARE(m_page->plot(Metric::LagBytes)->legendNote(), QStringLiteral("top %1 of 500 replicas by peak").arg(k));
    QCOMPARE(m_page->plot(Metric::UsedMemory)->legendNote(), QStringLiteral("top %1 of 1000 nodes by peak").arg(k));
    QVERIFY(saveShotOf(m_page.get(), shotPath(QStringLiteral("1000-nodes"))));
    // The longer windows rank from coarser bins: the same bounded work (timings for the report only).
    for (MetricsPage::TimeWindow w : {MetricsPage::TimeWindow::OneHour, MetricsPage::TimeWindow::OneDay}) {
        clock.restart();
        m_page->setTimeWindow(w); // refreshNow()
        qInfo() << "1,000 nodes, window" << MetricsPage::windowSettingValue(w) << ": refreshNow" << clock.elapsed() << "ms";
        for (MetricPlot *plot : m_page->plots())
            QCOMPARE(plot->seriesIds().size(), k);
    }
}

QTEST_MAIN(TestMetricsScale)
#include "tst_metricsscale.moc"
