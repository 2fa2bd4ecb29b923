#include "ManualClock.h"

#include <algorithm>

namespace ops {

ManualClock::ManualClock(qint64 wallStartMs, qint64 monotonicStartMs)
    : m_wallMs(wallStartMs), m_monotonicMs(monotonicStartMs)
{
}

Clock::TimerId ManualClock::callAfter(qint64 delayMs, QObject *context, std::function<void()> callback)
{
    const TimerId id = m_nextId++;
    m_timers.emplace(m_monotonicMs + std::max<qint64>(0, delayMs), Timer{id, context, std::move(callback)});
    return id;
}

void ManualClock::cancel(TimerId id)
{
    std::erase_if(m_timers, [id](const auto &entry) { return entry.second.id == id; });
}

void ManualClock::advance(qint64 ms)
{
    const qint64 target = m_monotonicMs + std::max<qint64>(0, ms);
    while (!m_timers.empty() && m_timers.begin()->first <= target) {
        auto first = m_timers.begin();
        const qint64 due = first->first;
        Timer timer = std::move(first->second);
        m_timers.erase(first);
        m_wallMs += due - m_monotonicMs;
        m_monotonicMs = due;
        if (!timer.context.isNull())
            timer.callback();
    }
    m_wallMs += target - m_monotonicMs;
    m_monotonicMs = target;
}

int ManualClock::pendingTimers() const
{
    return int(std::count_if(m_timers.begin(), m_timers.end(),
                             [](const auto &entry) { return !entry.second.context.isNull(); }));
}

qint64 ManualClock::nextDeadline() const
{
    for (const auto &[deadline, timer] : m_timers)
        if (!timer.context.isNull())
            return deadline;
    return -1;
}

} // namespace ops
