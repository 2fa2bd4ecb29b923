// The real main window, wired to the real backend thread, over a real cluster lab (offscreen).
#include "ConsoleRuntime.h"
#include "DeploymentWorkspace.h"
#include "LabFixture.h"
#include "MainWindow.h"
#include "TestPaths.h"
#include "events/EventLogPage.h"
#include "metrics/MetricsPage.h"
#include "viewmodels/EventLogModel.h"

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
    void deploymentTabShowsLiveEvents();
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

// Wired as app/gui/main.cpp does: the monitor on the backend thread feeds a deployment tab; a
// failover done behind the console's back shows up in its event log.
void TestMainWindow::deploymentTabShowsLiveEvents()
{
    ConsoleRuntime runtime;
    MainWindow window;
    connect(&runtime, &ConsoleRuntime::snapshotChanged, &window, &MainWindow::showSnapshot);
    connect(&runtime, &ConsoleRuntime::eventsRecorded, &window, &MainWindow::showEvents);
    connect(&runtime, &ConsoleRuntime::samplesReady, &window, &MainWindow::showSamples);
    LabTopology lab;
    int monitorId = 0;
    connect(&runtime, &ConsoleRuntime::labReady, &window, [&](const LabTopology &t) {
        lab = t;
        MonitorConfig config;
        config.seeds = {t.nodesWithRole(LabNode::Role::Master).first().endpoint};
        config.dataOptions = t.connectionOptions(config.seeds.first());
        monitorId = runtime.startMonitor(config);
        window.addDeployment(monitorId, QStringLiteral("lab"));
    });
    QSignalSpy shown(&window, &MainWindow::firstSnapshotShown);
    window.resize(1200, 760);
    window.show();
    LabSpec spec;
    spec.kind = LabSpec::Kind::Cluster;
    runtime.startLab(spec);
    QVERIFY(shown.wait(60000));
    DeploymentWorkspace *workspace = window.deployment(monitorId);
    QVERIFY(workspace);
    QCOMPARE(workspace->snapshot()->nodes.size(), 6);
    QVERIFY(window.findChild<QTabWidget *>(QStringLiteral("pages"))->tabText(1).startsWith(QLatin1String("cluster:")));

    const Endpoint replica = lab.nodesWithRole(LabNode::Role::Replica).first().endpoint;
    RedisConnection control(lab.connectionOptions(replica));
    QVERIFY(labtest::execute(control, RespCommand{"CLUSTER", "FAILOVER"}).ok());
    EventLogModel *events = workspace->eventLogPage()->eventModel();
    auto has = [events](const QString &kind) {
        for (int r = 0; r < events->rowCount(); ++r)
            if (events->event(r).kindName() == kind)
                return true;
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(has(QStringLiteral("promoted")) && has(QStringLiteral("demoted")), 20000);
    QCOMPARE(workspace->metricsPage()->store().nodes().size(), 6); // samples reached the metrics page
    workspace->showPage(DeploymentWorkspace::Events);
    QVERIFY(window.grab().save(testOutputDir() + QStringLiteral("/mainwindow-events.png")));
    workspace->showPage(DeploymentWorkspace::Topology);
    QVERIFY(window.grab().save(testOutputDir() + QStringLiteral("/mainwindow-topology-after-failover.png")));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
