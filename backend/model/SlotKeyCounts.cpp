#include "SlotKeyCounts.h"

#include <algorithm>

namespace ops {

SlotKeyCounts::SlotKeyCounts(QString problem, SlotRange requested)
    : m_range(requested)
    , m_problem(std::move(problem))
{
}

SlotKeyCounts::SlotKeyCounts(SlotRange range, std::shared_ptr<const SlotMap> slotMap, quint64 snapshotSequence)
    : m_range{std::clamp(range.first, 0, kSlotCount - 1), std::clamp(range.last, 0, kSlotCount - 1)}
    , m_slotMap(std::move(slotMap))
    , m_sequence(snapshotSequence)
{
    if (m_range.last < m_range.first)
        std::swap(m_range.first, m_range.last);
    m_counts.assign(std::size_t(m_range.count()), kUnknown);
}

void SlotKeyCounts::setCount(int slot, qint64 count)
{
    if (!m_range.contains(slot) || m_counts.empty())
        return;
    m_counts[std::size_t(slot - m_range.first)] = count < 0 ? kUnknown : count;
}

void SlotKeyCounts::addMaster(Master master) { m_masters.append(std::move(master)); }

qint64 SlotKeyCounts::count(int slot) const
{
    if (m_counts.empty() || !m_range.contains(slot))
        return kUnknown;
    return m_counts[std::size_t(slot - m_range.first)];
}

bool SlotKeyCounts::isHot(qint64 count, double mean)
{
    return count >= kHotMinKeys && double(count) >= kHotFactor * mean;
}

void SlotKeyCounts::finish()
{
    m_knownSlots = 0;
    m_totalKeys = 0;
    for (qint64 c : m_counts) {
        if (c < 0)
            continue;
        ++m_knownSlots;
        m_totalKeys += c;
    }
    m_mean = m_knownSlots > 0 ? double(m_totalKeys) / m_knownSlots : 0.0;
    m_hot.clear();
    if (!isFullRange() || m_counts.empty())
        return;
    for (int s = 0; s < kSlotCount; ++s)
        if (m_counts[std::size_t(s)] >= 0 && isHot(m_counts[std::size_t(s)], m_mean))
            m_hot.append(s);
    std::stable_sort(m_hot.begin(), m_hot.end(), [this](int a, int b) { return count(a) > count(b); });
}

bool SlotKeyCounts::isComplete() const
{
    if (!m_problem.isEmpty() || !m_slotMap || m_counts.empty())
        return false;
    for (int s = m_range.first; s <= m_range.last; ++s)
        if (m_slotMap->isCovered(s) && count(s) < 0)
            return false;
    return true;
}

const SlotKeyCounts::Master *SlotKeyCounts::master(const QString &nodeId) const
{
    for (const Master &m : m_masters)
        if (m.nodeId == nodeId)
            return &m;
    return nullptr;
}

int SlotKeyCounts::failedMasters() const
{
    return int(std::count_if(m_masters.cbegin(), m_masters.cend(), [](const Master &m) { return !m.ok(); }));
}

QStringList SlotKeyCounts::errors() const
{
    QStringList lines;
    if (!m_problem.isEmpty())
        lines << m_problem;
    for (const Master &m : m_masters)
        if (!m.ok())
            lines << m.error.message();
    return lines;
}

bool SlotKeyCounts::isHotSlot(int slot) const { return m_hot.contains(slot); }

int SlotKeyCounts::hotSlotsOf(const QString &nodeId) const
{
    return int(std::count_if(m_hot.cbegin(), m_hot.cend(), [&](int s) { return ownerAt(s) == nodeId; }));
}

} // namespace ops
