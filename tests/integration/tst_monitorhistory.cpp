// The Monitor and its history on a thread of their own (AsyncHistoryStore), over a real
// cluster lab (CLUSTER FAILOVER on a replica makes a Promoted event). While the database is write-locked by another connection, snapshots keep being
// published and the event waits; it is published once stored, with its id. A history that
// cannot be opened does not hide events: they are published without ids.
#include "LabFixture.h"
#include "history/AsyncHistoryStore.h"
#include "history/HistoryStore.h"
#include "lab/LocalLab.h"
#include "monitor/Monitor.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <memory>
#include <optional>

using namespace ops;
using labtest::execute;

class TestMonitorHistory : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void eventsWaitForTheDiskSnapshotsDoNot();
    void unusableHistoryStillPublishes();
    void eventsDuringAnOperationCarryItsId();

private:
    void startMonitor(AsyncHistoryStore *history);
    /** m_history on @p path, opened (reset to null when opening fails). */
    void openHistory(const QString &path);
    /** CLUSTER FAILOVER on the first replica; its address (empty on failure). */
    QString promoteReplica();
    bool promotedIn(const TopologySnapshot &s, const QString &address) const;
    int promotedEvents(const QString &address) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalLab> m_lab;
    std::unique_ptr<AsyncHistoryStore> m_history;
    std::unique_ptr<Monitor> m_monitor;
    OpsEvents m_events;
    int m_snapshots = 0;
};

void TestMonitorHistory::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_events.clear();
    m_snapshots = 0;
    m_lab = labtest::startedLab(LabSpec::Kind::Cluster, 1);
    QVERIFY(m_lab);
    QString why;
    QVERIFY2(labtest::waitClusterSettled(*m_lab, why), qPrintable(why)); // no events but ours
}

void TestMonitorHistory::cleanup()
{
    m_monitor.reset();
    m_history.reset();
    m_lab.reset();
    m_dir.reset();
}

void TestMonitorHistory::startMonitor(AsyncHistoryStore *history)
{
    MonitorConfig config;
    config.kind = MonitorConfig::Kind::Cluster;
    config.seeds = {m_lab->topology().nodes.first().endpoint};
    config.dataOptions = m_lab->topology().connectionOptions(config.seeds.first());
    config.intervalMs = 200;
    config.staleAfterMs = 1500;
    config.commandTimeoutMs = 1000;
    m_monitor = std::make_unique<Monitor>(config, history);
    connect(m_monitor.get(), &Monitor::snapshotChanged, this, [this] { ++m_snapshots; });
    connect(m_monitor.get(), &Monitor::eventsRecorded, this, [this](const OpsEvents &e) { m_events += e; });
    m_monitor->start();
    QTRY_VERIFY_WITH_TIMEOUT(m_monitor->snapshot() && m_monitor->snapshot()->nodes.size() == 6
                                 && std::all_of(m_monitor->snapshot()->nodes.cbegin(), m_monitor->snapshot()->nodes.cend(),
                                                [](const Node &n) { return n.lastSeenMs > 0; }),
                             20000);
}

void TestMonitorHistory::openHistory(const QString &path)
{
    m_history = std::make_unique<AsyncHistoryStore>(path);
    std::optional<HistoryError> opened;
    m_history->open(this, [&opened](int, const HistoryError &e) { opened = e; });
    if (!QTest::qWaitFor([&] { return opened.has_value(); }, 5000) || opened->isError())
        m_history.reset();
}

QString TestMonitorHistory::promoteReplica()
{
    const Endpoint replica = m_lab->topology().nodesWithRole(LabNode::Role::Replica).first().endpoint;
    const RedisResult r = execute(*m_lab->control(replica), RespCommand{"CLUSTER", "FAILOVER"});
    return r.ok() ? replica.toString() : QString();
}

bool TestMonitorHistory::promotedIn(const TopologySnapshot &s, const QString &address) const
{
    return std::any_of(s.nodes.cbegin(), s.nodes.cend(),
                       [&](const Node &n) { return n.endpoint.toString() == address && n.isMaster(); });
}

int TestMonitorHistory::promotedEvents(const QString &address) const
{
    return int(std::count_if(m_events.cbegin(), m_events.cend(), [&](const OpsEvent &e) {
        return e.kind == OpsEvent::Kind::Promoted && (e.endpoint == address || e.nodeId == address);
    }));
}

void TestMonitorHistory::eventsWaitForTheDiskSnapshotsDoNot()
{
    const QString path = m_dir->filePath(QStringLiteral("history.db"));
    openHistory(path);
    QVERIFY(m_history);
    startMonitor(m_history.get());

    // Another connection holds the write lock: the history thread's INSERT waits (busy_timeout 5 s).
    const QString name = QStringLiteral("locker");
    {
        QSqlDatabase locker = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        locker.setDatabaseName(path);
        QVERIFY(locker.open());
        QSqlQuery q(locker);
        QVERIFY(q.exec(QStringLiteral("BEGIN IMMEDIATE")));

        const QString promoted = promoteReplica();
        QVERIFY(!promoted.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(promotedIn(*m_monitor->snapshot(), promoted), 4000);
        const int snapshotsAtChange = m_snapshots;
        // Cycles go on while the event is stuck behind the lock...
        QTRY_VERIFY_WITH_TIMEOUT(m_snapshots >= snapshotsAtChange + 3, 3000);
        QCOMPARE(promotedEvents(promoted), 0); // ... and it is not published before it is stored
        QVERIFY(m_history->pendingRequests() > 0);

        QVERIFY(q.exec(QStringLiteral("ROLLBACK")));
        QTRY_COMPARE_WITH_TIMEOUT(promotedEvents(promoted), 1, 5000);
        for (const OpsEvent &e : std::as_const(m_events))
            QVERIFY2(e.id > 0, qPrintable(e.message)); // stored, with its id
        locker.close();
    }
    QSqlDatabase::removeDatabase(name);
    HistoryStore reader(path);
    QVERIFY(!reader.open().isError());
    QCOMPARE(reader.count(), qint64(m_events.size()));
}

void TestMonitorHistory::unusableHistoryStillPublishes()
{
    const QString path = m_dir->filePath(QStringLiteral("a-directory"));
    QVERIFY(QDir().mkpath(path));
    m_history = std::make_unique<AsyncHistoryStore>(path);
    std::optional<HistoryError> opened;
    m_history->open(this, [&opened](int, const HistoryError &e) { opened = e; });
    QTRY_VERIFY(opened.has_value());
    QVERIFY(opened->isError());
    startMonitor(m_history.get());
    const QString promoted = promoteReplica();
    QVERIFY(!promoted.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(promotedEvents(promoted), 1, 10000);
    for (const OpsEvent &e : std::as_const(m_events))
        QCOMPARE(e.id, qint64(0)); // published without an id: not stored
}

// Monitor::setActiveOperation: what the monitor records while an operation runs is stored with
// the operation's id (events.operation_id), and nothing once it is cleared.
void TestMonitorHistory::eventsDuringAnOperationCarryItsId()
{
    const QString path = m_dir->filePath(QStringLiteral("history.db"));
    openHistory(path);
    QVERIFY(m_history);
    startMonitor(m_history.get());
    const QString operationId = OperationRecord::newId();
    m_monitor->setActiveOperation(operationId);
    QCOMPARE(m_monitor->activeOperation(), operationId);

    const QString promoted = promoteReplica();
    QVERIFY(!promoted.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(promotedEvents(promoted), 1, 10000);
    // Everything published so far was recorded while the operation was active (later cycles
    // may still report the old master's demotion: recorded after the clear, without the id).
    const OpsEvents seen = m_events;
    m_monitor->setActiveOperation({});
    for (const OpsEvent &e : seen)
        QCOMPARE(e.operationId, operationId);

    bool flushed = false;
    m_history->flush(this, [&flushed] { flushed = true; });
    QTRY_VERIFY(flushed);
    HistoryStore reader(path);
    QVERIFY(!reader.open().isError());
    HistoryQuery q;
    q.operationId = operationId;
    const QList<OpsEvent> stored = reader.query(q);
    QVERIFY(std::any_of(stored.cbegin(), stored.cend(), [&](const OpsEvent &e) {
        return e.kind == OpsEvent::Kind::Promoted && e.endpoint == promoted && e.operationId == operationId;
    }));
    for (const OpsEvent &e : seen) // stored with the id, as published
        QVERIFY(std::any_of(stored.cbegin(), stored.cend(), [&](const OpsEvent &s) { return s.id == e.id; }));
}

QTEST_GUILESS_MAIN(TestMonitorHistory)
#include "tst_monitorhistory.moc"
