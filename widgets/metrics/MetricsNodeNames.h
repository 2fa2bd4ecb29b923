#pragma once

#include "MetricDefinition.h"
#include "model/OpsEvent.h"
#include "model/TopologySnapshot.h"

#include <QHash>
#include <QString>
#include <QStringList>

namespace ops {

/**
 * @brief How the metrics page names and orders nodes: legend text ("127.0.0.1:7001 (replica
 * of :7000)"), CSV column headers ("lag_bytes@127.0.0.1:7001"), the subject of an event marker
 * (":7003" on loopback labs) and a stable colour index per node, so a node has the same colour
 * on every plot for as long as the page shows the deployment. Names come from the latest
 * TopologySnapshot; nodes it does not know are named by their id.
 */
class MetricsNodeNames
{
public:
    /** Also indexes the snapshot's nodes by id (node() is O(1): 1,000-node deployments). */
    void setSnapshot(SnapshotPtr snapshot);
    const SnapshotPtr &snapshot() const { return m_snapshot; }
    /** Forgets the snapshot and the colour assignments. */
    void clear();

    /** Legend text of @p nodeId. */
    QString seriesName(const QString &nodeId) const;
    /** CSV header of @p def's column for @p nodeId: `<key>@<host:port>` (node id when unknown). */
    QString csvColumnName(const MetricDefinition &def, const QString &nodeId) const;
    /** Short text of the node an event is about: ":7003" on loopback, "10.0.0.5:6379" elsewhere. */
    QString eventSubject(const OpsEvent &event) const;
    /** Nodes of the snapshot in its order, then the other nodes of @p storeNodes (sorted by id). */
    QStringList orderedNodes(const QStringList &storeNodes) const;
    /** The snapshot's node @p nodeId, or nullptr. */
    const Node *node(const QString &nodeId) const { return m_index.value(nodeId, nullptr); }
    /** Colour index of @p nodeId, assigned on first use and kept until clear(). */
    int colorIndexOf(const QString &nodeId);

private:
    QString shortEndpoint(const QString &nodeId, const QString &relativeToHost) const;

    SnapshotPtr m_snapshot;
    QHash<QString, const Node *> m_index; ///< into m_snapshot's nodes and sentinels
    QHash<QString, int> m_colorIndex;
};

} // namespace ops
