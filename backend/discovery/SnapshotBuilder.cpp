#include "SnapshotBuilder.h"

#include "ClusterViewMerger.h"
#include "SentinelViewMerger.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace ops {

namespace {

// A standalone master and the replicas its INFO lists (plus any replica we were seeded with).
TopologySnapshot buildStandalone(const SnapshotInput &input)
{
    TopologySnapshot s;
    QSet<QString> seen;
    for (auto it = input.observations.cbegin(); it != input.observations.cend(); ++it) {
        const NodeObservation &o = it.value();
        if (o.isSentinel)
            continue;
        Node n;
        n.id = it.key();
        n.endpoint = o.endpoint;
        if (o.info && SnapshotBuilder::fresh(o.infoAtMs, input))
            SnapshotBuilder::applyInfo(n, *o.info);
        else if (o.info)
            n.role = o.info->value("role") == "master" ? Node::Role::Master : Node::Role::Replica;
        if (n.isReplica() && o.info) {
            const Endpoint master{QString::fromUtf8(o.info->value("master_host")),
                                  quint16(o.info->integer("master_port", 0))};
            n.masterId = master.toString();
        }
        SnapshotBuilder::applyFreshness(n, &o, input);
        seen.insert(n.id);
        s.nodes.append(n);
    }
    // Behind NAT or a proxy a replica names its master by an address other than the one we use:
    // the master's own INFO, which lists it, says whose replica it is (otherwise the master would
    // look replica-less and a second, phantom master would be polled at the other address).
    QHash<QString, QString> listedBy;                 // replica endpoint -> the master listing it
    QHash<QString, QList<InfoReplica>> listedReplicas; // master id -> its INFO's replicas (parsed once)
    for (const Node &n : std::as_const(s.nodes)) {
        const NodeObservation *o = SnapshotBuilder::observationFor(input, n.endpoint);
        if (!n.isMaster() || o == nullptr || !o->info)
            continue;
        const QList<InfoReplica> replicas = o->info->replicas();
        for (const InfoReplica &r : replicas)
            listedBy.insert(Endpoint{r.host, r.port}.toString(), n.id);
        listedReplicas.insert(n.id, replicas);
    }
    for (Node &n : s.nodes)
        if (n.isReplica() && !seen.contains(n.masterId) && listedBy.contains(n.endpoint.toString()))
            n.masterId = listedBy.value(n.endpoint.toString());
    // Servers we have not polled yet: replicas a master lists, and the master a replica follows
    // (a replica has a master id only from its INFO). They appear at once (the Monitor starts
    // polling them from this snapshot).
    const QList<Node> polled = s.nodes;
    for (const Node &n : polled) {
        if (n.isMaster()) {
            for (const InfoReplica &r : listedReplicas.value(n.id)) {
                Node replica;
                replica.endpoint = Endpoint{r.host, r.port};
                replica.id = replica.endpoint.toString();
                if (seen.contains(replica.id))
                    continue;
                replica.role = Node::Role::Replica;
                replica.masterId = n.id;
                replica.replOffset = r.offset;
                seen.insert(replica.id);
                s.nodes.append(replica);
            }
        } else if (n.isReplica() && !n.masterId.isEmpty() && !seen.contains(n.masterId)) {
            Node master;
            master.endpoint = Endpoint::parse(n.masterId);
            master.id = n.masterId;
            master.role = Node::Role::Master;
            seen.insert(master.id);
            s.nodes.append(master);
        }
    }
    return s;
}

} // namespace

const NodeObservation *SnapshotBuilder::observationFor(const SnapshotInput &input, const Endpoint &endpoint)
{
    const auto it = input.observations.constFind(endpoint.toString());
    return it == input.observations.cend() ? nullptr : &*it;
}

TopologySnapshot SnapshotBuilder::build(const SnapshotInput &input)
{
    TopologySnapshot s;
    switch (input.kind) {
    case TopologySnapshot::Kind::Cluster: s = ClusterViewMerger::merge(input); break;
    case TopologySnapshot::Kind::Sentinel: s = SentinelViewMerger::merge(input); break;
    case TopologySnapshot::Kind::Standalone: s = buildStandalone(input); break;
    }
    s.deploymentId = input.deploymentId;
    s.kind = input.kind;
    s.sequence = input.sequence;
    s.timestampMs = input.nowMs;
    computeLag(s.nodes, input);
    orderNodes(s.nodes);
    std::sort(s.sentinels.begin(), s.sentinels.end(),
              [](const Node &a, const Node &b) { return a.endpoint.toString() < b.endpoint.toString(); });
    return s;
}

void SnapshotBuilder::applyInfo(Node &n, const InfoReply &info)
{
    const QByteArray role = info.value("role");
    if (role == "master")
        n.role = Node::Role::Master;
    else if (role == "slave")
        n.role = Node::Role::Replica;
    if (n.isMaster()) {
        n.replOffset = info.integer("master_repl_offset");
        n.connectedReplicas = int(info.integer("connected_slaves"));
    } else if (n.isReplica()) {
        n.replOffset = info.integer("slave_repl_offset");
        const QByteArray link = info.value("master_link_status");
        n.masterLinkUp = link == "up" ? 1 : link == "down" ? 0 : -1;
        n.masterLinkDownSeconds = info.integer("master_link_down_since_seconds");
        if (n.masterLinkUp == 1)
            n.lagSeconds = double(info.integer("master_last_io_seconds_ago"));
    }
    n.usedMemory = info.integer("used_memory");
    n.maxMemory = info.integer("maxmemory");
    n.fragmentation = info.real("mem_fragmentation_ratio");
    n.opsPerSec = info.real("instantaneous_ops_per_sec");
    n.clients = info.integer("connected_clients");
    n.keys = info.totalKeys();
    n.keysWithExpiry = info.totalExpires();
    n.version = QString::fromUtf8(info.value("redis_version"));
    n.uptimeSeconds = info.integer("uptime_in_seconds");
    n.totalSystemMemory = info.integer("total_system_memory");
    n.fragmentationBytes = info.integer("mem_fragmentation_bytes");
    n.maxMemoryPolicy = QString::fromUtf8(info.value("maxmemory_policy"));
    if (info.integer("loading", 0) == 1)
        n.flags |= Node::Loading;
}

void SnapshotBuilder::applyFreshness(Node &n, const NodeObservation *o, const SnapshotInput &input)
{
    if (o == nullptr)
        return;
    n.lastSeenMs = o->lastSuccessMs;
    n.roundTripMaxUs = o->roundTrips.maxUs();
    n.roundTripP99Us = o->roundTrips.p99Us();
    n.roundTripSamples = o->roundTrips.size();
    if (o->lastFailureMs > o->lastSuccessMs)
        n.lastError = o->lastError;
    else if (!o->replyProblem.isEmpty()) // it answered, but not with something usable
        n.lastError = o->replyProblem;
    const qint64 silentSince = o->lastSuccessMs > 0 ? o->lastSuccessMs : o->firstAttemptMs;
    if (silentSince > 0 && input.nowMs - silentSince > input.staleAfterMs)
        n.flags |= Node::Stale;
    applyConfig(n, *o);
}

void SnapshotBuilder::applyConfig(Node &n, const NodeObservation &o)
{
    // Settings are read every few minutes: the last read stands until the next one (no staleness).
    NodeConfig &c = n.config;
    c.readAtMs = o.configAtMs;
    if (!o.isSentinel) {
        if (o.config)
            c.values = *o.config;
        c.unavailable = o.configError;
        return;
    }
    if (o.sentinelMaster) {
        for (auto it = o.sentinelMaster->raw.cbegin(); it != o.sentinelMaster->raw.cend(); ++it)
            c.values.insert(it.key(), it.value());
        c.readAtMs = std::max(c.readAtMs, o.sentinelMasterAtMs);
    }
    if (o.ckQuorum) {
        c.values.insert("ckquorum", o.ckQuorum->text.toUtf8());
        c.values.insert("ckquorum-ok", o.ckQuorum->ok ? "1" : "0");
    }
    if (o.info && o.info->contains("sentinel_tilt"))
        c.values.insert("sentinel_tilt", o.info->value("sentinel_tilt"));
}

void SnapshotBuilder::computeLag(QList<Node> &nodes, const SnapshotInput &input)
{
    QHash<QString, int> byId;
    for (qsizetype i = 0; i < nodes.size(); ++i)
        byId.insert(nodes.at(i).id, int(i));
    for (Node &replica : nodes) {
        if (!replica.isReplica())
            continue;
        const auto it = byId.constFind(replica.masterId);
        if (it == byId.cend())
            continue;
        const Node &master = nodes.at(*it);
        // Prefer the master's own view (offset acked by the replica, lag since the last ACK): both
        // numbers come from one INFO reply, so they are consistent with each other.
        const NodeObservation *mo = observationFor(input, master.endpoint);
        bool fromMaster = false;
        if (mo != nullptr && mo->info && fresh(mo->infoAtMs, input) && master.replOffset >= 0) {
            const QList<InfoReplica> listed = mo->info->replicas();
            for (const InfoReplica &r : listed) {
                if (r.port == replica.endpoint.port && r.host == replica.endpoint.host) {
                    // Only an online replica that has acked something has a meaningful acked
                    // offset: a fresh one (after a failover, during a sync) is listed with 0.
                    // (An idle new master at offset 0 with its replica at 0 is simply in sync.)
                    if (r.state != "online" || (r.offset <= 0 && master.replOffset > 0))
                        break;
                    replica.lagBytes = std::max<qint64>(0, master.replOffset - r.offset);
                    if (r.lagSeconds >= 0)
                        replica.lagSeconds = double(r.lagSeconds);
                    fromMaster = true;
                    break;
                }
            }
        }
        if (!fromMaster && master.replOffset >= 0 && (replica.replOffset > 0 || master.replOffset == 0) && replica.replOffset >= 0)
            replica.lagBytes = std::max<qint64>(0, master.replOffset - replica.replOffset);
    }
}

void SnapshotBuilder::orderNodes(QList<Node> &nodes)
{
    auto byEndpoint = [](const Node *a, const Node *b) {
        if (a->endpoint.host != b->endpoint.host)
            return a->endpoint.host < b->endpoint.host;
        return a->endpoint.port < b->endpoint.port;
    };
    QList<const Node *> masters, others;
    QHash<QString, QList<const Node *>> replicasOf;
    for (const Node &n : std::as_const(nodes)) {
        if (n.isMaster())
            masters.append(&n);
        else
            others.append(&n);
    }
    std::sort(masters.begin(), masters.end(), byEndpoint);
    std::sort(others.begin(), others.end(), byEndpoint);
    QSet<QString> masterIds;
    for (const Node *m : std::as_const(masters))
        masterIds.insert(m->id);
    for (const Node *r : std::as_const(others))
        if (masterIds.contains(r->masterId))
            replicasOf[r->masterId].append(r);
    QList<Node> ordered;
    ordered.reserve(nodes.size());
    for (const Node *m : std::as_const(masters)) {
        ordered.append(*m);
        for (const Node *r : replicasOf.value(m->id))
            ordered.append(*r);
    }
    for (const Node *r : std::as_const(others))
        if (!masterIds.contains(r->masterId))
            ordered.append(*r);
    nodes = std::move(ordered);
}

} // namespace ops
