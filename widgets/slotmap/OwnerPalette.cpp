#include "OwnerPalette.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace ops {

void OwnerPalette::update(const QStringList &owners)
{
    // Owners still listed keep their index; the others free theirs; new owners take the lowest
    // free ones, in list order. In place: a failover changes a few owners out of hundreds.
    int top = -1; // indices are not dense once owners left
    for (const int index : std::as_const(m_index))
        top = std::max(top, index);
    std::vector<bool> used(std::size_t(top + 1) + std::size_t(owners.size()), false);
    QList<qsizetype> fresh;
    for (qsizetype i = 0; i < owners.size(); ++i) {
        const auto it = m_index.constFind(owners.at(i));
        if (it == m_index.cend())
            fresh << i;
        else
            used[std::size_t(*it)] = true;
    }
    for (auto it = m_index.begin(); it != m_index.end();)
        it = used[std::size_t(*it)] ? std::next(it) : m_index.erase(it);
    std::size_t free = 0;
    for (const qsizetype i : std::as_const(fresh)) {
        const QString &owner = owners.at(i);
        if (m_index.contains(owner)) // listed twice
            continue;
        while (used[free])
            ++free;
        m_index.insert(owner, int(free));
        used[free] = true;
    }
}

QColor OwnerPalette::color(const QString &owner) const
{
    const int index = indexOf(owner);
    return index < 0 ? QColor() : colorAt(index);
}

QColor OwnerPalette::colorAt(int index)
{
    // The first colours are computed once: a legend of 500 masters asks for them on every change.
    static const std::vector<QRgb> kCached = [] {
        std::vector<QRgb> colors(kCachedColors);
        for (int i = 0; i < kCachedColors; ++i)
            colors[std::size_t(i)] = computeColor(i).rgb();
        return colors;
    }();
    if (index >= 0 && index < kCachedColors)
        return QColor(kCached[std::size_t(index)]);
    return computeColor(index);
}

QColor OwnerPalette::computeColor(int index)
{
    static const QRgb kBase[] = {
        0x4e79a7, // blue
        0xf28e2b, // orange
        0x76b7b2, // teal
        0x59a14f, // green
        0xedc948, // yellow
        0xb07aa1, // purple
        0xff9da7, // pink
        0x9c755f, // brown
        0xa0cbe8, // light blue
        0xbab0ac, // warm grey
    };
    constexpr int baseCount = int(sizeof(kBase) / sizeof(kBase[0]));
    if (index < 0)
        return {};
    if (index < baseCount)
        return QColor(kBase[index]);
    const int i = index - baseCount;
    const double hue = std::fmod(0.11 + i * 0.6180339887, 1.0);
    const double saturation = (i % 2 == 0) ? 0.70 : 0.50;
    const double lightness = 0.45 + 0.10 * ((i / 2) % 3); // 0.45, 0.55, 0.65
    // As 8-bit RGB: the exact colour the grid's pixels get, comparable with QColor::operator==.
    return QColor(QColor::fromHslF(float(hue), float(saturation), float(lightness)).rgb());
}

} // namespace ops
