#pragma once

#include "discovery/ParseError.h"
#include "resp/RedisResult.h"
#include "resp/RespValue.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QPair>
#include <QString>

namespace ops {

/**
 * @brief Flat field/value array (as SENTINEL MASTER/REPLICAS/SENTINELS return per instance) -> ordered
 * list of pairs. Odd length, non-string elements or an empty field name are errors (element index).
 */
Parsed<QList<QPair<QByteArray, QByteArray>>> parseFieldPairs(const RespValue &flat);

/** @brief One master as seen by a Sentinel (`SENTINEL MASTER <name>`, an element of `SENTINEL MASTERS`). */
struct SentinelMasterState
{
    QByteArray name;
    QString host;
    quint16 port = 0;
    QByteArray runId;              ///< empty while the Sentinel has not reached the master yet
    QList<QByteArray> flags;       ///< "master", "s_down", "o_down", "disconnected", "failover_in_progress", ...
    bool sdown() const { return flags.contains(QByteArrayLiteral("s_down")); }
    bool odown() const { return flags.contains(QByteArrayLiteral("o_down")); }
    bool failoverInProgress() const { return flags.contains(QByteArrayLiteral("failover_in_progress")); }
    bool disconnected() const { return flags.contains(QByteArrayLiteral("disconnected")); }
    int numReplicas = 0;           ///< "num-slaves"
    int numOtherSentinels = 0;     ///< "num-other-sentinels"
    int quorum = 0;
    quint64 configEpoch = 0;       ///< "config-epoch"
    qint64 downAfterMs = 0;        ///< "down-after-milliseconds"
    qint64 failoverTimeoutMs = 0;  ///< "failover-timeout"
    qint64 lastOkPingReplyMs = -1; ///< "last-ok-ping-reply" (ms ago)
    QByteArray failoverState;      ///< "failover-state" when present (during a failover)
    QHash<QByteArray, QByteArray> raw; ///< every field, for the details view
};

/** @brief One replica of a monitored master (an element of `SENTINEL REPLICAS <name>`). */
struct SentinelReplicaState
{
    QByteArray name;               ///< "ip:port"
    QString host;
    quint16 port = 0;
    QByteArray runId;
    QList<QByteArray> flags;       ///< "slave", "s_down", "disconnected", ...
    bool sdown() const { return flags.contains(QByteArrayLiteral("s_down")); }
    bool disconnected() const { return flags.contains(QByteArrayLiteral("disconnected")); }
    QByteArray masterLinkStatus;   ///< "ok" / "err"
    qint64 masterLinkDownSinceSeconds = 0; ///< "master-link-down-time" is in ms on the wire; converted to s
    QString masterHost;            ///< "master-host" as the replica reports it (may be "?")
    quint16 masterPort = 0;
    qint64 replOffset = -1;        ///< "slave-repl-offset"
    int replicaPriority = 100;     ///< "slave-priority"
    qint64 lastOkPingReplyMs = -1; ///< "last-ok-ping-reply" (ms ago)
    QHash<QByteArray, QByteArray> raw; ///< every field, for the details view
};

/** @brief Another Sentinel monitoring the same master (an element of `SENTINEL SENTINELS <name>`). */
struct SentinelPeerState
{
    QByteArray name;               ///< its run id (Sentinels are named by run id)
    QString host;
    quint16 port = 0;
    QByteArray runId;
    QList<QByteArray> flags;       ///< "sentinel", "s_down", "disconnected", ...
    bool sdown() const { return flags.contains(QByteArrayLiteral("s_down")); }
    qint64 lastHelloMessageMs = -1; ///< "last-hello-message" (ms ago)
    QByteArray votedLeader;        ///< "voted-leader" ("?" when none)
    quint64 votedLeaderEpoch = 0;  ///< "voted-leader-epoch"
    QHash<QByteArray, QByteArray> raw; ///< every field, for the details view
};

/** @brief `SENTINEL MASTER <name>`: one flat field/value array. */
Parsed<SentinelMasterState> parseSentinelMaster(const RespValue &flat);
/** @brief `SENTINEL MASTERS`: an array of flat field/value arrays. */
Parsed<QList<SentinelMasterState>> parseSentinelMasters(const RespValue &reply);
/** @brief `SENTINEL REPLICAS <name>` (also `SENTINEL SLAVES`). */
Parsed<QList<SentinelReplicaState>> parseSentinelReplicas(const RespValue &reply);
/** @brief `SENTINEL SENTINELS <name>`. */
Parsed<QList<SentinelPeerState>> parseSentinelSentinels(const RespValue &reply);

/** @brief The outcome of `SENTINEL CKQUORUM <name>`. */
struct CkQuorum
{
    bool ok = false;   ///< +OK
    int usable = -1;   ///< usable Sentinels from "OK N usable Sentinels..."; -1 when not stated
    QString text;      ///< the server's sentence, e.g. "OK 3 usable Sentinels. Quorum and failover authorization can be reached"
    bool noQuorum = false; ///< the server answered -NOQUORUM (as opposed to another error)
};

/** @brief `+OK N usable Sentinels...` | `-NOQUORUM ...` | any other error (e.g. no such master). */
CkQuorum parseCkQuorum(const RedisResult &result);

} // namespace ops
