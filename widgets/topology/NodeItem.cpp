#include "NodeItem.h"

#include "LinkItem.h"
#include "TopologyText.h"
#include "TopologyTheme.h"

#include <QGraphicsScene>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <algorithm>
#include <iterator>
#include <utility>

namespace ops {

namespace {

constexpr qreal kOutline = 7;     // room for the selection outline outside the body
constexpr qreal kBadgeRadius = 10;

QPalette paletteOf(const QGraphicsItem *item)
{
    return item->scene() ? item->scene()->palette() : QPalette();
}

QFont fontOf(const QGraphicsItem *item)
{
    return item->scene() ? item->scene()->font() : QFont();
}

QString roleTitle(Node::Role role)
{
    return Node::roleName(role).toUpper();
}

// Everything shown on the item, so an unchanged node costs no repaint.
bool sameShown(const Node &a, const Node &b)
{
    return a.id == b.id && a.role == b.role && a.flags == b.flags && a.endpoint == b.endpoint
        && a.slotCount == b.slotCount && a.usedMemory == b.usedMemory && a.replOffset == b.replOffset
        && a.masterId == b.masterId && a.watchedMasters == b.watchedMasters && a.hostname == b.hostname;
}

} // namespace

NodeItem::NodeItem(const QString &id, const QSizeF &size)
    : m_size(size)
{
    m_node.id = id;
    setFlags(ItemIsSelectable | ItemSendsGeometryChanges);
    setAcceptHoverEvents(false);
}

NodeItem::~NodeItem()
{
    // Links are owned by the scene; they must not keep a dangling end.
    for (LinkItem *link : std::as_const(m_links))
        link->endDestroyed(this);
}

void NodeItem::setNode(const Node &node)
{
    // Called for every node on every snapshot: only remembers the node and schedules a repaint
    // when something shown changed. The text is formatted when painted readable (lazily: with
    // hundreds of nodes fitted on screen no text is drawn, and at zoom 1 only a few are visible).
    const bool fresh = m_title.isEmpty();
    const Node old = std::exchange(m_node, node);
    if (!fresh && sameShown(old, node))
        return;
    m_title = roleTitle(node.role);
    m_linesDirty = true;
    m_elided.clear();
    update();
}

void NodeItem::formatLines() const
{
    if (!m_linesDirty)
        return;
    m_linesDirty = false;
    const Node &node = m_node;
    m_lines = QStringList(4);
    m_lines[0] = node.endpoint.isValid() ? node.endpoint.toString() : QStringLiteral("address unknown");
    const bool idIsAddress = node.id == m_lines[0];
    if (node.role == Node::Role::Sentinel) {
        if (!node.watchedMasters.isEmpty())
            m_lines[1] = QStringLiteral("watches ") + node.watchedMasters.join(QLatin1String(", "));
    } else {
        if (!idIsAddress)
            m_lines[1] = QStringLiteral("id ") + topology::shortId(node.id);
        else if (node.replOffset >= 0)
            m_lines[1] = QStringLiteral("offset ") + QString::number(node.replOffset);
        if (node.isMaster() && (node.slotCount > 0 || !idIsAddress))
            m_lines[2] = QString::number(node.slotCount) + QStringLiteral(" slots · ");
        m_lines[2] += QStringLiteral("mem ") + topology::formatBytes(node.usedMemory);
    }
    m_lines[3] = healthWords(node);
}

void NodeItem::setSize(const QSizeF &size)
{
    if (size == m_size)
        return;
    prepareGeometryChange();
    m_size = size;
    m_elided.clear();
    for (LinkItem *link : std::as_const(m_links))
        link->adjust();
}

QString NodeItem::toolTipText() const
{
    return QStringLiteral("%1 %2\n%3\nhealth: %4")
        .arg(Node::roleName(m_node.role), m_node.endpoint.toString(), m_node.id, healthWords(m_node));
}

void NodeItem::fontChanged()
{
    m_elided.clear();
    update();
}

QStringList NodeItem::textLines() const
{
    formatLines();
    return QStringList{m_title} + m_lines;
}

NodeItem::RoleShape NodeItem::roleShapeOf(Node::Role role)
{
    switch (role) {
    case Node::Role::Master: return RoleShape::RoundedRect;
    case Node::Role::Sentinel: return RoleShape::Ellipse;
    case Node::Role::Replica:
    case Node::Role::Unknown: break;
    }
    return RoleShape::Rect;
}

NodeItem::HealthShape NodeItem::healthShapeOf(const Node &n)
{
    if (n.has(Node::Fail) || n.has(Node::ODown))
        return HealthShape::Cross;
    if (n.has(Node::Stale))
        return HealthShape::Stale;
    if (n.has(Node::PFail) || n.has(Node::SDown))
        return HealthShape::Question;
    if (n.has(Node::Handshake) || n.has(Node::NoAddr))
        return HealthShape::Dotted;
    if (n.has(Node::Loading))
        return HealthShape::Loading;
    return HealthShape::Normal;
}

QString NodeItem::healthWords(const Node &n)
{
    static constexpr std::pair<Node::Flag, const char *> kOrder[] = {
        {Node::Fail, "FAIL"}, {Node::ODown, "ODOWN"}, {Node::PFail, "PFAIL?"}, {Node::SDown, "SDOWN?"},
        {Node::Stale, "stale"}, {Node::Handshake, "handshake"}, {Node::NoAddr, "noaddr"}, {Node::Loading, "loading"},
    };
    QStringList words;
    for (const auto &[flag, name] : kOrder)
        if (n.has(flag))
            words << QString::fromLatin1(name);
    if (!n.lastError.isEmpty()) // it failed or answered something unusable: Node details says what
        words << QStringLiteral("poll error");
    return words.isEmpty() ? QStringLiteral("ok") : words.join(QStringLiteral(" · "));
}

QRectF NodeItem::boundingRect() const
{
    return bodyRect().adjusted(-kOutline, -kOutline, kOutline, kOutline);
}

QPainterPath NodeItem::bodyPath(const QRectF &r) const
{
    QPainterPath p;
    switch (roleShape()) {
    case RoleShape::RoundedRect: p.addRoundedRect(r, 14, 14); break;
    case RoleShape::Ellipse: p.addEllipse(r); break;
    case RoleShape::Rect: p.addRect(r); break;
    }
    return p;
}

QPainterPath NodeItem::shape() const
{
    return bodyPath(bodyRect());
}

QRectF NodeItem::textRect() const
{
    const QRectF r = bodyRect();
    if (roleShape() == RoleShape::Ellipse)
        return r.adjusted(r.width() * 0.15, r.height() * 0.12, -r.width() * 0.15, -r.height() * 0.10);
    return r.adjusted(12, 7, -10, -6);
}

QPointF NodeItem::badgeCenter() const
{
    const QRectF r = bodyRect();
    if (roleShape() == RoleShape::Ellipse)
        return QPointF(r.center().x() + r.width() * 0.36, r.top() + r.height() * 0.2);
    return QPointF(r.right() - 15, r.top() + 15);
}

void NodeItem::paintCrown(QPainter *painter, const QRectF &box, const QColor &color) const
{
    // Three-pointed crown on a band.
    const qreal x = box.left(), y = box.top(), w = box.width(), h = box.height();
    QPainterPath crown;
    crown.moveTo(x, y + h);
    crown.lineTo(x, y + h * 0.25);
    crown.lineTo(x + w * 0.27, y + h * 0.58);
    crown.lineTo(x + w * 0.5, y);
    crown.lineTo(x + w * 0.73, y + h * 0.58);
    crown.lineTo(x + w, y + h * 0.25);
    crown.lineTo(x + w, y + h);
    crown.closeSubpath();
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->drawPath(crown);
}

void NodeItem::paintBadge(QPainter *painter, HealthShape health, const QColor &accent) const
{
    if (health != HealthShape::Cross && health != HealthShape::Question)
        return;
    const QPointF c = badgeCenter();
    painter->setPen(Qt::NoPen);
    painter->setBrush(accent);
    painter->drawEllipse(c, kBadgeRadius, kBadgeRadius);
    if (health == HealthShape::Cross) {
        painter->setPen(QPen(Qt::white, 2.6, Qt::SolidLine, Qt::RoundCap));
        const qreal d = kBadgeRadius * 0.45;
        painter->drawLine(c + QPointF(-d, -d), c + QPointF(d, d));
        painter->drawLine(c + QPointF(-d, d), c + QPointF(d, -d));
    } else {
        QFont f = fontOf(this);
        f.setBold(true);
        painter->setFont(f);
        painter->setPen(Qt::white);
        painter->drawText(QRectF(c.x() - kBadgeRadius, c.y() - kBadgeRadius, 2 * kBadgeRadius, 2 * kBadgeRadius),
                          Qt::AlignCenter, QStringLiteral("?"));
    }
}

void NodeItem::paintSmall(QPainter *painter, qreal lod, HealthShape health, const QColor &accent, const QColor &fill,
                          Qt::PenStyle style, const QColor &roleAccent) const
{
    // Too small to read (hundreds of nodes on screen): no text, no antialiasing, one-pixel pens;
    // the crown, the cross and the badge still tell role and health apart. Drawn in device
    // pixels: the raster engine fills and strokes scaled rectangles as paths (~2 us each),
    // whole-pixel ones directly.
    const TopologyTheme &t = TopologyTheme::forPalette(paletteOf(this));
    const QTransform world = painter->worldTransform();
    const auto toDevice = [&world](const QRectF &rect) {
        const QRectF d = world.mapRect(rect);
        return QRect(QPoint(qRound(d.left()), qRound(d.top())), QPoint(qRound(d.right()) - 1, qRound(d.bottom()) - 1));
    };
    const QRectF r = bodyRect();
    const QRect body = toDevice(r);
    painter->resetTransform();
    painter->setRenderHint(QPainter::Antialiasing, false);
    QPen pen(accent, 0, style);
    painter->setPen(pen);
    painter->setBrush(fill);
    if (roleShape() == RoleShape::Ellipse)
        painter->drawEllipse(body);
    else
        painter->drawRect(body);
    if (health == HealthShape::Cross) {
        painter->setPen(QPen(t.failAccent, 2));
        painter->drawLine(body.topLeft(), body.bottomRight());
        painter->drawLine(body.bottomLeft(), body.topRight());
    } else if (health == HealthShape::Question) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(accent);
        const QPointF c = world.map(badgeCenter());
        const qreal radius = std::max(1.5, 2 * kBadgeRadius * lod);
        painter->drawEllipse(c, radius, radius);
    }
    if (m_node.isMaster() && lod >= 0.08) {
        // The crown as a three-prong polygon on whole pixels.
        const QRect box = toDevice(QRectF(r.left() + 14, r.top() + 14, 44, 32));
        const int x = box.left(), y = box.top(), w = std::max(3, box.width()), h = std::max(3, box.height());
        const QPoint crown[] = {{x, y + h}, {x, y}, {x + w / 3, y + h / 2}, {x + w / 2, y}, {x + 2 * w / 3, y + h / 2},
                                {x + w, y}, {x + w, y + h}};
        painter->setPen(Qt::NoPen);
        painter->setBrush(roleAccent);
        painter->drawPolygon(crown, int(std::size(crown)));
    }
    if (isSelected()) {
        painter->setPen(QPen(t.highlight, 2));
        painter->setBrush(Qt::NoBrush);
        painter->drawRect(body.adjusted(-3, -3, 3, 3));
    }
    painter->setWorldTransform(world);
}

void NodeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const TopologyTheme &t = TopologyTheme::forPalette(paletteOf(this));
    const HealthShape health = healthShape();
    QColor accent = t.replicaAccent, fill = t.replicaFill;
    if (m_node.isMaster()) {
        accent = t.masterAccent;
        fill = t.masterFill;
    } else if (m_node.role == Node::Role::Sentinel) {
        accent = t.sentinelAccent;
        fill = t.sentinelFill;
    }
    const QColor roleAccent = accent;
    Qt::PenStyle style = Qt::SolidLine;
    QColor textColor = t.text;
    switch (health) {
    case HealthShape::Cross: accent = t.failAccent; fill = t.failFill; break;
    case HealthShape::Question: accent = t.pfailAccent; fill = t.pfailFill; break;
    case HealthShape::Stale:
        accent = t.staleAccent; fill = t.staleFill; style = Qt::DashLine; textColor = t.mutedText;
        break;
    case HealthShape::Dotted: accent = t.handshakeAccent; style = Qt::DotLine; break;
    case HealthShape::Loading: accent = t.loadingAccent; style = Qt::DashDotLine; break;
    case HealthShape::Normal: break;
    }

    const QRectF r = bodyRect();
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    if (lod < 0.33) {
        paintSmall(painter, lod, health, accent, fill, style, roleAccent);
        return;
    }
    const QPainterPath body = bodyPath(r);
    painter->setRenderHint(QPainter::Antialiasing, true);
    QPen border(accent, m_node.isMaster() ? 2.6 : 1.6, style);
    if (health == HealthShape::Cross || health == HealthShape::Question)
        border.setWidthF(3.0);
    painter->setPen(border);
    painter->setBrush(fill);
    painter->drawPath(body);

    if (health == HealthShape::Cross) {
        // A large faint cross behind the text: "down" still reads in greyscale and when zoomed out.
        QColor x = t.failAccent;
        x.setAlphaF(0.28f);
        painter->setPen(QPen(x, 5, Qt::SolidLine, Qt::RoundCap));
        const QRectF in = r.adjusted(r.width() * 0.12, 10, -r.width() * 0.12, -10);
        painter->save();
        painter->setClipPath(body);
        painter->drawLine(in.topLeft(), in.bottomRight());
        painter->drawLine(in.bottomLeft(), in.topRight());
        painter->restore();
    }
    if (isSelected()) {
        painter->setPen(QPen(t.highlight, 3.5));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(bodyPath(r.adjusted(-4.5, -4.5, 4.5, 4.5)));
    }


    const QRectF tr = textRect();
    QFont font = fontOf(this);
    QFont bold = font;
    bold.setBold(true);
    const QFontMetricsF fm(font);
    const qreal lineH = fm.height();
    const qreal badgeRoom = (health == HealthShape::Cross || health == HealthShape::Question) ? 2 * kBadgeRadius + 4 : 0;
    qreal y = tr.top();

    // Title with the role mark.
    qreal titleX = tr.left();
    if (m_node.isMaster()) {
        paintCrown(painter, QRectF(titleX, y + lineH * 0.18, lineH * 1.15, lineH * 0.68), roleAccent);
        titleX += lineH * 1.5;
    }
    painter->setFont(bold);
    painter->setPen(roleAccent);
    painter->drawText(QRectF(titleX, y, tr.right() - titleX - badgeRoom, lineH), Qt::AlignLeft | Qt::AlignVCenter, m_title);
    y += lineH + 1;

    formatLines();
    if (m_elided.size() != m_lines.size()) {
        m_elided.clear();
        for (qsizetype i = 0; i < m_lines.size(); ++i)
            m_elided << fm.elidedText(m_lines.at(i), i == 0 ? Qt::ElideMiddle : Qt::ElideRight, tr.width());
    }
    painter->setFont(font);
    for (qsizetype i = 0; i < m_elided.size(); ++i) {
        const bool healthLine = i == m_elided.size() - 1;
        if (healthLine) {
            painter->setFont(health == HealthShape::Normal ? font : bold);
            painter->setPen(health == HealthShape::Normal ? t.mutedText : (health == HealthShape::Stale ? t.text : accent));
        } else {
            painter->setPen(textColor);
        }
        if (m_elided.at(i).isEmpty())
            continue; // e.g. sentinels have no slots/memory line
        painter->drawText(QRectF(tr.left(), y, tr.width(), lineH), Qt::AlignLeft | Qt::AlignVCenter, m_elided.at(i));
        y += lineH;
    }
    paintBadge(painter, health, accent);
}

void NodeItem::attach(LinkItem *link)
{
    if (!m_links.contains(link))
        m_links.append(link);
}

void NodeItem::detach(LinkItem *link)
{
    m_links.removeAll(link);
}

QVariant NodeItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemPositionHasChanged)
        for (LinkItem *link : std::as_const(m_links))
            link->adjust();
    return QGraphicsItem::itemChange(change, value);
}

} // namespace ops
