#pragma once

#include "SlotMap.h"
#include "resp/RedisError.h"

#include <QList>
#include <QString>

#include <memory>
#include <vector>

namespace ops {

/**
 * @brief Key counts of a range of hash slots, as answered by `CLUSTER COUNTKEYSINSLOT slot` on
 * each slot's owning master, plus one outcome per master asked. Built once by SlotKeyCounter,
 * then shared immutably (SlotKeyCountsPtr) with the views.
 *
 * A slot's count is unknown (-1) when it is uncovered, outside the range, or when its master
 * failed: a master that errs or times out gives unknown counts for all its slots (never a partial
 * total) and its error, while the other masters' counts stand.
 *
 * Hot slots (isHot): with `mean` = known keys / slots with a known count (the mean keys per
 * covered, counted slot), a slot is hot when its count is at least kHotFactor × mean AND at
 * least kHotMinKeys. The absolute floor keeps a nearly empty cluster (mean 0.01, a slot of 3
 * keys) from being reported hot; the factor makes "hot" relative to how full the cluster is.
 * Hot slots are computed only from a count of every slot (isFullRange()), where the mean means
 * something.
 */
class SlotKeyCounts
{
public:
    static constexpr qint64 kUnknown = -1;
    /** A hot slot holds at least this many times the mean keys per counted slot... */
    static constexpr double kHotFactor = 8.0;
    /** ...and at least this many keys. */
    static constexpr qint64 kHotMinKeys = 100;

    /** What one master answered. */
    struct Master
    {
        QString nodeId;
        Endpoint endpoint;
        int slotCount = 0;       ///< slots of the range it owns (and was asked about)
        qint64 keys = kUnknown;  ///< their sum; unknown when it failed
        qint64 elapsedMs = 0;    ///< from the first command to the last reply (or the error)
        RedisError error;        ///< Kind::None when every slot answered
        bool ok() const { return !error.isError(); }
    };

    /** Nothing counted over @p requested: every slot unknown, no masters; @p problem says why. */
    explicit SlotKeyCounts(QString problem = {}, SlotRange requested = {0, -1});
    /** A count of @p range over @p slotMap (owners at the time of counting). */
    SlotKeyCounts(SlotRange range, std::shared_ptr<const SlotMap> slotMap, quint64 snapshotSequence);

    // Building (before sharing).
    void setCount(int slot, qint64 count);
    void addMaster(Master master);
    /** Computes totals, mean and hot slots; call once after the last setCount(). */
    void finish();

    SlotRange range() const { return m_range; }
    bool isFullRange() const { return m_range.first == 0 && m_range.last == kSlotCount - 1; }
    /** Why nothing could be counted (not a cluster, monitor gone); empty otherwise. */
    const QString &problem() const { return m_problem; }
    /** Owners when counted (null when nothing was counted). */
    const std::shared_ptr<const SlotMap> &slotMap() const { return m_slotMap; }
    quint64 snapshotSequence() const { return m_sequence; }
    /** Owner of @p slot when counted; empty when uncovered or unknown. */
    QString ownerAt(int slot) const { return m_slotMap ? m_slotMap->ownerOf(slot) : QString(); }

    /** Key count of @p slot; kUnknown when not counted. */
    qint64 count(int slot) const;
    bool isKnown(int slot) const { return count(slot) >= 0; }
    /** Slots with a known count. */
    int knownSlots() const { return m_knownSlots; }
    /** Sum of the known counts. */
    qint64 totalKeys() const { return m_totalKeys; }
    /** totalKeys() / knownSlots(); 0 without known slots. */
    double meanPerSlot() const { return m_mean; }
    /** True when every covered slot of the range has a count (no master failed). */
    bool isComplete() const;

    const QList<Master> &masters() const { return m_masters; }
    const Master *master(const QString &nodeId) const;
    /** Masters that failed. */
    int failedMasters() const;
    /** One line per failed master (RedisError::message()), plus the problem if any. */
    QStringList errors() const;

    /** The hot-slot rule (see the class comment). */
    static bool isHot(qint64 count, double mean);
    /** Hot slots, hottest first (ties: lower slot first); empty unless isFullRange(). */
    const QList<int> &hotSlots() const { return m_hot; }
    bool isHotSlot(int slot) const;
    /** Hot slots owned by @p nodeId when counted. */
    int hotSlotsOf(const QString &nodeId) const;

private:
    SlotRange m_range{0, -1};
    std::shared_ptr<const SlotMap> m_slotMap;
    quint64 m_sequence = 0;
    QString m_problem;
    std::vector<qint64> m_counts;  ///< indexed by slot - range.first
    QList<Master> m_masters;
    int m_knownSlots = 0;
    qint64 m_totalKeys = 0;
    double m_mean = 0;
    QList<int> m_hot;
};

using SlotKeyCountsPtr = std::shared_ptr<const SlotKeyCounts>;

} // namespace ops
