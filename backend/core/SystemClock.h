#pragma once

#include "Clock.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMutex>
#include <QPointer>
#include <QTimer>

namespace ops {

/**
 * @brief The real clock: QDateTime for wall time, QElapsedTimer for monotonic time, and a
 * single-shot QTimer per callAfter() living in the context's thread.
 */
class SystemClock final : public Clock
{
public:
    SystemClock();

    qint64 wallMs() const override;
    qint64 monotonicMs() const override;
    qint64 monotonicUs() const override;
    TimerId callAfter(qint64 delayMs, QObject *context, std::function<void()> callback) override;
    void cancel(TimerId id) override;

private:
    QElapsedTimer m_elapsed;
    mutable QMutex m_mutex; ///< the timers of every thread share one id table
    QHash<TimerId, QPointer<QTimer>> m_timers;
    TimerId m_nextId = 1;
};

} // namespace ops
