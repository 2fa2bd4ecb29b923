// Live colleagues (team mode, issue 15): a console on a shared PostgreSQL store shows what
// another console's process journals, as it happens. The colleague is colleague_steps, a
// process of its own writing an operation step by step through HistoryStore; the console is
// the real one (ConsoleRuntime + ConsoleWiring + MainWindow, offscreen). Checked: the tab's
// colleague bar names who, where, what and which step ("ops@host is failing over mymaster —
// step 3 of 6"), then the result; the History page's operations list is read again; the
// console's own writes are not shown as a colleague's. Measured: a step's appendStep call in the
// colleague's process → the bar's text updated here (median / p90 over 25 steps, printed).
#include "history/ColleagueBar.h"
#include "ConsoleRuntime.h"
#include "ConsoleWiring.h"
#include "DeploymentWorkspace.h"
#include "MainWindow.h"
#include "PostgresServer.h"
#include "TestPaths.h"
#include "history/HistoryPage.h"
#include "history/HistoryStore.h"
#include "history/OperationsPanel.h"
#include "viewmodels/OperationTableModel.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QLabel>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSysInfo>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace ops;

namespace {

const QString kDeployment = QStringLiteral("sentinel:mymaster@127.0.0.1:26379");

QString readLine(QProcess &process, int waitMs = 30000)
{
    const QDeadlineTimer deadline(waitMs);
    while (!process.canReadLine() && !deadline.hasExpired())
        if (!process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))) &&
            process.state() == QProcess::NotRunning)
            break;
    return process.canReadLine() ? QString::fromUtf8(process.readLine()).trimmed() : QString();
}

} // namespace

class TestColleagues : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void secondConsoleShowsTheColleaguesSteps();

private:
    /** Starts colleague_steps with @p steps steps @p intervalMs apart; waits for its "ready". */
    std::unique_ptr<QProcess> startColleague(int steps, int intervalMs);

    std::unique_ptr<PostgresServer> m_server;
    QString m_location;
};

void TestColleagues::initTestCase()
{
    m_server = std::make_unique<PostgresServer>();
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    const QString db = m_server->createDatabase(&error);
    QVERIFY2(!db.isEmpty(), qPrintable(error));
    m_location = m_server->url(db);
    HistoryStore store(m_location); // migrated before anyone listens
    QVERIFY(!store.open().isError());
}

void TestColleagues::cleanupTestCase() { m_server.reset(); }

std::unique_ptr<QProcess> TestColleagues::startColleague(int steps, int intervalMs)
{
    auto p = std::make_unique<QProcess>();
    p->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p->start(QStringLiteral(COLLEAGUE_STEPS_BINARY),
             {m_location, kDeployment, QString::number(steps), QString::number(intervalMs)});
    if (!p->waitForStarted(10000) || readLine(*p) != QLatin1String("ready"))
        return nullptr;
    return p;
}

void TestColleagues::secondConsoleShowsTheColleaguesSteps()
{
    ConsoleRuntime runtime;
    QSignalSpy listening(&runtime, &ConsoleRuntime::colleaguesListening);
    runtime.openHistory(m_location);
    MainWindow window;
    ConsoleWiring::wire(runtime, window);
    window.resize(1400, 900);
    window.show();
    DeploymentWorkspace *workspace = window.addDeployment(1, QStringLiteral("mymaster"));
    workspace->historyPage()->setDeployment(kDeployment);
    QVERIFY(listening.wait(20000));
    ColleagueBar *bar = workspace->colleagueBar();
    QVERIFY(bar);
    QVERIFY(!bar->isVisible());

    // This console's own writes are not a colleague's (same pid and host): nothing shown.
    {
        HistoryStore own(m_location);
        QVERIFY(!own.open().isError());
        OperationRecord mine;
        mine.id = OperationRecord::newId();
        mine.kind = QStringLiteral("sentinel-failover");
        mine.deploymentId = kDeployment;
        mine.operatorName = QStringLiteral("me");
        mine.target = QStringLiteral("mymaster");
        mine.state = OperationRecord::State::Running;
        mine.startedMs = QDateTime::currentMSecsSinceEpoch();
        QVERIFY(!own.createOperation(mine).isError());
        mine.state = OperationRecord::State::Succeeded;
        mine.endedMs = mine.startedMs + 10;
        QVERIFY(!own.updateOperation(mine).isError());
    }
    QTest::qWait(500);
    QVERIFY2(!bar->isVisible() && bar->text().isEmpty(), qPrintable(bar->text()));

    // The colleague's steps, timed: its wall clock just before appendStep → the text here.
    constexpr int kSteps = 25;
    const QRegularExpression stepShown(QStringLiteral("— step (\\d+) of %1$").arg(kSteps));
    QHash<int, qint64> shownAt;
    connect(bar, &ColleagueBar::textChanged, this, [&](const QString &text) {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const QRegularExpressionMatch m = stepShown.match(text.section(QLatin1Char('\n'), 0, 0));
        if (m.hasMatch() && !shownAt.contains(m.captured(1).toInt()))
            shownAt.insert(m.captured(1).toInt(), now);
    });
    std::unique_ptr<QProcess> colleague = startColleague(kSteps, 80);
    QVERIFY(colleague);
    QHash<int, qint64> sentAt;
    QString done;
    connect(colleague.get(), &QProcess::readyReadStandardOutput, this, [&] {
        while (colleague->canReadLine()) {
            const QStringList parts = QString::fromUtf8(colleague->readLine()).trimmed().split(QLatin1Char(' '));
            if (parts.value(0) == QLatin1String("step"))
                sentAt.insert(parts.value(1).toInt(), parts.value(2).toLongLong());
            else if (parts.value(0) == QLatin1String("done"))
                done = parts.value(1);
            else
                qWarning("colleague: %s", qPrintable(parts.join(QLatin1Char(' '))));
        }
    });
    colleague->write("go\n");
    const QString who = QStringLiteral("ops@") + QSysInfo::machineHostName();
    QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty(), 60000);
    const QString result = QStringLiteral("%1, failing over mymaster: succeeded in 4.2 s").arg(who);
    QTRY_COMPARE_WITH_TIMEOUT(bar->text(), result, 10000);
    QVERIFY(bar->isVisible());
    // The History page's operations were read again: the colleague's operation is listed.
    QTRY_VERIFY_WITH_TIMEOUT(workspace->historyPage()->operationsPanel()->model()->rowCount() >= 2, 10000);

    QList<qint64> latencies;
    for (auto it = sentAt.cbegin(); it != sentAt.cend(); ++it)
        if (shownAt.contains(it.key()))
            latencies << shownAt.value(it.key()) - it.value();
    std::sort(latencies.begin(), latencies.end());
    QVERIFY2(latencies.size() >= 20, qPrintable(QStringLiteral("%1 of %2 steps shown").arg(latencies.size()).arg(kSteps)));
    const qint64 median = latencies.at(latencies.size() / 2);
    const qint64 p90 = latencies.at((latencies.size() * 9 + 9) / 10 - 1); // nearest rank
    qInfo("colleague appendStep -> this console's bar text: %lld steps, median %lld ms, p90 %lld ms, max %lld ms",
          static_cast<long long>(latencies.size()), static_cast<long long>(median), static_cast<long long>(p90),
          static_cast<long long>(latencies.constLast()));
    QVERIFY2(median < 1000, qPrintable(QString::number(median)));

    // A short one, paused at step 3 of 6 for the picture.
    std::unique_ptr<QProcess> second = startColleague(6, 700);
    QVERIFY(second);
    second->write("go\n");
    const QString running = QStringLiteral("%1 is failing over mymaster — step 3 of 6").arg(who);
    QTRY_COMPARE_WITH_TIMEOUT(bar->text(), running, 20000);
    const QString path = testOutputDir() + QStringLiteral("/colleagues-running.png");
    QVERIFY2(window.grab().save(path), qPrintable(path));
    qInfo("screenshot: %s", qPrintable(path));
    QVERIFY(second->waitForFinished(30000));
    QTRY_VERIFY_WITH_TIMEOUT(bar->text().endsWith(QStringLiteral("succeeded in 4.2 s")), 10000);
}

QTEST_MAIN(TestColleagues)
#include "tst_colleagues.moc"
