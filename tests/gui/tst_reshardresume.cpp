// kill -9 of the console mid-reshard, then resume from the real console (issue 10). The console's
// backend (console_reshard: ConsoleRuntime + DeploymentSession, the intents the reshard wizard
// sends) moves 2,000 slots slowly on a cluster lab with seeded keys and is SIGKILLed while slots
// are open. Then the real MainWindow opens on the same data dir and connects to the cluster: the
// unfinished-operations notice offers "Resume…" for that operation; the resume wizard previews
// what is left (a fresh survey: done, only to close, to move again), asks for the operation's
// first 8 characters, runs and verifies. Afterwards: the operation succeeded and is verified in
// the journal (read back), no node lists an open slot, every seeded key is there with its value,
// the plan's slots belong to the target and no other slot changed owner. An interrupted reshard of
// another cluster in the same journal is listed but refused from this tab, and Actions > Resume
// reshard… finds nothing left afterwards. Screenshots of the offer, the preview and the result go
// to testOutputDir().
#include "ClusterData.h"
#include "ConsoleRuntime.h"
#include "ConsoleSessions.h"
#include "DeploymentWorkspace.h"
#include "LabFixture.h"
#include "MainWindow.h"
#include "TestPaths.h"
#include "UnfinishedOperationsBanner.h"
#include "actions/ActionDialogs.h"
#include "history/HistoryPage.h"
#include "history/OperationsPanel.h"
#include "actions/ReshardWizard.h"
#include "history/HistoryStore.h"
#include "reshard/ReshardPlan.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

using namespace ops;

namespace {
const QByteArray kPrefix = "resume:";
constexpr int kKeys = 40000;
constexpr int kBytes = 32;
constexpr int kSlots = 2000;
} // namespace

class TestReshardResume : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void killedConsoleReshardIsResumedFromTheConsole();
    void failedReshardWithOpenSlotsIsOffered();

private:
    static void shot(QWidget *w, const QString &name);
    /** Starts console_reshard and SIGKILLs it once slots moved and a window is open; the operation id. */
    QString killConsoleMidReshard(const Endpoint &source, const Endpoint &target);
    std::optional<OperationRecord> stored(const QString &id) const;
    /** Waits for @p wizard's resume preview of @p operation, checks it, types the id, starts, waits for the verified end. */
    void runResume(ReshardWizard *wizard, const QString &operation, const QString &shotPrefix);
    /** The journal (read back) and the cluster after a resume of @p operation (@p plan: its journaled plan). */
    void checkResumed(const QString &operation, const ReshardPlan &plan, const QVector<Endpoint> &ownersBefore,
                      const Endpoint &target, int stepsBefore);

    QTemporaryDir m_data;
    QString m_historyFile;
    std::unique_ptr<LocalLab> m_lab;
};

void TestReshardResume::initTestCase()
{
    QVERIFY(m_data.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_data.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_data.path());
    m_historyFile = m_data.filePath(QStringLiteral("history.sqlite"));
    m_lab = labtest::startedLab(LabSpec::Kind::Cluster, 0);
    QVERIFY(m_lab);
    QString why;
    QVERIFY2(labtest::waitClusterSettled(*m_lab, why, 60000), qPrintable(why));
    const QString seeded = labtest::seedKeys(*m_lab, kPrefix, kKeys, kBytes);
    QVERIFY2(seeded.isEmpty(), qPrintable(seeded));
}

void TestReshardResume::cleanupTestCase() { m_lab.reset(); }

void TestReshardResume::shot(QWidget *w, const QString &name)
{
    QVERIFY(w->grab().save(testOutputDir() + QStringLiteral("/reshardresume-") + name + QStringLiteral(".png")));
}

std::optional<OperationRecord> TestReshardResume::stored(const QString &id) const
{
    HistoryStore store(m_historyFile);
    if (store.open().isError())
        return std::nullopt;
    return store.operation(id);
}

QString TestReshardResume::killConsoleMidReshard(const Endpoint &source, const Endpoint &target)
{
    QProcess console;
    console.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    // ~4,900 keys in 2,000 slots at 300 keys/s: a window of 32 slots is open for ~0.25 s, the
    // journal's write between two windows takes milliseconds.
    console.start(QStringLiteral(CONSOLE_RESHARD_BINARY),
                  {m_historyFile, source.toString(), source.toString(), target.toString(), QString::number(kSlots),
                   QStringLiteral("300")});
    if (!console.waitForStarted(10000))
        return {};
    QString operation;
    QString seen;
    bool open = false;
    const bool progressed = QTest::qWaitFor([&] {
        while (console.canReadLine()) {
            const QString line = QString::fromUtf8(console.readLine()).trimmed();
            seen += line + QLatin1Char('\n');
            if (line.startsWith(QLatin1String("STARTED ")))
                operation = line.mid(8);
            const QStringList f = line.split(QLatin1Char(' '));
            // PROGRESS <done> <total> <open windows>: some slots moved, a window open now.
            if (f.size() == 4 && f[0] == QLatin1String("PROGRESS") && f[1].toInt() > 0 && f[1].toInt() < kSlots / 2
                && f[3].toInt() > 0)
                open = true;
        }
        return (open && !operation.isEmpty()) || console.state() == QProcess::NotRunning;
    }, 90000);
    // Its report is up to 250 ms old: kill it while the cluster itself shows a window open.
    open = open && QTest::qWaitFor([this] { return !labtest::openSlots(*m_lab).isEmpty(); }, 20000);
    if (!progressed || !open) {
        qWarning().noquote() << "console_reshard did not reach an open window:\n" << seen.right(3000);
        console.kill();
        console.waitForFinished(10000);
        return {};
    }
    qInfo().noquote() << "console_reshard before the kill:\n" << seen.right(1500);
    ::kill(qint64(console.processId()), SIGKILL);
    console.waitForFinished(10000);
    if (console.exitStatus() != QProcess::CrashExit)
        return {};
    return operation;
}

void TestReshardResume::killedConsoleReshardIsResumedFromTheConsole()
{
    const QList<Endpoint> masters = labtest::mastersBySlot(*m_lab);
    QCOMPARE(masters.size(), 3);
    const Endpoint source = masters[0];
    const Endpoint target = masters[1];
    const QVector<Endpoint> ownersBefore = labtest::slotOwners(*m_lab);

    const QString operation = killConsoleMidReshard(source, target);
    QVERIFY(!operation.isEmpty());
    std::optional<OperationRecord> op = stored(operation);
    QVERIFY(op.has_value());
    QVERIFY2(!op->isFinished(), qPrintable(OperationRecord::stateName(op->state)));
    const int stepsBefore = int(op->steps.size());
    QString planError;
    const std::optional<ReshardPlan> plan = ReshardPlan::fromJson(op->plan, &planError);
    QVERIFY2(plan.has_value(), qPrintable(planError));
    QCOMPARE(plan->slotCount(), kSlots);
    const QStringList openAfterKill = labtest::openSlots(*m_lab);
    QVERIFY2(!openAfterKill.isEmpty(), "the kill was meant to leave a window open");
    qInfo().noquote() << "after the kill:" << openAfterKill.size() << "open slot entries, e.g." << openAfterKill.first();
    // An interrupted reshard of another cluster in the same journal, started later: listed, never resumed here.
    OperationRecord foreign = *op;
    foreign.id = OperationRecord::newId();
    foreign.deploymentId = QStringLiteral("cluster:0123456789ab");
    foreign.steps.clear();
    foreign.startedMs = op->startedMs + 1;
    {
        HistoryStore store(m_historyFile);
        QVERIFY(!store.open().isError());
        QVERIFY(!store.createOperation(foreign).isError());
    }

    // The real console on the same data dir, connected to the cluster.
    auto runtime = std::make_unique<ConsoleRuntime>();
    runtime->openHistory(m_historyFile);
    auto window = std::make_unique<MainWindow>();
    auto sessions = std::make_unique<ConsoleSessions>(*runtime, *window, false);
    window->resize(1400, 900);
    window->show();
    sessions->watchSeed(m_lab->topology().connectionOptions(source), false);
    QTRY_VERIFY_WITH_TIMEOUT(window->unfinishedBanner() && window->unfinishedBanner()->isVisible(), 20000);
    UnfinishedOperationsBanner *banner = window->unfinishedBanner();
    QVERIFY2(banner->text().contains(operation) && banner->text().contains(foreign.id), qPrintable(banner->text()));
    auto *resume = banner->findChild<QAction *>(QStringLiteral("actionResumeUnfinishedOperation"));
    QVERIFY(resume);
    QVERIFY(resume->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(resume->isEnabled(), 30000); // once the deployment is seen
    QCOMPARE(banner->resumable()->id, operation); // the watched cluster's, not the later foreign one
    shot(window.get(), QStringLiteral("offer"));

    // Asked to resume the other cluster's operation from this tab: refused, saying why.
    const int monitorId = window->monitorIds().value(0);
    ReshardWizard *wizard = window->actionDialogs()->openResume(monitorId, QStringLiteral("lab"), foreign.id, foreign.id);
    QTRY_VERIFY_WITH_TIMEOUT(!wizard->preview().refusal.isEmpty(), 20000);
    QVERIFY2(wizard->preview().refusal.contains(QStringLiteral("belongs to deployment cluster:0123456789ab")),
             qPrintable(wizard->preview().refusal));
    QVERIFY(!wizard->findChild<QPushButton *>(QStringLiteral("reshardStart"))->isEnabled());

    // The History page's operation context offers it too: it replaces the idle, refused dialog.
    OperationsPanel *operations = window->deployment(monitorId)->historyPage()->operationsPanel();
    QTRY_VERIFY(operations->selectOperation(operation));
    QVERIFY(operations->resumeAction()->isEnabled());
    operations->resumeAction()->trigger();
    QTRY_VERIFY(window->findChild<ReshardWizard *>() && window->findChild<ReshardWizard *>()->resumeOperation() == operation);
    wizard = window->findChild<ReshardWizard *>();
    resume->trigger(); // the notice's offer raises the same dialog
    QCOMPARE(window->findChild<ReshardWizard *>(), wizard);
    runResume(wizard, operation, QStringLiteral(""));
    if (QTest::currentTestFailed())
        return;
    QTRY_VERIFY(!banner->text().contains(operation)); // it finished: only the foreign one is left
    QVERIFY(!resume->isEnabled());
    // Actions > Resume reshard… finds nothing left for this cluster.
    window->findChild<QAction *>(QStringLiteral("actionResumeReshard"))->trigger();
    QTRY_VERIFY2(window->statusBar()->currentMessage().contains(QStringLiteral("No reshard of")),
                 qPrintable(window->statusBar()->currentMessage()));
    QTest::mouseClick(wizard->findChild<QPushButton *>(QStringLiteral("reshardClose")), Qt::LeftButton);
    sessions.reset();
    window.reset();
    runtime.reset(); // the journal is on disk

    checkResumed(operation, *plan, ownersBefore, target, stepsBefore);
}

void TestReshardResume::runResume(ReshardWizard *wizard, const QString &operation, const QString &shotPrefix)
{
    QTRY_VERIFY_WITH_TIMEOUT(!wizard->preview().id.isEmpty() || !wizard->preview().refusal.isEmpty(), 30000);
    const ActionPreview preview = wizard->preview();
    QVERIFY2(preview.allowed(), qPrintable(preview.blockingReasons().join(QLatin1Char('\n'))));
    QCOMPARE(preview.mode, QStringLiteral("resume"));
    QCOMPARE(preview.confirmText, operation.left(8));
    const QString planText = wizard->findChild<QPlainTextEdit *>(QStringLiteral("reshardPlan"))->toPlainText();
    QVERIFY2(planText.contains(QStringLiteral("Resume ") + operation.left(8)) && planText.contains(QStringLiteral("only to close"))
                 && !planText.contains(QStringLiteral("open now (MIGRATING / IMPORTING left by the interrupted run): 0 slot(s)"))
                 && planText.contains(QStringLiteral("to move again")) && planText.contains(QStringLiteral("done already")),
             qPrintable(planText));
    auto *start = wizard->findChild<QPushButton *>(QStringLiteral("reshardStart"));
    QVERIFY(!start->isEnabled()); // not before the typed confirmation
    shot(wizard, shotPrefix + QStringLiteral("preview"));
    QTest::keyClicks(wizard->findChild<QLineEdit *>(QStringLiteral("reshardConfirm")), operation.left(4));
    QVERIFY(!start->isEnabled());
    QTest::keyClicks(wizard->findChild<QLineEdit *>(QStringLiteral("reshardConfirm")), operation.mid(4, 4));
    QVERIFY(start->isEnabled());
    QTest::mouseClick(start, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(wizard->finished(), 120000);
    const QString result = wizard->findChild<QLabel *>(QStringLiteral("reshardResult"))->text();
    shot(wizard, shotPrefix + QStringLiteral("result"));
    QVERIFY2(result.startsWith(QStringLiteral("succeeded (verified)")), qPrintable(result));
}

void TestReshardResume::checkResumed(const QString &operation, const ReshardPlan &plan, const QVector<Endpoint> &ownersBefore,
                                     const Endpoint &target, int stepsBefore)
{
    const std::optional<OperationRecord> op = stored(operation);
    QVERIFY(op.has_value());
    QCOMPARE(op->state, OperationRecord::State::Succeeded);
    QVERIFY(op->steps.size() > stepsBefore); // the same operation went on
    QCOMPARE(op->details.value(QStringLiteral("resumed")).toBool(), true);
    QCOMPARE(op->details.value(QStringLiteral("slotsMoved")).toInt(), kSlots);
    const QStringList open = labtest::openSlots(*m_lab);
    QVERIFY2(open.isEmpty(), qPrintable(open.join(QStringLiteral("; "))));
    const labtest::ReadBack rb = labtest::readBack(*m_lab, kPrefix, kKeys, kBytes);
    QVERIFY2(rb.present == kKeys && rb.missing == 0 && rb.wrong == 0 && rb.error.isEmpty(), qPrintable(rb.toString()));
    QSet<int> planned;
    for (const SlotMovePair &p : plan.pairs)
        for (int s : p.slotList)
            planned.insert(s);
    QCOMPARE(int(planned.size()), kSlots);
    const QVector<Endpoint> ownersAfter = labtest::slotOwners(*m_lab);
    QCOMPARE(ownersAfter.size(), ownersBefore.size());
    for (int s = 0; s < int(ownersAfter.size()); ++s) {
        const Endpoint expected = planned.contains(s) ? target : ownersBefore[s];
        QVERIFY2(ownersAfter[s] == expected,
                 qPrintable(QStringLiteral("slot %1: %2, expected %3").arg(s).arg(ownersAfter[s].toString(), expected.toString())));
    }
}

void TestReshardResume::failedReshardWithOpenSlotsIsOffered()
{
    // A reshard that stopped (journaled Failed) with a window left open is not "unfinished" at start;
    // the snapshot's open slots bring it into the notice, and it is resumed like an interrupted one.
    const QList<Endpoint> masters = labtest::mastersBySlot(*m_lab);
    QCOMPARE(masters.size(), 3);
    const Endpoint source = masters[0];
    const Endpoint target = masters[1];
    const QVector<Endpoint> ownersBefore = labtest::slotOwners(*m_lab);
    const QString operation = killConsoleMidReshard(source, target);
    QVERIFY(!operation.isEmpty());
    std::optional<OperationRecord> op = stored(operation);
    QVERIFY(op.has_value());
    const int stepsBefore = int(op->steps.size());
    QString planError;
    const std::optional<ReshardPlan> plan = ReshardPlan::fromJson(op->plan, &planError);
    QVERIFY2(plan.has_value(), qPrintable(planError));
    QVERIFY(!labtest::openSlots(*m_lab).isEmpty());
    op->state = OperationRecord::State::Failed;
    op->outcome = QStringLiteral("stopped after some slots (made by the test)");
    {
        HistoryStore store(m_historyFile);
        QVERIFY(!store.open().isError());
        QVERIFY(!store.updateOperation(*op).isError());
    }

    auto runtime = std::make_unique<ConsoleRuntime>();
    runtime->openHistory(m_historyFile);
    auto window = std::make_unique<MainWindow>();
    auto sessions = std::make_unique<ConsoleSessions>(*runtime, *window, false);
    window->resize(1400, 900);
    window->show();
    sessions->watchSeed(m_lab->topology().connectionOptions(source), false);
    QTRY_VERIFY_WITH_TIMEOUT(window->unfinishedBanner() && window->unfinishedBanner()->text().contains(operation), 30000);
    UnfinishedOperationsBanner *banner = window->unfinishedBanner();
    QVERIFY(banner->isVisible());
    auto *resume = banner->findChild<QAction *>(QStringLiteral("actionResumeUnfinishedOperation"));
    QTRY_VERIFY_WITH_TIMEOUT(resume->isEnabled(), 30000);
    QCOMPARE(banner->resumable()->id, operation);
    resume->trigger();
    ReshardWizard *wizard = nullptr;
    QTRY_VERIFY((wizard = window->findChild<ReshardWizard *>()) != nullptr);
    QCOMPARE(wizard->resumeOperation(), operation);
    runResume(wizard, operation, QStringLiteral("failed-"));
    if (QTest::currentTestFailed())
        return;
    QTest::mouseClick(wizard->findChild<QPushButton *>(QStringLiteral("reshardClose")), Qt::LeftButton);
    sessions.reset();
    window.reset();
    runtime.reset();
    checkResumed(operation, *plan, ownersBefore, target, stepsBefore);
}

QTEST_MAIN(TestReshardResume)
#include "tst_reshardresume.moc"
