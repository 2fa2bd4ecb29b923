#pragma once

#include <QFontMetricsF>
#include <QGraphicsItem>
#include <QHash>
#include <QPainterPath>

namespace ops {

class NodeItem;

/**
 * @brief A line between two NodeItems: a replica's replication link to its master (solid when
 * the link is up, dashed red when down, dotted grey when unknown, with a "lag bytes / lag seconds"
 * label), or a sentinel's line to the master it watches (orange dashed when that sentinel reports
 * a different master than the others). Follows its ends while they move.
 */
class LinkItem : public QGraphicsItem
{
public:
    enum { Type = UserType + 0x71 };
    enum class Kind { Replication, Sentinel };
    enum class State { Up, Down, Unknown, Disagrees };

    explicit LinkItem(Kind kind);
    ~LinkItem() override;

    /** @p from is the replica or sentinel, @p to the master. Both must outlive the link or tell it. */
    void setEnds(NodeItem *from, NodeItem *to);
    void setState(State state, const QString &label);
    /**
     * A replication link's state and lag ("12 KB / 3 s", "down · ..." when down): the label is
     * formatted again only when the numbers change (every link, every poll cycle).
     */
    void setLag(State state, qint64 lagBytes, double lagSeconds);
    /** 0: straight line; k > 0: routed through the k-th lane left of both ends. */
    void setLane(int lane, qreal laneGap);
    /** Recomputes the path from the ends' current positions. */
    void adjust();
    /** Called by a NodeItem being destroyed. */
    void endDestroyed(NodeItem *end);

    Kind kind() const { return m_kind; }
    State state() const { return m_state; }
    QString label() const { return m_label; }
    int lane() const { return m_lane; }
    NodeItem *from() const { return m_from; }
    NodeItem *to() const { return m_to; }
    QPainterPath path() const { return m_path; }
    /** Where the label is drawn, in item (= scene) coordinates; empty without a label. */
    QRectF labelRect() const { return m_labelRect; }

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    struct LabelFont
    {
        QFont font;
        QFontMetricsF metrics;
        QHash<QString, qreal> widths;   ///< text shaping is the costliest part of an update
        qreal width(const QString &text);
    };
    LabelFont &labelFont(bool bold) const;

    Kind m_kind;
    State m_state = State::Unknown;
    QString m_label;
    qint64 m_lagBytes = -2;       // what m_label was made from (setLag); -2: not from setLag
    double m_lagSeconds = -2;
    int m_lane = 0;
    qreal m_laneGap = 8;
    NodeItem *m_from = nullptr;
    NodeItem *m_to = nullptr;
    QPainterPath m_path;
    QPointF m_tip, m_tipDirection;   // arrow head at the master's end
    QRectF m_labelRect;
    QRectF m_bounds;
};

} // namespace ops
