// The Runbooks page's Resume button on a run interrupted for real (issue 12). On a cluster lab
// seeded with 100,000 keys, `redis-ops runbook run` (the real binary, non-interactive) runs a
// runbook from the data folder's runbooks/ (a check, a reshard of slots 0-4999, a wait for every
// node to agree) and is SIGKILLed while its reshard has slots open. Then the real console
// (ConsoleRuntime + MainWindow + ConsoleSessions, as app/gui/main.cpp builds them) opens on the
// same data dir and history file and watches the cluster: the deployment's Runbooks page offers
// "Resume move-under-load (<id>)"; the test clicks it, the run asks to confirm the resumed reshard
// (its resume preview), the operator types the confirmation text and presses Run, and the run
// ends succeeded — in the panel's status and in the journal read back (the cut-off attempt and
// the resumed one, both on the same reshard, which succeeded as resumed). No slot is left open
// and every seeded key is there; the chooser above the steps names the resumed run's runbook.
// Screenshots of the offer, the confirmation and the panel after the resume go to testOutputDir().
#include "MoveUnderLoadRunbook.h"
#include "AppPaths.h"
#include "CliProcess.h"
#include "ClusterData.h"
#include "ConsoleRuntime.h"
#include "ConsoleSessions.h"
#include "DeploymentWorkspace.h"
#include "LabFixture.h"
#include "MainWindow.h"
#include "TestPaths.h"
#include "history/HistoryStore.h"
#include "runbooks/RunbookJournal.h"
#include "runbooks/RunbookPanel.h"
#include "viewmodels/RunbookStepsModel.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

using namespace ops;

namespace {
const QByteArray kPrefix = "rr:";
constexpr int kKeys = 100000;
constexpr int kBytes = 64;

constexpr const auto &kRunbook = runbooktest::kMoveUnderLoad;
} // namespace

class TestRunbookResume : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void resumeButtonFinishesKilledRun();

private:
    std::optional<OperationRecord> stored(const QString &id);
    /** Runs the runbook with the CLI and SIGKILLs it while its reshard has slots open: the run's id and the reshard's. */
    bool killRunMidReshard(const QList<Endpoint> &masters, QString *run, QString *reshard);

    QTemporaryDir m_home;
    QString m_historyFile;
    std::unique_ptr<LocalLab> m_lab;
    std::unique_ptr<HistoryStore> m_store;
};

void TestRunbookResume::initTestCase()
{
    QVERIFY(m_home.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_home.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_home.path());
    // The CLI's --data-dir (CliProcess) and the console's data dir are one folder: one history, one runbooks/.
    const QString data = m_home.filePath(QStringLiteral("data"));
    QVERIFY(QDir().mkpath(data + QStringLiteral("/runbooks")));
    QFile f(data + QStringLiteral("/runbooks/move-under-load.yaml"));
    QVERIFY(f.open(QIODevice::WriteOnly) && f.write(kRunbook) == qint64(sizeof kRunbook - 1));
    f.close();
    AppPaths::setDataDirOverride(data);
    m_historyFile = data + QStringLiteral("/history.sqlite");
    m_lab = labtest::startedLab(LabSpec::Kind::Cluster, 0);
    QVERIFY(m_lab);
    QString why;
    QVERIFY2(labtest::waitClusterSettled(*m_lab, why, 60000), qPrintable(why));
    const QString seeded = labtest::seedKeys(*m_lab, kPrefix, kKeys, kBytes);
    QVERIFY2(seeded.isEmpty(), qPrintable(seeded));
}

void TestRunbookResume::cleanupTestCase()
{
    m_store.reset();
    m_lab.reset();
}

std::optional<OperationRecord> TestRunbookResume::stored(const QString &id)
{
    if (!m_store) { // one reader, opened once the CLI made the file
        auto store = std::make_unique<HistoryStore>(m_historyFile);
        if (store->open().isError())
            return std::nullopt;
        m_store = std::move(store);
    }
    return m_store->operation(id);
}

bool TestRunbookResume::killRunMidReshard(const QList<Endpoint> &masters, QString *run, QString *reshard)
{
    CliProcess cli(QStringLiteral(REDIS_OPS_BINARY), m_home.path(),
                   {QStringLiteral("runbook"), QStringLiteral("run"), QStringLiteral("move-under-load"), QStringLiteral("--non-interactive"),
                    QStringLiteral("--input"), QStringLiteral("from=") + masters[0].toString(), QStringLiteral("--input"),
                    QStringLiteral("to=") + masters[1].toString(), QStringLiteral("-h"), masters[0].host, QStringLiteral("-p"),
                    QString::number(masters[0].port), QStringLiteral("--json")});
    const auto alive = [&cli] { return cli.process().state() != QProcess::NotRunning; };
    if (!QTest::qWaitFor([&] { return cli.sawLine([](const QJsonObject &l) { return l.value(QStringLiteral("event")) == QLatin1String("started"); }) || !alive(); }, 30000)
        || !alive())
        return false;
    *run = cli.lastMatch().value(QStringLiteral("operation")).toString();
    const bool started = QTest::qWaitFor([&] {
        const std::optional<OperationRecord> r = stored(*run);
        const QString text = r && r->steps.size() >= 2 ? r->steps.at(1).replySummary : QString();
        *reshard = text.startsWith(QLatin1String("operation ")) ? text.mid(10) : QString(); // RunbookJournal::startedSummary
        return !reshard->isEmpty() || !alive();
    }, 30000);
    const bool open = started && QTest::qWaitFor([&] { return !labtest::openSlots(*m_lab).isEmpty() || !alive(); }, 30000);
    if (!open || !alive() || reshard->isEmpty()) {
        qWarning().noquote() << "the run did not reach an open slot:\n" << (cli.out().right(2000) + cli.err().right(2000));
        return false;
    }
    ::kill(pid_t(cli.process().processId()), SIGKILL);
    return cli.finished(10000) && cli.process().exitStatus() == QProcess::CrashExit;
}

void TestRunbookResume::resumeButtonFinishesKilledRun()
{
    const QList<Endpoint> masters = labtest::mastersBySlot(*m_lab);
    QCOMPARE(masters.size(), 3);
    QString id, reshard;
    QVERIFY(killRunMidReshard(masters, &id, &reshard));
    QVERIFY(!labtest::openSlots(*m_lab).isEmpty());
    std::optional<OperationRecord> cut = stored(id);
    QVERIFY(cut);
    QVERIFY(!cut->isFinished());
    QVERIFY(!stored(reshard)->isFinished());

    // The real console on the same data dir, watching the cluster.
    ConsoleRuntime runtime;
    runtime.openHistory(m_historyFile);
    MainWindow window;
    ConsoleSessions sessions(runtime, window, false);
    window.resize(1400, 900);
    window.show();
    sessions.watchSeed(m_lab->topology().connectionOptions(masters[2]), false);
    QTRY_VERIFY_WITH_TIMEOUT(window.currentDeployment() && window.currentDeployment()->snapshot(), 30000);
    DeploymentWorkspace *w = window.currentDeployment();
    window.findChild<QAction *>(QStringLiteral("actionShowRunbooks"))->trigger();
    QCOMPARE(w->currentPage(), DeploymentWorkspace::Runbooks);
    RunbookPanel *panel = w->runbookPage();
    auto *resume = panel->findChild<QPushButton *>(QStringLiteral("runbookResume"));
    auto *status = panel->findChild<QLabel *>(QStringLiteral("runbookStatus"));
    auto *answer = panel->findChild<QLineEdit *>(QStringLiteral("runbookAnswer"));
    auto *confirm = panel->findChild<QPushButton *>(QStringLiteral("runbookConfirm"));
    auto *promptText = panel->findChild<QPlainTextEdit *>(QStringLiteral("runbookPromptText"));
    QVERIFY(resume && status && answer && confirm && promptText);
    QTRY_VERIFY_WITH_TIMEOUT(resume->isVisible() && resume->isEnabled(), 30000);
    QCOMPARE(resume->text(), QStringLiteral("Resume move-under-load (%1)").arg(id.left(8)));
    QVERIFY(window.grab().save(testOutputDir() + QStringLiteral("/runbookresume-offer.png")));

    // The operator presses Resume; the cut-off reshard is offered to go on, as the resume wizard would.
    QElapsedTimer resumeTime;
    resumeTime.start();
    QTest::mouseClick(resume, Qt::LeftButton);
    const RunbookStepsModel *model = panel->model();
    QTRY_VERIFY_WITH_TIMEOUT(model->state().prompt.kind != RunbookPrompt::Kind::None || model->state().ended(), 60000);
    QVERIFY2(!model->state().ended(), qPrintable(model->state().outcome));
    QVERIFY2(model->state().prompt.kind == RunbookPrompt::Kind::ConfirmAction, qPrintable(model->state().prompt.text));
    QCOMPARE(model->state().operationId, id);
    QCOMPARE(model->state().prompt.step, 1);
    const ActionPreview preview = model->state().prompt.preview;
    QCOMPARE(preview.mode, QStringLiteral("resume"));
    QCOMPARE(preview.confirmText, reshard.left(8));
    QVERIFY2(promptText->toPlainText().contains(QStringLiteral("Resume ") + reshard.left(8)), qPrintable(promptText->toPlainText()));
    QVERIFY(!confirm->isEnabled());
    QTest::keyClicks(answer, preview.confirmText);
    QVERIFY(confirm->isEnabled());
    QCOMPARE(confirm->text(), QStringLiteral("Run"));
    QVERIFY(window.grab().save(testOutputDir() + QStringLiteral("/runbookresume-confirm.png")));
    QTest::mouseClick(confirm, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(model->state().ended(), 120000);
    qInfo() << "resumed from the Resume button to the end in" << resumeTime.elapsed() << "ms (typing included)";
    QCOMPARE(model->state().state, OperationRecord::State::Succeeded);
    QVERIFY2(status->text().startsWith(QLatin1String("Runbook 'move-under-load' ended")), qPrintable(status->text()));
    QVERIFY(!resume->isVisible()); // nothing left to resume
    // Above the steps: the run's own runbook, its description and inputs (not the chooser's first entry).
    const auto *choice = panel->findChild<QComboBox *>(QStringLiteral("runbookChoice"));
    QCOMPARE(choice->currentText(), QStringLiteral("Move slots under load — move-under-load"));
    QVERIFY(panel->findChild<QLineEdit *>(QStringLiteral("runbookInput_from")));
    QVERIFY(!panel->findChild<QLineEdit *>(QStringLiteral("runbookInput_node")));
    QVERIFY(panel->grab().save(testOutputDir() + QStringLiteral("/runbookresume-done.png")));

    // The journal read back: the same run, the cut-off attempt and the resumed one on the same reshard.
    const std::optional<OperationRecord> done = stored(id);
    QVERIFY(done);
    QCOMPARE(done->state, OperationRecord::State::Succeeded);
    QStringList rows;
    int naming = 0;
    for (const OperationStep &s : done->steps) {
        const std::optional<RunbookJournal::Row> row = RunbookJournal::decode(s);
        if (!row || row->note)
            continue;
        rows << row->stepId + QLatin1Char('=') + OperationStep::stateName(s.state);
        naming += row->stepId == QLatin1String("move") && s.replySummary.contains(reshard.left(8));
    }
    QCOMPARE(rows, QStringList({QStringLiteral("healthy=answered"), QStringLiteral("move=failed"), QStringLiteral("move=answered"),
                                QStringLiteral("agreed=answered")}));
    QCOMPARE(naming, 2);
    const std::optional<OperationRecord> moved = stored(reshard);
    QVERIFY(moved);
    QCOMPARE(moved->state, OperationRecord::State::Succeeded);
    QCOMPARE(moved->details.value(QStringLiteral("resumed")).toBool(), true);
    QCOMPARE(moved->details.value(QStringLiteral("slotsMoved")).toInt(), 5000);

    const QStringList open = labtest::openSlots(*m_lab);
    QVERIFY2(open.isEmpty(), qPrintable(open.join(QStringLiteral("; "))));
    const labtest::ReadBack rb = labtest::readBack(*m_lab, kPrefix, kKeys, kBytes);
    QVERIFY2(rb.present == kKeys && rb.missing == 0 && rb.wrong == 0 && rb.error.isEmpty(), qPrintable(rb.toString()));
}

QTEST_MAIN(TestRunbookResume)
#include "tst_runbookresume.moc"
