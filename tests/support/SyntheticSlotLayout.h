#pragma once

#include "model/TopologySnapshot.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMetaType>

/**
 * Cluster snapshots with uneven, uncovered and moving slots for the slot-table and slot-map
 * tests: SyntheticCluster's even split with edits on top, built by SnapshotBuilder from each
 * master's own CLUSTER NODES view (so each master's line carries its MIGRATING / IMPORTING
 * markers).
 */
namespace synthetic {

struct SlotLayout
{
    struct Move
    {
        int slot = 0;
        int from = 0;              ///< master index
        int to = 1;
        bool migrating = true;     ///< the source's own line shows [slot->-target]
        bool importing = true;     ///< the target's own line shows [slot-<-source]
    };
    int masters = 3;
    int replicas = 1;
    int viewpoints = -1;               ///< masters whose own view is read; -1: every master
    QHash<int, QByteArray> slotText;   ///< master index -> its slot fields ("" = none)
    QList<Move> moves;
    QHash<int, qint64> keys;           ///< master index -> keys (from INFO keyspace)
    QList<int> failedOver;             ///< masters failed over to their first replica
    int basePort = 30000;              ///< port of node 0 (node i: basePort + i)
};

/** The snapshot of @p layout at @p nowMs. */
ops::SnapshotPtr slotLayoutSnapshot(const SlotLayout &layout, qint64 nowMs, quint64 sequence = 1);

} // namespace synthetic

Q_DECLARE_METATYPE(synthetic::SlotLayout)
