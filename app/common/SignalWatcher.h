#pragma once

#include <QObject>

class QSocketNotifier;

namespace ops {

/**
 * @brief Turns SIGINT / SIGTERM / SIGHUP into a Qt signal on the event loop (self-pipe), so
 * Ctrl-C runs the normal teardown (a lab stops its servers) instead of killing the process.
 */
class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

signals:
    void interrupted(int signo);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace ops
