#include "OverviewPage.h"

#include "SavedDeploymentsPanel.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

namespace ops {

namespace {
// Server data is shown as plain text, never interpreted as rich text.
QLabel *plainLabel(QWidget *parent)
{
    auto *l = new QLabel(parent);
    l->setTextFormat(Qt::PlainText);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
}

QString orDash(qint64 v, const QString &text)
{
    return v < 0 ? QStringLiteral("–") : text;
}
} // namespace

OverviewPage::OverviewPage(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    auto *savedBox = new QGroupBox(tr("Saved deployments"), this);
    auto *savedLayout = new QVBoxLayout(savedBox);
    m_saved = new SavedDeploymentsPanel(savedBox);
    savedLayout->addWidget(m_saved);
    layout->addWidget(savedBox, 1);

    auto *row = new QHBoxLayout; // the deployment shown last and the lab, side by side
    layout->addLayout(row, 1);
    auto *serverBox = new QGroupBox(tr("Watched deployment"), this);
    auto *form = new QFormLayout(serverBox);
    m_deployment = addRow(form, tr("Deployment"), QStringLiteral("overviewDeployment"));
    m_endpoint = addRow(form, tr("Address"), QStringLiteral("overviewEndpoint"));
    m_status = addRow(form, tr("Status"), QStringLiteral("overviewStatus"));
    m_version = addRow(form, tr("Version"), QStringLiteral("overviewVersion"));
    m_mode = addRow(form, tr("Mode"), QStringLiteral("overviewMode"));
    m_role = addRow(form, tr("Role"), QStringLiteral("overviewRole"));
    m_cluster = addRow(form, tr("Cluster"), QStringLiteral("overviewCluster"));
    m_sentinels = addRow(form, tr("Sentinels"), QStringLiteral("overviewSentinels"));
    m_replicas = addRow(form, tr("Connected replicas"), QStringLiteral("overviewReplicas"));
    m_keys = addRow(form, tr("Keys"), QStringLiteral("overviewKeys"));
    m_memory = addRow(form, tr("Used memory"), QStringLiteral("overviewMemory"));
    m_clients = addRow(form, tr("Clients"), QStringLiteral("overviewClients"));
    m_uptime = addRow(form, tr("Uptime"), QStringLiteral("overviewUptime"));
    row->addWidget(serverBox, 1);

    auto *labBox = new QGroupBox(tr("Local lab"), this);
    auto *labLayout = new QVBoxLayout(labBox);
    m_labTitle = plainLabel(labBox);
    m_labTitle->setText(tr("No lab started. Run with --lab cluster or --lab sentinel to start one."));
    m_labNodes = new QTableWidget(0, 4, labBox);
    m_labNodes->setObjectName(QStringLiteral("labNodes"));
    m_labNodes->setHorizontalHeaderLabels({tr("Role"), tr("Address"), tr("Shard"), tr("PID")});
    m_labNodes->horizontalHeader()->setStretchLastSection(true);
    m_labNodes->verticalHeader()->hide();
    m_labNodes->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_labNodes->setSelectionBehavior(QAbstractItemView::SelectRows);
    labLayout->addWidget(m_labTitle);
    labLayout->addWidget(m_labNodes);
    row->addWidget(labBox, 1);
    showSummary(ServerSummary{});
}

QLabel *OverviewPage::addRow(QFormLayout *form, const QString &label, const QString &objectName)
{
    QLabel *value = plainLabel(this);
    value->setObjectName(objectName);
    form->addRow(label + QLatin1Char(':'), value);
    return value;
}

void OverviewPage::showSummary(const ServerSummary &s)
{
    const QLocale locale;
    m_deployment->setText(s.deploymentId.isEmpty() ? tr("–") : s.deploymentId);
    m_endpoint->setText(s.endpoint.isValid() ? s.endpoint.toString() : tr("not connected"));
    if (!s.endpoint.isValid())
        m_status->setText(tr("–"));
    else if (s.reachable)
        m_status->setText(tr("reachable, refreshed %1").arg(locale.toString(s.refreshedAt.toLocalTime().time(), QLocale::LongFormat)));
    else
        m_status->setText(tr("UNREACHABLE: %1").arg(s.error));
    m_version->setText(s.version.isEmpty() ? tr("–") : s.version);
    m_mode->setText(s.mode.isEmpty() ? tr("–") : s.mode);
    m_role->setText(s.role.isEmpty() ? tr("–") : s.role);
    m_cluster->setText(s.clusterState.isEmpty() ? tr("–")
                                                : tr("state %1, %2 known nodes, %3 shards with slots")
                                                      .arg(s.clusterState).arg(s.clusterKnownNodes).arg(s.clusterSize));
    m_replicas->setText(orDash(s.connectedReplicas, QString::number(s.connectedReplicas)));
    m_keys->setText(orDash(s.keys, locale.toString(s.keys)));
    m_memory->setText(orDash(s.usedMemory, locale.formattedDataSize(s.usedMemory)));
    m_clients->setText(orDash(s.connectedClients, QString::number(s.connectedClients)));
    m_uptime->setText(orDash(s.uptimeSeconds, tr("%1 s").arg(s.uptimeSeconds)));
    m_sentinels->setText(orDash(s.sentinels, QString::number(s.sentinels)));
}

void OverviewPage::showLab(const LabTopology &topology)
{
    m_labTitle->setText(tr("%1 lab%2 in %3").arg(LabSpec::kindName(topology.spec.kind),
                                                 topology.spec.tls ? tr(" (TLS)") : QString(), topology.directory));
    m_labNodes->setRowCount(int(topology.nodes.size()));
    for (int row = 0; row < topology.nodes.size(); ++row) {
        const LabNode &n = topology.nodes[row];
        const QStringList cells{LabNode::roleName(n.role), n.endpoint.toString(),
                                n.role == LabNode::Role::Sentinel ? QString() : QString::number(n.shard), QString::number(n.pid)};
        for (int col = 0; col < cells.size(); ++col)
            m_labNodes->setItem(row, col, new QTableWidgetItem(cells[col]));
    }
    m_labNodes->resizeColumnsToContents();
}

} // namespace ops
