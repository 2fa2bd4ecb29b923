#pragma once

#include "discovery/ParseError.h"
#include "model/SlotRange.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace ops {

/**
 * @brief One line of `CLUSTER NODES` (Redis 7.0 format):
 * `<id> <ip:port@cport[,hostname]> <flags> <master> <ping-sent> <pong-recv> <config-epoch>
 *  <link-state> <slot> ... <slot>`.
 */
struct ClusterNodeLine
{
    /** Bits of the comma-separated flags field. */
    enum Flag : quint16 {
        Myself = 1,
        Master = 2,
        Replica = 4,      ///< "slave"
        PFail = 8,        ///< "fail?"
        Fail = 16,
        Handshake = 32,
        NoAddr = 64,
        NoFailover = 128,
        NoFlags = 256
    };

    QByteArray id;            ///< 40 hex chars
    QString host;             ///< ip as listed; empty for ":0" / noaddr
    quint16 port = 0;
    quint16 busPort = 0;
    QString hostname;         ///< announced hostname after ',' (Redis 7), empty if none
    quint16 flags = 0;        ///< Flag bits
    QList<QByteArray> unknownFlags;  ///< flags this parser does not know, kept verbatim
    QByteArray masterId;      ///< empty for "-"
    qint64 pingSentMs = 0;
    qint64 pongReceivedMs = 0;
    quint64 configEpoch = 0;
    bool linkConnected = false;      ///< "connected" / "disconnected"
    /// Owned slots; single slots become {n,n}. Not named "slots": that is Qt's keyword macro
    /// (this project does not define QT_NO_KEYWORDS), so `node.slots` would not compile.
    SlotRanges slotRanges;
    QList<SlotTransfer> migrating;   ///< "[slot->-peerId]"
    QList<SlotTransfer> importing;   ///< "[slot-<-peerId]"

    bool has(Flag f) const { return (flags & f) != 0; }
    bool isMaster() const { return has(Master); }
    bool isReplica() const { return has(Replica); }
    /** Number of slots owned (sum of the ranges). */
    int slotCount() const;
};

/**
 * @brief Parses the text of `CLUSTER NODES`. Tolerates
 * "\r\n" and a missing final newline; empty lines are skipped, but a reply without any node line is
 * an error (a node always lists itself). Errors name line and field.
 */
Parsed<QList<ClusterNodeLine>> parseClusterNodes(const QByteArray &text);

} // namespace ops
