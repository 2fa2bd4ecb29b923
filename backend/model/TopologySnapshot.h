#pragma once

#include "Node.h"
#include "SlotMap.h"

#include <QJsonObject>
#include <QMetaType>
#include <QStringList>

#include <memory>

namespace ops {

/**
 * @brief Everything known about one deployment at one moment. Immutable once published: the
 * Monitor builds a new one per cycle and shares it (SnapshotPtr) with every view and with
 * TopologyDiff, which compares consecutive snapshots.
 *
 * `nodes` holds the data nodes (masters first, each followed by its replicas, ordered by
 * endpoint); `sentinels` holds the sentinels.
 */
struct TopologySnapshot
{
    enum class Kind { Standalone, Sentinel, Cluster };

    QString deploymentId;
    Kind kind = Kind::Standalone;
    quint64 sequence = 0;          ///< 1 for the first snapshot of a Monitor, then +1 per cycle
    qint64 timestampMs = 0;        ///< wall clock when it was built

    QList<Node> nodes;
    QList<Node> sentinels;

    // Cluster
    std::shared_ptr<const SlotMap> slotMap;  ///< cluster only
    QByteArray clusterState;       ///< "ok" / "fail" from CLUSTER INFO; empty when unknown
    quint64 currentEpoch = 0;
    QStringList viewpoints;        ///< node ids whose CLUSTER NODES built this snapshot

    // Sentinel
    QString masterName;
    int quorum = 0;
    QString failoverState;         ///< a sentinel's failover-state while one runs
    /** Sentinel endpoint -> master address it reports, when they do not all agree. */
    QHash<QString, QString> sentinelMasterViews;

    QStringList warnings;          ///< viewpoint disagreements and similar, in words

    const Node *node(const QString &id) const;
    int indexOf(const QString &id) const;
    QList<const Node *> masters() const;
    QList<const Node *> replicasOf(const QString &masterId) const;
    const Node *master() const;    ///< Sentinel/standalone: the (first) master
    int staleCount() const;

    static QString kindName(Kind kind);
    QJsonObject toJson() const;
    static QJsonObject nodeToJson(const Node &node);
};

using SnapshotPtr = std::shared_ptr<const TopologySnapshot>;

} // namespace ops

Q_DECLARE_METATYPE(ops::SnapshotPtr)
