#pragma once

#include "model/SlotRange.h"

#include <QByteArray>
#include <QList>

/**
 * Synthetic `CLUSTER NODES` text in the exact Redis 7.0 format, for parser tests and the
 * topology benchmarks: N masters × R replicas, all 16384 slots split evenly over the masters
 * (the first 16384 % N masters get one slot more), deterministic ids, ports and times.
 *
 * Node index i: masters are 0..N-1, replica r of master m is N + m*R + r. Its port is
 * basePort + i, its bus port port + busPortOffset.
 */
namespace synthetic {

/** What to generate. */
struct ClusterSpec
{
    int masters = 3;
    int replicasPerMaster = 1;
    int myselfIndex = 0;           ///< node index that carries "myself"; -1 for none
    int basePort = 30000;
    int busPortOffset = 10000;
    quint32 seed = 1;              ///< varies the node ids
    bool shuffled = false;         ///< node lines in a seeded random order (Redis prints dict order)
    /** Masters whose first replica has been promoted: the replica owns the slots (epoch bumped),
     *  the old master is listed as "slave,fail" of it. For diff benchmarks. */
    QList<int> failedOver;
};

/** Deterministic 40-hex id of node @p index (SHA-1 of seed and index). */
QByteArray nodeId(int index, quint32 seed = 1);

/** The slots master @p master of @p masters owns: an even split of 0..16383. */
ops::SlotRange slotRangeOf(int master, int masters);

/** The CLUSTER NODES text of @p spec ("\n" after every line, the last one too). */
QByteArray clusterNodesText(const ClusterSpec &spec);

} // namespace synthetic
