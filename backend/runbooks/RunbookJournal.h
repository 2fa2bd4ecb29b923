#pragma once

#include "Runbook.h"
#include "RunbookRunState.h"
#include "history/OperationRecord.h"

#include <QHash>
#include <QJsonObject>

#include <optional>

namespace ops {

/**
 * @brief How a runbook run is written to the operations journal and read back (pure).
 *
 * A run is one operation of kind "runbook" (target: the runbook id; plan: the runbook's id,
 * title, file, content hash, inputs and step list). Every attempt of a step is one journal step
 * row, stored (Planned) before the step does anything, whose command text is
 * "<step id> <kind>: <what it does>" and whose reply summary, once it ends, is
 * "<status>[ -> <next step>]: <detail>". An action step that started an operation is marked Sent
 * with "operation <id>" first. An operator's note is its own row, "<step id> note: <text>".
 *
 * replay() rebuilds the step states from those rows and finds where a run goes on: after the
 * last step that ended well (following its branch), or at the last step again when it failed or
 * was cut off. The same code path serves a fresh run and a resumed one.
 */
class RunbookJournal
{
public:
    static QString kind() { return QStringLiteral("runbook"); }

    /** The operation's plan: what the run follows, and the hash that proves it on resume. */
    static QJsonObject plan(const Runbook &runbook, const QHash<QString, QString> &inputs, const QByteArray &sourceHash);
    /** The input texts a plan() recorded. */
    static QHash<QString, QString> inputsOf(const QJsonObject &plan);

    static QString commandText(const RunbookStep &step, const QString &what);
    static QString noteText(const QString &stepId, const QString &note);
    static QString summary(RunbookStepState::Status status, const QString &next, const QString &detail);
    static QString startedSummary(const QString &operationId) { return QStringLiteral("operation ") + operationId; }

    struct Row
    {
        bool note = false;
        QString stepId;
        QString kind;             ///< the step kind's word, or "note"
        QString text;             ///< after "<kind>: " (the note for notes)
        bool ended = false;       ///< a final summary was written
        RunbookStepState::Status status = RunbookStepState::Status::Running;
        QString next;             ///< "-> <next>" of the summary; empty: the following step
        QString detail;
        QString operationId;      ///< "operation <id>" (an action step's started operation)
    };
    /** A journal step row read back; nullopt when it is not one of a runbook run. */
    static std::optional<Row> decode(const OperationStep &step);

    struct Position
    {
        QList<RunbookStepState> steps;
        int resumeAt = 0;         ///< the step to run next; steps.size(): the run reached its end
    };
    /** The states of @p runbook's steps from @p record's rows, and where the run goes on. */
    static Position replay(const Runbook &runbook, const OperationRecord &record);
    /** The index a step's "next" names: a step id, "end" (steps.size()), or empty (after @p from). */
    static int indexOfNext(const Runbook &runbook, int from, const QString &next);
};

} // namespace ops
