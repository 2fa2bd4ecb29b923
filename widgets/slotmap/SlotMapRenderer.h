#pragma once

#include "OwnerPalette.h"
#include "model/SlotMap.h"

#include <QCoreApplication>
#include <QFont>
#include <QHash>
#include <QImage>
#include <QPalette>
#include <QRect>
#include <QStaticText>

#include <array>
#include <memory>

class QPainter;

namespace ops {

/**
 * @brief Paints SlotMapWidget: the 128 × 128 grid of slots coloured by owner, the markers
 * (uncovered: black, red cross-hatch, red outline; migration: square ring, half-open: diamond
 * ring; hot slot: a round black-and-magenta ring with a dot in the cell), the slot numbers
 * beside the rows and the legend. Background, text and grid frame come from the QPalette; the
 * markers carry their own black outline so they read on light and dark windows alike. Also the geometry shared by painting
 * and hit-testing, so that slotAt() is the exact inverse of the drawn cells.
 *
 * Stateless but for TextCache: everything comes in as Content, which the widget rebuilds only
 * when the slot map or the legend changes; text is measured and laid out once per font and kept
 * in the caller's TextCache, so that a new legend (500 masters) costs no text shaping for the
 * labels seen before.
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
        QList<QRgb> colors;                          ///< palette colour of each owner, parallel to owners
        QList<LegendEntry> legend;                   ///< parallel to owners
        OwnerPalette palette;
        int uncovered = 0;
        int migrations = 0;
        int halfOpen = 0;
        QList<int> hot;                              ///< hot slots (SlotKeyCounts), hottest first
        bool counted = false;                        ///< a full key count is shown (legend line)
    };

    /**
     * Text measured and laid out once: widths and QStaticText (plain text, elided to a width) by
     * string, for one font. Bounded: cleared when it grows past kMaxEntries or the font changes.
     */
    class TextCache
    {
    public:
        static constexpr int kMaxEntries = 4096;
        /** Forgets everything measured with another font than @p font. */
        void useFont(const QFont &font);
        /** Advance of @p text in the current font. */
        int width(const QString &text);
        /** @p text as plain text, elided in the middle to @p maxWidth (pixels). */
        const QStaticText &text(const QString &text, int maxWidth);
        int size() const { return int(m_widths.size() + m_texts.size()); }

    private:
        struct Laid
        {
            int maxWidth = -1;
            QStaticText text;
        };
        QFont m_font;
        bool m_fontSet = false;
        QHash<QString, int> m_widths;
        QHash<QString, Laid> m_texts;
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

    /**
     * The whole widget's picture at @p size (logical pixels) and device pixel ratio @p dpr, into
     * @p image (reused when it has the right size, reallocated otherwise).
     */
    static void render(QImage &image, const Content &content, const QSize &size, qreal dpr, const QPalette &palette,
                       const QFont &font, TextCache &text);
    /** As above, into a new image and with a throw-away text cache. */
    static QImage render(const Content &content, const QSize &size, qreal dpr, const QPalette &palette, const QFont &font);
    /** Highlight of the slots first..last over the grid (drawn live over the cached image): the
     *  palette's highlight tint, a white hatch and a black-and-white outline. */
    static void paintSelection(QPainter &p, const QRect &grid, const SlotRange &selection, const QPalette &palette);

    /** Inner colour of the hot-slot ring (outlined in black). */
    static QColor hotColor() { return QColor(0xff, 0x1f, 0xc8); }

private:
    static void paintGrid(QImage &image, const Content &c, const QRect &grid);
    static void paintMarkers(QPainter &p, const Content &c, const QRect &grid);
    static void paintHotMarkers(QPainter &p, const Content &c, const QRect &grid);
    static void paintLabels(QPainter &p, const QRect &labels, const QRect &grid, const QPalette &palette, TextCache &text);
    static void paintLegend(QPainter &p, const Content &c, const QRect &legend, const QPalette &palette, TextCache &text);
};

} // namespace ops
