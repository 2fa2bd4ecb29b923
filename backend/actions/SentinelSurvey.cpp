#include "SentinelSurvey.h"

#include <QHash>

namespace ops {

qint64 DataNodeView::offset() const
{
    return isMaster() ? replication.integer("master_repl_offset", -1) : replication.integer("slave_repl_offset", -1);
}

const DataNodeView *SentinelSurvey::replica(const Endpoint &endpoint) const
{
    for (const DataNodeView &r : replicas)
        if (r.endpoint == endpoint)
            return &r;
    return nullptr;
}

Endpoint SentinelSurvey::majorityMaster() const
{
    QHash<QString, int> votes;
    Endpoint best;
    int bestVotes = 0;
    for (const SentinelView &s : sentinels) {
        if (!s.reachable() || s.master.port == 0)
            continue;
        const Endpoint e = s.masterEndpoint();
        const int n = ++votes[e.toString()];
        if (n > bestVotes) {
            best = e;
            bestVotes = n;
        }
    }
    return best;
}

int SentinelSurvey::reachableSentinels() const
{
    int n = 0;
    for (const SentinelView &s : sentinels)
        n += s.reachable() ? 1 : 0;
    return n;
}

DeploymentIdentity::Result SentinelSurvey::identity(const QList<Endpoint> &seeds) const
{
    DeploymentIdentity::Input input;
    input.kind = TopologySnapshot::Kind::Sentinel;
    input.masterName = QString::fromUtf8(masterName);
    input.seeds = seeds;
    for (const SentinelView &v : sentinels) {
        NodeObservation o;
        o.endpoint = v.sentinel;
        o.isSentinel = true;
        o.sentinelPeers = v.peers;
        o.sentinelMyId = v.myId;
        input.observations.insert(v.sentinel.toString(), o);
    }
    return DeploymentIdentity::resolve(input);
}

} // namespace ops
