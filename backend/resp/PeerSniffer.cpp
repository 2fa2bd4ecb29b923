#include "PeerSniffer.h"

namespace ops {

QString PeerSniffer::preview(const QByteArray &bytes, int max)
{
    QString out;
    for (qsizetype i = 0; i < bytes.size() && i < max; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c == '\r')
            out += QStringLiteral("\\r");
        else if (c == '\n')
            out += QStringLiteral("\\n");
        else if (c >= 0x20 && c < 0x7f)
            out += QLatin1Char(char(c));
        else
            out += QStringLiteral("\\x%1").arg(uint(c), 2, 16, QLatin1Char('0'));
    }
    if (bytes.size() > max)
        out += QStringLiteral("...");
    return out;
}

QString PeerSniffer::describe(const QByteArray &b)
{
    if (b.startsWith("HTTP/"))
        return QStringLiteral("the peer answered with HTTP (\"%1\"): this is a web server, not Redis")
            .arg(preview(b.left(b.indexOf('\r') > 0 ? b.indexOf('\r') : 40), 40));
    if (b.size() >= 2 && (b[0] == 0x15 || b[0] == 0x16) && b[1] == 0x03)
        return QStringLiteral("the peer answered with a TLS record: the port expects TLS (connect with --tls)");
    if (b.startsWith("SSH-"))
        return QStringLiteral("the peer is an SSH server (\"%1\")").arg(preview(b, 40));
    if (b.startsWith("220 ") || b.startsWith("220-"))
        return QStringLiteral("the peer sent a mail/FTP banner (\"%1\")").arg(preview(b, 40));
    if (b.startsWith("ERROR\r\n") || b.startsWith("CLIENT_ERROR"))
        return QStringLiteral("the peer answered like memcached (\"%1\")").arg(preview(b, 20));
    return QStringLiteral("the peer answered with bytes that are not RESP: \"%1\"").arg(preview(b));
}

} // namespace ops
