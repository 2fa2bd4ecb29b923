#pragma once

#include <QElapsedTimer>
#include <QObject>

#include <functional>

namespace ops {

/**
 * @brief Repeats an asynchronous probe until it reports success or a deadline passes, without
 * blocking the event loop. The poll dies with its owner (no callback after that).
 */
class AsyncPoll : public QObject
{
    Q_OBJECT
public:
    using Report = std::function<void(bool satisfied)>;
    using Probe = std::function<void(Report report)>;
    using Done = std::function<void(bool satisfied)>;

    static void until(QObject *owner, int intervalMs, int timeoutMs, Probe probe, Done done);

private:
    AsyncPoll(QObject *owner, int intervalMs, int timeoutMs, Probe probe, Done done);
    void attempt();
    void onReport(bool satisfied);

    int m_intervalMs;
    int m_timeoutMs;
    Probe m_probe;
    Done m_done;
    QElapsedTimer m_elapsed;
    bool m_finished = false;
};

} // namespace ops
