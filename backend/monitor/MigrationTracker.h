#pragma once

#include "MigrationView.h"
#include "model/OpsEvent.h"
#include "model/TopologySnapshot.h"
#include "reshard/ReshardProgress.h"

#include <QHash>
#include <QSet>

#include <deque>
#include <map>

namespace ops {

class Clock;

/**
 * @brief Derives the slot migrations in progress, one MigrationView per (source, target), from
 * successive cluster snapshots (their SlotMap's migrating / importing slots and owner changes),
 * the key counts of the open slots (CLUSTER COUNTKEYSINSLOT on the source, asked by the caller
 * for the slots probes() names) and, for the console's own reshard, its ReshardProgress.
 *
 * A migration begins when a slot of the pair is seen open; a slot whose owner changes from its
 * source to its target while the pair is tracked counts as finished (also when it moved entirely
 * between two snapshots). Keys moved are what the counts saw leave the source: a lower bound when
 * slots open and finish between two snapshots. Rates are measured over Policy::windowMs; the
 * ETA of a migration started elsewhere is the time to empty the slots open now (its total is not
 * known). With no slot open for Policy::graceMs it has ended: one "migration-summary" event is
 * returned for a migration the console did not run (source, target, slots, keys, duration,
 * started outside the console); the console's own reshard is in its operation journal already.
 *
 * Time is the Clock's (ManualClock in tests). Pure but for the clock; not thread-safe:
 * DeploymentSession runs one per cluster on the backend thread.
 */
class MigrationTracker
{
public:
    struct Policy
    {
        qint64 graceMs = 5000;      ///< no slot open this long: the migration ended
        qint64 windowMs = 10000;    ///< rates over this window
        qint64 minRateSpanMs = 900; ///< shorter spans give no rate (-1)
        int maxProbes = 4;          ///< COUNTKEYSINSLOT per probe round at most
    };
    struct Probe
    {
        int slot = 0;
        QString sourceId;
    };

    /** @p clock must outlive the tracker. */
    explicit MigrationTracker(Clock *clock);
    MigrationTracker(Clock *clock, Policy policy);

    /** Takes the next snapshot; returns the summaries of migrations started elsewhere that ended. */
    OpsEvents update(const TopologySnapshot &snapshot);
    /** The source's answer for an open slot (probes()); a negative count (the probe failed) is ignored. */
    void setKeyCount(int slot, qint64 keys);
    /** The console's reshard is running: its pairs are marked own and take its numbers. */
    void setOwnProgress(const ReshardProgress &progress);
    /** The console's reshard ended (its pairs end like the others, without a summary). */
    void clearOwnProgress();

    /** Open slots of migrations started elsewhere to count now: least recently counted first, at most maxProbes. */
    QList<Probe> probes() const;
    /** The migrations in progress, by source then target. */
    MigrationViews views() const;
    bool isEmpty() const { return m_pairs.empty(); }
    const Policy &policy() const { return m_policy; }

private:
    struct SlotKeys
    {
        qint64 first = -1;          ///< the highest count seen (its first, usually)
        qint64 last = -1;
        qint64 countedMs = -1;      ///< monotonic; -1 never
    };
    struct Sample
    {
        qint64 atMs = 0;
        qint64 keysMoved = 0;
        int slotsFinished = 0;
        bool keysKnown = false;
    };
    struct Pair
    {
        QString source;
        QString target;
        qint64 startedMs = 0;       ///< monotonic
        qint64 startedWallMs = 0;
        qint64 lastOpenMs = 0;      ///< monotonic: a slot was open
        QSet<int> open;
        QSet<int> finished;
        QHash<int, SlotKeys> keys;  ///< open slots counted
        qint64 keysFromFinished = 0;
        bool keysKnown = false;     ///< some slot was counted
        bool own = false;
        std::deque<Sample> samples;
        qint64 keysMoved() const;
    };
    using PairKey = std::pair<QString, QString>;

    void sample(Pair &pair);
    void closeSlot(Pair &pair, int slot, bool finished);
    void matchOwn();
    MigrationView viewOf(const Pair &pair) const;
    OpsEvent summaryOf(const Pair &pair) const;
    QString labelOf(const QString &id) const;
    QString endpointOf(const QString &id) const;

    Clock *m_clock;
    Policy m_policy;
    std::map<PairKey, Pair> m_pairs;
    std::shared_ptr<const SlotMap> m_previous;
    QHash<QString, QString> m_addresses;   ///< node id -> host:port, from the latest snapshot
    QString m_deploymentId;
    ReshardProgress m_own;
    bool m_ownRunning = false;
};

} // namespace ops
