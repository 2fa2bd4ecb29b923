#pragma once

#include <QColor>
#include <QPalette>

namespace ops {

/**
 * @brief Colours of the topology graph, derived from a QPalette so the graph follows the
 * application's light or dark scheme. Health colours (red, orange) are fixed hues adjusted for
 * contrast against the palette's base colour; shapes and badges carry the same meaning, so
 * nothing relies on colour alone.
 */
struct TopologyTheme
{
    bool dark = false;
    QColor base;            ///< scene background / node fill start
    QColor text;
    QColor mutedText;       ///< stale nodes, secondary labels
    QColor highlight;       ///< selection outline
    QColor masterAccent, replicaAccent, sentinelAccent;
    QColor masterFill, replicaFill, sentinelFill;
    QColor failAccent, failFill;
    QColor pfailAccent, pfailFill;
    QColor staleAccent, staleFill;
    QColor handshakeAccent;
    QColor loadingAccent;
    QColor linkUp, linkDown, linkUnknown, sentinelLink, sentinelDisagrees;
    QColor labelBackground; ///< behind link labels, so lines never cross text
    QColor shardFill, shardBorder, shardTitle;

    static TopologyTheme fromPalette(const QPalette &palette);
    /** The theme of @p palette, cached by QPalette::cacheKey (items call this on every paint). */
    static const TopologyTheme &forPalette(const QPalette &palette);
    /** Linear blend: 0 gives @p a, 1 gives @p b. */
    static QColor mix(const QColor &a, const QColor &b, qreal t);
};

} // namespace ops
