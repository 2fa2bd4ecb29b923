#pragma once

#include "Endpoint.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

namespace ops {

/**
 * @brief A typed failure of one command or connection, naming the endpoint it came from.
 * Server error replies are classified by their prefix (MOVED, ASK, WRONGPASS, NOPERM, ...);
 * redirections carry the slot and the node to go to.
 */
class RedisError
{
public:
    enum class Kind : quint8 {
        None,        ///< no error
        Io,          ///< socket error: refused, unreachable, reset, DNS
        Timeout,     ///< connect or command deadline passed
        Closed,      ///< the connection closed (by us or the peer) before the reply
        Protocol,    ///< malformed RESP or a reader limit exceeded
        NotRedis,    ///< the peer answered with something that is not RESP (HTTP, TLS, banner)
        Tls,         ///< TLS handshake or certificate verification failed
        Auth,        ///< WRONGPASS / NOAUTH / no password configured
        NoPerm,      ///< ACL denied the command or key
        Reply,       ///< any other -ERR reply
        Moved,       ///< -MOVED slot host:port
        Ask,         ///< -ASK slot host:port
        TryAgain,    ///< -TRYAGAIN (multi-key during resharding)
        ClusterDown, ///< -CLUSTERDOWN
        Busy,        ///< -BUSY (a script or function is running)
        Loading,     ///< -LOADING (dataset still loading)
        ReadOnly,    ///< -READONLY (write sent to a replica)
        MasterDown,  ///< -MASTERDOWN (replica with link down and replica-serve-stale-data no)
        Cancelled,   ///< cancelled by the caller
    };

    RedisError() = default;
    RedisError(Kind kind, Endpoint endpoint, QString detail);

    /** Classifies a server error reply (`-PREFIX message`). */
    static RedisError fromReply(const Endpoint &endpoint, const QByteArray &errorText);

    Kind kind() const { return m_kind; }
    bool isError() const { return m_kind != Kind::None; }
    const Endpoint &endpoint() const { return m_endpoint; }
    /** The server's text for reply errors, or our own description. */
    const QString &detail() const { return m_detail; }
    /** For Moved / Ask: the slot and the node the client is sent to. */
    int slot() const { return m_slot; }
    const Endpoint &redirect() const { return m_redirect; }
    /** True when the connection itself is unusable (not just this command). */
    bool isConnectionError() const;

    /** One line for an operator: `127.0.0.1:7000: authentication failed: WRONGPASS ...`. */
    QString message() const;

    static const char *kindName(Kind kind);

private:
    Kind m_kind = Kind::None;
    Endpoint m_endpoint;
    QString m_detail;
    int m_slot = -1;
    Endpoint m_redirect;
};

} // namespace ops

Q_DECLARE_METATYPE(ops::RedisError)
