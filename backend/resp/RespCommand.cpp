#include "RespCommand.h"

#include "Redaction.h"

#include <hiredis.h>

#include <QVarLengthArray>

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

void RespCommand::encodeInto(QByteArray &out) const
{
    QVarLengthArray<const char *, 8> argv;
    QVarLengthArray<size_t, 8> argvlen;
    for (const QByteArray &a : m_args) {
        argv.append(a.constData());
        argvlen.append(size_t(a.size()));
    }
    char *wire = nullptr;
    const int len = redisFormatCommandArgv(&wire, int(argv.size()), argv.data(), argvlen.data());
    if (len > 0 && wire != nullptr)
        out.append(wire, len);
    redisFreeCommand(wire);
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
