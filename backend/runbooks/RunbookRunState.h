#pragma once

#include "actions/ActionPreview.h"
#include "history/OperationRecord.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace ops {

/** @brief How far one step of a runbook run got, with what the operator needs to judge it. */
struct RunbookStepState
{
    enum class Status {
        Pending,  ///< not reached (or not reached yet on this path)
        Running,  ///< being evaluated / sent / executed
        Waiting,  ///< waits for the operator: confirm, retry, skip or abort
        Passed,   ///< a check or wait held, a branch was decided
        Done,     ///< a command answered, an action verified, a manual step confirmed
        Failed,   ///< a check did not hold, a wait timed out, an action failed
        Skipped,  ///< the operator skipped it, with a reason
    };

    QString stepId;
    Status status = Status::Pending;
    qint64 startedMs = 0;         ///< wall clock of the last attempt; 0: never started
    qint64 endedMs = 0;
    QString detail;               ///< one sentence: why it passed / failed, the branch taken, the skip reason
    QStringList evidence;         ///< "name = value" of the values a check read
    QString output;               ///< a command's replies, as plain text
    QStringList notes;            ///< the operator's notes, "HH:MM:SS text"
    QString operationId;          ///< an action step: the operation it started

    bool isFinal() const { return status == Status::Passed || status == Status::Done || status == Status::Skipped; }
    /** "pending", "running", "waiting", "passed", "done", "failed", "skipped". */
    static QString statusName(Status status);
    static bool statusFromName(const QString &name, Status *status);
};

/** @brief What a run waits for from the operator (RunbookRunState::prompt). */
struct RunbookPrompt
{
    enum class Kind {
        None,
        Manual,        ///< instructions: confirm when done (or skip)
        ConfirmAction, ///< an action's preview: type preview.confirmText to run it (or skip)
        StepFailed,    ///< a check, wait or action failed: retry, skip with a reason, or abort
    };
    Kind kind = Kind::None;
    int step = -1;                ///< index into the runbook's steps
    QString text;                 ///< instructions, or why the step failed
    ActionPreview preview;        ///< ConfirmAction
};

/**
 * @brief A runbook run as the views and the CLI show it: every step's state, the current step,
 * what the run waits for, and how it ended. An immutable value published by RunbookRunner.
 */
struct RunbookRunState
{
    QString operationId;          ///< the journal's operation (kind "runbook")
    QString runbookId;
    QString title;
    QString deploymentId;
    QList<RunbookStepState> steps; ///< in the runbook's order
    int current = -1;             ///< index of the step being run or waited on; -1: none
    RunbookPrompt prompt;
    OperationRecord::State state = OperationRecord::State::Planned;
    QString outcome;              ///< one sentence once ended

    bool ended() const { return state != OperationRecord::State::Planned && state != OperationRecord::State::Running; }
};

} // namespace ops

Q_DECLARE_METATYPE(ops::RunbookRunState)
