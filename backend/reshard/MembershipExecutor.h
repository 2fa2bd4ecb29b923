#pragma once

#include "MembershipPlan.h"
#include "actions/ClusterSurvey.h"
#include "history/OperationRecord.h"

#include <QJsonObject>
#include <QObject>

#include <functional>

namespace ops {

class OperationRunner;

/**
 * @brief Runs a MembershipPlan on the backend thread, each command a journaled step, then waits
 * for the cluster to show the result (re-surveying every 200 ms, on the runner's clock):
 * - add: CLUSTER MEET on the new node → every member lists it (no handshake) and it knows them
 *   all → [CLUSTER REPLICATE → its link to the master is up and the master's view lists it];
 * - remove: CLUSTER FORGET on every other member at once → CLUSTER RESET SOFT on the node →
 *   no member lists it.
 * Succeeded only when that holds before the deadline.
 */
class MembershipExecutor : public QObject
{
    Q_OBJECT
public:
    struct Result
    {
        OperationRecord::State state = OperationRecord::State::Unknown;
        QString outcome;
        qint64 totalMs = -1;
        QJsonObject details;
    };

    MembershipExecutor(MembershipPlan plan, OperationRunner *runner, qint64 deadlineMs = 30000, QObject *parent = nullptr);
    ~MembershipExecutor() override;

    void start();
    /**
     * Stops at the next safe point, said at once as a phase: before the first command (nothing
     * sent), or for add-node --replica-of once the node has joined and before CLUSTER REPLICATE
     * (it stays an empty master). A sent MEET or FORGET cannot be taken back: the join is waited
     * for and verified, a removal is finished (RESET, verified; a half-done FORGET is gossiped back
     * after 60 s). @p reason starts the outcome of a stop.
     */
    void cancel(const QString &reason);

signals:
    void phaseChanged(const QString &text);
    void finished(const ops::MembershipExecutor::Result &result);

private:
    void meet();
    void replicate();
    void forget();
    void reset();
    /** Re-surveys until @p holds says "" (done) or the deadline; @p then on success. */
    void waitFor(const QString &what, std::function<QString(const ClusterSurvey &)> holds, std::function<void()> then);
    void finish(OperationRecord::State state, const QString &outcome);
    /** True (and finished Cancelled with @p state) when a cancel is pending. */
    bool stopIfCancelled(const QString &state);

    MembershipPlan m_plan;
    OperationRunner *m_runner;
    qint64 m_deadlineMs;
    bool m_started = false;        ///< the first command was sent
    bool m_finished = false;
    QString m_cancelReason;
    Result m_result;
};

} // namespace ops

Q_DECLARE_METATYPE(ops::MembershipExecutor::Result)
