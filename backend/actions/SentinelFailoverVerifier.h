#pragma once

#include "resp/Endpoint.h"

#include <QList>
#include <QObject>
#include <QString>

namespace ops {

class OperationRunner;

/**
 * @brief Checks that a Sentinel failover really happened, by polling (read-only): every sentinel
 * names the new master (SENTINEL GET-MASTER-ADDR-BY-NAME), the new master's ROLE is master, and
 * every other data node's ROLE is a replica of it with its link up. The old master's return as a
 * replica is tracked with the time it was seen. Polls every @p intervalMs on the runner's clock
 * until everything holds (verified) or the deadline passes (with what still does not hold).
 */
class SentinelFailoverVerifier : public QObject
{
    Q_OBJECT
public:
    struct Target
    {
        QByteArray masterName;
        Endpoint newMaster;
        Endpoint oldMaster;
        QList<Endpoint> sentinels;
        QList<Endpoint> otherReplicas;     ///< data nodes that must follow the new master
        bool requireOldMasterFollowing = false;
    };

    SentinelFailoverVerifier(Target target, OperationRunner *runner, QObject *parent = nullptr);

    void start(qint64 timeoutMs, qint64 intervalMs = 250);

    /** Monotonic ms at which the old master was first seen replicating the new one; -1 if not yet. */
    qint64 oldMasterFollowingAtMs() const { return m_oldMasterFollowingAt; }
    /** Monotonic ms of the first poll at which every required condition held; -1 if none. */
    qint64 verifiedAtMs() const { return m_verifiedAt; }

signals:
    /**
     * @p ok: every required condition held (verifiedAtMs()); when the old master's return is not
     * required, polling goes on until it is seen or the deadline passes, so it is tracked too.
     * Otherwise @p missing says what does not hold at the deadline.
     */
    void finished(bool ok, const QString &missing);

private:
    void poll();
    void settle();

    Target m_target;
    OperationRunner *m_runner;
    qint64 m_deadline = 0;
    qint64 m_interval = 250;
    int m_outstanding = 0;
    QStringList m_missing;
    bool m_oldFollowing = false;
    qint64 m_oldMasterFollowingAt = -1;
    qint64 m_verifiedAt = -1;
    bool m_done = false;
};

} // namespace ops
