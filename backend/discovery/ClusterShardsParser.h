#pragma once

#include "discovery/ParseError.h"
#include "model/SlotRange.h"
#include "resp/RespValue.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace ops {

/** @brief One node entry of a `CLUSTER SHARDS` shard. */
struct ClusterShardNode
{
    QByteArray id;
    QString ip;
    QString endpoint;
    QString hostname;           ///< empty when not announced
    quint16 port = 0;           ///< 0 when the node only has a TLS port
    quint16 tlsPort = 0;        ///< 0 when absent
    bool isMaster = false;      ///< role "master" (else "replica")
    qint64 replicationOffset = 0;
    QByteArray health;          ///< "online" / "failed" / "loading"
};

/** @brief One shard of `CLUSTER SHARDS`: its slot ranges and its nodes. */
struct ClusterShard
{
    /// Not named "slots": that is Qt's keyword macro (no QT_NO_KEYWORDS in this project).
    SlotRanges slotRanges;
    QList<ClusterShardNode> nodes;
};

/**
 * @brief Parses the RESP2 reply of `CLUSTER SHARDS` (Redis 7.0+): an array of flat maps with
 * "slots" (flat start,end pairs) and "nodes". Unknown keys of any type are ignored.
 */
Parsed<QList<ClusterShard>> parseClusterShards(const RespValue &reply);

} // namespace ops
