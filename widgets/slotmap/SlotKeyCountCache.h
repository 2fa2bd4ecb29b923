#pragma once

#include "model/SlotKeyCounts.h"
#include "model/SlotMap.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QString>

namespace ops {

/**
 * @brief The key counts the slot map knows: one per slot asked for by a hover (fresh for
 * kFreshMs; a request that got no answer is asked again after kRetryMs) and the last full count,
 * whose hot slots stay marked while their owner stays and they are not moving. A count is
 * dropped as soon as its slot gets another owner or starts migrating. View state, no I/O.
 */
class SlotKeyCountCache
{
public:
    static constexpr qint64 kFreshMs = 10000;
    static constexpr qint64 kRetryMs = 5000;
    static constexpr qint64 kCounting = -1;   ///< asked, no answer yet
    static constexpr qint64 kFailed = -2;     ///< the count failed or was unavailable
    static constexpr qint64 kNone = -3;       ///< never asked (or dropped)

    SlotKeyCountCache();

    /** The count of @p slot, or kCounting / kFailed / kNone. */
    qint64 count(int slot) const;
    /**
     * A hover over @p slot (owned by @p owner): true when a count should be asked now — none
     * yet, older than kFreshMs, or a request unanswered for kRetryMs; it is then marked counting.
     */
    bool wantsCount(int slot, const QString &owner);
    /** The answer for one slot (negative: failed). */
    void setCount(int slot, qint64 count, const QString &owner);
    /**
     * Takes every count of @p counts still valid on @p current. Without a slot map in
     * @p counts nothing could be counted: the range's pending requests become failures.
     * Returns true when @p counts covered every slot (the hot slots may have changed).
     */
    bool apply(const SlotKeyCountsPtr &counts, const SlotMap *current);
    /** Drops the counts whose slot changed owner or is moving on @p map. */
    void dropStale(const SlotMap *map);

    /** The last full count (null before one). */
    SlotKeyCountsPtr fullCounts() const { return m_full; }
    /** The full count's hot slots that still have the same owner on @p map and are not moving. */
    QList<int> hotSlots(const SlotMap *map) const;

private:
    struct Entry
    {
        qint64 count = kCounting;
        qint64 atMs = 0;
        QString owner;   ///< owner when asked: a new owner makes the count stale
    };
    SlotKeyCountsPtr m_full;
    QHash<int, Entry> m_entries;
    QElapsedTimer m_clock;
};

} // namespace ops
