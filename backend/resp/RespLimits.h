#pragma once

#include <QtGlobal>

namespace ops {

/**
 * @brief Bounds on what one connection will decode. A peer that exceeds any of them gets a
 * Protocol error on that connection only; the bytes are never buffered past maxBufferedBytes.
 * Defaults fit real monitoring traffic (INFO, CLUSTER NODES of 1,000 nodes, SLOWLOG) with room.
 */
struct RespLimits
{
    qint64 maxBulkLength = 64LL * 1024 * 1024;     ///< bytes in one bulk string ($)
    qint64 maxArrayElements = 4 * 1024 * 1024;     ///< elements in one array (*)
    int maxNestingDepth = 7;                       ///< hiredis 0.14 cannot go deeper than 7
    qint64 maxBufferedBytes = 128LL * 1024 * 1024; ///< undecoded bytes held for one reply
};

} // namespace ops
