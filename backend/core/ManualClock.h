#pragma once

#include "Clock.h"

#include <QPointer>

#include <map>

namespace ops {

/**
 * @brief A clock that moves only when told to (tests, drills replayed at speed). advance() fires
 * every due timer in deadline order (ties in creation order), each seeing monotonicMs() equal to
 * its own deadline; timers a callback adds are fired too when they fall due within the advance.
 * Single-threaded.
 */
class ManualClock final : public Clock
{
public:
    explicit ManualClock(qint64 wallStartMs = 1'700'000'000'000, qint64 monotonicStartMs = 0);

    qint64 wallMs() const override { return m_wallMs; }
    qint64 monotonicMs() const override { return m_monotonicMs; }
    TimerId callAfter(qint64 delayMs, QObject *context, std::function<void()> callback) override;
    void cancel(TimerId id) override;

    /** Moves time forward by @p ms, firing what falls due on the way. */
    void advance(qint64 ms);
    /** Timers not yet fired (whose context is alive). */
    int pendingTimers() const;
    /** The monotonic time of the next timer; -1 when none. */
    qint64 nextDeadline() const;

private:
    struct Timer
    {
        TimerId id = 0;
        QPointer<QObject> context;
        std::function<void()> callback;
    };
    qint64 m_wallMs;
    qint64 m_monotonicMs;
    TimerId m_nextId = 1;
    std::multimap<qint64, Timer> m_timers; ///< by deadline; equal keys keep insertion order
};

} // namespace ops
