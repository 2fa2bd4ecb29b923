#pragma once

#include "CliCommand.h"
#include "DeploymentArguments.h"
#include "actions/OperationRunner.h"
#include "actions/PreCheck.h"

#include <QJsonObject>

#include <functional>
#include <memory>

namespace ops {

class AsyncHistoryStore;
class CliInterruption;

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
    /** --dry-run, --yes, --json and, for failovers (@p lagOptions), --max-lag and --override-lag. */
    void addActionOptions(QCommandLineParser &parser, bool lagOptions = true);
    /** Reads them into m_dryRun, m_yes, m_json, m_maxLagBytes, m_overrideLag; false with @p error. */
    bool readActionOptions(const QCommandLineParser &parser, QString &error);
    /** presentPlan(), then confirmed() and execute(); "Not confirmed" (exit 1) otherwise. */
    void proceed(const QStringList &text, const QJsonObject &json, const PreChecks &checks, bool allowed);
    /** The operator's confirmation (mayConfirm(), then ask() on the terminal unless --yes). */
    virtual bool confirmed() = 0;
    /** Runs the confirmed plan. */
    virtual void execute() = 0;
    /** Prints the plan (text or a "plan" JSON line); refuses when a check blocks or the deployment is
     *  read-only (exit 1) and ends a dry run (exit 0). True when the command goes on to the confirmation. */
    bool presentPlan(const QStringList &text, const QJsonObject &json, const PreChecks &checks, bool allowed);
    /** True with --yes; otherwise refuses (false, with the reason) when stdin is not a terminal. */
    bool mayConfirm();
    /** Asks on the terminal; true when the operator types @p expected. */
    static bool ask(const QString &prompt, const QString &expected);
    /** Opens the journal (AppPaths::historyFile()), makes the runner and shows its steps as they go. */
    OperationRunner *startOperation(const OperationRecord &record, const OperationRunner::Options &options);
    /**
     * From now on the first Ctrl-C / SIGTERM / SIGHUP prints that it stops and calls @p stop with
     * the reason (the executor's cancel); a second one says what is still going on, a third within
     * 2 s quits at once (CliInterruption). Call right after startOperation(): before it, the
     * default action ends the process with nothing sent. endOperation() then exits ExitInterrupted
     * when the operation ended cancelled or aborted.
     */
    void stopOnInterrupt(std::function<void(const QString &reason)> stop);
    /** True once a signal asked the operation to stop. */
    bool interrupted() const;
    /** A phase of the executor, with the time since startOperation(). */
    void showPhase(const QString &text);
    /** The "finished" JSON line or @p summary; closes the journal; exit 0 only when @p state is Succeeded. */
    void endOperation(OperationRecord::State state, const QString &outcome, const QJsonObject &details,
                      const QString &summary);
    void emitJson(const QString &event, QJsonObject fields);
    /** Warns (stderr, and an "unfinished" JSON line) about every unfinished operation of the journal
     *  @p relevant says concerns this deployment: an operator must see an interrupted action first. */
    void warnUnfinished(const std::function<bool(const OperationRecord &)> &relevant);
    qint64 elapsedMs() const;
    /** The journal startOperation() opened (null before). */
    AsyncHistoryStore *journal() const { return m_journal.get(); }

    /**
     * A cluster command's deployment (-h/-p, --cluster in the subclass, or --profile of a cluster
     * node) into @p options and m_readOnly; false with @p error. A Sentinel deployment is refused:
     * these commands act on a Redis Cluster.
     */
    bool readClusterDeployment(const QCommandLineParser &parser, const DeploymentArguments &arguments, ConnectionOptions &options,
                               QString &error);

    bool m_dryRun = false;
    /** --read-only or a read-only profile: the plan is shown, then refused (exit 1); nothing runs. */
    bool m_readOnly = false;
    bool m_yes = false;
    bool m_json = false;
    qint64 m_maxLagBytes = 1024 * 1024;
    bool m_overrideLag = false;
    /** --take-over-lease: the holder's operation id the operator typed (empty: no override). */
    QString m_takeOverLease;
    /** Text mode prints only the steps that failed (a reshard has hundreds; its progress shows the rest). */
    bool m_quietSteps = false;

private:
    const QCommandLineOption m_dryRunOption{QStringLiteral("dry-run"), QStringLiteral("Show the plan, checks and commands; execute nothing.")};
    const QCommandLineOption m_yesOption{QStringLiteral("yes"), QStringLiteral("Do not ask for confirmation (scripts).")};
    const QCommandLineOption m_jsonOption{QStringLiteral("json"), QStringLiteral("JSON lines instead of text.")};
    const QCommandLineOption m_takeOverOption{QStringLiteral("take-over-lease"), QStringLiteral("Take the deployment's operation lease over from the console holding it (shared store): type the holder's operation id, or its first 8 characters, as the refusal printed it. Journaled as an audit row and on the operation."), QStringLiteral("operation")};
    const QCommandLineOption m_maxLagOption{QStringLiteral("max-lag"), QStringLiteral("Refuse a target further behind than this many bytes (default 1048576)."), QStringLiteral("bytes"), QStringLiteral("1048576")};
    const QCommandLineOption m_overrideLagOption{QStringLiteral("override-lag"), QStringLiteral("Promote even when the target is further behind than --max-lag (loses those writes).")};
    bool m_lagOptions = true;
    std::unique_ptr<AsyncHistoryStore> m_journal;
    OperationRunner *m_runner = nullptr;
    QString m_operationId;
    CliInterruption *m_interruption = nullptr;
    qint64 m_startedMs = 0;
};

} // namespace ops
