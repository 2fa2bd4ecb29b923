#pragma once

#include "CliCommand.h"
#include "actions/OperationRunner.h"
#include "actions/PreCheck.h"

#include <QJsonObject>

#include <memory>

namespace ops {

class AsyncHistoryStore;

/**
 * @brief What the guided-action commands (`failover` for Sentinel and for Cluster) share: the plan
 * shown or refused, the confirmation, the journaled operation with its progress on the terminal
 * (or as JSON lines), and the end: the exit code is 0 only when the result is verified.
 */
class ActionCommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;
    ~ActionCommand() override;

protected:
    /** Prints the plan (text or a "plan" JSON line); refuses when a check blocks (exit 1) and ends a
     *  dry run (exit 0). True when the command goes on to the confirmation. */
    bool presentPlan(const QStringList &text, const QJsonObject &json, const PreChecks &checks, bool allowed);
    /** True with --yes; otherwise refuses (false, with the reason) when stdin is not a terminal. */
    bool mayConfirm();
    /** Asks on the terminal; true when the operator types @p expected. */
    static bool ask(const QString &prompt, const QString &expected);
    /** Opens the journal (AppPaths::historyFile()), makes the runner and shows its steps as they go. */
    OperationRunner *startOperation(const OperationRecord &record, const OperationRunner::Options &options);
    /** A phase of the executor, with the time since startOperation(). */
    void showPhase(const QString &text);
    /** The "finished" JSON line or @p summary; closes the journal; exit 0 only when @p state is Succeeded. */
    void endOperation(OperationRecord::State state, const QString &outcome, const QJsonObject &details,
                      const QString &summary);
    void emitJson(const QString &event, QJsonObject fields);
    qint64 elapsedMs() const;

    bool m_dryRun = false;
    bool m_yes = false;
    bool m_json = false;

private:
    std::unique_ptr<AsyncHistoryStore> m_journal;
    OperationRunner *m_runner = nullptr;
    qint64 m_startedMs = 0;
};

} // namespace ops
