#pragma once

#include "ClusterFailoverPlan.h"
#include "ClusterFailoverVerifier.h"
#include "history/OperationRecord.h"

#include <QJsonObject>
#include <QObject>

namespace ops {

class OperationRunner;

/**
 * @brief Runs a ClusterFailoverPlan as a state machine on the backend thread, on the runner's
 * clock:
 *
 * read the epochs before (CLUSTER INFO cluster_current_epoch and the shard's config epoch from the
 * target's CLUSTER NODES; the target must still be a replica of the old master) → CLUSTER FAILOVER
 * [FORCE|TAKEOVER] to the target as one journaled step → verify (ClusterFailoverVerifier: ROLE on
 * the target and CLUSTER NODES from several nodes agree, with a higher epoch) within the plan's
 * deadline.
 *
 * An OK reply is not success: only verification is. A refusal ends it (NeedsForce says to use
 * FORCE); an unknown outcome is followed by verification (a re-read), never by a resend. cancel()
 * is honoured until CLUSTER FAILOVER is sent and only noted afterwards. Reported specifically:
 * another replica promoted instead (an automatic failover overtook), the target promoted while
 * the cluster had flagged the old master failed (default mode: likely automatic), and the target
 * still a replica at the deadline (the server's manual failover timed out).
 */
class ClusterFailoverExecutor : public QObject
{
    Q_OBJECT
public:
    enum class Phase { Idle, ReadingEpochs, FailingOver, Verifying, Finished };
    Q_ENUM(Phase)

    struct Result
    {
        OperationRecord::State state = OperationRecord::State::Unknown;
        QString outcome;
        Endpoint promoted;
        qint64 totalMs = -1;          ///< start() (the operator's confirmation) to verified / finished
        qint64 promotedMs = -1;       ///< from start() until the target's ROLE said master
        qint64 oldMasterBackMs = -1;  ///< from start() until the old master was seen following the new one
        qint64 currentEpochBefore = -1;
        qint64 configEpochBefore = -1;
        qint64 configEpochAfter = -1;
        bool overtaken = false;       ///< an automatic failover overtook the manual one
        bool serverTimedOut = false;  ///< the target stayed a replica: the manual failover timed out server-side
        QJsonObject details;
    };

    ClusterFailoverExecutor(ClusterFailoverPlan plan, OperationRunner *runner, QObject *parent = nullptr);
    ~ClusterFailoverExecutor() override;

    void start();
    /** Stops before CLUSTER FAILOVER is sent; later, it is noted only. @p reason starts the outcome
     *  (default "cancelled by the operator"); what stopping means is said at once as a phase. */
    void cancel(const QString &reason = {});
    Phase phase() const { return m_phase; }
    const ClusterFailoverPlan &plan() const { return m_plan; }

signals:
    void phaseChanged(ops::ClusterFailoverExecutor::Phase phase, const QString &text);
    void finished(const ops::ClusterFailoverExecutor::Result &result);

private:
    void enter(Phase phase, const QString &text);
    void readEpochs();
    void failover();
    void verify();
    void onVerified(ClusterFailoverVerifier::Outcome outcome, const QString &detail);
    void finish(OperationRecord::State state, const QString &outcome);
    /** The runner's lease was lost: no CLUSTER FAILOVER after this; the outcome names who took it. */
    void onLeaseLost(const QString &message);

    ClusterFailoverPlan m_plan;
    OperationRunner *m_runner;
    ClusterFailoverVerifier *m_verifier = nullptr;
    Phase m_phase = Phase::Idle;
    bool m_failoverSent = false;
    bool m_cancelRequested = false;
    QString m_cancelReason;
    bool m_outcomeUnknown = false;
    QString m_leaseLost; ///< "lease lost: taken over by …" once the runner reported it
    Result m_result;
};

} // namespace ops

Q_DECLARE_METATYPE(ops::ClusterFailoverExecutor::Result)
