#include "ShardItem.h"

#include "TopologyTheme.h"

#include <QGraphicsScene>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace ops {

ShardItem::ShardItem(int key)
    : m_key(key)
{
    setZValue(-10);
}

void ShardItem::setSize(const QSizeF &size)
{
    if (size == m_size)
        return;
    prepareGeometryChange();
    m_size = size;
}

void ShardItem::setTitle(const QString &title, const SlotRanges &ranges, int slotCount)
{
    m_titleRanges = ranges;
    m_titleSlots = slotCount;
    if (title == m_title)
        return;
    m_title = title;
    update();
}

QRectF ShardItem::boundingRect() const
{
    return boxRect().adjusted(-1, -1, 1, 1);
}

void ShardItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const TopologyTheme &t = TopologyTheme::forPalette(scene() ? scene()->palette() : QPalette());
    if (option->levelOfDetailFromTransform(painter->worldTransform()) < 0.33) {
        painter->setRenderHint(QPainter::Antialiasing, false);
        painter->fillRect(boxRect(), t.shardFill);
        return;
    }
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setPen(QPen(t.shardBorder, 1));
    painter->setBrush(t.shardFill);
    painter->drawRoundedRect(boxRect(), 8, 8);
    if (m_title.isEmpty())
        return;
    QFont f = scene() ? scene()->font() : QFont();
    f.setPointSizeF(f.pointSizeF() > 0 ? f.pointSizeF() * 0.92 : 8);
    painter->setFont(f);
    painter->setPen(t.shardTitle);
    const QRectF titleRect(10, 3, m_size.width() - 20, 18);
    painter->drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetricsF(f).elidedText(m_title, Qt::ElideRight, titleRect.width()));
}

} // namespace ops
