#include "ReportText.h"

#include <QList>

namespace ops {

namespace {

bool isBidiControl(uint c) { return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C; }

} // namespace

QString ReportText::visible(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const uint c : text.toUcs4()) {
        switch (c) {
        case '\\': out += QStringLiteral("\\\\"); continue;
        case '\n': out += QStringLiteral("\\n"); continue;
        case '\r': out += QStringLiteral("\\r"); continue;
        case '\t': out += QStringLiteral("\\t"); continue;
        case 0x1B: out += QStringLiteral("\\e"); continue;
        default: break;
        }
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
            out += QStringLiteral("\\x%1").arg(uint(c), 2, 16, QLatin1Char('0'));
        else if (isBidiControl(c))
            out += QStringLiteral("\\u{%1}").arg(QString::number(uint(c), 16).toUpper().rightJustified(4, QLatin1Char('0')));
        else
            out += QString::fromUcs4(reinterpret_cast<const char32_t *>(&c), 1);
    }
    return out;
}

QString ReportText::html(const QString &text)
{
    const QString v = visible(text);
    QString out;
    out.reserve(v.size() + v.size() / 8);
    for (const QChar c : v) {
        switch (c.unicode()) {
        case '&': out += QStringLiteral("&amp;"); break;
        case '<': out += QStringLiteral("&lt;"); break;
        case '>': out += QStringLiteral("&gt;"); break;
        case '"': out += QStringLiteral("&quot;"); break;
        case '\'': out += QStringLiteral("&#39;"); break;
        default: out += c;
        }
    }
    return out;
}

QString ReportText::markdown(const QString &text)
{
    static const QString special = QStringLiteral("\\`*_[]<>|~&");
    const QString v = visible(text);
    QString out;
    out.reserve(v.size() + v.size() / 4);
    for (const QChar c : v) {
        if (special.contains(c))
            out += QLatin1Char('\\');
        out += c;
    }
    return out;
}

QString ReportText::fileName(const QString &text)
{
    QString out;
    for (const QChar c : text.left(60)) {
        const bool plain = (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
                        || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('.') || c == QLatin1Char('-');
        out += plain ? c : QLatin1Char('_');
    }
    if (out.startsWith(QLatin1Char('.')))
        out[0] = QLatin1Char('_');
    return out.isEmpty() ? QStringLiteral("_") : out;
}

} // namespace ops
