#pragma once

#include "resp/Endpoint.h"

#include <QList>
#include <QObject>
#include <QString>

namespace ops {

class OperationRunner;

/**
 * @brief Checks that a cluster failover really happened, by polling (read-only, on the runner's
 * clock): ROLE on the new master says master, and CLUSTER NODES from several nodes (the new master,
 * the old master while it answers, the other masters) agree that it is a master serving slots with
 * a config epoch above the old master's. Reports another replica of the shard promoted instead
 * (an automatic failover overtook), the new master still a replica at the deadline (the manual
 * failover timed out on the server's side), and tracks the old master's return as its replica.
 */
class ClusterFailoverVerifier : public QObject
{
    Q_OBJECT
public:
    struct Target
    {
        Endpoint newMaster;
        QByteArray newMasterId;
        Endpoint oldMaster;
        QByteArray oldMasterId;
        QList<Endpoint> observers;          ///< nodes whose CLUSTER NODES must agree (those that answer)
        QList<QByteArray> otherReplicaIds;  ///< the shard's other replicas: one promoted = overtaken
        qint64 configEpochBefore = -1;      ///< the old master's config epoch before
        bool requireOldMasterFollowing = false;
        int minAgreeing = 2;                ///< answering observers needed, the new master included
    };
    enum class Outcome {
        Verified,       ///< every required condition held
        Overtaken,      ///< another node of the shard was promoted
        StillReplica,   ///< deadline passed with the target still a replica (server-side timeout)
        NotAgreed,      ///< deadline passed: the target is master but the views do not all agree yet
    };

    ClusterFailoverVerifier(Target target, OperationRunner *runner, QObject *parent = nullptr);

    void start(qint64 timeoutMs, qint64 intervalMs = 100);

    /** Monotonic ms at which the old master was first seen replicating the new one; -1 if not yet. */
    qint64 oldMasterFollowingAtMs() const { return m_oldMasterFollowingAt; }
    /** Monotonic ms of the first poll at which the target's ROLE said master; -1 if none. */
    qint64 promotedAtMs() const { return m_promotedAt; }
    /** Monotonic ms of the first poll at which every required condition held; -1 if none. */
    qint64 verifiedAtMs() const { return m_verifiedAt; }
    /** The new master's config epoch as the observers list it at verification; -1 unknown. */
    qint64 configEpochAfter() const { return m_epochAfter; }
    /** The node promoted instead (Overtaken). */
    const Endpoint &promotedInstead() const { return m_promotedInstead; }
    /** When the target was first seen master, some observer flagged the old master fail. */
    bool oldMasterFailedAtPromotion() const { return m_oldMasterFailedAtPromotion; }

signals:
    /** @p detail: what still does not hold (StillReplica / NotAgreed), who was promoted (Overtaken). */
    void finished(ops::ClusterFailoverVerifier::Outcome outcome, const QString &detail);

private:
    void poll();
    void settle();
    /** ROLE on the old master; @p counted: part of the poll (required), else on the side. */
    void readOldMaster(int timeoutMs, bool counted);
    void done(Outcome outcome, const QString &detail);

    Target m_target;
    OperationRunner *m_runner;
    qint64 m_deadline = 0;
    qint64 m_interval = 100;
    int m_outstanding = 0;
    // One poll's findings.
    QStringList m_missing;
    bool m_roleMaster = false;
    bool m_roleReplica = false;
    int m_agreeing = 0;
    bool m_oldFlaggedFail = false;
    bool m_oldFollowing = false;
    bool m_oldAnswered = true;          ///< its last ROLE was answered
    bool m_oldMasterReadInFlight = false;
    qint64 m_pollEpoch = -1;
    // Across polls.
    qint64 m_oldMasterFollowingAt = -1;
    qint64 m_promotedAt = -1;
    qint64 m_verifiedAt = -1;
    qint64 m_epochAfter = -1;
    Endpoint m_promotedInstead;
    bool m_oldMasterFailedAtPromotion = false;
    bool m_done = false;
};

} // namespace ops

Q_DECLARE_METATYPE(ops::ClusterFailoverVerifier::Outcome)
