#pragma once

#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>
#include <QtGlobal>

namespace ops {

/**
 * @brief One poll's worth of numeric metrics of one node (INFO replication / memory / stats /
 * clients / keyspace), or one downsampled bucket of them (MetricStore's coarse ring).
 * Every field uses -1 (any negative value) for "unknown": not reported, not applicable to the
 * node's role, or not known in the whole bucket.
 */
struct MetricSample
{
    qint64 timestampMs = 0;      ///< poll time (wall clock, ms since the epoch); bucket start when downsampled
    qint64 replOffset = -1;      ///< master_repl_offset (master) or slave_repl_offset (replica)
    qint64 lagBytes = -1;        ///< replica: master offset - replica offset
    double lagSeconds = -1;      ///< replica: INFO slaveN lag (from the master) or master_last_io_seconds_ago
    int linkUp = -1;             ///< replica: master_link_status up = 1, down = 0
    qint64 usedMemory = -1;      ///< used_memory, bytes
    qint64 maxMemory = -1;       ///< maxmemory, bytes (0 = no limit)
    double fragmentation = -1;   ///< mem_fragmentation_ratio
    double opsPerSec = -1;       ///< instantaneous_ops_per_sec
    qint64 clients = -1;         ///< connected_clients
    qint64 keys = -1;            ///< sum of keys over the keyspace section

    friend bool operator==(const MetricSample &, const MetricSample &) = default;
};

/** Metric samples of one poll cycle (Monitor::samplesReady): node id -> sample. */
using MetricBatch = QList<QPair<QString, MetricSample>>;

} // namespace ops

Q_DECLARE_METATYPE(ops::MetricSample)
Q_DECLARE_METATYPE(ops::MetricBatch)
