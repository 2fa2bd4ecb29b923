// SlotKeyCountCache on its own: a hover asks once and not again while counting or fresh; answers
// (single, failed, full) are kept per slot with their owner; a full count's hot slots stay while
// their owner stays and they do not move; a slot that changes owner or starts migrating loses its
// count; a count that could not run turns pending requests into failures.
#include "SlotsTestData.h"
#include "slotmap/SlotKeyCountCache.h"

#include <QtTest>

using namespace ops;
using namespace slotstest;

class TestSlotKeyCountCache : public QObject
{
    Q_OBJECT
private slots:
    void hoverAsksOnceThenUsesTheAnswer();
    void fullCountKeepsHotSlotsWhileTheirOwnerStays();
    void movedOrMigratingSlotsLoseTheirCount();
    void unavailableCountFailsPendingRequests();
};

void TestSlotKeyCountCache::hoverAsksOnceThenUsesTheAnswer()
{
    SlotKeyCountCache cache;
    const QString owner = id(0);
    QCOMPARE(cache.count(5), SlotKeyCountCache::kNone);
    QVERIFY(cache.wantsCount(5, owner));
    QCOMPARE(cache.count(5), SlotKeyCountCache::kCounting);
    QVERIFY(!cache.wantsCount(5, owner)); // still counting: not asked twice
    cache.setCount(5, 42, owner);
    QCOMPARE(cache.count(5), qint64(42));
    QVERIFY(!cache.wantsCount(5, owner)); // fresh
    cache.setCount(6, -7, owner);
    QCOMPARE(cache.count(6), SlotKeyCountCache::kFailed);
}

void TestSlotKeyCountCache::fullCountKeepsHotSlotsWhileTheirOwnerStays()
{
    const SnapshotPtr s = build(Layout{});
    SlotKeyCountCache cache;
    QVERIFY(!cache.fullCounts());
    QVERIFY(cache.apply(syntheticCounts(s, {{100, 5000}, {9000, 4000}}), s->slotMap.get()));
    QVERIFY(cache.fullCounts());
    QCOMPARE(cache.count(100), qint64(5000));
    QCOMPARE(cache.hotSlots(s->slotMap.get()), (QList<int>{100, 9000}));
    // Slot 100 moves to master 1: no longer hot, its count gone; 9000 stays.
    Layout moved;
    moved.slotText = {{0, "0-99 101-5460"}, {1, "100 5461-10922"}};
    const SnapshotPtr t = build(moved);
    QCOMPARE(cache.hotSlots(t->slotMap.get()), (QList<int>{9000}));
    cache.dropStale(t->slotMap.get());
    QCOMPARE(cache.count(100), SlotKeyCountCache::kNone);
    QCOMPARE(cache.count(9000), qint64(4000));
    // A one-slot count is not a full count.
    auto one = std::make_shared<SlotKeyCounts>(SlotRange{200, 200}, t->slotMap, t->sequence);
    one->setCount(200, 3);
    one->finish();
    QVERIFY(!cache.apply(one, t->slotMap.get()));
    QCOMPARE(cache.count(200), qint64(3));
}

void TestSlotKeyCountCache::movedOrMigratingSlotsLoseTheirCount()
{
    const SnapshotPtr s = build(Layout{});
    SlotKeyCountCache cache;
    cache.setCount(100, 10, s->slotMap->ownerOf(100));
    cache.setCount(2000, 20, s->slotMap->ownerOf(2000));
    Layout migrating;
    migrating.moves = {{100, 0, 1}};
    const SnapshotPtr t = build(migrating);
    QVERIFY(t->slotMap->migration(100));
    cache.dropStale(t->slotMap.get());
    QCOMPARE(cache.count(100), SlotKeyCountCache::kNone);
    QCOMPARE(cache.count(2000), qint64(20));
    cache.dropStale(nullptr); // no slot map at all: nothing is valid
    QCOMPARE(cache.count(2000), SlotKeyCountCache::kNone);
}

void TestSlotKeyCountCache::unavailableCountFailsPendingRequests()
{
    SlotKeyCountCache cache;
    QVERIFY(cache.wantsCount(10, id(0)));
    QVERIFY(cache.wantsCount(900, id(0)));
    const auto unavailable = std::make_shared<const SlotKeyCounts>(QStringLiteral("the deployment is no longer watched"),
                                                                   SlotRange{0, 99});
    QVERIFY(!cache.apply(unavailable, nullptr));
    QCOMPARE(cache.count(10), SlotKeyCountCache::kFailed);
    QCOMPARE(cache.count(900), SlotKeyCountCache::kCounting); // outside the range asked
}

QTEST_MAIN(TestSlotKeyCountCache)
#include "tst_slotkeycountcache.moc"
