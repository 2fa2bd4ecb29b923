#include "MainWindow.h"

#include "ConnectionDialog.h"
#include "DeploymentWorkspace.h"
#include "OverviewPage.h"

#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>

namespace ops {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_ageTimer(this)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Redis Ops Console"));
    resize(1100, 720);

    m_pages = new QTabWidget(this);
    m_pages->setObjectName(QStringLiteral("pages"));
    m_pages->setDocumentMode(true);
    m_overview = new OverviewPage(m_pages);
    m_overview->setObjectName(QStringLiteral("overviewPage"));
    m_pages->addTab(m_overview, tr("&Overview"));
    setCentralWidget(m_pages);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *connectAction = file->addAction(tr("&Connect…"), this, &MainWindow::openConnectionDialog);
    connectAction->setShortcut(QKeySequence::New);
    connectAction->setObjectName(QStringLiteral("actionConnect"));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About"), this, [this] {
        QMessageBox::about(this, tr("About Redis Ops Console"),
                           tr("Redis Ops Console %1\nOperations console for Redis Sentinel and Redis Cluster.")
                               .arg(QApplication::applicationVersion()));
    });

    m_connectionState = new QLabel(tr("Not connected"), this);
    m_connectionState->setObjectName(QStringLiteral("connectionState"));
    m_connectionState->setTextFormat(Qt::PlainText);
    m_refreshAge = new QLabel(this);
    m_refreshAge->setObjectName(QStringLiteral("refreshAge"));
    m_staleNodes = new QLabel(this);
    m_staleNodes->setObjectName(QStringLiteral("staleNodes"));
    m_staleNodes->setTextFormat(Qt::PlainText);
    statusBar()->addWidget(m_connectionState, 1);
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

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
    event->accept();
}

void MainWindow::openConnectionDialog()
{
    ConnectionDialog dialog(this);
    if (m_last.endpoint.isValid()) {
        ConnectionOptions o;
        o.endpoint = m_last.endpoint;
        dialog.setOptions(o);
    }
    if (dialog.exec() == QDialog::Accepted)
        emit connectRequested(dialog.profile());
}

void MainWindow::showSummary(const ServerSummary &summary)
{
    m_last = summary;
    m_overview->showSummary(summary);
    setWindowTitle(tr("Redis Ops Console — %1").arg(summary.endpoint.toString()));
    m_connectionState->setText(summary.reachable ? tr("Connected to %1 (%2 %3)").arg(summary.endpoint.toString(), summary.mode, summary.role)
                                                 : tr("Disconnected: %1").arg(summary.error));
    updateRefreshAge();
    if (summary.reachable && !m_sawFirstRefresh) {
        m_sawFirstRefresh = true;
        emit firstRefreshShown();
    }
}

DeploymentWorkspace *MainWindow::addDeployment(int monitorId, const QString &title)
{
    HistoryPage::QueryFunction query = m_historyQuery;
    if (!query) // no database wired in: the page says so instead of blocking or crashing
        query = [](const HistoryQuery &, QObject *, HistoryPage::Handler handler) {
            handler({}, HistoryError::make(HistoryError::Kind::Open, tr("no history database")));
        };
    auto *workspace = new DeploymentWorkspace(query, m_pages);
    workspace->setObjectName(QStringLiteral("deployment%1").arg(monitorId));
    m_deployments.insert(monitorId, workspace);
    m_pages->setCurrentIndex(m_pages->addTab(workspace, title));
    return workspace;
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
    const int tab = m_pages->indexOf(workspace);
    m_pages->setTabText(tab, snapshot->deploymentId);
    m_lastSnapshotMs = snapshot->timestampMs;
    const int stale = snapshot->staleCount();
    m_staleNodes->setText(stale == 0 ? QString() : tr("%n stale node(s)", nullptr, stale));
    updateRefreshAge();
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

void MainWindow::showSamples(int monitorId, const MetricBatch &samples)
{
    if (DeploymentWorkspace *workspace = m_deployments.value(monitorId))
        workspace->addSamples(samples);
}

void MainWindow::showMonitorProblem(int monitorId, const QString &message)
{
    Q_UNUSED(monitorId);
    m_connectionState->setText(message);
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
    const qint64 age = (QDateTime::currentMSecsSinceEpoch() - lastMs) / 1000;
    m_refreshAge->setText(tr("last refresh %1 s ago").arg(std::max<qint64>(0, age)));
}

} // namespace ops
