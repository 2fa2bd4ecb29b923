// The Monitor's timing on an injected clock (ManualClock), over a real redis-server: cycles start
// only when the clock reaches the interval, a cycle a hung server holds up is published at its
// deadline (half an interval of clock time), and a node is Stale only once it has been silent for
// staleAfterMs of clock time. No wall-clock assertion: time moves when the test moves it.
#include "RedisNodeFixture.h"
#include "core/ManualClock.h"
#include "lab/LabProcess.h"
#include "lab/LocalLab.h"
#include "monitor/Monitor.h"

#include <QSignalSpy>
#include <QtTest>

#include <csignal>

using namespace ops;

class TestMonitorClock : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void cyclesDeadlinesAndStalenessFollowTheClock();
    void settingsAreReadAtConnectThenRarely();

private:
    nodetest::StandaloneNode m_node;
};

void TestMonitorClock::initTestCase()
{
    QString error;
    QVERIFY2(m_node.start("monitorclock-admin", error), qPrintable(error));
}

void TestMonitorClock::cleanupTestCase()
{
    if (LabProcess *server = m_node.lab ? m_node.lab->process(m_node.node) : nullptr)
        server->signal(SIGCONT); // never leave a stopped server behind
    m_node.stop();
}

void TestMonitorClock::cyclesDeadlinesAndStalenessFollowTheClock()
{
    ManualClock clock(1'800'000'000'000, 0);
    MonitorConfig config;
    config.kind = MonitorConfig::Kind::Standalone;
    config.seeds = {m_node.node};
    config.dataOptions = m_node.options();
    config.dataOptions.clientName.clear();
    config.intervalMs = 1000;
    config.staleAfterMs = 3000;
    config.commandTimeoutMs = 60'000; // the real command timeout never fires during the test
    Monitor monitor(config, nullptr, nullptr, &clock);
    QSignalSpy snapshots(&monitor, &Monitor::snapshotChanged);
    auto last = [&] { return snapshots.last().first().value<SnapshotPtr>(); };

    // start() polls at once; the snapshot is stamped with the injected wall clock.
    monitor.start();
    QVERIFY(snapshots.wait(10000));
    QCOMPARE(last()->sequence, quint64(1));
    QCOMPARE(last()->nodes.size(), 1);
    QCOMPARE(last()->nodes.first().lastSeenMs, clock.wallMs());
    QVERIFY(!last()->nodes.first().has(Node::Stale));

    // The next cycle starts when the clock reaches the interval, not before.
    clock.advance(999);
    QCoreApplication::processEvents();
    QCOMPARE(snapshots.size(), 1);
    clock.advance(1);
    QVERIFY(snapshots.wait(10000));
    QCOMPARE(last()->sequence, quint64(2));
    QCOMPARE(last()->nodes.first().lastSeenMs, clock.wallMs());
    const qint64 lastAnswer = clock.wallMs();

    // A hung server: the cycle waits for it until its deadline (interval / 2) on the clock.
    LabProcess *server = m_node.lab->process(m_node.node);
    QVERIFY(server);
    QVERIFY(server->signal(SIGSTOP));
    clock.advance(1000); // cycle 3 starts; its INFO gets no answer
    QCoreApplication::processEvents();
    QCOMPARE(snapshots.size(), 2);
    clock.advance(499);
    QCoreApplication::processEvents();
    QCOMPARE(snapshots.size(), 2);
    clock.advance(1); // the deadline: published with what arrived
    QTRY_COMPARE(snapshots.size(), 3);
    QCOMPARE(last()->timestampMs, clock.wallMs());
    QCOMPARE(last()->nodes.first().lastSeenMs, lastAnswer);
    QVERIFY(!last()->nodes.first().has(Node::Stale)); // silent 1.5 s of 3

    // Every snapshot is Stale exactly when the node has been silent for more than staleAfterMs
    // of clock time, whatever the wall clock does meanwhile.
    bool sawStale = false;
    for (int step = 0; step < 12 && !sawStale; ++step) {
        const qsizetype before = snapshots.size();
        clock.advance(500);
        QCoreApplication::processEvents();
        for (qsizetype i = before; i < snapshots.size(); ++i) {
            const SnapshotPtr s = snapshots.at(i).first().value<SnapshotPtr>();
            const qint64 silentMs = s->timestampMs - lastAnswer;
            QCOMPARE(s->nodes.first().has(Node::Stale), silentMs > config.staleAfterMs);
            sawStale = sawStale || s->nodes.first().has(Node::Stale);
        }
    }
    QVERIFY2(sawStale, "never published as stale");

    // It answers again: a later cycle clears Stale.
    QVERIFY(server->signal(SIGCONT));
    QTRY_VERIFY_WITH_TIMEOUT((clock.advance(500), !last()->nodes.first().has(Node::Stale)), 10000);
    QVERIFY(last()->nodes.first().lastSeenMs > lastAnswer);
    monitor.stop();
}

void TestMonitorClock::settingsAreReadAtConnectThenRarely()
{
    // CONFIG GET calls as the server counts them (INFO commandstats), so the test sees the load.
    auto configGets = [&] {
        const QByteArray stat = labtest::infoField(labtest::execute(*m_node.admin, RespCommand{"INFO", "commandstats"}),
                                                   "cmdstat_config|get");
        const qsizetype at = stat.indexOf("calls=");
        return at < 0 ? 0 : stat.mid(at + 6, stat.indexOf(',', at) - at - 6).toInt();
    };
    QVERIFY(labtest::execute(*m_node.admin, RespCommand{"CONFIG", "RESETSTAT"}).ok());
    QVERIFY(labtest::execute(*m_node.admin, RespCommand{"CONFIG", "SET", "min-replicas-to-write", "0"}).ok());
    ManualClock clock(1'800'000'000'000, 0);
    MonitorConfig config;
    config.kind = MonitorConfig::Kind::Standalone;
    config.seeds = {m_node.node};
    config.dataOptions = m_node.options();
    config.dataOptions.clientName.clear();
    config.intervalMs = 1000;
    config.commandTimeoutMs = 60'000;
    config.configIntervalMs = 60'000;
    Monitor monitor(config, nullptr, nullptr, &clock);
    QSignalSpy snapshots(&monitor, &Monitor::snapshotChanged);
    auto last = [&] { return snapshots.last().first().value<SnapshotPtr>()->nodes.first().config; };

    // At connect: the first poll reads the settings.
    const qint64 started = clock.wallMs();
    monitor.start();
    QVERIFY(snapshots.wait(10000));
    QCOMPARE(last().readAtMs, started);
    QCOMPARE(last().value("min-replicas-to-write"), QByteArray("0"));
    QVERIFY(last().has("save") && last().has("appendonly") && last().has("repl-backlog-size"));
    QCOMPARE(configGets(), 1);

    // Changed on the server: not seen by the next 59 cycles (no CONFIG GET per cycle)...
    QVERIFY(labtest::execute(*m_node.admin, RespCommand{"CONFIG", "SET", "min-replicas-to-write", "2"}).ok());
    for (int cycle = 1; cycle < 60; ++cycle) {
        const qsizetype before = snapshots.size();
        clock.advance(1000);
        QTRY_VERIFY(snapshots.size() > before);
    }
    QCOMPARE(configGets(), 1);
    QCOMPARE(last().readAtMs, started);
    QCOMPARE(last().value("min-replicas-to-write"), QByteArray("0"));

    // ...and read again once configIntervalMs of clock time has passed.
    clock.advance(1000);
    QTRY_COMPARE(last().readAtMs, started + 60'000);
    QCOMPARE(last().value("min-replicas-to-write"), QByteArray("2"));
    QCOMPARE(configGets(), 2);

    // F5 / "Re-check now" (pollNow(true)): read again in that very cycle, once, not from then on.
    QVERIFY(labtest::execute(*m_node.admin, RespCommand{"CONFIG", "SET", "min-replicas-to-write", "3"}).ok());
    clock.advance(300);
    const qint64 asked = clock.wallMs();
    const qsizetype before = snapshots.size();
    monitor.pollNow(true);
    QTRY_VERIFY(snapshots.size() > before);
    QCOMPARE(last().readAtMs, asked);
    QCOMPARE(last().value("min-replicas-to-write"), QByteArray("3"));
    QCOMPARE(configGets(), 3);
    for (int cycle = 0; cycle < 3; ++cycle) {
        const qsizetype n = snapshots.size();
        clock.advance(1000);
        QTRY_VERIFY(snapshots.size() > n);
    }
    QCOMPARE(configGets(), 3);
    monitor.pollNow(); // a plain refresh (an action's poll, +switch-master) does not read them
    QTRY_VERIFY(snapshots.size() > before + 4);
    QCOMPARE(configGets(), 3);
    monitor.stop();
    QVERIFY(labtest::execute(*m_node.admin, RespCommand{"CONFIG", "SET", "min-replicas-to-write", "0"}).ok());
}

QTEST_GUILESS_MAIN(TestMonitorClock)
#include "tst_monitorclock.moc"
