#pragma once

#include "OperationRecord.h"

#include <QString>

namespace ops {

/**
 * @brief One way to put a journaled operation into words, shared by `redis-ops history
 * --operations`, the warning `redis-ops failover` prints about an unfinished operation and the
 * console's notice and History page. Plain text (server data is never markup).
 */
class OperationSummary
{
public:
    /** "sentinel-failover of mymaster (graceful) by alice, started 2026-12-05T06:35:13.000Z". */
    static QString headline(const OperationRecord &op);
    /** "running — unfinished (interrupted)" for Planned/Running, else the state name. */
    static QString stateText(const OperationRecord &op);
    /** "#3 CLIENT PAUSE 3000 WRITE on 127.0.0.1:6379: answered (OK)"; "no step" when it has none. */
    static QString lastStepText(const OperationRecord &op);
    /** Ended - started in ms; for an unfinished operation -1. */
    static qint64 durationMs(const OperationRecord &op);
    /** "1234 ms", "12.3 s", "—" for -1. */
    static QString durationText(qint64 ms);
    /** ISO 8601 UTC with milliseconds; empty for 0. */
    static QString isoTime(qint64 ms);
    /** The plan's pre-checks as "id: status" (pass / warn / fail / overridden), comma separated. */
    static QString preCheckText(const OperationRecord &op);
    /** Counts of the plan's pre-checks by status: "3 pass, 1 warn". */
    static QString preCheckCounts(const OperationRecord &op);
};

} // namespace ops
