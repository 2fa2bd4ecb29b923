#include "SlotKeyCountCache.h"

namespace ops {

SlotKeyCountCache::SlotKeyCountCache()
{
    m_clock.start();
}

qint64 SlotKeyCountCache::count(int slot) const
{
    const auto it = m_entries.constFind(slot);
    return it == m_entries.cend() ? kNone : it->count;
}

bool SlotKeyCountCache::wantsCount(int slot, const QString &owner)
{
    const qint64 now = m_clock.elapsed();
    const auto it = m_entries.constFind(slot);
    if (it != m_entries.cend() && now - it->atMs <= (it->count == kCounting ? kRetryMs : kFreshMs))
        return false;
    m_entries.insert(slot, Entry{kCounting, now, owner});
    return true;
}

void SlotKeyCountCache::setCount(int slot, qint64 count, const QString &owner)
{
    m_entries.insert(slot, Entry{count < 0 ? kFailed : count, m_clock.elapsed(), owner});
}

bool SlotKeyCountCache::apply(const SlotKeyCountsPtr &counts, const SlotMap *current)
{
    if (!counts)
        return false;
    const SlotRange range = counts->range();
    if (!counts->slotMap()) { // nothing could be counted: the slots asked for are unavailable
        for (auto it = m_entries.begin(); it != m_entries.end(); ++it)
            if (range.contains(it.key()) && it->count == kCounting)
                it->count = kFailed;
        return false;
    }
    const qint64 now = m_clock.elapsed();
    for (int slot = range.first; slot <= range.last; ++slot) {
        const QString owner = counts->ownerAt(slot);
        if (owner.isEmpty())
            continue;
        const qint64 c = counts->count(slot);
        m_entries.insert(slot, Entry{c < 0 ? kFailed : c, now, owner});
    }
    // Counted over an older slot map: whatever moved since is already stale.
    dropStale(current);
    if (!counts->isFullRange())
        return false;
    m_full = counts;
    return true;
}

void SlotKeyCountCache::dropStale(const SlotMap *map)
{
    // A count stays while its slot keeps its owner and is not moving.
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        const bool keep = map && map->ownerOf(it.key()) == it->owner && !map->migration(it.key());
        it = keep ? std::next(it) : m_entries.erase(it);
    }
}

QList<int> SlotKeyCountCache::hotSlots(const SlotMap *map) const
{
    QList<int> hot;
    if (m_full && map)
        for (int slot : m_full->hotSlots())
            if (map->ownerOf(slot) == m_full->ownerAt(slot) && !map->migration(slot))
                hot.append(slot);
    return hot;
}

} // namespace ops
