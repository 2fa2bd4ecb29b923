#include "SlotMapRenderer.h"

#include <QCoreApplication>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cstring>

namespace ops {

namespace {

constexpr int kMargin = 8;
constexpr int kLegendMinWidth = 220;

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

QImage SlotMapRenderer::render(const Content &c, const QSize &size, qreal dpr, const QPalette &palette, const QFont &font)
{
    QImage image(size * dpr, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(dpr);
    image.fill(palette.color(QPalette::Window));
    QPainter p(&image);
    p.setFont(font);
    const Geometry g = layout(size, font);
    if (!c.slotMap || g.grid.isEmpty()) {
        p.setPen(palette.color(QPalette::WindowText));
        p.drawText(QRect(QPoint(0, 0), size), Qt::AlignCenter | Qt::TextWordWrap,
                   c.slotMap ? tr("Too small to draw the slot map") : tr("No slot map: not a cluster, or not discovered yet"));
        return image;
    }
    paintGrid(p, c, g.grid, palette);
    paintMarkers(p, c, g.grid);
    paintLabels(p, g.labels, g.grid, palette);
    paintLegend(p, c, g.legend, palette);
    return image;
}

void SlotMapRenderer::paintGrid(QPainter &p, const Content &c, const QRect &grid, const QPalette &palette)
{
    // One pixel loop at device resolution: column = x * 128 / side, the mapping slotAt() inverts.
    const qreal dpr = p.device()->devicePixelRatioF();
    const int w = std::max(1, int(grid.width() * dpr)), h = std::max(1, int(grid.height() * dpr));
    QList<QRgb> colors(c.owners.size());
    for (qsizetype i = 0; i < c.owners.size(); ++i)
        colors[i] = c.palette.color(c.owners.at(i)).rgb();
    const QRgb uncovered = OwnerPalette::uncoveredColor().rgb();
    QList<int> columnOf(w);
    for (int x = 0; x < w; ++x)
        columnOf[x] = x * kGridColumns / w;
    QImage image(w, h, QImage::Format_RGB32);
    int previousRow = -1;
    for (int y = 0; y < h; ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        const int row = y * kGridRows / h;
        if (row == previousRow) {
            std::memcpy(line, image.constScanLine(y - 1), std::size_t(w) * sizeof(QRgb));
            continue;
        }
        previousRow = row;
        const qint16 *owner = c.owner.data() + row * kGridColumns;
        for (int x = 0; x < w; ++x) {
            const int o = owner[columnOf.at(x)];
            line[x] = o >= 0 ? colors.at(o) : uncovered;
        }
    }
    image.setDevicePixelRatio(dpr);
    p.drawImage(grid.topLeft(), image);
    p.setPen(palette.color(QPalette::Mid));
    p.setBrush(Qt::NoBrush);
    p.drawRect(grid.adjusted(-1, -1, 0, 0));
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

void SlotMapRenderer::paintLabels(QPainter &p, const QRect &labels, const QRect &grid, const QPalette &palette)
{
    const QFontMetrics fm(p.font());
    p.setPen(palette.color(QPalette::WindowText));
    const int step = grid.height() >= 16 * fm.height() ? 8 : 16;
    for (int row = 0; row < kGridRows; row += step) {
        const QRect cell = cellRect(row * kGridColumns, grid);
        const QRect text(labels.left(), cell.top() - fm.height() / 2, labels.width(), fm.height());
        p.drawText(text, Qt::AlignRight | Qt::AlignVCenter, QString::number(row * kGridColumns));
    }
}

void SlotMapRenderer::paintLegend(QPainter &p, const Content &c, const QRect &legend, const QPalette &palette)
{
    if (legend.width() < 40 || legend.height() < 16)
        return;
    const QFontMetrics fm(p.font());
    const QLocale locale;
    const int lineHeight = fm.height() + 4;
    const int swatch = std::max(8, fm.height() - 4);
    const int countWidth = fm.horizontalAdvance(tr("%1 slots").arg(locale.toString(16384)));
    int labelWidth = fm.horizontalAdvance(tr("+%1 more masters (see the table)").arg(c.legend.size())) - swatch - 7 - countWidth;
    for (qsizetype i = 0; i < c.legend.size() && i < 256; ++i)
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(c.legend.at(i).label));
    labelWidth = std::min(labelWidth, fm.horizontalAdvance(QLatin1Char('x')) * 40); // long hostnames are elided
    const int columnWidth = std::clamp(swatch + 7 + labelWidth + 16 + countWidth, 160, std::max(160, legend.width()));
    const int columns = std::max(1, (legend.width() + 12) / (columnWidth + 12));
    const int perColumn = std::max(1, legend.height() / lineHeight);

    // Special entries first, then the masters; the last line says how many did not fit.
    enum class Mark { Owner, Uncovered, Migrating, HalfOpen, More };
    struct Line { Mark mark; QString label; QString count; QColor color; };
    QList<Line> lines;
    lines.append({Mark::Uncovered, tr("uncovered: %1").arg(locale.toString(c.uncovered)), {}, {}});
    if (c.migrations - c.halfOpen > 0)
        lines.append({Mark::Migrating, tr("migrating: %1").arg(locale.toString(c.migrations - c.halfOpen)), {}, {}});
    if (c.halfOpen > 0)
        lines.append({Mark::HalfOpen, tr("half-open: %1").arg(locale.toString(c.halfOpen)), {}, {}});
    const int capacity = columns * perColumn;
    const qsizetype room = capacity - lines.size();
    const qsizetype shown = c.legend.size() <= room ? c.legend.size() : std::max<qsizetype>(0, room - 1);
    for (qsizetype i = 0; i < shown; ++i) {
        const LegendEntry &e = c.legend.at(i);
        lines.append({Mark::Owner, e.label, tr("%1 slots").arg(locale.toString(e.slotCount)), c.palette.color(e.id)});
    }
    if (shown < c.legend.size())
        lines.append({Mark::More, tr("+%1 more masters (see the table)").arg(c.legend.size() - shown), {}, {}});

    const QColor text = palette.color(QPalette::WindowText);
    for (qsizetype i = 0; i < lines.size() && i < capacity; ++i) {
        const Line &l = lines.at(i);
        const int x = legend.left() + int(i / perColumn) * (columnWidth + 12);
        const int y = legend.top() + int(i % perColumn) * lineHeight;
        const QRect sw(x, y + (lineHeight - swatch) / 2, swatch, swatch);
        p.setRenderHint(QPainter::Antialiasing, l.mark == Mark::HalfOpen || l.mark == Mark::Migrating);
        switch (l.mark) {
        case Mark::Owner:
            p.fillRect(sw, l.color);
            p.setPen(text);
            p.setBrush(Qt::NoBrush);
            p.drawRect(sw.adjusted(0, 0, -1, -1));
            break;
        case Mark::Uncovered: drawUncoveredSwatch(p, sw); break;
        case Mark::Migrating: drawRing(p, QRectF(sw).adjusted(2, 2, -2, -2), false); break;
        case Mark::HalfOpen: drawRing(p, QRectF(sw).adjusted(3, 4, -3, -4), true); break;
        case Mark::More: break;
        }
        p.setRenderHint(QPainter::Antialiasing, false);
        p.setPen(text);
        const int textLeft = l.mark == Mark::More ? x : sw.right() + 7;
        const int textWidth = x + columnWidth - textLeft - (l.count.isEmpty() ? 0 : countWidth + 8);
        const QRect textRect(textLeft, y, textWidth, lineHeight);
        p.drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(l.label, Qt::ElideMiddle, textWidth));
        if (!l.count.isEmpty())
            p.drawText(QRect(x + columnWidth - countWidth, y, countWidth, lineHeight), Qt::AlignRight | Qt::AlignVCenter, l.count);
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
    QColor fill = palette.color(QPalette::Highlight);
    fill.setAlpha(140);
    p.fillPath(path, fill);
    p.setPen(QPen(palette.color(QPalette::HighlightedText), 3));
    p.drawPath(path);
    p.setPen(QPen(palette.color(QPalette::Highlight), 1.5));
    p.drawPath(path);
}

} // namespace ops
