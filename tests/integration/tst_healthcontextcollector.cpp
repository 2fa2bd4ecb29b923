// HealthContextCollector over a real history file (no server): a cluster failover stored as
// fail-set then promoted 7 s later comes back as one 7000 ms duration; the history is read again
// only after the refresh interval of the injectable clock, or at once for a new deployment id;
// without a history the reason is kept.
#include "core/ManualClock.h"
#include "history/AsyncHistoryStore.h"
#include "session/HealthContextCollector.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace ops;

namespace {

constexpr qint64 kStart = 1'700'000'000'000;

OpsEvent makeEvent(const char *kind, qint64 at, const QString &node)
{
    OpsEvent e;
    e.deploymentId = QStringLiteral("cluster:test");
    e.timestampMs = at;
    if (!OpsEvent::kindFromName(QString::fromLatin1(kind), &e.kind))
        qFatal("bad kind %s", kind);
    e.nodeId = node;
    e.severity = OpsEvent::Severity::Warning;
    return e;
}

} // namespace

class TestHealthContextCollector : public QObject
{
    Q_OBJECT
private slots:
    void failoverDurationsFromTheHistory();
    void readsAgainForANewDeploymentId();
    void noHistoryKeepsTheReason();
};

void TestHealthContextCollector::failoverDurationsFromTheHistory()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    AsyncHistoryStore store(dir.filePath(QStringLiteral("history.sqlite")));
    bool opened = false;
    store.open(this, [&opened](int, const HistoryError &e) { opened = !e.isError(); });
    QTRY_VERIFY(opened);
    OpsEvent promoted = makeEvent("promoted", kStart + 7000, QStringLiteral("r1"));
    promoted.details.insert(QStringLiteral("oldMaster"), QStringLiteral("m1"));
    bool stored = false;
    store.append({makeEvent("fail-set", kStart, QStringLiteral("m1")), promoted}, this,
                 [&stored](const OpsEvents &, const HistoryError &e) { stored = !e.isError(); });
    QTRY_VERIFY(stored);

    ManualClock clock(kStart + 3'600'000);
    HealthContextCollector collector(&store, &clock);
    QSignalSpy changed(&collector, &HealthContextCollector::changed);
    auto snapshot = std::make_shared<TopologySnapshot>();
    snapshot->kind = TopologySnapshot::Kind::Sentinel; // no census: only the history is gathered
    snapshot->deploymentId = QStringLiteral("cluster:test");
    QVERIFY(!collector.gathered());
    collector.update(snapshot, {}, 1000, 300'000);
    QVERIFY(changed.wait(10000));
    QVERIFY(collector.gathered());
    QVERIFY(collector.context().failoverDurationsMs.has_value());
    QCOMPARE(*collector.context().failoverDurationsMs, QList<qint64>{7000});
    QCOMPARE(collector.context().keyCensusProblem, QStringLiteral("not a cluster"));

    // Not due again before the refresh interval; due once it has passed.
    clock.advance(299'000);
    collector.update(snapshot, {}, 1000, 300'000);
    QVERIFY(!changed.wait(300));
    QCOMPARE(changed.size(), 1);
    clock.advance(1'000);
    collector.update(snapshot, {}, 1000, 300'000);
    QVERIFY(changed.wait(10000));
    QCOMPARE(changed.size(), 2);
}

// A cluster is first published by address ("cluster@seed", before any CLUSTER NODES), then by its
// node-id id: the failovers recorded under the latter are read at once, not 5 minutes later.
void TestHealthContextCollector::readsAgainForANewDeploymentId()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    AsyncHistoryStore store(dir.filePath(QStringLiteral("history.sqlite")));
    bool opened = false;
    store.open(this, [&opened](int, const HistoryError &e) { opened = !e.isError(); });
    QTRY_VERIFY(opened);
    OpsEvent promoted = makeEvent("promoted", kStart + 7000, QStringLiteral("r1"));
    promoted.details.insert(QStringLiteral("oldMaster"), QStringLiteral("m1"));
    bool stored = false;
    store.append({makeEvent("fail-set", kStart, QStringLiteral("m1")), promoted}, this,
                 [&stored](const OpsEvents &, const HistoryError &e) { stored = !e.isError(); });
    QTRY_VERIFY(stored);

    ManualClock clock(kStart + 3'600'000);
    HealthContextCollector collector(&store, &clock);
    QSignalSpy changed(&collector, &HealthContextCollector::changed);
    auto provisional = std::make_shared<TopologySnapshot>();
    provisional->kind = TopologySnapshot::Kind::Sentinel; // no census: only the history is gathered
    provisional->deploymentId = QStringLiteral("cluster@127.0.0.1:7000");
    collector.update(provisional, {}, 1000, 300'000);
    QVERIFY(changed.wait(10000));
    QCOMPARE(*collector.context().failoverDurationsMs, QList<qint64>{});

    auto known = std::make_shared<TopologySnapshot>(*provisional);
    known->deploymentId = QStringLiteral("cluster:test");
    collector.update(known, {}, 1000, 300'000); // same clock: only the new id makes it due
    QVERIFY(!collector.gathered());
    QVERIFY(changed.wait(10000));
    QVERIFY(collector.gathered());
    QCOMPARE(*collector.context().failoverDurationsMs, QList<qint64>{7000});
}

void TestHealthContextCollector::noHistoryKeepsTheReason()
{
    ManualClock clock;
    HealthContextCollector collector(nullptr, &clock);
    auto snapshot = std::make_shared<TopologySnapshot>();
    snapshot->kind = TopologySnapshot::Kind::Standalone;
    collector.update(snapshot, {}, 1000, 300'000);
    QVERIFY(collector.gathered());
    QVERIFY(!collector.context().failoverDurationsMs);
    QVERIFY(collector.context().failoverHistoryProblem.contains(QLatin1String("no history")));
}

QTEST_MAIN(TestHealthContextCollector)
#include "tst_healthcontextcollector.moc"
