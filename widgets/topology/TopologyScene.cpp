#include "TopologyScene.h"

#include "LinkItem.h"
#include "NodeItem.h"
#include "ShardItem.h"

#include <QEvent>
#include <QGraphicsSceneHelpEvent>
#include <QToolTip>
#include <QSet>

#include <utility>

namespace ops {

namespace {

constexpr qreal kSceneMargin = 40;

QString rangesText(const SlotRanges &ranges)
{
    QStringList parts;
    for (qsizetype i = 0; i < ranges.size() && i < 2; ++i)
        parts << ranges.at(i).toString();
    QString text = parts.join(QStringLiteral(", "));
    if (ranges.size() > 2)
        text += QStringLiteral(" +%1").arg(ranges.size() - 2);
    return text;
}

} // namespace

TopologyScene::TopologyScene(QObject *parent)
    : QGraphicsScene(parent)
{
    setItemIndexMethod(QGraphicsScene::NoIndex);
    m_animation.setDuration(300);
    m_animation.setStartValue(0.0);
    m_animation.setEndValue(1.0);
    m_animation.setEasingCurve(QEasingCurve::InOutCubic);
    connect(&m_animation, &QVariantAnimation::valueChanged, this, [this](const QVariant &value) {
        const qreal t = value.toReal();
        for (const Move &m : std::as_const(m_moves))
            m.item->setPos(m.from + (m.to - m.from) * t);
    });
    connect(&m_animation, &QVariantAnimation::finished, this, [this] {
        for (const Move &m : std::as_const(m_moves))
            m.item->setPos(m.to);
        m_moves.clear();
    });
    connect(this, &QGraphicsScene::selectionChanged, this, &TopologyScene::onSelectionChanged);
}

TopologyScene::~TopologyScene()
{
    // Removing selected items emits selectionChanged: not to this half-destroyed object.
    blockSignals(true);
    stopAnimation();
    // Links first, so no node is destroyed under a link that still points at it.
    const QList<LinkItem *> links = m_links.values();
    m_links.clear();
    qDeleteAll(links);
    m_nodes.clear();
    m_shards.clear();
    clear();
}

void TopologyScene::setAnimationsEnabled(bool enabled)
{
    m_animate = enabled;
    if (!enabled && isAnimating()) {
        m_animation.stop();
        for (const Move &m : std::as_const(m_moves))
            m.item->setPos(m.to);
        m_moves.clear();
    }
}

void TopologyScene::setAnimationDuration(int ms)
{
    m_animation.setDuration(std::max(1, ms));
}

bool TopologyScene::isAnimating() const
{
    return m_animation.state() == QAbstractAnimation::Running;
}

void TopologyScene::stopAnimation()
{
    // Items stay where they are; the next layout animates from there.
    if (isAnimating())
        m_animation.stop();
    m_moves.clear();
}

void TopologyScene::setSnapshot(SnapshotPtr snapshot)
{
    if (!snapshot)
        snapshot = std::make_shared<const TopologySnapshot>();
    const SnapshotPtr previous = std::exchange(m_snapshot, snapshot);
    const TopologySnapshot &s = *snapshot;
    // A failover usually swaps members inside their boxes: no full layout for that.
    if (m_relayout || !previous || !TopologyLayout::applyRoleChanges(*previous, s, m_layout))
        m_layout = TopologyLayout::compute(s, m_layout.state, m_metrics);
    m_relayout = false;
    m_heading.clear();
    for (const Move &m : std::as_const(m_moves))
        m_heading.insert(m.item, m.to);

    QList<Move> moves;
    ++m_cycle;
    syncNodes(s, moves);
    syncLinks(s);
    syncShards(s, moves);
    setSceneRect(m_layout.bounds.adjusted(-kSceneMargin, -kSceneMargin, kSceneMargin, kSceneMargin));

    // Snapshots can come faster than an animation ends: a running one keeps going when the
    // targets did not change (restarting it each time would never let the items arrive).
    if (!moves.isEmpty()) {
        QSet<QGraphicsItem *> moving;
        for (const Move &m : std::as_const(moves))
            moving.insert(m.item);
        for (const Move &m : std::as_const(m_moves))
            if (!moving.contains(m.item))
                moves.append(Move{m.item, m.item->pos(), m.to});
        stopAnimation();
        m_moves = moves;
        m_animation.start();
    }
    const bool first = !m_laidOutOnce && !m_nodes.isEmpty();
    m_laidOutOnce = m_laidOutOnce || first;
    onSelectionChanged();
    emit laidOut(first);
}

void TopologyScene::placeItem(QGraphicsItem *item, const QPointF &target, bool fresh, QList<Move> &moves)
{
    if (fresh || !m_animate) {
        item->setPos(target);
        return;
    }
    if (m_heading.value(item, item->pos()) != target)
        moves.append(Move{item, item->pos(), target});
}

void TopologyScene::forgetMoving(QGraphicsItem *item)
{
    m_moves.removeIf([item](const Move &m) { return m.item == item; });
}

void TopologyScene::syncNodes(const TopologySnapshot &s, QList<Move> &moves)
{
    for (const QList<Node> *list : {&s.nodes, &s.sentinels})
        for (const Node &n : *list) {
            const QRectF target = m_layout.nodeRects.value(n.id);
            NodeItem *item = m_nodes.value(n.id);
            const bool fresh = item == nullptr;
            if (fresh) {
                item = new NodeItem(n.id, target.size());
                addItem(item);
                m_nodes.insert(n.id, item);
            } else {
                item->setSize(target.size());
            }
            item->setNode(n);
            if (fresh)
                applyHealthMark(item);
            item->markSeen(m_cycle);
            placeItem(item, target.topLeft(), fresh, moves);
        }
}

void TopologyScene::syncLinks(const TopologySnapshot &s)
{
    QHash<QString, LinkItem *> next;
    next.reserve(m_links.size());
    // Node items seen in this snapshot carry m_cycle (syncNodes); others are about to go.
    const auto current = [this](const QString &id) {
        NodeItem *item = m_nodes.value(id);
        return item != nullptr && item->seenIn(m_cycle) ? item : nullptr;
    };
    const auto want = [&](const QString &fromId, const QString &toId, LinkItem::Kind kind) -> LinkItem * {
        NodeItem *a = current(fromId), *b = current(toId);
        if (a == nullptr || b == nullptr || a == b)
            return nullptr;
        LinkItem *link = m_links.take(fromId);
        if (link != nullptr && link->kind() != kind) {
            delete link;
            link = nullptr;
        }
        if (link == nullptr) {
            link = new LinkItem(kind);
            addItem(link);
        }
        link->setEnds(a, b);
        link->setLane(m_layout.lanes.value(fromId, 0), m_metrics.laneGap);
        next.insert(fromId, link);
        return link;
    };

    for (const Node &n : s.nodes) {
        if (n.isMaster() || n.masterId.isEmpty())
            continue;
        LinkItem *link = want(n.id, n.masterId, LinkItem::Kind::Replication);
        if (link == nullptr)
            continue;
        LinkItem::State state = LinkItem::State::Unknown;
        if (n.masterLinkUp == 1)
            state = LinkItem::State::Up;
        else if (n.masterLinkUp == 0)
            state = LinkItem::State::Down;
        link->setLag(state, n.lagBytes, n.lagSeconds);
    }
    const Node *master = s.master();
    for (const Node &sentinel : s.sentinels) {
        if (!s.masterName.isEmpty() && !sentinel.watchedMasters.isEmpty() && !sentinel.watchedMasters.contains(s.masterName))
            continue;
        // When the sentinels disagree, each line goes to the master that sentinel reports.
        const QString reported = s.sentinelMasterViews.value(sentinel.id);
        if (!reported.isEmpty() && current(reported) != nullptr) {
            const bool agrees = master != nullptr && master->id == reported;
            if (LinkItem *link = want(sentinel.id, reported, LinkItem::Kind::Sentinel))
                link->setState(agrees ? LinkItem::State::Up : LinkItem::State::Disagrees, {});
        } else if (master != nullptr) {
            if (LinkItem *link = want(sentinel.id, master->id, LinkItem::Kind::Sentinel))
                link->setState(sentinel.has(Node::Stale) ? LinkItem::State::Unknown : LinkItem::State::Up, {});
        }
    }
    const QList<LinkItem *> gone = m_links.values();
    m_links = next;
    qDeleteAll(gone);

    // Nodes that left the snapshot: their links are gone by now.
    for (auto it = m_nodes.begin(); it != m_nodes.end();) {
        if (it.value()->seenIn(m_cycle)) {
            ++it;
            continue;
        }
        forgetMoving(it.value());
        delete it.value();
        it = m_nodes.erase(it);
    }
}

void TopologyScene::syncShards(const TopologySnapshot &s, QList<Move> &moves)
{
    QHash<int, ShardItem *> next;
    for (const ShardPlacement &p : m_layout.shards) {
        ShardItem *item = m_shards.take(p.key);
        const bool fresh = item == nullptr;
        if (fresh) {
            item = new ShardItem(p.key);
            addItem(item);
        }
        item->setSize(p.rect.size());
        // Node items hold this snapshot's nodes by now (TopologySnapshot::node() is a linear search).
        const NodeItem *masterItem = p.masterId.isEmpty() ? nullptr : m_nodes.value(p.masterId);
        const Node *master = masterItem != nullptr ? &masterItem->node() : nullptr;
        if (s.kind != TopologySnapshot::Kind::Cluster || master == nullptr)
            item->setTitle(shardTitle(s, master));
        else if (!item->hasTitleFor(master->slotRanges, master->slotCount))
            item->setTitle(shardTitle(s, master), master->slotRanges, master->slotCount);
        placeItem(item, p.rect.topLeft(), fresh, moves);
        next.insert(p.key, item);
    }
    for (ShardItem *gone : std::as_const(m_shards))
        forgetMoving(gone);
    qDeleteAll(m_shards);
    m_shards = next;
}

QString TopologyScene::shardTitle(const TopologySnapshot &s, const Node *m) const
{
    switch (s.kind) {
    case TopologySnapshot::Kind::Sentinel: {
        QString title = s.masterName.isEmpty() ? QStringLiteral("master") : s.masterName;
        if (s.quorum > 0)
            title += QStringLiteral(" · quorum %1").arg(s.quorum);
        if (!s.failoverState.isEmpty())
            title += QStringLiteral(" · ") + s.failoverState;
        return title;
    }
    case TopologySnapshot::Kind::Standalone:
        return QStringLiteral("standalone");
    case TopologySnapshot::Kind::Cluster: break;
    }
    if (m == nullptr)
        return QStringLiteral("no master");
    if (m->slotRanges.isEmpty())
        return QStringLiteral("no slots");
    return rangesText(m->slotRanges) + QStringLiteral(" · %1 slots").arg(m->slotCount);
}

ShardItem *TopologyScene::shardItemOf(const QString &nodeId) const
{
    const auto it = m_layout.state.shardOf.constFind(nodeId);
    return it == m_layout.state.shardOf.cend() ? nullptr : m_shards.value(it.value());
}

QRectF TopologyScene::shardRectOf(const QString &nodeId) const
{
    const auto it = m_layout.state.shardOf.constFind(nodeId);
    if (it == m_layout.state.shardOf.cend())
        return {};
    for (const ShardPlacement &p : m_layout.shards)
        if (p.key == it.value())
            return p.rect;
    return {};
}

QString TopologyScene::selectedNodeId() const
{
    for (QGraphicsItem *item : selectedItems())
        if (item->type() == NodeItem::Type)
            return static_cast<NodeItem *>(item)->nodeId();
    return {};
}

void TopologyScene::selectNode(const QString &id)
{
    NodeItem *item = m_nodes.value(id);
    {
        const QSignalBlocker blocker(this); // one notification, below
        clearSelection();
        if (item != nullptr)
            item->setSelected(true);
    }
    onSelectionChanged();
}

void TopologyScene::onSelectionChanged()
{
    const QString id = selectedNodeId();
    if (id == m_selected)
        return;
    m_selected = id;
    emit selectedNodeChanged(id);
}

void TopologyScene::setHealthMarks(const QHash<QString, HealthMarkerItem::Mark> &marks)
{
    m_healthMarks = marks;
    for (NodeItem *item : std::as_const(m_nodes))
        applyHealthMark(item);
}

void TopologyScene::applyHealthMark(NodeItem *item)
{
    HealthMarkerItem *marker = healthMarkerOf(item->nodeId());
    const auto it = m_healthMarks.constFind(item->nodeId());
    if (it == m_healthMarks.cend()) {
        if (marker != nullptr)
            marker->setMark({});
        return;
    }
    if (marker == nullptr)
        marker = new HealthMarkerItem(item); // a child: it moves (and animates) with its node
    marker->setMark(*it);
}

HealthMarkerItem *TopologyScene::healthMarkerOf(const QString &nodeId) const
{
    const NodeItem *item = m_nodes.value(nodeId);
    if (item == nullptr)
        return nullptr;
    for (QGraphicsItem *child : item->childItems())
        if (child->type() == HealthMarkerItem::Type)
            return static_cast<HealthMarkerItem *>(child);
    return nullptr;
}

void TopologyScene::helpEvent(QGraphicsSceneHelpEvent *event)
{
    // Node tooltips are composed on demand: 1,000 setToolTip calls per snapshot cost more than
    // the occasional hover. Shown as escaped rich text: server strings stay plain text.
    for (QGraphicsItem *item : items(event->scenePos())) {
        if (item->type() == HealthMarkerItem::Type)
            item = item->parentItem();
        if (item == nullptr || item->type() != NodeItem::Type)
            continue;
        const auto *node = static_cast<NodeItem *>(item);
        QString text = node->toolTipText();
        if (const HealthMarkerItem *marker = healthMarkerOf(node->nodeId()); marker != nullptr && marker->isVisible())
            text += QStringLiteral("\n\n") + marker->toolTipText();
        QToolTip::showText(event->screenPos(), QStringLiteral("<p style='white-space:pre'>%1</p>").arg(text.toHtmlEscaped()),
                           event->widget());
        event->accept();
        return;
    }
    QGraphicsScene::helpEvent(event);
}

bool TopologyScene::event(QEvent *event)
{
    if (event->type() == QEvent::FontChange) {
        for (NodeItem *item : std::as_const(m_nodes))
            item->fontChanged();
        for (LinkItem *link : std::as_const(m_links))
            link->adjust();
    } else if (event->type() == QEvent::PaletteChange) {
        update();
    }
    return QGraphicsScene::event(event);
}

} // namespace ops
