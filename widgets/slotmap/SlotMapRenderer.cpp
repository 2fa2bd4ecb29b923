#include "SlotMapRenderer.h"

#include "model/SlotKeyCounts.h"

#include <QCoreApplication>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QVarLengthArray>

#include <algorithm>
#include <cstring>

namespace ops {

namespace {

constexpr int kMargin = 8;
constexpr int kLegendMinWidth = 220;
constexpr int kNoElision = 1 << 20;

int ceilDiv(int a, int b) { return (a + b - 1) / b; }

void drawRing(QPainter &p, const QRectF &r, bool diamond)
{
    QPolygonF shape;
    if (diamond) {
        const QPointF c = r.center();
        const double dx = r.width() / 2 + r.height() / 2, dy = r.height() / 2 + r.width() / 4;
        shape << QPointF(c.x() - dx, c.y()) << QPointF(c.x(), c.y() - dy) << QPointF(c.x() + dx, c.y())
              << QPointF(c.x(), c.y() + dy);
    } else {
        shape << r.topLeft() << r.topRight() << r.bottomRight() << r.bottomLeft();
    }
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(Qt::black, 3.5, Qt::SolidLine, Qt::SquareCap, Qt::MiterJoin));
    p.drawPolygon(shape);
    p.setPen(QPen(Qt::white, 1.5, Qt::SolidLine, Qt::SquareCap, Qt::MiterJoin));
    p.drawPolygon(shape);
}

void drawHotRing(QPainter &p, const QRectF &cell, double radius)
{
    const QPointF c = cell.center();
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(Qt::black, 5.0));
    p.drawEllipse(c, radius, radius);
    p.setPen(QPen(SlotMapRenderer::hotColor(), 2.5));
    p.drawEllipse(c, radius, radius);
    // A dot in the cell itself: the hot slot is marked even where rings overlap.
    const double dot = std::max(1.5, std::min(cell.width(), cell.height()) / 2.0);
    p.setPen(QPen(Qt::black, 1.0));
    p.setBrush(SlotMapRenderer::hotColor());
    p.drawEllipse(c, dot, dot);
}

void drawUncoveredSwatch(QPainter &p, const QRect &r)
{
    p.fillRect(r, OwnerPalette::uncoveredColor());
    p.setPen(QPen(OwnerPalette::uncoveredHatchColor(), 1.5));
    p.drawLine(r.topLeft(), r.bottomRight());
    p.drawLine(r.topRight(), r.bottomLeft());
    p.setBrush(Qt::NoBrush);
    p.drawRect(r.adjusted(0, 0, -1, -1));
}

} // namespace

SlotMapRenderer::Geometry SlotMapRenderer::layout(const QSize &size, const QFont &font)
{
    Geometry g;
    const QFontMetrics fm(font);
    const int labelWidth = fm.horizontalAdvance(QStringLiteral("16383")) + 6;
    const QRect avail = QRect(QPoint(0, 0), size).adjusted(kMargin, kMargin, -kMargin, -kMargin);
    if (avail.width() < labelWidth + 32 || avail.height() < 32)
        return g;
    int side = 0;
    const bool legendRight = avail.width() - labelWidth - kMargin - kLegendMinWidth >= std::min(avail.height(), 256);
    if (legendRight) {
        side = std::min(avail.height(), avail.width() - labelWidth - kMargin - kLegendMinWidth);
    } else {
        const int legendHeight = std::max(4 * (fm.height() + 4), avail.height() / 3);
        side = std::min(avail.width() - labelWidth, avail.height() - legendHeight - kMargin);
        side = std::max(side, std::min(avail.width() - labelWidth, avail.height()) / 2);
    }
    // Whole pixels per cell when that costs at most a tenth of the side.
    const int cell = side / kGridColumns;
    if (cell >= 1 && side - cell * kGridColumns <= side / 10)
        side = cell * kGridColumns;
    g.grid = QRect(avail.left() + labelWidth, avail.top(), side, side);
    g.labels = QRect(avail.left(), avail.top(), labelWidth - 6, side);
    if (legendRight)
        g.legend = QRect(g.grid.right() + 1 + 2 * kMargin, avail.top(), avail.right() - g.grid.right() - 2 * kMargin, avail.height());
    else
        g.legend = QRect(avail.left(), g.grid.bottom() + 1 + kMargin, avail.width(), avail.bottom() - g.grid.bottom() - kMargin);
    return g;
}

QRect SlotMapRenderer::cellRect(int slot, const QRect &grid)
{
    if (slot < 0 || slot >= kSlotCount || grid.isEmpty())
        return {};
    const int col = slot % kGridColumns, row = slot / kGridColumns;
    const int w = grid.width(), h = grid.height();
    const int x0 = ceilDiv(col * w, kGridColumns), x1 = ceilDiv((col + 1) * w, kGridColumns);
    const int y0 = ceilDiv(row * h, kGridRows), y1 = ceilDiv((row + 1) * h, kGridRows);
    return QRect(grid.left() + x0, grid.top() + y0, x1 - x0, y1 - y0);
}

int SlotMapRenderer::slotAt(const QPoint &pos, const QRect &grid)
{
    if (!grid.contains(pos))
        return -1;
    const int col = (pos.x() - grid.left()) * kGridColumns / grid.width();
    const int row = (pos.y() - grid.top()) * kGridRows / grid.height();
    return row * kGridColumns + col;
}

void SlotMapRenderer::TextCache::useFont(const QFont &font)
{
    if (m_fontSet && font == m_font)
        return;
    m_font = font;
    m_fontSet = true;
    m_widths.clear();
    m_texts.clear();
}

int SlotMapRenderer::TextCache::width(const QString &text)
{
    const auto it = m_widths.constFind(text);
    if (it != m_widths.cend())
        return *it;
    if (m_widths.size() >= kMaxEntries)
        m_widths.clear();
    const int w = QFontMetrics(m_font).horizontalAdvance(text);
    m_widths.insert(text, w);
    return w;
}

const QStaticText &SlotMapRenderer::TextCache::text(const QString &text, int maxWidth)
{
    auto it = m_texts.find(text);
    if (it != m_texts.end() && it->maxWidth == maxWidth)
        return it->text;
    if (it == m_texts.end()) {
        if (m_texts.size() >= kMaxEntries)
            m_texts.clear();
        it = m_texts.insert(text, Laid{});
    }
    // Plain text always: labels are server-provided addresses.
    const QString shown = width(text) <= maxWidth ? text : QFontMetrics(m_font).elidedText(text, Qt::ElideMiddle, maxWidth);
    it->maxWidth = maxWidth;
    it->text = QStaticText(shown);
    it->text.setTextFormat(Qt::PlainText);
    return it->text;
}

QImage SlotMapRenderer::render(const Content &c, const QSize &size, qreal dpr, const QPalette &palette, const QFont &font)
{
    QImage image;
    TextCache text;
    render(image, c, size, dpr, palette, font, text);
    return image;
}

void SlotMapRenderer::render(QImage &image, const Content &c, const QSize &size, qreal dpr, const QPalette &palette,
                             const QFont &font, TextCache &text)
{
    const QSize device = size * dpr;
    if (image.size() != device || image.format() != QImage::Format_ARGB32_Premultiplied)
        image = QImage(device, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(dpr);
    image.fill(palette.color(QPalette::Window));
    text.useFont(font);
    const Geometry g = layout(size, font);
    if (c.slotMap && !g.grid.isEmpty())
        paintGrid(image, c, g.grid); // straight into the pixels, before a painter holds the image
    QPainter p(&image);
    p.setFont(font);
    if (!c.slotMap || g.grid.isEmpty()) {
        p.setPen(palette.color(QPalette::WindowText));
        p.drawText(QRect(QPoint(0, 0), size), Qt::AlignCenter | Qt::TextWordWrap,
                   c.slotMap ? tr("Too small to draw the slot map") : tr("No slot map: not a cluster, or not discovered yet"));
        return;
    }
    p.setPen(palette.color(QPalette::Mid));
    p.setBrush(Qt::NoBrush);
    p.drawRect(g.grid.adjusted(-1, -1, 0, 0));
    paintMarkers(p, c, g.grid);
    paintHotMarkers(p, c, g.grid);
    paintLabels(p, g.labels, g.grid, palette, text);
    paintLegend(p, c, g.legend, palette, text);
}

void SlotMapRenderer::paintGrid(QImage &image, const Content &c, const QRect &grid)
{
    // One pixel loop at device resolution: column = x * 128 / side, the mapping slotAt() inverts.
    const qreal dpr = image.devicePixelRatio();
    const int left = qRound(grid.left() * dpr), top = qRound(grid.top() * dpr);
    const int w = std::min(std::max(1, int(grid.width() * dpr)), image.width() - left);
    const int h = std::min(std::max(1, int(grid.height() * dpr)), image.height() - top);
    if (left < 0 || top < 0 || w <= 0 || h <= 0)
        return;
    const QRgb uncovered = OwnerPalette::uncoveredColor().rgb();
    const int side = std::max(1, int(grid.width() * dpr)), sideY = std::max(1, int(grid.height() * dpr));
    QVarLengthArray<QRgb, 1024> rowColors(w);
    int previousRow = -1;
    for (int y = 0; y < h; ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(top + y)) + left;
        const int row = y * kGridRows / sideY;
        if (row == previousRow) {
            std::memcpy(line, rowColors.constData(), std::size_t(w) * sizeof(QRgb));
            continue;
        }
        previousRow = row;
        const qint16 *owner = c.owner.data() + row * kGridColumns;
        for (int x = 0; x < w; ++x) {
            const int o = owner[x * kGridColumns / side];
            // Opaque colours: premultiplied ARGB is the plain value.
            rowColors[x] = o >= 0 && o < c.colors.size() ? c.colors.at(o) : uncovered;
        }
        std::memcpy(line, rowColors.constData(), std::size_t(w) * sizeof(QRgb));
    }
}

void SlotMapRenderer::paintMarkers(QPainter &p, const Content &c, const QRect &grid)
{
    // Uncovered: black (from the grid) with a red cross-hatch and a red outline around each area.
    if (c.uncovered > 0) {
        QRegion region;
        for (int row = 0; row < kGridRows; ++row) {
            for (int col = 0; col < kGridColumns; ++col) {
                const int s = row * kGridColumns + col;
                if (c.owner[std::size_t(s)] >= 0)
                    continue;
                int last = s;
                while (col + 1 < kGridColumns && c.owner[std::size_t(last + 1)] < 0) {
                    ++last;
                    ++col;
                }
                region += cellRect(s, grid).united(cellRect(last, grid));
            }
        }
        const QColor hatch = OwnerPalette::uncoveredHatchColor();
        p.save();
        p.setClipRegion(region);
        p.fillRect(region.boundingRect(), QBrush(hatch, Qt::DiagCrossPattern));
        p.restore();
        QPainterPath outline;
        outline.addRegion(region);
        p.setPen(QPen(hatch, 2));
        p.setBrush(Qt::NoBrush);
        p.drawPath(outline.simplified());
    }

    // Migrations: a ring around each run of adjacent slots in one row; diamond when half-open.
    if (!c.slotMap || c.migrations == 0)
        return;
    p.save();
    p.setClipRect(grid.adjusted(-kMargin, -kMargin, kMargin, kMargin));
    p.setRenderHint(QPainter::Antialiasing);
    const QList<SlotMap::Migration> migrations = c.slotMap->migrations();
    const double pad = std::max(5.0, 1.5 * grid.width() / double(kGridColumns));
    for (qsizetype i = 0; i < migrations.size();) {
        const SlotMap::Migration &first = migrations.at(i);
        qsizetype j = i;
        while (j + 1 < migrations.size() && migrations.at(j + 1).slot == migrations.at(j).slot + 1
               && migrations.at(j + 1).slot / kGridColumns == first.slot / kGridColumns
               && migrations.at(j + 1).isHalfOpen() == first.isHalfOpen())
            ++j;
        const QRectF run = QRectF(cellRect(first.slot, grid).united(cellRect(migrations.at(j).slot, grid)));
        drawRing(p, run.adjusted(-pad, -pad, pad, pad), first.isHalfOpen());
        i = j + 1;
    }
    p.restore();
}

void SlotMapRenderer::paintHotMarkers(QPainter &p, const Content &c, const QRect &grid)
{
    if (c.hot.isEmpty())
        return;
    p.save();
    p.setClipRect(grid.adjusted(-kMargin, -kMargin, kMargin, kMargin));
    p.setRenderHint(QPainter::Antialiasing);
    const double radius = std::max(7.0, 2.2 * grid.width() / double(kGridColumns));
    // Coolest first, so that the hottest ring ends on top.
    for (qsizetype i = c.hot.size() - 1; i >= 0; --i)
        drawHotRing(p, QRectF(cellRect(c.hot.at(i), grid)), radius);
    p.restore();
}

void SlotMapRenderer::paintLabels(QPainter &p, const QRect &labels, const QRect &grid, const QPalette &palette, TextCache &text)
{
    const QFontMetrics fm(p.font());
    p.setPen(palette.color(QPalette::WindowText));
    const int step = grid.height() >= 16 * fm.height() ? 8 : 16;
    for (int row = 0; row < kGridRows; row += step) {
        const QRect cell = cellRect(row * kGridColumns, grid);
        const QString number = QString::number(row * kGridColumns);
        // Right-aligned, never elided (a wider number overflows to the left, as with drawText).
        p.drawStaticText(labels.right() + 1 - text.width(number), cell.top() - fm.height() / 2, text.text(number, kNoElision));
    }
}

void SlotMapRenderer::paintLegend(QPainter &p, const Content &c, const QRect &legend, const QPalette &palette, TextCache &text)
{
    if (legend.width() < 40 || legend.height() < 16)
        return;
    const QFontMetrics fm(p.font());
    const QLocale locale;
    const int lineHeight = fm.height() + 4;
    const int swatch = std::max(8, fm.height() - 4);
    const int countWidth = text.width(tr("%1 slots").arg(locale.toString(16384)));
    const QString moreText = tr("+%1 more masters (see the table)");
    int labelWidth = text.width(moreText.arg(c.legend.size())) - swatch - 7 - countWidth;
    // Widths come from the cache: only labels never seen before are shaped.
    for (qsizetype i = 0; i < c.legend.size() && i < 256; ++i)
        labelWidth = std::max(labelWidth, text.width(c.legend.at(i).label));
    labelWidth = std::min(labelWidth, text.width(QStringLiteral("x")) * 40); // long hostnames are elided
    const int columnWidth = std::clamp(swatch + 7 + labelWidth + 16 + countWidth, 160, std::max(160, legend.width()));
    const int columns = std::max(1, (legend.width() + 12) / (columnWidth + 12));
    const int perColumn = std::max(1, legend.height() / lineHeight);

    // Special entries first, then the masters; the last line says how many did not fit.
    enum class Mark { Owner, Uncovered, Migrating, HalfOpen, Hot, More };
    struct Line { Mark mark; QString label; QString count; QRgb color; };
    QList<Line> lines;
    lines.append({Mark::Uncovered, tr("uncovered: %1").arg(locale.toString(c.uncovered)), {}, {}});
    if (c.migrations - c.halfOpen > 0)
        lines.append({Mark::Migrating, tr("migrating: %1").arg(locale.toString(c.migrations - c.halfOpen)), {}, {}});
    if (c.halfOpen > 0)
        lines.append({Mark::HalfOpen, tr("half-open: %1").arg(locale.toString(c.halfOpen)), {}, {}});
    if (c.counted)
        lines.append({Mark::Hot, tr("hot: %1 (≥ %2× mean, ≥ %3 keys)")
                                     .arg(locale.toString(c.hot.size()))
                                     .arg(SlotKeyCounts::kHotFactor)
                                     .arg(SlotKeyCounts::kHotMinKeys), {}, {}});
    const int capacity = columns * perColumn;
    const qsizetype room = capacity - lines.size();
    const qsizetype shown = c.legend.size() <= room ? c.legend.size() : std::max<qsizetype>(0, room - 1);
    lines.reserve(lines.size() + shown + 1);
    for (qsizetype i = 0; i < shown; ++i) {
        const LegendEntry &e = c.legend.at(i);
        const QRgb color = i < c.colors.size() ? c.colors.at(i) : c.palette.color(e.id).rgb();
        lines.append({Mark::Owner, e.label, tr("%1 slots").arg(locale.toString(e.slotCount)), color});
    }
    if (shown < c.legend.size())
        lines.append({Mark::More, moreText.arg(c.legend.size() - shown), {}, {}});

    const QColor textColor = palette.color(QPalette::WindowText);
    const int textTop = (lineHeight - fm.height()) / 2; // vertically centred, as Qt::AlignVCenter
    for (qsizetype i = 0; i < lines.size() && i < capacity; ++i) {
        const Line &l = lines.at(i);
        const int x = legend.left() + int(i / perColumn) * (columnWidth + 12);
        const int y = legend.top() + int(i % perColumn) * lineHeight;
        const QRect sw(x, y + (lineHeight - swatch) / 2, swatch, swatch);
        switch (l.mark) {
        case Mark::Owner:
            p.fillRect(sw, QColor(l.color));
            p.setPen(textColor);
            p.setBrush(Qt::NoBrush);
            p.drawRect(sw.adjusted(0, 0, -1, -1));
            break;
        case Mark::Uncovered: drawUncoveredSwatch(p, sw); break;
        case Mark::Migrating:
        case Mark::HalfOpen:
        case Mark::Hot:
            p.setRenderHint(QPainter::Antialiasing, true);
            if (l.mark == Mark::Migrating)
                drawRing(p, QRectF(sw).adjusted(2, 2, -2, -2), false);
            else if (l.mark == Mark::HalfOpen)
                drawRing(p, QRectF(sw).adjusted(3, 4, -3, -4), true);
            else
                drawHotRing(p, QRectF(sw.center().x() - 1, sw.center().y() - 1, 3, 3), swatch / 2.0 - 1.5);
            p.setRenderHint(QPainter::Antialiasing, false);
            break;
        case Mark::More: break;
        }
        p.setPen(textColor);
        const int textLeft = l.mark == Mark::More ? x : sw.right() + 7;
        const int textWidth = x + columnWidth - textLeft - (l.count.isEmpty() ? 0 : countWidth + 8);
        if (textWidth > 0)
            p.drawStaticText(textLeft, y + textTop, text.text(l.label, textWidth));
        if (!l.count.isEmpty())
            p.drawStaticText(x + columnWidth - text.width(l.count), y + textTop, text.text(l.count, countWidth));
    }
}

void SlotMapRenderer::paintSelection(QPainter &p, const QRect &grid, const SlotRange &selection, const QPalette &palette)
{
    if (selection.first < 0 || selection.last < selection.first || grid.isEmpty())
        return;
    QRegion region;
    for (int row = selection.first / kGridColumns; row <= selection.last / kGridColumns; ++row) {
        const int first = std::max(selection.first, row * kGridColumns);
        const int last = std::min(selection.last, row * kGridColumns + kGridColumns - 1);
        region += cellRect(first, grid).united(cellRect(last, grid));
    }
    QPainterPath path;
    path.addRegion(region);
    path = path.simplified();
    // The highlight tint alone can vanish on an owner of a similar hue: hatch it and outline it
    // black-and-white, which reads on every owner colour and on light and dark windows.
    QColor fill = palette.color(QPalette::Highlight);
    fill.setAlpha(140);
    p.fillPath(path, fill);
    p.fillPath(path, QBrush(QColor(255, 255, 255, 150), Qt::BDiagPattern));
    p.setPen(QPen(Qt::black, 3.5));
    p.drawPath(path);
    p.setPen(QPen(palette.color(QPalette::HighlightedText), 1.5));
    p.drawPath(path);
}

} // namespace ops
