#include "NodeConfig.h"

namespace ops {

std::optional<qint64> NodeConfig::integer(const QByteArray &name) const
{
    const auto it = values.constFind(name);
    if (it == values.cend())
        return std::nullopt;
    bool ok = false;
    const qint64 v = it->trimmed().toLongLong(&ok);
    return ok ? std::optional<qint64>(v) : std::nullopt;
}

QString NodeConfig::whyUnknown(const QByteArray &name) const
{
    if (has(name))
        return {};
    if (!unavailable.isEmpty())
        return unavailable;
    if (readAtMs == 0)
        return QStringLiteral("settings not read yet");
    return QStringLiteral("%1 not reported by the server").arg(QString::fromLatin1(name));
}

} // namespace ops
