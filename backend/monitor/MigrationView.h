#pragma once

#include "model/SlotRange.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace ops {

/**
 * @brief One slot migration in progress between a source and a target master, as the slot map's
 * progress strip shows it: the slots open now, those finished since it began (owner changed
 * source -> target), the keys left in the open slots (CLUSTER COUNTKEYSINSLOT on the source),
 * rates measured over a window and an ETA. Built by MigrationTracker from successive snapshots;
 * an immutable value for views (model library).
 *
 * Rates and the ETA are -1 while they cannot be measured (one sample, nothing moved yet). For the
 * console's own reshard (own = true) the totals come from its ReshardProgress; for a migration
 * started elsewhere (redis-cli, another console) the total is unknown, so slotsTotal is 0 and
 * etaMs is the time to empty the slots open now.
 */
struct MigrationView
{
    QString sourceId;
    QString targetId;
    QString sourceLabel;          ///< host:port (or a short id when the node is unknown)
    QString targetLabel;
    SlotRanges openSlots;         ///< MIGRATING on the source and/or IMPORTING on the target now
    int slotsFinished = 0;        ///< owner changed source -> target since it began
    int slotsTotal = 0;           ///< own reshard: slots planned for this pair; 0 unknown
    qint64 keysLeft = -1;         ///< in the open slots, on the source; -1 not counted yet
    qint64 keysMoved = 0;         ///< counted as they left the source (a lower bound when slots moved unseen)
    double keysPerSecond = -1;    ///< over MigrationTracker's window; -1 not measurable yet
    double slotsPerSecond = -1;
    qint64 etaMs = -1;            ///< -1 unknown
    qint64 startedWallMs = 0;     ///< first seen (ms since the epoch)
    qint64 elapsedMs = 0;
    bool own = false;             ///< the console's own ReshardAction
    QString operationId;          ///< own: its journaled operation
    bool ended = false;           ///< no slot open for the grace period (the last view of it)

    int openCount() const
    {
        int n = 0;
        for (const SlotRange &r : openSlots)
            n += r.count();
        return n;
    }
    QString key() const { return sourceId + QLatin1String("->") + targetId; }
    friend bool operator==(const MigrationView &, const MigrationView &) = default;
};

using MigrationViews = QList<MigrationView>;

} // namespace ops

Q_DECLARE_METATYPE(ops::MigrationView)
Q_DECLARE_METATYPE(ops::MigrationViews)
