#pragma once

#include "lab/LabTopology.h"
#include "monitor/ServerSummary.h"

#include <QWidget>

class QFormLayout;
class QLabel;
class QTableWidget;

namespace ops {

class SavedDeploymentsPanel;

/**
 * @brief The first page (the start page while nothing is open): the saved deployments with their
 * health at a glance (SavedDeploymentsPanel), the deployment the console watches and one node of it (the seed, else
 * the first master), from the monitor's snapshots — ServerSummary::fromSnapshot — and the lab it
 * started (if any).
 */
class OverviewPage : public QWidget
{
    Q_OBJECT
public:
    explicit OverviewPage(QWidget *parent = nullptr);

    void showSummary(const ServerSummary &summary);
    void showLab(const LabTopology &topology);
    SavedDeploymentsPanel *savedDeployments() const { return m_saved; }

private:
    QLabel *addRow(QFormLayout *form, const QString &label, const QString &objectName);

    QLabel *m_deployment, *m_endpoint, *m_status, *m_version, *m_mode, *m_role, *m_uptime, *m_clients, *m_memory,
        *m_replicas, *m_keys, *m_cluster, *m_sentinels;
    SavedDeploymentsPanel *m_saved;
    QLabel *m_labTitle;
    QTableWidget *m_labNodes;
};

} // namespace ops
