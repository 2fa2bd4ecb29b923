// The real main window, wired to the real backend thread, over a real cluster lab (offscreen).
#include "ConsoleRuntime.h"
#include "MainWindow.h"
#include "TestPaths.h"

#include <QLabel>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

using namespace ops;

class TestMainWindow : public QObject
{
    Q_OBJECT
private slots:
    void clusterLabIsShownAfterFirstRefresh();
    void unreachableNodeIsShownAsSuch();
};

void TestMainWindow::clusterLabIsShownAfterFirstRefresh()
{
    ConsoleRuntime runtime;
    MainWindow window;
    connect(&runtime, &ConsoleRuntime::summary, &window, &MainWindow::showSummary);
    connect(&runtime, &ConsoleRuntime::labReady, &window, [&](const LabTopology &t) {
        window.showLab(t);
        runtime.connectTo(t.connectionOptions(t.nodesWithRole(LabNode::Role::Master).first().endpoint));
    });
    QSignalSpy failed(&runtime, &ConsoleRuntime::labFailed);
    QSignalSpy shown(&window, &MainWindow::firstRefreshShown);
    window.show();
    LabSpec spec;
    spec.kind = LabSpec::Kind::Cluster;
    runtime.startLab(spec);
    QVERIFY2(shown.wait(60000), failed.isEmpty() ? "no refresh" : qPrintable(failed.first().first().toString()));

    auto text = [&](const char *name) { return window.findChild<QLabel *>(QLatin1String(name))->text(); };
    QCOMPARE(text("overviewMode"), QStringLiteral("cluster"));
    QCOMPARE(text("overviewRole"), QStringLiteral("master"));
    QVERIFY2(text("overviewCluster").startsWith(QStringLiteral("state ok, 6 known nodes, 3 shards")), qPrintable(text("overviewCluster")));
    QVERIFY(text("overviewVersion").startsWith(QLatin1Char('7')));
    QVERIFY(text("connectionState").startsWith(QStringLiteral("Connected to 127.0.0.1:")));
    auto *nodes = window.findChild<QTableWidget *>(QStringLiteral("labNodes"));
    QCOMPARE(nodes->rowCount(), 6);
    QCOMPARE(nodes->item(0, 0)->text(), QStringLiteral("master"));
    QCOMPARE(nodes->item(5, 0)->text(), QStringLiteral("replica"));

    const QString file = testOutputDir() + QStringLiteral("/mainwindow-cluster.png");
    QVERIFY(window.grab().save(file));
}

void TestMainWindow::unreachableNodeIsShownAsSuch()
{
    ConsoleRuntime runtime;
    MainWindow window;
    connect(&runtime, &ConsoleRuntime::summary, &window, &MainWindow::showSummary);
    QSignalSpy summaries(&runtime, &ConsoleRuntime::summary);
    ConnectionOptions options;
    options.endpoint = Endpoint{QStringLiteral("127.0.0.1"), 1}; // nothing listens on port 1
    options.connectTimeoutMs = 1000;
    runtime.connectTo(options);
    QVERIFY(summaries.wait(10000));
    const ServerSummary s = summaries.first().first().value<ServerSummary>();
    QVERIFY(!s.reachable);
    QVERIFY2(s.error.contains(QStringLiteral("127.0.0.1:1")), qPrintable(s.error));
    QTRY_VERIFY(window.findChild<QLabel *>(QStringLiteral("overviewStatus"))->text().startsWith(QStringLiteral("UNREACHABLE")));
    QVERIFY(window.grab().save(testOutputDir() + QStringLiteral("/mainwindow-unreachable.png")));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
