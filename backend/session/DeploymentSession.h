#pragma once

#include "actions/ActionOutcome.h"
#include "actions/ActionPreview.h"
#include "actions/ActionProgress.h"
#include "actions/DeploymentAction.h"
#include "actions/FailoverIntent.h"
#include "health/HealthAlertTracker.h"
#include "health/HealthContext.h"
#include "health/HealthThresholds.h"
#include "health/TrendAlertTracker.h"
#include "model/OpsEvent.h"
#include "model/SlotKeyCounts.h"
#include "model/SlotRange.h"
#include "model/TopologySnapshot.h"
#include "monitor/MetricHistory.h"
#include "monitor/MetricSample.h"
#include "monitor/MigrationTracker.h"
#include "monitor/MigrationView.h"
#include "monitor/MonitorConfig.h"
#include "reshard/MaintenanceIntent.h"
#include "reshard/ReshardIntent.h"
#include "reshard/ReshardProgress.h"

#include <QObject>

#include <functional>

namespace ops {

class AsyncHistoryStore;
class HealthContextCollector;
class Clock;
class DeploymentAction;
class ReshardAction;
class ClusterMaintenanceAction;
class IdleConnectionPool;
class Monitor;

/**
 * @brief One watched deployment with everything the console and the CLI do to it: its Monitor
 * (snapshots, events, samples), key counts over connections of their own, and the guided actions
 * (failover), each with its own named, journaled connections. The console keeps one per tab on
 * its backend thread (ConsoleRuntime); `redis-ops` keeps one on its main thread. Views reach it
 * only through intents (previewFailover, executeAction, cancelAction) and its signals.
 *
 * Each snapshot is judged by the health rules (HealthChecker); a finding that starts or stops
 * firing is recorded once per breach as a health-alert event (HealthAlertTracker), stored and
 * published with the monitor's events. Trend alerts (TrendAlertTracker: lag or memory growing
 * steadily toward its threshold, with the predicted time) are judged over the metric history
 * and recorded the same way.
 *
 * Slot migrations in progress (the console's own reshard and any started elsewhere) are tracked
 * from the snapshots by a MigrationTracker, with at most MigrationTracker::Policy::maxProbes
 * COUNTKEYSINSLOT on the sources per snapshot (one round at a time, pooled connections of their
 * own); views follow by migrationsChanged(), and a migration started elsewhere is recorded as a
 * migration-summary event when it ends.
 *
 * A read-only session (a read-only connection profile) previews — the dry run is read-only — but
 * refuses to execute. One action runs at a time; while it runs, the monitor's events carry its
 * operation id.
 */
class DeploymentSession : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        MonitorConfig monitor;
        bool readOnly = false;
        HealthAlertPolicy alerts; ///< health findings recorded as alert events (once per breach)
        MetricHistoryPtr metrics; ///< the series the session feeds; null: the session makes its own
        HealthThresholds thresholds;      ///< what the rules and the trend alerts judge against
        TrendAlertTracker::Policy trends; ///< trend alerts over the metric history
        /**
         * Without a @p history: a store only read for the health context's failover durations
         * (`redis-ops check` opens the shared one read-only); never written. Must outlive the session.
         */
        AsyncHistoryStore *healthHistory = nullptr;
        /** Without either store: why, as the failover rule says it (e.g. no history recorded at that path). */
        QString noHistoryReason;
    };

    /** @p history (may be null: no history, and actions refuse) and @p clock must outlive the session. */
    DeploymentSession(Options options, AsyncHistoryStore *history, Clock *clock, QObject *parent = nullptr);
    ~DeploymentSession() override;

    void start();
    void stop();
    /** A poll cycle now (F5, a failover seen); @p rereadSettings: every server's settings too (F5). */
    void pollNow(bool rereadSettings = false);
    /**
     * Judges the next snapshots (health alerts, trend alerts) with @p thresholds (Settings, at once);
     * an alert raised under the old numbers clears by the usual rules once it no longer fires.
     */
    void setThresholds(const HealthThresholds &thresholds);
    const HealthThresholds &thresholds() const { return m_options.thresholds; }
    Monitor *monitor() const { return m_monitor; }
    /** Every sample of the monitor's cycles, kept 24 h (fed before samplesReady is emitted). */
    const MetricHistoryPtr &metricHistory() const { return m_metrics; }
    const MonitorConfig &config() const;
    SnapshotPtr snapshot() const;
    QString deploymentId() const;
    bool readOnly() const { return m_options.readOnly; }

    using KeyCountHandler = std::function<void(const ops::SlotKeyCountsPtr &counts)>;
    /** Counts the keys of @p range on the current snapshot's masters; @p done runs exactly once. */
    void countKeys(SlotRange range, KeyCountHandler done);

    /** Surveys the deployment and answers actionPreview() (also a refusal: read-only, not supported). */
    void previewFailover(const FailoverIntent &intent);
    /** Surveys the cluster for a reshard (move, rebalance, drain) and answers actionPreview(). */
    void previewReshard(const ReshardIntent &intent);
    /**
     * Surveys the cluster for the rest of journaled reshard @p operationId (move, rebalance or
     * drain interrupted or stopped) and answers actionPreview(): refused when it is not a reshard
     * of this deployment, succeeded, or the cluster changed so that it cannot go on safely.
     * Executing that preview continues the same operation.
     */
    void previewResume(const QString &operationId);
    /** Surveys the cluster for a fix, add-node or remove-node and answers actionPreview(). */
    void previewMaintenance(const MaintenanceIntent &intent);
    /** Pauses (true) or resumes the running reshard between windows. */
    void pauseAction(bool paused);
    /** Runs preview @p previewId; a refusal is answered by actionFinished() without an operation id. */
    void executeAction(const QString &previewId);
    /**
     * executeAction() with the operator's typed override of another console's operation lease:
     * @p holderOperation is what they typed (the holder's operation id or its first 8+
     * characters); only that holder is replaced (journaled: audit row and the new operation).
     */
    void executeTakingOverLease(const QString &previewId, const QString &holderOperation);
    /** Asks the running action to stop safely (it undoes what it can; past the point of no return it finishes). */
    void cancelAction();
    bool actionRunning() const;
    /** The open alerts stored by an earlier run have been read back (or there is no history). */
    bool alertsRestoredFromHistory() const { return m_alertRestore == AlertRestore::Done; }
    /**
     * What the rules judge besides the snapshot: the per-slot key census of a cluster and the
     * recorded failover durations, gathered at the settings cadence (HealthContextCollector).
     */
    const HealthContext &healthContext() const;
    /** The census and the failover history have been gathered once (or said why they cannot be). */
    bool healthContextGathered() const;

signals:
    void snapshotChanged(const ops::SnapshotPtr &snapshot);
    void eventsRecorded(const ops::OpsEvents &events);
    void samplesReady(const ops::MetricBatch &samples);
    void problem(const QString &message);
    void actionPreview(const ops::ActionPreview &preview);
    void actionStarted(const QString &operationId);
    void actionProgress(const ops::ActionProgress &progress);
    void actionFinished(const ops::ActionOutcome &outcome);
    /** A running reshard's numbers (slots, keys, rates, ETA, streams), at most every 250 ms. */
    void reshardProgress(const ops::ReshardProgress &progress);
    /** The slot migrations in progress changed (after a snapshot or a key count); empty when none is left. */
    void migrationsChanged(const ops::MigrationViews &migrations);
    /**
     * The alerts an earlier run raised and did not clear were read back from the history
     * (@p count reopened): judged from now on as open, so none is recorded twice.
     */
    void alertsRestored(int count);
    /** healthContext() changed (a census or a history read answered). */
    void healthContextChanged();

private:
    /** The failover action for the deployment's kind; null (and @p why) when there is none. */
    DeploymentAction *failoverAction(QString *why);
    /** The reshard action of a cluster; null (and @p why) when there is none. */
    ReshardAction *reshardAction(QString *why);
    /** The maintenance action of a cluster; null (and @p why) when there is none. */
    ClusterMaintenanceAction *maintenanceAction(QString *why);
    /** actionContext() plus the cluster's nodes (the surveys' seeds); false (and @p why: @p notCluster) on another kind. */
    bool clusterActionContext(DeploymentAction::Context *context, QList<Endpoint> *nodes, QString *why, const QString &notCluster) const;
    /** Every action made so far (failover, reshard, maintenance). */
    QList<DeploymentAction *> actions() const;
    /** What every action needs from the session: journal, clock, options; false (and @p why) when missing. */
    bool actionContext(DeploymentAction::Context *context, QString *why) const;
    /** Connects @p action's signals to the session's (read-only marking, operation ids on events). */
    void wire(DeploymentAction *action);
    void refusePreview(const QString &why);
    /** A reshard preview that is a refusal (no action, or one is running). */
    void refuseReshard(const QString &title, const QString &why, const QString &mode = {});
    void judgeHealth(const SnapshotPtr &snapshot);
    /** Asks the history for this deployment's open alerts (once); true once they are restored. */
    bool restoreAlerts(const SnapshotPtr &snapshot);
    /** Stores a cycle's samples in the history, then publishes them. */
    void recordSamples(const MetricBatch &samples);
    /** Forgets the series of nodes gone from the deployment for longer than the history keeps (24 h). */
    void pruneHistory(const SnapshotPtr &snapshot);
    void trackMigrations(const SnapshotPtr &snapshot);
    /** One round of COUNTKEYSINSLOT on the sources of open slots (MigrationTracker::probes()), unless one runs. */
    void probeMigrations(const SnapshotPtr &snapshot);
    void publishMigrations();

    Options m_options;
    AsyncHistoryStore *m_history;
    Clock *m_clock;
    Monitor *m_monitor;
    HealthContextCollector *m_healthContext;
    IdleConnectionPool *m_keyCountPool = nullptr; ///< created on the first count; closes idle links after 60 s
    DeploymentAction *m_failover = nullptr;
    ReshardAction *m_reshard = nullptr;
    ClusterMaintenanceAction *m_maintenance = nullptr;
    MetricHistoryPtr m_metrics;
    qint64 m_prunedAtMs = -1;          ///< monotonic: last pruneHistory pass
    HealthAlertTracker m_alerts;
    TrendAlertTracker m_trends;
    /** Open alerts read back from the history (a restart raises none twice): asked, then done. */
    enum class AlertRestore { NotAsked, Asked, Done } m_alertRestore = AlertRestore::NotAsked;
    MigrationTracker m_migrations;
    MigrationViews m_migrationViews;   ///< the last published
    bool m_probing = false;            ///< a key-count round for the migrations is out
};

} // namespace ops
