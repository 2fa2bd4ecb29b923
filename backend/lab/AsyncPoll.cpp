#include "AsyncPoll.h"

#include <QPointer>
#include <QTimer>

namespace ops {

void AsyncPoll::until(QObject *owner, int intervalMs, int timeoutMs, Probe probe, Done done)
{
    auto *poll = new AsyncPoll(owner, intervalMs, timeoutMs, std::move(probe), std::move(done));
    poll->attempt();
}

AsyncPoll::AsyncPoll(QObject *owner, int intervalMs, int timeoutMs, Probe probe, Done done)
    : QObject(owner), m_intervalMs(intervalMs), m_timeoutMs(timeoutMs), m_probe(std::move(probe)), m_done(std::move(done))
{
    m_elapsed.start();
}

void AsyncPoll::attempt()
{
    QPointer<AsyncPoll> self(this);
    m_probe([self](bool satisfied) {
        if (self)
            self->onReport(satisfied);
    });
}

void AsyncPoll::onReport(bool satisfied)
{
    if (m_finished)
        return;
    if (satisfied || m_elapsed.elapsed() >= m_timeoutMs) {
        m_finished = true;
        const Done done = std::move(m_done);
        deleteLater();
        done(satisfied);
        return;
    }
    QTimer::singleShot(m_intervalMs, this, &AsyncPoll::attempt);
}

} // namespace ops
