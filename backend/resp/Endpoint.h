#pragma once

#include <QByteArrayView>
#include <QMetaType>
#include <QString>

namespace ops {

/** @brief A host and TCP port, rendered as `host:port` (`[v6]:port` for IPv6 literals). */
struct Endpoint
{
    QString host;
    quint16 port = 0;

    QString toString() const;
    bool isValid() const { return !host.isEmpty() && port != 0; }
    /** Parses `host:port`, `[v6]:port`; @p defaultPort when the port is missing. */
    static Endpoint parse(const QString &text, quint16 defaultPort = 6379, bool *ok = nullptr);
    /**
     * Whether @p host can be a host a server announces: an IPv4 or IPv6 address (with a zone) or a
     * DNS name — letters, digits and `.-_:%[]` only, at most 255 bytes. Redis refuses anything
     * else in cluster-announce-hostname, so markup, spaces or control characters in a CLUSTER
     * NODES / SHARDS address come from a broken or hostile peer.
     */
    static bool isHostText(QByteArrayView host);

    bool operator==(const Endpoint &) const = default;
};

} // namespace ops

Q_DECLARE_METATYPE(ops::Endpoint)
