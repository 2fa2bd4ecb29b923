#pragma once

#include <QByteArray>
#include <QString>

namespace ops {

/**
 * @brief Names what a peer that does not speak RESP is probably speaking, from the first bytes it
 * sent: HTTP, TLS (a TLS-only port), SSH, SMTP/FTP banners, memcached, or unknown bytes (shown
 * escaped). Used to turn "Protocol error, got 'H' as reply type byte" into advice.
 */
class PeerSniffer
{
public:
    static QString describe(const QByteArray &firstBytes);
    /** Printable, escaped preview of at most @p max bytes. */
    static QString preview(const QByteArray &bytes, int max = 32);
};

} // namespace ops
