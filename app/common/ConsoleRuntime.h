#pragma once

#include "actions/ActionOutcome.h"
#include "actions/ActionPreview.h"
#include "actions/ActionProgress.h"
#include "actions/FailoverIntent.h"
#include "reshard/ReshardIntent.h"
#include "reshard/ReshardProgress.h"
#include "health/HealthContext.h"
#include "health/HealthThresholds.h"
#include "lab/LabTopology.h"
#include "history/HistoryQuery.h"
#include "history/ColleagueOperation.h"
#include "history/HistoryError.h"
#include "history/OperationQuery.h"
#include "history/StoreStatus.h"
#include "model/OpsEvent.h"
#include "model/SlotKeyCounts.h"
#include "model/TopologySnapshot.h"
#include "monitor/MetricHistory.h"
#include "monitor/MetricSample.h"
#include "monitor/MigrationView.h"
#include "monitor/MonitorConfig.h"
#include "resp/ConnectionOptions.h"
#include "runbooks/RunbookAnswer.h"
#include "runbooks/RunbookLibrary.h"
#include "runbooks/RunbookRunState.h"
#include "drills/DrillScore.h"

#include <QObject>
#include <QThread>

#include <functional>

namespace ops {

class AsyncHistoryStore;
class ColleagueWatch;
class ConsoleDrill;
class DeploymentSession;
class LocalLab;
class RunbookRunner;

/**
 * @brief Owns the backend thread and everything that lives on it (lab, one DeploymentSession per
 * watched deployment: monitor, key counts, actions), and the
 * history (an AsyncHistoryStore: SQLite on a thread of its own). The GUI talks to it with plain
 * calls that are forwarded to those threads, and gets results back as queued signals; nothing
 * here blocks the GUI thread except the final teardown at exit (which flushes the history).
 */
class ConsoleRuntime : public QObject
{
    Q_OBJECT
public:
    explicit ConsoleRuntime(QObject *parent = nullptr);
    ~ConsoleRuntime() override;

    void startLab(const LabSpec &spec);
    /**
     * Opens the history database on the history thread; events of every monitor started after
     * this call go there. A failure is reported by historyProblem(). Once per runtime (a second
     * call is a historyProblem()).
     */
    void openHistory(const QString &filePath);
    /** Where openHistory() opened the history (file path or URL); empty before. Other readers open their own. */
    QString historyLocation() const;
    /**
     * Starts watching a deployment (a DeploymentSession); results arrive tagged with the returned
     * id. A @p readOnly session previews actions but never executes them.
     */
    int startMonitor(const MonitorConfig &config, bool readOnly = false);
    void stopMonitor(int monitorId);
    /** The metric history @p monitorId's session feeds (thread-safe reads); null for an unknown id. */
    MetricHistoryPtr metricHistory(int monitorId) const { return m_metrics.value(monitorId); }
    /** Starts a poll cycle of @p monitorId now, settings (CONFIG GET) included, instead of at its next interval (F5). */
    void refreshNow(int monitorId);
    /**
     * Every open deployment's session judges its alerts by @p thresholds from now on (Settings ▸
     * Alerts; DeploymentSession::setThresholds on the backend thread). Sessions started later read
     * the saved settings themselves.
     */
    void setHealthThresholds(const ops::HealthThresholds &thresholds);
    using HistoryHandler = std::function<void(const QList<ops::OpsEvent> &events, const ops::HistoryError &error)>;
    /**
     * Runs @p query on the history store (history thread); @p handler runs on @p context's
     * thread unless @p context is destroyed first. Without an open store the handler gets an error.
     */
    void queryHistory(const HistoryQuery &query, QObject *context, HistoryHandler handler);
    using OperationsHandler = std::function<void(const QList<ops::OperationRecord> &operations, const ops::HistoryError &error)>;
    /**
     * Reads journaled operations matching @p query (AsyncHistoryStore::operations, history
     * thread); @p handler runs on @p context's thread unless @p context is destroyed first.
     * Without an open store the handler gets an error. Unfinished ones at start-up: states
     * Planned + Running.
     */
    void queryOperations(const OperationQuery &query, QObject *context, OperationsHandler handler);
    using KeyCountHandler = std::function<void(const ops::SlotKeyCountsPtr &counts)>;
    /**
     * Counts the keys of slots @p firstSlot..@p lastSlot of @p monitorId's cluster (CLUSTER
     * COUNTKEYSINSLOT on each slot's master, SlotKeyCounter, backend thread) over the monitor's
     * current snapshot and data options. @p handler runs on the GUI thread unless @p context is
     * destroyed first; an unknown monitor or a non-cluster gives counts with a problem().
     */
    void countKeys(int monitorId, int firstSlot, int lastSlot, QObject *context, KeyCountHandler handler);

    /** Surveys @p monitorId's deployment for a failover; answered by actionPreview(). */
    void previewFailover(int monitorId, const ops::FailoverIntent &intent);
    /** Runs the plan of a preview; progress by actionProgress(), the end (or a refusal) by actionFinished(). */
    void executeAction(int monitorId, const QString &previewId);
    /** executeAction() taking the lease over from @p holderOperation (typed by the operator; DeploymentSession::executeTakingOverLease). */
    void executeTakingOverLease(int monitorId, const QString &previewId, const QString &holderOperation);
    void cancelAction(int monitorId);
    /** Surveys @p monitorId's cluster for a reshard; answered by actionPreview(). */
    void previewReshard(int monitorId, const ops::ReshardIntent &intent);
    /** Plans the rest of journaled reshard @p operationId on @p monitorId's cluster; answered by actionPreview(). */
    void previewResume(int monitorId, const QString &operationId);
    /** Pauses (true) or resumes @p monitorId's running reshard between windows. */
    void pauseAction(int monitorId, bool paused);
    /**
     * Starts runbook file @p path (RunbookLibrary::load: built-in ":/runbooks/..." or a file) with
     * @p inputs on @p monitorId's deployment (a RunbookRunner on the backend thread, journaled).
     * One run per deployment at a time; states arrive by runbookChanged(), also a refusal (invalid
     * runbook or inputs, a run already going) as an ended state with the reason.
     */
    void startRunbook(int monitorId, const QString &path, const QHash<QString, QString> &inputs);
    /**
     * Continues journaled runbook run @p operationId on @p monitorId's deployment (the same runbook
     * text, RunbookLibrary::forRun; RunbookRunner::resume); refusals arrive as an ended state.
     */
    void resumeRunbook(int monitorId, const QString &operationId);
    /** The operator's answer to @p monitorId's run (RunbookRunner::confirm, retry, skip, addNote, abort). */
    void answerRunbook(int monitorId, const ops::RunbookAnswer &answer);

    /**
     * Starts drill @p scenarioId (DrillScenario::catalogue) for @p trainee: its own lab, data,
     * writer and fault (a ConsoleDrill on the backend thread). One drill at a time: a second start
     * while one is open ends as drillFinished() with outcome "refused" and why in the note. The
     * lab is announced by drillLabReady() (the console watches it), the fault by drillInjected().
     */
    void startDrill(const QString &scenarioId, quint32 seed, const QString &trainee);
    /** The trainee noticed the fault (the drill bar's Acknowledge): the time to detect. */
    void acknowledgeDrill();
    /** Undoes the drill's faults and ends it (outcome "aborted"); its lab stays until closeDrill(). */
    void abortDrill();
    /** Stops the drill's lab (aborting it first if it runs): the console can start another. */
    void closeDrill();
    using DrillRunsHandler = std::function<void(const QList<ops::DrillScore> &runs, const ops::HistoryError &error)>;
    /** Stored drill results of @p trainee (empty: everyone's), oldest first (history thread). */
    void queryDrillRuns(const QString &trainee, QObject *context, DrillRunsHandler handler);

signals:
    void drillProgress(const QString &step);
    void drillLabReady(const ops::LabTopology &topology);
    void drillInjected();
    void drillChecked(bool recovered, const QString &why);
    void drillActionSeen(const QString &action);
    /** The drill ended (recovered, aborted, failed, refused); @p storeError: why the score was not stored. */
    void drillFinished(const ops::DrillScore &score, const QString &storeError);
    void actionPreview(int monitorId, const ops::ActionPreview &preview);
    void actionStarted(int monitorId, const QString &operationId);
    void actionProgress(int monitorId, const ops::ActionProgress &progress);
    void actionFinished(int monitorId, const ops::ActionOutcome &outcome);
    void reshardProgress(int monitorId, const ops::ReshardProgress &progress);
    /** The slot migrations in progress on @p monitorId's cluster (its own reshard and any started elsewhere). */
    void migrationsChanged(int monitorId, const ops::MigrationViews &migrations);
    /** The key census or the failover history of a deployment was gathered again (the Health page's extra inputs). */
    void healthContextChanged(int monitorId, const ops::HealthContext &context);
    void labProgress(const QString &step);
    void labReady(const ops::LabTopology &topology);
    void labFailed(const QString &error);
    void historyProblem(const QString &message);
    void snapshotChanged(int monitorId, const ops::SnapshotPtr &snapshot);
    void eventsRecorded(int monitorId, const ops::OpsEvents &events);
    void samplesReady(int monitorId, const ops::MetricBatch &samples);
    void monitorProblem(int monitorId, const QString &message);
    /** A runbook run on @p monitorId changed (a step, a prompt, the end). */
    void runbookChanged(int monitorId, const ops::RunbookRunState &state);
    /**
     * Live colleagues (a shared store only): another console's operation changed (a step, its
     * end), read again after its notification (ColleagueWatch). This console's own are skipped.
     */
    void colleagueOperation(const ops::ColleagueOperation &operation);
    /** The shared store's notifications are being received (ColleagueWatch::listening). */
    void colleaguesListening();
    /** The shared store became unreachable (writes journaled locally), or back and flushed (AsyncHistoryStore). */
    void storeStatusChanged(const ops::StoreStatus &status);

private:
    QThread m_thread;
    QObject *m_anchor;           ///< lives on the backend thread; parent of all backend objects
    LocalLab *m_lab = nullptr;   ///< backend thread
    AsyncHistoryStore *m_history = nullptr; ///< GUI thread (its API is thread-safe); outlives the monitors
    ColleagueWatch *m_colleagues = nullptr; ///< GUI thread; a shared store only
    QHash<int, DeploymentSession *> m_sessions; ///< backend thread only
    QHash<int, RunbookRunner *> m_runbooks;     ///< backend thread only: the run of each deployment
    ConsoleDrill *m_drill = nullptr;            ///< backend thread only: the open drill
    /** Backend thread: a runner for @p monitorId's session, unless a run is going there (then null and @p why). */
    RunbookRunner *newRunner(int monitorId, const RunbookLibrary::Loaded &loaded, QString *why);
    int m_nextMonitorId = 1;           ///< GUI thread only
    QHash<int, MetricHistoryPtr> m_metrics; ///< GUI thread only (the histories themselves are thread-safe)
};

} // namespace ops
