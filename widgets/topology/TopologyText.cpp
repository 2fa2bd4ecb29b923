#include "TopologyText.h"

#include <cmath>

namespace ops::topology {

QString formatBytes(qint64 bytes)
{
    if (bytes < 0)
        return QStringLiteral("?");
    static constexpr const char *kUnits[] = {"B", "KB", "MB", "GB", "TB"};
    double v = double(bytes);
    int unit = 0;
    while (v >= 1024.0 && unit < 4) {
        v /= 1024.0;
        ++unit;
    }
    const int decimals = (unit == 0 || v >= 10.0) ? 0 : 1;
    return QString::number(v, 'f', decimals) + QLatin1Char(' ') + QLatin1String(kUnits[unit]);
}

QString formatSeconds(double seconds)
{
    if (seconds < 0)
        return QStringLiteral("?");
    const bool whole = std::abs(seconds - std::round(seconds)) < 0.05 || seconds >= 10.0;
    return QString::number(seconds, 'f', whole ? 0 : 1) + QStringLiteral(" s");
}

QString formatAge(qint64 ageMs)
{
    if (ageMs < 1000)
        return QStringLiteral("now");
    const qint64 s = ageMs / 1000;
    if (s < 120)
        return QStringLiteral("%1 s ago").arg(s);
    if (s < 7200)
        return QStringLiteral("%1 min ago").arg(s / 60);
    if (s < 2 * 86400)
        return QStringLiteral("%1 h ago").arg(s / 3600);
    return QStringLiteral("%1 d ago").arg(s / 86400);
}

QString shortId(const QString &id)
{
    return id.left(8);
}

} // namespace ops::topology
