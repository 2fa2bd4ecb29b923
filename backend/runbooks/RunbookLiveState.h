#pragma once

#include "RunbookExpression.h"
#include "RunbookCommandProbe.h"
#include "model/TopologySnapshot.h"

#include <QObject>

#include <functional>

namespace ops {

class Clock;
class DeploymentSession;

/**
 * @brief What a runbook run reads of its deployment (RunbookRunner's eyes): a snapshot polled
 * after a step started (never the state from before an action), a check's verdict on it with the
 * health rules' results and the evidence, and the nodes a read-only command goes to. One waiter
 * at a time; a new one replaces the old (a step that ended is not answered any more).
 */
class RunbookLiveState : public QObject
{
    Q_OBJECT
public:
    struct Verdict
    {
        RunbookExpression::Value value;  ///< Unknown when a value it reads is unknown
        QStringList evidence;            ///< "name = value" of what it read
        bool holds() const { return value.isKnown() && value.boolean; }
    };

    RunbookLiveState(DeploymentSession *session, Clock *clock, int snapshotTimeoutMs, QObject *parent = nullptr);

    /** @p then with a snapshot polled after now, or the latest one after the timeout (null: none yet). */
    void withFreshSnapshot(std::function<void(const SnapshotPtr &)> then);
    /** Drops the waiting callback (the step it was for ended). */
    void cancel();
    /** @p expression judged on @p snapshot with @p inputs ("input.<name>"). */
    static Verdict judge(const RunbookExpression &expression, const TopologySnapshot &snapshot,
                         const QHash<QString, RunbookExpression::Value> &inputs);
    /** Where a read-only @p argv goes: SENTINEL commands to the sentinels, others to the data nodes that answer (16 at most). */
    QList<RunbookCommandProbe::Target> commandTargets(const QStringList &argv) const;

private:
    void onSnapshot(const SnapshotPtr &snapshot);

    DeploymentSession *m_session;
    Clock *m_clock;
    int m_snapshotTimeoutMs;
    quint64 m_after = 0;
    std::function<void(const SnapshotPtr &)> m_waiter;
    quint64 m_timer = 0;
};

} // namespace ops
