#include "PlainText.h"

namespace ops {

QString PlainText::toolTip(const QString &text)
{
    if (!text.contains(QLatin1Char('<')))
        return text;
    return QStringLiteral("<p style='white-space:pre-wrap'>%1</p>").arg(text.toHtmlEscaped());
}

namespace {

bool needsEscape(char16_t c, bool keepLineBreaks)
{
    if (keepLineBreaks && (c == u'\n' || c == u'\t'))
        return false;
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

QString escaped(const QString &text, bool keepLineBreaks)
{
    qsizetype first = 0;
    while (first < text.size() && !needsEscape(text.at(first).unicode(), keepLineBreaks))
        ++first;
    if (first == text.size())
        return text;
    QString out = text.left(first);
    for (qsizetype i = first; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (!needsEscape(c, keepLineBreaks))
            out += QChar(c);
        else // JSON's spelling too: a JSON line stays valid (JSON leaves DEL, C1 and U+202E raw)
            out += QStringLiteral("\\u%1").arg(int(c), 4, 16, QLatin1Char('0'));
    }
    return out;
}

} // namespace

QString PlainText::terminal(const QString &text)
{
    return escaped(text, true);
}

QString PlainText::singleLine(const QString &text)
{
    return escaped(text, false);
}

} // namespace ops
