#pragma once

#include "resp/Endpoint.h"

#include <QObject>

#include <functional>

namespace ops {

class LocalLab;

/**
 * @brief Breaks a lab on purpose, for tests and training drills: kill -9, SIGSTOP/SIGCONT,
 * DEBUG SLEEP, CLIENT PAUSE, a broken replication link (the replica authenticates to its master
 * with a wrong password until restored), and restarting a killed node with its own config.
 * Signals act on lab processes only; commands go over the lab's control connections.
 */
class FaultInjector : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(const QString &error)>; ///< empty error = done

    explicit FaultInjector(LocalLab *lab, QObject *parent = nullptr);

    bool kill(const Endpoint &node);    ///< SIGKILL
    bool freeze(const Endpoint &node);  ///< SIGSTOP
    bool thaw(const Endpoint &node);    ///< SIGCONT
    /** Starts a killed node again with the same config (cluster nodes keep their nodes.conf). */
    bool restart(const Endpoint &node, QString *error = nullptr);

    /** DEBUG SLEEP: the node answers nothing for @p seconds. @p done runs when the sleep was sent. */
    void debugSleep(const Endpoint &node, double seconds, Done done);
    /** CLIENT PAUSE ms [WRITE|ALL]. */
    void clientPause(const Endpoint &node, int milliseconds, bool writesOnly, Done done);
    /** Replica can no longer sync: CONFIG SET masterauth to a wrong value, CLIENT KILL TYPE master. */
    void breakReplication(const Endpoint &replica, Done done);
    void restoreReplication(const Endpoint &replica, Done done);

private:
    void run(const Endpoint &node, QList<QList<QByteArray>> commands, Done done);

    LocalLab *m_lab;
};

} // namespace ops
