// LISTEN/NOTIFY on a real PostgreSQL server: what one console journals (an operation, its steps,
// their outcomes, events) reaches another console's StoreListener as it is committed, in order.
// Prints the measured delivery time (write call -> changed() on the other side); asserts order and
// content, not a wall-clock bound. An SQLite store has no live updates (failed(), typed text).
#include "HistoryTestData.h"
#include "PostgresServer.h"

#include "history/StoreListener.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QSignalSpy>

#include <algorithm>

using namespace historytest;
using ops::OperationRecord;
using ops::OperationStep;
using ops::StoreListener;

class TestStoreNotify : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void stepsReachAnotherConsole();
    void eventsAndOperationEnd();
    void sqliteHasNoLiveUpdates();

private:
    std::unique_ptr<PostgresServer> m_server;
    QString m_location;
};

void TestStoreNotify::initTestCase()
{
    m_server = std::make_unique<PostgresServer>();
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
}

void TestStoreNotify::init()
{
    QString error;
    const QString db = m_server->createDatabase(&error);
    QVERIFY2(!db.isEmpty(), qPrintable(error));
    m_location = m_server->url(db);
}

void TestStoreNotify::stepsReachAnotherConsole()
{
    StoreListener colleague(m_location);
    QSignalSpy listening(&colleague, &StoreListener::listening);
    QSignalSpy changed(&colleague, &StoreListener::changed);
    colleague.start();
    QVERIFY(listening.wait(15000));

    HistoryStore console(m_location);
    QVERIFY(!console.open().isError());
    OperationRecord op;
    op.id = OperationRecord::newId();
    op.kind = QStringLiteral("sentinel-failover");
    op.deploymentId = QStringLiteral("prod");
    op.operatorName = QStringLiteral("alice");
    op.target = QStringLiteral("mymaster");
    op.state = OperationRecord::State::Running;
    op.startedMs = 1;
    QVERIFY(!console.createOperation(op).isError());
    QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 1, 10000);
    const QJsonObject created = changed.takeFirst().at(0).toJsonObject();
    QCOMPARE(created.value(QStringLiteral("type")).toString(), QStringLiteral("operation"));
    QCOMPARE(created.value(QStringLiteral("operation")).toString(), op.id);
    QCOMPARE(created.value(QStringLiteral("operator")).toString(), QStringLiteral("alice"));
    QCOMPARE(created.value(QStringLiteral("state")).toString(), QStringLiteral("running"));
    QCOMPARE(created.value(QStringLiteral("pid")).toInteger(), QCoreApplication::applicationPid());

    // Each step, journaled and then answered, one at a time: from the call that journals it to
    // the moment the colleague's listener emits it (stamped in the listener's thread).
    constexpr int kSteps = 30;
    QElapsedTimer clock;
    clock.start();
    QMutex mutex;
    QList<qint64> receivedNs;
    connect(&colleague, &StoreListener::changed, this,
            [&](const QJsonObject &) {
                QMutexLocker lock(&mutex);
                receivedNs << clock.nsecsElapsed();
            },
            Qt::DirectConnection);
    QList<double> delaysMs;
    for (int seq = 1; seq <= kSteps; ++seq) {
        OperationStep step;
        step.operationId = op.id;
        step.seq = seq;
        step.targetNode = QStringLiteral("127.0.0.1:26379");
        step.commandText = QStringLiteral("SENTINEL FAILOVER mymaster");
        step.plannedMs = seq;
        const qint64 sentNs = clock.nsecsElapsed();
        QVERIFY(!console.appendStep(step).isError());
        QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 1, 10000);
        {
            QMutexLocker lock(&mutex);
            delaysMs << (receivedNs.last() - sentNs) / 1e6;
        }
        const QJsonObject planned = changed.takeFirst().at(0).toJsonObject();
        QCOMPARE(planned.value(QStringLiteral("type")).toString(), QStringLiteral("step"));
        QCOMPARE(planned.value(QStringLiteral("seq")).toInt(), seq);
        QCOMPARE(planned.value(QStringLiteral("state")).toString(), QStringLiteral("planned"));
        step.state = OperationStep::State::Answered;
        step.doneMs = seq + 1;
        QVERIFY(!console.updateStep(step).isError());
        QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 1, 10000);
        QCOMPARE(changed.takeFirst().at(0).toJsonObject().value(QStringLiteral("state")).toString(),
                 QStringLiteral("answered"));
    }
    std::sort(delaysMs.begin(), delaysMs.end());
    qInfo("NOTIFY delivery (appendStep call -> other console's changed()), %d steps: median %.2f ms, "
          "p90 %.2f ms, max %.2f ms",
          kSteps, delaysMs.at(kSteps / 2), delaysMs.at(kSteps * 9 / 10), delaysMs.last());
}

void TestStoreNotify::eventsAndOperationEnd()
{
    StoreListener colleague(m_location);
    QSignalSpy listening(&colleague, &StoreListener::listening);
    QSignalSpy changed(&colleague, &StoreListener::changed);
    colleague.start();
    QVERIFY(listening.wait(15000));
    HistoryStore console(m_location);
    QVERIFY(!console.open().isError());
    OpsEvents events;
    for (int i = 0; i < 3; ++i)
        events << makeEvent(QStringLiteral("prod"), 100 + i, OpsEvent::Kind::Promoted, {}, QStringLiteral("e"));
    QVERIFY(!console.append(events).isError());
    QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 1, 10000);
    const QJsonObject stored = changed.takeFirst().at(0).toJsonObject();
    QCOMPARE(stored.value(QStringLiteral("type")).toString(), QStringLiteral("events"));
    QCOMPARE(stored.value(QStringLiteral("count")).toInt(), 3);
    QCOMPARE(stored.value(QStringLiteral("firstId")).toInteger(), events.first().id);
    QCOMPARE(stored.value(QStringLiteral("lastId")).toInteger(), events.last().id);

    // A failed write announces nothing.
    OperationRecord unknown;
    unknown.id = QStringLiteral("no-such-operation");
    unknown.kind = QStringLiteral("k");
    QVERIFY(console.updateOperation(unknown).isError());
    OperationRecord op;
    op.id = OperationRecord::newId();
    op.kind = QStringLiteral("cluster-failover");
    op.deploymentId = QStringLiteral("prod");
    QVERIFY(!console.createOperation(op).isError());
    op.state = OperationRecord::State::Succeeded;
    QVERIFY(!console.updateOperation(op).isError());
    QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 2, 10000);
    QCOMPARE(changed.at(0).at(0).toJsonObject().value(QStringLiteral("state")).toString(), QStringLiteral("planned"));
    QCOMPARE(changed.at(1).at(0).toJsonObject().value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
}

void TestStoreNotify::sqliteHasNoLiveUpdates()
{
    QTemporaryDir dir;
    StoreListener listener(dir.filePath(QStringLiteral("history.db")));
    QSignalSpy failed(&listener, &StoreListener::failed);
    listener.start();
    QVERIFY(failed.wait(5000));
    QVERIFY2(failed.first().at(0).toString().contains(QStringLiteral("shared")), qPrintable(failed.first().at(0).toString()));
}

QTEST_GUILESS_MAIN(TestStoreNotify)
#include "tst_storenotify.moc"
