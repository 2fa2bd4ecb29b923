#include "Endpoint.h"

namespace ops {

QString Endpoint::toString() const
{
    if (host.contains(QLatin1Char(':')))
        return QStringLiteral("[%1]:%2").arg(host).arg(port);
    return QStringLiteral("%1:%2").arg(host).arg(port);
}

Endpoint Endpoint::parse(const QString &text, quint16 defaultPort, bool *ok)
{
    Endpoint e;
    QString rest = text.trimmed();
    QString portText;
    if (rest.startsWith(QLatin1Char('['))) {
        const qsizetype close = rest.indexOf(QLatin1Char(']'));
        if (close < 0) {
            if (ok) *ok = false;
            return {};
        }
        e.host = rest.mid(1, close - 1);
        const QString tail = rest.mid(close + 1);
        if (tail.startsWith(QLatin1Char(':')))
            portText = tail.mid(1);
        else if (!tail.isEmpty()) {
            if (ok) *ok = false;
            return {};
        }
    } else {
        const qsizetype colon = rest.lastIndexOf(QLatin1Char(':'));
        if (colon >= 0 && rest.indexOf(QLatin1Char(':')) == colon) {
            e.host = rest.left(colon);
            portText = rest.mid(colon + 1);
        } else {
            e.host = rest; // bare host, or an unbracketed IPv6 literal without port
        }
    }
    bool portOk = true;
    e.port = portText.isEmpty() ? defaultPort : portText.toUShort(&portOk);
    const bool valid = portOk && e.port != 0 && !e.host.isEmpty();
    if (ok) *ok = valid;
    return valid ? e : Endpoint{};
}

bool Endpoint::isHostText(QByteArrayView host)
{
    if (host.size() > 255)
        return false;
    for (const char c : host) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-'
            || c == '_' || c == ':' || c == '%' || c == '[' || c == ']';
        if (!ok)
            return false;
    }
    return true;
}

} // namespace ops
