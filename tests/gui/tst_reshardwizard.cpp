// The guided reshard as an operator does it in the real console (ConsoleRuntime + ConsoleSessions
// as app/gui/main.cpp builds them) on a real cluster lab: right-click a master in the graph, "Move
// slots to …", name the source and 600 slots, plan (a live survey: nothing runs), type the
// target's address, start; progress with a paused stretch in which no slot is open; the verified
// result; the slots' new owner in the next snapshot; the journal read back. Also: the drain entry
// of the menu plans all of a master's slots. Screenshots of each state go to testOutputDir().
#include "ConsoleRuntime.h"
#include "ConsoleSessions.h"
#include "DeploymentWorkspace.h"
#include "MainWindow.h"
#include "TestPaths.h"
#include "actions/ActionDialogs.h"
#include "actions/ReshardWizard.h"
#include "history/HistoryQuery.h"
#include "history/HistoryStore.h"
#include "model/HashSlot.h"
#include "resp/RedisConnection.h"
#include "slotmap/MigrationStrip.h"
#include "topology/NodeItem.h"
#include "topology/TopologyPage.h"
#include "topology/TopologyScene.h"
#include "topology/TopologyView.h"

#include <QApplication>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace ops;

class TestReshardWizard : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void moveSlotsFromTheGraphWithPause();

private:
    static void shot(QWidget *w, const QString &name);
    /** Right-clicks @p node in the graph and triggers the menu item @p objectName. */
    static void chooseFromNodeMenu(DeploymentWorkspace *workspace, const Node &node, const QString &objectName);
    static QList<Node> mastersWithSlots(const SnapshotPtr &s);

    QTemporaryDir m_data;
};

void TestReshardWizard::initTestCase()
{
    QVERIFY(m_data.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_data.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_data.path());
}

void TestReshardWizard::shot(QWidget *w, const QString &name)
{
    QVERIFY(w->grab().save(testOutputDir() + QStringLiteral("/reshardwizard-") + name + QStringLiteral(".png")));
}

QList<Node> TestReshardWizard::mastersWithSlots(const SnapshotPtr &s)
{
    QList<Node> out;
    if (s)
        for (const Node &n : s->nodes)
            if (n.isMaster() && !n.slotRanges.isEmpty())
                out << n;
    std::sort(out.begin(), out.end(), [](const Node &a, const Node &b) { return a.slotRanges.first().first < b.slotRanges.first().first; });
    return out;
}

void TestReshardWizard::chooseFromNodeMenu(DeploymentWorkspace *workspace, const Node &node, const QString &objectName)
{
    TopologyPage *topology = workspace->topologyPage();
    QTRY_VERIFY(topology->scene()->nodeItem(node.id) != nullptr);
    TopologyView *view = topology->view();
    NodeItem *item = topology->scene()->nodeItem(node.id);
    const QPoint at = view->mapFromScene(item->mapToScene(item->bodyRect().center()));
    QContextMenuEvent menuEvent(QContextMenuEvent::Mouse, at, view->viewport()->mapToGlobal(at));
    QApplication::sendEvent(view->viewport(), &menuEvent);
    QMenu *menu = nullptr;
    QTRY_VERIFY((menu = qobject_cast<QMenu *>(QApplication::activePopupWidget())) != nullptr);
    QAction *action = menu->findChild<QAction *>(objectName);
    QVERIFY2(action, qPrintable(objectName));
    QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(action).center());
}

void TestReshardWizard::moveSlotsFromTheGraphWithPause()
{
    const QString historyFile = m_data.filePath(QStringLiteral("history.sqlite"));
    auto runtime = std::make_unique<ConsoleRuntime>();
    runtime->openHistory(historyFile);
    auto window = std::make_unique<MainWindow>();
    auto sessions = std::make_unique<ConsoleSessions>(*runtime, *window, false);
    QSignalSpy shown(window.get(), &MainWindow::firstSnapshotShown);
    window->resize(1400, 900);
    window->show();
    LabSpec spec;
    spec.kind = LabSpec::Kind::Cluster;
    spec.replicasPerMaster = 1;
    runtime->startLab(spec);
    QVERIFY(shown.wait(90000));
    DeploymentWorkspace *workspace = window->currentDeployment();
    QVERIFY(workspace);
    QTRY_VERIFY_WITH_TIMEOUT(mastersWithSlots(workspace->snapshot()).size() == 3, 30000);
    const QList<Node> masters = mastersWithSlots(workspace->snapshot());
    const Node source = masters[0];
    const Node target = masters[1];
    // 3,000 keys in the 600 slots that move: with 1,000 keys/s the move lasts long enough to pause.
    const int first = source.slotRanges.first().first;
    ConnectionOptions o;
    o.endpoint = source.endpoint;
    RedisConnection data(o);
    int acked = 0;
    int sent = 0;
    for (int i = 0; sent < 3000; ++i) {
        const QByteArray key = "gw:" + QByteArray::number(i);
        const int slot = HashSlot::of(key);
        if (slot < first || slot >= first + 600)
            continue;
        ++sent;
        data.send(RespCommand{"SET", key, QByteArray(64, 'v')}, this, [&acked](const RedisResult &r) { acked += r.ok() ? 1 : 0; });
    }
    QTRY_COMPARE_WITH_TIMEOUT(acked, 3000, 20000);

    // The drain entry of a master's menu plans all of its slots (previewed, not run).
    chooseFromNodeMenu(workspace, masters[2], QStringLiteral("nodeDrain"));
    ReshardWizard *wizard = nullptr;
    QTRY_VERIFY((wizard = window->findChild<ReshardWizard *>()) != nullptr);
    QTRY_VERIFY_WITH_TIMEOUT(!wizard->preview().id.isEmpty() || !wizard->preview().refusal.isEmpty(), 20000);
    QVERIFY2(wizard->preview().allowed(), qPrintable(wizard->preview().blockingReasons().join(QLatin1Char('\n'))));
    QCOMPARE(wizard->preview().confirmText, masters[2].endpoint.toString());
    int drained = 0;
    for (const SlotRange &r : masters[2].slotRanges)
        drained += r.count();
    QVERIFY2(wizard->preview().title.contains(QStringLiteral("Drain %1: %2 slots to 2 master(s)").arg(masters[2].endpoint.toString()).arg(drained)),
             qPrintable(wizard->preview().plan.join(QLatin1Char('\n'))));
    wizard->close();
    QTRY_VERIFY(window->findChild<ReshardWizard *>() == nullptr);

    // Move 600 slots from the first master to the second, chosen in the graph.
    chooseFromNodeMenu(workspace, target, QStringLiteral("nodeMoveSlotsTo"));
    QTRY_VERIFY((wizard = window->findChild<ReshardWizard *>()) != nullptr);
    QCOMPARE(wizard->findChild<QComboBox *>(QStringLiteral("reshardTarget"))->currentText(), target.endpoint.toString());
    wizard->findChild<QComboBox *>(QStringLiteral("reshardSources"))->setEditText(source.endpoint.toString());
    QLineEdit *slotsEdit = wizard->findChild<QLineEdit *>(QStringLiteral("reshardSlots"));
    QTest::keyClicks(slotsEdit, QStringLiteral("600"));
    wizard->findChild<QSpinBox *>(QStringLiteral("reshardRate"))->setValue(1000); // slow enough to pause
    QTest::mouseClick(wizard->findChild<QPushButton *>(QStringLiteral("reshardPlanButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!wizard->preview().id.isEmpty() || !wizard->preview().refusal.isEmpty(), 20000);
    const ActionPreview preview = wizard->preview();
    QVERIFY2(preview.allowed(), qPrintable(preview.blockingReasons().join(QLatin1Char('\n'))));
    QCOMPARE(preview.confirmText, target.endpoint.toString());
    const QString planText = wizard->findChild<QPlainTextEdit *>(QStringLiteral("reshardPlan"))->toPlainText();
    QVERIFY2(planText.contains(QStringLiteral("600 slots")) && planText.contains(QStringLiteral("MIGRATE"))
                 && planText.contains(QStringLiteral("Slots per master, before -> after")),
             qPrintable(planText));
    auto *start = wizard->findChild<QPushButton *>(QStringLiteral("reshardStart"));
    QVERIFY(!start->isEnabled()); // not before the typed confirmation
    shot(wizard, QStringLiteral("plan"));
    QTest::keyClicks(wizard->findChild<QLineEdit *>(QStringLiteral("reshardConfirm")), target.endpoint.toString());
    QVERIFY(start->isEnabled());
    // The Slots page's tracker sees the move as the console's own (never as someone else's).
    bool sawOwn = false;
    bool sawForeign = false;
    bool noneLeft = false;
    QString ownLine;
    connect(runtime.get(), &ConsoleRuntime::migrationsChanged, this, [&](int, const MigrationViews &views) {
        noneLeft = views.isEmpty();
        for (const MigrationView &v : views) {
            if (v.sourceId != source.id || v.targetId != target.id)
                continue;
            if (v.own && v.slotsTotal == 600 && !v.operationId.isEmpty()) {
                sawOwn = true;
                ownLine = MigrationStrip::lineText(v);
            } else if (!v.own) {
                sawForeign = true;
            }
        }
    });
    QTest::mouseClick(start, Qt::LeftButton);

    // Pause once some slots moved: the paused state holds no open slot; then resume.
    auto *bar = wizard->findChild<QProgressBar *>(QStringLiteral("reshardProgressBar"));
    QTRY_VERIFY_WITH_TIMEOUT(wizard->running() && bar->value() > 0, 30000);
    auto *pause = wizard->findChild<QPushButton *>(QStringLiteral("reshardPause"));
    QTest::mouseClick(pause, Qt::LeftButton);
    auto *numbers = wizard->findChild<QLabel *>(QStringLiteral("reshardProgressText"));
    QTRY_VERIFY_WITH_TIMEOUT(numbers->text().contains(QStringLiteral("paused")) && numbers->text().contains(QStringLiteral("Open now: no slot")), 20000);
    const int pausedAt = bar->value();
    QVERIFY(pausedAt < 600);
    shot(wizard, QStringLiteral("paused"));
    QTest::mouseClick(pause, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(wizard->finished(), 90000);
    const QString result = wizard->findChild<QLabel *>(QStringLiteral("reshardResult"))->text();
    shot(wizard, QStringLiteral("result"));
    QVERIFY2(result.startsWith(QStringLiteral("succeeded (verified)")), qPrintable(result));
    QCOMPARE(bar->value(), 600);
    QVERIFY(sawOwn);
    QVERIFY2(ownLine.contains(QStringLiteral("/600 slots")) && ownLine.endsWith(QStringLiteral("(this console)")), qPrintable(ownLine));
    QTRY_VERIFY_WITH_TIMEOUT(noneLeft, 20000); // ended after the grace period, without a summary (checked below)
    QVERIFY(!sawForeign);

    // The graph's snapshot follows: the first 600 of the source's slots belong to the target.
    QTRY_VERIFY_WITH_TIMEOUT(workspace->snapshot() && workspace->snapshot()->node(target.id)
                                 && std::any_of(workspace->snapshot()->node(target.id)->slotRanges.cbegin(),
                                                workspace->snapshot()->node(target.id)->slotRanges.cend(),
                                                [first](const SlotRange &r) { return r.contains(first) && r.contains(first + 599); }),
                             20000);
    shot(window.get(), QStringLiteral("after"));
    QTest::mouseClick(wizard->findChild<QPushButton *>(QStringLiteral("reshardClose")), Qt::LeftButton);
    sessions.reset();
    window.reset();
    runtime.reset();

    HistoryStore store(historyFile);
    QVERIFY(!store.open().isError());
    const QList<OperationRecord> ops = store.operations(OperationQuery{});
    QCOMPARE(ops.size(), 1);
    QCOMPARE(ops.first().kind, QStringLiteral("cluster-reshard"));
    QCOMPARE(ops.first().state, OperationRecord::State::Succeeded);
    QCOMPARE(ops.first().details.value(QStringLiteral("slotsMoved")).toInt(), 600);
    HistoryQuery summaries;
    summaries.kinds = {QStringLiteral("migration-summary")};
    QVERIFY(store.query(summaries).isEmpty()); // the journal has it: not recorded as a migration from elsewhere
}

QTEST_MAIN(TestReshardWizard)
#include "tst_reshardwizard.moc"
