#pragma once

#include "SentinelFailoverPlan.h"
#include "discovery/SentinelEvent.h"
#include "history/OperationRecord.h"

#include <QJsonObject>
#include <QObject>

namespace ops {

class OperationRunner;
class SentinelFailoverVerifier;
class SentinelSubscriber;

/**
 * @brief Runs a SentinelFailoverPlan as a state machine on the backend thread, every command a
 * journaled OperationRunner step, every wait on the runner's clock with a deadline:
 *
 * prefer the target (CONFIG SET replica-priority, then wait until the executing sentinel reads
 * it) → graceful: CLIENT PAUSE … WRITE on the old master, wait until the target's acknowledged
 * offset equals the master's → SENTINEL FAILOVER → wait until the target's ROLE is master,
 * watching the sentinels' events (an abort stops it) → graceful: REPLICAOF the new master on the
 * old one, then CLIENT UNPAUSE → restore the priorities → verify (SentinelFailoverVerifier).
 *
 * Never makes things worse: the pause has a server-side bound and is lifted on every way out
 * (success, error, cancel, timeout); priorities are restored on every way out; a command whose
 * outcome is unknown is followed by a re-read, never a resend; cancel() is honoured until
 * SENTINEL FAILOVER is sent and afterwards finishes and verifies instead of leaving a half-done
 * failover. A lost operation lease (OperationRunner::leaseLost: another console took it over)
 * stops it at the next check before a command: before SENTINEL FAILOVER like a cancel, after it
 * without demoting; the pause is lifted and priorities restored as on every way out, and the
 * outcome (Aborted) starts with "lease lost: taken over by …".
 */
class SentinelFailoverExecutor : public QObject
{
    Q_OBJECT
public:
    enum class Phase { Idle, Preferring, Pausing, CatchingUp, FailingOver, AwaitingPromotion, Demoting, Resuming,
                       Restoring, Verifying, Finished };
    Q_ENUM(Phase)

    struct Result
    {
        OperationRecord::State state = OperationRecord::State::Unknown;
        QString outcome;
        Endpoint promoted;
        qint64 totalMs = -1;       ///< start() (the operator's confirmation) to verified / finished
        qint64 pauseMs = -1;       ///< graceful: writes paused, from PAUSE's reply to UNPAUSE's
        qint64 oldMasterBackMs = -1; ///< from start() until the old master was seen following the new one
        QJsonObject details;
    };

    SentinelFailoverExecutor(SentinelFailoverPlan plan, OperationRunner *runner, QObject *parent = nullptr);
    ~SentinelFailoverExecutor() override;

    void start();
    /**
     * Stops before SENTINEL FAILOVER is sent (undoing pause and priorities); later, it is noted
     * only. @p reason starts the outcome (default "cancelled by the operator"). Says at once, as a
     * phase, what stopping will do.
     */
    void cancel(const QString &reason = {});
    Phase phase() const { return m_phase; }
    const SentinelFailoverPlan &plan() const { return m_plan; }

signals:
    void phaseChanged(ops::SentinelFailoverExecutor::Phase phase, const QString &text);
    /** A sentinel event during the operation, with monotonic ms since start(). */
    void sentinelEvent(const ops::Endpoint &sentinel, const ops::SentinelEvent &event, qint64 atMs);
    void finished(const ops::SentinelFailoverExecutor::Result &result);

private:
    void enter(Phase phase, const QString &text);
    void prefer();
    void awaitSentinelSeesPriority(qint64 deadline);
    void pause();
    void awaitCatchUp(qint64 deadline);
    void failover();
    void awaitPromotion(qint64 deadline);
    void demote();
    void resume(std::function<void()> then);
    void restore(std::function<void()> then);
    void verify();
    /** Lifts the pause and restores priorities, then finishes with @p state. */
    void abort(OperationRecord::State state, const QString &why);
    void finish(OperationRecord::State state, const QString &outcome);
    /** The outcome of a cancel honoured before SENTINEL FAILOVER. */
    void cancelled();
    /** What abort() undoes now: the pause, the priorities ("" when nothing). */
    QString undoText() const;
    void onSentinelEvent(const Endpoint &sentinel, const SentinelEvent &event);
    /** The runner's lease was lost: stop at the next safe point (the next check before a command). */
    void onLeaseLost(const QString &message);
    /** Before a command that changes something: true (and the abort begun) when cancelled or the lease was lost. */
    bool stopHere();
    bool graceful() const { return m_plan.request.mode == SentinelFailoverRequest::Mode::Graceful; }

    SentinelFailoverPlan m_plan;
    OperationRunner *m_runner;
    QList<SentinelSubscriber *> m_subscribers;
    SentinelFailoverVerifier *m_verifier = nullptr;
    Phase m_phase = Phase::Idle;
    qint64 m_pausedAtMs = -1;
    bool m_paused = false;
    bool m_prioritiesChanged = false;
    bool m_failoverSent = false;
    bool m_cancelRequested = false;
    QString m_cancelReason;
    QString m_leaseLost;            ///< "lease lost: taken over by …" once the runner reported it
    QString m_abortSeen;            ///< a -failover-abort-* event
    Endpoint m_switchedTo;          ///< +switch-master's new address (Sentinel may pick another replica)
    Result m_result;
};

} // namespace ops

Q_DECLARE_METATYPE(ops::SentinelFailoverExecutor::Result)
