#include "TopologyLayout.h"

#include <QSet>

#include <algorithm>
#include <cmath>

namespace ops {

namespace {

/** A master and everything replicating from it (directly or through another replica). */
struct Group
{
    QString masterId;
    QStringList members;   // master first, then snapshot order
    int slotTotal = 0;
    int lowestSlot = kSlotCount;
    int firstIndex = 0;
    int key = -1;
    bool merged = false;

    // A lone member without slots: the killed master after its replica took over, or a replica
    // whose master is gone. It stays in its former shard when that shard still exists.
    bool orphan() const { return members.size() == 1 && slotTotal == 0; }
};

int lowestSlotOf(const Node &n)
{
    int lowest = kSlotCount;
    for (const SlotRange &r : n.slotRanges)
        lowest = std::min(lowest, r.first);
    return lowest;
}

QList<Group> groupNodes(const TopologySnapshot &s, const QHash<QString, int> &indexOf)
{
    QList<Group> groups;
    QHash<QString, int> groupOfMaster;
    for (qsizetype i = 0; i < s.nodes.size(); ++i) {
        const Node &n = s.nodes.at(i);
        if (!n.isMaster() || groupOfMaster.contains(n.id))
            continue;
        Group g;
        g.masterId = n.id;
        g.members = {n.id};
        g.slotTotal = n.slotCount;
        g.lowestSlot = lowestSlotOf(n);
        g.firstIndex = int(i);
        groupOfMaster.insert(n.id, int(groups.size()));
        groups.append(g);
    }
    for (qsizetype i = 0; i < s.nodes.size(); ++i) {
        const Node &n = s.nodes.at(i);
        if (n.isMaster())
            continue;
        // Follow the replication chain up to a master (bounded: chains can be misreported as loops).
        int group = -1;
        QString up = n.masterId;
        for (int depth = 0; depth < 16 && !up.isEmpty(); ++depth) {
            if (const auto it = groupOfMaster.constFind(up); it != groupOfMaster.cend()) {
                group = it.value();
                break;
            }
            const int at = indexOf.value(up, -1);
            if (at < 0)
                break;
            up = s.nodes.at(at).masterId;
        }
        if (group >= 0) {
            groups[group].members.append(n.id);
            continue;
        }
        Group g;
        g.members = {n.id};
        g.firstIndex = int(i);
        groups.append(g);
    }
    return groups;
}

/** Gives every group a shard key: its master's former key, else a member's, else a new one. */
void assignKeys(QList<Group> &groups, const LayoutState &previous, int &nextKey)
{
    QList<int> order(groups.size());
    for (int i = 0; i < int(groups.size()); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        const Group &ga = groups.at(a), &gb = groups.at(b);
        if (ga.orphan() != gb.orphan())
            return !ga.orphan();
        if (ga.slotTotal != gb.slotTotal)
            return ga.slotTotal > gb.slotTotal;
        if (ga.members.size() != gb.members.size())
            return ga.members.size() > gb.members.size();
        return ga.firstIndex < gb.firstIndex;
    });

    QHash<int, int> groupOfKey;
    QList<int> needNew;
    for (int gi : order) {
        Group &g = groups[gi];
        QList<int> candidates;
        for (const QString &id : g.members)
            if (const auto it = previous.shardOf.constFind(id); it != previous.shardOf.cend() && !candidates.contains(it.value()))
                candidates.append(it.value());
        for (int k : candidates)
            if (!groupOfKey.contains(k)) {
                g.key = k;
                groupOfKey.insert(k, gi);
                break;
            }
        if (g.key >= 0)
            continue;
        if (g.orphan() && !candidates.isEmpty()) {
            Group &home = groups[groupOfKey.value(candidates.first())];
            home.members.append(g.members);
            g.merged = true;
            continue;
        }
        needNew.append(gi);
    }
    std::stable_sort(needNew.begin(), needNew.end(), [&](int a, int b) {
        const Group &ga = groups.at(a), &gb = groups.at(b);
        return ga.lowestSlot != gb.lowestSlot ? ga.lowestSlot < gb.lowestSlot : ga.firstIndex < gb.firstIndex;
    });
    for (int gi : needNew)
        groups[gi].key = nextKey++;
}

/** Former slot order kept; newcomers appended; the master swapped into the top slot. */
QStringList memberOrder(const Group &g, const QStringList &previousOrder)
{
    const QSet<QString> present(g.members.cbegin(), g.members.cend());
    QStringList order;
    QSet<QString> placed;
    for (const QString &id : previousOrder)
        if (present.contains(id) && !placed.contains(id)) {
            order.append(id);
            placed.insert(id);
        }
    for (const QString &id : g.members)
        if (!placed.contains(id)) {
            order.append(id);
            placed.insert(id);
        }
    if (!g.masterId.isEmpty() && order.first() != g.masterId)
        order.swapItemsAt(0, order.indexOf(g.masterId));
    return order;
}

} // namespace

TopologyLayoutResult TopologyLayout::compute(const TopologySnapshot &s, const LayoutState &previous, const LayoutMetrics &m)
{
    TopologyLayoutResult out;
    out.state.nextKey = previous.nextKey;

    QHash<QString, int> indexOf;
    indexOf.reserve(s.nodes.size());
    for (qsizetype i = 0; i < s.nodes.size(); ++i)
        indexOf.insert(s.nodes.at(i).id, int(i));

    QList<Group> groups = groupNodes(s, indexOf);
    assignKeys(groups, previous, out.state.nextKey);
    groups.removeIf([](const Group &g) { return g.merged; });
    std::sort(groups.begin(), groups.end(), [](const Group &a, const Group &b) { return a.key < b.key; });

    QList<QStringList> orders;
    orders.reserve(groups.size());
    int maxMembers = 1, maxLanes = 0;
    for (const Group &g : std::as_const(groups)) {
        const QStringList order = memberOrder(g, previous.memberOrder.value(g.key));
        orders.append(order);
        maxMembers = std::max(maxMembers, int(order.size()));
        for (const QString &id : order)
            out.state.shardOf.insert(id, g.key);
        out.state.memberOrder.insert(g.key, order);
        // Links to the member right above are straight; any other goes round the left gutter.
        int lanes = 0;
        for (qsizetype i = 1; i < order.size(); ++i) {
            const int at = indexOf.value(order.at(i), -1);
            const QString master = at >= 0 ? s.nodes.at(at).masterId : QString();
            const qsizetype masterSlot = master.isEmpty() ? -1 : order.indexOf(master);
            if (masterSlot < 0 || masterSlot == i - 1)
                continue;
            out.lanes.insert(order.at(i), ++lanes);
        }
        maxLanes = std::max(maxLanes, lanes);
    }

    const qreal nodeW = m.nodeSize.width(), nodeH = m.nodeSize.height();
    const qreal pad = m.shardPadding;
    out.tree = groups.size() == 1;

    // Shard cell sizes (uniform, so a grid row never shifts when one shard changes).
    qreal cellW = 0, cellH = 0;
    int treeCols = 1;
    if (out.tree) {
        const int replicas = int(orders.first().size()) - 1;
        treeCols = std::clamp(replicas, 1, std::max(1, m.treeColumns));
        const int rows = replicas > 0 ? (replicas + treeCols - 1) / treeCols : 0;
        const qreal innerW = treeCols * nodeW + (treeCols - 1) * m.treeColumnGap;
        cellW = 2 * pad + innerW;
        cellH = m.shardTitle + pad + nodeH + rows * (m.treeGap + nodeH) + pad;
        out.lanes.clear(); // tree links are straight
    } else {
        // Lanes run in the left padding; only more lanes than fit there widen every box (which
        // moves everything, so the padding is sized for the common cases).
        const qreal laneSpace = maxLanes > 0 ? std::max(0.0, maxLanes * m.laneGap + 4 - pad) : 0;
        cellW = 2 * pad + laneSpace + nodeW;
        cellH = m.shardTitle + pad + maxMembers * nodeH + (maxMembers - 1) * m.nodeGap + pad;
    }
    const int n = int(groups.size());
    // A few shards side by side; more in a grid of about the wanted aspect, rows balanced
    // (6 shards: 3 x 2 rather than 4 + 2).
    int columns = n;
    if (n > 4) {
        columns = std::clamp(int(std::ceil(std::sqrt(m.aspect * n * cellH / cellW))), 1, n);
        const int gridRows = (n + columns - 1) / columns;
        columns = (n + gridRows - 1) / gridRows;
    }
    const int rows = columns > 0 ? (n + columns - 1) / columns : 0;
    const qreal gridW = columns > 0 ? columns * cellW + (columns - 1) * m.shardGap : 0;

    // Sentinel rows.
    QStringList sentinels;
    {
        QSet<QString> present;
        for (const Node &sn : s.sentinels)
            present.insert(sn.id);
        QSet<QString> placed;
        for (const QString &id : previous.sentinelOrder)
            if (present.contains(id) && !placed.contains(id)) {
                sentinels.append(id);
                placed.insert(id);
            }
        QStringList fresh;
        for (const Node &sn : s.sentinels)
            if (!placed.contains(sn.id)) {
                fresh.append(sn.id);
                placed.insert(sn.id);
            }
        fresh.sort();
        sentinels.append(fresh);
        out.state.sentinelOrder = sentinels;
    }
    const int sCount = int(sentinels.size());
    const int sCols = std::min(sCount, std::max(1, m.sentinelColumns));
    const int sRows = sCount > 0 ? (sCount + sCols - 1) / sCols : 0;
    const qreal sW = m.sentinelSize.width(), sH = m.sentinelSize.height();
    const qreal sentinelRowW = sCols > 0 ? sCols * sW + (sCols - 1) * m.sentinelColumnGap : 0;
    const qreal sentinelRowH = sRows > 0 ? sRows * sH + (sRows - 1) * 24 : 0;
    const qreal totalW = std::max(gridW, sentinelRowW);

    for (int i = 0; i < sCount; ++i) {
        const int r = i / sCols, c = i % sCols;
        const int inRow = std::min(sCols, sCount - r * sCols);
        const qreal rowW = inRow * sW + (inRow - 1) * m.sentinelColumnGap;
        const qreal x = (totalW - rowW) / 2 + c * (sW + m.sentinelColumnGap);
        out.nodeRects.insert(sentinels.at(i), QRectF(x, r * (sH + 24), sW, sH));
    }
    if (sCount > 0)
        out.sentinelRow = QRectF((totalW - sentinelRowW) / 2, 0, sentinelRowW, sentinelRowH);

    const qreal top = sCount > 0 ? sentinelRowH + m.sentinelGap : 0;
    const qreal left = (totalW - gridW) / 2;
    for (int gi = 0; gi < n; ++gi) {
        const Group &g = groups.at(gi);
        const QStringList &order = orders.at(gi);
        const int r = gi / columns, c = gi % columns;
        const QPointF origin(left + c * (cellW + m.shardGap), top + r * (cellH + m.shardGap));
        ShardPlacement sp;
        sp.key = g.key;
        sp.masterId = g.masterId;
        sp.members = order;
        if (out.tree) {
            sp.rect = QRectF(origin, QSizeF(cellW, cellH));
            const qreal innerW = cellW - 2 * pad;
            const qreal y0 = origin.y() + m.shardTitle + pad;
            out.nodeRects.insert(order.first(), QRectF(origin.x() + pad + (innerW - nodeW) / 2, y0, nodeW, nodeH));
            const int replicas = int(order.size()) - 1;
            for (int j = 0; j < replicas; ++j) {
                const int rr = j / treeCols, cc = j % treeCols;
                const int inRow = std::min(treeCols, replicas - rr * treeCols);
                const qreal rowW = inRow * nodeW + (inRow - 1) * m.treeColumnGap;
                const qreal x = origin.x() + pad + (innerW - rowW) / 2 + cc * (nodeW + m.treeColumnGap);
                const qreal y = y0 + nodeH + m.treeGap + rr * (nodeH + m.treeGap);
                out.nodeRects.insert(order.at(j + 1), QRectF(x, y, nodeW, nodeH));
            }
        } else {
            const int members = int(order.size());
            sp.rect = QRectF(origin, QSizeF(cellW, m.shardTitle + pad + members * nodeH + (members - 1) * m.nodeGap + pad));
            const qreal x = origin.x() + cellW - pad - nodeW;
            for (int j = 0; j < members; ++j)
                out.nodeRects.insert(order.at(j), QRectF(x, origin.y() + m.shardTitle + pad + j * (nodeH + m.nodeGap), nodeW, nodeH));
        }
        out.shards.append(sp);
    }
    out.bounds = QRectF(0, 0, totalW, top + (rows > 0 ? rows * cellH + (rows - 1) * m.shardGap : 0));
    if (n == 0 && sCount > 0)
        out.bounds.setHeight(sentinelRowH);
    return out;
}

} // namespace ops
