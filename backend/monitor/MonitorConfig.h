#pragma once

#include "resp/ConnectionOptions.h"

#include <QList>
#include <QString>

namespace ops {

/** @brief What a Monitor watches and how often. */
struct MonitorConfig
{
    enum class Kind { Auto, Standalone, Sentinel, Cluster };

    Kind kind = Kind::Auto;           ///< Auto: decided from the seed's INFO (redis_mode)
    QList<Endpoint> seeds;            ///< any node of a cluster; sentinels of a Sentinel deployment
    QByteArray masterName;            ///< Sentinel: the monitored master's name (empty: the only one)
    QString deploymentId;             ///< empty: derived by DeploymentIdentity (the same from any seed)
    ConnectionOptions dataOptions;    ///< auth/TLS for data nodes (endpoint is set per node)
    ConnectionOptions sentinelOptions;///< auth/TLS for sentinels (often without a password)
    int intervalMs = 1000;            ///< poll interval
    int staleAfterMs = 3000;          ///< a node silent this long is Stale
    int commandTimeoutMs = 2000;      ///< per poll command
    int viewpointsPerCycle = 0;       ///< CLUSTER NODES per cycle; 0: every node up to 16, else 4
    int forgetAfterMs = 30000;        ///< stop polling an endpoint no view has listed for this long
    /** Settings (CONFIG GET, SENTINEL CKQUORUM) are read at connect, after a restart, then this often. */
    int configIntervalMs = 300000;
    /** The deployment id not settled after this long (a chain's top never answering): the best guess is kept. */
    int identityTimeoutMs = 10000;
};

} // namespace ops
