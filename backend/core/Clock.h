#pragma once

#include <QObject>
#include <QtGlobal>

#include <functional>

namespace ops {

/**
 * @brief Time as the monitor and the actions see it: a wall clock for records, a monotonic clock
 * for durations and deadlines, and one-shot timers. Production code uses Clock::system(); tests
 * pass a ManualClock and move time forward themselves, so timing logic is checked without
 * waiting and without wall-clock assertions.
 *
 * Timers are tied to a context QObject: destroying it drops the callback. Callbacks never run
 * synchronously from callAfter(). All calls from the thread that owns the context.
 */
class Clock
{
public:
    using TimerId = quint64;

    virtual ~Clock() = default;

    /** Milliseconds since the Unix epoch (UTC): timestamps that are stored or shown. */
    virtual qint64 wallMs() const = 0;
    /** Milliseconds on a clock that never goes backwards: durations and deadlines. */
    virtual qint64 monotonicMs() const = 0;
    /** The monotonic clock in microseconds: round trips on a LAN are well under a millisecond. */
    virtual qint64 monotonicUs() const { return monotonicMs() * 1000; }
    /** Runs @p callback once, @p delayMs from now, unless @p context dies or cancel() is called. */
    virtual TimerId callAfter(qint64 delayMs, QObject *context, std::function<void()> callback) = 0;
    /** Cancels a timer that has not fired yet; unknown or fired ids are ignored. */
    virtual void cancel(TimerId id) = 0;

    /** The process's real clock (QDateTime, QElapsedTimer, QTimer). Never null; never deleted. */
    static Clock *system();
};

} // namespace ops
