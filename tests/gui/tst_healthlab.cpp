// The Health page as an operator meets it: the real console (ConsoleRuntime + ConsoleSessions, as
// app/gui/main.cpp builds it, with a history database) on a real Sentinel lab (1 master, 2
// replicas, 3 sentinels). The lab's master has no persistence (LabConfig: save "", appendonly no)
// while it has replicas: the finding is on the Health page, on the tab badges, as a mark on the
// master in the graph (its tooltip names the rule), and recorded once as a health-alert event in
// the event log and the history, not once per poll. Fixed with CONFIG SET and "Re-check now", it
// clears everywhere and the clear is recorded once; broken again, a new alert. Screenshots of
// each state go to testOutputDir().
#include "ConsoleRuntime.h"
#include "ConsoleSessions.h"
#include "DeploymentWorkspace.h"
#include "LabFixture.h"
#include "MainWindow.h"
#include "TestPaths.h"
#include "events/EventLogPage.h"
#include "health/HealthPanel.h"
#include "history/HistoryPage.h"
#include "history/HistoryStore.h"
#include "lab/LocalLab.h"
#include "resp/RedisConnection.h"
#include "topology/HealthMarkerItem.h"
#include "topology/NodeDetailsPanel.h"
#include "topology/NodeItem.h"
#include "topology/TopologyPage.h"
#include "topology/TopologyScene.h"
#include "topology/TopologyView.h"
#include "viewmodels/EventLogModel.h"

#include <QHelpEvent>
#include <QJsonArray>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QScopeGuard>
#include <QToolTip>

#include <memory>

using namespace ops;

namespace {

const QString kRule = QStringLiteral("replication.persistence-off");

/** Health events of @p rule in @p events, as "kind node" words. */
QStringList alertsOf(const OpsEvents &events, const QString &rule)
{
    QStringList out;
    for (const OpsEvent &e : events)
        if ((e.kind == OpsEvent::Kind::HealthAlert || e.kind == OpsEvent::Kind::HealthAlertCleared)
            && e.details.value(QStringLiteral("rule")).toString() == rule)
            out << e.kindName() + QLatin1Char(' ') + e.nodeId;
    return out;
}

OpsEvents eventLog(DeploymentWorkspace *w)
{
    OpsEvents out;
    const EventLogModel *m = w->eventLogPage()->eventModel();
    for (int r = 0; r < m->rowCount(); ++r)
        out << m->eventAt(r);
    return out;
}

/** "fire:critical" / "pass" / ... of @p rule in the report the window shows. */
QString outcome(DeploymentWorkspace *w, const QString &rule)
{
    QStringList words;
    for (const HealthFinding &f : w->healthReport().ofRule(rule))
        words << (f.fires() ? QStringLiteral("fire:") + HealthFinding::severityName(f.severity) : HealthFinding::statusName(f.status));
    return words.join(QLatin1Char(','));
}

} // namespace

class TestHealthLab : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void persistenceOffIsShownMarkedAlertedOnceAndClears();
    void backlogAgainstTheMeasuredWriteRate();

private:
    void shot(QWidget *w, const QString &name);
    RedisResult onMaster(const QList<QByteArray> &argv);
    QString markOn(DeploymentWorkspace *w, const QString &nodeId);

    QTemporaryDir m_data;
    std::unique_ptr<LocalLab> m_lab;
    Endpoint m_master;
};

void TestHealthLab::initTestCase()
{
    QVERIFY(m_data.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_data.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_data.path());
    m_lab = labtest::startedLab(LabSpec::Kind::Sentinel, 2);
    QVERIFY(m_lab);
    m_master = labtest::sentinelMaster(*m_lab);
    QVERIFY(m_master.isValid());
}

void TestHealthLab::cleanupTestCase()
{
    m_lab.reset();
}

void TestHealthLab::shot(QWidget *w, const QString &name)
{
    QVERIFY(w->grab().save(testOutputDir() + QStringLiteral("/healthlab-") + name + QStringLiteral(".png")));
}

RedisResult TestHealthLab::onMaster(const QList<QByteArray> &argv)
{
    RedisConnection c(m_lab->topology().connectionOptions(m_master));
    return labtest::execute(c, RespCommand(argv));
}

/** The severity of the mark on @p nodeId in the graph, "" when it has none. */
QString TestHealthLab::markOn(DeploymentWorkspace *w, const QString &nodeId)
{
    const HealthMarkerItem *marker = w->topologyPage()->scene()->healthMarkerOf(nodeId);
    return marker != nullptr && marker->isVisible() ? marker->mark().severity : QString();
}

void TestHealthLab::persistenceOffIsShownMarkedAlertedOnceAndClears()
{
    const QString historyFile = m_data.filePath(QStringLiteral("history.sqlite"));
    auto runtime = std::make_unique<ConsoleRuntime>();
    runtime->openHistory(historyFile);
    auto window = std::make_unique<MainWindow>();
    ConsoleSessions sessions(*runtime, *window);
    window->resize(1400, 900);
    window->setExplicitView(QStringLiteral("health"));
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    sessions.watchLab(m_lab->topology());
    DeploymentWorkspace *w = window->currentDeployment();
    QVERIFY(w);
    const QString master = m_master.toString(); // node ids are host:port outside a cluster

    // 1. Shown: the Health page (--view health) lists the finding, critical, on the master.
    QTRY_COMPARE_WITH_TIMEOUT(outcome(w, kRule), QStringLiteral("fire:critical"), 30000);
    QCOMPARE(w->currentPage(), DeploymentWorkspace::Health);
    QCOMPARE(w->healthReport().ofRule(kRule).first().nodes, QStringList{master});
    auto *table = w->healthPage()->findChild<QTableView *>(QStringLiteral("healthTable"));
    QCOMPARE(table->model()->index(0, 0).data().toString(), QStringLiteral("critical"));
    QCOMPARE(table->model()->index(0, 1).data().toString(), kRule);
    QVERIFY2(w->healthText().startsWith(QStringLiteral("CRITICAL — 1 critical")), qPrintable(w->healthText()));
    // The worst finding is selected by itself: its explanation and fix are on screen.
    auto *details = w->healthPage()->findChild<QPlainTextEdit *>(QStringLiteral("healthDetails"));
    QVERIFY2(details->toPlainText().contains(QStringLiteral("Fix: Enable RDB")), qPrintable(details->toPlainText()));
    // The badges: the deployment tab (icon and tooltip) and the Health page's own tab.
    auto *tabs = window->findChild<QTabWidget *>(QStringLiteral("pages"));
    const int tab = tabs->indexOf(w);
    QTRY_VERIFY(tabs->tabToolTip(tab).startsWith(QStringLiteral("Health: CRITICAL")));
    QVERIFY(!tabs->tabIcon(tab).isNull());
    auto *pages = w->findChild<QTabWidget *>(QStringLiteral("workspacePages"));
    QVERIFY(!pages->tabIcon(DeploymentWorkspace::Health).isNull());
    QVERIFY(pages->tabToolTip(DeploymentWorkspace::Health).startsWith(QStringLiteral("CRITICAL")));
    shot(window.get(), QStringLiteral("health-critical"));

    // 2. Recorded once: a health-alert event in the event log, however many polls follow.
    QTRY_COMPARE_WITH_TIMEOUT(alertsOf(eventLog(w), kRule), QStringList{QStringLiteral("health-alert ") + master}, 20000);
    QSignalSpy snapshots(runtime.get(), &ConsoleRuntime::snapshotChanged);
    QTRY_VERIFY_WITH_TIMEOUT(snapshots.size() >= 6, 20000);
    QCOMPARE(alertsOf(eventLog(w), kRule), QStringList{QStringLiteral("health-alert ") + master});
    QCOMPARE(alertsOf(w->historyPage()->filteredEvents(), kRule), QStringList{QStringLiteral("health-alert ") + master});

    // 3. Marked in the graph: on the master, critical, the tooltip names the rule; not on replicas.
    QTest::keyClick(window.get(), Qt::Key_1, Qt::AltModifier);
    QCOMPARE(w->currentPage(), DeploymentWorkspace::Topology);
    TopologyScene *scene = w->topologyPage()->scene();
    QTRY_COMPARE(markOn(w, master), QStringLiteral("critical"));
    for (const Node &n : w->snapshot()->nodes)
        if (n.isReplica())
            QVERIFY2(!scene->healthMarkerOf(n.id) || !scene->healthMarkerOf(n.id)->mark().lines.join(QLatin1Char(' ')).contains(kRule),
                     qPrintable(n.id));
    HealthMarkerItem *marker = scene->healthMarkerOf(master);
    QVERIFY(marker->toolTipText().contains(QStringLiteral("critical · Persistence on masters (replication.persistence-off)")));
    TopologyView *view = w->topologyPage()->view();
    const QPoint at = view->mapFromScene(marker->mapToScene(QPointF(0, 0)));
    QHelpEvent help(QEvent::ToolTip, at, view->viewport()->mapToGlobal(at));
    QApplication::sendEvent(view->viewport(), &help);
    QTRY_VERIFY(QToolTip::isVisible());
    QVERIFY2(QToolTip::text().contains(kRule), qPrintable(QToolTip::text()));
    QVERIFY2(QToolTip::text().contains(master), qPrintable(QToolTip::text()));
    // Selecting the master lists its findings, with the fix, in the node details.
    const QPoint body = view->mapFromScene(marker->parentItem()->mapToScene(static_cast<NodeItem *>(marker->parentItem())->bodyRect().center()));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::NoModifier, body);
    QCOMPARE(scene->selectedNodeId(), master);
    const QString nodeText = w->topologyPage()->detailsPanel()->text();
    QVERIFY2(nodeText.contains(QStringLiteral("CRITICAL · Persistence on masters (replication.persistence-off)")), qPrintable(nodeText));
    QVERIFY2(nodeText.contains(QStringLiteral("Fix: Enable RDB")), qPrintable(nodeText));
    shot(window.get(), QStringLiteral("topology-marked"));
    QToolTip::hideText();

    // 4. Fixed on the server, then "Re-check now" on the Health page: the settings are read
    //    again at once (not in 5 min); the finding passes, the mark goes, the clear is recorded once.
    QVERIFY(onMaster({"CONFIG", "SET", "save", "3600 1"}).ok());
    QTest::keyClick(window.get(), Qt::Key_6, Qt::AltModifier); // the Health page's shortcut
    QCOMPARE(w->currentPage(), DeploymentWorkspace::Health);
    auto *recheck = w->healthPage()->findChild<QToolButton *>(QStringLiteral("healthRecheck"));
    QVERIFY(recheck && recheck->isVisible());
    QTest::mouseClick(recheck, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(outcome(w, kRule), QStringLiteral("pass"), 10000);
    shot(window.get(), QStringLiteral("health-fixed"));
    QTest::keyClick(window.get(), Qt::Key_1, Qt::AltModifier);
    QTRY_VERIFY(markOn(w, master) != QLatin1String("critical")); // min-replicas-to-write 0 still warns
    QVERIFY(!scene->healthMarkerOf(master)->toolTipText().contains(kRule));
    QTRY_VERIFY(!w->topologyPage()->detailsPanel()->text().contains(kRule)); // still selected, finding gone
    const QStringList cleared{QStringLiteral("health-alert ") + master, QStringLiteral("health-alert-cleared ") + master};
    QTRY_COMPARE_WITH_TIMEOUT(alertsOf(eventLog(w), kRule), cleared, 20000);
    shot(window.get(), QStringLiteral("topology-fixed"));

    // 5. Broken again (F5 this time): a new breach, a new alert.
    QVERIFY(onMaster({"CONFIG", "SET", "save", ""}).ok());
    QTest::keyClick(window.get(), Qt::Key_F5);
    QTRY_COMPARE_WITH_TIMEOUT(markOn(w, master), QStringLiteral("critical"), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(alertsOf(eventLog(w), kRule), cleared + QStringList{QStringLiteral("health-alert ") + master}, 20000);

    // 6. In the history database: the same three records, with the rule's evidence.
    window.reset();
    runtime.reset(); // flushes the history
    HistoryStore store(historyFile);
    QVERIFY(!store.open().isError());
    HistoryQuery q;
    q.kinds = {QStringLiteral("health-alert"), QStringLiteral("health-alert-cleared")};
    const OpsEvents stored = store.query(q);
    QCOMPARE(alertsOf(stored, kRule).size(), 3);
    for (const OpsEvent &e : stored)
        if (e.kind == OpsEvent::Kind::HealthAlert && e.details.value(QStringLiteral("rule")).toString() == kRule) {
            QCOMPARE(e.endpoint, master);
            QCOMPARE(e.severity, OpsEvent::Severity::Critical);
            QCOMPARE(e.details.value(QStringLiteral("evidence")).toObject().value(QStringLiteral("replicas")).toString(), QStringLiteral("2"));
        }
}

// replication.backlog on the lab: the console measures the master's write rate from its
// replication offset; with the smallest backlog Redis allows (16 KB) and ~400 KB/s written, the
// backlog covers a fraction of a second: the rule fires with the measured rate as evidence; with
// the backlog back at 1 MB and the writes stopped, it passes again.
void TestHealthLab::backlogAgainstTheMeasuredWriteRate()
{
    const QString rule = QStringLiteral("replication.backlog");
    auto runtime = std::make_unique<ConsoleRuntime>();
    auto window = std::make_unique<MainWindow>();
    ConsoleSessions sessions(*runtime, *window);
    window->show();
    sessions.watchLab(m_lab->topology());
    DeploymentWorkspace *w = window->currentDeployment();
    QVERIFY(w);
    QTRY_COMPARE_WITH_TIMEOUT(outcome(w, rule), QStringLiteral("pass"), 30000);
    auto restore = qScopeGuard([this] { onMaster({"CONFIG", "SET", "repl-backlog-size", "1048576"}); });
    QVERIFY(onMaster({"CONFIG", "SET", "repl-backlog-size", "16384"}).ok());
    QTest::keyClick(window.get(), Qt::Key_F5); // settings read again at once
    RedisConnection writer(m_lab->topology().connectionOptions(m_master));
    QVERIFY(labtest::openAndWait(writer).kind() == RedisError::Kind::None);
    const QByteArray value(1024, 'v');
    int batches = 0;
    const auto writeSome = [&] {
        QList<RespCommand> batch;
        for (int i = 0; i < 20; ++i)
            batch << RespCommand{"SET", "backlog:" + QByteArray::number(batches * 20 + i), value};
        ++batches;
        labtest::executeAll(writer, batch);
    };
    QTRY_VERIFY_WITH_TIMEOUT((writeSome(), outcome(w, rule) == QLatin1String("fire:warning")), 30000);
    const HealthFinding f = w->healthReport().ofRule(rule).first();
    qInfo().noquote() << f.summary;
    QCOMPARE(f.nodes, QStringList{m_master.toString()});
    const auto evidence = [&f](const QString &name) {
        for (const auto &[key, text] : f.evidence)
            if (key == name)
                return text;
        return QString();
    };
    QVERIFY2(evidence(QStringLiteral("write bytes/s")).toLongLong() > 50 * 1024, qPrintable(f.evidenceText()));
    QCOMPARE(evidence(QStringLiteral("repl-backlog-size")), QStringLiteral("16384"));
    // The backlog back at 1 MB, the writes stopped: the rate decays and the rule passes.
    QVERIFY(onMaster({"CONFIG", "SET", "repl-backlog-size", "1048576"}).ok());
    QTest::keyClick(window.get(), Qt::Key_F5);
    QTRY_COMPARE_WITH_TIMEOUT(outcome(w, rule), QStringLiteral("pass"), 40000);
}

QTEST_MAIN(TestHealthLab)
#include "tst_healthlab.moc"
