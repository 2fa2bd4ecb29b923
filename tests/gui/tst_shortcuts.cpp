// The console's keymap on the real MainWindow with two deployment tabs fed synthetic snapshots
// (offscreen, no servers): every action with text has a key, no two actions that can be active
// at once share one, the window-wide keys and page keys work through real key events, and the
// F1 dialog lists them all.
#include "DeploymentWorkspace.h"
#include "MainWindow.h"
#include "ShortcutsDialog.h"
#include "SyntheticSnapshot.h"
#include "TestPaths.h"
#include "events/EventLogPage.h"
#include "topology/TopologyPage.h"
#include "topology/TopologyScene.h"
#include "topology/TopologyView.h"

#include <QAction>
#include <QApplication>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace ops;

namespace {

constexpr qint64 kNow = 1'700'000'000'000;

SnapshotPtr cluster(int masters)
{
    synthetic::ClusterSpec spec;
    spec.masters = masters;
    TopologySnapshot s = synthetic::clusterSnapshot(spec, kNow);
    s.timestampMs = kNow;
    return std::make_shared<const TopologySnapshot>(std::move(s));
}

bool isMenuAction(const QAction *a)
{
    return a->menu() != nullptr || a->isSeparator();
}

/** Widgets whose subtree an action's shortcut covers: the window for window-wide ones. */
QList<const QWidget *> scopesOf(const QAction *a, const QWidget *window)
{
    if (a->shortcutContext() == Qt::WindowShortcut || a->shortcutContext() == Qt::ApplicationShortcut)
        return {window};
    QList<const QWidget *> out;
    for (const QObject *o : a->associatedObjects())
        if (const auto *w = qobject_cast<const QWidget *>(o); w && !qobject_cast<const QMenu *>(w) && !qobject_cast<const QMenuBar *>(w))
            out << w;
    return out;
}

bool overlaps(const QWidget *a, const QWidget *b)
{
    return a == b || a->isAncestorOf(b) || b->isAncestorOf(a);
}

QString describe(const QAction *a)
{
    return QStringLiteral("%1 \"%2\" %3").arg(a->objectName(), a->text(), a->shortcut().toString());
}

} // namespace

class TestShortcuts : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void everyActionHasAShortcut();
    void noTwoActiveActionsShareAKey();
    void pageKeysSwitchPagesAndMoveFocus();
    void tabKeys();
    void refreshAndClose();
    void pageActionsThroughKeys();
    void shortcutsDialogListsEveryAction();

private:
    void press(int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier);
    QTabWidget *mainTabs() const { return m_window->findChild<QTabWidget *>(QStringLiteral("pages")); }

    QTemporaryDir m_settingsDir;
    std::unique_ptr<MainWindow> m_window;
    DeploymentWorkspace *m_alpha = nullptr;
    DeploymentWorkspace *m_beta = nullptr;
};

void TestShortcuts::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QApplication::setOrganizationName(QStringLiteral("redis-ops-test"));
    QApplication::setApplicationName(QStringLiteral("tst_shortcuts"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
}

void TestShortcuts::init()
{
    QSettings().clear();
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1200, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_alpha = m_window->addDeployment(1, QStringLiteral("alpha"));
    m_window->showSnapshot(1, cluster(3));
    m_beta = m_window->addDeployment(2, QStringLiteral("beta"));
    m_window->showSnapshot(2, cluster(4));
    QCOMPARE(mainTabs()->count(), 3);
    QCOMPARE(mainTabs()->currentWidget(), m_beta);
}

void TestShortcuts::cleanup()
{
    m_window.reset();
}

void TestShortcuts::press(int key, Qt::KeyboardModifiers modifiers)
{
    QWidget *target = QApplication::focusWidget();
    QTest::keyClick(target != nullptr ? target : m_window.get(), Qt::Key(key), modifiers);
}

void TestShortcuts::everyActionHasAShortcut()
{
    int checked = 0;
    for (const QAction *a : m_window->findChildren<QAction *>()) {
        if (isMenuAction(a) || a->text().isEmpty())
            continue;
        ++checked;
        QVERIFY2(!a->shortcut().isEmpty(), qPrintable(QStringLiteral("no shortcut: ") + describe(a)));
    }
    // Window (12) + per tab topology (5) and events (2) at least, twice.
    QVERIFY2(checked >= 12 + 2 * 7, qPrintable(QString::number(checked)));
}

void TestShortcuts::noTwoActiveActionsShareAKey()
{
    QList<const QAction *> actions;
    for (const QAction *a : m_window->findChildren<QAction *>())
        if (!isMenuAction(a) && !a->shortcut().isEmpty())
            actions << a;
    QStringList clashes;
    for (qsizetype i = 0; i < actions.size(); ++i)
        for (qsizetype j = i + 1; j < actions.size(); ++j) {
            const QAction *a = actions[i], *b = actions[j];
            bool sameKey = false;
            for (const QKeySequence &k : a->shortcuts())
                sameKey = sameKey || b->shortcuts().contains(k);
            if (!sameKey)
                continue;
            bool together = false;
            for (const QWidget *sa : scopesOf(a, m_window.get()))
                for (const QWidget *sb : scopesOf(b, m_window.get()))
                    together = together || overlaps(sa, sb);
            if (together)
                clashes << describe(a) + QStringLiteral(" vs ") + describe(b);
        }
    QVERIFY2(clashes.isEmpty(), qPrintable(clashes.join(QLatin1Char('\n'))));
}

void TestShortcuts::pageKeysSwitchPagesAndMoveFocus()
{
    const DeploymentWorkspace::Page pages[] = {DeploymentWorkspace::Topology, DeploymentWorkspace::Slots,
                                               DeploymentWorkspace::Metrics, DeploymentWorkspace::History,
                                               DeploymentWorkspace::Events, DeploymentWorkspace::Health};
    auto *inner = m_beta->findChild<QTabWidget *>(QStringLiteral("workspacePages"));
    QVERIFY(inner);
    for (int i = 5; i >= 0; --i) { // from the last, so every step is a change
        press(Qt::Key_1 + i, Qt::AltModifier);
        QCOMPARE(m_beta->currentPage(), pages[i]);
        QWidget *page = inner->widget(i);
        QWidget *focus = QApplication::focusWidget();
        QVERIFY2(focus == page || page->isAncestorOf(focus), focus ? focus->metaObject()->className() : "no focus");
    }
    // Alt+0 shows the Overview; Alt+5 from there returns to the deployment shown last.
    press(Qt::Key_0, Qt::AltModifier);
    QCOMPARE(mainTabs()->currentIndex(), 0);
    QCOMPARE(m_window->currentDeployment(), m_beta);
    press(Qt::Key_5, Qt::AltModifier);
    QCOMPARE(mainTabs()->currentWidget(), m_beta);
    QCOMPARE(m_beta->currentPage(), DeploymentWorkspace::Events);
}

void TestShortcuts::tabKeys()
{
    QCOMPARE(mainTabs()->currentIndex(), 2);
    press(Qt::Key_PageDown, Qt::ControlModifier);
    QCOMPARE(mainTabs()->currentIndex(), 0); // wraps around
    press(Qt::Key_PageDown, Qt::ControlModifier);
    QCOMPARE(mainTabs()->currentWidget(), m_alpha);
    QVERIFY(m_alpha->isAncestorOf(QApplication::focusWidget())); // page keys work right away
    press(Qt::Key_PageUp, Qt::ControlModifier);
    QCOMPARE(mainTabs()->currentIndex(), 0);
    press(Qt::Key_PageUp, Qt::ControlModifier);
    QCOMPARE(mainTabs()->currentWidget(), m_beta);
}

void TestShortcuts::refreshAndClose()
{
    QSignalSpy refresh(m_window.get(), &MainWindow::refreshRequested);
    QSignalSpy closed(m_window.get(), &MainWindow::deploymentClosed);
    press(Qt::Key_F5);
    QCOMPARE(refresh.count(), 1);
    QCOMPARE(refresh.takeFirst().at(0).toInt(), 2);
    press(Qt::Key_PageDown, Qt::ControlModifier);
    press(Qt::Key_PageDown, Qt::ControlModifier);
    QCOMPARE(mainTabs()->currentWidget(), m_alpha);
    press(Qt::Key_F5);
    QCOMPARE(refresh.takeFirst().at(0).toInt(), 1);

    press(Qt::Key_W, Qt::ControlModifier);
    QCOMPARE(closed.count(), 1);
    QCOMPARE(closed.takeFirst().at(0).toInt(), 1);
    QCOMPARE(mainTabs()->count(), 2);
    QVERIFY(m_window->deployment(1) == nullptr);
    m_window->showSnapshot(1, cluster(3)); // a late snapshot of the closed tab is dropped
    QCOMPARE(mainTabs()->count(), 2);

    // On the Overview, Ctrl+W closes nothing.
    press(Qt::Key_0, Qt::AltModifier);
    press(Qt::Key_W, Qt::ControlModifier);
    QCOMPARE(closed.count(), 0);
    QCOMPARE(mainTabs()->count(), 2);
    press(Qt::Key_PageUp, Qt::ControlModifier);
    press(Qt::Key_W, Qt::ControlModifier);
    QCOMPARE(closed.takeFirst().at(0).toInt(), 2);
    QCOMPARE(mainTabs()->count(), 1);
    // No deployment left: F5 and the page keys do nothing.
    press(Qt::Key_F5);
    press(Qt::Key_1, Qt::AltModifier);
    QCOMPARE(refresh.count(), 0);
    QCOMPARE(mainTabs()->currentIndex(), 0);
}

void TestShortcuts::pageActionsThroughKeys()
{
    TopologyPage *topology = m_beta->topologyPage();
    press(Qt::Key_1, Qt::AltModifier);
    // Ctrl+F: the find field; typing an address selects and centres that node.
    press(Qt::Key_F, Qt::ControlModifier);
    QCOMPARE(QApplication::focusWidget(), topology->findField());
    QTest::keyClicks(topology->findField(), QStringLiteral(":30002"));
    const QString found = topology->scene()->selectedNodeId();
    QVERIFY(!found.isEmpty());
    QCOMPARE(topology->snapshot()->node(found)->endpoint.port, 30002);
    // Esc clears the selection and returns to the graph.
    press(Qt::Key_Escape);
    QVERIFY(topology->scene()->selectedNodeId().isEmpty());
    QVERIFY(topology->findField()->text().isEmpty());
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget *>(topology->view()));

    // The same Ctrl+F on the Events page focuses its search; the topology one is out of scope.
    press(Qt::Key_5, Qt::AltModifier);
    press(Qt::Key_F, Qt::ControlModifier);
    QCOMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("eventSearch"));
    QVERIFY(m_beta->eventLogPage()->isAncestorOf(QApplication::focusWidget()));
}

void TestShortcuts::shortcutsDialogListsEveryAction()
{
    press(Qt::Key_F1);
    ShortcutsDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->findChild<ShortcutsDialog *>()) != nullptr && dialog->isVisible());
    const QStringList rows = dialog->visibleRows();
    // Every action with a key is listed once per group, in plain text.
    for (const QAction *a : m_window->findChildren<QAction *>()) {
        if (isMenuAction(a) || a->shortcut().isEmpty())
            continue;
        QString text = a->text();
        text.remove(QLatin1Char('&'));
        if (text.endsWith(QChar(0x2026)))
            text.chop(1);
        const QString row = ShortcutsDialog::groupOf(a) + QLatin1Char('\t') + text + QLatin1Char('\t')
            + a->shortcuts().first().toString(QKeySequence::NativeText);
        const bool listed = std::any_of(rows.cbegin(), rows.cend(), [&row](const QString &r) { return r.startsWith(row); });
        QVERIFY2(listed, qPrintable(row));
    }
    QVERIFY(rows.contains(QStringLiteral("Main window\tClose deployment tab\tCtrl+W")));
    QVERIFY(rows.contains(QStringLiteral("Main window\tRefresh now\tF5")));
    QVERIFY(rows.contains(QStringLiteral("Topology\tZoom in\tCtrl++, Ctrl+=")));
    QVERIFY(rows.contains(QStringLiteral("Events\tFind in events and log\tCtrl+F")));
    QCOMPARE(rows.count(QStringLiteral("Topology\tFit all nodes\tCtrl+0")), 1); // two tabs, one line
    // Groups: the window first, then the pages in tab order.
    QStringList groups;
    for (const QString &r : rows)
        if (const QString g = r.section(QLatin1Char('\t'), 0, 0); !groups.contains(g))
            groups << g;
    QCOMPARE(groups.first(), QStringLiteral("Main window"));
    QCOMPARE(groups.at(1), QStringLiteral("Topology"));
    QCOMPARE(groups.last(), QStringLiteral("Events"));

    // F1 from the main window again: the same dialog comes forward.
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTest::keyClick(m_window.get(), Qt::Key_F1);
    QTRY_COMPARE(QApplication::activeWindow(), static_cast<QWidget *>(dialog));
    QCOMPARE(m_window->findChildren<ShortcutsDialog *>().size(), 1);
    dialog->resize(560, 760);
    QVERIFY(dialog->grab().save(testOutputDir() + QStringLiteral("/shortcuts-dialog.png")));
    // Search: by words or by key.
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("shortcutsSearch")), QStringLiteral("zoom"));
    QStringList zoom = dialog->visibleRows();
    QCOMPARE(zoom.size(), 2);
    QVERIFY(zoom.at(0).contains(QStringLiteral("Zoom in")) && zoom.at(1).contains(QStringLiteral("Zoom out")));
    dialog->setFilter(QStringLiteral("alt+"));
    QCOMPARE(dialog->visibleRows().size(), 8); // Alt+0..Alt+7
    dialog->setFilter(QStringLiteral("no such thing"));
    QVERIFY(dialog->visibleRows().isEmpty());
    dialog->close();
    QTRY_VERIFY(m_window->findChild<ShortcutsDialog *>() == nullptr); // deleted on close
}

QTEST_MAIN(TestShortcuts)
#include "tst_shortcuts.moc"
