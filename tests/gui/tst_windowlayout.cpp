// Window layout restored on start: a deployment tab's current page, splitters and table headers
// survive destroying the window and creating a new one (QSettings isolated in a temporary dir),
// also for views that only get their rows later; and ViewStateStore on its own, with splitters
// and headers whose content comes after the restore.
#include "DeploymentWorkspace.h"
#include "MainWindow.h"
#include "SyntheticSnapshot.h"
#include "ViewStateStore.h"
#include "events/EventLogPage.h"
#include "topology/TopologyPage.h"
#include "viewmodels/EventLogModel.h"

#include <QApplication>
#include <QHeaderView>
#include <QLabel>
#include <QSettings>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace ops;

namespace {

constexpr qint64 kNow = 1'700'000'000'000;

SnapshotPtr cluster()
{
    synthetic::ClusterSpec spec;
    spec.masters = 3;
    TopologySnapshot s = synthetic::clusterSnapshot(spec, kNow);
    s.timestampMs = kNow;
    return std::make_shared<const TopologySnapshot>(std::move(s));
}

OpsEvents someEvents()
{
    OpsEvents out;
    const OpsEvent::Kind kinds[] = {OpsEvent::Kind::Promoted, OpsEvent::Kind::Demoted, OpsEvent::Kind::FailSet,
                                    OpsEvent::Kind::NodeStale};
    for (int i = 0; i < 4; ++i) {
        OpsEvent e;
        e.timestampMs = kNow + i * 1000;
        e.deploymentId = QStringLiteral("cluster:synthetic");
        e.kind = kinds[i];
        e.nodeId = QStringLiteral("127.0.0.1:%1").arg(30000 + i);
        e.message = QStringLiteral("event %1").arg(i);
        out << e;
    }
    return out;
}

QTableView *eventTable(DeploymentWorkspace *w)
{
    return w->eventLogPage()->findChild<QTableView *>(QStringLiteral("eventTable"));
}

bool near(const QList<int> &a, const QList<int> &b, int tolerance = 3)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i)
        if (std::abs(a[i] - b[i]) > tolerance)
            return false;
    return true;
}

QString sizesText(const QList<int> &sizes)
{
    QStringList parts;
    for (int s : sizes)
        parts << QString::number(s);
    return parts.join(QLatin1Char(','));
}

} // namespace

class TestWindowLayout : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();

    void deploymentLayoutSurvivesRestart();
    void newDeploymentGetsTheLastLayout();
    void storeWaitsForLateContent();
    void headerWithOtherColumnsKeepsItsLayout();
    void storeKeepsWhatWasNeverApplied();

private:
    std::unique_ptr<MainWindow> newWindow();
    QTemporaryDir m_settingsDir;
};

void TestWindowLayout::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QApplication::setOrganizationName(QStringLiteral("redis-ops-test"));
    QApplication::setApplicationName(QStringLiteral("tst_windowlayout"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
}

void TestWindowLayout::init()
{
    QSettings().clear();
}

std::unique_ptr<MainWindow> TestWindowLayout::newWindow()
{
    auto window = std::make_unique<MainWindow>();
    window->resize(1200, 800);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return nullptr;
    return window;
}

void TestWindowLayout::deploymentLayoutSurvivesRestart()
{
    QList<int> topologySizes;
    int nodeWidth = 0;
    {
        auto window = newWindow();
        QVERIFY(window);
        DeploymentWorkspace *w = window->addDeployment(5, QStringLiteral("alpha"));
        window->showSnapshot(5, cluster());
        window->showEvents(5, someEvents());
        QSplitter *split = w->topologyPage()->splitter();
        QVERIFY(split->width() > 600);
        split->setSizes({split->width() / 3, split->width() - split->width() / 3});
        topologySizes = split->sizes();
        QTableView *table = eventTable(w);
        QCOMPARE(table->model()->rowCount(), 4);
        table->sortByColumn(EventLogModel::Kind, Qt::DescendingOrder);
        table->setColumnWidth(EventLogModel::Node, 177);
        nodeWidth = table->columnWidth(EventLogModel::Node);
        QCOMPARE(nodeWidth, 177);
        w->showPage(DeploymentWorkspace::Events);
    } // destroyed without closeEvent: the workspace saves on destruction

    {
        const QSettings settings;
        const QVariantMap saved = settings.value(QStringLiteral("layout/deployments/alpha")).toMap();
        QVERIFY(!saved.isEmpty());
        for (auto it = saved.cbegin(); it != saved.cend(); ++it) // layout only: never data or secrets
            QVERIFY2(it.key().startsWith(QLatin1String("splitter:")) || it.key().startsWith(QLatin1String("header:"))
                         || it.key().startsWith(QLatin1String("tabs:")),
                     qPrintable(it.key()));
    }

    auto window = newWindow();
    QVERIFY(window);
    DeploymentWorkspace *w = window->addDeployment(6, QStringLiteral("alpha"));
    // Restored before the first snapshot: the page and the splitters.
    QCOMPARE(w->currentPage(), DeploymentWorkspace::Events);
    QSplitter *split = w->topologyPage()->splitter();
    w->showPage(DeploymentWorkspace::Topology);
    QTRY_VERIFY2(near(split->sizes(), topologySizes), qPrintable(sizesText(split->sizes()) + QStringLiteral(" vs ") + sizesText(topologySizes)));
    w->showPage(DeploymentWorkspace::Events);
    // The event table has no rows yet: its header waits for them (the page sizes its columns
    // to the first rows, then the saved widths and sort go on).
    QTableView *table = eventTable(w);
    QCOMPARE(table->model()->rowCount(), 0);
    window->showSnapshot(6, cluster());
    window->showEvents(6, someEvents());
    QTRY_COMPARE(table->columnWidth(EventLogModel::Node), nodeWidth);
    QCOMPARE(table->horizontalHeader()->sortIndicatorSection(), int(EventLogModel::Kind));
    QCOMPARE(table->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);
    // The rows are really sorted that way.
    const QString first = table->model()->index(0, EventLogModel::Kind).data().toString();
    const QString last = table->model()->index(3, EventLogModel::Kind).data().toString();
    QVERIFY2(first > last, qPrintable(first + QStringLiteral(" / ") + last));
}

void TestWindowLayout::newDeploymentGetsTheLastLayout()
{
    {
        auto window = newWindow();
        QVERIFY(window);
        DeploymentWorkspace *w = window->addDeployment(1, QStringLiteral("first"));
        window->showSnapshot(1, cluster());
        w->showPage(DeploymentWorkspace::Metrics);
        window->close(); // closeEvent saves too
    }
    auto window = newWindow();
    QVERIFY(window);
    QCOMPARE(window->addDeployment(2, QStringLiteral("never seen"))->currentPage(), DeploymentWorkspace::Metrics);
    // A deployment with a layout of its own keeps it.
    QSettings().remove(QStringLiteral("layout/lastDeployment"));
    QCOMPARE(window->addDeployment(3, QStringLiteral("first"))->currentPage(), DeploymentWorkspace::Metrics);
    QCOMPARE(window->addDeployment(4, QStringLiteral("other"))->currentPage(), DeploymentWorkspace::Topology);
}

void TestWindowLayout::storeWaitsForLateContent()
{
    // The saved side: a splitter of three and a sorted, resized header.
    QVariantMap saved;
    QList<int> savedSizes;
    {
        QWidget root;
        auto *split = new QSplitter(&root);
        split->setObjectName(QStringLiteral("split"));
        for (int i = 0; i < 3; ++i)
            split->addWidget(new QLabel(QStringLiteral("pane %1").arg(i)));
        auto *table = new QTableView(&root);
        auto *model = new QStandardItemModel(2, 3, table);
        table->setModel(model);
        table->setSortingEnabled(true);
        root.resize(900, 500);
        split->setGeometry(0, 0, 900, 200);
        split->setSizes({100, 500, 300});
        savedSizes = split->sizes();
        table->sortByColumn(2, Qt::DescendingOrder);
        table->setColumnWidth(1, 211);
        ViewStateStore store(&root);
        saved = store.capture();
        QCOMPARE(saved.size(), 2); // the splitter and the table's column header (row headers follow the data)
    }

    QWidget root;
    auto *split = new QSplitter(&root);
    split->setObjectName(QStringLiteral("split"));
    auto *table = new QTableView(&root);
    table->setSortingEnabled(true);
    ViewStateStore store(&root);
    store.restore(saved);
    QVERIFY(store.hasPending()); // nothing has content yet
    QCOMPARE(store.capture(), saved); // and saving now keeps the saved layout

    // The content arrives: the splitter's panes and the table's model and rows.
    for (int i = 0; i < 3; ++i)
        split->addWidget(new QLabel(QStringLiteral("pane %1").arg(i)));
    split->setGeometry(0, 0, 900, 200);
    auto *model = new QStandardItemModel(0, 3, table);
    table->setModel(model);
    QTRY_COMPARE(split->sizes(), savedSizes);
    QCOMPARE(table->horizontalHeader()->sortIndicatorSection(), 0); // still waiting for rows
    model->appendRow({new QStandardItem(QStringLiteral("a")), new QStandardItem(QStringLiteral("b")),
                      new QStandardItem(QStringLiteral("c"))});
    table->resizeColumnsToContents(); // what the pages do with their first rows
    QTRY_COMPARE(table->columnWidth(1), 211);
    QCOMPARE(table->horizontalHeader()->sortIndicatorSection(), 2);
    QCOMPARE(table->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);
    QVERIFY(!store.hasPending());
}

void TestWindowLayout::headerWithOtherColumnsKeepsItsLayout()
{
    QVariantMap saved;
    {
        QWidget root;
        auto *table = new QTableView(&root);
        table->setModel(new QStandardItemModel(1, 3, table));
        table->setColumnWidth(0, 333);
        saved = ViewStateStore(&root).capture();
    }
    QWidget root;
    auto *table = new QTableView(&root);
    table->setModel(new QStandardItemModel(1, 4, table)); // a column more than when saved
    const int width = table->columnWidth(0);
    ViewStateStore store(&root);
    store.restore(saved);
    QVERIFY(!store.hasPending());
    QCOMPARE(table->columnWidth(0), width);
    QCOMPARE(table->horizontalHeader()->count(), 4);
}

void TestWindowLayout::storeKeepsWhatWasNeverApplied()
{
    QWidget root;
    auto *holder = new QWidget(&root);
    holder->setObjectName(QStringLiteral("holder"));
    ViewStateStore store(&root);
    const QVariantMap saved{{QStringLiteral("splitter:holder/late"),
                             QVariantMap{{QStringLiteral("state"), QByteArray("x")}, {QStringLiteral("count"), 2}}},
                            {QStringLiteral("unrelated"), 1}};
    store.restore(saved);
    QVERIFY(store.hasPending());
    QVariantMap expected = saved;
    expected.remove(QStringLiteral("unrelated")); // not a layout entry: ignored
    QCOMPARE(store.capture(), expected);
    // A widget created later under the same path takes it on applyPending().
    auto *late = new QSplitter(holder);
    late->setObjectName(QStringLiteral("late"));
    QCOMPARE(ViewStateStore::pathOf(&root, late), QStringLiteral("holder/late"));
    late->addWidget(new QLabel(QStringLiteral("a")));
    late->addWidget(new QLabel(QStringLiteral("b")));
    store.applyPending();
    QVERIFY(!store.hasPending());
    // Unnamed widgets are told apart by class and position.
    auto *second = new QSplitter(holder);
    auto *third = new QSplitter(holder);
    QCOMPARE(ViewStateStore::pathOf(&root, second), QStringLiteral("holder/QSplitter"));
    QCOMPARE(ViewStateStore::pathOf(&root, third), QStringLiteral("holder/QSplitter#1"));
}

QTEST_MAIN(TestWindowLayout)
#include "tst_windowlayout.moc"
