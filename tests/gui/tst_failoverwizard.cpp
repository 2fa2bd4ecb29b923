// The guided failover as an operator does it: the real console (ConsoleRuntime + ConsoleSessions,
// as app/gui/main.cpp builds it) on a real Sentinel lab (1 master, 2 replicas, 3 sentinels),
// driven through the window with real input events, every interaction counted: from a cold start
// to a verified graceful failover. The journal is read back afterwards, and a read-only console
// shows the same plan but cannot run it. Screenshots of each state go to testOutputDir().
#include "ConsoleRuntime.h"
#include "ConsoleSessions.h"
#include "DeploymentWorkspace.h"
#include "MainWindow.h"
#include "TestPaths.h"
#include "actions/ActionDialogs.h"
#include "actions/FailoverWizard.h"
#include "history/HistoryStore.h"
#include "topology/NodeItem.h"
#include "topology/TopologyPage.h"
#include "topology/TopologyScene.h"
#include "topology/TopologyView.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QContextMenuEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace ops;

class TestFailoverWizard : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void gracefulFailoverFromColdStartInFewInteractions();
    void readOnlyConsoleShowsThePlanButCannotRunIt();
    void clusterReplicaPromotedFromTheGraph();

private:
    struct Console
    {
        std::unique_ptr<ConsoleRuntime> runtime;
        std::unique_ptr<MainWindow> window;
        std::unique_ptr<ConsoleSessions> sessions;
    };
    /** The console started as `redis-ops-console --lab sentinel` starts it; null when the lab failed. */
    bool coldStart(Console &c, bool readOnly, LabSpec::Kind kind = LabSpec::Kind::Sentinel);
    /** Right-clicks node @p id in the graph and chooses its failover item; the wizard it opens. */
    static FailoverWizard *openFromGraph(Console &c, DeploymentWorkspace *workspace, const Node &node);
    /** The deployment's master once every server has answered (and its sentinels agree). */
    static const Node *settledMaster(DeploymentWorkspace *w);
    static void shot(QWidget *w, const QString &name);

    QTemporaryDir m_data;
    QString m_historyFile;
};

void TestFailoverWizard::initTestCase()
{
    QVERIFY(m_data.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_data.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_data.path());
    m_historyFile = m_data.filePath(QStringLiteral("history.sqlite"));
}

bool TestFailoverWizard::coldStart(Console &c, bool readOnly, LabSpec::Kind kind)
{
    c.runtime = std::make_unique<ConsoleRuntime>();
    c.runtime->openHistory(m_historyFile);
    c.window = std::make_unique<MainWindow>();
    c.sessions = std::make_unique<ConsoleSessions>(*c.runtime, *c.window, readOnly);
    QSignalSpy failed(c.runtime.get(), &ConsoleRuntime::labFailed);
    QSignalSpy shown(c.window.get(), &MainWindow::firstSnapshotShown);
    c.window->resize(1400, 900);
    c.window->show();
    LabSpec spec;
    spec.kind = kind;
    spec.replicasPerMaster = kind == LabSpec::Kind::Sentinel ? 2 : 1;
    c.runtime->startLab(spec);
    if (!shown.wait(90000)) {
        qWarning() << "no complete snapshot:" << (failed.isEmpty() ? QString() : failed.first().first().toString());
        return false;
    }
    return true;
}

const Node *TestFailoverWizard::settledMaster(DeploymentWorkspace *w)
{
    const SnapshotPtr s = w ? w->snapshot() : nullptr;
    if (!s || s->nodes.size() != 3 || s->sentinels.size() != 3)
        return nullptr;
    for (const Node &n : s->nodes)
        if (n.isReplica() && (n.masterLinkUp != 1 || n.lastSeenMs == 0))
            return nullptr;
    return s->master();
}

void TestFailoverWizard::shot(QWidget *w, const QString &name)
{
    QVERIFY(w->grab().save(testOutputDir() + QStringLiteral("/failoverwizard-") + name + QStringLiteral(".png")));
}

void TestFailoverWizard::gracefulFailoverFromColdStartInFewInteractions()
{
    Console c;
    QVERIFY(coldStart(c, false)); // the operator's command line: not an interaction in the window
    int interactions = 0;
    DeploymentWorkspace *workspace = c.window->currentDeployment();
    QVERIFY(workspace);
    QTRY_VERIFY_WITH_TIMEOUT(settledMaster(workspace) != nullptr, 30000);
    const Node oldMaster = *settledMaster(workspace);
    TopologyPage *topology = workspace->topologyPage();
    QTRY_VERIFY(topology->scene()->nodeItem(oldMaster.id) != nullptr);

    // 1. Right-click the master in the graph.
    TopologyView *view = topology->view();
    NodeItem *item = topology->scene()->nodeItem(oldMaster.id);
    const QPoint at = view->mapFromScene(item->mapToScene(item->bodyRect().center()));
    QContextMenuEvent menuEvent(QContextMenuEvent::Mouse, at, view->viewport()->mapToGlobal(at));
    QApplication::sendEvent(view->viewport(), &menuEvent);
    ++interactions;
    QMenu *menu = nullptr;
    QTRY_VERIFY((menu = qobject_cast<QMenu *>(QApplication::activePopupWidget())) != nullptr);
    QAction *failover = menu->findChild<QAction *>(QStringLiteral("nodeFailover"));
    QVERIFY(failover);
    QVERIFY2(failover->text().contains(oldMaster.endpoint.toString()), qPrintable(failover->text()));
    shot(c.window.get(), QStringLiteral("menu"));

    // 2. Choose "Fail over … to its best replica".
    QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(failover).center());
    ++interactions;
    FailoverWizard *wizard = nullptr;
    QTRY_VERIFY((wizard = c.window->findChild<FailoverWizard *>()) != nullptr);
    QTRY_VERIFY_WITH_TIMEOUT(!wizard->preview().id.isEmpty() || !wizard->preview().refusal.isEmpty(), 20000);
    const ActionPreview preview = wizard->preview();
    QVERIFY2(preview.allowed(), qPrintable(preview.blockingReasons().join(QLatin1Char('\n'))));
    QCOMPARE(preview.mode, QStringLiteral("graceful")); // the default: loses nothing
    QCOMPARE(preview.confirmText, QStringLiteral("mymaster"));
    QVERIFY(preview.commands.join(QLatin1Char('\n')).contains(QStringLiteral("CLIENT PAUSE")));
    QVERIFY(preview.commands.join(QLatin1Char('\n')).contains(QStringLiteral("SENTINEL FAILOVER")));
    // What the operator reads is what the backend planned: checks and commands shown as given.
    auto *checks = wizard->findChild<QTreeWidget *>(QStringLiteral("preChecks"));
    QCOMPARE(checks->topLevelItemCount(), preview.checks.size());
    QCOMPARE(wizard->findChild<QPlainTextEdit *>(QStringLiteral("commandsText"))->toPlainText(), preview.commands.join(QLatin1Char('\n')));
    auto *execute = wizard->findChild<QPushButton *>(QStringLiteral("executeFailover"));
    QVERIFY(!execute->isEnabled()); // not before the typed confirmation
    QVERIFY(wizard->findChild<QLabel *>(QStringLiteral("wizardStatus"))->text().startsWith(QStringLiteral("Dry run")));
    shot(wizard, QStringLiteral("preview"));

    // 3. Type the master's name. A wrong name keeps the button disabled.
    auto *confirm = wizard->findChild<QLineEdit *>(QStringLiteral("confirmText"));
    QTest::keyClicks(confirm, QStringLiteral("mymaster"));
    ++interactions;
    QVERIFY(execute->isEnabled());

    // 4. Fail over.
    QTest::mouseClick(execute, Qt::LeftButton);
    ++interactions;
    auto *result = wizard->findChild<QLabel *>(QStringLiteral("resultText"));
    QTRY_VERIFY_WITH_TIMEOUT(wizard->finished(), 60000);
    shot(wizard, QStringLiteral("result"));
    const QString resultText = result->text();
    QVERIFY2(resultText.startsWith(QStringLiteral("VERIFIED")), qPrintable(resultText));
    QVERIFY2(resultText.contains(QStringLiteral("Writes paused: ")), qPrintable(resultText));
    const QString progress = wizard->findChild<QPlainTextEdit *>(QStringLiteral("progressLog"))->toPlainText();
    QVERIFY2(progress.contains(QStringLiteral("+switch-master")), qPrintable(progress));
    QVERIFY2(progress.contains(QStringLiteral("CLIENT UNPAUSE")), qPrintable(progress));
    qInfo("interactions from cold start to a verified graceful failover: %d", interactions);
    QVERIFY(interactions <= 6);

    // The graph follows: the old master comes back as a replica of the promoted one.
    QTRY_VERIFY_WITH_TIMEOUT(settledMaster(workspace) && settledMaster(workspace)->endpoint != oldMaster.endpoint, 30000);
    QCOMPARE(settledMaster(workspace)->endpoint.toString(), preview.target);
    shot(c.window.get(), QStringLiteral("after"));

    // The journal, read back once the console is gone: the operation, verified, with its steps.
    QPushButton *close = wizard->findChild<QPushButton *>(QStringLiteral("closeWizard"));
    QTest::mouseClick(close, Qt::LeftButton);
    c.sessions.reset();
    c.window.reset();
    c.runtime.reset();
    HistoryStore store(m_historyFile);
    QVERIFY(!store.open().isError());
    OperationQuery q;
    q.withSteps = true;
    const QList<OperationRecord> ops = store.operations(q);
    QCOMPARE(ops.size(), 1);
    QCOMPARE(ops.first().kind, QStringLiteral("sentinel-failover"));
    QCOMPARE(ops.first().mode, QStringLiteral("graceful"));
    QCOMPARE(ops.first().state, OperationRecord::State::Succeeded);
    QVERIFY(ops.first().steps.size() >= 5);
}

void TestFailoverWizard::readOnlyConsoleShowsThePlanButCannotRunIt()
{
    Console c;
    QVERIFY(coldStart(c, true));
    DeploymentWorkspace *workspace = c.window->currentDeployment();
    QTRY_VERIFY_WITH_TIMEOUT(settledMaster(workspace) != nullptr, 30000);
    // From the menu this time (Actions ▸ Fail over, Ctrl+Shift+F).
    QAction *action = c.window->findChild<QAction *>(QStringLiteral("actionFailover"));
    QVERIFY(action && action->isEnabled());
    action->trigger();
    FailoverWizard *wizard = nullptr;
    QTRY_VERIFY((wizard = c.window->findChild<FailoverWizard *>()) != nullptr);
    QTRY_VERIFY_WITH_TIMEOUT(!wizard->preview().refusal.isEmpty() || !wizard->preview().id.isEmpty(), 20000);
    const ActionPreview preview = wizard->preview();
    QVERIFY2(preview.refusal.contains(QStringLiteral("read-only")), qPrintable(preview.refusal));
    QVERIFY(!preview.commands.isEmpty()); // the dry run is still shown in full
    QTest::keyClicks(wizard->findChild<QLineEdit *>(QStringLiteral("confirmText")), preview.confirmText);
    QVERIFY(!wizard->findChild<QPushButton *>(QStringLiteral("executeFailover"))->isEnabled());
    QVERIFY(wizard->findChild<QLabel *>(QStringLiteral("wizardStatus"))->text().contains(QStringLiteral("read-only")));
    shot(wizard, QStringLiteral("readonly"));
    // Even an intent that bypasses the dialog is refused by the backend.
    QSignalSpy finished(c.runtime.get(), &ConsoleRuntime::actionFinished);
    c.runtime->executeAction(1, preview.id);
    QVERIFY(finished.wait(10000));
    const auto outcome = finished.first().at(1).value<ActionOutcome>();
    QCOMPARE(outcome.state, QStringLiteral("refused"));
    QVERIFY(outcome.operationId.isEmpty());
}

FailoverWizard *TestFailoverWizard::openFromGraph(Console &c, DeploymentWorkspace *workspace, const Node &node)
{
    TopologyPage *topology = workspace->topologyPage();
    TopologyView *view = topology->view();
    NodeItem *item = topology->scene()->nodeItem(node.id);
    if (!item)
        return nullptr;
    const QPoint at = view->mapFromScene(item->mapToScene(item->bodyRect().center()));
    QContextMenuEvent menuEvent(QContextMenuEvent::Mouse, at, view->viewport()->mapToGlobal(at));
    QApplication::sendEvent(view->viewport(), &menuEvent);
    auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
    QAction *failover = menu ? menu->findChild<QAction *>(QStringLiteral("nodeFailover")) : nullptr;
    if (!failover)
        return nullptr;
    QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(failover).center());
    return c.window->findChild<FailoverWizard *>();
}

// A cluster: right-click a replica, the wizard plans CLUSTER FAILOVER on it (default mode, the
// master's address to type), TAKEOVER needs the extra tick, and the default one runs and verifies.
void TestFailoverWizard::clusterReplicaPromotedFromTheGraph()
{
    Console c;
    QVERIFY(coldStart(c, false, LabSpec::Kind::Cluster));
    DeploymentWorkspace *workspace = c.window->currentDeployment();
    QVERIFY(workspace);
    QTRY_VERIFY_WITH_TIMEOUT(workspace->snapshot() && workspace->snapshot()->nodes.size() == 6
                                 && workspace->snapshot()->slotMap, 30000);
    const SnapshotPtr s = workspace->snapshot();
    const Node *replica = nullptr;
    for (const Node &n : s->nodes)
        if (n.isReplica() && n.masterLinkUp == 1)
            replica = &n;
    QVERIFY(replica);
    const Node target = *replica;
    const Node oldMaster = *s->node(target.masterId);
    QTRY_VERIFY(workspace->topologyPage()->scene()->nodeItem(target.id) != nullptr);
    FailoverWizard *wizard = openFromGraph(c, workspace, target);
    QVERIFY(wizard);
    QTRY_VERIFY_WITH_TIMEOUT(!wizard->preview().id.isEmpty() || !wizard->preview().refusal.isEmpty(), 20000);
    ActionPreview preview = wizard->preview();
    QVERIFY2(preview.allowed(), qPrintable(preview.blockingReasons().join(QLatin1Char('\n'))));
    QCOMPARE(preview.kind, QStringLiteral("cluster-failover"));
    QCOMPARE(preview.mode, QStringLiteral("default"));
    QCOMPARE(preview.target, target.endpoint.toString());
    QCOMPARE(preview.confirmText, oldMaster.endpoint.toString());
    QVERIFY2(preview.commands.join(QLatin1Char('\n')).contains(QStringLiteral("CLUSTER FAILOVER")), qPrintable(preview.commands.join(QLatin1Char('\n'))));
    QVERIFY(!preview.extraConfirmation);

    // TAKEOVER: surveyed again, and the typed address alone does not enable it.
    auto *confirm = wizard->findChild<QLineEdit *>(QStringLiteral("confirmText"));
    auto *execute = wizard->findChild<QPushButton *>(QStringLiteral("executeFailover"));
    auto *takeover = wizard->findChild<QAbstractButton *>(QStringLiteral("mode-takeover"));
    QVERIFY(takeover);
    const QString firstId = preview.id;
    QTest::mouseClick(takeover, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(wizard->preview().id != firstId && !wizard->preview().id.isEmpty(), 20000);
    QVERIFY(wizard->preview().extraConfirmation);
    QTest::keyClicks(confirm, oldMaster.endpoint.toString());
    QVERIFY(!execute->isEnabled());
    auto *extra = wizard->findChild<QCheckBox *>(QStringLiteral("extraConfirm"));
    QVERIFY(extra->isVisible());
    shot(wizard, QStringLiteral("cluster-takeover"));
    extra->setChecked(true);
    QVERIFY(execute->isEnabled());

    // Back to the default mode, which is what runs.
    const QString takeoverId = wizard->preview().id;
    QTest::mouseClick(wizard->findChild<QAbstractButton *>(QStringLiteral("mode-default")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(wizard->preview().id != takeoverId && !wizard->preview().id.isEmpty(), 20000);
    QCOMPARE(wizard->preview().mode, QStringLiteral("default"));
    QVERIFY(execute->isEnabled()); // the address typed still matches
    QTest::mouseClick(execute, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(wizard->finished(), 60000);
    shot(wizard, QStringLiteral("cluster-result"));
    const QString resultText = wizard->findChild<QLabel *>(QStringLiteral("resultText"))->text();
    QVERIFY2(resultText.startsWith(QStringLiteral("VERIFIED")), qPrintable(resultText));
    QVERIFY2(resultText.contains(QStringLiteral("Config epoch")), qPrintable(resultText));
    // The graph follows: the replica is the shard's master now.
    QTRY_VERIFY_WITH_TIMEOUT(workspace->snapshot()->node(target.id) && workspace->snapshot()->node(target.id)->isMaster(), 30000);
}

QTEST_MAIN(TestFailoverWizard)
#include "tst_failoverwizard.moc"
