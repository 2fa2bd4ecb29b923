// SlotKeyCounts: the hot-slot rule (factor and floor, data-driven), ranges and clamping, totals
// and mean over known slots only, hot slots hottest first and only from a full count, a failed
// master's slots unknown and reported, the problem-only result.
#include "model/SlotKeyCounts.h"

#include <QTest>

using namespace ops;

namespace {

const QString kA = QStringLiteral("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
const QString kB = QStringLiteral("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");

/** Master A owns 0-8191, B 8192-16383. */
std::shared_ptr<const SlotMap> twoMasters(bool uncoveredTail = false)
{
    auto map = std::make_shared<SlotMap>();
    map->assign({0, 8191}, kA);
    map->assign({8192, uncoveredTail ? 16000 : kSlotCount - 1}, kB);
    return map;
}

SlotKeyCounts::Master master(const QString &id, int slotCount, qint64 keys, RedisError error = {})
{
    SlotKeyCounts::Master m;
    m.nodeId = id;
    m.endpoint = Endpoint{QStringLiteral("127.0.0.1"), quint16(id == kA ? 7000 : 7001)};
    m.slotCount = slotCount;
    m.keys = keys;
    m.error = std::move(error);
    return m;
}

} // namespace

class TestSlotKeyCounts : public QObject
{
    Q_OBJECT

private slots:
    void hotRule_data();
    void hotRule();
    void emptyAndProblem();
    void rangeIsClampedAndOrdered();
    void totalsMeanAndHotSlots();
    void hotOnlyFromFullCount();
    void failedMasterLeavesItsSlotsUnknown();
};

void TestSlotKeyCounts::hotRule_data()
{
    QTest::addColumn<qint64>("count");
    QTest::addColumn<double>("mean");
    QTest::addColumn<bool>("hot");
    // The floor: never hot below 100 keys, however empty the rest is.
    QTest::newRow("99 keys, mean 0.01") << qint64(99) << 0.01 << false;
    QTest::newRow("100 keys, mean 0.01") << qint64(100) << 0.01 << true;
    QTest::newRow("100 keys, mean 0") << qint64(100) << 0.0 << true;
    QTest::newRow("0 keys, mean 0") << qint64(0) << 0.0 << false;
    // The factor: 8x the mean, inclusive.
    QTest::newRow("exactly 8x") << qint64(800) << 100.0 << true;
    QTest::newRow("just under 8x") << qint64(799) << 100.0 << false;
    QTest::newRow("7.99x of a big mean") << qint64(79'900) << 10'000.0 << false;
    QTest::newRow("61x the mean") << qint64(1000) << 1000.0 / 61 << true;
    QTest::newRow("mean itself") << qint64(5000) << 5000.0 << false;
    QTest::newRow("unknown count") << qint64(-1) << 0.0 << false;
}

void TestSlotKeyCounts::hotRule()
{
    QFETCH(qint64, count);
    QFETCH(double, mean);
    QFETCH(bool, hot);
    QCOMPARE(SlotKeyCounts::isHot(count, mean), hot);
}

void TestSlotKeyCounts::emptyAndProblem()
{
    const SlotKeyCounts none(QStringLiteral("not a cluster"), SlotRange{0, kSlotCount - 1});
    QVERIFY(none.isFullRange());
    QCOMPARE(none.problem(), QStringLiteral("not a cluster"));
    QCOMPARE(none.errors(), QStringList{QStringLiteral("not a cluster")});
    QVERIFY(!none.slotMap());
    QCOMPARE(none.count(0), SlotKeyCounts::kUnknown);
    QCOMPARE(none.knownSlots(), 0);
    QVERIFY(!none.isComplete());
    QVERIFY(none.hotSlots().isEmpty());

    const SlotKeyCounts defaulted;
    QVERIFY(!defaulted.isFullRange());
    QVERIFY(defaulted.problem().isEmpty());
    QCOMPARE(defaulted.count(5), SlotKeyCounts::kUnknown);
}

void TestSlotKeyCounts::rangeIsClampedAndOrdered()
{
    SlotKeyCounts c(SlotRange{20000, 16000}, twoMasters(), 7);
    QCOMPARE(c.range(), (SlotRange{16000, kSlotCount - 1}));
    QCOMPARE(c.snapshotSequence(), quint64(7));
    c.setCount(15999, 5); // outside: ignored
    c.setCount(16000, 5);
    c.setCount(16383, -7); // negative: unknown
    c.finish();
    QCOMPARE(c.count(15999), SlotKeyCounts::kUnknown);
    QCOMPARE(c.count(16000), qint64(5));
    QVERIFY(!c.isKnown(16383));
    QCOMPARE(c.knownSlots(), 1);
    QVERIFY(!c.isComplete()); // 16383 is covered but unknown
    QCOMPARE(c.ownerAt(16000), kB);
}

void TestSlotKeyCounts::totalsMeanAndHotSlots()
{
    SlotKeyCounts c(SlotRange{0, kSlotCount - 1}, twoMasters(), 1);
    for (int s = 0; s < kSlotCount; ++s)
        c.setCount(s, s % 64 == 0 ? 1 : 0); // 256 keys spread
    c.setCount(866, 1000);
    c.setCount(9000, 400);
    c.setCount(12000, 99); // 99: under the floor however cold the rest is
    c.addMaster(master(kA, 8192, 0));
    c.addMaster(master(kB, 8192, 0));
    c.finish();
    QVERIFY(c.isComplete());
    qint64 expected = 0;
    for (int s = 0; s < kSlotCount; ++s)
        expected += c.count(s);
    QCOMPARE(c.totalKeys(), expected);
    QCOMPARE(c.totalKeys(), qint64(256 + 1000 + 400 + 99));
    QCOMPARE(c.knownSlots(), kSlotCount);
    QCOMPARE(c.meanPerSlot(), double(c.totalKeys()) / kSlotCount);
    QCOMPARE(c.hotSlots(), (QList<int>{866, 9000})); // hottest first
    QVERIFY(c.isHotSlot(9000));
    QVERIFY(!c.isHotSlot(12000));
    QCOMPARE(c.hotSlotsOf(kA), 1);
    QCOMPARE(c.hotSlotsOf(kB), 1);
    QCOMPARE(c.failedMasters(), 0);
    QVERIFY(c.errors().isEmpty());
    QCOMPARE(c.master(kB)->slotCount, 8192);
    QVERIFY(!c.master(QStringLiteral("nobody")));
}

void TestSlotKeyCounts::hotOnlyFromFullCount()
{
    // A hover's one slot has no meaningful mean: never hot.
    SlotKeyCounts one(SlotRange{866, 866}, twoMasters(), 1);
    one.setCount(866, 100000);
    one.finish();
    QCOMPARE(one.totalKeys(), qint64(100000));
    QVERIFY(one.hotSlots().isEmpty());

    // Uncovered slots are not counted and do not dilute the mean.
    SlotKeyCounts full(SlotRange{0, kSlotCount - 1}, twoMasters(true), 1);
    for (int s = 0; s <= 16000; ++s)
        full.setCount(s, 10);
    full.setCount(42, 10 * 8);
    full.finish();
    QCOMPARE(full.knownSlots(), 16001);
    QVERIFY(full.isComplete()); // uncovered slots need no count
    QVERIFY(full.hotSlots().isEmpty()); // 80 keys: 8x the mean but under the floor
}

void TestSlotKeyCounts::failedMasterLeavesItsSlotsUnknown()
{
    SlotKeyCounts c(SlotRange{0, kSlotCount - 1}, twoMasters(), 3);
    for (int s = 0; s < 8192; ++s)
        c.setCount(s, s == 100 ? 500 : 1);
    c.addMaster(master(kA, 8192, 8191 + 500));
    c.addMaster(master(kB, 8192, SlotKeyCounts::kUnknown,
                       RedisError(RedisError::Kind::Timeout, Endpoint{QStringLiteral("127.0.0.1"), 7001}, QStringLiteral("no reply"))));
    c.finish();
    QVERIFY(!c.isComplete());
    QCOMPARE(c.knownSlots(), 8192);
    QCOMPARE(c.totalKeys(), qint64(8191 + 500));
    QCOMPARE(c.count(9000), SlotKeyCounts::kUnknown);
    QCOMPARE(c.failedMasters(), 1);
    QCOMPARE(c.errors().size(), 1);
    QVERIFY2(c.errors().first().contains(QLatin1String("127.0.0.1:7001")), qPrintable(c.errors().first()));
    QVERIFY(!c.master(kB)->ok());
    // The mean is over known slots only: the failed half does not make slot 100 look hotter.
    QCOMPARE(c.meanPerSlot(), double(8191 + 500) / 8192);
    QCOMPARE(c.hotSlots(), QList<int>{100});
}

QTEST_APPLESS_MAIN(TestSlotKeyCounts)
#include "tst_slotkeycounts.moc"
