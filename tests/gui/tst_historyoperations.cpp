// The History page with the operations journal (offscreen), over a real HistoryStore seeded with
// a finished graceful failover (its steps and the sentinel events it caused) and an interrupted
// one (Running, last step CLIENT PAUSE): the operations list shows who, mode, pre-checks,
// duration and state, the interrupted one as "unfinished (interrupted)"; "Show: events of the
// selected operation" filters the events to its id and the details pane shows its steps. Wired as
// the console is (ConsoleRuntime + ConsoleWiring), the main window names the interrupted
// operation at start and "Show in History" opens it. Screenshots go to the test output dir.
#include "ConsoleRuntime.h"
#include "ConsoleWiring.h"
#include "DeploymentWorkspace.h"
#include "MainWindow.h"
#include "TestPaths.h"
#include "UnfinishedOperationsBanner.h"
#include "history/HistoryFilterProxy.h"
#include "history/HistoryPage.h"
#include "history/HistoryStore.h"
#include "history/OperationsPanel.h"
#include "viewmodels/OperationTableModel.h"

#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QJsonArray>
#include <QPlainTextEdit>
#include <QPointer>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace ops;

namespace {

const QString kDeployment = QStringLiteral("sentinel:mymaster@127.0.0.1:26379");
const QString kDone = QStringLiteral("3f0c9d2e-0000-4000-8000-00000000d0e1");
const QString kInterrupted = QStringLiteral("9a7b1c4d-0000-4000-8000-0000000000b2");

OperationStep step(const QString &op, int seq, qint64 t, const QString &node, const QString &command, OperationStep::State state,
                   const QString &reply = QStringLiteral("OK"))
{
    OperationStep s;
    s.operationId = op;
    s.seq = seq;
    s.targetNode = node;
    s.commandText = command;
    s.state = state;
    s.replySummary = reply;
    s.plannedMs = t;
    s.sentMs = t + 2;
    s.doneMs = state == OperationStep::State::Sent ? 0 : t + 5;
    return s;
}

OperationRecord operation(const QString &id, qint64 started, OperationRecord::State state, const QString &who)
{
    OperationRecord op;
    op.id = id;
    op.kind = QStringLiteral("sentinel-failover");
    op.deploymentId = kDeployment;
    op.operatorName = who;
    op.target = QStringLiteral("mymaster");
    op.mode = QStringLiteral("graceful");
    op.state = state;
    op.startedMs = started;
    auto check = [](const char *checkId, const char *status) {
        return QJsonObject{{QStringLiteral("id"), QLatin1String(checkId)}, {QStringLiteral("status"), QLatin1String(status)}};
    };
    op.plan = QJsonObject{{QStringLiteral("checks"), QJsonArray{check("sentinels-reachable", "pass"), check("quorum", "pass"),
                                                                check("agreement", "pass"), check("replica-lag", "pass"),
                                                                check("min-replicas", "warn")}}};
    return op;
}

OpsEvent sentinelEvent(qint64 t, const QString &type, const QString &payload, const QString &op)
{
    OpsEvent e;
    e.timestampMs = t;
    e.deploymentId = kDeployment;
    e.kind = OpsEvent::Kind::Sentinel;
    e.sentinelType = type;
    e.source = OpsEvent::Source::Sentinel;
    e.severity = type == QStringLiteral("+switch-master") ? OpsEvent::Severity::Critical : OpsEvent::Severity::Info;
    e.nodeId = QStringLiteral("127.0.0.1:6380");
    e.endpoint = e.nodeId;
    e.message = type + QLatin1Char(' ') + payload;
    e.operationId = op;
    return e;
}

/** A finished failover 40 min ago (3 events of its own), an unrelated event, an interrupted one 5 min ago. */
void seed(HistoryStore &store, qint64 now)
{
    const qint64 t = now - 40 * 60'000;
    OperationRecord done = operation(kDone, t, OperationRecord::State::Running, QStringLiteral("alice"));
    QVERIFY(!store.createOperation(done).isError());
    const QString m = QStringLiteral("127.0.0.1:6379"), r = QStringLiteral("127.0.0.1:6380"), s = QStringLiteral("127.0.0.1:26379");
    const QList<OperationStep> steps{step(kDone, 1, t + 10, r, QStringLiteral("CONFIG SET replica-priority 1"), OperationStep::State::Answered),
                                     step(kDone, 2, t + 900, m, QStringLiteral("CLIENT PAUSE 5000 WRITE"), OperationStep::State::Answered),
                                     step(kDone, 3, t + 950, s, QStringLiteral("SENTINEL FAILOVER mymaster"), OperationStep::State::Answered),
                                     step(kDone, 4, t + 1900, m, QStringLiteral("REPLICAOF 127.0.0.1 6380"), OperationStep::State::Answered),
                                     step(kDone, 5, t + 1910, m, QStringLiteral("CLIENT UNPAUSE"), OperationStep::State::Answered)};
    for (const OperationStep &st : steps)
        QVERIFY(!store.appendStep(st).isError());
    done.state = OperationRecord::State::Succeeded;
    done.endedMs = t + 3400;
    done.outcome = QStringLiteral("verified: 127.0.0.1:6380 is master, every sentinel names it, 127.0.0.1:6379 follows it");
    QVERIFY(!store.updateOperation(done).isError());
    OpsEvents events{sentinelEvent(t + 1000, QStringLiteral("+try-failover"), QStringLiteral("master mymaster 127.0.0.1 6379"), kDone),
                     sentinelEvent(t + 1500, QStringLiteral("+switch-master"), QStringLiteral("mymaster 127.0.0.1 6379 127.0.0.1 6380"), kDone),
                     sentinelEvent(t + 1800, QStringLiteral("+failover-end"), QStringLiteral("master mymaster 127.0.0.1 6379"), kDone),
                     sentinelEvent(now - 20 * 60'000, QStringLiteral("+sdown"), QStringLiteral("slave 127.0.0.1:6381 127.0.0.1 6381 @ mymaster"), QString())};
    QVERIFY(!store.append(events).isError());

    const qint64 u = now - 5 * 60'000;
    const OperationRecord interrupted = operation(kInterrupted, u, OperationRecord::State::Running, QStringLiteral("bob"));
    QVERIFY(!store.createOperation(interrupted).isError());
    QVERIFY(!store.appendStep(step(kInterrupted, 1, u + 10, m, QStringLiteral("CONFIG SET replica-priority 1"), OperationStep::State::Answered)).isError());
    QVERIFY(!store.appendStep(step(kInterrupted, 2, u + 800, r, QStringLiteral("CLIENT PAUSE 3000 WRITE"), OperationStep::State::Sent, QString())).isError());
}

/** HistoryStore called on this thread, answered queued like the runtime does. */
template<typename T, typename Q, typename Read>
auto queued(Read read)
{
    return [read](const Q &q, QObject *context, std::function<void(const QList<T> &, const HistoryError &)> handler) {
        HistoryError error;
        const QList<T> rows = read(q, &error);
        QPointer<QObject> guard(context);
        QMetaObject::invokeMethod(context, [guard, handler, rows, error] {
            if (guard)
                handler(rows, error);
        }, Qt::QueuedConnection);
    };
}

void screenshot(QWidget *w, const QString &name)
{
    const QString path = testOutputDir() + QLatin1Char('/') + name;
    QVERIFY2(w->grab().save(path), qPrintable(path));
    qInfo("screenshot: %s", qPrintable(path));
}

int rowOf(const QTableView *table, const QString &id)
{
    for (int row = 0; row < table->model()->rowCount(); ++row)
        if (table->model()->index(row, 0).data(OperationTableModel::OperationIdRole).toString() == id)
            return row;
    return -1;
}

} // namespace

class TestHistoryOperations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void pageListsOperationsAndFiltersEvents();
    void consoleNamesTheInterruptedOperation();

private:
    QTemporaryDir m_dir;
    QString m_path;
};

void TestHistoryOperations::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // the window's saved layout goes to a test location ...
    QCoreApplication::setApplicationName(QStringLiteral("tst_historyoperations"));
    QSettings().clear(); // ... and starts empty: a layout saved by an earlier run does not apply
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(QStringLiteral("history.sqlite"));
    HistoryStore store(m_path);
    QVERIFY(!store.open().isError());
    seed(store, QDateTime::currentMSecsSinceEpoch());
}

void TestHistoryOperations::pageListsOperationsAndFiltersEvents()
{
    HistoryStore store(m_path);
    QVERIFY(!store.open().isError());
    HistoryPage page(queued<OpsEvent, HistoryQuery>([&store](const HistoryQuery &q, HistoryError *e) { return store.query(q, e); }));
    page.setOperationsQuery(queued<OperationRecord, OperationQuery>(
        [&store](const OperationQuery &q, HistoryError *e) { return store.operations(q, e); }));
    page.resize(1500, 950);
    page.show();
    page.setDeployment(kDeployment);
    OperationsPanel *panel = page.operationsPanel();
    QVERIFY(panel->isVisible());
    QTRY_COMPARE(panel->model()->rowCount(), 2);
    QTRY_COMPARE(page.proxy()->rowCount(), 4);
    QVERIFY2(panel->summaryText().contains(QStringLiteral("1 unfinished (interrupted)")), qPrintable(panel->summaryText()));

    // The latest first; the interrupted one says so, with its last step; the finished one its duration.
    const QTableView *table = panel->table();
    QCOMPARE(rowOf(table, kInterrupted), 0);
    auto cell = [&](const QString &id, int column) { return table->model()->index(rowOf(table, id), column).data().toString(); };
    QCOMPARE(cell(kInterrupted, OperationTableModel::State), QStringLiteral("running — unfinished (interrupted)"));
    QCOMPARE(cell(kInterrupted, OperationTableModel::Operator), QStringLiteral("bob"));
    QVERIFY(cell(kInterrupted, OperationTableModel::Outcome).contains(QStringLiteral("CLIENT PAUSE 3000 WRITE")));
    QCOMPARE(cell(kDone, OperationTableModel::State), QStringLiteral("succeeded"));
    QCOMPARE(cell(kDone, OperationTableModel::Duration), QStringLiteral("3400 ms"));
    QCOMPARE(cell(kDone, OperationTableModel::PreChecks), QStringLiteral("4 pass, 1 warn"));
    QCOMPARE(cell(kDone, OperationTableModel::Mode), QStringLiteral("graceful"));

    // Selecting an operation shows its steps; "this operation" keeps its events only.
    QVERIFY(page.showOperation(kDone));
    QCOMPARE(panel->scopeBox()->currentIndex(), int(OperationsPanel::SelectedOperation));
    QCOMPARE(page.proxy()->operationFilter(), kDone);
    QCOMPARE(page.proxy()->rowCount(), 3);
    for (const OpsEvent &e : page.filteredEvents())
        QCOMPARE(e.operationId, kDone);
    QVERIFY2(page.detailsText().contains(QStringLiteral("#3 127.0.0.1:26379  SENTINEL FAILOVER mymaster\n      answered: OK")),
             qPrintable(page.detailsText()));
    QTRY_VERIFY2(page.statusText().startsWith(QStringLiteral("3 of 4")), qPrintable(page.statusText())); // timeline and status follow
    screenshot(&page, QStringLiteral("history-operations.png"));

    panel->table()->selectRow(rowOf(table, kInterrupted)); // no events of its own
    QCOMPARE(page.proxy()->rowCount(), 0);
    QVERIFY(page.detailsText().contains(QStringLiteral("unfinished (interrupted)")));
    panel->setScope(OperationsPanel::AllEvents);
    QCOMPARE(page.proxy()->operationFilter(), QString());
    QCOMPARE(page.proxy()->rowCount(), 4);
}

void TestHistoryOperations::consoleNamesTheInterruptedOperation()
{
    ConsoleRuntime runtime;
    runtime.openHistory(m_path);
    MainWindow window;
    ConsoleWiring::wire(runtime, window);
    window.resize(1500, 1000);
    window.show();
    QTRY_VERIFY(window.unfinishedBanner() != nullptr && window.unfinishedBanner()->isVisible());
    const QString text = window.unfinishedBanner()->text();
    for (const QString &part : {kInterrupted, QStringLiteral("bob"), QStringLiteral("interrupted"),
                                QStringLiteral("#2 CLIENT PAUSE 3000 WRITE on 127.0.0.1:6380: sent")})
        QVERIFY2(text.contains(part), qPrintable(text));
    QVERIFY(!text.contains(kDone)); // finished operations are not news

    DeploymentWorkspace *workspace = window.addDeployment(1, QStringLiteral("mymaster"));
    workspace->historyPage()->setDeployment(kDeployment);
    QTRY_COMPARE(workspace->historyPage()->operationsPanel()->model()->rowCount(), 2);
    auto *show = window.unfinishedBanner()->findChild<QAction *>(QStringLiteral("actionShowUnfinishedOperation"));
    QVERIFY(show);
    show->trigger();
    QCOMPARE(workspace->currentPage(), DeploymentWorkspace::History);
    QCOMPARE(workspace->historyPage()->operationsPanel()->selectedOperation(), kInterrupted);
    QCOMPARE(workspace->historyPage()->proxy()->operationFilter(), kInterrupted);
    QTRY_VERIFY2(workspace->historyPage()->statusText().startsWith(QStringLiteral("0 of 4")),
                 qPrintable(workspace->historyPage()->statusText()));
    screenshot(&window, QStringLiteral("mainwindow-unfinished-operation.png"));
    window.findChild<QAction *>(QStringLiteral("actionDismissUnfinishedOperations"))->trigger();
    QVERIFY(!window.unfinishedBanner()->isVisible());
}

QTEST_MAIN(TestHistoryOperations)
#include "tst_historyoperations.moc"
