// IdleConnectionPool over a real 3-master lab cluster, alone and under SlotKeyCounter: a ready
// connection given back is handed out again (same server-side client), one to another endpoint
// is not; a connection that is not ready is not kept; idle ones close after the limit and are
// dropped when the server kills them. Key counts with a pool leave one "redis-ops:keycount"
// client per master however many hovers ran; without a pool none stays; a master that does not
// answer in time gets a fresh connection next time, never a half-used one.
#include "LabFixture.h"
#include "LabSeeding.h"
#include "lab/FaultInjector.h"
#include "lab/LocalLab.h"
#include "monitor/Monitor.h"
#include "monitor/SlotKeyCounter.h"
#include "resp/IdleConnectionPool.h"

#include <QPointer>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QtTest>

#include <memory>

using namespace ops;
using labtest::execute;

namespace {

const QByteArray kName = QByteArrayLiteral("redis-ops:keycount");

} // namespace

class TestIdleConnectionPool : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void givesBackReadyConnectionsPerEndpoint();
    void idleConnectionsExpireOrDropWhenKilled();
    void keyCountsReuseOneConnectionPerMaster();
    void timedOutMasterGetsAFreshConnection(); // last: it freezes a master

private:
    /** Clients named @p name connected to @p endpoint right now (CLIENT LIST). */
    int clientsNamed(const Endpoint &endpoint, const QByteArray &name);
    ConnectionOptions optionsFor(const Endpoint &endpoint, const QByteArray &name) const;
    SlotKeyCountsPtr count(IdleConnectionPool *pool, SlotRange range, int timeoutMs = 3000);
    Endpoint ownerOf(int slot) const;

    std::unique_ptr<LocalLab> m_lab;
    std::unique_ptr<Monitor> m_monitor;
    SnapshotPtr m_snapshot;
    QList<Endpoint> m_masters;
};

void TestIdleConnectionPool::initTestCase()
{
    m_lab = std::make_unique<LocalLab>();
    LabSpec spec;
    spec.kind = LabSpec::Kind::Cluster;
    spec.masters = 3;
    spec.replicasPerMaster = 0;
    QString error;
    QVERIFY2(labtest::startLab(*m_lab, spec, error), qPrintable(error));
    for (const LabNode &n : m_lab->topology().nodesWithRole(LabNode::Role::Master))
        m_masters << n.endpoint;
    m_monitor = std::make_unique<Monitor>(labtest::clusterMonitorConfig(m_lab->topology()));
    m_monitor->start();
    QTRY_VERIFY_WITH_TIMEOUT(m_monitor->snapshot() && m_monitor->snapshot()->slotMap
                                 && m_monitor->snapshot()->slotMap->coveredCount() == kSlotCount
                                 && m_monitor->snapshot()->nodes.size() == 3,
                             20000);
    m_snapshot = m_monitor->snapshot();
}

void TestIdleConnectionPool::cleanupTestCase()
{
    m_monitor.reset();
    m_lab.reset();
}

int TestIdleConnectionPool::clientsNamed(const Endpoint &endpoint, const QByteArray &name)
{
    const RedisResult list = execute(*m_lab->control(endpoint), RespCommand{"CLIENT", "LIST"});
    if (!list.ok())
        return -1;
    int n = 0;
    for (const QByteArray &line : list.value().bytes().split('\n'))
        if (line.contains(" name=" + name + ' '))
            ++n;
    return n;
}

ConnectionOptions TestIdleConnectionPool::optionsFor(const Endpoint &endpoint, const QByteArray &name) const
{
    ConnectionOptions options = m_lab->topology().connectionOptions(endpoint);
    options.clientName = name;
    options.reconnect.enabled = false;
    return options;
}

SlotKeyCountsPtr TestIdleConnectionPool::count(IdleConnectionPool *pool, SlotRange range, int timeoutMs)
{
    SlotKeyCounter counter(m_lab->topology().connectionOptions(m_masters.first()), pool);
    QSignalSpy done(&counter, &SlotKeyCounter::finished);
    if (!counter.start(m_snapshot, range, timeoutMs) || !done.wait(timeoutMs + 5000))
        return {};
    return done.first().first().value<SlotKeyCountsPtr>();
}

Endpoint TestIdleConnectionPool::ownerOf(int slot) const
{
    const Node *owner = m_snapshot->node(m_snapshot->slotMap->ownerOf(slot));
    return owner ? owner->endpoint : Endpoint{};
}

void TestIdleConnectionPool::givesBackReadyConnectionsPerEndpoint()
{
    const QByteArray name = QByteArrayLiteral("pool-test-a");
    IdleConnectionPool pool;
    auto *connection = new RedisConnection(optionsFor(m_masters.at(0), name));
    QCOMPARE(labtest::openAndWait(*connection).kind(), RedisError::Kind::None);
    const QByteArray id = execute(*connection, RespCommand{"CLIENT", "ID"}).value().toDisplayString().toUtf8();
    pool.put(connection);
    QCOMPARE(pool.idleCount(), 1);
    QCOMPARE(pool.take(m_masters.at(1)), nullptr); // another endpoint
    std::unique_ptr<RedisConnection> again(pool.take(m_masters.at(0)));
    QCOMPARE(again.get(), connection);
    QCOMPARE(again->parent(), nullptr);
    QCOMPARE(pool.idleCount(), 0);
    // The very same server-side client, still usable.
    QCOMPARE(execute(*again, RespCommand{"CLIENT", "ID"}).value().toDisplayString().toUtf8(), id);

    // Not ready (never opened): not kept.
    QPointer<RedisConnection> closed = new RedisConnection(optionsFor(m_masters.at(0), name));
    pool.put(closed);
    QCOMPARE(pool.idleCount(), 0);
    QTRY_VERIFY(closed.isNull());
    again.reset();
    QTRY_COMPARE(clientsNamed(m_masters.at(0), name), 0);
}

void TestIdleConnectionPool::idleConnectionsExpireOrDropWhenKilled()
{
    const QByteArray name = QByteArrayLiteral("pool-test-b");
    {
        IdleConnectionPool pool(300);
        auto *connection = new RedisConnection(optionsFor(m_masters.at(0), name));
        QCOMPARE(labtest::openAndWait(*connection).kind(), RedisError::Kind::None);
        pool.put(connection);
        QCOMPARE(clientsNamed(m_masters.at(0), name), 1);
        QTRY_COMPARE_WITH_TIMEOUT(pool.idleCount(), 0, 3000);
        QTRY_COMPARE(clientsNamed(m_masters.at(0), name), 0); // closed, not only forgotten
    }
    IdleConnectionPool pool(60'000);
    auto *connection = new RedisConnection(optionsFor(m_masters.at(1), name));
    QCOMPARE(labtest::openAndWait(*connection).kind(), RedisError::Kind::None);
    const RedisResult id = execute(*connection, RespCommand{"CLIENT", "ID"});
    QVERIFY(id.ok() && id.value().isInteger());
    pool.put(connection);
    QCOMPARE(pool.idleCount(), 1);
    // The server drops it (CLIENT KILL, a restart, a network cut): out of the pool at once.
    const RedisResult killed = execute(*m_lab->control(m_masters.at(1)),
                                       RespCommand{"CLIENT", "KILL", "ID", QByteArray::number(id.value().integer())});
    QVERIFY2(killed.ok() && killed.value().integer() == 1, labtest::describe(killed).constData());
    QTRY_COMPARE_WITH_TIMEOUT(pool.idleCount(), 0, 5000);
    QCOMPARE(pool.take(m_masters.at(1)), nullptr);
}

void TestIdleConnectionPool::keyCountsReuseOneConnectionPerMaster()
{
    for (const Endpoint &m : std::as_const(m_masters))
        QTRY_COMPARE(clientsNamed(m, kName), 0);
    // Without a pool nothing stays.
    SlotKeyCountsPtr counts = count(nullptr, SlotRange{100, 100});
    QVERIFY(counts && counts->problem().isEmpty());
    QTRY_COMPARE(clientsNamed(ownerOf(100), kName), 0);

    IdleConnectionPool pool;
    // Ten hovers over slots of one master: one connection, kept.
    for (int slot = 100; slot < 110; ++slot) {
        counts = count(&pool, SlotRange{slot, slot});
        QVERIFY(counts && counts->problem().isEmpty());
        QCOMPARE(pool.idleCount(), 1);
        QCOMPARE(clientsNamed(ownerOf(100), kName), 1);
    }
    // A full count: one per master, the first one reused.
    counts = count(&pool, SlotRange{0, kSlotCount - 1});
    QVERIFY(counts && counts->problem().isEmpty());
    QCOMPARE(pool.idleCount(), 3);
    for (const Endpoint &m : std::as_const(m_masters))
        QCOMPARE(clientsNamed(m, kName), 1);
}

void TestIdleConnectionPool::timedOutMasterGetsAFreshConnection()
{
    IdleConnectionPool pool;
    QVERIFY(count(&pool, SlotRange{0, kSlotCount - 1}));
    QCOMPARE(pool.idleCount(), 3);
    const Endpoint frozen = ownerOf(0);
    FaultInjector faults(m_lab.get());
    QVERIFY(faults.freeze(frozen));
    auto thaw = qScopeGuard([&] { faults.thaw(frozen); });
    const SlotKeyCountsPtr counts = count(&pool, SlotRange{0, kSlotCount - 1}, 800);
    QVERIFY(counts);
    // The frozen master's connection timed out: not given back; the others are.
    QCOMPARE(pool.idleCount(), 2);
    QCOMPARE(pool.take(frozen), nullptr);
    faults.thaw(frozen);
    thaw.dismiss();
    // The timed-out one was closed (only our control connection's view can tell once it answers).
    QTRY_COMPARE_WITH_TIMEOUT(clientsNamed(frozen, kName), 0, 10000);
}

QTEST_MAIN(TestIdleConnectionPool)
#include "tst_idleconnectionpool.moc"
