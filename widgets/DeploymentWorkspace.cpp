#include "DeploymentWorkspace.h"

#include "events/EventLogPage.h"
#include "metrics/MetricsPage.h"
#include "slotmap/SlotsPage.h"
#include "topology/TopologyPage.h"

#include <QAction>
#include <QTabWidget>
#include <QVBoxLayout>

namespace ops {

DeploymentWorkspace::DeploymentWorkspace(HistoryPage::QueryFunction historyQuery, QWidget *parent)
    : QWidget(parent)
    , m_pages(new QTabWidget(this))
    , m_topology(new TopologyPage(m_pages))
    , m_slots(new SlotsPage(m_pages))
    , m_metrics(new MetricsPage(m_pages))
    , m_history(new HistoryPage(std::move(historyQuery), m_pages))
    , m_events(new EventLogPage(m_pages))
{
    setObjectName(QStringLiteral("deploymentWorkspace"));
    m_pages->setObjectName(QStringLiteral("workspacePages"));
    m_pages->setTabPosition(QTabWidget::West);
    m_pages->setDocumentMode(true);
    m_pages->addTab(m_topology, tr("Topology"));
    m_pages->addTab(m_slots, tr("Slots"));
    m_pages->addTab(m_metrics, tr("Metrics"));
    m_pages->addTab(m_history, tr("History"));
    m_pages->addTab(m_events, tr("Events"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pages);

    const Page order[] = {Topology, Slots, Metrics, History, Events};
    for (int i = 0; i < 5; ++i) {
        auto *action = new QAction(this);
        action->setShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + i)));
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        const Page page = order[i];
        connect(action, &QAction::triggered, this, [this, page] { showPage(page); });
        addAction(action);
    }
    connect(m_slots, &SlotsPage::keyCountRequested, this, &DeploymentWorkspace::keyCountRequested);
}

void DeploymentWorkspace::setSnapshot(const SnapshotPtr &snapshot)
{
    if (!snapshot)
        return;
    if (!m_snapshot || m_snapshot->deploymentId != snapshot->deploymentId)
        m_history->setDeployment(snapshot->deploymentId);
    m_snapshot = snapshot;
    m_topology->setSnapshot(snapshot);
    m_metrics->setSnapshot(snapshot);
    const bool cluster = snapshot->kind == TopologySnapshot::Kind::Cluster;
    m_pages->setTabVisible(Slots, cluster);
    if (cluster)
        m_slots->setSnapshot(snapshot);
}

void DeploymentWorkspace::addEvents(const OpsEvents &events)
{
    m_events->addEvents(events);
    m_history->addEvents(events);
    m_metrics->addEvents(events);
}

void DeploymentWorkspace::addSamples(const MetricBatch &samples)
{
    m_metrics->addSamples(samples);
}

void DeploymentWorkspace::showPage(Page page)
{
    if (m_pages->isTabVisible(page))
        m_pages->setCurrentIndex(page);
}

} // namespace ops
