#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>

/**
 * The gaps between ticks of a 5 ms timer on the thread that creates it (the GUI thread in the
 * console's tests), while it lives.
 *
 * Each gap is measured twice: on the wall clock, and on the wall clock less the time the thread
 * spent runnable but waiting for a CPU (the run-queue delay Linux keeps in
 * /proc/thread-self/schedstat). On a loaded machine the first grows with whatever else runs; the
 * second is what the thread itself spent — its own work and anything it blocked on (a synchronous
 * network call would stay in it) — so it can be held to a bound while a build runs beside it.
 */
class EventLoopGapProbe : public QObject
{
public:
    EventLoopGapProbe();

    qsizetype ticks() const { return m_wallUs.size(); }
    qint64 maxMs() const { return percentileUs(m_wallUs, 1.0) / 1000; }
    qint64 percentileMs(double p) const { return percentileUs(m_wallUs, p) / 1000; }
    /** The same less the run-queue delay; equal to the wall figures when schedstat is unavailable. */
    qint64 ownMaxMs() const { return percentileUs(m_ownUs, 1.0) / 1000; }
    qint64 ownPercentileMs(double p) const { return percentileUs(m_ownUs, p) / 1000; }
    /** Total run-queue delay while probing: how loaded the machine was. */
    qint64 waitedForCpuMs() const { return m_waitedUs / 1000; }
    bool schedstatAvailable() const { return m_schedstat; }
    /**
     * The gap now open is the test's own synchronous work (a window grabbed and saved as PNG):
     * it is not recorded, so the figures stay the product's.
     */
    void skipCurrentGap() { m_skip = true; }
    /** One line for the test log: ticks, wall and own gaps, time spent waiting for a CPU. */
    QString summary() const;

private:
    static qint64 percentileUs(QList<qint64> values, double p);
    qint64 runDelayNs() const;

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    qint64 m_lastDelayNs = 0;
    qint64 m_waitedUs = 0;
    bool m_schedstat = false;
    bool m_skip = false;
    QList<qint64> m_wallUs;
    QList<qint64> m_ownUs;
};
