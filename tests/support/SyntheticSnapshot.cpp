#include "SyntheticSnapshot.h"

#include "discovery/ClusterNodesParser.h"
#include "discovery/SnapshotBuilder.h"

namespace synthetic {

using namespace ops;

TopologySnapshot clusterSnapshot(const ClusterSpec &spec, qint64 nowMs)
{
    NodeObservation o;
    o.endpoint = Endpoint{QStringLiteral("127.0.0.1"), quint16(spec.basePort)};
    o.lastSuccessMs = nowMs;
    auto parsed = parseClusterNodes(clusterNodesText(spec));
    Q_ASSERT(parsed.ok());
    o.clusterNodes = parsed.take();
    o.clusterNodesAtMs = nowMs;
    o.clusterState = "ok";
    o.clusterInfoAtMs = nowMs;
    SnapshotInput in;
    in.deploymentId = QStringLiteral("cluster:synthetic");
    in.kind = TopologySnapshot::Kind::Cluster;
    in.nowMs = nowMs;
    in.observations.insert(o.endpoint.toString(), o);
    return SnapshotBuilder::build(in);
}

SnapshotPtr withMetrics(TopologySnapshot s, int cycle)
{
    const qint64 now = s.timestampMs + qint64(cycle) * 1000;
    for (Node &n : s.nodes) {
        n.usedMemory = 1'800'000 + 4096 * ((cycle * 7 + n.endpoint.port) % 97);
        n.replOffset = 1'000'000 + qint64(cycle) * 1000;
        n.opsPerSec = 100 + cycle % 50 + n.endpoint.port % 13;
        n.lastSeenMs = now;
        if (n.isReplica()) {
            n.masterLinkUp = 1;
            n.lagBytes = ((cycle + n.endpoint.port) % 5) * 1024;
            n.lagSeconds = (cycle + n.endpoint.port) % 2;
        }
    }
    s.sequence = quint64(cycle);
    s.timestampMs = now;
    return std::make_shared<const TopologySnapshot>(std::move(s));
}

MetricBatch samplesOf(const TopologySnapshot &snapshot)
{
    MetricBatch batch;
    batch.reserve(snapshot.nodes.size());
    for (const Node &n : snapshot.nodes) {
        MetricSample m;
        m.timestampMs = snapshot.timestampMs;
        m.replOffset = n.replOffset;
        m.usedMemory = n.usedMemory;
        m.maxMemory = 0;
        m.fragmentation = 1.1 + (n.endpoint.port % 7) * 0.05;
        m.opsPerSec = n.opsPerSec;
        m.clients = 10 + n.endpoint.port % 5;
        m.keys = 1000;
        if (n.isReplica()) {
            m.lagBytes = n.lagBytes;
            m.lagSeconds = n.lagSeconds;
            m.linkUp = n.masterLinkUp;
        }
        batch.append({n.id, m});
    }
    return batch;
}

} // namespace synthetic
