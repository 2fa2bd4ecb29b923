#include "ClusterViewMerger.h"

#include <QSet>

#include <algorithm>

namespace ops {

namespace {

struct Viewpoint
{
    QString endpointKey;
    const NodeObservation *observation = nullptr;
    QByteArray selfId;   ///< id of the "myself" line
};

struct Candidate
{
    const ClusterNodeLine *line = nullptr;
    bool fromSelf = false;
    qint64 atMs = 0;
    bool pfailSeen = false;
    bool failSeen = false;
    bool seenAsMaster = false;    ///< some viewpoint lists it as a master
    bool seenAsReplica = false;
};

Endpoint endpointOf(const ClusterNodeLine &line)
{
    return Endpoint{line.host.isEmpty() ? line.hostname : line.host, line.port};
}

} // namespace

TopologySnapshot ClusterViewMerger::merge(const SnapshotInput &input)
{
    TopologySnapshot s;
    QList<Viewpoint> viewpoints;
    for (auto it = input.observations.cbegin(); it != input.observations.cend(); ++it) {
        const NodeObservation &o = it.value();
        if (o.isSentinel || !o.clusterNodes || !SnapshotBuilder::fresh(o.clusterNodesAtMs, input))
            continue;
        Viewpoint v{it.key(), &o, {}};
        for (const ClusterNodeLine &line : *o.clusterNodes)
            if (line.has(ClusterNodeLine::Myself))
                v.selfId = line.id;
        viewpoints.append(v);
    }
    // Deterministic order: most recent view first, then by endpoint.
    std::sort(viewpoints.begin(), viewpoints.end(), [](const Viewpoint &a, const Viewpoint &b) {
        if (a.observation->clusterNodesAtMs != b.observation->clusterNodesAtMs)
            return a.observation->clusterNodesAtMs > b.observation->clusterNodesAtMs;
        return a.endpointKey < b.endpointKey;
    });

    QHash<QByteArray, Candidate> candidates;
    QList<QByteArray> order;
    for (const Viewpoint &v : std::as_const(viewpoints)) {
        s.viewpoints << QString::fromLatin1(v.selfId.isEmpty() ? v.endpointKey.toLatin1() : v.selfId);
        for (const ClusterNodeLine &line : *v.observation->clusterNodes) {
            auto it = candidates.find(line.id);
            if (it == candidates.end()) {
                it = candidates.insert(line.id, Candidate{});
                order.append(line.id);
            }
            Candidate &c = *it;
            const bool self = line.has(ClusterNodeLine::Myself);
            if (!self) {
                c.pfailSeen = c.pfailSeen || line.has(ClusterNodeLine::PFail);
            }
            c.failSeen = c.failSeen || line.has(ClusterNodeLine::Fail);
            c.seenAsMaster = c.seenAsMaster || line.has(ClusterNodeLine::Master);
            c.seenAsReplica = c.seenAsReplica || line.has(ClusterNodeLine::Replica);
            const bool better = c.line == nullptr || (self && !c.fromSelf)
                || (!c.fromSelf && line.configEpoch > c.line->configEpoch);
            if (better) {
                c.line = &line;
                c.fromSelf = self;
                c.atMs = v.observation->clusterNodesAtMs;
            }
        }
    }

    auto map = std::make_shared<SlotMap>();
    // Masters in ascending config epoch: a later claim with a higher epoch overwrites.
    QList<const ClusterNodeLine *> claims;
    for (const QByteArray &id : std::as_const(order)) {
        const Candidate &c = *candidates.constFind(id);
        const ClusterNodeLine &line = *c.line;
        Node n;
        n.id = QString::fromLatin1(line.id);
        n.endpoint = endpointOf(line);
        n.hostname = line.hostname;
        n.busPort = line.busPort;
        n.role = line.isMaster() ? Node::Role::Master : line.isReplica() ? Node::Role::Replica : Node::Role::Unknown;
        n.masterId = QString::fromLatin1(line.masterId);
        n.configEpoch = line.configEpoch;
        n.busLinkConnected = line.linkConnected || c.fromSelf;
        if (c.pfailSeen)
            n.flags |= Node::PFail;
        if (c.failSeen)
            n.flags |= Node::Fail;
        if (line.has(ClusterNodeLine::Handshake))
            n.flags |= Node::Handshake;
        if (line.has(ClusterNodeLine::NoAddr))
            n.flags |= Node::NoAddr;
        if (line.has(ClusterNodeLine::NoFailover))
            n.flags |= Node::NoFailover;
        if (c.seenAsMaster && c.seenAsReplica)
            s.warnings << QStringLiteral("viewpoints disagree about the role of %1 (%2)")
                              .arg(n.endpoint.toString(), n.id.left(8));

        const NodeObservation *o = SnapshotBuilder::observationFor(input, n.endpoint);
        if (o != nullptr && o->info && SnapshotBuilder::fresh(o->infoAtMs, input)) {
            const Node::Role viewRole = n.role;
            SnapshotBuilder::applyInfo(n, *o->info);   // the node itself is the authority on its role
            if (viewRole != Node::Role::Unknown && viewRole != n.role && !c.fromSelf)
                s.warnings << QStringLiteral("%1 reports itself %2; the cluster view still says %3")
                                  .arg(n.endpoint.toString(), Node::roleName(n.role), Node::roleName(viewRole));
        }
        SnapshotBuilder::applyFreshness(n, o, input);
        if (line.isMaster() && !line.slotRanges.isEmpty())
            claims.append(&line);
        s.nodes.append(n);
    }

    std::stable_sort(claims.begin(), claims.end(), [](const ClusterNodeLine *a, const ClusterNodeLine *b) {
        return a->configEpoch < b->configEpoch;
    });
    for (const ClusterNodeLine *line : std::as_const(claims)) {
        const QString owner = QString::fromLatin1(line->id);
        const int ownIndex = map->indexOfOwner(owner);
        for (const SlotRange &r : line->slotRanges) {
            for (int slot = r.first; slot <= r.last; ++slot) {
                const int index = map->ownerIndex(slot);
                if (index >= 0 && index != ownIndex) {
                    s.warnings << QStringLiteral("slots %1 are claimed by %2 and %3; the higher config epoch wins")
                                      .arg(r.toString(), map->owners().at(index).left(8), owner.left(8));
                    break;
                }
            }
            map->assign(r, owner);
        }
    }
    // Slot transfers are only listed on a node's own line.
    for (const Viewpoint &v : std::as_const(viewpoints)) {
        for (const ClusterNodeLine &line : *v.observation->clusterNodes) {
            if (!line.has(ClusterNodeLine::Myself))
                continue;
            const QString self = QString::fromLatin1(line.id);
            for (const SlotTransfer &t : line.migrating)
                map->setMigrating(t.slot, self, QString::fromLatin1(t.peerId));
            for (const SlotTransfer &t : line.importing)
                map->setImporting(t.slot, self, QString::fromLatin1(t.peerId));
        }
    }
    const QList<SlotRanges> ranges = map->rangesByOwner();
    for (Node &n : s.nodes) {
        const int index = map->indexOfOwner(n.id);
        if (!n.isMaster() || index < 0)
            continue;
        n.slotRanges = ranges.at(index);
        n.slotCount = 0;
        for (const SlotRange &r : std::as_const(n.slotRanges))
            n.slotCount += r.count();
    }
    s.slotMap = map;

    // CLUSTER INFO: the freshest answer.
    qint64 bestAt = 0;
    for (const NodeObservation &o : input.observations) {
        if (!o.clusterState.isEmpty() && SnapshotBuilder::fresh(o.clusterInfoAtMs, input) && o.clusterInfoAtMs > bestAt) {
            bestAt = o.clusterInfoAtMs;
            s.clusterState = o.clusterState;
            s.currentEpoch = o.currentEpoch;
        }
    }

    // Seeds that answer but appear in no view yet (first cycle, or a node outside the cluster).
    QSet<QString> listed;
    for (const Node &n : std::as_const(s.nodes))
        listed.insert(n.endpoint.toString());
    for (auto it = input.observations.cbegin(); it != input.observations.cend(); ++it) {
        if (it->isSentinel || listed.contains(it.key()) || !candidates.isEmpty())
            continue;
        Node n;
        n.id = it.key();
        n.endpoint = it->endpoint;
        if (it->info && SnapshotBuilder::fresh(it->infoAtMs, input))
            SnapshotBuilder::applyInfo(n, *it->info);
        SnapshotBuilder::applyFreshness(n, &*it, input);
        s.nodes.append(n);
    }
    return s;
}

} // namespace ops
