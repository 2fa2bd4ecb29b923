#include "DeploymentArguments.h"

#include "core/SecretStore.h"

#include <QSettings>

namespace ops {

QList<QCommandLineOption> DeploymentArguments::options() const
{
    return m_connection.options() + QList<QCommandLineOption>{m_sentinel, m_master, m_profile, m_readOnly};
}

void DeploymentArguments::addTo(QCommandLineParser &parser) const
{
    parser.addOptions(options());
}

bool DeploymentArguments::isGiven(const QCommandLineParser &parser)
{
    return parser.isSet(QStringLiteral("host")) || parser.isSet(QStringLiteral("port"))
        || parser.isSet(QStringLiteral("sentinel")) || parser.isSet(QStringLiteral("profile"));
}

bool DeploymentArguments::read(const QCommandLineParser &parser, ConnectionProfile &out, QString &error) const
{
    if (parser.isSet(m_profile))
        return readProfile(parser, out, error);
    if (!m_connection.read(parser, out.options, error))
        return false;
    out.sentinels.clear();
    for (const QString &s : parser.values(m_sentinel)) {
        bool valid = false;
        const Endpoint ep = Endpoint::parse(s, 26379, &valid);
        if (!valid) {
            error = QStringLiteral("invalid --sentinel address: %1").arg(s);
            return false;
        }
        out.sentinels << ep;
    }
    out.masterName = parser.value(m_master).toUtf8();
    if (out.isSentinel() && out.masterName.isEmpty()) {
        error = QStringLiteral("--sentinel needs --master NAME");
        return false;
    }
    if (!out.isSentinel() && parser.isSet(m_master)) {
        error = QStringLiteral("--master names a Sentinel master: it needs --sentinel HOST:PORT");
        return false;
    }
    out.readOnly = parser.isSet(m_readOnly);
    return true;
}

bool DeploymentArguments::readProfile(const QCommandLineParser &parser, ConnectionProfile &out, QString &error) const
{
    // The profile is the whole address: mixing it with a second one would be ambiguous.
    for (const char *name : {"host", "port", "sentinel", "master", "user", "tls", "cacert", "cacertdir", "cert", "key", "sni", "insecure"})
        if (parser.isSet(QString::fromLatin1(name))) {
            error = QStringLiteral("--profile gives the address, user and TLS files: leave out --%1").arg(QString::fromLatin1(name));
            return false;
        }
    const QString name = parser.value(m_profile);
    QSettings settings;
    const QStringList saved = ConnectionProfile::names(settings);
    if (!saved.contains(name)) {
        error = saved.isEmpty() ? QStringLiteral("no saved deployment named '%1' (none saved)").arg(name)
                                : QStringLiteral("no saved deployment named '%1' (saved: %2)").arg(name, saved.join(QStringLiteral(", ")));
        return false;
    }
    out = ConnectionProfile::load(settings, name);
    // Password (--askpass / REDISCLI_AUTH) and timeouts still come from the command line.
    ConnectionOptions given;
    if (!m_connection.read(parser, given, error))
        return false;
    out.options.password = given.password;
    if (out.options.password.isEmpty() && out.passwordInKeychain) {
        const SecretStore::Result secret = SecretStore().readBlocking(name);
        if (!secret.ok()) {
            error = QStringLiteral("saved deployment '%1' keeps its password in the keychain, but %2: give it with "
                                   "--askpass or REDISCLI_AUTH")
                        .arg(name, secret.message);
            return false;
        }
        out.options.password = secret.password.toUtf8();
    }
    out.options.connectTimeoutMs = given.connectTimeoutMs;
    out.options.commandTimeoutMs = given.commandTimeoutMs;
    out.readOnly = out.readOnly || parser.isSet(m_readOnly);
    return true;
}

} // namespace ops
