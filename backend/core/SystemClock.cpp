#include "SystemClock.h"

#include <QDateTime>
#include <QMutexLocker>

#include <algorithm>
#include <limits>

namespace ops {

Clock *Clock::system()
{
    static SystemClock clock;
    return &clock;
}

SystemClock::SystemClock() { m_elapsed.start(); }

qint64 SystemClock::wallMs() const { return QDateTime::currentMSecsSinceEpoch(); }

qint64 SystemClock::monotonicMs() const { return m_elapsed.elapsed(); }

qint64 SystemClock::monotonicUs() const { return m_elapsed.nsecsElapsed() / 1000; }

Clock::TimerId SystemClock::callAfter(qint64 delayMs, QObject *context, std::function<void()> callback)
{
    Q_ASSERT(context != nullptr);
    auto *timer = new QTimer(context); // dies with its context, and with it the callback
    timer->setSingleShot(true);
    TimerId id = 0;
    {
        QMutexLocker lock(&m_mutex);
        id = m_nextId++;
        m_timers.insert(id, timer);
    }
    QObject::connect(timer, &QTimer::timeout, timer, [this, id, timer, callback = std::move(callback)] {
        {
            QMutexLocker lock(&m_mutex);
            m_timers.remove(id);
        }
        timer->deleteLater();
        callback();
    });
    timer->start(int(std::clamp<qint64>(delayMs, 0, std::numeric_limits<int>::max())));
    return id;
}

void SystemClock::cancel(TimerId id)
{
    QPointer<QTimer> timer;
    {
        QMutexLocker lock(&m_mutex);
        timer = m_timers.take(id);
    }
    if (!timer.isNull()) {
        timer->stop();
        timer->deleteLater();
    }
}

} // namespace ops
