#include "OwnerPalette.h"

#include <QSet>

#include <cmath>

namespace ops {

void OwnerPalette::update(const QStringList &owners)
{
    const QSet<QString> listed(owners.cbegin(), owners.cend());
    QSet<int> used;
    for (auto it = m_index.begin(); it != m_index.end();) {
        if (listed.contains(it.key())) {
            used.insert(*it);
            ++it;
        } else {
            it = m_index.erase(it);
        }
    }
    int next = 0;
    for (const QString &owner : owners) {
        if (m_index.contains(owner))
            continue;
        while (used.contains(next))
            ++next;
        m_index.insert(owner, next);
        used.insert(next);
    }
}

QColor OwnerPalette::color(const QString &owner) const
{
    const int index = indexOf(owner);
    return index < 0 ? QColor() : colorAt(index);
}

QColor OwnerPalette::colorAt(int index)
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
