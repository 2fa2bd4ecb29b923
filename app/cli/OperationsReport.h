#pragma once

#include "history/OperationRecord.h"
#include "model/OpsEvent.h"

#include <QStringList>

namespace ops {

/**
 * @brief What `redis-ops history --operations [--operation ID]` prints: the journaled operations
 * (one row / JSON line each), or one operation with its steps and the events carrying its id.
 * Text is plain; server strings are printed verbatim (simplified to one line in tables).
 */
class OperationsReport
{
public:
    /** A table: id, kind, deployment, operator, mode, state, start, duration, outcome. */
    static QStringList listText(const QList<OperationRecord> &operations);
    /** One compact JSON object per operation (OperationRecord::toJson + durationMs + unfinished). */
    static QStringList listJson(const QList<OperationRecord> &operations);
    /** The operation, its steps (seq, node, redacted command, state, reply/error, times) and its events. */
    static QStringList detailText(const OperationRecord &operation, const OpsEvents &events);
    /** One compact JSON object: the operation with "steps" and "events". */
    static QString detailJson(const OperationRecord &operation, const OpsEvents &events);

private:
    static QJsonObject toJson(const OperationRecord &operation);
};

} // namespace ops
