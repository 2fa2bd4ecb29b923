#pragma once

#include "lab/LabTopology.h"
#include "monitor/ServerSummary.h"
#include "resp/ConnectionOptions.h"

#include <QMainWindow>
#include <QTimer>

class QLabel;
class QTabWidget;

namespace ops {

class OverviewPage;

/**
 * @brief The console's main window. It renders what the backend publishes and sends intents
 * (connect, start a lab); it never touches a socket. Pages are separate classes.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

public slots:
    void showSummary(const ops::ServerSummary &summary);
    void showLab(const ops::LabTopology &topology);
    void showBusy(const QString &what);
    void showFatal(const QString &what);

signals:
    void connectRequested(const ops::ConnectionOptions &options);
    /** The first summary of a reachable node has been rendered. */
    void firstRefreshShown();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void openConnectionDialog();
    void updateRefreshAge();

    QTabWidget *m_pages;
    OverviewPage *m_overview;
    QLabel *m_connectionState;
    QLabel *m_refreshAge;
    QTimer m_ageTimer;
    ServerSummary m_last;
    bool m_sawFirstRefresh = false;
};

} // namespace ops
