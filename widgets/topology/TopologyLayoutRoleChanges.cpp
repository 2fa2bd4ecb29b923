// TopologyLayout::applyRoleChanges: the failover fast path of the layout (kept apart from
// compute() so each file reads on its own; the two must agree: tst_topologylayout checks them
// against each other).
#include "TopologyLayout.h"

#include <QSet>

#include <algorithm>
#include <optional>

namespace ops {

namespace {

bool layoutInputsEqual(const Node &x, const Node &y)
{
    return x.role == y.role && x.masterId == y.masterId && (x.slotCount > 0) == (y.slotCount > 0);
}

int maxLane(const QHash<QString, int> &lanes)
{
    int most = 0;
    for (int lane : lanes)
        most = std::max(most, lane);
    return most;
}

/** A shard box after the change: its members' new order and lanes. */
struct ShardUpdate
{
    int key = 0;
    QStringList order;
    QString masterId;
    QList<std::pair<QString, int>> lanes;
};

/**
 * The box @p members (former order) as compute() would arrange it for @p byId, if they still
 * form exactly one group: one master, every other member replicating from it (directly or via
 * members, at most 16 hops, as groupNodes() follows chains).
 */
std::optional<ShardUpdate> rearrange(int key, const QStringList &members, const QHash<QString, const Node *> &byId)
{
    ShardUpdate u;
    u.key = key;
    for (const QString &id : members) {
        const Node *n = byId.value(id);
        if (n == nullptr)
            return std::nullopt;
        if (n->isMaster()) {
            if (!u.masterId.isEmpty())
                return std::nullopt;
            u.masterId = id;
        }
    }
    if (u.masterId.isEmpty())
        return std::nullopt;
    for (const QString &id : members) {
        QString up = id;
        for (int depth = 0; depth < 16 && up != u.masterId; ++depth) {
            const Node *n = byId.value(up);
            up = n != nullptr ? n->masterId : QString();
        }
        if (up != u.masterId)
            return std::nullopt;
    }
    // compute()'s memberOrder(): the former order, the master swapped into the top slot.
    u.order = members;
    if (u.order.first() != u.masterId)
        u.order.swapItemsAt(0, u.order.indexOf(u.masterId));
    int lane = 0;
    for (qsizetype i = 1; i < u.order.size(); ++i) {
        const qsizetype masterSlot = u.order.indexOf(byId.value(u.order.at(i))->masterId);
        if (masterSlot >= 0 && masterSlot != i - 1)
            u.lanes.append({u.order.at(i), ++lane});
    }
    return u;
}

} // namespace

bool TopologyLayout::applyRoleChanges(const TopologySnapshot &before, const TopologySnapshot &after,
                                      TopologyLayoutResult &layout)
{
    if (before.nodes.size() != after.nodes.size() || before.sentinels.size() != after.sentinels.size())
        return false;
    for (qsizetype i = 0; i < before.sentinels.size(); ++i)
        if (before.sentinels.at(i).id != after.sentinels.at(i).id)
            return false;
    // Snapshots list masters first, so a failover also reorders nodes: match by id once the
    // orders part (ids are unique; equal counts and every id found means the same nodes).
    QHash<QString, const Node *> beforeById;
    QList<int> affected;
    for (qsizetype i = 0; i < after.nodes.size(); ++i) {
        const Node &y = after.nodes.at(i);
        const Node *x = &before.nodes.at(i);
        if (x->id != y.id) {
            if (beforeById.isEmpty()) {
                beforeById.reserve(before.nodes.size());
                for (const Node &n : before.nodes)
                    beforeById.insert(n.id, &n);
            }
            x = beforeById.value(y.id);
            if (x == nullptr)
                return false;
        }
        if (layoutInputsEqual(*x, y))
            continue;
        const int key = layout.state.shardOf.value(y.id, -1);
        if (key < 0)
            return false;
        if (!affected.contains(key))
            affected.append(key);
    }
    if (affected.isEmpty())
        return true; // the usual cycle: nothing moves
    if (layout.tree)
        return false;

    QSet<QString> members;
    for (int key : std::as_const(affected)) {
        const QStringList order = layout.state.memberOrder.value(key);
        if (order.size() < 2)
            return false;
        for (const QString &id : order)
            members.insert(id);
    }
    // Members as they are now; a node outside the boxes replicating from a member would join
    // that member's group in compute(): not a swap.
    QHash<QString, const Node *> byId;
    byId.reserve(members.size());
    for (const Node &n : after.nodes) {
        if (members.contains(n.id))
            byId.insert(n.id, &n);
        else if (!n.isMaster() && members.contains(n.masterId))
            return false;
    }

    QList<ShardUpdate> updates;
    for (int key : std::as_const(affected)) {
        std::optional<ShardUpdate> u = rearrange(key, layout.state.memberOrder.value(key), byId);
        if (!u)
            return false;
        updates.append(std::move(*u));
    }
    QHash<QString, int> lanes = layout.lanes;
    for (const ShardUpdate &u : std::as_const(updates)) {
        for (const QString &id : u.order)
            lanes.remove(id);
        for (const auto &[id, lane] : u.lanes)
            lanes.insert(id, lane);
    }
    if (maxLane(lanes) != maxLane(layout.lanes))
        return false; // the left gutter, hence every box, would change width

    // Committed: members take over the rects of the slots they move into.
    layout.lanes = std::move(lanes);
    for (const ShardUpdate &u : std::as_const(updates)) {
        const QStringList former = layout.state.memberOrder.value(u.key);
        QList<QRectF> places;
        places.reserve(former.size());
        for (const QString &id : former)
            places.append(layout.nodeRects.value(id));
        for (qsizetype j = 0; j < u.order.size(); ++j)
            layout.nodeRects.insert(u.order.at(j), places.at(j));
        layout.state.memberOrder.insert(u.key, u.order);
        for (ShardPlacement &p : layout.shards)
            if (p.key == u.key) {
                p.masterId = u.masterId;
                p.members = u.order;
                break;
            }
    }
    return true;
}

} // namespace ops
