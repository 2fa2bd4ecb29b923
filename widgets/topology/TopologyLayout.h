#pragma once

#include "model/TopologySnapshot.h"

#include <QHash>
#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <QStringList>

namespace ops {

/** @brief Sizes and gaps of the topology graph, in scene units (pixels at zoom 1). */
struct LayoutMetrics
{
    QSizeF nodeSize{190, 100};
    QSizeF sentinelSize{200, 92};
    qreal nodeGap = 34;         ///< vertical gap between members of a shard column (holds a lag label)
    qreal treeGap = 62;         ///< master to replica row in a single-shard tree
    qreal treeColumnGap = 44;   ///< between replicas of a single-shard tree
    int treeColumns = 4;        ///< replicas per row in a single-shard tree
    qreal shardGap = 36;        ///< between shard boxes
    qreal shardPadding = 20;    ///< also holds up to two routed links' lanes (left side)
    qreal shardTitle = 22;      ///< title band at the top of a shard box
    qreal laneGap = 8;          ///< between routed replication links in a shard's left gutter
    qreal sentinelGap = 90;     ///< sentinel row to the shards below
    qreal sentinelColumnGap = 40;
    int sentinelColumns = 8;
    qreal aspect = 1.6;         ///< wanted width / height of a many-shard grid
};

/** @brief What the layout remembers between snapshots so positions stay put. */
struct LayoutState
{
    QHash<QString, int> shardOf;              ///< node id -> shard key
    QHash<int, QStringList> memberOrder;      ///< shard key -> member ids, slot order (top first)
    QStringList sentinelOrder;
    int nextKey = 0;
};

/** @brief One shard box: a master with its replicas (and failed former members). */
struct ShardPlacement
{
    int key = 0;                 ///< stable across snapshots (failovers, metric changes)
    QRectF rect;
    QString masterId;            ///< empty when the shard has no master right now
    QStringList members;         ///< slot order, master first when there is one
};

/** @brief Result of TopologyLayout::compute. */
struct TopologyLayoutResult
{
    QHash<QString, QRectF> nodeRects;         ///< every data node and sentinel, scene coordinates
    /** Replication link routing: 0 = straight line, k > 0 = k-th lane of the shard's left gutter. */
    QHash<QString, int> lanes;
    QList<ShardPlacement> shards;             ///< in display order
    QRectF sentinelRow;                       ///< empty without sentinels
    QRectF bounds;
    bool tree = false;                        ///< single shard drawn as a tree (replicas side by side)
    LayoutState state;                        ///< pass to the next compute()
};

/**
 * @brief Places the nodes of a snapshot: one box per shard (master on top, replicas below),
 * shards in a grid, sentinels in a row above. Pure: the same snapshot and state give the same
 * result.
 *
 * Positions are keyed by shard, not by node or role: a shard keeps its key while any of its
 * members is still in it, so a failover (a replica becomes master of the same slots) swaps the
 * two members' slots inside the box and nothing else moves. A master left without slots or
 * replicas (the killed master after its replica took over) stays in its former shard's box.
 * New shards are appended; on the first snapshot shards are ordered by their lowest slot.
 */
class TopologyLayout
{
public:
    static TopologyLayoutResult compute(const TopologySnapshot &snapshot, const LayoutState &previous,
                                        const LayoutMetrics &metrics = {});
    /**
     * The usual failover without a full compute(): when nodes only changed role, master or
     * "has slots" inside their shard boxes (a replica promoted, the old master now replicating
     * from it), updates @p layout in place exactly as compute(@p after, layout.state) would —
     * the new master swaps into its box's top slot, lanes are re-routed — and returns true.
     * Also true, touching nothing, when nothing that places nodes changed (the usual cycle,
     * where only metrics change). Returns false, touching nothing, for anything else (nodes
     * came or went, a shard split or merged, a lone member, a lane count that would resize
     * every box, the single-shard tree): call compute() then.
     * @p layout must be the layout of @p before (TopologyLayoutRoleChanges.cpp).
     */
    static bool applyRoleChanges(const TopologySnapshot &before, const TopologySnapshot &after,
                                 TopologyLayoutResult &layout);
};

} // namespace ops
