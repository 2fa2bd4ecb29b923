#pragma once

#include "CommandLineDoc.h"
#include "DeploymentArguments.h"

#include <QCommandLineOption>
#include <QList>
#include <QPair>

namespace ops {

/**
 * @brief What `redis-ops` accepts before its command (global options) and the command list,
 * defined once: main() parses with these objects, and --help and the man page (--help-man,
 * written at build time) are rendered from them and from the shared DeploymentArguments.
 */
class CliUsage
{
public:
    CliUsage();
    /** --data-dir, --store, -v/--verbose, --help, --version and the hidden --help-man. */
    QList<QCommandLineOption> globalOptions() const;
    /** Sub-command synopsis and one-line summary, in --help order. */
    static QList<QPair<QString, QString>> commands();
    CommandLineDoc manual() const;

    const QCommandLineOption &dataDir() const { return m_dataDir; }
    const QCommandLineOption &store() const { return m_store; }
    const QCommandLineOption &verbose() const { return m_verbose; }
    const QCommandLineOption &help() const { return m_help; }
    const QCommandLineOption &version() const { return m_version; }
    const QCommandLineOption &helpMan() const { return m_helpMan; }

private:
    QCommandLineOption m_dataDir{QStringLiteral("data-dir"), QStringLiteral("Directory of the history database and logs."), QStringLiteral("dir")};
    QCommandLineOption m_store{QStringLiteral("store"),
                               QStringLiteral("History and journal store: a SQLite file, or postgresql://user@host:port/db?sslmode=M "
                                              "shared by a team (the password: keychain, PGPASSWORD or ~/.pgpass, never the URL)."),
                               QStringLiteral("location")};
    QCommandLineOption m_verbose{{QStringLiteral("v"), QStringLiteral("verbose")}, QStringLiteral("Log debug messages to stderr and to the log file (over the log level saved in the console's Settings).")};
    QCommandLineOption m_help{QStringLiteral("help"), QStringLiteral("Show this help (and 'redis-ops COMMAND --help' the options of a command).")};
    QCommandLineOption m_version{QStringLiteral("version"), QStringLiteral("Show the version.")};
    QCommandLineOption m_helpMan{QStringLiteral("help-man"), QStringLiteral("Print the man page (troff).")};
    DeploymentArguments m_deployment;
};

} // namespace ops
