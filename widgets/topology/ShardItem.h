#pragma once

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
    void setTitle(const QString &title);
    QString title() const { return m_title; }
    QRectF boxRect() const { return QRectF(QPointF(0, 0), m_size); }

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    int m_key;
    QSizeF m_size;
    QString m_title;
};

} // namespace ops
