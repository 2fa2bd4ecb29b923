#pragma once

#include "HealthMarkerItem.h"
#include "TopologyLayout.h"
#include "model/TopologySnapshot.h"

#include <QGraphicsScene>
#include <QHash>
#include <QVariantAnimation>

namespace ops {

class LinkItem;
class NodeItem;
class ShardItem;

/**
 * @brief The live topology graph of one deployment. Renders immutable snapshots; never touches
 * the network.
 *
 * setSnapshot() reuses items by node id (no rebuild), so selection and the view's position
 * survive updates; positions come from TopologyLayout, keyed by shard, so a failover only swaps
 * two members of one shard box — animated over ~300 ms unless animations are disabled.
 */
class TopologyScene : public QGraphicsScene
{
    Q_OBJECT
public:
    explicit TopologyScene(QObject *parent = nullptr);
    ~TopologyScene() override;

    void setSnapshot(SnapshotPtr snapshot);
    SnapshotPtr snapshot() const { return m_snapshot; }

    void setAnimationsEnabled(bool enabled);
    bool animationsEnabled() const { return m_animate; }
    void setAnimationDuration(int ms);
    bool isAnimating() const;
    /** Sizes and gaps; used from the next snapshot on. */
    void setMetrics(const LayoutMetrics &metrics)
    {
        m_metrics = metrics;
        m_relayout = true;
    }
    const LayoutMetrics &metrics() const { return m_metrics; }

    NodeItem *nodeItem(const QString &id) const { return m_nodes.value(id); }
    QList<NodeItem *> nodeItems() const { return m_nodes.values(); }
    /** The replication link of a replica (null when it has none), or a sentinel's link. */
    LinkItem *linkOf(const QString &fromId) const { return m_links.value(fromId); }
    QList<LinkItem *> linkItems() const { return m_links.values(); }
    QList<ShardItem *> shardItems() const { return m_shards.values(); }
    /** Shard box holding @p nodeId; null for sentinels and unknown ids. */
    ShardItem *shardItemOf(const QString &nodeId) const;
    /** Final (not animated) scene rect of the shard box holding @p nodeId; empty if none. */
    QRectF shardRectOf(const QString &nodeId) const;
    /** Everything laid out, without margins. */
    QRectF layoutBounds() const { return m_layout.bounds; }
    const TopologyLayoutResult &layout() const { return m_layout; }

    /**
     * The health marks to show on the nodes (HealthMarkerItem::marksOf a report), by node id;
     * kept for nodes that appear later. Nodes without one lose theirs.
     */
    void setHealthMarks(const QHash<QString, HealthMarkerItem::Mark> &marks);
    /** The health mark shown on @p nodeId (null when it has none). */
    HealthMarkerItem *healthMarkerOf(const QString &nodeId) const;

    QString selectedNodeId() const;
    /** Selects @p id alone (clears the selection for an empty or unknown id). */
    void selectNode(const QString &id);

signals:
    /** The selected node changed (empty: none). Survives updates while the node exists. */
    void selectedNodeChanged(const QString &id);
    /** A snapshot was laid out; @p first is true for the first non-empty one. */
    void laidOut(bool first);

protected:
    bool event(QEvent *event) override;
    void helpEvent(QGraphicsSceneHelpEvent *event) override;

private:
    struct Move
    {
        QGraphicsItem *item;
        QPointF from, to;
    };
    void syncNodes(const TopologySnapshot &s, QList<Move> &moves);
    void syncLinks(const TopologySnapshot &s);
    void syncShards(const TopologySnapshot &s, QList<Move> &moves);
    void placeItem(QGraphicsItem *item, const QPointF &target, bool fresh, QList<Move> &moves);
    QString shardTitle(const TopologySnapshot &s, const Node *master) const;
    void onSelectionChanged();
    void applyHealthMark(NodeItem *item);
    void stopAnimation();
    void forgetMoving(QGraphicsItem *item);

    SnapshotPtr m_snapshot;
    LayoutMetrics m_metrics;
    TopologyLayoutResult m_layout;
    QHash<QString, NodeItem *> m_nodes;
    QHash<QString, LinkItem *> m_links;   // by from-node id (a replica or a sentinel)
    QHash<int, ShardItem *> m_shards;     // by shard key
    QVariantAnimation m_animation;
    QList<Move> m_moves;
    QHash<QGraphicsItem *, QPointF> m_heading;   // where running moves end, during setSnapshot
    quint64 m_cycle = 0;   ///< setSnapshot() count: marks the node items of the current snapshot
    bool m_animate = true;
    bool m_laidOutOnce = false;
    bool m_relayout = false;   ///< metrics changed: lay out even if the snapshot's shape did not
    QString m_selected;
    QHash<QString, HealthMarkerItem::Mark> m_healthMarks;
};

} // namespace ops
