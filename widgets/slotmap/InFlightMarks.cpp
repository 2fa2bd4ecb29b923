#include "InFlightMarks.h"

#include "SlotMapRenderer.h"

#include <QPainter>

namespace ops {

bool InFlightMarks::contains(int slot) const
{
    for (const Mark &m : marks)
        for (const SlotRange &r : m.slotRanges)
            if (r.contains(slot))
                return true;
    return false;
}

void InFlightMarks::paint(QPainter &p, const QRect &grid) const
{
    if (grid.isEmpty())
        return;
    for (const Mark &m : marks) {
        const QColor target = m.target.isValid() ? m.target : QColor(Qt::white);
        for (const SlotRange &r : m.slotRanges)
            for (int slot = r.first; slot <= r.last; ++slot) {
                const QRect cell = SlotMapRenderer::cellRect(slot, grid).adjusted(-1, -1, 1, 1);
                p.fillRect(cell, QBrush(target, Qt::Dense4Pattern));
                p.setPen(QPen(Qt::black, 1));
                p.drawRect(cell.adjusted(0, 0, -1, -1));
                p.setPen(QPen(Qt::white, 1, Qt::DotLine));
                p.drawRect(cell.adjusted(1, 1, -2, -2));
            }
    }
}

} // namespace ops
