#include "SentinelViewMerger.h"

#include <QSet>

namespace ops {

namespace {

Node dataNode(const Endpoint &endpoint, Node::Role role, const SnapshotInput &input)
{
    Node n;
    n.endpoint = endpoint;
    n.id = endpoint.toString();
    n.role = role;
    const NodeObservation *o = SnapshotBuilder::observationFor(input, endpoint);
    if (o != nullptr && o->info && SnapshotBuilder::fresh(o->infoAtMs, input)) {
        SnapshotBuilder::applyInfo(n, *o->info);
        if (n.isReplica()) {
            const Endpoint master{QString::fromUtf8(o->info->value("master_host")),
                                  quint16(o->info->integer("master_port", 0))};
            if (master.isValid())
                n.masterId = master.toString();
        }
    }
    SnapshotBuilder::applyFreshness(n, o, input);
    return n;
}

} // namespace

TopologySnapshot SentinelViewMerger::merge(const SnapshotInput &input)
{
    TopologySnapshot s;
    s.masterName = input.masterName;

    // 1. Sentinels, and what each says the master is.
    QHash<QString, int> votes;
    QHash<QString, QString> views;                    // sentinel -> master address
    QHash<QString, const SentinelMasterState *> stateByAddress;
    const NodeObservation *listsFrom = nullptr;       // freshest REPLICAS/SENTINELS answer
    QSet<QString> sentinelIds;
    for (auto it = input.observations.cbegin(); it != input.observations.cend(); ++it) {
        const NodeObservation &o = it.value();
        if (!o.isSentinel)
            continue;
        Node n;
        n.id = it.key();
        n.endpoint = o.endpoint;
        n.role = Node::Role::Sentinel;
        n.watchedMasters = {input.masterName};
        if (o.info && SnapshotBuilder::fresh(o.infoAtMs, input)) {
            n.version = QString::fromUtf8(o.info->value("redis_version"));
            n.uptimeSeconds = o.info->integer("uptime_in_seconds");
            n.clients = o.info->integer("connected_clients");
        }
        SnapshotBuilder::applyFreshness(n, &o, input);
        s.sentinels.append(n);
        sentinelIds.insert(n.id);
        if (o.sentinelMaster && SnapshotBuilder::fresh(o.sentinelMasterAtMs, input)) {
            const QString address = Endpoint{o.sentinelMaster->host, o.sentinelMaster->port}.toString();
            views.insert(n.id, address);
            ++votes[address];
            const SentinelMasterState *&best = stateByAddress[address];
            if (best == nullptr || o.sentinelMaster->configEpoch > best->configEpoch)
                best = &*o.sentinelMaster;
        }
        if (o.sentinelReplicas && o.sentinelPeers && SnapshotBuilder::fresh(o.sentinelListsAtMs, input)
            && (listsFrom == nullptr || o.sentinelListsAtMs > listsFrom->sentinelListsAtMs))
            listsFrom = &o;
    }

    QString masterAddress;
    int bestVotes = 0;
    for (auto it = votes.cbegin(); it != votes.cend(); ++it) {
        const bool better = it.value() > bestVotes
            || (it.value() == bestVotes && stateByAddress.value(it.key())->configEpoch
                                               > stateByAddress.value(masterAddress)->configEpoch);
        if (better) {
            masterAddress = it.key();
            bestVotes = it.value();
        }
    }
    if (votes.size() > 1)
        s.sentinelMasterViews = views;
    if (masterAddress.isEmpty())
        return s; // no sentinel answered: nothing is known about the data nodes
    const SentinelMasterState &state = *stateByAddress.value(masterAddress);
    s.quorum = state.quorum;
    s.failoverState = QString::fromLatin1(state.failoverState);

    // 2. The master.
    Node master = dataNode(Endpoint{state.host, state.port}, Node::Role::Master, input);
    for (const SentinelMasterState *st : std::as_const(stateByAddress))
        if (Endpoint{st->host, st->port}.toString() == masterAddress) {
            if (st->sdown())
                master.flags |= Node::SDown;
            if (st->odown())
                master.flags |= Node::ODown;
        }
    s.nodes.append(master);
    QSet<QString> listed{master.id};

    // 3. Replicas and other sentinels as the freshest lists report them.
    if (listsFrom != nullptr) {
        for (const SentinelReplicaState &r : *listsFrom->sentinelReplicas) {
            Node n = dataNode(Endpoint{r.host, r.port}, Node::Role::Replica, input);
            if (listed.contains(n.id))
                continue;
            if (n.masterId.isEmpty())
                n.masterId = master.id;
            if (n.replOffset < 0)
                n.replOffset = r.replOffset;
            if (n.masterLinkUp < 0 && !r.masterLinkStatus.isEmpty())
                n.masterLinkUp = r.masterLinkStatus == "ok" ? 1 : 0;
            if (r.sdown())
                n.flags |= Node::SDown;
            listed.insert(n.id);
            s.nodes.append(n);
        }
        for (const SentinelPeerState &p : *listsFrom->sentinelPeers) {
            const Endpoint ep{p.host, p.port};
            if (sentinelIds.contains(ep.toString())) {
                if (p.sdown())
                    for (Node &n : s.sentinels)
                        if (n.id == ep.toString())
                            n.flags |= Node::SDown;
                continue;
            }
            Node n;
            n.endpoint = ep;
            n.id = ep.toString();
            n.role = Node::Role::Sentinel;
            n.watchedMasters = {input.masterName};
            if (p.sdown())
                n.flags |= Node::SDown;
            sentinelIds.insert(n.id);
            s.sentinels.append(n);
        }
    }
    // 4. Data nodes we poll that no sentinel lists (yet): keep them visible.
    for (auto it = input.observations.cbegin(); it != input.observations.cend(); ++it) {
        if (it->isSentinel || listed.contains(it.key()))
            continue;
        Node n = dataNode(it->endpoint, Node::Role::Unknown, input);
        if (n.role == Node::Role::Unknown && !n.has(Node::Stale))
            continue;
        listed.insert(n.id);
        s.nodes.append(n);
    }
    return s;
}

} // namespace ops
