#pragma once

#include "model/Node.h"

#include <QGraphicsItem>
#include <QSizeF>
#include <QStringList>

namespace ops {

class LinkItem;

/**
 * @brief One data node or sentinel in the topology graph. Reused across snapshots (keyed by
 * node id by TopologyScene), so selection and position survive updates.
 *
 * Role and health are told apart by shape as well as colour: master = rounded rectangle with a
 * crown, replica = plain rectangle, sentinel = ellipse; fail/odown = red with a cross, pfail/sdown =
 * orange with a "?" badge, stale = greyed with a dashed border and the word "stale",
 * handshake/noaddr = dotted border and the word, loading = dash-dot border. Text inside: role,
 * address, short id (or offset), slots and memory, health.
 */
class NodeItem : public QGraphicsItem
{
public:
    enum { Type = UserType + 0x70 };
    enum class RoleShape { RoundedRect, Rect, Ellipse };
    enum class HealthShape { Normal, Cross, Question, Stale, Dotted, Loading };

    NodeItem(const QString &id, const QSizeF &size);
    ~NodeItem() override;

    /** Takes the node's latest state; repaints only when something shown changed. */
    void setNode(const Node &node);
    void setSize(const QSizeF &size);
    /** The scene font changed: text is fitted again on the next paint. */
    void fontChanged();

    const Node &node() const { return m_node; }
    QString nodeId() const { return m_node.id; }
    Node::Role role() const { return m_node.role; }
    RoleShape roleShape() const { return roleShapeOf(m_node.role); }
    HealthShape healthShape() const { return healthShapeOf(m_node); }
    /** What the item writes, top to bottom (role title first); for tests and tooltips. */
    QStringList textLines() const;
    QRectF bodyRect() const { return QRectF(QPointF(0, 0), m_size); }
    /** Built when asked (TopologyScene::helpEvent), not on every update. */
    QString toolTipText() const;

    static RoleShape roleShapeOf(Node::Role role);
    /** Worst state first: fail/odown, stale, pfail/sdown, handshake/noaddr, loading. */
    static HealthShape healthShapeOf(const Node &node);
    /** Set health flags in words, worst first ("fail · stale"); "ok" when none. */
    static QString healthWords(const Node &node);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    /** The scene's update count that last listed this node (TopologyScene's bookkeeping). */
    void markSeen(quint64 cycle) { m_seen = cycle; }
    bool seenIn(quint64 cycle) const { return m_seen == cycle; }

    // Links follow the item while it moves (LinkItem registers itself).
    void attach(LinkItem *link);
    void detach(LinkItem *link);

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;

private:
    QPainterPath bodyPath(const QRectF &r) const;
    QRectF textRect() const;
    QPointF badgeCenter() const;
    void paintBadge(QPainter *painter, HealthShape health, const QColor &accent) const;
    void paintSmall(QPainter *painter, qreal lod, HealthShape health, const QColor &accent, const QColor &fill,
                    Qt::PenStyle style, const QColor &roleAccent) const;
    void paintCrown(QPainter *painter, const QRectF &box, const QColor &color) const;
    void formatLines() const;

    Node m_node;
    QSizeF m_size;
    QString m_title;
    mutable QStringList m_lines;     // address, id/offset, slots+memory, health (formatLines())
    mutable bool m_linesDirty = true;
    QStringList m_elided;            // m_lines fitted to the width; empty = to compute
    QList<LinkItem *> m_links;
    quint64 m_seen = 0;
};

} // namespace ops
