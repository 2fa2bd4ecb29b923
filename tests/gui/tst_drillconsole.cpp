// Drills from the console, as a trainer and a trainee use them: Drills ▸ Start drill… on the real
// console (ConsoleRuntime + ConsoleSessions, as app/gui/main.cpp builds them). The drill's lab
// appears in a tab of its own; once the fault is in, the drill bar's clock runs; Acknowledge is
// the time to detect; a runbook started from the drill tab's Runbooks page is seen in the history
// and scored (its steps against the drill's runbook); the trainee repairs replication with
// redis-cli in "another terminal" and the drill ends recovered with no acknowledged write lost.
// The score is in the history and in the drill report (Report…), which compares runs over time.
// Close drill stops the lab; a second drill (the master out of memory) is aborted from the bar and
// the master takes writes again (the fault undone). Screenshots go to testOutputDir().
#include "ConsoleRuntime.h"
#include "ConsoleSessions.h"
#include "DeploymentWorkspace.h"
#include "MainWindow.h"
#include "TestPaths.h"
#include "drills/DrillBar.h"
#include "drills/DrillHistory.h"
#include "drills/DrillReportDialog.h"
#include "drills/DrillStartDialog.h"
#include "drills/DrillsMenu.h"
#include "history/HistoryStore.h"
#include "runbooks/RunbookPanel.h"
#include "viewmodels/DrillRunsModel.h"
#include "viewmodels/RunbookStepsModel.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace ops;

namespace {
/** redis-cli, as the trainee types it in another terminal: its output, "(no answer)" after 5 s, "(refused)". */
QString redisCli(const Endpoint &node, const QStringList &args)
{
    QProcess cli;
    cli.start(QStringLiteral("redis-cli"), QStringList{QStringLiteral("-h"), node.host, QStringLiteral("-p"),
                                                       QString::number(node.port)} + args);
    if (!cli.waitForFinished(5000)) {
        cli.kill();
        cli.waitForFinished();
        return QStringLiteral("(no answer)");
    }
    const QString out = QString::fromUtf8(cli.readAllStandardOutput()).trimmed();
    return cli.exitCode() != 0 && out.isEmpty() ? QStringLiteral("(refused)") : out;
}
} // namespace

class TestDrillConsole : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void drillFromTheConsole();

private:
    DrillStartDialog *startFromMenu(MainWindow &window, DrillsMenu *drills, const QString &scenario, const QString &trainee);
    QTemporaryDir m_data;
};

void TestDrillConsole::initTestCase()
{
    QVERIFY(m_data.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_data.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_data.path());
}

DrillStartDialog *TestDrillConsole::startFromMenu(MainWindow &window, DrillsMenu *drills, const QString &scenario,
                                                   const QString &trainee)
{
    auto *start = window.findChild<QAction *>(QStringLiteral("actionStartDrill"));
    if (start == nullptr || !start->isEnabled())
        return nullptr;
    start->trigger();
    auto *dialog = window.findChild<DrillStartDialog *>(QStringLiteral("drillStartDialog"));
    if (dialog == nullptr || !dialog->isVisible() || !dialog->selectScenario(scenario))
        return nullptr;
    auto *who = dialog->findChild<QLineEdit *>(QStringLiteral("drillTrainee"));
    who->clear();
    QTest::keyClicks(who, trainee);
    Q_UNUSED(drills);
    return dialog;
}

void TestDrillConsole::drillFromTheConsole()
{
    const QString historyFile = m_data.filePath(QStringLiteral("history.sqlite"));
    ConsoleRuntime runtime;
    runtime.openHistory(historyFile);
    MainWindow window;
    ConsoleSessions sessions(runtime, window, false);
    window.resize(1400, 900);
    window.show();
    DrillsMenu *drills = sessions.drills();
    DrillBar *bar = drills->bar();
    QVERIFY(!bar->isVisible());
    auto *acknowledge = window.findChild<QAction *>(QStringLiteral("drillAcknowledge"));
    auto *abort = window.findChild<QAction *>(QStringLiteral("drillAbort"));
    auto *report = window.findChild<QAction *>(QStringLiteral("drillReport"));
    auto *close = window.findChild<QAction *>(QStringLiteral("drillClose"));
    QVERIFY(acknowledge && abort && report && close);

    // The trainer picks the drill; the trainee is told the briefing and the runbook, not the fault.
    DrillStartDialog *dialog = startFromMenu(window, drills, QStringLiteral("replication-broken"), QStringLiteral("ann"));
    QVERIFY(dialog);
    const QString told = dialog->findChild<QLabel *>(QStringLiteral("drillDetails"))->text();
    QVERIFY2(told.contains(QStringLiteral("Repair replication")) && told.contains(QStringLiteral("replication-lag-high")), qPrintable(told));
    QVERIFY2(!told.contains(QStringLiteral("masterauth")) && !told.contains(QStringLiteral("link")), qPrintable(told));
    QVERIFY(dialog->grab().save(testOutputDir() + QStringLiteral("/drill-start-dialog.png")));
    QSignalSpy injected(&runtime, &ConsoleRuntime::drillInjected);
    QSignalSpy finished(&runtime, &ConsoleRuntime::drillFinished);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("drillStartButton")), Qt::LeftButton);
    QVERIFY(bar->isVisible());
    QVERIFY(!window.findChild<QAction *>(QStringLiteral("actionStartDrill"))->isEnabled()); // one drill at a time
    QVERIFY(!acknowledge->isEnabled()); // nothing to notice before the fault

    // The drill's lab is watched in a tab of its own from the moment it answers.
    QTRY_VERIFY_WITH_TIMEOUT(sessions.drillMonitor() >= 0, 90000);
    DeploymentWorkspace *tab = window.deployment(sessions.drillMonitor());
    QVERIFY(tab);
    QVERIFY(injected.wait(90000));
    QTRY_VERIFY(acknowledge->isEnabled());
    QVERIFY2(bar->statusText().contains(QStringLiteral("it has started")), qPrintable(bar->statusText()));

    // The trainee sees a replica whose link is down in the drill tab.
    const Node *broken = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((broken = [&]() -> const Node * {
        if (!tab->snapshot())
            return nullptr;
        for (const Node &n : tab->snapshot()->nodes)
            if (n.masterLinkUp == 0)
                return &n;
        return nullptr;
    }()) != nullptr, 30000);
    const Endpoint brokenReplica = broken->endpoint;
    QTRY_COMPARE_WITH_TIMEOUT(bar->checkText(), QStringLiteral("not recovered yet"), 10000); // not why: that gives it away
    QVERIFY(window.grab().save(testOutputDir() + QStringLiteral("/drill-running.png")));
    acknowledge->trigger();

    // The drill's runbook from the drill tab's Runbooks page: its first step is seen and scored.
    window.findChild<QAction *>(QStringLiteral("actionShowRunbooks"))->trigger();
    RunbookPanel *panel = tab->runbookPage();
    auto *choice = panel->findChild<QComboBox *>(QStringLiteral("runbookChoice"));
    QVERIFY(choice);
    choice->setCurrentIndex(choice->findData(QStringLiteral(":/runbooks/replication-lag-high.yaml")));
    QVERIFY(choice->currentIndex() >= 0);
    QTest::mouseClick(panel->findChild<QPushButton *>(QStringLiteral("runbookStart")), Qt::LeftButton);
    QSignalSpy seen(&runtime, &ConsoleRuntime::drillActionSeen);
    QTRY_VERIFY_WITH_TIMEOUT([&] {
        for (const QList<QVariant> &args : seen)
            if (args.at(0).toString() == QLatin1String("look"))
                return true;
        return false;
    }(), 20000);

    // The fix, in another terminal: the replica gets the right masterauth (the lab has no password).
    QCOMPARE(redisCli(brokenReplica, {QStringLiteral("CONFIG"), QStringLiteral("SET"), QStringLiteral("masterauth"), QString()}),
             QStringLiteral("OK"));
    QVERIFY(finished.wait(60000));
    const DrillScore score = finished.constFirst().at(0).value<DrillScore>();
    QCOMPARE(finished.constFirst().at(1).toString(), QString()); // stored
    QCOMPARE(score.outcome, QStringLiteral("recovered"));
    QCOMPARE(score.trainee, QStringLiteral("ann"));
    QVERIFY(score.detectMs >= 0 && score.detectMs <= score.recoverMs);
    QVERIFY(score.ackedWrites > 0);
    QCOMPARE(score.lostWrites, 0);
    QVERIFY2(score.actions.contains(QStringLiteral("look")), qPrintable(score.actions.join(QLatin1Char(','))));
    QVERIFY(score.matchedSteps >= 1 && score.runbookSteps == 6);
    QTRY_VERIFY(bar->statusText().startsWith(QLatin1String("Drill replication-broken recovered: detected after")));
    QVERIFY(report->isVisible() && close->isVisible() && !abort->isEnabled());
    QCOMPARE(bar->clockText(), DrillBar::clockText(score.recoverMs)); // the clock stopped at the recovery

    // The runbook goes on to its last (manual) step; the trainee confirms it: the tab can close.
    const RunbookStepsModel *steps = panel->model();
    QTRY_VERIFY_WITH_TIMEOUT(steps->state().prompt.kind == RunbookPrompt::Kind::Manual, 60000);
    QTest::mouseClick(panel->findChild<QPushButton *>(QStringLiteral("runbookConfirm")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(steps->state().ended(), 30000);
    QVERIFY(window.grab().save(testOutputDir() + QStringLiteral("/drill-recovered.png")));

    // The score is in the history, as every console and `redis-ops drill history` read it.
    {
        HistoryStore store(historyFile);
        QVERIFY(!store.open().isError());
        const QList<DrillScore> runs = DrillHistory::runs(store, QStringLiteral("ann"));
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs.first(), score);
    }

    // The drill report from the bar: the run, its details and the trend.
    report->trigger();
    DrillReportDialog *reportDialog = drills->report();
    QVERIFY(reportDialog);
    QTRY_COMPARE(reportDialog->model()->rowCount(), 1);
    QCOMPARE(reportDialog->model()->index(0, DrillRunsModel::VersusPrevious).data().toString(), QStringLiteral("first run"));
    QTRY_VERIFY(reportDialog->detailsText().contains(QStringLiteral("time to recover")));
    QVERIFY(reportDialog->detailsText().contains(QStringLiteral("look")));
    QVERIFY2(reportDialog->trendsText().contains(QStringLiteral("replication-broken / ann: 1 run(s), 1 recovered")),
             qPrintable(reportDialog->trendsText()));

    // Close drill: the lab goes, with its tab.
    const int drillTab = sessions.drillMonitor();
    close->trigger();
    QVERIFY(window.deployment(drillTab) == nullptr);
    QCOMPARE(sessions.drillMonitor(), -1);
    QVERIFY(!bar->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(redisCli(brokenReplica, {QStringLiteral("PING")}), QStringLiteral("(refused)"), 20000);

    // A second drill, aborted from the bar: the master's memory is given back, the run stored as aborted.
    finished.clear();
    injected.clear();
    dialog = startFromMenu(window, drills, QStringLiteral("memory-full"), QStringLiteral("ann"));
    QVERIFY(dialog);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("drillStartButton")), Qt::LeftButton);
    QVERIFY(injected.wait(90000));
    tab = window.deployment(sessions.drillMonitor());
    QVERIFY(tab);
    QTRY_VERIFY_WITH_TIMEOUT(tab->snapshot() && tab->snapshot()->master(), 30000);
    const Endpoint full = tab->snapshot()->master()->endpoint;
    const QStringList write{QStringLiteral("SET"), QStringLiteral("trainee:probe"), QStringLiteral("1")};
    const QString refused = redisCli(full, write);
    QVERIFY2(refused.contains(QStringLiteral("OOM")), qPrintable(refused));
    QTRY_VERIFY(abort->isEnabled());
    abort->trigger();
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.constFirst().at(0).value<DrillScore>().outcome, QStringLiteral("aborted"));
    QCOMPARE(redisCli(full, write), QStringLiteral("OK")); // the fault undone
    QTRY_COMPARE(reportDialog->model()->rowCount(), 2); // the open report follows
    QCOMPARE(reportDialog->model()->index(1, DrillRunsModel::Outcome).data().toString(), QStringLiteral("aborted"));
    reportDialog->resize(1100, 520);
    QVERIFY(reportDialog->grab().save(testOutputDir() + QStringLiteral("/drill-report.png")));
    close->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(redisCli(full, {QStringLiteral("PING")}), QStringLiteral("(refused)"), 20000);
}

QTEST_MAIN(TestDrillConsole)
#include "tst_drillconsole.moc"
