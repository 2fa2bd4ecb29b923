#pragma once

#include "model/OpsEvent.h"

#include <QList>
#include <QString>

#include <memory>

namespace ops {

/**
 * @brief One failover of one master, reconstructed from stored OpsEvents: from the first
 * suspicion ("+sdown"/"+odown" of a master, "+try-failover", "pfail-set", "fail-set") to the
 * event that ends it ("+switch-master", "promoted", "-failover-abort-*", the master recovering
 * after a failover was attempted, or the timeout).
 */
struct FailoverEpisode
{
    enum class Outcome { InProgress, Completed, Aborted };

    QString deploymentId;
    QString subject;          ///< grouping key: Sentinel master name, or the failed cluster node id
    QString oldMaster;        ///< node id (cluster) or host:port (Sentinel) of the failed master
    QString oldMasterAddress; ///< host:port when known
    QString newMaster;        ///< node id / host:port of the promoted replica; empty if none yet
    QString newMasterAddress;
    qint64 epoch = 0;         ///< highest failover / config epoch seen; 0 when unknown
    qint64 startMs = 0;
    qint64 endMs = 0;         ///< completion / abort time; for InProgress the last event's time
    Outcome outcome = Outcome::InProgress;
    QString endReason;        ///< kind name of the ending event, "recovered" or "timeout"; empty while in progress
    QList<qint64> eventIds;   ///< OpsEvent::id of every event of the episode (0 for unsaved events)
    QList<int> eventIndexes;  ///< indexes into the input list, same order as eventIds

    qint64 durationMs() const { return endMs - startMs; }
    bool contains(qint64 eventId) const { return eventId != 0 && eventIds.contains(eventId); }
    static QString outcomeName(Outcome outcome);
    /** "within one poll" (0: first and last step seen together), "850 ms", "2.9 s", "3 min 12 s", "1 h 05 min". */
    static QString durationText(qint64 ms);
};

/** @brief Knobs of groupFailoverEpisodes(). */
struct FailoverEpisodeOptions
{
    /**
     * An episode with no end this long after its start is aborted with reason "timeout"
     * (Sentinel's failover-timeout defaults to 180 s); events of its master within this long
     * after the end still join a finished episode (other sentinels' "+switch-master", ...).
     */
    qint64 timeoutMs = 180'000;
    /** "Now" for deciding timeouts of the last episodes; 0 = the newest event's time. */
    qint64 nowMs = 0;
};

/**
 * @brief Groups @p events (any order, any number of deployments) into failover episodes, ordered
 * by start time. Pure function.
 *
 * Rules: events are keyed by (deployment, master) where the master is the Sentinel master name
 * (details.masterName) or, for cluster events, the subject node id ("promoted"/"demoted" use
 * details.oldMaster). A suspicion about a master opens an episode; Sentinel milestones
 * ("+new-epoch", "+elected-leader", "+selected-slave", "+promoted-slave", "+failover-state-*",
 * ...) join it (a "+new-epoch" without a master name joins the deployment's open episode);
 * "+switch-master"/"promoted" completes it; "-failover-abort-*" aborts it. A suspicion that
 * clears or times out before any failover step ("+try-failover" or later, "fail-set") is not a
 * failover and is dropped; one that clears after a step is aborted ("recovered"). A "promoted"
 * without a preceding suspicion (a manual CLUSTER FAILOVER) is a zero-length completed episode.
 * After completion, "demoted" of the old master (any time later) and other events of the same
 * master within timeoutMs join the finished episode without moving its end.
 */
QList<FailoverEpisode> groupFailoverEpisodes(const QList<OpsEvent> &events, const FailoverEpisodeOptions &options = {});

/**
 * @brief groupFailoverEpisodes() kept up to date as events are appended (the history page's live
 * events): append() groups only the new events, O(new events) plus the open episodes, instead of
 * regrouping everything per batch. The episodes equal groupFailoverEpisodes() of all events
 * appended so far. An appended event older than the last one grouped cannot be grouped
 * incrementally: append() then returns false and the caller reset()s and appends everything.
 */
class FailoverEpisodeGrouper
{
public:
    explicit FailoverEpisodeGrouper(const FailoverEpisodeOptions &options = {});
    ~FailoverEpisodeGrouper();
    FailoverEpisodeGrouper(const FailoverEpisodeGrouper &) = delete;
    FailoverEpisodeGrouper &operator=(const FailoverEpisodeGrouper &) = delete;

    /** Forgets every event. */
    void reset();
    /**
     * Groups @p events from index @p first on (indexes in FailoverEpisode::eventIndexes are
     * into @p events); false, and nothing grouped, if one sorts before the last event grouped.
     */
    bool append(const QList<OpsEvent> &events, qsizetype first);
    /** Events grouped so far. */
    qsizetype groupedCount() const;
    /** The episodes of every event grouped so far, ordered by start time. */
    QList<FailoverEpisode> episodes();

private:
    struct Impl;
    FailoverEpisodeOptions m_options;
    std::unique_ptr<Impl> d;
};

} // namespace ops
