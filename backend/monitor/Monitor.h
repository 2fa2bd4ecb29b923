#pragma once

#include "MetricSample.h"
#include "MonitorConfig.h"
#include "model/OpsEvent.h"
#include "model/TopologySnapshot.h"
#include "monitor/NodePoller.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <map>

namespace ops {

class AsyncHistoryStore;
class Clock;
class SentinelSubscriber;
struct SnapshotInput;
struct SentinelEvent;

/**
 * @brief Watches one deployment from the backend thread: polls every node (its own
 * NodePoller each), subscribes to every sentinel, builds a TopologySnapshot per cycle, diffs it
 * against the previous one and publishes snapshot and metric samples by signal at once; events
 * go to the history first (AsyncHistoryStore, its own thread: no fsync on this thread) and are
 * published when it acknowledges them, with their ids, in the order they happened. If storing
 * fails they are published anyway (without ids) and the failure is logged. Connect with
 * Qt::QueuedConnection from the GUI thread: the signals carry shared immutable data.
 *
 * A cycle starts every intervalMs. It is published as soon as every poll of the cycle has
 * finished, or at the cycle deadline (half an interval) with whatever has arrived: a hung node
 * makes only itself stale. Sentinel pub/sub events are stored and published as they arrive, and
 * +switch-master starts a confirming poll cycle at once.
 *
 * The deployment id comes from DeploymentIdentity (the same from any seed): events recorded
 * before it is settled (a few cycles: a replica chain walked up, two sentinels' peer lists)
 * are held and stored under it once it is.
 */
class Monitor : public QObject
{
    Q_OBJECT
public:
    /**
     * @p history (may be null: events are published at once) must outlive the monitor. Cycles,
     * deadlines and timestamps run on @p clock (null: Clock::system()); tests pass a ManualClock.
     */
    explicit Monitor(MonitorConfig config, AsyncHistoryStore *history = nullptr, QObject *parent = nullptr,
                     Clock *clock = nullptr);
    ~Monitor() override;

    void start();
    void stop();
    /**
     * Starts a cycle now (a refresh button, a failover seen on pub/sub). With @p rereadSettings
     * every server's settings (CONFIG GET, SENTINEL CKQUORUM) are read in it too, not only every
     * configIntervalMs: the operator fixed a setting and wants to see the health rule agree.
     */
    void pollNow(bool rereadSettings = false);
    /**
     * Records events others derive from the snapshots (health alerts) like the monitor's own:
     * stamped with the deployment and the active operation, stored, then emitted by eventsRecorded.
     */
    void recordEvents(const OpsEvents &events) { record(events); }

    /**
     * Events recorded from now on (diffs and Sentinel events) carry @p operationId and are stored
     * with it (events.operation_id): the operation the console is running on this deployment.
     * Empty = none. Set it before the operation's first command, clear it once it is verified.
     */
    void setActiveOperation(const QString &operationId);
    QString activeOperation() const { return m_activeOperation; }

    SnapshotPtr snapshot() const { return m_snapshot; }
    const MonitorConfig &config() const { return m_config; }
    QString deploymentId() const { return m_deploymentId; }
    /** Servers polled (data nodes and sentinels). */
    int pollerCount() const { return int(m_pollers.size()); }

signals:
    void snapshotChanged(ops::SnapshotPtr snapshot);
    /** Already stored in the history (when there is one, and unless storing failed: then id is 0). */
    void eventsRecorded(const ops::OpsEvents &events);
    void samplesReady(const ops::MetricBatch &samples);
    /** Discovery cannot proceed (no seed answers, unknown master name, wrong kind...); keeps trying. */
    void problem(const QString &message);

private:
    void tick();
    void onPolled(const QString &key);
    void publish();
    bool detectKind();
    /** Emits problem() when @p key's unusable replies (NodeObservation::replyProblem) changed to a new one. */
    void reportReplyProblem(const QString &key, const QString &problem);
    /** Sets Node::replBytesPerSec of @p next's masters from their offsets in the snapshots before. */
    void measureWriteRates(TopologySnapshot &next);
    void syncPollers(const TopologySnapshot &snapshot);
    NodePoller *addPoller(const Endpoint &endpoint, bool sentinel);
    void onSentinelEvent(const Endpoint &sentinel, const SentinelEvent &event);
    /** Stores @p events, then emits eventsRecorded (from the store's acknowledgement). */
    void record(OpsEvents events);
    /**
     * The id for @p next while m_deploymentId is not chosen: DeploymentIdentity's answer. Once it
     * is settled (or identityTimeoutMs passed) it becomes m_deploymentId for the session and the
     * events held meanwhile are recorded under it.
     */
    QString settleDeploymentId(const SnapshotInput &input, const TopologySnapshot &next, bool provisional);
    MetricBatch samplesOf(const TopologySnapshot &snapshot) const;
    TopologySnapshot::Kind snapshotKind() const;

    MonitorConfig m_config;
    AsyncHistoryStore *m_history = nullptr;
    QString m_activeOperation;          ///< stamped on every event recorded while set
    QString m_lastStoreError;           ///< logged once at error level, repeats at debug
    QString m_deploymentId;             ///< empty until settled (DeploymentIdentity); then fixed
    qint64 m_identitySinceMs = 0;       ///< first publish that tried to settle it
    OpsEvents m_pendingEvents;          ///< recorded before the id was settled
    bool m_sawClusterView = false;      ///< some node's CLUSTER NODES arrived at least once
    bool m_snapshotProvisional = false; ///< m_snapshot is a cluster seen by address only (no baseline)
    MonitorConfig::Kind m_kind = MonitorConfig::Kind::Auto;
    std::map<QString, NodePoller *> m_pollers;         ///< by endpoint key, ordered
    QHash<QString, qint64> m_lastListedMs;
    QHash<QString, SentinelSubscriber *> m_subscribers;
    QSet<QString> m_cycleWaiting;
    bool m_cyclePublished = true;
    quint64 m_sequence = 0;
    int m_rotation = 0;
    qint64 m_lastTickMs = 0;
    SnapshotPtr m_snapshot;
    QString m_lastProblem;
    struct WriteRate
    {
        qint64 offset = -1;
        qint64 atMs = 0;
        double bytesPerSec = -1;
    };
    QHash<QString, WriteRate> m_writeRates; ///< master id → its offset at the last snapshot and the smoothed rate
    QHash<QString, QString> m_replyProblems; ///< node → the unusable replies reported last (problem())
    /** (Re)starts the cycle cadence: the next tick intervalMs from now. */
    void armTicker();
    qint64 now() const;
    void stopTimers();
    Clock *m_clock;
    quint64 m_tickTimer = 0;            ///< Clock::TimerId of the next cycle
    quint64 m_deadlineTimer = 0;        ///< Clock::TimerId of the running cycle's deadline
    qint64 m_settingsWantedMs = 0;      ///< pollNow(true): settings read before this are read again
    bool m_running = false;
};

} // namespace ops
