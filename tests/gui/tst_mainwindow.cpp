// The real main window, wired to the real backend thread, over a real cluster lab (offscreen).
#include "AppPaths.h"
#include "ConsoleRuntime.h"
#include "ConsoleWiring.h"
#include "DeploymentWorkspace.h"
#include "LabFixture.h"
#include "MainWindow.h"
#include "PostgresServer.h"
#include "TestPaths.h"
#include "events/EventLogPage.h"
#include "history/HistoryPage.h"
#include "metrics/MetricPlot.h"
#include "metrics/MetricsPage.h"
#include "viewmodels/EventLogModel.h"

#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace ops;

class TestMainWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void clusterLabIsShownAfterFirstRefresh();
    void unreachableNodeIsShownAsSuch();
    void deploymentTabShowsLiveEvents();
    void sharedStoreOutageInStatusBar();

private:
    QTemporaryDir m_settingsDir;
};

void TestMainWindow::initTestCase()
{
    // The window and its tabs save their layout: never into the user's own settings.
    QVERIFY(m_settingsDir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
}

// The Overview is built from the monitor's snapshots of the deployment (no poll of its own).
void TestMainWindow::clusterLabIsShownAfterFirstRefresh()
{
    ConsoleRuntime runtime;
    MainWindow window;
    ConsoleWiring::wire(runtime, window);
    window.setExplicitView(QStringLiteral("overview"));
    Endpoint seed;
    connect(&runtime, &ConsoleRuntime::labReady, &window, [&](const LabTopology &t) {
        window.showLab(t);
        MonitorConfig config;
        seed = t.nodesWithRole(LabNode::Role::Master).first().endpoint;
        config.seeds = {seed};
        config.dataOptions = t.connectionOptions(seed);
        window.addDeployment(runtime.startMonitor(config), QStringLiteral("lab"), seed);
    });
    QSignalSpy failed(&runtime, &ConsoleRuntime::labFailed);
    QSignalSpy shown(&window, &MainWindow::firstRefreshShown);
    window.show();
    LabSpec spec;
    spec.kind = LabSpec::Kind::Cluster;
    runtime.startLab(spec);
    QVERIFY2(shown.wait(60000), failed.isEmpty() ? "no refresh" : qPrintable(failed.first().first().toString()));

    auto text = [&](const char *name) { return window.findChild<QLabel *>(QLatin1String(name))->text(); };
    QCOMPARE(window.findChild<QTabWidget *>(QStringLiteral("pages"))->currentIndex(), 0); // --view overview stays
    QCOMPARE(text("overviewEndpoint"), seed.toString());
    QCOMPARE(text("overviewMode"), QStringLiteral("cluster"));
    QCOMPARE(text("overviewRole"), QStringLiteral("master"));
    // CLUSTER INFO rotates over the nodes: the state may come a cycle after the first answer.
    QTRY_VERIFY2_WITH_TIMEOUT(text("overviewCluster").startsWith(QStringLiteral("state ok, 6 known nodes, 3 shards")),
                              qPrintable(text("overviewCluster")), 10000);
    QVERIFY(text("overviewVersion").startsWith(QLatin1Char('7')));
    QVERIFY(text("overviewMemory") != QStringLiteral("–"));
    QVERIFY(text("overviewDeployment").startsWith(QStringLiteral("cluster:")));
    QVERIFY(text("connectionState").startsWith(QStringLiteral("Connected to 127.0.0.1:")));
    auto *nodes = window.findChild<QTableWidget *>(QStringLiteral("labNodes"));
    QCOMPARE(nodes->rowCount(), 6);
    QCOMPARE(nodes->item(0, 0)->text(), QStringLiteral("master"));
    QCOMPARE(nodes->item(5, 0)->text(), QStringLiteral("replica"));

    const QString file = testOutputDir() + QStringLiteral("/mainwindow-cluster.png");
    QVERIFY(window.grab().save(file));
}

// A seed that never answers: the monitor's problem reaches the Overview.
void TestMainWindow::unreachableNodeIsShownAsSuch()
{
    ConsoleRuntime runtime;
    MainWindow window;
    ConsoleWiring::wire(runtime, window);
    window.setExplicitView(QStringLiteral("overview"));
    MonitorConfig config;
    config.seeds = {Endpoint{QStringLiteral("127.0.0.1"), 1}}; // nothing listens on port 1
    config.dataOptions.connectTimeoutMs = 1000;
    window.addDeployment(runtime.startMonitor(config), QStringLiteral("nowhere"), config.seeds.first());
    auto *status = window.findChild<QLabel *>(QStringLiteral("overviewStatus"));
    QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(QStringLiteral("UNREACHABLE")), 10000);
    QVERIFY2(status->text().contains(QStringLiteral("127.0.0.1:1")), qPrintable(status->text()));
    QCOMPARE(window.findChild<QLabel *>(QStringLiteral("overviewEndpoint"))->text(), QStringLiteral("127.0.0.1:1"));
    QVERIFY(window.grab().save(testOutputDir() + QStringLiteral("/mainwindow-unreachable.png")));
}

// Wired as app/gui/main.cpp does (ConsoleWiring): the monitor on the backend thread feeds a
// deployment tab; a failover done behind the console's back shows up in its event log.
namespace {

QStringList kindsOf(const OpsEvents &events)
{
    QStringList kinds;
    for (const OpsEvent &e : events)
        kinds << e.kindName();
    return kinds;
}

} // namespace

// A failover on a real lab shows as live events, metric samples and history rows; the rows are
// read back from the history database by a window (and runtime) created afresh.
void TestMainWindow::deploymentTabShowsLiveEvents()
{
    QTemporaryDir data;
    QVERIFY(data.isValid());
    const QString historyFile = data.filePath(QStringLiteral("history.sqlite"));
    auto runtime = std::make_unique<ConsoleRuntime>();
    runtime->openHistory(historyFile);
    auto window = std::make_unique<MainWindow>();
    ConsoleWiring::wire(*runtime, *window);
    LabTopology lab;
    int monitorId = 0;
    connect(runtime.get(), &ConsoleRuntime::labReady, window.get(), [&](const LabTopology &t) {
        lab = t;
        MonitorConfig config;
        config.seeds = {t.nodesWithRole(LabNode::Role::Master).first().endpoint};
        config.dataOptions = t.connectionOptions(config.seeds.first());
        monitorId = runtime->startMonitor(config);
        window->addDeployment(monitorId, QStringLiteral("lab"));
    });
    QSignalSpy shown(window.get(), &MainWindow::firstSnapshotShown);
    window->resize(1200, 760);
    window->show();
    LabSpec spec;
    spec.kind = LabSpec::Kind::Cluster;
    runtime->startLab(spec);
    QVERIFY(shown.wait(60000));
    DeploymentWorkspace *workspace = window->deployment(monitorId);
    QVERIFY(workspace);
    QCOMPARE(workspace->snapshot()->nodes.size(), 6);
    const QString deploymentId = workspace->snapshot()->deploymentId;
    // The status bar names the deployment on screen and its shape.
    const QString status = window->findChild<QLabel *>(QStringLiteral("connectionState"))->text();
    QVERIFY2(status.startsWith(deploymentId) && status.contains(QStringLiteral("3 masters")), qPrintable(status));
    QVERIFY(window->findChild<QTabWidget *>(QStringLiteral("pages"))->tabText(1).startsWith(QLatin1String("cluster:")));

    const Endpoint replica = lab.nodesWithRole(LabNode::Role::Replica).first().endpoint;
    RedisConnection control(lab.connectionOptions(replica));
    QVERIFY(labtest::execute(control, RespCommand{"CLUSTER", "FAILOVER"}).ok());
    EventLogModel *events = workspace->eventLogPage()->eventModel();
    auto has = [events](const QString &kind) {
        for (int r = 0; r < events->rowCount(); ++r)
            if (events->eventAt(r).kindName() == kind)
                return true;
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(has(QStringLiteral("promoted")) && has(QStringLiteral("demoted")), 20000);
    QCOMPARE(workspace->metricsPage()->history().nodes().size(), 6); // samples reached the metrics page
    workspace->showPage(DeploymentWorkspace::Metrics); // plots are built while their page is shown
    QTRY_VERIFY(workspace->metricsPage()->plot(MetricDefinition::Metric::UsedMemory)->graphCount() > 0);
    QVERIFY(window->grab().save(testOutputDir() + QStringLiteral("/mainwindow-metrics-after-failover.png")));
    HistoryPage *history = workspace->historyPage();
    QTRY_VERIFY(kindsOf(history->filteredEvents()).contains(QStringLiteral("promoted")));
    QVERIFY(kindsOf(history->filteredEvents()).contains(QStringLiteral("demoted")));
    workspace->showPage(DeploymentWorkspace::History);
    QVERIFY(window->grab().save(testOutputDir() + QStringLiteral("/mainwindow-history-after-failover.png")));
    workspace->showPage(DeploymentWorkspace::Events);
    QVERIFY(window->grab().save(testOutputDir() + QStringLiteral("/mainwindow-events.png")));
    workspace->showPage(DeploymentWorkspace::Topology);
    QVERIFY(window->grab().save(testOutputDir() + QStringLiteral("/mainwindow-topology-after-failover.png")));

    // Restart: the window, the runtime (backend thread, lab, monitor) and the store all go away.
    window.reset();
    runtime.reset();
    ConsoleRuntime restarted;
    restarted.openHistory(historyFile);
    MainWindow again;
    ConsoleWiring::wire(restarted, again);
    again.resize(1200, 760);
    again.show();
    DeploymentWorkspace *reopened = again.addDeployment(1, QStringLiteral("lab"));
    HistoryPage *stored = reopened->historyPage();
    QSignalSpy loaded(stored, &HistoryPage::loaded);
    stored->setDeployment(deploymentId);
    QTRY_VERIFY(!loaded.isEmpty());
    QVERIFY(!loaded.last().first().value<HistoryError>().isError());
    const QStringList kinds = kindsOf(stored->filteredEvents());
    QVERIFY2(kinds.contains(QStringLiteral("promoted")) && kinds.contains(QStringLiteral("demoted")),
             qPrintable(kinds.join(QLatin1Char(','))));
    for (const OpsEvent &e : stored->filteredEvents())
        QVERIFY(e.id > 0); // every row came from the database
}

QTEST_MAIN(TestMainWindow)
// Issue 15, store unreachable: the status bar says the shared store is down and that the console
// journals locally, and clears when it is back (ConsoleRuntime → AsyncHistoryStore's spool).
void TestMainWindow::sharedStoreOutageInStatusBar()
{
    PostgresServer server;
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    const QString db = server.createDatabase(&error);
    QVERIFY2(!db.isEmpty(), qPrintable(error));
    QTemporaryDir dataDir;
    AppPaths::setDataDirOverride(dataDir.path());
    server.stopImmediately();

    ConsoleRuntime runtime;
    MainWindow window;
    ConsoleWiring::wire(runtime, window);
    auto *label = window.findChild<QLabel *>(QStringLiteral("storeStatus"));
    QVERIFY(label);
    QVERIFY(label->isHidden());
    runtime.openHistory(server.url(db));
    QTRY_VERIFY(!label->isHidden());
    QVERIFY2(label->text().startsWith(QStringLiteral("shared store unreachable since ")), qPrintable(label->text()));
    QVERIFY2(label->text().contains(QStringLiteral("journaling locally")), qPrintable(label->text()));
    QVERIFY(!label->toolTip().isEmpty());

    QVERIFY2(server.restart(&error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(label->isHidden(), 20000); // reconnect retried 1 s, 2 s, 4 s …
    AppPaths::setDataDirOverride({});
}

#include "tst_mainwindow.moc"
