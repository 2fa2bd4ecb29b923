#pragma once

#include "resp/Endpoint.h"
#include "resp/RedisResult.h"
#include "resp/RespCommand.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>
#include <vector>

namespace ops {
class RedisConnection;
}

/**
 * The data set of the resharding benchmark and the few cluster reads its helpers share
 * (bench_reshard_seed, bench_reshard_check, bench_migrate_stream): key n is `key:<n>`, its value
 * 100 bytes derived from n, so any run can check every key without a copy of the data.
 */
namespace reshardbench {

inline constexpr int kValueSize = 100;

QByteArray key(qint64 n);
/** @p size bytes that start with "<n>:" and repeat a pattern drawn from n. */
QByteArray value(qint64 n, int size = kValueSize);

/** @brief Who owns each slot, as one node's CLUSTER SLOTS has it. */
struct SlotOwners
{
    QList<ops::Endpoint> masters;
    QList<QByteArray> ids;      ///< parallel to masters
    std::vector<int> owner;     ///< slot → index in masters, -1 when uncovered
    QString error;              ///< empty when the read worked
};

/** CLUSTER SLOTS on @p node (event loop spun until the reply). */
SlotOwners readSlotOwners(ops::RedisConnection &node);

/**
 * @brief One pipelined stream of commands on one connection: command(i) for i in [0, count),
 * at most `window` in flight; reply(i, result) for each, in order.
 */
struct Stream
{
    ops::RedisConnection *connection = nullptr;
    qint64 count = 0;
    std::function<ops::RespCommand(qint64)> command;
    std::function<void(qint64, const ops::RedisResult &)> reply;
};

/**
 * Runs every stream concurrently, @p window commands in flight on each, and spins the event loop
 * until all are answered or @p waitMs passed (false then).
 */
bool runStreams(std::vector<Stream> &streams, int window, int waitMs = 600000);

/** One line for an error result. */
QString describe(const ops::RedisResult &result);

} // namespace reshardbench
