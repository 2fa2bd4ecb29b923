#pragma once

#include "model/SlotRange.h"

#include <QColor>
#include <QList>

class QPainter;
class QRect;

namespace ops {

/**
 * @brief Slots in flight on the slot map (the open slots of the migrations in progress): each
 * cell hatched in its target's colour over the owner's, with a black-and-white outline, so a
 * moving slot shows where it is going; drawn live over SlotMapWidget's cached image.
 */
struct InFlightMarks
{
    struct Mark
    {
        SlotRanges slotRanges;
        QColor target;
        friend bool operator==(const Mark &, const Mark &) = default;
    };
    QList<Mark> marks;

    bool isEmpty() const { return marks.isEmpty(); }
    bool contains(int slot) const;
    void paint(QPainter &p, const QRect &grid) const;
    friend bool operator==(const InFlightMarks &, const InFlightMarks &) = default;
};

} // namespace ops
