#include "SyntheticSlotLayout.h"

#include "SyntheticCluster.h"
#include "SyntheticObservation.h"
#include "discovery/SnapshotBuilder.h"

namespace synthetic {

ops::SnapshotPtr slotLayoutSnapshot(const SlotLayout &layout, qint64 nowMs, quint64 sequence)
{
    ops::SnapshotInput in;
    in.deploymentId = QStringLiteral("cluster:test");
    in.kind = ops::TopologySnapshot::Kind::Cluster;
    in.nowMs = nowMs;
    in.sequence = sequence;
    const int views = layout.viewpoints < 0 ? layout.masters : layout.viewpoints;
    for (int view = 0; view < views; ++view) {
        ClusterSpec spec;
        spec.masters = layout.masters;
        spec.replicasPerMaster = layout.replicas;
        spec.myselfIndex = view;
        spec.failedOver = layout.failedOver;
        spec.basePort = layout.basePort;
        QByteArray text;
        for (QByteArray line : clusterNodesText(spec).split('\n')) {
            if (line.isEmpty())
                continue;
            int master = -1;
            for (int m = 0; m < layout.masters; ++m)
                if (line.startsWith(nodeId(m)))
                    master = m;
            if (master >= 0 && layout.slotText.contains(master)) {
                line.truncate(line.lastIndexOf(" connected") + 10);
                if (!layout.slotText.value(master).isEmpty())
                    line += ' ' + layout.slotText.value(master);
            }
            if (master == view)
                for (const SlotLayout::Move &mv : layout.moves) {
                    if (mv.from == view && mv.migrating)
                        line += " [" + QByteArray::number(mv.slot) + "->-" + nodeId(mv.to) + ']';
                    if (mv.to == view && mv.importing)
                        line += " [" + QByteArray::number(mv.slot) + "-<-" + nodeId(mv.from) + ']';
                }
            text += line + '\n';
        }
        QByteArray info;
        if (layout.keys.contains(view))
            info = "# Replication\r\nrole:master\r\n# Memory\r\nused_memory:" + QByteArray::number(1048576 * (view + 1))
                + "\r\n# Keyspace\r\ndb0:keys=" + QByteArray::number(layout.keys.value(view)) + ",expires=0,avg_ttl=0\r\n";
        const ops::NodeObservation o = observation(quint16(layout.basePort + view), nowMs, text, info);
        in.observations.insert(o.endpoint.toString(), o);
    }
    return std::make_shared<const ops::TopologySnapshot>(ops::SnapshotBuilder::build(in));
}

} // namespace synthetic
