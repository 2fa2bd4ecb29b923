// SlotKeyCounter and ConsoleRuntime::countKeys over a real 3-master lab cluster: 1,000 keys in
// the {hot} slot plus 300 spread keys; a full count equals what was written (slot by slot, and
// CLUSTER COUNTKEYSINSLOT asked directly), sums to the masters' DBSIZE, flags the {hot} slot and
// no spread slot; one slot for a hover; the runtime answers on the GUI thread and drops answers
// for a dead context; a TLS lab counts the same way; a SIGSTOPped master gives unknown counts
// for its slots and a Timeout error within the deadline while the others finish.
#include "ConsoleRuntime.h"
#include "LabFixture.h"
#include "LabSeeding.h"
#include "lab/FaultInjector.h"
#include "lab/LocalLab.h"
#include "model/HashSlot.h"
#include "monitor/Monitor.h"
#include "monitor/SlotKeyCounter.h"

#include <QElapsedTimer>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QThread>
#include <QtTest>

#include <algorithm>
#include <memory>

using namespace ops;
using labtest::execute;
using labtest::executeAll;

namespace {

constexpr int kHotKeys = 1000;
constexpr int kSpreadKeys = 300;

bool complete(const SnapshotPtr &s, int nodes)
{
    if (!s || s->nodes.size() != nodes || !s->slotMap || s->slotMap->coveredCount() != kSlotCount)
        return false;
    return std::all_of(s->nodes.cbegin(), s->nodes.cend(), [](const Node &n) { return n.lastSeenMs > 0 && n.endpoint.isValid(); });
}

} // namespace

class TestSlotKeyCounter : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void fullCountMatchesServersAndFlagsHotSlot();
    void oneSlotForHover();
    void runtimeCountsOnBackendThreadAnswersOnGuiThread();
    void tlsLabCountsTheSame();
    void frozenMasterUnknownOthersFinish(); // last: it freezes a master

private:
    bool startLab(LocalLab &lab, bool tls, std::unique_ptr<Monitor> &monitor, QString &error);
    qint64 dbsize(LocalLab &lab, const Endpoint &endpoint);
    SlotKeyCountsPtr countAll(const ConnectionOptions &options, const SnapshotPtr &s, int timeoutMs, qint64 *elapsedMs = nullptr);

    std::unique_ptr<LocalLab> m_lab;
    std::unique_ptr<Monitor> m_monitor;
    SnapshotPtr m_snapshot;
    QHash<int, qint64> m_written;   ///< slot -> keys written
    int m_hotSlot = -1;
};

bool TestSlotKeyCounter::startLab(LocalLab &lab, bool tls, std::unique_ptr<Monitor> &monitor, QString &error)
{
    LabSpec spec;
    spec.kind = LabSpec::Kind::Cluster;
    spec.masters = 3;
    spec.replicasPerMaster = 0;
    spec.tls = tls;
    if (!labtest::startLab(lab, spec, error))
        return false;
    monitor = std::make_unique<Monitor>(labtest::clusterMonitorConfig(lab.topology()));
    monitor->start();
    if (!QTest::qWaitFor([&] { return complete(monitor->snapshot(), 3); }, 20000)) {
        error = QStringLiteral("no complete snapshot");
        return false;
    }
    return true;
}

qint64 TestSlotKeyCounter::dbsize(LocalLab &lab, const Endpoint &endpoint)
{
    const RedisResult r = execute(*lab.control(endpoint), RespCommand{"DBSIZE"});
    return r.ok() ? r.value().integer() : -1;
}

SlotKeyCountsPtr TestSlotKeyCounter::countAll(const ConnectionOptions &options, const SnapshotPtr &s, int timeoutMs, qint64 *elapsedMs)
{
    SlotKeyCounter counter(options);
    QSignalSpy finished(&counter, &SlotKeyCounter::finished);
    QElapsedTimer clock;
    clock.start();
    if (!counter.start(s, SlotRange{0, kSlotCount - 1}, timeoutMs))
        return nullptr;
    if (finished.isEmpty() && !finished.wait(timeoutMs * 3 + 5000))
        return nullptr;
    if (elapsedMs)
        *elapsedMs = clock.elapsed();
    return finished.first().first().value<SlotKeyCountsPtr>();
}

void TestSlotKeyCounter::initTestCase()
{
    qRegisterMetaType<SlotKeyCountsPtr>();
    m_lab = std::make_unique<LocalLab>();
    QString error;
    QVERIFY2(startLab(*m_lab, false, m_monitor, error), qPrintable(error));
    m_snapshot = m_monitor->snapshot();

    QList<QByteArray> keys;
    for (int i = 0; i < kHotKeys; ++i)
        keys << "{hot}:item:" + QByteArray::number(i);
    for (int i = 0; i < kSpreadKeys; ++i)
        keys << "spread:" + QByteArray::number(i);
    for (const QByteArray &key : std::as_const(keys))
        ++m_written[HashSlot::of(key)];
    m_hotSlot = HashSlot::of("{hot}");
    const QString written = labtest::writeKeys(*m_lab, *m_snapshot, keys);
    QVERIFY2(written.isEmpty(), qPrintable(written));
    QVERIFY2(m_written.value(m_hotSlot) == kHotKeys, "a spread key landed in the {hot} slot: pick other names");
}

void TestSlotKeyCounter::cleanupTestCase()
{
    m_monitor.reset();
    m_lab.reset();
}

void TestSlotKeyCounter::fullCountMatchesServersAndFlagsHotSlot()
{
    qint64 elapsed = 0;
    const SlotKeyCountsPtr counts = countAll(m_monitor->config().dataOptions, m_snapshot, 3000, &elapsed);
    QVERIFY(counts);
    qInfo("full count of 16384 slots over 3 masters: %lld ms", elapsed);
    QVERIFY2(counts->errors().isEmpty(), qPrintable(counts->errors().join(QLatin1Char('\n'))));
    QVERIFY(counts->isFullRange());
    QVERIFY(counts->isComplete());
    QCOMPARE(counts->knownSlots(), kSlotCount);

    // Slot by slot, what was written.
    for (int s = 0; s < kSlotCount; ++s)
        if (counts->count(s) != m_written.value(s))
            QFAIL(qPrintable(QStringLiteral("slot %1: counted %2, written %3").arg(s).arg(counts->count(s)).arg(m_written.value(s))));

    // And what CLUSTER COUNTKEYSINSLOT says when asked directly, for every slot holding keys and a sample of empty ones.
    QHash<QString, QList<int>> asked;
    for (int s = 0; s < kSlotCount; ++s)
        if (m_written.contains(s) || s % 997 == 0)
            asked[m_snapshot->slotMap->ownerOf(s)].append(s);
    for (auto it = asked.cbegin(); it != asked.cend(); ++it) {
        QList<RespCommand> commands;
        for (int s : *it)
            commands << RespCommand{"CLUSTER", "COUNTKEYSINSLOT", QByteArray::number(s)};
        const QList<RedisResult> replies = executeAll(*m_lab->control(m_snapshot->node(it.key())->endpoint), commands);
        for (qsizetype i = 0; i < replies.size(); ++i) {
            QVERIFY2(replies.at(i).ok(), labtest::describe(replies.at(i)).constData());
            QCOMPARE(counts->count(it->at(i)), replies.at(i).value().integer());
        }
    }

    // Totals: the DBSIZE of each master, and of all of them.
    qint64 dbsizes = 0;
    for (const SlotKeyCounts::Master &m : counts->masters()) {
        const qint64 size = dbsize(*m_lab, m.endpoint);
        QVERIFY(m.ok());
        QCOMPARE(m.keys, size);
        dbsizes += size;
    }
    QCOMPARE(counts->masters().size(), 3);
    QCOMPARE(counts->totalKeys(), dbsizes);
    QCOMPARE(counts->totalKeys(), qint64(kHotKeys + kSpreadKeys));

    // The {hot} slot, and no spread slot, is hot.
    QCOMPARE(counts->hotSlots(), QList<int>{m_hotSlot});
    for (auto it = m_written.cbegin(); it != m_written.cend(); ++it)
        QCOMPARE(counts->isHotSlot(it.key()), it.key() == m_hotSlot);
    QCOMPARE(counts->hotSlotsOf(m_snapshot->slotMap->ownerOf(m_hotSlot)), 1);
}

void TestSlotKeyCounter::oneSlotForHover()
{
    SlotKeyCounter counter(m_monitor->config().dataOptions);
    QSignalSpy finished(&counter, &SlotKeyCounter::finished);
    QVERIFY(counter.start(m_snapshot, SlotRange{m_hotSlot, m_hotSlot}, 2000));
    QVERIFY(finished.isEmpty()); // never answers inside start()
    QVERIFY(finished.wait(5000));
    const SlotKeyCountsPtr counts = finished.first().first().value<SlotKeyCountsPtr>();
    QCOMPARE(counts->range(), (SlotRange{m_hotSlot, m_hotSlot}));
    QCOMPARE(counts->count(m_hotSlot), qint64(kHotKeys));
    QCOMPARE(counts->masters().size(), 1);
    QCOMPARE(counts->masters().first().nodeId, m_snapshot->slotMap->ownerOf(m_hotSlot));
    QVERIFY(counts->hotSlots().isEmpty()); // one slot has no mean to be hot against

    // No slot map: a problem, still asynchronous.
    SlotKeyCounter none(m_monitor->config().dataOptions);
    QSignalSpy noneFinished(&none, &SlotKeyCounter::finished);
    QVERIFY(none.start(nullptr, SlotRange{0, 10}, 1000));
    QVERIFY(noneFinished.isEmpty());
    QVERIFY(noneFinished.wait(2000));
    QVERIFY(!noneFinished.first().first().value<SlotKeyCountsPtr>()->problem().isEmpty());
}

void TestSlotKeyCounter::runtimeCountsOnBackendThreadAnswersOnGuiThread()
{
    ConsoleRuntime runtime;
    QList<SnapshotPtr> snapshots;
    connect(&runtime, &ConsoleRuntime::snapshotChanged, this, [&](int, const SnapshotPtr &s) { snapshots << s; });
    const int id = runtime.startMonitor(m_monitor->config());
    QTRY_VERIFY_WITH_TIMEOUT(!snapshots.isEmpty() && complete(snapshots.last(), 3), 20000);

    QObject context;
    SlotKeyCountsPtr answer;
    QThread *answeredOn = nullptr;
    runtime.countKeys(id, 0, kSlotCount - 1, &context, [&](const SlotKeyCountsPtr &counts) {
        answer = counts;
        answeredOn = QThread::currentThread();
    });
    QTRY_VERIFY_WITH_TIMEOUT(answer != nullptr, 10000);
    QCOMPARE(answeredOn, QThread::currentThread());
    QVERIFY2(answer->errors().isEmpty(), qPrintable(answer->errors().join(QLatin1Char('\n'))));
    QCOMPARE(answer->totalKeys(), qint64(kHotKeys + kSpreadKeys));
    QCOMPARE(answer->hotSlots(), QList<int>{m_hotSlot});

    // An unknown monitor: a problem, not silence.
    SlotKeyCountsPtr unknown;
    runtime.countKeys(id + 100, 5, 5, &context, [&](const SlotKeyCountsPtr &counts) { unknown = counts; });
    QTRY_VERIFY_WITH_TIMEOUT(unknown != nullptr, 5000);
    QVERIFY(!unknown->problem().isEmpty());
    QCOMPARE(unknown->range(), (SlotRange{5, 5}));

    // The asking view is gone before the answer: the handler is dropped.
    auto gone = std::make_unique<QObject>();
    bool called = false;
    runtime.countKeys(id, m_hotSlot, m_hotSlot, gone.get(), [&](const SlotKeyCountsPtr &) { called = true; });
    gone.reset();
    SlotKeyCountsPtr after; // a later request on the same path is answered: the first one had its chance
    runtime.countKeys(id, m_hotSlot, m_hotSlot, &context, [&](const SlotKeyCountsPtr &counts) { after = counts; });
    QTRY_VERIFY_WITH_TIMEOUT(after != nullptr, 5000);
    QCOMPARE(after->count(m_hotSlot), qint64(kHotKeys));
    QVERIFY(!called);
}

void TestSlotKeyCounter::tlsLabCountsTheSame()
{
    LocalLab lab;
    std::unique_ptr<Monitor> monitor;
    QString error;
    QVERIFY2(startLab(lab, true, monitor, error), qPrintable(error));
    QVERIFY(monitor->config().dataOptions.tls.enabled);
    const SnapshotPtr s = monitor->snapshot();
    QList<QByteArray> keys;
    for (int i = 0; i < 200; ++i)
        keys << "{hot}:tls:" + QByteArray::number(i) << "tls:" + QByteArray::number(i);
    const QString written = labtest::writeKeys(lab, *s, keys);
    QVERIFY2(written.isEmpty(), qPrintable(written));
    const SlotKeyCountsPtr counts = countAll(monitor->config().dataOptions, s, 3000);
    QVERIFY(counts);
    QVERIFY2(counts->errors().isEmpty(), qPrintable(counts->errors().join(QLatin1Char('\n'))));
    qint64 dbsizes = 0;
    for (const Node *m : s->masters())
        dbsizes += dbsize(lab, m->endpoint);
    QCOMPARE(counts->totalKeys(), dbsizes);
    QCOMPARE(counts->totalKeys(), qint64(400));
    QCOMPARE(counts->count(m_hotSlot), qint64(200));
    QCOMPARE(counts->hotSlots(), QList<int>{m_hotSlot});
    monitor.reset();
}

void TestSlotKeyCounter::frozenMasterUnknownOthersFinish()
{
    const QString frozenId = m_snapshot->slotMap->ownerOf(m_hotSlot);
    const Endpoint frozen = m_snapshot->node(frozenId)->endpoint;
    FaultInjector faults(m_lab.get());
    QVERIFY(faults.freeze(frozen));
    auto thaw = qScopeGuard([&] { faults.thaw(frozen); });

    constexpr int kTimeoutMs = 1500;
    qint64 elapsed = 0;
    const SlotKeyCountsPtr counts = countAll(m_monitor->config().dataOptions, m_snapshot, kTimeoutMs, &elapsed);
    QVERIFY(counts);
    qInfo("count with one frozen master finished after %lld ms (timeout %d ms)", elapsed, kTimeoutMs);
    // Bounded by the deadline: countAll waits 3 x the timeout + 5 s at most, and a count that
    // waited on the frozen master for ever would fail there (no tighter wall-clock bound).
    QVERIFY(!counts->isComplete());
    QCOMPARE(counts->failedMasters(), 1);
    const SlotKeyCounts::Master *bad = counts->master(frozenId);
    QVERIFY(bad);
    QVERIFY(!bad->ok());
    QCOMPARE(bad->error.kind(), RedisError::Kind::Timeout);
    QCOMPARE(bad->keys, SlotKeyCounts::kUnknown);
    QVERIFY2(counts->errors().first().contains(frozen.toString()), qPrintable(counts->errors().first()));
    for (const SlotRange &r : m_snapshot->slotMap->rangesOf(frozenId))
        for (int s = r.first; s <= r.last; ++s)
            QVERIFY(!counts->isKnown(s));
    QVERIFY(!counts->isHotSlot(m_hotSlot)); // its count is unknown
    qint64 othersKnown = 0;
    for (const SlotKeyCounts::Master &m : counts->masters()) {
        if (m.nodeId == frozenId)
            continue;
        QVERIFY2(m.ok(), qPrintable(m.error.message()));
        QCOMPARE(m.keys, dbsize(*m_lab, m.endpoint));
        othersKnown += m.slotCount;
    }
    QCOMPARE(counts->knownSlots(), othersKnown);

    thaw.dismiss();
    QVERIFY(faults.thaw(frozen));
}

QTEST_MAIN(TestSlotKeyCounter)
#include "tst_slotkeycounter.moc"
