#pragma once

#include "model/SlotRange.h"

#include <QGraphicsItem>

namespace ops {

/**
 * @brief The box behind one shard (a master, its replicas and failed former members), with a
 * title such as "0-5460 · 5461 slots" or "mymaster · quorum 2". Not selectable; drawn under links
 * and nodes.
 */
class ShardItem : public QGraphicsItem
{
public:
    enum { Type = UserType + 0x72 };

    explicit ShardItem(int key);

    int key() const { return m_key; }
    void setSize(const QSizeF &size);
    /**
     * A cluster shard's title is built from its master's slots: @p ranges and @p slotCount are
     * remembered so hasTitleFor() can skip rebuilding it while they stay the same (500 shards per
     * poll cycle). Other titles pass no slots.
     */
    void setTitle(const QString &title, const SlotRanges &ranges = {}, int slotCount = -1);
    bool hasTitleFor(const SlotRanges &ranges, int slotCount) const
    {
        return slotCount >= 0 && slotCount == m_titleSlots && ranges == m_titleRanges;
    }
    QString title() const { return m_title; }
    QRectF boxRect() const { return QRectF(QPointF(0, 0), m_size); }

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    int m_key;
    QSizeF m_size;
    QString m_title;
    SlotRanges m_titleRanges;
    int m_titleSlots = -1;
};

} // namespace ops
