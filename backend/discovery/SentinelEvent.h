#pragma once

#include "discovery/ParseError.h"

#include <QByteArray>
#include <QString>

namespace ops {

/**
 * @brief One Sentinel pub/sub event (channel = event type, payload = message), see
 * https://redis.io/docs/management/sentinel/#pubsub-messages and `sentinelEvent()` in sentinel.c.
 *
 * Most payloads are `<instance-type> <name> <ip> <port> @ <master-name> <master-ip> <master-port>`
 * (the "@ ..." part absent when the instance is the master), optionally followed by extra text
 * (`#quorum 2/2`, `new reported role is master`, `quorum 2`, ...), kept verbatim in `extra`.
 * `+switch-master` is `<master-name> <old-ip> <old-port> <new-ip> <new-port>` (masterHost/masterPort
 * are then the new address), `+new-epoch` is `<epoch>`, `+tilt`/`-tilt` are `#tilt mode entered/exited`.
 * `+vote-for-leader` is `<leader-runid> <epoch>` in Redis 7.0 (no instance, so no masterName); the
 * documented form with the instance first is accepted too. `+script-child`, `-script-child`,
 * `-script-error` and `-script-timeout` carry free text (pid, script path, exit codes) in `extra`.
 */
struct SentinelEvent
{
    QByteArray type;                 ///< the channel: "+switch-master", "-odown", ...
    QByteArray instanceType;         ///< "master" / "slave" / "sentinel"; empty when the payload has no instance
    QByteArray instanceName;         ///< master name, or "ip:port" for replicas, or run id for sentinels
    QString host;
    quint16 port = 0;
    QByteArray masterName;           ///< for a master instance: itself
    QString masterHost;
    quint16 masterPort = 0;
    QString oldHost;                 ///< +switch-master
    quint16 oldPort = 0;
    QString newHost;
    quint16 newPort = 0;
    quint64 epoch = 0;               ///< +new-epoch, +vote-for-leader; 0 for the others (their payload has none)
    QByteArray leaderRunId;          ///< +vote-for-leader
    QByteArray extra;                ///< trailing text after the instance (e.g. "#quorum 2/2")
    QByteArray payload;              ///< the raw payload

    /** try-failover, elected-leader, selected-slave, promoted-slave, switch-master, failover-end, aborts. */
    bool isFailoverMilestone() const;
    /** True for "-failover-abort-*" events. */
    bool isFailoverAbort() const { return type.startsWith("-failover-abort-"); }
    /** The event type without its leading '+'/'-' sign. */
    QByteArray bareType() const;
};

/** @brief True for Sentinel event channels ("+sdown", "-failover-abort-x", ...); false for
 * "__sentinel__:hello" and for channels that are not events. */
bool isSentinelEventChannel(const QByteArray &channel);

/**
 * @brief Parses one event. Known types with malformed payloads (missing fields, non-numeric or
 * out-of-range port/epoch) are errors naming the field; unknown `+x`/`-x` types parse generically.
 */
Parsed<SentinelEvent> parseSentinelEvent(const QByteArray &channel, const QByteArray &payload);

} // namespace ops
