#include "MainWindow.h"

#include "core/PlainText.h"

#include "ConnectionDialog.h"
#include "DeploymentWorkspace.h"
#include "actions/ActionDialogs.h"
#include "actions/FailoverWizard.h"
#include "health/HealthColorProxy.h"
#include "OverviewPage.h"
#include "SavedDeploymentsPanel.h"
#include "SettingsController.h"
#include "topology/TopologyPage.h"
#include "ShortcutsDialog.h"
#include "UnfinishedOperationsBanner.h"
#include "actions/ReshardResumeOffer.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>

#include <iterator>

namespace ops {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_ageTimer(this)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Redis Ops Console"));
    resize(1100, 720);

    m_actions = new ActionDialogs(this);
    m_resumeOffer = new ReshardResumeOffer(this);
    connect(m_actions, &ActionDialogs::actionFinished, this, [this](int monitorId, const ActionOutcome &outcome) {
        if (DeploymentWorkspace *w = m_deployments.value(monitorId))
            w->historyPage()->refresh(); // the operation and its events are in the journal now
        if (m_unfinishedBanner && !outcome.operationId.isEmpty()) // a resumed operation is not unfinished any more
            m_unfinishedBanner->removeOperation(outcome.operationId);
    });
    m_pages = new QTabWidget(this);
    m_pages->setObjectName(QStringLiteral("pages"));
    m_pages->setDocumentMode(true);
    m_overview = new OverviewPage(m_pages);
    m_overview->setObjectName(QStringLiteral("overviewPage"));
    m_pages->addTab(m_overview, tr("&Overview"));
    // Saved deployments: open one through the connection dialog's path, or show its tab.
    connect(m_overview->savedDeployments(), &SavedDeploymentsPanel::openRequested, this, &MainWindow::connectRequested);
    connect(m_overview->savedDeployments(), &SavedDeploymentsPanel::showRequested, this, [this](int monitorId) {
        if (DeploymentWorkspace *w = m_deployments.value(monitorId))
            m_pages->setCurrentWidget(w);
    });
    m_settings = new SettingsController(this);
    setCentralWidget(m_pages);

    createActions();
    connect(m_pages, &QTabWidget::currentChanged, this, &MainWindow::onTabChanged);

    m_connectionState = new QLabel(tr("Not connected"), this);
    m_connectionState->setObjectName(QStringLiteral("connectionState"));
    m_connectionState->setTextFormat(Qt::PlainText);
    m_refreshAge = new QLabel(this);
    m_refreshAge->setObjectName(QStringLiteral("refreshAge"));
    m_staleNodes = new QLabel(this);
    m_staleNodes->setObjectName(QStringLiteral("staleNodes"));
    m_staleNodes->setTextFormat(Qt::PlainText);
    statusBar()->addWidget(m_connectionState, 1);
    m_storeStatus = new QLabel(this);
    m_storeStatus->setObjectName(QStringLiteral("storeStatus"));
    m_storeStatus->setTextFormat(Qt::PlainText);
    m_storeStatus->hide();
    statusBar()->addPermanentWidget(m_storeStatus);
    statusBar()->addPermanentWidget(m_staleNodes);
    statusBar()->addPermanentWidget(m_refreshAge);
    m_ageTimer.setInterval(1000);
    connect(&m_ageTimer, &QTimer::timeout, this, &MainWindow::updateRefreshAge);
    m_ageTimer.start();

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray());
}

MainWindow::~MainWindow() = default;

QAction *MainWindow::addMenuAction(QMenu *menu, const char *objectName, const QString &text, const QKeySequence &key)
{
    auto *action = new QAction(text, this);
    action->setObjectName(QLatin1String(objectName));
    action->setShortcut(key);
    action->setShortcutContext(Qt::WindowShortcut);
    QString plain = text;
    plain.remove(QLatin1Char('&'));
    const QString tip = QStringLiteral("%1 (%2)").arg(plain, key.toString(QKeySequence::NativeText));
    action->setToolTip(tip);
    action->setStatusTip(tip);
    menu->addAction(action);
    addAction(action); // window-wide even while the menu bar is hidden
    return action;
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    connect(addMenuAction(file, "actionConnect", tr("&Connect…"), QKeySequence(Qt::CTRL | Qt::Key_N)),
            &QAction::triggered, this, &MainWindow::openConnectionDialog);
    m_closeAction = addMenuAction(file, "actionCloseDeployment", tr("&Close deployment tab"), QKeySequence(Qt::CTRL | Qt::Key_W));
    connect(m_closeAction, &QAction::triggered, this, &MainWindow::closeCurrentDeployment);
    file->addSeparator();
    connect(addMenuAction(file, "actionSettings", tr("&Settings…"), QKeySequence(Qt::CTRL | Qt::Key_Comma)), &QAction::triggered,
            m_settings, &SettingsController::open);
    connect(addMenuAction(file, "actionQuit", tr("&Quit"), QKeySequence(Qt::CTRL | Qt::Key_Q)), &QAction::triggered, this,
            &QWidget::close);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    connect(addMenuAction(view, "actionShowOverview", tr("&Overview tab"), QKeySequence(Qt::ALT | Qt::Key_0)),
            &QAction::triggered, this, &MainWindow::showOverview);
    const std::pair<const char *, QString> pages[] = {
        {"actionShowTopology", tr("&Topology page")}, {"actionShowSlots", tr("&Slots page")},
        {"actionShowMetrics", tr("&Metrics page")},   {"actionShowHistory", tr("&History page")},
        {"actionShowEvents", tr("&Events page")},     {"actionShowHealth", tr("H&ealth page")},
        {"actionShowRunbooks", tr("R&unbooks page")},
    };
    for (int i = 0; i < int(std::size(pages)); ++i) {
        QAction *a = addMenuAction(view, pages[i].first, pages[i].second, QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + i)));
        connect(a, &QAction::triggered, this, [this, i] { showDeploymentPage(i); });
        m_deploymentActions << a;
    }
    view->addSeparator();
    connect(addMenuAction(view, "actionNextTab", tr("&Next tab"), QKeySequence(Qt::CTRL | Qt::Key_PageDown)),
            &QAction::triggered, this, [this] { stepTab(1); });
    connect(addMenuAction(view, "actionPreviousTab", tr("&Previous tab"), QKeySequence(Qt::CTRL | Qt::Key_PageUp)),
            &QAction::triggered, this, [this] { stepTab(-1); });
    view->addSeparator();
    QAction *refresh = addMenuAction(view, "actionRefresh", tr("&Refresh now"), QKeySequence(Qt::Key_F5));
    connect(refresh, &QAction::triggered, this, [this] {
        if (DeploymentWorkspace *w = currentDeployment()) {
            emit refreshRequested(m_deployments.key(w, -1));
            w->historyPage()->refresh(); // the stored history is re-read too
        }
    });
    m_deploymentActions << refresh;

    QMenu *actions = menuBar()->addMenu(tr("&Actions"));
    QAction *failover = addMenuAction(actions, "actionFailover", tr("&Fail over…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    connect(failover, &QAction::triggered, this, [this] { openFailover(); });
    m_deploymentActions << failover;
    QAction *reshard = addMenuAction(actions, "actionReshard", tr("&Reshard…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    connect(reshard, &QAction::triggered, this, [this] {
        if (DeploymentWorkspace *w = currentDeployment())
            emit w->reshardRequested(ReshardIntent{});
    });
    m_deploymentActions << reshard;
    QAction *resume = addMenuAction(actions, "actionResumeReshard", tr("Res&ume reshard…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U));
    connect(resume, &QAction::triggered, m_resumeOffer, &ReshardResumeOffer::resumeLatest);
    m_deploymentActions << resume;

    // Help: the shortcut list and About; every action here has a key.
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    connect(addMenuAction(help, "actionShortcuts", tr("&Keyboard shortcuts"), QKeySequence(Qt::Key_F1)),
            &QAction::triggered, this, &MainWindow::showShortcuts);
    connect(addMenuAction(help, "actionAbout", tr("&About Redis Ops Console"), QKeySequence(Qt::CTRL | Qt::Key_F1)),
            &QAction::triggered, this, &MainWindow::showAbout);
    onTabChanged();
}

DeploymentWorkspace *MainWindow::currentDeployment() const
{
    if (auto *w = qobject_cast<DeploymentWorkspace *>(m_pages->currentWidget()))
        return w;
    return m_lastDeployment;
}

bool MainWindow::closeCurrentDeployment()
{
    auto *workspace = qobject_cast<DeploymentWorkspace *>(m_pages->currentWidget());
    return workspace != nullptr && closeDeployment(m_deployments.key(workspace, -1));
}

bool MainWindow::closeDeployment(int monitorId)
{
    DeploymentWorkspace *workspace = m_deployments.value(monitorId);
    if (workspace == nullptr)
        return false;
    if (m_actions->running(monitorId)) {
        statusBar()->showMessage(tr("An action is running on this deployment: the tab stays open until it ends"), 8000);
        return false;
    }
    if (workspace->runbookPage()->running()) { // its actions run in this tab's session
        statusBar()->showMessage(tr("A runbook is running on this deployment: finish or abort it on the Runbooks page first"), 8000);
        return false;
    }
    m_deployments.remove(monitorId);
    m_pages->removeTab(m_pages->indexOf(workspace));
    delete workspace; // saves its layout; no code of it is on the stack (the action is ours)
    onTabChanged();
    emit deploymentClosed(monitorId);
    return true;
}

void MainWindow::showDeploymentPage(int page)
{
    DeploymentWorkspace *workspace = currentDeployment();
    if (workspace == nullptr)
        return;
    m_pages->setCurrentWidget(workspace);
    workspace->showPage(DeploymentWorkspace::Page(page));
}

void MainWindow::stepTab(int delta)
{
    const int n = m_pages->count();
    if (n > 1)
        m_pages->setCurrentIndex((m_pages->currentIndex() + delta + n) % n);
}

void MainWindow::onTabChanged()
{
    auto *workspace = qobject_cast<DeploymentWorkspace *>(m_pages->currentWidget());
    if (workspace != nullptr) {
        m_lastDeployment = workspace;
        workspace->focusCurrentPage();
    }
    m_closeAction->setEnabled(workspace != nullptr);
    if (workspace != nullptr)
        showDeploymentStatus(workspace);
    else
        showOverviewStatus();
    const bool any = currentDeployment() != nullptr;
    for (QAction *a : std::as_const(m_deploymentActions))
        a->setEnabled(any);
}

void MainWindow::showDeploymentStatus(DeploymentWorkspace *workspace)
{
    // The status bar speaks of the deployment on screen, not of whichever tab refreshed last.
    const SnapshotPtr snapshot = workspace->snapshot();
    if (!snapshot) {
        m_connectionState->setText(tr("Discovering %1…").arg(m_pages->tabText(m_pages->indexOf(workspace))));
        m_staleNodes->clear();
        return;
    }
    m_connectionState->setText(snapshot->deploymentId + QStringLiteral(" — ") + TopologyPage::summaryOf(*snapshot));
    m_lastSnapshotMs = snapshot->timestampMs;
    const int stale = snapshot->staleCount();
    // Nodes whose last poll failed or answered something unusable (a hostile or broken node): said
    // here until they answer properly again, each with its error in the tooltip.
    QStringList failing;
    for (const QList<Node> *nodes : {&snapshot->nodes, &snapshot->sentinels})
        for (const Node &n : *nodes)
            if (!n.lastError.isEmpty())
                failing << n.endpoint.toString() + QStringLiteral(": ") + n.lastError;
    QStringList parts;
    if (stale > 0)
        parts << tr("%n stale node(s)", nullptr, stale);
    if (!failing.isEmpty())
        parts << tr("%n node(s) with errors", nullptr, int(failing.size()));
    m_staleNodes->setText(parts.join(QStringLiteral(" · ")));
    m_staleNodes->setToolTip(PlainText::toolTip(failing.join(QLatin1Char('\n'))));
    updateRefreshAge();
}

void MainWindow::showShortcuts()
{
    if (m_shortcuts == nullptr) {
        m_shortcuts = new ShortcutsDialog(this, this);
        m_shortcuts->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_shortcuts->show();
    m_shortcuts->raise();
    m_shortcuts->activateWindow();
}

AboutDialog *MainWindow::showAbout()
{
    delete m_about; // the versions seen change with every snapshot: build it anew
    QList<AboutDialog::Deployment> deployments;
    for (int i = 0; i < m_pages->count(); ++i)
        if (auto *w = qobject_cast<DeploymentWorkspace *>(m_pages->widget(i)))
            deployments << AboutDialog::Deployment{m_pages->tabText(i), w->snapshot()};
    m_about = new AboutDialog(m_libraryVersions, deployments, this);
    m_about->setAttribute(Qt::WA_DeleteOnClose);
    m_about->show();
    m_about->raise();
    m_about->activateWindow();
    return m_about;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // Quitting drops a running action's connections: it stops where it is (a write pause ends by
    // itself at its server-side bound). Never silently.
    if (m_actions->anyRunning()
        && QMessageBox::warning(this, tr("An action is running"),
                                tr("An action is running. Quitting now stops it where it is: it is journaled as "
                                   "unfinished, a write pause ends by itself at its bound and a reshard's open slots "
                                   "wait for `redis-ops resume`.\n\nQuit anyway?"),
                                QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
               != QMessageBox::Yes) {
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
    for (const DeploymentWorkspace *workspace : std::as_const(m_deployments))
        workspace->saveLayout();
    event->accept();
}

void MainWindow::setSecretKeeper(SecretKeeper *keeper)
{
    m_secretKeeper = keeper;
    m_overview->savedDeployments()->setSecretKeeper(keeper);
}

void MainWindow::openConnectionDialog()
{
    ConnectionDialog dialog(this);
    dialog.setSecretKeeper(m_secretKeeper);
    if (m_last.endpoint.isValid()) {
        ConnectionOptions o;
        o.endpoint = m_last.endpoint;
        dialog.setOptions(o);
    }
    const bool accepted = dialog.exec() == QDialog::Accepted;
    m_overview->savedDeployments()->reload(); // it may have saved or deleted profiles
    if (accepted)
        emit connectRequested(dialog.profile());
}

void MainWindow::showOverviewSummary(const ServerSummary &summary)
{
    m_last = summary;
    m_overview->showSummary(summary);
    if (summary.endpoint.isValid())
        setWindowTitle(tr("Redis Ops Console — %1").arg(summary.endpoint.toString()));
    // A deployment tab on screen owns the status bar (showDeploymentStatus); the Overview's node
    // speaks only on the Overview.
    if (m_pages->currentWidget() == m_overview)
        showOverviewStatus();
    if (summary.reachable && !m_sawFirstRefresh) {
        m_sawFirstRefresh = true;
        emit firstRefreshShown();
    }
}

void MainWindow::showOverviewStatus()
{
    if (!m_last.endpoint.isValid())
        return;
    m_connectionState->setText(m_last.reachable ? tr("Connected to %1 (%2 %3)").arg(m_last.endpoint.toString(), m_last.mode, m_last.role)
                                                : tr("Disconnected: %1").arg(m_last.error));
    m_staleNodes->clear();
    updateRefreshAge();
}

void MainWindow::setExplicitView(const QString &view)
{
    m_explicitView = view;
    if (view == QLatin1String("overview"))
        showOverview();
}

DeploymentWorkspace *MainWindow::addDeployment(int monitorId, const QString &title, const Endpoint &seed)
{
    HistoryPage::QueryFunction query = m_historyQuery;
    if (!query) // no database wired in: the page says so instead of blocking or crashing
        query = [](const HistoryQuery &, QObject *, HistoryPage::Handler handler) {
            handler({}, HistoryError::make(HistoryError::Kind::Open, tr("no history database")));
        };
    auto *workspace = new DeploymentWorkspace(query, m_pages);
    if (m_operationsQuery)
        workspace->historyPage()->setOperationsQuery(m_operationsQuery);
    workspace->setObjectName(QStringLiteral("deployment%1").arg(monitorId));
    connect(workspace, &DeploymentWorkspace::failoverRequested, this, [this, monitorId, workspace](const FailoverIntent &intent) {
        const SnapshotPtr s = workspace->snapshot();
        m_actions->openFailover(monitorId, m_pages->tabText(m_pages->indexOf(workspace)),
                                s && s->kind == TopologySnapshot::Kind::Cluster, intent);
    });
    connect(workspace, &DeploymentWorkspace::reshardRequested, this, [this, monitorId, workspace](const ReshardIntent &intent) {
        const SnapshotPtr s = workspace->snapshot();
        if (!s || s->kind != TopologySnapshot::Kind::Cluster) {
            statusBar()->showMessage(tr("Only a Redis Cluster has hash slots to move"), 8000);
            return;
        }
        m_actions->openReshard(monitorId, m_pages->tabText(m_pages->indexOf(workspace)), workspace->masterAddresses(), intent);
    });
    connect(workspace, &DeploymentWorkspace::refreshRequested, this, [this, monitorId] { emit refreshRequested(monitorId); });
    connect(workspace, &DeploymentWorkspace::healthChanged, this, [this, workspace] { // the tab's health badge
        const int tab = m_pages->indexOf(workspace);
        m_pages->setTabIcon(tab, HealthColorProxy::iconOf(workspace->healthWord()));
        m_pages->setTabToolTip(tab, tr("Health: %1").arg(workspace->healthText()));
    });
    workspace->runbookPage()->setLibrary(m_runbookLibrary);
    connect(workspace->runbookPage(), &RunbookPanel::startRequested, this,
            [this, monitorId](const QString &path, const QHash<QString, QString> &inputs) { emit runbookStartRequested(monitorId, path, inputs); });
    connect(workspace->runbookPage(), &RunbookPanel::resumeRequested, this,
            [this, monitorId](const QString &operationId) { emit runbookResumeRequested(monitorId, operationId); });
    connect(workspace->runbookPage(), &RunbookPanel::answered, this,
            [this, monitorId](const RunbookAnswer &answer) { emit runbookAnswered(monitorId, answer); });
    connect(workspace->runbookPage(), &RunbookPanel::reportRequested, this,
            [this, monitorId](const QString &operationId) { askForIncidentReport(monitorId, operationId, {}, 0, 0); });
    connect(workspace->historyPage(), &HistoryPage::incidentReportRequested, this,
            [this, monitorId](const QString &deploymentId, qint64 fromMs, qint64 toMs) {
        askForIncidentReport(monitorId, {}, deploymentId, fromMs, toMs);
    });
    connect(workspace->historyPage()->operationsPanel(), &OperationsPanel::resumeRequested, m_resumeOffer,
            &ReshardResumeOffer::resume);
    m_deployments.insert(monitorId, workspace);
    workspace->setLayoutKey(title); // the restored layout first: an explicit view overrides it
    m_overviewMonitor = monitorId;
    m_overviewSeed = seed;
    m_lastDeployment = workspace; // Alt+1..5 reach it from the Overview too
    const QString view = std::exchange(m_explicitView, QString());
    const int tab = m_pages->addTab(workspace, title);
    if (view != QLatin1String("overview"))
        m_pages->setCurrentIndex(tab);
    static const QStringList pages{QStringLiteral("topology"), QStringLiteral("slots"), QStringLiteral("metrics"),
                                   QStringLiteral("history"), QStringLiteral("events"), QStringLiteral("health"),
                                   QStringLiteral("runbooks")};
    if (const int page = int(pages.indexOf(view)); page >= 0)
        workspace->pinPage(DeploymentWorkspace::Page(page));
    onTabChanged(); // also when it is the current tab already
    return workspace;
}

QString MainWindow::deploymentTitle(int monitorId) const
{
    return m_pages->tabText(m_pages->indexOf(m_deployments.value(monitorId)));
}

void MainWindow::openFailover(const QString &nodeId)
{
    if (DeploymentWorkspace *w = currentDeployment())
        emit w->failoverRequested(w->failoverIntentFor(nodeId));
}

void MainWindow::showUnfinishedOperations(const QList<OperationRecord> &operations)
{
    if (m_unfinishedBanner == nullptr) {
        m_unfinishedBanner = new UnfinishedOperationsBanner(this);
        addToolBar(Qt::TopToolBarArea, m_unfinishedBanner);
        connect(m_unfinishedBanner, &UnfinishedOperationsBanner::showRequested, this, [this](const OperationRecord &op) {
            DeploymentWorkspace *target = currentDeployment();
            for (DeploymentWorkspace *w : std::as_const(m_deployments))
                if (w->historyPage()->deployment() == op.deploymentId)
                    target = w;
            if (target == nullptr)
                return;
            m_pages->setCurrentWidget(target);
            target->showPage(DeploymentWorkspace::History);
            target->historyPage()->showOperation(op.id);
        });
        connect(m_unfinishedBanner, &UnfinishedOperationsBanner::resumeRequested, m_resumeOffer, &ReshardResumeOffer::resume);
    }
    m_unfinishedBanner->setOperations(operations);
    m_unfinishedRunbooks.clear();
    for (const OperationRecord &op : operations)
        if (op.kind == QLatin1String("runbook"))
            m_unfinishedRunbooks << op;
    m_resumeOffer->updateBanner();
}

void MainWindow::showOverview()
{
    m_pages->setCurrentWidget(m_overview);
}

void MainWindow::showSnapshot(int monitorId, const SnapshotPtr &snapshot)
{
    DeploymentWorkspace *workspace = m_deployments.value(monitorId);
    if (workspace == nullptr || !snapshot)
        return;
    workspace->setSnapshot(snapshot);
    if (!m_unfinishedRunbooks.isEmpty() && !workspace->runbookPage()->running()) {
        QList<OperationRecord> mine;
        for (const OperationRecord &op : std::as_const(m_unfinishedRunbooks))
            if (op.deploymentId == snapshot->deploymentId)
                mine << op;
        m_unfinishedRunbooks.removeIf([&](const OperationRecord &op) { return op.deploymentId == snapshot->deploymentId; });
        workspace->runbookPage()->setUnfinishedRuns(mine); // offered once, to the tab of their deployment
    }
    m_resumeOffer->snapshotShown(monitorId); // a reshard of this deployment can be resumed from the notice now
    if (monitorId == m_overviewMonitor) // cheap: the Overview is always current, shown or not
        showOverviewSummary(ServerSummary::fromSnapshot(*snapshot, m_overviewSeed));
    const int tab = m_pages->indexOf(workspace);
    m_pages->setTabText(tab, snapshot->deploymentId);
    if (workspace == m_pages->currentWidget()) // on the Overview, the Overview's node speaks
        showDeploymentStatus(workspace);
    bool settled = !snapshot->nodes.isEmpty();
    for (const QList<Node> *list : {&snapshot->nodes, &snapshot->sentinels})
        for (const Node &n : *list)
            settled = settled && (n.lastSeenMs > 0 || n.has(Node::Stale));
    if (settled && !m_sawFirstSnapshot) {
        m_sawFirstSnapshot = true;
        emit firstSnapshotShown();
    }
}

void MainWindow::showEvents(int monitorId, const OpsEvents &events)
{
    if (DeploymentWorkspace *workspace = m_deployments.value(monitorId))
        workspace->addEvents(events);
}

void MainWindow::showMigrations(int monitorId, const MigrationViews &migrations)
{
    if (DeploymentWorkspace *workspace = m_deployments.value(monitorId))
        workspace->setMigrations(migrations);
}

void MainWindow::showHealthContext(int monitorId, const HealthContext &context)
{
    if (DeploymentWorkspace *workspace = m_deployments.value(monitorId))
        workspace->setHealthContext(context);
}

void MainWindow::showColleagueOperation(const ColleagueOperation &operation)
{
    for (DeploymentWorkspace *workspace : std::as_const(m_deployments))
        workspace->showColleagueOperation(operation);
}

void MainWindow::showStoreStatus(const StoreStatus &status)
{
    const QString text = status.text();
    m_storeStatus->setText(text);
    m_storeStatus->setToolTip(status.cause);
    m_storeStatus->setVisible(!text.isEmpty());
}

void MainWindow::showSamples(int monitorId, const MetricBatch &samples)
{
    if (DeploymentWorkspace *workspace = m_deployments.value(monitorId))
        workspace->addSamples(samples);
}

void MainWindow::showMonitorProblem(int monitorId, const QString &message)
{
    m_connectionState->setText(message);
    // Nothing discovered yet (the seed does not answer): the Overview says why.
    const DeploymentWorkspace *workspace = m_deployments.value(monitorId);
    if (monitorId == m_overviewMonitor && workspace != nullptr && !workspace->snapshot()) {
        ServerSummary summary;
        summary.endpoint = m_overviewSeed;
        summary.error = message;
        showOverviewSummary(summary);
    }
}

void MainWindow::showLab(const LabTopology &topology)
{
    m_overview->showLab(topology);
}

void MainWindow::showBusy(const QString &what)
{
    m_connectionState->setText(what);
}

void MainWindow::showFatal(const QString &what)
{
    m_connectionState->setText(what);
    QMessageBox::critical(this, tr("Redis Ops Console"), what);
}

void MainWindow::updateRefreshAge()
{
    qint64 lastMs = m_last.refreshedAt.isValid() ? m_last.refreshedAt.toMSecsSinceEpoch() : 0;
    lastMs = std::max(lastMs, m_lastSnapshotMs);
    if (lastMs == 0) {
        m_refreshAge->clear();
        return;
    }
    const qint64 age = std::max<qint64>(0, (QDateTime::currentMSecsSinceEpoch() - lastMs) / 1000);
    // A minute without a refresh is itself news: say since when, in local time, not a growing count.
    if (age < 60)
        m_refreshAge->setText(tr("last refresh %1 s ago").arg(age));
    else
        m_refreshAge->setText(tr("no refresh since %1").arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(lastMs),
                                                                                   age < 86400 ? QStringLiteral("HH:mm:ss")
                                                                                               : QStringLiteral("yyyy-MM-dd HH:mm:ss"))));
}

void MainWindow::setRunbookLibrary(const QList<RunbookPanel::Entry> &entries)
{
    m_runbookLibrary = entries;
    for (DeploymentWorkspace *w : std::as_const(m_deployments))
        w->runbookPage()->setLibrary(entries);
}

void MainWindow::askForIncidentReport(int monitorId, const QString &runOperationId, const QString &deploymentId, qint64 fromMs,
                                      qint64 toMs)
{
    const QString folder = m_chooseReportFolder ? m_chooseReportFolder()
                                                : QFileDialog::getExistingDirectory(this, tr("Export incident report into"), QDir::homePath());
    if (folder.isEmpty())
        return;
    statusBar()->showMessage(runOperationId.isEmpty() ? tr("Writing the incident report…")
                                                      : tr("Writing the incident report of run %1…").arg(runOperationId.left(8)));
    emit incidentReportRequested(monitorId, runOperationId, deploymentId, fromMs, toMs, folder);
}

void MainWindow::showIncidentReport(const QStringList &files, const QString &error)
{
    if (!error.isEmpty())
        statusBar()->showMessage(tr("Incident report not written: %1").arg(error), 15000);
    else
        statusBar()->showMessage(tr("Incident report written: %1").arg(files.join(QStringLiteral(", "))), 15000);
}

void MainWindow::showRunbookState(int monitorId, const RunbookRunState &state)
{
    if (DeploymentWorkspace *w = m_deployments.value(monitorId))
        w->runbookPage()->showState(state);
}

} // namespace ops
