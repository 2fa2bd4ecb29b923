#include "RespCommand.h"

#include "Redaction.h"

#include <algorithm>
#include <charconv>

namespace ops {

QByteArray RespCommand::name() const
{
    return m_args.isEmpty() ? QByteArray() : m_args.first().toUpper();
}

QByteArray RespCommand::encode() const
{
    QByteArray out;
    encodeInto(out);
    return out;
}

namespace {
void appendHeader(QByteArray &out, char type, qsizetype n)
{
    char buf[24];
    buf[0] = type;
    const auto [end, ec] = std::to_chars(buf + 1, buf + sizeof buf - 2, n);
    Q_UNUSED(ec); // 21 characters always hold a qsizetype
    char *p = end;
    *p++ = '\r';
    *p++ = '\n';
    out.append(buf, p - buf);
}
} // namespace

// Byte for byte what redisFormatCommandArgv produces (tst_respcommand compares the two on every
// row), without its sprintf per argument, which was half of the client's CPU in bench_pipeline.
void RespCommand::encodeInto(QByteArray &out) const
{
    qsizetype size = 16;
    for (const QByteArray &a : m_args)
        size += a.size() + 16;
    // Grow geometrically: a pipeline encodes thousands of commands into one buffer, and an exact
    // reserve per command would copy the whole buffer each time (quadratic: 16,384 CLUSTER
    // COUNTKEYSINSLOT took seconds to encode, found under ASan, whose realloc always copies).
    const qsizetype needed = out.size() + size;
    if (out.capacity() < needed)
        out.reserve(std::max(needed, 2 * out.capacity()));
    appendHeader(out, '*', m_args.size());
    for (const QByteArray &a : m_args) {
        appendHeader(out, '$', a.size());
        out.append(a);
        out.append("\r\n", 2);
    }
}

QString RespCommand::redactedText() const
{
    QStringList words;
    const QList<QByteArray> safe = redactArguments(m_args);
    words.reserve(safe.size());
    for (const QByteArray &a : safe) {
        QString w = QString::fromUtf8(a);
        if (w.isEmpty() || w.contains(QLatin1Char(' ')) || w.contains(QLatin1Char('"')))
            w = QLatin1Char('"') + w.replace(QLatin1Char('"'), QStringLiteral("\\\"")) + QLatin1Char('"');
        words << w;
    }
    return words.join(QLatin1Char(' '));
}

} // namespace ops
