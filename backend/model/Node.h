#pragma once

#include "NodeConfig.h"
#include "SlotRange.h"
#include "resp/Endpoint.h"

#include <QString>
#include <QStringList>

namespace ops {

/**
 * @brief One server of a deployment as the console currently understands it: a value inside an
 * immutable TopologySnapshot. -1 means "unknown" for every numeric metric.
 *
 * Identity: the cluster node id in a cluster; `host:port` for Sentinel / standalone deployments
 * and for sentinels.
 */
struct Node
{
    enum class Role { Master, Replica, Sentinel, Unknown };
    /** Health flags as the cluster (viewpoints) and our own polling see them. Several can hold. */
    enum Flag : quint16 {
        PFail = 1,       ///< some viewpoint suspects it (cluster "fail?")
        Fail = 2,        ///< the cluster agreed it is down
        Handshake = 4,   ///< cluster handshake not finished
        NoAddr = 8,      ///< address unknown to the cluster
        NoFailover = 16, ///< replica will not fail over
        Stale = 32,      ///< it did not answer our polls within the stale limit
        Loading = 64,    ///< loading its dataset
        SDown = 128,     ///< Sentinel: subjectively down
        ODown = 256,     ///< Sentinel: objectively down
    };

    QString id;
    Endpoint endpoint;
    QString hostname;            ///< announced hostname (cluster-announce-hostname), if any
    quint16 busPort = 0;
    Role role = Role::Unknown;
    QString masterId;            ///< replica: the id of its master (empty if unknown)
    quint16 flags = 0;
    quint64 configEpoch = 0;
    bool busLinkConnected = true;

    // Replication (INFO replication)
    qint64 replOffset = -1;      ///< master_repl_offset (master) / slave_repl_offset (replica)
    double replBytesPerSec = -1; ///< master: replication stream written per second (offset growth, smoothed by the Monitor); -1 unknown
    qint64 lagBytes = -1;        ///< replica: master offset - own offset
    double lagSeconds = -1;      ///< replica: lag reported by the master / master_last_io_seconds_ago
    int masterLinkUp = -1;       ///< replica: 1 up, 0 down, -1 unknown
    qint64 masterLinkDownSeconds = -1;
    int connectedReplicas = -1;

    // Resources (INFO)
    qint64 usedMemory = -1;
    qint64 maxMemory = -1;
    double fragmentation = -1;
    double opsPerSec = -1;
    qint64 clients = -1;
    qint64 keys = -1;
    qint64 keysWithExpiry = -1;  ///< keys with a time to live (INFO keyspace `expires=`, all databases)
    QString version;
    qint64 uptimeSeconds = -1;
    qint64 totalSystemMemory = -1; ///< total_system_memory (0 when the server cannot tell)
    qint64 fragmentationBytes = -1; ///< mem_fragmentation_bytes (RSS - used)
    QString maxMemoryPolicy;       ///< maxmemory_policy (INFO memory)

    /** Settings read rarely (CONFIG GET; a sentinel's SENTINEL MASTER fields): see NodeConfig. */
    NodeConfig config;

    // Cluster
    SlotRanges slotRanges;       ///< owned slot ranges (masters)
    int slotCount = 0;

    // Sentinel (role == Sentinel)
    QStringList watchedMasters;

    qint64 lastSeenMs = 0;       ///< wall clock of the last poll it answered (0 = never)
    QString lastError;           ///< why the last poll failed, if it did

    bool has(Flag f) const { return (flags & f) != 0; }
    bool isMaster() const { return role == Role::Master; }
    bool isReplica() const { return role == Role::Replica; }
    /** Worst state in words: "fail", "pfail", "stale", "handshake", "noaddr", "loading", "odown", "sdown", "ok". */
    QString healthText() const;
    static QString roleName(Role role);
};

} // namespace ops
