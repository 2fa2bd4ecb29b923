#pragma once

#include <QColor>
#include <QHash>
#include <QStringList>

namespace ops {

/**
 * @brief Stable colours for slot owners: an owner keeps its colour for as long as it is listed,
 * a new owner takes the lowest free colour index, and an owner that is no longer listed frees
 * its index. Listing owners in slot order gives neighbouring ranges different colours.
 *
 * The first ten colours are a qualitative palette (Tableau 10 with red replaced, red being
 * reserved for uncovered slots); beyond that, hues step by the golden ratio with alternating
 * saturation and lightness. Every colour is mid-light, so it reads on light and dark windows
 * and never looks like the black of an uncovered slot.
 */
class OwnerPalette
{
public:
    /** Keeps the colours of owners still in @p owners, frees the others, assigns new ones in order. */
    void update(const QStringList &owners);
    /** Colour of @p owner; invalid when it has none. */
    QColor color(const QString &owner) const;
    /** Colour index of @p owner, -1 when it has none. */
    int indexOf(const QString &owner) const { return m_index.value(owner, -1); }
    int size() const { return int(m_index.size()); }

    /** The colour of index @p index (deterministic). */
    static QColor colorAt(int index);
    /** Fill of uncovered slots. */
    static QColor uncoveredColor() { return QColor(0, 0, 0); }
    /** Cross-hatch and outline of uncovered slots. */
    static QColor uncoveredHatchColor() { return QColor(230, 30, 30); }

private:
    static constexpr int kCachedColors = 1024;
    static QColor computeColor(int index);

    QHash<QString, int> m_index;
};

} // namespace ops
