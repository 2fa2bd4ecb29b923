#pragma once

#include "history/ColleagueOperation.h"

#include "actions/FailoverIntent.h"
#include "reshard/ReshardIntent.h"
#include "health/HealthReport.h"
#include "health/HealthThresholds.h"
#include "model/OpsEvent.h"
#include "model/SlotKeyCounts.h"
#include "model/TopologySnapshot.h"
#include "history/HistoryPage.h"
#include "monitor/MetricSample.h"
#include "monitor/MigrationView.h"

#include <QWidget>

class QTabWidget;
class QTimer;

namespace ops {

class ColleagueBar;
class EventLogPage;
class HealthPanel;
class HistoryPage;
class MetricsPage;
class RunbookPanel;
class SlotsPage;
class TopologyPage;
class ViewStateStore;

/**
 * @brief Everything the console shows about one deployment (one main-window tab): Topology,
 * Slots (clusters), Replication & metrics, Failover history, Events, Health, Runbooks — each page its own class,
 * reachable with Alt+1..Alt+7 (MainWindow's actions). It renders the snapshots and events the
 * backend publishes and asks for history through an injected query function; it never touches a
 * socket or the database.
 *
 * Every snapshot is judged by the (pure) health rules once here: the report feeds the Health page,
 * its tab's badge (a dot of the worst severity) and the marks on the topology graph's nodes.
 *
 * Its layout (current page, splitters, table headers) is saved in QSettings under a layout key
 * when it is destroyed and restored when the key is set (ViewStateStore), also for views that
 * get their content with the first snapshot.
 */
class DeploymentWorkspace : public QWidget
{
    Q_OBJECT
public:
    enum Page { Topology, Slots, Metrics, History, Events, Health, Runbooks };

    explicit DeploymentWorkspace(HistoryPage::QueryFunction historyQuery, QWidget *parent = nullptr);
    ~DeploymentWorkspace() override;

    void setSnapshot(const SnapshotPtr &snapshot);
    void addEvents(const OpsEvents &events);
    void addSamples(const MetricBatch &samples);
    /** Shows @p page (if it applies to this deployment) and moves the keyboard focus into it. */
    void showPage(Page page);
    /**
     * An explicit request for @p page (the --view option): shown now if it applies, else as soon
     * as the first snapshot says it does (Slots: a cluster); it wins over the restored layout.
     */
    void pinPage(Page page);
    /** Key counts (an answer to keyCountRequested() or countAllKeysRequested()) for the Slots page. */
    void setSlotKeyCounts(const ops::SlotKeyCountsPtr &counts);
    /** The slot migrations in progress, for the Slots page (strip and in-flight marks). */
    void setMigrations(const ops::MigrationViews &migrations);
    Page currentPage() const;
    /** Moves the keyboard focus into the current page, so its page shortcuts work. */
    void focusCurrentPage();
    SnapshotPtr snapshot() const { return m_snapshot; }
    /** The health report of the latest snapshot. */
    const HealthReport &healthReport() const { return m_report; }
    /**
     * The thresholds the Health page, the tab's badge and the graph's markers judge by: the same
     * the session's alerts use (AlertSettings, set by the console when it opens the tab), so the
     * page never disagrees with an alert. Re-judges the current snapshot.
     */
    void setHealthThresholds(const HealthThresholds &thresholds);
    /** "critical", "warning", "info" or "pass" (worst firing severity), empty before the first snapshot. */
    QString healthWord() const;
    /** "CRITICAL — 1 critical · 2 warning · 11 passing" (the Health page's badge). */
    QString healthText() const;

    /**
     * Restores the layout saved under @p key (QSettings group "layout/deployments"; the layout
     * last saved by any tab when @p key has none) and saves it there on destruction.
     */
    void setLayoutKey(const QString &key);
    QString layoutKey() const { return m_layoutKey; }
    /** Writes the layout now (also done on destruction). */
    void saveLayout() const;

    /**
     * The failover the operator means by choosing node @p nodeId (empty: the deployment's master):
     * a Sentinel master → graceful to the best replica; a Sentinel replica → promote it; a
     * cluster replica → CLUSTER FAILOVER on it; a cluster master → its best replica.
     */
    FailoverIntent failoverIntentFor(const QString &nodeId = {}) const;
    /** The masters' addresses in the current snapshot (the reshard wizard's choices). */
    QStringList masterAddresses() const;
    /** The actions the context menu of node @p nodeId offers (empty: none), for the menu and tests. */
    QList<QAction *> nodeActions(const QString &nodeId, QObject *parent);

    /**
     * A colleague's operation (another console, shared store): shown in the bar above the pages
     * when it is on this tab's deployment (the History page's), and the History page's operations
     * are read again (at most every 300 ms). Others are ignored.
     */
    void showColleagueOperation(const ops::ColleagueOperation &operation);
    ColleagueBar *colleagueBar() const { return m_colleagues; }

    TopologyPage *topologyPage() const { return m_topology; }
    SlotsPage *slotsPage() const { return m_slots; }
    EventLogPage *eventLogPage() const { return m_events; }
    HistoryPage *historyPage() const { return m_history; }
    MetricsPage *metricsPage() const { return m_metrics; }
    HealthPanel *healthPage() const { return m_health; }
    RunbookPanel *runbookPage() const { return m_runbooks; }

signals:
    /** The slot map asks for a key count (CLUSTER COUNTKEYSINSLOT) of @p slot. */
    void keyCountRequested(int slot);
    /** Ctrl+K on the Slots page: count the keys of all slots; answer with setSlotKeyCounts(). */
    void countAllKeysRequested();
    /** The operator asked for a guided failover (topology context menu or the Actions menu). */
    void failoverRequested(const ops::FailoverIntent &intent);
    /** The operator asked for a reshard (a master's context menu, the Actions menu, a slot-map selection). */
    void reshardRequested(const ops::ReshardIntent &intent);
    /** The Health page's "Re-check now": a poll with the settings read again (what F5 does). */
    void refreshRequested();
    /** The health report was judged again (a snapshot, new thresholds): healthWord() / healthText() may differ. */
    void healthChanged();

private:
    QTabWidget *m_pages;
    TopologyPage *m_topology;
    SlotsPage *m_slots;
    MetricsPage *m_metrics;
    HistoryPage *m_history;
    EventLogPage *m_events;
    HealthPanel *m_health;
    RunbookPanel *m_runbooks;
    ColleagueBar *m_colleagues;
    QTimer *m_operationsRefresh; ///< coalesces the History page's re-reads after colleagues' steps
    void updateCurrentPage();
    void updateHealth();
    void applyPinnedPage(bool final);
    void showNodeMenu(const QString &nodeId, const QPoint &globalPos);

    SnapshotPtr m_snapshot;
    HealthReport m_report;
    HealthThresholds m_thresholds;
    bool m_topologyBehind = false; ///< a snapshot arrived while the Topology page was not current
    bool m_slotsBehind = false;    ///< same for the Slots page
    int m_pinnedPage = -1;         ///< pinPage() not applied yet
    ViewStateStore *m_viewState;
    QString m_layoutKey;
};

} // namespace ops
