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
    /** --data-dir, -v/--verbose, --help, --version and the hidden --help-man. */
    QList<QCommandLineOption> globalOptions() const;
    /** Sub-command synopsis and one-line summary, in --help order. */
    static QList<QPair<QString, QString>> commands();
    CommandLineDoc manual() const;

    const QCommandLineOption &dataDir() const { return m_dataDir; }
    const QCommandLineOption &verbose() const { return m_verbose; }
    const QCommandLineOption &help() const { return m_help; }
    const QCommandLineOption &version() const { return m_version; }
    const QCommandLineOption &helpMan() const { return m_helpMan; }

private:
    QCommandLineOption m_dataDir{QStringLiteral("data-dir"), QStringLiteral("Directory of the history database and logs."), QStringLiteral("dir")};
    QCommandLineOption m_verbose{{QStringLiteral("v"), QStringLiteral("verbose")}, QStringLiteral("Log debug messages to stderr.")};
    QCommandLineOption m_help{QStringLiteral("help"), QStringLiteral("Show this help (and 'redis-ops COMMAND --help' the options of a command).")};
    QCommandLineOption m_version{QStringLiteral("version"), QStringLiteral("Show the version.")};
    QCommandLineOption m_helpMan{QStringLiteral("help-man"), QStringLiteral("Print the man page (troff).")};
    DeploymentArguments m_deployment;
};

} // namespace ops
