// Which page the main window shows, and what a page shown late draws: the explicit --view wins
// over the layout restored from settings, and a page shown after several snapshots draws the
// latest one (no servers: synthetic snapshots fed as the runtime would).
#include "DeploymentWorkspace.h"
#include "MainWindow.h"
#include "SyntheticSnapshot.h"
#include "topology/NodeItem.h"
#include "topology/TopologyPage.h"
#include "topology/TopologyScene.h"

#include <QAction>
#include <QLabel>
#include <QLocale>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace ops;

namespace {

constexpr qint64 kNow = 1'700'000'000'000;
const QString kTitle = QStringLiteral("lab cluster");

/** The first snapshot of a lab: only the seed has answered INFO (memory of the others unknown). */
SnapshotPtr firstSnapshot()
{
    TopologySnapshot s = synthetic::clusterSnapshot(synthetic::ClusterSpec{}, kNow);
    s.timestampMs = kNow;
    s.sequence = 1;
    s.nodes.first().usedMemory = 1'000'000;
    s.nodes.first().lastSeenMs = kNow;
    return std::make_shared<const TopologySnapshot>(std::move(s));
}

/** A later snapshot: every node answered, with its memory. */
SnapshotPtr laterSnapshot()
{
    TopologySnapshot s = *firstSnapshot();
    return synthetic::withMetrics(std::move(s), 6);
}

QWidget *currentMainTab(const MainWindow &window)
{
    return window.findChild<QTabWidget *>(QStringLiteral("pages"))->currentWidget();
}

} // namespace

class TestMainWindowViews : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void restoredPageWithoutExplicitView();
    void explicitPageWinsOverRestoredPage();
    void explicitOverviewStaysInFront();
    void explicitSlotsWaitsForTheCluster();
    void lateShownPagesDrawTheLatestSnapshot();

private:
    void saveLayoutWithPage(DeploymentWorkspace::Page page);
    QTemporaryDir m_settingsDir;
};

void TestMainWindowViews::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
}

void TestMainWindowViews::init()
{
    QSettings().clear();
    saveLayoutWithPage(DeploymentWorkspace::Metrics); // what the operator left open last time
}

void TestMainWindowViews::saveLayoutWithPage(DeploymentWorkspace::Page page)
{
    MainWindow window;
    DeploymentWorkspace *workspace = window.addDeployment(1, kTitle);
    workspace->showPage(page);
    QCOMPARE(workspace->currentPage(), page);
} // the tab saves its layout when it goes

void TestMainWindowViews::restoredPageWithoutExplicitView()
{
    MainWindow window;
    window.show();
    DeploymentWorkspace *workspace = window.addDeployment(1, kTitle);
    window.showSnapshot(1, firstSnapshot());
    QCOMPARE(workspace->currentPage(), DeploymentWorkspace::Metrics);
    QCOMPARE(currentMainTab(window), workspace);
}

void TestMainWindowViews::explicitPageWinsOverRestoredPage()
{
    MainWindow window;
    window.show();
    window.setExplicitView(QStringLiteral("events"));
    DeploymentWorkspace *workspace = window.addDeployment(1, kTitle);
    QCOMPARE(workspace->currentPage(), DeploymentWorkspace::Events);
    window.showSnapshot(1, firstSnapshot());
    window.showSnapshot(1, laterSnapshot());
    QCOMPARE(workspace->currentPage(), DeploymentWorkspace::Events);
    // Only the deployment the command line asked for: the next one keeps its restored layout.
    DeploymentWorkspace *second = window.addDeployment(2, kTitle);
    QCOMPARE(second->currentPage(), DeploymentWorkspace::Metrics);
}

void TestMainWindowViews::explicitOverviewStaysInFront()
{
    MainWindow window;
    window.show();
    window.setExplicitView(QStringLiteral("overview"));
    window.addDeployment(1, kTitle);
    window.showSnapshot(1, firstSnapshot());
    QCOMPARE(currentMainTab(window), window.findChild<QWidget *>(QStringLiteral("overviewPage")));
    QVERIFY(window.findChild<QLabel *>(QStringLiteral("connectionState"))->text().startsWith(QStringLiteral("Connected to 127.0.0.1:30000")));
}

void TestMainWindowViews::explicitSlotsWaitsForTheCluster()
{
    saveLayoutWithPage(DeploymentWorkspace::History);
    MainWindow window;
    window.show();
    window.setExplicitView(QStringLiteral("slots"));
    DeploymentWorkspace *workspace = window.addDeployment(1, kTitle);
    window.showSnapshot(1, firstSnapshot()); // a cluster: the Slots page applies
    QCOMPARE(workspace->currentPage(), DeploymentWorkspace::Slots);
}

void TestMainWindowViews::lateShownPagesDrawTheLatestSnapshot()
{
    MainWindow window;
    window.resize(1200, 760);
    window.show();
    const Endpoint seed{QStringLiteral("127.0.0.1"), 30000};
    window.setExplicitView(QStringLiteral("overview"));
    DeploymentWorkspace *workspace = window.addDeployment(1, kTitle, seed);
    workspace->showPage(DeploymentWorkspace::Events); // neither the graph nor the overview's tab
    window.showSnapshot(1, firstSnapshot());
    const SnapshotPtr latest = laterSnapshot();
    window.showSnapshot(1, latest);

    // The Overview (current all along) shows the seed from the latest snapshot.
    auto text = [&](const char *name) { return window.findChild<QLabel *>(QLatin1String(name))->text(); };
    QCOMPARE(text("overviewEndpoint"), seed.toString());
    QCOMPARE(text("overviewMemory"), QLocale().formattedDataSize(latest->nodes.first().usedMemory));
    QCOMPARE(text("overviewCluster"), QStringLiteral("state ok, 6 known nodes, 3 shards with slots"));

    // The graph, shown only now, draws the latest snapshot: every node with its memory.
    window.findChild<QAction *>(QStringLiteral("actionShowTopology"))->trigger();
    QCOMPARE(currentMainTab(window), workspace);
    QCOMPARE(workspace->currentPage(), DeploymentWorkspace::Topology);
    TopologyPage *page = workspace->topologyPage();
    QCOMPARE(page->snapshot(), latest);
    const QList<NodeItem *> items = page->scene()->nodeItems();
    QCOMPARE(items.size(), 6);
    for (const NodeItem *item : items) {
        const QString lines = item->textLines().join(QLatin1Char('|'));
        QVERIFY2(lines.contains(QStringLiteral("mem ")) && !lines.contains(QStringLiteral("mem ?")), qPrintable(lines));
    }
}

QTEST_MAIN(TestMainWindowViews)
#include "tst_mainwindowviews.moc"
