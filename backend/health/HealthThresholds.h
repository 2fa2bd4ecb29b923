#pragma once

#include <QtGlobal>

namespace ops {

/** @brief The numbers the health rules judge against; defaults follow Redis's own advice. */
struct HealthThresholds
{
    int minSentinels = 3;                        ///< fewer cannot survive one sentinel's loss
    qint64 replicaLagBytes = 1 << 20;            ///< replica lag in bytes above this: warning
    double replicaLagSeconds = 10;               ///< seconds since the replica's last ACK above this: warning
    double maxMemoryShareOfSystem = 0.75;        ///< maxmemory above this share of RAM: no room to fork
    double fragmentationRatio = 1.5;             ///< mem_fragmentation_ratio above this: warning...
    qint64 fragmentationMinUsedBytes = 5 << 20;  ///< ...unless used_memory is below this (MEMORY DOCTOR's "empty")
    qint64 fragmentationMinBytes = 10 << 20;     ///< ...or RSS - used is below this (MEMORY DOCTOR's 10 MB)
    double memoryUsageShare = 0.90;              ///< used_memory at or above this share of maxmemory
    double slotImbalance = 0.20;                 ///< a master's slots off the fair share by more than this
    double evictableKeyShare = 0.05;             ///< volatile-* policy: keys with a TTL below this share (and half full)
    int minClusterNodeTimeoutMs = 1000;          ///< cluster-node-timeout below this: a pause or blip fails nodes over
    int maxClusterNodeTimeoutMs = 60000;         ///< above this: a dead master is detected only after a minute
    double backlogOutageSeconds = 60;            ///< repl-backlog-size must hold this many seconds of writes
};

} // namespace ops
