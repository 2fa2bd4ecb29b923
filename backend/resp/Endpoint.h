#pragma once

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

    bool operator==(const Endpoint &) const = default;
};

} // namespace ops

Q_DECLARE_METATYPE(ops::Endpoint)
