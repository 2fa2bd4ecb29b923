// The Runbooks page as an operator uses it: the real console (ConsoleRuntime + ConsoleSessions, as
// app/gui/main.cpp builds them) on a real Sentinel lab. Only runbooks for a Sentinel deployment
// are offered; a bad input is refused before anything runs; the planned-failover runbook is run
// from the page with the mouse and keyboard — a manual step confirmed, the failover's confirmation
// text typed (Run stays disabled until it matches), a note added — and ends with the master moved;
// the journal is read back; "Export incident report…" (disabled while the run goes on) writes the
// run's report with its note and non-blank plots, off the GUI thread. Screenshots go to testOutputDir().
#include "ConsoleRuntime.h"
#include "ConsoleSessions.h"
#include "DeploymentWorkspace.h"
#include "MainWindow.h"
#include "TestPaths.h"
#include "history/HistoryStore.h"
#include "runbooks/RunbookJournal.h"
#include "runbooks/RunbookPanel.h"
#include "viewmodels/RunbookStepsModel.h"

#include <QAction>
#include <QImage>
#include <QStatusBar>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace ops;

class TestRunbookPanel : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void plannedFailoverFromThePage();

private:
    QTemporaryDir m_data;
};

void TestRunbookPanel::initTestCase()
{
    QVERIFY(m_data.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_data.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_data.path());
}

void TestRunbookPanel::plannedFailoverFromThePage()
{
    const QString historyFile = m_data.filePath(QStringLiteral("history.sqlite"));
    ConsoleRuntime runtime;
    runtime.openHistory(historyFile);
    MainWindow window;
    ConsoleSessions sessions(runtime, window, false);
    QSignalSpy shown(&window, &MainWindow::firstSnapshotShown);
    window.resize(1400, 900);
    window.show();
    LabSpec spec;
    spec.kind = LabSpec::Kind::Sentinel;
    spec.replicasPerMaster = 2;
    runtime.startLab(spec);
    QVERIFY(shown.wait(90000));
    DeploymentWorkspace *w = window.currentDeployment();
    QVERIFY(w);
    QTRY_VERIFY_WITH_TIMEOUT(w->snapshot() && w->snapshot()->master() && w->snapshot()->nodes.size() == 3, 30000);
    const Endpoint masterBefore = w->snapshot()->master()->endpoint;

    window.findChild<QAction *>(QStringLiteral("actionShowRunbooks"))->trigger();
    QCOMPARE(w->currentPage(), DeploymentWorkspace::Runbooks);
    RunbookPanel *panel = w->runbookPage();
    auto *choice = panel->findChild<QComboBox *>(QStringLiteral("runbookChoice"));
    auto *start = panel->findChild<QPushButton *>(QStringLiteral("runbookStart"));
    auto *status = panel->findChild<QLabel *>(QStringLiteral("runbookStatus"));
    auto *answer = panel->findChild<QLineEdit *>(QStringLiteral("runbookAnswer"));
    auto *confirm = panel->findChild<QPushButton *>(QStringLiteral("runbookConfirm"));
    auto *note = panel->findChild<QPushButton *>(QStringLiteral("runbookNote"));
    QVERIFY(choice && start && status && answer && confirm && note);

    // A Sentinel deployment is offered the Sentinel runbooks and those for both, not the cluster's.
    QStringList offered;
    for (int i = 0; i < choice->count(); ++i)
        offered << choice->itemData(i).toString().section(QLatin1Char('/'), -1);
    QCOMPARE(offered, QStringList({QStringLiteral("memory-pressure.yaml"), QStringLiteral("replication-lag-high.yaml"),
                                   QStringLiteral("sentinel-master-down.yaml"), QStringLiteral("sentinel-planned-failover.yaml")}));
    choice->setCurrentIndex(choice->findData(QStringLiteral(":/runbooks/sentinel-planned-failover.yaml")));

    // A bad input is refused with the reason; nothing ran, the page can start again.
    auto *maxLag = panel->findChild<QLineEdit *>(QStringLiteral("runbookInput_max_lag"));
    QVERIFY(maxLag);
    QTest::keyClicks(maxLag, QStringLiteral("lots"));
    QTest::mouseClick(start, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(status->text(), QStringLiteral("Not started: input 'max_lag': 'lots' is not a number"), 10000);
    QVERIFY(start->isEnabled());
    maxLag->clear();

    QTest::mouseClick(start, Qt::LeftButton);
    const RunbookStepsModel *model = panel->model();
    const auto waiting = [&](RunbookPrompt::Kind kind, int step) {
        return QTest::qWaitFor([&] { return model->state().prompt.kind == kind && model->state().prompt.step == step; }, 60000);
    };
    // Step 4 asks the operator to tell the application owners: Done.
    QVERIFY(waiting(RunbookPrompt::Kind::Manual, 3));
    QVERIFY(status->text().startsWith(QLatin1String("Running \"Planned maintenance failover of a Sentinel master\"")));
    QVERIFY(confirm->isEnabled());
    QTest::mouseClick(confirm, Qt::LeftButton);
    // Step 5 shows the failover's plan and waits for its confirmation text.
    QVERIFY(waiting(RunbookPrompt::Kind::ConfirmAction, 4));
    const QString expected = model->state().prompt.preview.confirmText;
    QVERIFY(!expected.isEmpty());
    QCOMPARE(confirm->text(), QStringLiteral("Run"));
    QVERIFY(!confirm->isEnabled());
    QTest::keyClicks(answer, expected.left(expected.size() - 1));
    QVERIFY(!confirm->isEnabled());
    QTest::keyClicks(answer, expected.right(1));
    QVERIFY(confirm->isEnabled());
    QVERIFY(window.grab().save(testOutputDir() + QStringLiteral("/runbookpanel-confirm-action.png")));
    auto *exportReport = panel->findChild<QPushButton *>(QStringLiteral("runbookExportReport"));
    QVERIFY(exportReport);
    QVERIFY(!exportReport->isEnabled()); // a running run has no report yet
    QVERIFY(!window.closeCurrentDeployment()); // the run's actions live in this tab's session: it stays
    QCOMPARE(window.currentDeployment(), w);
    QTest::mouseClick(confirm, Qt::LeftButton);
    // The last step: the maintenance itself; a note, then Done.
    QVERIFY(waiting(RunbookPrompt::Kind::Manual, 7));
    QTest::keyClicks(answer, QStringLiteral("patched the old master's host"));
    QTest::mouseClick(note, Qt::LeftButton);
    QTRY_COMPARE(model->state().steps.at(7).notes.size(), 1);
    QVERIFY(window.grab().save(testOutputDir() + QStringLiteral("/runbookpanel-last-step.png")));
    QTest::mouseClick(confirm, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(model->state().ended(), 30000);
    QCOMPARE(model->state().state, OperationRecord::State::Succeeded);
    QVERIFY(status->text().startsWith(QLatin1String("Runbook 'sentinel-planned-failover' ended")));
    QVERIFY(window.grab().save(testOutputDir() + QStringLiteral("/runbookpanel-done.png")));
    QTRY_VERIFY_WITH_TIMEOUT(w->snapshot()->master() && w->snapshot()->master()->endpoint != masterBefore, 15000);

    // The journal has the run as the operator did it: interactive, every step ended, the note kept.
    const QString id = model->state().operationId;
    HistoryStore store(historyFile);
    QVERIFY(!store.open().isError());
    HistoryError error;
    const std::optional<OperationRecord> op = store.operation(id, &error);
    QVERIFY(op);
    QCOMPARE(op->kind, RunbookJournal::kind());
    QCOMPARE(op->mode, QStringLiteral("interactive"));
    QCOMPARE(op->state, OperationRecord::State::Succeeded);
    bool noted = false;
    for (const OperationStep &row : op->steps)
        noted = noted || row.commandText == QStringLiteral("maintenance note: patched the old master's host");
    QVERIFY(noted);

    // The incident report of the run, from the page: the folder asked for, written off the GUI thread.
    const QString folder = m_data.filePath(QStringLiteral("report"));
    window.setReportFolderChooser([folder] { return folder; });
    QVERIFY(exportReport->isEnabled());
    QTest::mouseClick(exportReport, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(window.statusBar()->currentMessage().startsWith(QLatin1String("Incident report written")), 30000);
    QFile md(folder + QStringLiteral("/incident-report.md"));
    QVERIFY(md.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(md.readAll());
    QVERIFY(text.contains(QStringLiteral("patched the old master's host")));
    QVERIFY(text.contains(QStringLiteral("sentinel-failover")));
    QVERIFY(QFile::exists(folder + QStringLiteral("/incident-report.html")));
    const QImage memory(folder + QStringLiteral("/plot-memory.png"));
    QVERIFY(!memory.isNull());
    int coloured = 0;
    for (int y = 0; y < memory.height(); ++y)
        for (int x = 0; x < memory.width(); ++x)
            coloured += memory.pixelColor(x, y).saturation() > 80;
    QVERIFY2(coloured > 300, qPrintable(QString::number(coloured)));
}

QTEST_MAIN(TestRunbookPanel)
#include "tst_runbookpanel.moc"
