#pragma once

#include "OwnerPalette.h"
#include "model/SlotMap.h"

#include <QCoreApplication>
#include <QFont>
#include <QImage>
#include <QPalette>
#include <QRect>

#include <array>
#include <memory>

class QPainter;

namespace ops {

/**
 * @brief Paints SlotMapWidget: the 128 × 128 grid of slots coloured by owner, the markers
 * (uncovered: black, red cross-hatch, red outline; migration: square ring, half-open: diamond
 * ring), the slot numbers beside the rows and the legend. Also the geometry shared by painting
 * and hit-testing, so that slotAt() is the exact inverse of the drawn cells.
 *
 * Stateless: everything comes in as Content, which the widget rebuilds only when the slot map
 * or the legend changes.
 */
class SlotMapRenderer
{
    Q_DECLARE_TR_FUNCTIONS(SlotMapRenderer)
public:
    static constexpr int kGridColumns = 128;
    static constexpr int kGridRows = kSlotCount / kGridColumns;

    /** One legend line: a master, its colour (from the palette) and its slot count. */
    struct LegendEntry
    {
        QString id;
        QString label;   ///< address, or a short id when the node is unknown
        int slotCount = 0;
        friend bool operator==(const LegendEntry &, const LegendEntry &) = default;
    };

    /** What to draw. */
    struct Content
    {
        Content() { owner.fill(-1); }

        std::shared_ptr<const SlotMap> slotMap;      ///< null: nothing to draw (not a cluster)
        std::array<qint16, kSlotCount> owner{};      ///< index in owners, -1 uncovered
        QStringList owners;                          ///< slot order, then masters without slots
        QList<LegendEntry> legend;                   ///< parallel to owners
        OwnerPalette palette;
        int uncovered = 0;
        int migrations = 0;
        int halfOpen = 0;
    };

    /** Where things go in a widget of a given size. */
    struct Geometry
    {
        QRect grid;      ///< square, or empty when too small
        QRect labels;    ///< slot numbers left of the grid
        QRect legend;
    };

    static Geometry layout(const QSize &size, const QFont &font);
    /** Cell of @p slot inside @p grid; column x covers pixels floor(x * side / 128) onwards. */
    static QRect cellRect(int slot, const QRect &grid);
    /** Slot under @p pos, -1 outside @p grid. */
    static int slotAt(const QPoint &pos, const QRect &grid);

    /** The whole widget's picture at @p size (logical pixels) and device pixel ratio @p dpr. */
    static QImage render(const Content &content, const QSize &size, qreal dpr, const QPalette &palette, const QFont &font);
    /** Highlight of the slots first..last over the grid (drawn live over the cached image). */
    static void paintSelection(QPainter &p, const QRect &grid, const SlotRange &selection, const QPalette &palette);

private:
    static void paintGrid(QPainter &p, const Content &c, const QRect &grid, const QPalette &palette);
    static void paintMarkers(QPainter &p, const Content &c, const QRect &grid);
    static void paintLabels(QPainter &p, const QRect &labels, const QRect &grid, const QPalette &palette);
    static void paintLegend(QPainter &p, const Content &c, const QRect &legend, const QPalette &palette);
};

} // namespace ops
