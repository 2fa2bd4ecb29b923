#pragma once

#include "model/SlotRange.h"

#include <QHash>
#include <QMetaType>
#include <QStringList>

namespace ops {

/**
 * @brief What the operator asked for in the reshard wizard (or from the slot map / a master's
 * context menu): move slots, rebalance or drain, with the streams and the throttle. A plain value
 * the views send as an intent; the backend answers with an ActionPreview (and, while it runs,
 * ReshardProgress).
 */
struct ReshardIntent
{
    enum class Mode { Move, Rebalance, Drain };

    Mode mode = Mode::Move;
    QStringList sources;              ///< Move: node ids or host:port; Drain: the one drained
    QString target;                   ///< Move: the receiving master
    int slotCount = 0;                ///< Move: N slots from the sources ...
    SlotRanges ranges;                ///< ... or these slots (a slot-map selection)
    QStringList drainTo;              ///< Drain: receivers (empty: every other master with slots)
    bool useEmptyMasters = false;     ///< Rebalance
    QHash<QString, double> weights;   ///< Rebalance: NODE → weight (others 1; 0 empties it)
    double thresholdPercent = 2.0;    ///< Rebalance
    int streams = 4;
    qint64 maxKeysPerSecond = 0;      ///< 0: no throttle

    static QString modeName(Mode mode)
    {
        return mode == Mode::Move ? QStringLiteral("move") : mode == Mode::Rebalance ? QStringLiteral("rebalance")
                                                                                     : QStringLiteral("drain");
    }
};

} // namespace ops

Q_DECLARE_METATYPE(ops::ReshardIntent)
