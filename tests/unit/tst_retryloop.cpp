// runRetrying: the executors' "survey until it holds" loop, on an injected clock. A retry runs
// only when the clock reaches its delay (ManualClock: no wall-clock wait), never after the
// context is gone, and an abandoned loop (no `again` kept) is freed, which a self-referencing
// std::function never was (LeakSanitizer found one per wait in the cluster executors).
#include "core/ManualClock.h"
#include "core/RetryLoop.h"

#include <QObject>
#include <QTest>

#include <memory>

using namespace ops;

class TestRetryLoop : public QObject
{
    Q_OBJECT
private slots:
    void retriesOnTheClockUntilItHolds();
    void stopsWithItsContext();
    void abandonedLoopIsFreed();
};

void TestRetryLoop::retriesOnTheClockUntilItHolds()
{
    ManualClock clock;
    QObject context;
    int attempts = 0;
    runRetrying(&clock, &context, 200, [&](const std::function<void()> &again) {
        if (++attempts < 3)
            again();
    });
    QCOMPARE(attempts, 1); // the first attempt runs at once
    clock.advance(199);
    QCOMPARE(attempts, 1); // not before the delay
    clock.advance(1);
    QCOMPARE(attempts, 2);
    clock.advance(200);
    QCOMPARE(attempts, 3); // it holds: no further retry is scheduled
    QCOMPARE(clock.nextDeadline(), qint64(-1));
    clock.advance(10'000);
    QCOMPARE(attempts, 3);
}

void TestRetryLoop::stopsWithItsContext()
{
    ManualClock clock;
    auto context = std::make_unique<QObject>();
    int attempts = 0;
    runRetrying(&clock, context.get(), 200, [&](const std::function<void()> &again) {
        ++attempts;
        again();
    });
    QCOMPARE(attempts, 1);
    context.reset(); // the executor is destroyed with a retry pending
    clock.advance(1000);
    QCOMPARE(attempts, 1);
}

void TestRetryLoop::abandonedLoopIsFreed()
{
    ManualClock clock;
    QObject context;
    auto canary = std::make_shared<int>(0);
    std::weak_ptr<int> watched = canary;
    std::function<void()> kept;
    runRetrying(&clock, &context, 200, [canary, &kept](const std::function<void()> &again) {
        ++*canary;
        kept = again; // held, as a surveyor's finished handler would, then dropped
    });
    canary.reset();
    QVERIFY(!watched.expired()); // alive while `again` is held
    kept = nullptr;              // the loop is abandoned: nothing retries it
    QVERIFY2(watched.expired(), "the attempt (and what it captured) outlived its loop");
}

QTEST_GUILESS_MAIN(TestRetryLoop)
#include "tst_retryloop.moc"
