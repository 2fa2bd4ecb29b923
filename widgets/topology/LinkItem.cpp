#include "LinkItem.h"

#include "NodeItem.h"
#include "TopologyText.h"
#include "TopologyTheme.h"

#include <QGraphicsScene>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>

#include <cmath>
#include <optional>

namespace ops {

namespace {
constexpr qreal kArrow = 8;
constexpr qreal kLabelOffset = 17; // label centre above the replica's top edge
} // namespace

LinkItem::LinkItem(Kind kind)
    : m_kind(kind)
{
    setZValue(-1); // under the nodes: a line never hides a node's text
    setFlag(ItemIsSelectable, false);
}

LinkItem::~LinkItem()
{
    if (m_from)
        m_from->detach(this);
    if (m_to)
        m_to->detach(this);
}

void LinkItem::setEnds(NodeItem *from, NodeItem *to)
{
    if (from == m_from && to == m_to)
        return;
    if (m_from)
        m_from->detach(this);
    if (m_to)
        m_to->detach(this);
    m_from = from;
    m_to = to;
    if (m_from)
        m_from->attach(this);
    if (m_to)
        m_to->attach(this);
    adjust();
}

void LinkItem::setLag(State state, qint64 lagBytes, double lagSeconds)
{
    if (state == m_state && lagBytes == m_lagBytes && lagSeconds == m_lagSeconds)
        return;
    QString label = topology::formatBytes(lagBytes) + QStringLiteral(" / ") + topology::formatSeconds(lagSeconds);
    if (state == State::Down)
        label.prepend(QStringLiteral("down · "));
    setState(state, label);
    m_lagBytes = lagBytes;
    m_lagSeconds = lagSeconds;
}

void LinkItem::setState(State state, const QString &label)
{
    m_lagBytes = -2;
    m_lagSeconds = -2;
    if (state == m_state && label == m_label)
        return;
    m_state = state;
    m_label = label;
    adjust(); // the label's width follows its text
}

void LinkItem::setLane(int lane, qreal laneGap)
{
    if (lane == m_lane && laneGap == m_laneGap)
        return;
    m_lane = lane;
    m_laneGap = laneGap;
    adjust();
}

void LinkItem::endDestroyed(NodeItem *end)
{
    if (end == m_from)
        m_from = nullptr;
    if (end == m_to)
        m_to = nullptr;
    // No re-layout here: this only happens while the scene itself is being torn down (the scene
    // removes links before their nodes), and the index must not be touched then.
}

qreal LinkItem::LabelFont::width(const QString &text)
{
    // Labels repeat ("0 B / 0 s" on most links); bounded so changing lags cannot grow it forever.
    if (const auto it = widths.constFind(text); it != widths.cend())
        return it.value();
    if (widths.size() > 4096)
        widths.clear();
    const qreal w = metrics.horizontalAdvance(text);
    widths.insert(text, w);
    return w;
}

LinkItem::LabelFont &LinkItem::labelFont(bool bold) const
{
    // Measured on every label change of every link: font and metrics built once per scene font.
    static QFont base;
    static std::optional<LabelFont> plain, heavy;
    const QFont current = scene() ? scene()->font() : QFont();
    if (!plain || current != base) {
        base = current;
        QFont f = current;
        f.setPointSizeF(f.pointSizeF() > 0 ? f.pointSizeF() * 0.9 : 8);
        plain.emplace(LabelFont{f, QFontMetricsF(f), {}});
        f.setBold(true);
        heavy.emplace(LabelFont{f, QFontMetricsF(f), {}});
    }
    return bold ? *heavy : *plain;
}

void LinkItem::adjust()
{
    QPainterPath path;
    QPointF tip, direction(0, -1);
    QRectF label;
    if (m_from && m_to) {
        const QRectF a = m_from->mapRectToScene(m_from->bodyRect());
        const QRectF b = m_to->mapRectToScene(m_to->bodyRect());
        QPointF start, end;
        const bool above = b.bottom() <= a.top();
        if (m_kind == Kind::Replication && m_lane > 0) {
            const qreal x = std::min(a.left(), b.left()) - m_lane * m_laneGap;
            start = QPointF(a.left(), a.center().y());
            end = QPointF(b.left(), b.center().y());
            path.moveTo(start);
            path.lineTo(x, start.y());
            path.lineTo(x, end.y());
            path.lineTo(end);
            direction = QPointF(1, 0);
        } else {
            if (above) {
                start = QPointF(a.center().x(), a.top());
                end = QPointF(b.center().x(), b.bottom());
            } else if (b.top() >= a.bottom()) {
                start = QPointF(a.center().x(), a.bottom());
                end = QPointF(b.center().x(), b.top());
            } else if (b.left() >= a.right()) {
                start = QPointF(a.right(), a.center().y());
                end = QPointF(b.left(), b.center().y());
            } else {
                start = QPointF(a.left(), a.center().y());
                end = QPointF(b.right(), b.center().y());
            }
            path.moveTo(start);
            path.lineTo(end);
            const QPointF d = end - start;
            const qreal len = std::hypot(d.x(), d.y());
            if (len > 0)
                direction = d / len;
        }
        tip = end;

        if (m_kind == Kind::Replication && !m_label.isEmpty()) {
            LabelFont &lf = labelFont(m_state == State::Down); // as painted
            const QSizeF size(lf.width(m_label) + 8, lf.metrics.height() + 2);
            QPointF anchor;
            bool leftOfLine = false;
            if (above) {
                anchor = QPointF(a.center().x(), a.top() - kLabelOffset);
                if (m_lane == 0 && std::abs(end.x() - start.x()) > 1) {
                    const qreal t = (start.y() - anchor.y()) / std::max(1.0, start.y() - end.y());
                    anchor.setX(start.x() + (end.x() - start.x()) * t);
                    leftOfLine = end.x() > start.x(); // the line leans right: keep the label on its left
                }
            } else {
                anchor = path.pointAtPercent(0.5);
            }
            // A routed link's label sits near the gutter it runs in, at the replica's left.
            if (above && m_lane > 0)
                anchor.setX(a.left());
            const qreal x = leftOfLine ? anchor.x() - 6 - size.width() : anchor.x() + 6;
            label = QRectF(QPointF(x, anchor.y() - size.height() / 2), size);
        }
    }
    const QRectF bounds = path.isEmpty() ? QRectF()
                                         : path.boundingRect().united(label).adjusted(-kArrow, -kArrow, kArrow, kArrow);
    // Most updates only change the label's text: no index update for those.
    if (bounds != m_bounds)
        prepareGeometryChange();
    else
        update();
    m_path = path;
    m_tip = tip;
    m_tipDirection = direction;
    m_labelRect = label;
    m_bounds = bounds;
}

QRectF LinkItem::boundingRect() const
{
    return m_bounds;
}

QPainterPath LinkItem::shape() const
{
    QPainterPathStroker stroker;
    stroker.setWidth(8);
    QPainterPath p = stroker.createStroke(m_path);
    if (!m_labelRect.isEmpty())
        p.addRect(m_labelRect);
    return p;
}

void LinkItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    if (m_path.isEmpty())
        return;
    const TopologyTheme &t = TopologyTheme::forPalette(scene() ? scene()->palette() : QPalette());
    QPen pen;
    pen.setCapStyle(Qt::FlatCap);
    switch (m_state) {
    case State::Up:
        pen = QPen(m_kind == Kind::Sentinel ? t.sentinelLink : t.linkUp, m_kind == Kind::Sentinel ? 1.4 : 2.2);
        break;
    case State::Down: pen = QPen(t.linkDown, 2.4, Qt::DashLine); break;
    case State::Disagrees: pen = QPen(t.sentinelDisagrees, 2.0, Qt::DashLine); break;
    case State::Unknown: pen = QPen(t.linkUnknown, 1.6, Qt::DotLine); break;
    }
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    if (lod < 0.33) {
        // Zoomed far out (hundreds of nodes on screen): a one-pixel line in the state's colour.
        pen.setWidthF(1);
        pen.setCosmetic(true);
        painter->setRenderHint(QPainter::Antialiasing, false);
        painter->setPen(pen);
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(m_path);
        return;
    }
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(m_path);

    // Arrow head into the master.
    const QPointF d = m_tipDirection, n(-d.y(), d.x());
    QPolygonF head;
    head << m_tip << m_tip - d * kArrow + n * (kArrow * 0.55) << m_tip - d * kArrow - n * (kArrow * 0.55);
    painter->setPen(Qt::NoPen);
    painter->setBrush(pen.color());
    painter->drawPolygon(head);

    if (m_labelRect.isEmpty())
        return;
    painter->setBrush(t.labelBackground);
    painter->drawRoundedRect(m_labelRect, 3, 3);
    painter->setFont(labelFont(m_state == State::Down).font);
    painter->setPen(m_state == State::Down ? t.linkDown : (m_state == State::Unknown ? t.mutedText : t.text));
    painter->drawText(m_labelRect, Qt::AlignCenter, m_label);
}

} // namespace ops
