#pragma once

#include "resp/ConnectionOptions.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

namespace ops {

/**
 * @brief The connection options every entry point accepts, redis-cli style:
 * -h/--host, -p/--port, --user, --askpass (or REDISCLI_AUTH), --tls, --cacert, --cacertdir,
 * --cert, --key, --sni, --insecure, --connect-timeout, --timeout.
 */
class ConnectionArguments
{
public:
    /** Every connection option, in --help order (also what the man pages list). */
    QList<QCommandLineOption> options() const;
    void addTo(QCommandLineParser &parser) const;
    /** Builds the options; false with @p error on a usage error. May prompt for a password. */
    bool read(const QCommandLineParser &parser, ConnectionOptions &out, QString &error) const;

private:
    QCommandLineOption m_host{{QStringLiteral("h"), QStringLiteral("host")}, QStringLiteral("Server host (default 127.0.0.1)."), QStringLiteral("host"), QStringLiteral("127.0.0.1")};
    QCommandLineOption m_port{{QStringLiteral("p"), QStringLiteral("port")}, QStringLiteral("Server port (default 6379)."), QStringLiteral("port"), QStringLiteral("6379")};
    QCommandLineOption m_user{QStringLiteral("user"), QStringLiteral("ACL user name."), QStringLiteral("name")};
    QCommandLineOption m_askpass{QStringLiteral("askpass"), QStringLiteral("Ask for the password on the terminal (or set REDISCLI_AUTH).")};
    QCommandLineOption m_tls{QStringLiteral("tls"), QStringLiteral("Connect with TLS.")};
    QCommandLineOption m_cacert{QStringLiteral("cacert"), QStringLiteral("CA certificate bundle (PEM)."), QStringLiteral("file")};
    QCommandLineOption m_cacertdir{QStringLiteral("cacertdir"), QStringLiteral("Directory of CA certificates (PEM)."), QStringLiteral("dir")};
    QCommandLineOption m_cert{QStringLiteral("cert"), QStringLiteral("Client certificate (PEM)."), QStringLiteral("file")};
    QCommandLineOption m_key{QStringLiteral("key"), QStringLiteral("Client private key (PEM)."), QStringLiteral("file")};
    QCommandLineOption m_sni{QStringLiteral("sni"), QStringLiteral("Server name to verify and send (SNI)."), QStringLiteral("name")};
    QCommandLineOption m_insecure{QStringLiteral("insecure"), QStringLiteral("Do not verify the server certificate (dangerous).")};
    QCommandLineOption m_connectTimeout{QStringLiteral("connect-timeout"), QStringLiteral("Connect + handshake timeout in ms (default 3000)."), QStringLiteral("ms"), QStringLiteral("3000")};
    QCommandLineOption m_timeout{QStringLiteral("timeout"), QStringLiteral("Per-command timeout in ms (default 5000)."), QStringLiteral("ms"), QStringLiteral("5000")};
};

} // namespace ops
