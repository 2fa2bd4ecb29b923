#include "MetricPlotTheme.h"

#include <algorithm>

namespace ops {

bool MetricPlotTheme::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor MetricPlotTheme::seriesColor(int index, const QPalette &palette)
{
    // Tableau 10, red last (red is the threshold's colour).
    static const QRgb scheme[] = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0x9467bd, 0x17becf,
                                  0x8c564b, 0xe377c2, 0xbcbd22, 0x7f7f7f, 0xd62728};
    constexpr int n = int(sizeof(scheme) / sizeof(scheme[0]));
    const QColor c = QColor::fromRgb(scheme[((index % n) + n) % n]);
    if (!isDark(palette))
        return c;
    // On dark backgrounds: lift every colour to a readable lightness (brown and grey included).
    QColor hsl = c.toHsl();
    hsl.setHsl(hsl.hslHue(), hsl.hslSaturation(), std::max(hsl.lightness(), 150));
    return hsl.toRgb();
}

QColor MetricPlotTheme::toneColor(EventMarker::Tone tone, const QPalette &palette)
{
    const bool dark = isDark(palette);
    switch (tone) {
    case EventMarker::Tone::Critical: return dark ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc6, 0x28, 0x28);
    case EventMarker::Tone::Warning: return dark ? QColor(0xff, 0xb3, 0x47) : QColor(0xc7, 0x6a, 0x00);
    case EventMarker::Tone::Info: break;
    }
    return dark ? QColor(0x9a, 0xb8, 0xe8) : QColor(0x3d, 0x5a, 0x99);
}

QColor MetricPlotTheme::thresholdColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xff, 0x80, 0x80) : QColor(0xd0, 0x30, 0x30);
}

QColor MetricPlotTheme::legendTextColor(const QPalette &palette, bool visible)
{
    if (visible)
        return palette.color(QPalette::Text);
    return palette.color(QPalette::Disabled, QPalette::Text);
}

QColor MetricPlotTheme::labelBackground(const QPalette &palette, int alpha)
{
    QColor c = palette.color(QPalette::Base);
    c.setAlpha(alpha);
    return c;
}

} // namespace ops
