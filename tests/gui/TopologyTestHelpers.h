#pragma once
// Helpers shared by the topology page tests (header-only): synthetic snapshots and nodes, item
// queries, the "lab has settled" predicate and screenshot paths.

#include "SyntheticSnapshot.h"
#include "TestPaths.h"
#include "topology/NodeItem.h"
#include "topology/ShardItem.h"
#include "topology/TopologyPage.h"
#include "topology/TopologyScene.h"
#include "topology/TopologyView.h"

#include <memory>

namespace topologytest {

using namespace ops;


inline constexpr qint64 kNow = 1'700'000'000'000;

inline SnapshotPtr syntheticCluster(int masters, const QList<int> &failedOver = {})
{
    synthetic::ClusterSpec spec;
    spec.masters = masters;
    spec.failedOver = failedOver;
    TopologySnapshot s = synthetic::clusterSnapshot(spec, kNow);
    s.timestampMs = kNow;
    return std::make_shared<const TopologySnapshot>(std::move(s));
}

inline Node dataNode(const QString &id, int port, Node::Role role, const QString &masterId = {})
{
    Node n;
    n.id = id;
    n.endpoint = Endpoint{QStringLiteral("127.0.0.1"), quint16(port)};
    n.role = role;
    n.masterId = masterId;
    n.usedMemory = 2'400'000;
    n.lastSeenMs = kNow - 2000;
    return n;
}

inline QList<NodeItem *> itemsWithRole(const TopologyScene &scene, Node::Role role)
{
    QList<NodeItem *> out;
    for (NodeItem *item : scene.nodeItems())
        if (item->role() == role)
            out << item;
    return out;
}

/** Every data node is answering, and the cluster's view has settled on @p nodes nodes. */
inline bool complete(const TopologySnapshot &s, int nodes, int sentinels = 0)
{
    if (s.nodes.size() != nodes || s.sentinels.size() != sentinels)
        return false;
    for (const QList<Node> *list : {&s.nodes, &s.sentinels})
        for (const Node &n : *list)
            if (n.lastSeenMs == 0 || n.role == Node::Role::Unknown)
                return false;
    return true;
}

inline QString shotPath(const QString &name)
{
    return testOutputDir() + QStringLiteral("/topology-") + name + QStringLiteral(".png");
}


/** Where the shard box holding @p nodeId is on the page's view. */
inline QRect screenRectOfShard(const TopologyPage &page, const QString &nodeId)
{
    return page.view()->mapFromScene(page.scene()->shardItemOf(nodeId)->sceneBoundingRect()).boundingRect();
}

} // namespace topologytest
