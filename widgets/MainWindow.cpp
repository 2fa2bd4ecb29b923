#include "MainWindow.h"

#include "ConnectionDialog.h"
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
    statusBar()->addWidget(m_connectionState, 1);
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
        emit connectRequested(dialog.options());
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
    if (!m_last.refreshedAt.isValid()) {
        m_refreshAge->clear();
        return;
    }
    const qint64 age = m_last.refreshedAt.secsTo(QDateTime::currentDateTimeUtc());
    m_refreshAge->setText(tr("last refresh %1 s ago").arg(std::max<qint64>(0, age)));
}

} // namespace ops
