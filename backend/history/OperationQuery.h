#pragma once

#include "OperationRecord.h"

#include <QList>
#include <QString>

namespace ops {

/**
 * @brief A filter over journaled operations (HistoryStore::operations). Every empty / zero field
 * means "no restriction". Results are ordered by start time, then id.
 */
struct OperationQuery
{
    QString deploymentId;                 ///< exact deployment id; empty = all deployments
    qint64 sinceMs = 0;                   ///< inclusive lower bound on startedMs; 0 = no bound
    QString kind;                         ///< exact OperationRecord::kind; empty = all kinds
    QList<OperationRecord::State> states; ///< any of these; empty = every state
    bool withSteps = false;               ///< also read each operation's steps
    int limit = 0;                        ///< at most this many (the first ones); 0 = all
};

} // namespace ops
