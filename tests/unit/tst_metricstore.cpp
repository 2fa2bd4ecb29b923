// Unit tests of MetricStore: ordering, fixed-capacity rings (wrap-around, bounded growth over
// 2 days of 1 s samples), range queries across the fine/coarse boundary, the downsampling rules
// with unknown (-1) values, out-of-order samples, removeNode and many nodes; the packed sample's
// precision, the medium tier, idle nodes' shorter fine ring, a gap longer than the 32-bit offsets,
// and MetricHistory read while written from another thread. Pure, no I/O.
#include "monitor/MetricHistory.h"
#include "monitor/MetricStore.h"
#include "monitor/PackedMetricSample.h"

#include <QThread>
#include <atomic>

#include <QtTest>

#include <limits>

using ops::MetricSample;
using ops::MetricStore;
using Samples = std::vector<MetricSample>;
using Timestamps = QList<qint64>;

Q_DECLARE_METATYPE(Samples)

namespace ops {
// Found by QTest through ADL: failed comparisons print every field.
char *toString(const MetricSample &s)
{
    return qstrdup(QStringLiteral("{t=%1 off=%2 lagB=%3 lagS=%4 link=%5 mem=%6/%7 frag=%8 ops=%9 clients=%10 keys=%11}")
                       .arg(s.timestampMs)
                       .arg(s.replOffset)
                       .arg(s.lagBytes)
                       .arg(s.lagSeconds)
                       .arg(s.linkUp)
                       .arg(s.usedMemory)
                       .arg(s.maxMemory)
                       .arg(s.fragmentation)
                       .arg(s.opsPerSec)
                       .arg(s.clients)
                       .arg(s.keys)
                       .toUtf8()
                       .constData());
}
} // namespace ops

namespace {
constexpr qint64 kMinute = 60000;
constexpr qint64 kT0 = 1700000040000; // a whole minute (2023-11-14T22:14:00Z)
const QString kNode = QStringLiteral("node-a");

MetricSample at(qint64 t)
{
    MetricSample s;
    s.timestampMs = t;
    return s;
}

// One sample per second for @p seconds from kT0; replOffset counts the samples.
void fillSeconds(MetricStore &store, const QString &node, int seconds)
{
    for (int i = 0; i < seconds; ++i) {
        MetricSample s = at(kT0 + qint64(i) * 1000);
        s.replOffset = i;
        s.lagBytes = 0;
        s.linkUp = 1;
        store.append(node, s);
    }
}

Timestamps timestamps(const Samples &samples)
{
    Timestamps t;
    for (const MetricSample &s : samples)
        t << s.timestampMs;
    return t;
}

bool strictlyAscending(const Samples &samples)
{
    for (std::size_t i = 1; i < samples.size(); ++i)
        if (samples[i].timestampMs <= samples[i - 1].timestampMs)
            return false;
    return true;
}
} // namespace

class TestMetricStore : public QObject
{
    Q_OBJECT

private slots:
    void emptyStore();
    void appendOrdering_data();
    void appendOrdering();
    void wrapAround_data();
    void wrapAround();
    void aggregation_data();
    void aggregation();
    void bucketBoundaries();
    void rangeAcrossBoundary_data();
    void rangeAcrossBoundary();
    void lagSpikeSurvivesDownsampling();
    void boundedGrowthOverTwoDays();
    void documentedMemoryBound();
    void removeNode();
    void manyNodes();
    void limitsClamped();
    void packedPrecision_data();
    void packedPrecision();
    void mediumTierBetweenFineAndCoarse();
    void idleNodesKeepShorterFineRing();
    void gapLongerThanOffsets();
    void historyReadWhileWritten();
};

void TestMetricStore::emptyStore()
{
    MetricStore store;
    QVERIFY(store.nodes().isEmpty());
    QVERIFY(!store.latest(kNode).has_value());
    QVERIFY(store.range(kNode, 0, std::numeric_limits<qint64>::max()).empty());
    QCOMPARE(store.fineCount(kNode), std::size_t(0));
    QCOMPARE(store.memoryBound(), std::size_t(0));
    QCOMPARE(store.allocatedBytes(), std::size_t(0));
    store.removeNode(kNode); // no-op
}

void TestMetricStore::appendOrdering_data()
{
    QTest::addColumn<Timestamps>("appended");
    QTest::addColumn<Timestamps>("kept");

    QTest::newRow("ascending") << Timestamps{1000, 2000, 3000} << Timestamps{1000, 2000, 3000};
    QTest::newRow("equal timestamps accepted") << Timestamps{1000, 1000, 2000} << Timestamps{1000, 1000, 2000};
    QTest::newRow("older ignored") << Timestamps{1000, 2000, 1500, 3000} << Timestamps{1000, 2000, 3000};
    QTest::newRow("much older ignored") << Timestamps{5000, 1, 6000} << Timestamps{5000, 6000};
    QTest::newRow("several stale in a row") << Timestamps{3000, 2999, 2000, 1000, 3001} << Timestamps{3000, 3001};
    QTest::newRow("single") << Timestamps{42} << Timestamps{42};
}

void TestMetricStore::appendOrdering()
{
    QFETCH(Timestamps, appended);
    QFETCH(Timestamps, kept);
    MetricStore store;
    Timestamps accepted;
    for (qint64 t : std::as_const(appended))
        if (store.append(kNode, at(t)))
            accepted << t;
    QCOMPARE(accepted, kept);
    QCOMPARE(timestamps(store.range(kNode, 0, std::numeric_limits<qint64>::max())), kept);
    QCOMPARE(store.latest(kNode)->timestampMs, kept.last());
    QCOMPARE(store.fineCount(kNode), std::size_t(kept.size()));
    // Another node's clock is independent.
    QVERIFY(store.append(QStringLiteral("other"), at(1)));
}

void TestMetricStore::wrapAround_data()
{
    QTest::addColumn<int>("capacity");
    QTest::addColumn<int>("appended");

    QTest::newRow("below capacity") << 5 << 3;
    QTest::newRow("exactly full") << 5 << 5;
    QTest::newRow("one past") << 5 << 6;
    QTest::newRow("two laps and a bit") << 5 << 12;
    QTest::newRow("many laps") << 7 << 1000;
    QTest::newRow("capacity 1") << 1 << 10;
    QTest::newRow("past the growth step (16)") << 20 << 37;
}

void TestMetricStore::wrapAround()
{
    QFETCH(int, capacity);
    QFETCH(int, appended);
    MetricStore store(MetricStore::Limits{capacity, kMinute, 10});
    for (int i = 0; i < appended; ++i)
        store.append(kNode, at(kT0 + i * 10)); // all in one bucket: only the fine ring matters

    const int kept = std::min(capacity, appended);
    Timestamps expected;
    for (int i = appended - kept; i < appended; ++i)
        expected << kT0 + i * 10;
    QCOMPARE(store.fineCount(kNode), std::size_t(kept));
    QCOMPARE(store.latest(kNode)->timestampMs, expected.last());
    // Once samples were pushed out, the bucket being filled (start kT0) comes first.
    const bool evicted = appended > capacity;
    Timestamps all = timestamps(store.range(kNode, kT0, kT0 + kMinute - 1));
    QCOMPARE(!all.isEmpty() && evicted && all.first() == kT0, evicted);
    if (evicted)
        all.removeFirst();
    QCOMPARE(all, expected);
    // A sub-range inside the ring, after wrap-around: binary search over logical indices.
    const qint64 from = expected.at(kept / 2);
    Timestamps part = timestamps(store.range(kNode, from, expected.last()));
    if (evicted)
        part.removeFirst();
    QCOMPARE(part, expected.mid(kept / 2));
    QVERIFY(store.allocatedBytes() <= store.memoryBound());
}

void TestMetricStore::aggregation_data()
{
    QTest::addColumn<Samples>("samples"); // all inside the bucket [kT0, kT0 + 1 min)
    QTest::addColumn<MetricSample>("expected");

    auto s = [](qint64 off, qint64 lagB, double lagS, int link, qint64 mem, double frag, double ops, qint64 keys) {
        MetricSample m;
        m.timestampMs = kT0 + off;
        m.replOffset = off;
        m.lagBytes = lagB;
        m.lagSeconds = lagS;
        m.linkUp = link;
        m.usedMemory = mem;
        m.maxMemory = mem < 0 ? -1 : 1 << 30;
        m.fragmentation = frag;
        m.opsPerSec = ops;
        m.clients = mem < 0 ? -1 : 10 + off / 1000;
        m.keys = keys;
        return m;
    };
    auto expect = [](qint64 replOffset, qint64 lagB, double lagS, int link, qint64 mem, qint64 maxMem, double frag,
                     double ops, qint64 clients, qint64 keys) {
        MetricSample m;
        m.timestampMs = kT0; // the bucket start
        m.replOffset = replOffset;
        m.lagBytes = lagB;
        m.lagSeconds = lagS;
        m.linkUp = link;
        m.usedMemory = mem;
        m.maxMemory = maxMem;
        m.fragmentation = frag;
        m.opsPerSec = ops;
        m.clients = clients;
        m.keys = keys;
        return m;
    };
    constexpr qint64 G = 1 << 30;

    QTest::newRow("single sample, stamped with the bucket start")
        << Samples{s(5000, 3, 0.5, 1, 100, 1.25, 80, 7)} << expect(5000, 3, 0.5, 1, 100, G, 1.25, 80, 15, 7);
    QTest::newRow("lag spike survives (max)")
        << Samples{s(0, 0, 0, 1, 100, 1, 10, 1), s(1000, 5000, 3.5, 1, 100, 1, 10, 1), s(2000, 10, 1, 1, 100, 1, 10, 1)}
        << expect(2000, 5000, 3.5, 1, 100, G, 1, 10, 12, 1);
    QTest::newRow("link down moment survives (min)")
        << Samples{s(0, 0, 0, 1, 100, 1, 10, 1), s(1000, 0, 0, 0, 100, 1, 10, 1), s(2000, 0, 0, 1, 100, 1, 10, 1)}
        << expect(2000, 0, 0, 0, 100, G, 1, 10, 12, 1);
    QTest::newRow("last value for offsets, memory, clients, keys")
        << Samples{s(0, 0, 0, 1, 100, 1, 10, 1), s(1000, 0, 0, 1, 300, 1, 10, 9), s(59999, 0, 0, 1, 200, 1, 10, 4)}
        << expect(59999, 0, 0, 1, 200, G, 1, 10, 69, 4);
    QTest::newRow("mean for fragmentation and ops/s")
        << Samples{s(0, 0, 0, 1, 100, 1.0, 100, 1), s(1000, 0, 0, 1, 100, 2.0, 200, 1),
                   s(2000, 0, 0, 1, 100, 3.0, 600, 1)}
        << expect(2000, 0, 0, 1, 100, G, 2.0, 300, 12, 1);
    QTest::newRow("unknowns do not pollute max/min/mean/last")
        << Samples{s(0, -1, -1, -1, 100, -1, -1, 5), s(1000, 7, 0.25, 1, -1, 2.0, -1, -1),
                   s(2000, -1, -1, -1, -1, -1, 50, -1)}
        << expect(2000, 7, 0.25, 1, 100, G, 2.0, 50, 10, 5);
    QTest::newRow("unknown link does not hide a down moment")
        << Samples{s(0, 0, 0, -1, 1, 1, 1, 1), s(1000, 0, 0, 0, 1, 1, 1, 1), s(2000, 0, 0, -1, 1, 1, 1, 1)}
        << expect(2000, 0, 0, 0, 1, G, 1, 1, 12, 1);
    QTest::newRow("all unknown stays unknown")
        << Samples{s(0, -1, -1, -1, -1, -1, -1, -1), s(1000, -1, -1, -1, -1, -1, -1, -1)}
        << expect(1000, -1, -1, -1, -1, -1, -1, -1, -1, -1);
    QTest::newRow("zero is a value, not unknown")
        << Samples{s(0, 0, 0, 0, 0, 0, 0, 0)} << expect(0, 0, 0, 0, 0, G, 0, 0, 10, 0);
}

void TestMetricStore::aggregation()
{
    QFETCH(Samples, samples);
    QFETCH(MetricSample, expected);
    // Fine capacity 1: after the bucket is closed by the next sample, the bucket is visible only
    // through the coarse ring.
    MetricStore store(MetricStore::Limits{1, kMinute, 10});
    for (const MetricSample &s : std::as_const(samples))
        QVERIFY(store.append(kNode, s));
    store.append(kNode, at(kT0 + kMinute));
    QCOMPARE(store.coarseCount(kNode), std::size_t(1));
    const Samples all = store.range(kNode, 0, std::numeric_limits<qint64>::max());
    QCOMPARE(all.size(), std::size_t(2));
    QCOMPARE(all.front(), expected);
    QCOMPARE(all.back().timestampMs, kT0 + kMinute);
}

void TestMetricStore::bucketBoundaries()
{
    MetricStore store(MetricStore::Limits{100, kMinute, 10});
    for (qint64 t : {kT0 - 1, kT0, kT0 + kMinute - 1, kT0 + kMinute, kT0 + 3 * kMinute + 5})
        store.append(kNode, at(t));
    // Buckets kT0 - 1 min, kT0 and kT0 + 1 min are complete; kT0 + 3 min is being filled;
    // kT0 + 2 min had no sample and has no bucket. With a fine ring of one sample, the pending
    // bucket is not listed: its only sample is still in the fine ring.
    QCOMPARE(store.coarseCount(kNode), std::size_t(3));
    MetricStore coarseOnly(MetricStore::Limits{1, kMinute, 10});
    for (qint64 t : {kT0 - 1, kT0, kT0 + kMinute - 1, kT0 + kMinute, kT0 + 3 * kMinute + 5})
        coarseOnly.append(kNode, at(t));
    QCOMPARE(timestamps(coarseOnly.range(kNode, 0, std::numeric_limits<qint64>::max())),
             (Timestamps{kT0 - kMinute, kT0, kT0 + kMinute, kT0 + 3 * kMinute + 5}));
}

void TestMetricStore::rangeAcrossBoundary_data()
{
    // Ten minutes of 1 s samples from kT0: buckets 0..8 complete, bucket 9 being filled.
    QTest::addColumn<int>("fineCapacity");
    QTest::addColumn<qint64>("from"); // offsets from kT0; -1 = 0 (the epoch)
    QTest::addColumn<qint64>("to");   // -1 = max
    QTest::addColumn<int>("coarse");
    QTest::addColumn<int>("fine");

    // fine 120: fine ring starts at 8:00 exactly; buckets 0..7 lie before it.
    QTest::newRow("everything") << 120 << qint64(-1) << qint64(-1) << 8 << 120;
    QTest::newRow("fine only") << 120 << qint64(500000) << qint64(510000) << 0 << 11;
    QTest::newRow("coarse only, whole buckets") << 120 << qint64(60000) << qint64(179999) << 2 << 0;
    QTest::newRow("coarse only, overlapping bucket edges") << 120 << qint64(90000) << qint64(150000) << 2 << 0;
    QTest::newRow("across the boundary") << 120 << qint64(400000) << qint64(490000) << 2 << 11;
    QTest::newRow("from > to") << 120 << qint64(5000) << qint64(4000) << 0 << 0;
    QTest::newRow("before any sample") << 120 << qint64(-1) << qint64(-kMinute - 1) << 0 << 0;
    QTest::newRow("after the last sample") << 120 << qint64(600000) << qint64(-1) << 0 << 0;
    QTest::newRow("one instant") << 120 << qint64(555000) << qint64(555000) << 0 << 1;
    // fine 90: starts at 8:30; the 8:00 bucket overlaps the fine ring and is still shown.
    QTest::newRow("fine not aligned to a bucket") << 90 << qint64(-1) << qint64(-1) << 9 << 90;
    // fine 30: starts at 9:30, inside the bucket being filled, which is shown too.
    QTest::newRow("pending bucket before the fine ring") << 30 << qint64(-1) << qint64(-1) << 10 << 30;
    QTest::newRow("pending bucket alone") << 30 << qint64(545000) << qint64(565000) << 1 << 0;
    // Nothing pushed out of the fine ring yet: no bucket duplicates what the fine ring shows.
    QTest::newRow("fine ring holds everything") << 600 << qint64(-1) << qint64(-1) << 0 << 600;
    QTest::newRow("fine ring far from full") << 3600 << qint64(-1) << qint64(-1) << 0 << 600;
}

void TestMetricStore::rangeAcrossBoundary()
{
    QFETCH(int, fineCapacity);
    QFETCH(qint64, from);
    QFETCH(qint64, to);
    QFETCH(int, coarse);
    QFETCH(int, fine);
    MetricStore store(MetricStore::Limits{fineCapacity, kMinute, 100});
    fillSeconds(store, kNode, 600);
    const qint64 fromMs = from == -1 ? 0 : kT0 + from;
    const qint64 toMs = to == -1 ? std::numeric_limits<qint64>::max() : kT0 + to;

    const Samples result = store.range(kNode, fromMs, toMs);
    const qint64 fineStart = kT0 + std::max(0, 600 - fineCapacity) * qint64(1000);
    int coarseSeen = 0;
    int fineSeen = 0;
    for (const MetricSample &s : result) {
        QVERIFY(s.timestampMs + kMinute > fromMs && s.timestampMs <= toMs);
        if (s.timestampMs < fineStart) {
            QCOMPARE((s.timestampMs - kT0) % kMinute, qint64(0)); // a bucket start
            QCOMPARE(fineSeen, 0);                        // coarse strictly before fine
            ++coarseSeen;
        } else {
            QVERIFY(s.timestampMs >= fromMs);
            QCOMPARE(s.replOffset, (s.timestampMs - kT0) / 1000); // the sample itself
            ++fineSeen;
        }
    }
    QVERIFY(strictlyAscending(result));
    QCOMPARE(coarseSeen, coarse);
    QCOMPARE(fineSeen, fine);
}

void TestMetricStore::lagSpikeSurvivesDownsampling()
{
    MetricStore store(MetricStore::Limits{120, kMinute, 100});
    for (int i = 0; i < 600; ++i) {
        MetricSample s = at(kT0 + qint64(i) * 1000);
        s.lagBytes = i == 150 ? 1000000 : 0; // one spike at 2:30, long out of the fine ring
        s.linkUp = i == 200 ? 0 : 1;         // one down poll at 3:20
        store.append(kNode, s);
    }
    const Samples all = store.range(kNode, 0, std::numeric_limits<qint64>::max());
    QCOMPARE(all.at(2).timestampMs, kT0 + 2 * kMinute);
    QCOMPARE(all.at(2).lagBytes, qint64(1000000));
    QCOMPARE(all.at(3).linkUp, 0);
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (i != 2)
            QCOMPARE(all[i].lagBytes, qint64(0));
        if (i != 3)
            QCOMPARE(all[i].linkUp, 1);
    }
}

void TestMetricStore::boundedGrowthOverTwoDays()
{
    MetricStore store;
    constexpr int kTwoDays = 2 * 24 * 3600;
    fillSeconds(store, kNode, kTwoDays);

    QCOMPARE(store.fineCount(kNode), std::size_t(3600));
    QCOMPARE(store.coarseCount(kNode), std::size_t(1440));
    QCOMPARE(store.memoryBound(), MetricStore::bytesPerNodeBound(MetricStore::Limits{}));
    QVERIFY(store.allocatedBytes() <= store.memoryBound());
    QCOMPARE(store.latest(kNode)->replOffset, qint64(kTwoDays - 1));

    // 2880 minutes: bucket 2879 is being filled, 1439..2878 are kept; the fine ring starts at
    // minute 2820, so buckets 1439..2819 come before it.
    const Samples all = store.range(kNode, 0, std::numeric_limits<qint64>::max());
    QCOMPARE(all.size(), std::size_t(2819 - 1439 + 1 + 3600));
    QCOMPARE(all.front().timestampMs, kT0 + 1439 * kMinute);
    QCOMPARE(all.front().replOffset, qint64(1439 * 60 + 59)); // last value of that minute
    QCOMPARE(all.back().timestampMs, kT0 + (kTwoDays - 1) * qint64(1000));
    QVERIFY(strictlyAscending(all));
}

void TestMetricStore::documentedMemoryBound()
{
    if (sizeof(void *) != 8)
        QSKIP("the documented numbers are for LP64");
    // Keep MetricStore.h's class comment in sync with these.
    QCOMPARE(sizeof(ops::PackedMetricSample), std::size_t(48));
    const MetricStore::Limits deployment = ops::MetricHistory::defaultLimits();
    const std::size_t watched = MetricStore::bytesPerNodeBound(deployment, true);
    const std::size_t idle = MetricStore::bytesPerNodeBound(deployment, false);
    qInfo("per node: watched %zu bytes, idle %zu bytes; 1,000 nodes with 48 drawn: %zu bytes", watched, idle,
          48 * watched + 952 * idle);
    QCOMPARE(watched, std::size_t(259912));
    QCOMPARE(idle, std::size_t(115912));
    QCOMPARE(48 * watched + 952 * idle, std::size_t(122824000));
    // The former page store: 88-byte samples, 3600 + 1440 per node, 443,992 bytes.
    QVERIFY(watched < 443992 * 6 / 10);
}

void TestMetricStore::removeNode()
{
    MetricStore store;
    fillSeconds(store, QStringLiteral("a"), 100);
    fillSeconds(store, QStringLiteral("b"), 100);
    QCOMPARE(store.nodes(), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    const std::size_t bothBound = store.memoryBound();

    store.removeNode(QStringLiteral("a"));
    QCOMPARE(store.nodes(), QStringList{QStringLiteral("b")});
    QVERIFY(!store.latest(QStringLiteral("a")).has_value());
    QVERIFY(store.range(QStringLiteral("a"), 0, std::numeric_limits<qint64>::max()).empty());
    QCOMPARE(store.memoryBound(), bothBound / 2);
    QCOMPARE(store.fineCount(QStringLiteral("b")), std::size_t(100));

    // A node that comes back starts a fresh series: an "older" timestamp is accepted again.
    QVERIFY(store.append(QStringLiteral("a"), at(kT0)));
    QCOMPARE(store.fineCount(QStringLiteral("a")), std::size_t(1));
}

void TestMetricStore::manyNodes()
{
    const MetricStore::Limits limits{50, kMinute, 20};
    MetricStore store(limits);
    constexpr int kNodes = 1000;
    for (int round = 0; round < 100; ++round)
        for (int n = 0; n < kNodes; ++n) {
            MetricSample s = at(kT0 + qint64(round) * 1000);
            s.keys = n;
            s.replOffset = round;
            store.append(QStringLiteral("node-%1").arg(n, 4, 10, QLatin1Char('0')), s);
        }
    const QStringList nodes = store.nodes();
    QCOMPARE(nodes.size(), kNodes);
    QVERIFY(std::is_sorted(nodes.begin(), nodes.end()));
    for (int n = 0; n < kNodes; n += 97) {
        const QString id = QStringLiteral("node-%1").arg(n, 4, 10, QLatin1Char('0'));
        QCOMPARE(store.latest(id)->keys, qint64(n));
        QCOMPARE(store.latest(id)->replOffset, qint64(99));
        QCOMPARE(store.fineCount(id), std::size_t(50));
        QCOMPARE(store.coarseCount(id), std::size_t(1)); // 100 s: minute 0 complete, minute 1 pending
    }
    QCOMPARE(store.memoryBound(), kNodes * MetricStore::bytesPerNodeBound(limits));
    QVERIFY(store.allocatedBytes() <= store.memoryBound());
}

void TestMetricStore::limitsClamped()
{
    MetricStore store(MetricStore::Limits{0, 0, -5});
    QCOMPARE(store.limits().fineCapacity, 1);
    QCOMPARE(store.limits().coarseCapacity, 1);
    QCOMPARE(store.limits().coarseBucketMs, qint64(1));
    for (int i = 0; i < 10; ++i)
        store.append(kNode, at(i));
    QCOMPARE(store.fineCount(kNode), std::size_t(1));
    QCOMPARE(store.coarseCount(kNode), std::size_t(1));
    QCOMPARE(timestamps(store.range(kNode, 0, 100)), (Timestamps{8, 9}));
}

void TestMetricStore::packedPrecision_data()
{
    QTest::addColumn<MetricSample>("in");
    QTest::addColumn<MetricSample>("out");
    auto m = [](qint64 off, qint64 lagB, double lagS, int link, qint64 mem, qint64 maxMem, double frag, double ops,
                qint64 clients, qint64 keys) {
        MetricSample s;
        s.timestampMs = kT0 + 1234;
        s.replOffset = off;
        s.lagBytes = lagB;
        s.lagSeconds = lagS;
        s.linkUp = link;
        s.usedMemory = mem;
        s.maxMemory = maxMem;
        s.fragmentation = frag;
        s.opsPerSec = ops;
        s.clients = clients;
        s.keys = keys;
        return s;
    };
    const MetricSample unknown = m(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1);
    QTest::newRow("unknown stays unknown") << unknown << unknown;
    QTest::newRow("zero stays zero") << m(0, 0, 0, 0, 0, 0, 0, 0, 0, 0) << m(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    QTest::newRow("exact: offsets, small integers, three decimals")
        << m(9'007'199'254'740'000, 16'777'216, 12.345, 1, 1'048'576, 1LL << 30, 1.25, 1500.5, 10'000, 123'456)
        << m(9'007'199'254'740'000, 16'777'216, 12.345, 1, 1'048'576, 1LL << 30, 1.25, 1500.5, 10'000, 123'456);
    // float: 24-bit mantissa, so a value above 2^24 is kept within 2^-24 of itself (at 3 GB: 256-byte steps).
    QTest::newRow("large bytes rounded to float")
        << m(1, 3'000'000'123, 0, 1, 3'000'000'123, 0, 1, 1, 1, 1) << m(1, 3'000'000'000, 0, 1, 3'000'000'000, 0, 1, 1, 1, 1);
    QTest::newRow("ratios rounded to thousandths") << m(1, 1, 0.12345, 1, 1, 1, 1.23456, 1, 1, 1)
                                                   << m(1, 1, 0.123, 1, 1, 1, 1.235, 1, 1, 1);
    QTest::newRow("keys saturate at 32 bits") << m(1, 1, 1, 1, 1, 1, 1, 1, 1, 1LL << 40)
                                              << m(1, 1, 1, 1, 1, 1, 1, 1, 1, 4'294'967'294LL);
}

void TestMetricStore::packedPrecision()
{
    QFETCH(MetricSample, in);
    QFETCH(MetricSample, out);
    QCOMPARE(ops::PackedMetricSample::pack(in, kT0).unpack(kT0), out);
    MetricStore store;
    QVERIFY(store.append(kNode, in));
    QCOMPARE(*store.latest(kNode), out);
}

void TestMetricStore::mediumTierBetweenFineAndCoarse()
{
    // Fine 60 (1 min), medium 10 s x 30 (5 min), coarse 1 min x 100; 20 minutes of 1 s samples.
    MetricStore store(MetricStore::Limits{60, kMinute, 100, 10000, 30, 60, 64});
    for (int i = 0; i < 1200; ++i) {
        MetricSample s = at(kT0 + qint64(i) * 1000);
        s.replOffset = i;
        s.lagBytes = i == 1000 ? 777 : 0; // a spike at 16:40, inside the medium tier
        store.append(kNode, s);
    }
    QCOMPARE(store.fineCount(kNode), std::size_t(60));
    QCOMPARE(store.mediumCount(kNode), std::size_t(30));
    const Samples all = store.range(kNode, 0, std::numeric_limits<qint64>::max());
    QVERIFY(strictlyAscending(all));
    // The medium ring holds the last 30 closed buckets, 14:50..19:40 (19:50 is being filled); the
    // fine ring 19:00..19:59. So: coarse minutes 0..14 (14:00 holds 14:00..14:49, gone from the
    // medium ring), medium 14:50..18:50, then the 60 fine samples.
    Timestamps expected;
    for (int minute = 0; minute <= 14; ++minute)
        expected << kT0 + minute * kMinute;
    for (int tens = 89; tens <= 113; ++tens)
        expected << kT0 + tens * 10000;
    for (int i = 1140; i < 1200; ++i)
        expected << kT0 + i * 1000;
    QCOMPARE(timestamps(all), expected);
    const auto spike = std::find_if(all.begin(), all.end(), [](const MetricSample &s) { return s.lagBytes == 777; });
    QVERIFY(spike != all.end());
    QCOMPARE(spike->timestampMs, kT0 + 1000 * 1000); // its 10 s bucket, MAX kept
    // A range inside the medium tier only.
    QCOMPARE(timestamps(store.range(kNode, kT0 + 900'000, kT0 + 929'999)),
             (Timestamps{kT0 + 900'000, kT0 + 910'000, kT0 + 920'000}));
}

void TestMetricStore::idleNodesKeepShorterFineRing()
{
    // At most 2 nodes: every node watched. A third makes the unwatched ones idle (fine 30).
    const MetricStore::Limits limits{120, kMinute, 100, 10000, 60, 30, 2};
    MetricStore store(limits);
    const QString a = QStringLiteral("a"), b = QStringLiteral("b"), c = QStringLiteral("c");
    fillSeconds(store, a, 200);
    fillSeconds(store, b, 200);
    QVERIFY(store.isWatched(a) && store.isWatched(b));
    QCOMPARE(store.fineCount(a), std::size_t(120));
    fillSeconds(store, c, 200);
    QVERIFY(!store.isWatched(a) && !store.isWatched(b) && !store.isWatched(c));
    QCOMPARE(store.fineCount(a), std::size_t(30));
    QCOMPARE(store.memoryBound(), 3 * MetricStore::bytesPerNodeBound(limits, false));
    QVERIFY(store.allocatedBytes() <= store.memoryBound());
    // Idle: the last 30 s fine, before them 10 s buckets; nothing lost, nothing twice.
    Samples all = store.range(a, 0, std::numeric_limits<qint64>::max());
    QVERIFY(strictlyAscending(all));
    QCOMPARE(all.front().timestampMs, kT0);
    QCOMPARE(all.back().timestampMs, kT0 + 199'000);
    QCOMPARE(all.size(), std::size_t(17 + 30)); // buckets 0..160 s (the one straddling 170 s holds 169 s), 170..199 s fine
    // Watched again: the fine ring grows back as samples come.
    store.setWatched({a});
    QVERIFY(store.isWatched(a) && !store.isWatched(b));
    for (int i = 200; i < 300; ++i) {
        MetricSample s = at(kT0 + qint64(i) * 1000);
        s.replOffset = i;
        store.append(a, s);
    }
    QCOMPARE(store.fineCount(a), std::size_t(120));
    QCOMPARE(store.memoryBound(), MetricStore::bytesPerNodeBound(limits, true) + 2 * MetricStore::bytesPerNodeBound(limits, false));
    all = store.range(a, 0, std::numeric_limits<qint64>::max());
    QVERIFY(strictlyAscending(all));
    QCOMPARE(all.back().replOffset, qint64(299));
    // Back to two nodes: watched by the rule again.
    store.removeNode(c);
    QVERIFY(store.isWatched(b));
}

void TestMetricStore::gapLongerThanOffsets()
{
    // Offsets are 32-bit ms (~49 days) from a base that moves as old samples go: one sample a
    // day for 60 days is kept and listed correctly.
    constexpr qint64 kDay = 24 * 3600 * 1000LL;
    MetricStore store(MetricStore::Limits{2, kMinute, 2});
    for (int day = 0; day <= 60; ++day) {
        MetricSample s = at(kT0 + day * kDay);
        s.replOffset = day;
        QVERIFY(store.append(kNode, s));
    }
    Samples all = store.range(kNode, 0, std::numeric_limits<qint64>::max());
    QVERIFY(strictlyAscending(all));
    QList<qint64> offsets;
    for (const MetricSample &s : all)
        offsets << s.replOffset;
    QCOMPARE(offsets, (QList<qint64>{58, 59, 60})); // day 58's bucket, then the fine ring
    QCOMPARE(all.back().timestampMs, kT0 + 60 * kDay);

    // A node silent for 55 days with its old sample still kept: nothing can rebase, so its
    // series starts afresh instead of wrapping around.
    MetricStore silent;
    QVERIFY(silent.append(kNode, at(kT0)));
    QVERIFY(silent.append(kNode, at(kT0 + 55 * kDay)));
    all = silent.range(kNode, 0, std::numeric_limits<qint64>::max());
    QCOMPARE(timestamps(all), Timestamps{kT0 + 55 * kDay});
}

void TestMetricStore::historyReadWhileWritten()
{
    // The writer (a thread, as the session's backend thread) appends 1,000-node cycles while this
    // thread reads ranges: every range read is consistent (ascending, one sample per cycle).
    auto history = std::make_shared<ops::MetricHistory>();
    constexpr int kNodes = 1000, kCycles = 300;
    std::atomic<bool> done{false};
    QThread *writer = QThread::create([history, &done] {
        for (int c = 0; c < kCycles; ++c) {
            ops::MetricBatch batch;
            batch.reserve(kNodes);
            for (int n = 0; n < kNodes; ++n) {
                MetricSample s = at(kT0 + qint64(c) * 1000);
                s.replOffset = c;
                batch.append({QStringLiteral("n%1").arg(n), s});
            }
            history->append(batch);
        }
        done = true;
    });
    writer->start();
    int reads = 0;
    while (!done) {
        const Samples r = history->range(QStringLiteral("n500"), 0, std::numeric_limits<qint64>::max());
        QVERIFY(strictlyAscending(r));
        for (std::size_t i = 0; i < r.size(); ++i)
            QCOMPARE(r[i].replOffset, qint64(i));
        ++reads;
    }
    QVERIFY(writer->wait(60000));
    delete writer;
    QVERIFY(reads > 0);
    QCOMPARE(history->nodes().size(), kNodes);
    QCOMPARE(history->latestMs(), kT0 + (kCycles - 1) * 1000);
    QCOMPARE(history->range(QStringLiteral("n999"), 0, std::numeric_limits<qint64>::max()).size(), std::size_t(kCycles));
    QCOMPARE(history->forgetAbsent({QStringLiteral("n1")}, kT0 + kCycles * 1000).size(), kNodes - 1);
    QCOMPARE(history->nodes(), QStringList{QStringLiteral("n1")});
}

QTEST_APPLESS_MAIN(TestMetricStore)
#include "tst_metricstore.moc"
