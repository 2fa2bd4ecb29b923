#include "SlotMap.h"

#include <algorithm>

namespace ops {

namespace {
SlotRanges rangesWhere(const std::array<qint16, kSlotCount> &owner, qint16 index)
{
    SlotRanges out;
    int start = -1;
    for (int s = 0; s <= kSlotCount; ++s) {
        const bool match = s < kSlotCount && owner[std::size_t(s)] == index;
        if (match && start < 0)
            start = s;
        else if (!match && start >= 0) {
            out.append({start, s - 1});
            start = -1;
        }
    }
    return out;
}
} // namespace

SlotMap::SlotMap() { m_owner.fill(-1); }

int SlotMap::indexFor(const QString &nodeId)
{
    const auto it = m_ownerIndex.constFind(nodeId);
    if (it != m_ownerIndex.cend())
        return *it;
    const int index = int(m_owners.size());
    m_owners.append(nodeId);
    m_ownerIndex.insert(nodeId, index);
    return index;
}

void SlotMap::assign(const SlotRange &range, const QString &nodeId)
{
    const int first = std::max(0, range.first);
    const int last = std::min(kSlotCount - 1, range.last);
    if (first > last)
        return;
    const auto index = qint16(indexFor(nodeId));
    std::fill(m_owner.begin() + first, m_owner.begin() + last + 1, index);
}

SlotMap::Migration &SlotMap::migrationAt(int slot)
{
    Migration &m = m_migrations[slot];
    m.slot = slot;
    return m;
}

void SlotMap::setMigrating(int slot, const QString &source, const QString &target)
{
    if (slot < 0 || slot >= kSlotCount)
        return;
    Migration &m = migrationAt(slot);
    m.source = source;
    if (m.target.isEmpty())
        m.target = target;
    m.migratingSeen = true;
}

void SlotMap::setImporting(int slot, const QString &target, const QString &source)
{
    if (slot < 0 || slot >= kSlotCount)
        return;
    Migration &m = migrationAt(slot);
    m.target = target;
    if (m.source.isEmpty())
        m.source = source;
    m.importingSeen = true;
}

QString SlotMap::ownerOf(int slot) const
{
    const int index = ownerIndex(slot);
    return index >= 0 ? m_owners.at(index) : QString();
}

int SlotMap::coveredCount() const
{
    return int(std::count_if(m_owner.begin(), m_owner.end(), [](qint16 o) { return o >= 0; }));
}

SlotRanges SlotMap::uncoveredRanges() const { return rangesWhere(m_owner, -1); }

SlotRanges SlotMap::rangesOf(const QString &nodeId) const
{
    const auto it = m_ownerIndex.constFind(nodeId);
    return it == m_ownerIndex.cend() ? SlotRanges() : rangesWhere(m_owner, qint16(*it));
}

int SlotMap::countOf(const QString &nodeId) const
{
    const auto it = m_ownerIndex.constFind(nodeId);
    if (it == m_ownerIndex.cend())
        return 0;
    const auto index = qint16(*it);
    return int(std::count(m_owner.begin(), m_owner.end(), index));
}

QList<SlotRanges> SlotMap::rangesByOwner() const
{
    QList<SlotRanges> out(m_owners.size());
    int start = 0;
    for (int s = 1; s <= kSlotCount; ++s) {
        if (s < kSlotCount && m_owner[std::size_t(s)] == m_owner[std::size_t(start)])
            continue;
        const int owner = m_owner[std::size_t(start)];
        if (owner >= 0)
            out[owner].append({start, s - 1});
        start = s;
    }
    return out;
}

QList<SlotMap::Migration> SlotMap::migrations() const
{
    QList<Migration> out = m_migrations.values();
    std::sort(out.begin(), out.end(), [](const Migration &a, const Migration &b) { return a.slot < b.slot; });
    return out;
}

const SlotMap::Migration *SlotMap::migration(int slot) const
{
    const auto it = m_migrations.constFind(slot);
    return it == m_migrations.cend() ? nullptr : &*it;
}

bool operator==(const SlotMap &a, const SlotMap &b)
{
    if (a.m_migrations != b.m_migrations)
        return false;
    for (int s = 0; s < kSlotCount; ++s)
        if (a.ownerOf(s) != b.ownerOf(s))
            return false;
    return true;
}

} // namespace ops
