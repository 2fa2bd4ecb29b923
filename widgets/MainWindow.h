#pragma once

#include "history/ColleagueOperation.h"
#include "history/StoreStatus.h"

#include "AboutDialog.h"
#include "runbooks/RunbookPanel.h"
#include "lab/LabTopology.h"
#include "health/HealthContext.h"
#include "model/OpsEvent.h"
#include "model/TopologySnapshot.h"
#include "monitor/MetricSample.h"
#include "monitor/MigrationView.h"
#include "monitor/ServerSummary.h"
#include "core/ConnectionProfile.h"
#include "core/SecretKeeper.h"
#include "history/HistoryPage.h"
#include "resp/ConnectionOptions.h"

#include <QMainWindow>
#include <QPointer>
#include <QTimer>

#include <functional>

class QAction;
class QLabel;
class QMenu;
class QTabWidget;

namespace ops {

class ActionDialogs;
class DeploymentWorkspace;
class OverviewPage;
class ReshardResumeOffer;
class SettingsController;
class ShortcutsDialog;
class UnfinishedOperationsBanner;

/**
 * @brief The console's main window. It renders what the backend publishes and sends intents
 * (connect, start a lab, refresh, close a deployment); it never touches a socket. Pages are
 * separate classes.
 *
 * Window-wide shortcuts (docs: the keymap) are QActions in the File, View and Help menus:
 * Ctrl+N connect, Ctrl+W close the deployment tab, Ctrl+, settings, Ctrl+Q quit, Alt+0 overview, Alt+1..Alt+7 the
 * pages of the current deployment (the tab's icon: its worst health severity), Ctrl+PgDown / Ctrl+PgUp next / previous tab, F5 refresh now,
 * F1 the list of every shortcut (ShortcutsDialog), Ctrl+F1 About (libraries and the server versions seen). Geometry and each deployment tab's layout are
 * kept in QSettings.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /**
     * Adds a tab for the deployment a monitor watches; it becomes the current tab (unless an
     * explicit view pins the Overview). The Overview follows the deployment added last: its node
     * at @p seed (else its first master), built from that deployment's snapshots.
     */
    DeploymentWorkspace *addDeployment(int monitorId, const QString &title, const Endpoint &seed = {});
    DeploymentWorkspace *deployment(int monitorId) const { return m_deployments.value(monitorId); }
    QList<int> monitorIds() const { return m_deployments.keys(); }
    /** The tab title of @p monitorId's deployment. */
    QString deploymentTitle(int monitorId) const;
    void showOverview();
    /**
     * The view the command line asked for (--view: overview, topology, slots, metrics, history,
     * events, health). It wins over the layout restored from settings for the next deployment added:
     * "overview" keeps the Overview in front, a page name opens that page of the deployment as
     * soon as it applies (Slots: once the deployment is known to be a cluster).
     */
    void setExplicitView(const QString &view);    /** The deployment of the current tab; on the Overview, the deployment shown last (or null). */
    DeploymentWorkspace *currentDeployment() const;
    /** Closes the current deployment tab (Ctrl+W); emits deploymentClosed. False on the Overview. */
    bool closeCurrentDeployment();
    /** Closes @p monitorId's tab, unless an action or a runbook runs there (said in the status bar); emits deploymentClosed. */
    bool closeDeployment(int monitorId);
    /** Opens the keyboard shortcuts dialog (F1; raises the open one); non-modal, deleted when closed. */
    void showShortcuts();
    /** The library versions Help ▸ About lists (app/ knows them; widgets link none of them). */
    void setLibraryVersions(const AboutDialog::Versions &versions) { m_libraryVersions = versions; }
    /** Opens Help ▸ About (Ctrl+F1) with the server versions of every open deployment; non-modal. */
    AboutDialog *showAbout();
    /** The open action dialogs (failover wizard): wire their intents and the backend's answers. */
    ActionDialogs *actionDialogs() const { return m_actions; }
    /** Opens the failover wizard of the current deployment (Actions ▸ Fail over, Ctrl+Shift+F). */
    void openFailover(const QString &nodeId = {});
    /** How deployment tabs read the history database (the console: ConsoleRuntime::queryHistory). */
    void setHistoryQuery(HistoryPage::QueryFunction query) { m_historyQuery = std::move(query); }
    /** How deployment tabs read the operations journal (ConsoleRuntime::queryOperations); tabs added later list operations. */
    void setOperationsQuery(HistoryPage::OperationsQueryFunction query) { m_operationsQuery = std::move(query); }
    const HistoryPage::OperationsQueryFunction &operationsQuery() const { return m_operationsQuery; }
    /** The keychain for saved profiles' passwords (ConsoleWiring: SecretStore); none: typed each time. */
    void setSecretKeeper(SecretKeeper *keeper);
    /** Asks where to write an incident report (default: a folder dialog); empty: cancelled. Tests set their own. */
    void setReportFolderChooser(std::function<QString()> chooser) { m_chooseReportFolder = std::move(chooser); }
    /** The Overview tab (saved deployments, the deployment shown last, the lab). */
    OverviewPage *overviewPage() const { return m_overview; }
    /** File ▸ Settings… (Ctrl+,): the dialog, saving and applying. */
    SettingsController *settingsController() const { return m_settings; }
    /** The notice about unfinished operations (null until showUnfinishedOperations()). */
    UnfinishedOperationsBanner *unfinishedBanner() const { return m_unfinishedBanner; }

public slots:
    void showSnapshot(int monitorId, const ops::SnapshotPtr &snapshot);
    void showEvents(int monitorId, const ops::OpsEvents &events);
    /** The slot migrations in progress on @p monitorId's cluster: the Slots page's progress strip. */
    void showMigrations(int monitorId, const ops::MigrationViews &migrations);
    void showHealthContext(int monitorId, const ops::HealthContext &context);
    void showSamples(int monitorId, const ops::MetricBatch &samples);
    /** Live colleagues: another console's operation, to every tab watching its deployment. */
    void showColleagueOperation(const ops::ColleagueOperation &operation);
    /** The shared store's state in the status bar ("… unreachable since 03:12 — journaling locally (4 writes)"). */
    void showStoreStatus(const ops::StoreStatus &status);
    void showMonitorProblem(int monitorId, const QString &message);
    void showLab(const ops::LabTopology &topology);
    void showBusy(const QString &what);
    void showFatal(const QString &what);
    /**
     * At start: the journal holds operations nobody finished (interrupted). Shows a notice
     * naming each (id, who, when, last step) with "Show in History" (the deployment's History page,
     * filtered to that operation), "Resume…" (a reshard of a watched deployment: the resume wizard)
     * and "Dismiss". An empty list hides it.
     */
    void showUnfinishedOperations(const QList<ops::OperationRecord> &operations);
    /** The runbooks every deployment's Runbooks page offers (loaded by the app). */
    void setRunbookLibrary(const QList<ops::RunbookPanel::Entry> &entries);
    /** A runbook run's state on @p monitorId, for its Runbooks page. */
    void showRunbookState(int monitorId, const ops::RunbookRunState &state);
    /** An incident report was written (@p files) or not (@p error): said in the status bar. */
    void showIncidentReport(const QStringList &files, const QString &error);

signals:
    /** The operator asked to watch a deployment (password, if any, in memory only). */
    void connectRequested(const ops::ConnectionProfile &target);
    /** The operator asked for a poll cycle of @p monitorId now, settings included (F5, Health page's Re-check). */
    void refreshRequested(int monitorId);
    /** The operator closed the tab of @p monitorId: stop watching it. */
    void deploymentClosed(int monitorId);
    /** The Overview has first shown a node that answers (from a snapshot). */
    void firstRefreshShown();
    /** The first snapshot in which every server has answered has been rendered. */
    void firstSnapshotShown();
    /** The operator started runbook @p path on @p monitorId from its Runbooks page. */
    void runbookStartRequested(int monitorId, const QString &path, const QHash<QString, QString> &inputs);
    /** The operator asked to go on with journaled runbook run @p operationId on @p monitorId. */
    void runbookResumeRequested(int monitorId, const QString &operationId);
    /** The operator answered @p monitorId's runbook run (confirm, retry, skip, note, abort). */
    void runbookAnswered(int monitorId, const ops::RunbookAnswer &answer);
    /**
     * The operator asked for an incident report into @p folder: of runbook run @p runOperationId
     * (Runbooks page; the other fields empty) or of @p deploymentId between @p fromMs and @p toMs
     * (History page).
     */
    void incidentReportRequested(int monitorId, const QString &runOperationId, const QString &deploymentId, qint64 fromMs, qint64 toMs,
                                 const QString &folder);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void askForIncidentReport(int monitorId, const QString &runOperationId, const QString &deploymentId, qint64 fromMs, qint64 toMs);
    QAction *addMenuAction(QMenu *menu, const char *objectName, const QString &text, const QKeySequence &key);
    void createActions();
    void showDeploymentPage(int page);
    void stepTab(int delta);
    void onTabChanged();
    void openConnectionDialog();
    void updateRefreshAge();
    void showDeploymentStatus(DeploymentWorkspace *workspace);
    void showOverviewSummary(const ServerSummary &summary);
    void showOverviewStatus();

    QTabWidget *m_pages;
    QList<RunbookPanel::Entry> m_runbookLibrary;
    QList<OperationRecord> m_unfinishedRunbooks; ///< runbook runs nobody finished: each deployment's page offers its own
    OverviewPage *m_overview;
    QLabel *m_connectionState;
    QLabel *m_refreshAge;
    QLabel *m_staleNodes;
    QLabel *m_storeStatus;
    QHash<int, DeploymentWorkspace *> m_deployments;
    ActionDialogs *m_actions;
    ReshardResumeOffer *m_resumeOffer;      ///< "Resume…" of the notice, Actions ▸ Resume reshard…
    SettingsController *m_settings;         ///< File ▸ Settings…
    QPointer<DeploymentWorkspace> m_lastDeployment;
    QList<QAction *> m_deploymentActions; ///< enabled while there is a current deployment
    QAction *m_closeAction = nullptr;
    QPointer<ShortcutsDialog> m_shortcuts;  ///< open F1 dialog, if any (F1 again raises it)
    QPointer<AboutDialog> m_about;          ///< open About dialog, rebuilt on each opening
    AboutDialog::Versions m_libraryVersions;
    HistoryPage::QueryFunction m_historyQuery;
    HistoryPage::OperationsQueryFunction m_operationsQuery;
    SecretKeeper *m_secretKeeper = nullptr;
    std::function<QString()> m_chooseReportFolder;
    UnfinishedOperationsBanner *m_unfinishedBanner = nullptr;
    qint64 m_lastSnapshotMs = 0;
    bool m_sawFirstSnapshot = false;
    QTimer m_ageTimer;
    ServerSummary m_last;           ///< what the Overview shows
    bool m_sawFirstRefresh = false;
    int m_overviewMonitor = -1;     ///< the deployment the Overview summarises (added last)
    Endpoint m_overviewSeed;
    QString m_explicitView;         ///< --view, for the next deployment added
};

} // namespace ops
