#include "TopologyTheme.h"

namespace ops {

QColor TopologyTheme::mix(const QColor &a, const QColor &b, qreal t)
{
    const qreal u = 1.0 - t;
    return QColor::fromRgbF(float(a.redF() * u + b.redF() * t), float(a.greenF() * u + b.greenF() * t),
                            float(a.blueF() * u + b.blueF() * t), float(a.alphaF() * u + b.alphaF() * t));
}

TopologyTheme TopologyTheme::fromPalette(const QPalette &palette)
{
    TopologyTheme t;
    t.base = palette.color(QPalette::Active, QPalette::Base);
    t.text = palette.color(QPalette::Active, QPalette::Text);
    t.dark = t.base.lightness() < 128;
    t.mutedText = mix(t.text, t.base, 0.45);
    t.highlight = palette.color(QPalette::Active, QPalette::Highlight);

    // Accents: saturated enough to read as a border on both schemes.
    t.masterAccent = t.dark ? QColor(0x64, 0xb5, 0xf6) : QColor(0x15, 0x65, 0xc0);
    t.replicaAccent = t.dark ? QColor(0x90, 0xa4, 0xae) : QColor(0x54, 0x6e, 0x7a);
    t.sentinelAccent = t.dark ? QColor(0xce, 0x93, 0xd8) : QColor(0x7b, 0x1f, 0xa2);
    t.failAccent = t.dark ? QColor(0xef, 0x53, 0x50) : QColor(0xc6, 0x28, 0x28);
    t.pfailAccent = t.dark ? QColor(0xff, 0xa7, 0x26) : QColor(0xe6, 0x51, 0x00);
    t.staleAccent = mix(t.text, t.base, 0.55);
    t.handshakeAccent = t.dark ? QColor(0x4d, 0xd0, 0xe1) : QColor(0x00, 0x83, 0x8f);
    t.loadingAccent = t.dark ? QColor(0xff, 0xee, 0x58) : QColor(0x82, 0x77, 0x17);

    t.masterFill = mix(t.base, t.masterAccent, t.dark ? 0.22 : 0.12);
    t.replicaFill = mix(t.base, t.replicaAccent, t.dark ? 0.14 : 0.06);
    t.sentinelFill = mix(t.base, t.sentinelAccent, t.dark ? 0.20 : 0.10);
    // Dark: a deep red, so the red FAIL word and the light text on it both stay readable (3:1, 4.5:1).
    t.failFill = mix(t.base, t.failAccent, t.dark ? 0.27 : 0.22);
    t.pfailFill = mix(t.base, t.pfailAccent, t.dark ? 0.30 : 0.18);
    t.staleFill = mix(t.base, t.text, 0.10);

    t.linkUp = t.dark ? QColor(0x81, 0xc7, 0x84) : QColor(0x2e, 0x7d, 0x32);
    t.linkDown = t.failAccent;
    t.linkUnknown = t.staleAccent;
    t.sentinelLink = mix(t.sentinelAccent, t.base, 0.25);
    t.sentinelDisagrees = t.pfailAccent;
    t.labelBackground = t.base;
    t.labelBackground.setAlphaF(0.85f);

    t.shardFill = mix(t.base, t.text, t.dark ? 0.05 : 0.035);
    t.shardBorder = mix(t.base, t.text, 0.22);
    t.shardTitle = mix(t.text, t.base, 0.25);
    return t;
}

const TopologyTheme &TopologyTheme::forPalette(const QPalette &palette)
{
    // GUI thread only (items paint there); one entry is enough: every item shares the scene palette.
    static qint64 cachedKey = -1;
    static TopologyTheme cached;
    if (palette.cacheKey() != cachedKey) {
        cached = fromPalette(palette);
        cachedKey = palette.cacheKey();
    }
    return cached;
}

} // namespace ops
