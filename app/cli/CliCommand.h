#pragma once

#include <QCommandLineParser>
#include <QObject>
#include <QStringList>

namespace ops {

struct StoreStatus;

/** Exit codes shared by every redis-ops command. */
enum ExitCode : int {
    ExitOk = 0,
    ExitFailed = 1,
    ExitUsage = 2,
    ExitConnection = 3,
    /** Stopped by Ctrl-C / SIGTERM / SIGHUP at a safe point: journaled cancelled or aborted, undone what it safely could. */
    ExitInterrupted = 4,
};

/**
 * @brief One `redis-ops` sub-command. run() parses its arguments and starts asynchronous work;
 * the command calls finish() once, which ends the event loop with that exit code.
 */
class CliCommand : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    /** @p args are the words after the sub-command name, with argv[0] first. */
    virtual void run(const QStringList &args) = 0;
    /** How the operator called it ("redis-ops add-node"): the first line of its usage. */
    void setInvocation(const QString &invocation) { m_invocation = invocation; }

protected:
    /** Ends the event loop with @p code; only the first call counts (a late success cannot hide an error). */
    void finish(int code);
    bool isFinished() const { return m_finished; }
    /** Prints to stdout / stderr (UTF-8, line by line). */
    static void out(const QString &text);
    static void err(const QString &text);
    /** Sets the description and adds --help (never addHelpOption(): -h is --host). */
    static void prepare(QCommandLineParser &parser, const QString &description);
    /** Parses @p args; on a usage error or --help it prints, finishes and returns false. */
    bool parseArguments(QCommandLineParser &parser, const QStringList &args);
    /** Prints the parser's error and the command's usage; finishes with ExitUsage. */
    void usageError(const QString &message, const QString &helpText);
    /**
     * The shared store's state on stderr as it changes (connect to storeStatusChanged): a
     * warning while it is unreachable or its spool is flushed, one line when it is back.
     */
    static void reportStoreStatus(const StoreStatus &status);

private:
    /** @p helpText with its usage line naming the sub-command, not the program's path. */
    QString withInvocation(const QString &helpText) const;

    QString m_invocation;
    bool m_finished = false;
};

} // namespace ops
