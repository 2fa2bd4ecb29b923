#include "ConnectionArguments.h"

#include "PasswordPrompt.h"

namespace ops {

QList<QCommandLineOption> ConnectionArguments::options() const
{
    return {m_host, m_port, m_user, m_askpass, m_tls, m_cacert, m_cacertdir, m_cert, m_key, m_sni,
            m_insecure, m_connectTimeout, m_timeout};
}

void ConnectionArguments::addTo(QCommandLineParser &parser) const
{
    parser.addOptions(options());
}

bool ConnectionArguments::read(const QCommandLineParser &parser, ConnectionOptions &out, QString &error) const
{
    bool ok = false;
    out.endpoint.host = parser.value(m_host);
    out.endpoint.port = parser.value(m_port).toUShort(&ok);
    if (!ok || out.endpoint.port == 0) {
        error = QStringLiteral("invalid port: %1").arg(parser.value(m_port));
        return false;
    }
    out.connectTimeoutMs = parser.value(m_connectTimeout).toInt(&ok);
    if (!ok || out.connectTimeoutMs <= 0) {
        error = QStringLiteral("invalid --connect-timeout: %1").arg(parser.value(m_connectTimeout));
        return false;
    }
    out.commandTimeoutMs = parser.value(m_timeout).toInt(&ok);
    if (!ok || out.commandTimeoutMs <= 0) {
        error = QStringLiteral("invalid --timeout: %1").arg(parser.value(m_timeout));
        return false;
    }
    out.user = parser.value(m_user);
    if (parser.isSet(m_askpass)) {
        if (!PasswordPrompt::ask(QStringLiteral("Password: "), out.password)) {
            error = QStringLiteral("--askpass needs a terminal (or set REDISCLI_AUTH)");
            return false;
        }
    } else if (qEnvironmentVariableIsSet("REDISCLI_AUTH")) {
        out.password = qgetenv("REDISCLI_AUTH");
    }
    const bool anyTls = parser.isSet(m_cacert) || parser.isSet(m_cacertdir) || parser.isSet(m_cert)
        || parser.isSet(m_key) || parser.isSet(m_sni) || parser.isSet(m_insecure);
    if (anyTls && !parser.isSet(m_tls)) {
        error = QStringLiteral("--cacert/--cacertdir/--cert/--key/--sni/--insecure need --tls");
        return false;
    }
    out.tls.enabled = parser.isSet(m_tls);
    out.tls.caFile = parser.value(m_cacert);
    out.tls.caDir = parser.value(m_cacertdir);
    out.tls.certFile = parser.value(m_cert);
    out.tls.keyFile = parser.value(m_key);
    out.tls.serverName = parser.value(m_sni);
    out.tls.insecure = parser.isSet(m_insecure);
    return true;
}

} // namespace ops
