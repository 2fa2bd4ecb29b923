#pragma once

#include "ReshardPlan.h"
#include "actions/ClusterSurvey.h"

#include <QHash>
#include <QVector>

namespace ops {

/**
 * @brief What a reshard is planned on, read live: the cluster (every node's CLUSTER NODES, CLUSTER
 * INFO, ...), the keys in every slot on its owner (COUNTKEYSINSLOT) and a sample of key sizes
 * (MEMORY USAGE on keys of a few slots of every master).
 */
struct ReshardSurvey
{
    ClusterSurvey cluster;
    QVector<qint64> keysInSlot = QVector<qint64>(kSlotCount, -1); ///< -1: not counted
    QList<BigKey> sample;            ///< every sampled key with its size (big or not)
    QStringList errors;              ///< reads that failed (a master that did not answer its counts, ...)
    /** Open (migrating / importing) and uncovered slots: their keys on every master that answered,
     *  by "host:port" (what `fix` judges on). */
    QHash<int, QHash<QString, qint64>> keysOnNodes;

    /** Mean size of the sampled keys; 0 when nothing was sampled. */
    qint64 averageKeyBytes() const;
};

} // namespace ops
