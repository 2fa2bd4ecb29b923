#pragma once

#include "ConnectionArguments.h"
#include "core/ConnectionProfile.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>

namespace ops {

/**
 * @brief The deployment options of `redis-ops` and `redis-ops-console`, defined once: a seed node
 * (-h/-p and the rest of ConnectionArguments: --user, --askpass or REDISCLI_AUTH, TLS files) or
 * Sentinel (`--sentinel HOST:PORT`, repeatable, with `--master NAME`), and `--read-only`.
 * `--profile NAME` takes all of that from a deployment saved by the console's connection dialog
 * (QSettings of the organisation "redis-ops", application "redis-ops-console": the CLI uses the
 * same names). Both programs' --help and man pages list these objects; a password is never an
 * option (it comes from --askpass or REDISCLI_AUTH). Read into a ConnectionProfile, the same value
 * the connection dialog and saved profiles give.
 */
class DeploymentArguments
{
public:
    /** Every deployment option in --help order: the connection options, then Sentinel, then --read-only. */
    QList<QCommandLineOption> options() const;
    void addTo(QCommandLineParser &parser) const;
    /** True when the command line names a deployment: -h, -p, --sentinel or --profile. */
    static bool isGiven(const QCommandLineParser &parser);
    /**
     * Reads them into @p out; false with @p error on a usage error. May prompt for a password; a
     * saved profile whose password is in the keychain reads it from there (unless --askpass or
     * REDISCLI_AUTH gives one), waiting for the keychain.
     */
    bool read(const QCommandLineParser &parser, ConnectionProfile &out, QString &error) const;

private:
    bool readProfile(const QCommandLineParser &parser, ConnectionProfile &out, QString &error) const;

    ConnectionArguments m_connection;
    QCommandLineOption m_sentinel{QStringLiteral("sentinel"), QStringLiteral("A sentinel of the deployment (repeatable); needs --master."), QStringLiteral("host:port")};
    QCommandLineOption m_master{QStringLiteral("master"), QStringLiteral("Sentinel master name (with --sentinel)."), QStringLiteral("name")};
    QCommandLineOption m_profile{QStringLiteral("profile"), QStringLiteral("A deployment saved in the console's connection dialog: its seed or sentinels, user, TLS files, read-only flag; its password from the keychain if it was saved there, never from settings."), QStringLiteral("name")};
    QCommandLineOption m_readOnly{QStringLiteral("read-only"), QStringLiteral("Watch only: actions show their plan, checks and commands but never run.")};
};

} // namespace ops
