#pragma once

#include <QList>
#include <QString>

namespace ops {

/** Redis Cluster has 16384 hash slots, 0..16383. */
inline constexpr int kSlotCount = 16384;

/** @brief An inclusive range of hash slots, first <= last, both in 0..16383. */
struct SlotRange
{
    int first = 0;
    int last = 0;

    int count() const { return last - first + 1; }
    bool contains(int slot) const { return slot >= first && slot <= last; }
    QString toString() const
    {
        return first == last ? QString::number(first) : QStringLiteral("%1-%2").arg(first).arg(last);
    }
    friend bool operator==(const SlotRange &, const SlotRange &) = default;
};

using SlotRanges = QList<SlotRange>;

/** @brief A slot being moved: on the source node it is "migrating" to peerId, on the target
 *  node "importing" from peerId. */
struct SlotTransfer
{
    int slot = 0;
    QByteArray peerId;
    friend bool operator==(const SlotTransfer &, const SlotTransfer &) = default;
};

} // namespace ops
