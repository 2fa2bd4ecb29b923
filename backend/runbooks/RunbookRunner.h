#pragma once

#include "Runbook.h"
#include "RunbookInputs.h"
#include "RunbookRunState.h"
#include "actions/ActionOutcome.h"
#include "actions/ActionPreview.h"
#include "model/TopologySnapshot.h"

#include <QObject>

#include <functional>
#include <optional>

namespace ops {

class AsyncHistoryStore;
class Clock;
class DeploymentSession;
class RunbookLiveState;

/**
 * @brief Runs one runbook against one deployment (a DeploymentSession), on the session's thread,
 * as an explicit state machine whose state lives in the operations journal (RunbookJournal):
 * every attempt of a step is journaled before the step does anything, its end (status, evidence
 * summary, branch taken) after; notes and skips too. resume() replays the journal and goes on
 * through the same code path as a fresh run.
 *
 * Steps: `check` and `branch` are judged on a snapshot polled after the step started (never on
 * the state before an action), with the health rules' verdicts (RunbookFacts); `wait` re-judges
 * every interval until it holds or times out; `command` sends its read-only command to the data
 * nodes (SENTINEL commands: the sentinels) and keeps the replies; `manual` waits for the operator;
 * `action` previews the guided action through the session (the wizards' survey, pre-checks and
 * exact commands), waits for the confirmation, runs it journaled as its own operation, and passes
 * only when that operation is verified.
 *
 * Interactive runs wait on the operator (prompt): confirm (typing the preview's confirmation text
 * for actions), retry a failed step, skip one with a reason, add notes, abort. Non-interactive
 * runs (`--non-interactive`, the tests) confirm manual steps and allowed actions themselves
 * (journaled as such) and end Failed at the first failed step.
 */
class RunbookRunner : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        bool nonInteractive = false;
        int commandTimeoutMs = 5000;
        int snapshotTimeoutMs = 10000;  ///< longest wait for a fresh snapshot before a check is judged
    };

    /** @p session, @p journal and @p clock must outlive the runner. */
    RunbookRunner(Runbook runbook, QByteArray sourceHash, DeploymentSession *session, AsyncHistoryStore *journal,
                  Clock *clock, Options options, QObject *parent = nullptr);
    ~RunbookRunner() override;

    /** Starts a new run with @p inputs (RunbookInputs::resolve, valid). */
    void start(const RunbookInputs::Result &inputs);
    /** Continues journaled run @p record (kind "runbook", this runbook: the caller checked the hash). */
    void resume(const OperationRecord &record);

    /** Manual step: done. Action preview: run it; @p typed must equal the preview's confirmText (interactive). */
    void confirm(const QString &typed = {});
    /** A failed step: run it again (a new attempt, journaled). */
    void retry();
    /** The step waiting on the operator is skipped; @p reason is journaled (required). */
    void skip(const QString &reason);
    /** A note on the current step (or the last one), journaled. */
    void addNote(const QString &text);
    /** Ends the run Aborted; a running action is cancelled first (it undoes what it safely can). */
    void abort(const QString &reason);

    const RunbookRunState &state() const { return m_state; }
    const Runbook &runbook() const { return m_runbook; }

signals:
    void stateChanged(const ops::RunbookRunState &state);
    /** Once, with the final state, after the journal has it. */
    void finished(const ops::RunbookRunState &state);

private:
    enum class Phase { Idle, Starting, Step, Prompt, Action, Ending, Ended };

    void runStep(int index);
    void dispatch(int index);
    void judge(int index, const SnapshotPtr &snapshot);
    void judgeWait(int index, qint64 deadlineMs);
    void sendCommand(int index);
    void startAction(int index, const SnapshotPtr &snapshot);
    void onPreview(const ActionPreview &preview);
    void onActionStarted(const QString &operationId);
    void onActionFinished(const ActionOutcome &outcome);
    /**
     * Checks a journaled action of step @p index that was cut off (resume): done if its operation
     * succeeded; an unfinished reshard is continued by a new attempt (resumeAction); else failed.
     */
    void settleAction(int index);
    /** Step @p index's attempt continues journaled reshard @p operationId (DeploymentSession::previewResume). */
    void resumeAction(int index, const QString &operationId);
    /** Closes the open attempt of step @p index, then goes on (final) or prompts (failed). */
    void endStep(int index, RunbookStepState::Status status, const QString &detail, const QString &next = {});
    void fail(int index, const QString &why) { endStep(index, RunbookStepState::Status::Failed, why); }
    void prompt(RunbookPrompt::Kind kind, int index, const QString &text, const ActionPreview &preview = {});
    void finishRun(OperationRecord::State state, const QString &outcome);
    void publish();
    QString substitute(const QString &text) const;
    QVariantMap substitutedParams(const RunbookStep &step) const;

    Runbook m_runbook;
    QByteArray m_sourceHash;
    DeploymentSession *m_session;
    AsyncHistoryStore *m_journal;
    Clock *m_clock;
    Options m_options;
    RunbookInputs::Result m_inputs;
    OperationRecord m_record;
    RunbookRunState m_state;
    Phase m_phase = Phase::Idle;
    int m_seq = 0;                       ///< last journal step seq used
    std::optional<OperationStep> m_open; ///< the attempt being run (journaled, not ended)
    RunbookLiveState *m_live;            ///< fresh snapshots, verdicts, command targets
    bool m_awaitingPreview = false;
    QString m_resumeOperation;           ///< set by settleAction: the next action attempt resumes this reshard
    bool m_abortAfterAction = false;
    QString m_abortReason;
};

} // namespace ops
