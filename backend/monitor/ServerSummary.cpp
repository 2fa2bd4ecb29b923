#include "ServerSummary.h"

#include "model/TopologySnapshot.h"

namespace ops {

ServerSummary ServerSummary::fromSnapshot(const TopologySnapshot &s, const Endpoint &preferred)
{
    ServerSummary out;
    out.deploymentId = s.deploymentId;
    out.snapshotSequence = s.sequence;
    const Node *node = nullptr;
    for (const Node &n : s.nodes)
        if (preferred.isValid() && n.endpoint == preferred)
            node = &n;
    if (node == nullptr)
        node = s.master();
    if (node == nullptr && !s.nodes.isEmpty())
        node = &s.nodes.first();
    out.mode = s.kind == TopologySnapshot::Kind::Cluster ? QStringLiteral("cluster") : QStringLiteral("standalone");
    if (s.kind == TopologySnapshot::Kind::Cluster) {
        out.clusterState = QString::fromLatin1(s.clusterState);
        out.clusterKnownNodes = s.nodes.size();
        out.clusterSize = 0;
        for (const Node &n : s.nodes)
            out.clusterSize += n.isMaster() && n.slotCount > 0 ? 1 : 0;
    }
    if (s.kind == TopologySnapshot::Kind::Sentinel)
        out.sentinels = s.sentinels.size();
    if (node == nullptr) {
        out.endpoint = preferred;
        out.error = QStringLiteral("no data node known yet");
        return out;
    }
    out.endpoint = node->endpoint;
    out.reachable = node->lastSeenMs > 0 && !node->has(Node::Stale);
    out.error = out.reachable ? QString() : (node->lastError.isEmpty() ? QStringLiteral("no answer yet") : node->lastError);
    out.version = node->version;
    out.role = node->role == Node::Role::Unknown ? QString() : Node::roleName(node->role);
    out.uptimeSeconds = node->uptimeSeconds;
    out.connectedClients = node->clients;
    out.usedMemory = node->usedMemory;
    out.connectedReplicas = node->connectedReplicas;
    out.keys = node->keys;
    if (node->lastSeenMs > 0)
        out.refreshedAt = QDateTime::fromMSecsSinceEpoch(node->lastSeenMs);
    return out;
}

} // namespace ops
