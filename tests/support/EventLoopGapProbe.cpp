#include "EventLoopGapProbe.h"

#include <QFile>

#include <algorithm>

EventLoopGapProbe::EventLoopGapProbe()
{
    m_schedstat = runDelayNs() >= 0;
    m_timer.setInterval(5);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        const qint64 now = m_clock.nsecsElapsed();
        const qint64 delay = m_schedstat ? runDelayNs() : 0;
        if (m_lastNs > 0 && !m_skip) {
            const qint64 wall = (now - m_lastNs) / 1000;
            const qint64 waited = std::clamp<qint64>((delay - m_lastDelayNs) / 1000, 0, wall);
            m_wallUs << wall;
            m_ownUs << wall - waited;
            m_waitedUs += waited;
        }
        m_lastNs = now;
        m_lastDelayNs = delay;
        m_skip = false;
    });
    m_clock.start();
    m_timer.start();
}

qint64 EventLoopGapProbe::runDelayNs() const
{
    // "<ns on a CPU> <ns runnable, waiting for one> <time slices>"
    QFile schedstat(QStringLiteral("/proc/thread-self/schedstat"));
    if (!schedstat.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = schedstat.readAll().simplified().split(' ');
    bool ok = false;
    const qint64 delay = fields.size() >= 2 ? fields.at(1).toLongLong(&ok) : -1;
    return ok ? delay : -1;
}

qint64 EventLoopGapProbe::percentileUs(QList<qint64> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    return values.at(qsizetype(p * double(values.size() - 1)));
}

QString EventLoopGapProbe::summary() const
{
    return QStringLiteral("event loop: %1 ticks; wall gap max %2 ms, p99 %3 ms, p50 %4 ms; "
                          "less run-queue delay max %5 ms, p99 %6 ms; %7 ms waited for a CPU%8")
        .arg(ticks())
        .arg(maxMs())
        .arg(percentileMs(0.99))
        .arg(percentileMs(0.5))
        .arg(ownMaxMs())
        .arg(ownPercentileMs(0.99))
        .arg(waitedForCpuMs())
        .arg(m_schedstat ? QString() : QStringLiteral(" (no schedstat: run-queue delay unknown)"));
}
