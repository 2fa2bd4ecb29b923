#include "ByteAxisTicker.h"

#include <cmath>

namespace ops {

double ByteAxisTicker::getTickStep(const QCPRange &range)
{
    const double raw = range.size() / (double(tickCount()) + 1e-10);
    if (!(raw > 0))
        return 1;
    // Pick the binary unit the step is expressed in, then a clean mantissa of that unit.
    double unit = 1;
    m_unitPower = 0;
    while (raw / unit >= 1024 && m_unitPower < 5) {
        unit *= 1024;
        ++m_unitPower;
    }
    const double inUnit = raw / unit;
    if (inUnit < 1)
        return std::max(1.0, cleanMantissa(raw)); // never fractional bytes
    return cleanMantissa(inUnit) * unit;
}

QString ByteAxisTicker::getTickLabel(double tick, const QLocale &locale, QChar formatChar, int precision)
{
    Q_UNUSED(formatChar)
    Q_UNUSED(precision)
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    if (tick == 0)
        return QStringLiteral("0");
    const double value = tick / std::pow(1024.0, m_unitPower);
    return locale.toString(value, 'g', 6) + QLatin1Char(' ') + QLatin1String(units[m_unitPower]);
}

} // namespace ops
