#pragma once

#include "FixPlan.h"
#include "KeyRateLimiter.h"
#include "ReshardVerifier.h"
#include "history/OperationRecord.h"
#include "history/OperationStep.h"

#include <QJsonObject>
#include <QObject>

#include <functional>

namespace ops {

class OperationRunner;

/**
 * @brief Runs a FixPlan on the backend thread, one slot after the other, every command a journaled
 * step: STABLE, ADDSLOTS + BUMPEPOCH, keys back to the owner (GETKEYSINSLOT + MIGRATE from the
 * importer, then STABLE; BUSYKEY stops it: both copies exist and which is right is the operator's
 * call), and unfinished moves finished by the reshard's own MigrateSlotMover. Then verifies with
 * ReshardVerifier (the refused slots may stay open): Succeeded only when every fix holds.
 */
class FixExecutor : public QObject
{
    Q_OBJECT
public:
    struct Result
    {
        OperationRecord::State state = OperationRecord::State::Unknown;
        QString outcome;
        int fixed = 0;
        int refused = 0;
        qint64 totalMs = -1;
        QJsonObject details;
    };

    FixExecutor(FixPlan plan, OperationRunner *runner, QObject *parent = nullptr);
    ~FixExecutor() override;

    void start();
    /**
     * Stops before the next slot (the one being fixed is finished first: a slot is never left
     * half-moved), said at once as a phase; the operation ends Cancelled with @p reason, the
     * slots not reached left as they were (fix again).
     */
    void cancel(const QString &reason);

signals:
    void phaseChanged(const QString &text);
    void finished(const ops::FixExecutor::Result &result);

private:
    void next();
    void stable(const ReshardNode &node, int slot, std::function<void()> then);
    void assign(const SlotFix &fix);
    void returnKeys(const SlotFix &fix);
    void returnBatch(const SlotFix &fix, const OperationStep &step, qint64 moved);
    void finishMove(const SlotFix &fix);
    void waitClusterOk(std::function<void()> then);
    void verify();
    void fail(const QString &why);
    void finish(OperationRecord::State state, const QString &outcome);

    FixPlan m_plan;
    OperationRunner *m_runner;
    KeyRateLimiter m_limiter;
    int m_index = -1;
    int m_fixed = 0;
    bool m_failed = false;
    bool m_assigned = false;      ///< an ADDSLOTS was sent: wait for cluster_state ok before moving keys
    bool m_stateChecked = false;
    QString m_cancelReason;
    Result m_result;
};

} // namespace ops

Q_DECLARE_METATYPE(ops::FixExecutor::Result)
