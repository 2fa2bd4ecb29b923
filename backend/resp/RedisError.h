#pragma once

#include "Endpoint.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

namespace ops {

/**
 * @brief A typed failure of one command or connection, naming the endpoint it came from.
 * Server error replies are classified by their prefix (MOVED, ASK, WRONGPASS, NOPERM, INPROG,
 * NOGOODSLAVE, BUSYKEY, ...; prefix() keeps the raw one); redirections carry the slot and the
 * node to go to. delivery() says whether the command reached the server: an executor that gets
 * Delivery::Unknown re-reads the server's state and never sends the command again.
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
        NotConnected, ///< sent with SendOptions::requireReady while the link was not ready
        InProgress,  ///< -INPROG (Sentinel: a failover of this master is already running)
        NoGoodReplica, ///< -NOGOODSLAVE (Sentinel: no replica qualifies for promotion)
        NoReplicas,  ///< -NOREPLICAS (min-replicas-to-write not met: the write was refused)
        BusyKey,     ///< -BUSYKEY (RESTORE / MIGRATE: the target key already exists)
        IoErr,       ///< -IOERR (MIGRATE: connecting to, writing to or reading from the target failed)
        NoQuorum,    ///< -NOQUORUM (SENTINEL CKQUORUM: the sentinels cannot authorize a failover)
        NeedsForce,  ///< CLUSTER FAILOVER refused: the master is down or failed, use FORCE
    };

    /** Whether the command left this process; meaningful for command errors. */
    enum class Delivery : quint8 {
        NotSent,  ///< never written to the socket: safe to send again
        Unknown,  ///< written, no reply: the server may or may not have run it
        Answered, ///< the server replied (with this error)
    };

    RedisError() = default;
    RedisError(Kind kind, Endpoint endpoint, QString detail);

    /** Classifies a server error reply (`-PREFIX message`). */
    static RedisError fromReply(const Endpoint &endpoint, const QByteArray &errorText);

    Kind kind() const { return m_kind; }
    Delivery delivery() const { return m_delivery; }
    /** A copy with @p delivery (the connection sets it; fromReply() gives Answered). */
    RedisError withDelivery(Delivery delivery) const;
    /** The first word of a server error reply ("ERR", "INPROG", "NOGOODSLAVE", ...); empty otherwise. */
    const QByteArray &prefix() const { return m_prefix; }
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
    static const char *deliveryName(Delivery delivery);
    /** For an operator: "not sent", "sent, outcome unknown", "answered". */
    static QString deliveryText(Delivery delivery);

private:
    Kind m_kind = Kind::None;
    // Unknown unless the connection knows better: a wrong "not sent" could make a caller resend.
    Delivery m_delivery = Delivery::Unknown;
    Endpoint m_endpoint;
    QByteArray m_prefix;
    QString m_detail;
    int m_slot = -1;
    Endpoint m_redirect;
};

} // namespace ops

Q_DECLARE_METATYPE(ops::RedisError)
