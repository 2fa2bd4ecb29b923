// Unit tests of the injectable clock: ManualClock fires timers in deadline order, only when time
// is advanced, never for a dead context or a cancelled id; SystemClock's timers run on the event
// loop and can be cancelled.
#include "core/ManualClock.h"
#include "core/SystemClock.h"

#include <QtTest>

#include <memory>

using ops::Clock;
using ops::ManualClock;

class TestClock : public QObject
{
    Q_OBJECT

private slots:
    void manualOrder_data();
    void manualOrder();
    void manualTimeSeenByCallbacks();
    void manualContextAndCancel();
    void manualTimerAddedByCallback();
    void systemClockFiresAndCancels();
};

void TestClock::manualOrder_data()
{
    QTest::addColumn<QList<int>>("delays");   // one timer per delay, created in this order
    QTest::addColumn<int>("advanceBy");
    QTest::addColumn<QList<int>>("fired");    // indexes of the timers that fired, in order

    QTest::newRow("nothing due") << QList<int>{10, 20} << 9 << QList<int>{};
    QTest::newRow("exactly due") << QList<int>{10, 20} << 10 << QList<int>{0};
    QTest::newRow("deadline order, not creation order") << QList<int>{30, 10, 20} << 100 << QList<int>{1, 2, 0};
    QTest::newRow("ties keep creation order") << QList<int>{5, 5, 5} << 5 << QList<int>{0, 1, 2};
    QTest::newRow("zero delay waits for advance") << QList<int>{0} << 0 << QList<int>{0};
    QTest::newRow("negative delay is zero") << QList<int>{-50, 1} << 0 << QList<int>{0};
}

void TestClock::manualOrder()
{
    QFETCH(QList<int>, delays);
    QFETCH(int, advanceBy);
    QFETCH(QList<int>, fired);
    ManualClock clock;
    QObject context;
    QList<int> order;
    for (int i = 0; i < delays.size(); ++i)
        clock.callAfter(delays[i], &context, [&order, i] { order << i; });
    QVERIFY(order.isEmpty()); // never synchronously from callAfter()
    clock.advance(advanceBy);
    QCOMPARE(order, fired);
    QCOMPARE(clock.pendingTimers(), int(delays.size() - fired.size()));
}

void TestClock::manualTimeSeenByCallbacks()
{
    ManualClock clock(1'000'000, 50);
    QObject context;
    qint64 seenMonotonic = -1;
    qint64 seenWall = -1;
    clock.callAfter(30, &context, [&] {
        seenMonotonic = clock.monotonicMs();
        seenWall = clock.wallMs();
    });
    clock.advance(100);
    QCOMPARE(seenMonotonic, 80);           // the timer's own deadline, not the end of the advance
    QCOMPARE(seenWall, 1'000'030);
    QCOMPARE(clock.monotonicMs(), 150);
    QCOMPARE(clock.wallMs(), 1'000'100);
}

void TestClock::manualContextAndCancel()
{
    ManualClock clock;
    auto dying = std::make_unique<QObject>();
    QObject living;
    int calls = 0;
    clock.callAfter(10, dying.get(), [&] { calls += 1; });
    const Clock::TimerId cancelled = clock.callAfter(10, &living, [&] { calls += 10; });
    clock.callAfter(10, &living, [&] { calls += 100; });
    QCOMPARE(clock.nextDeadline(), 10);
    dying.reset();
    clock.cancel(cancelled);
    clock.cancel(9999); // unknown: ignored
    QCOMPARE(clock.pendingTimers(), 1);
    clock.advance(10);
    QCOMPARE(calls, 100);
    QCOMPARE(clock.nextDeadline(), -1);
}

void TestClock::manualTimerAddedByCallback()
{
    // A retry scheduled from a callback falls due within the same advance.
    ManualClock clock;
    QObject context;
    QList<qint64> at;
    std::function<void()> retry = [&] {
        at << clock.monotonicMs();
        if (at.size() < 3)
            clock.callAfter(100, &context, retry);
    };
    clock.callAfter(100, &context, retry);
    clock.advance(250);
    QCOMPARE(at, (QList<qint64>{100, 200}));
    clock.advance(50);
    QCOMPARE(at, (QList<qint64>{100, 200, 300}));
}

void TestClock::systemClockFiresAndCancels()
{
    Clock *clock = Clock::system();
    QCOMPARE(clock, Clock::system());
    const qint64 before = clock->monotonicMs();
    QObject context;
    bool fired = false;
    bool cancelledFired = false;
    const Clock::TimerId id = clock->callAfter(1, &context, [&] { cancelledFired = true; });
    clock->cancel(id);
    clock->callAfter(5, &context, [&] { fired = true; });
    QVERIFY(!fired);
    QTRY_VERIFY(fired);
    QVERIFY(!cancelledFired);
    QVERIFY(clock->monotonicMs() >= before);
    QVERIFY(std::abs(clock->wallMs() - QDateTime::currentMSecsSinceEpoch()) < 60'000);
}

QTEST_GUILESS_MAIN(TestClock)
#include "tst_clock.moc"
