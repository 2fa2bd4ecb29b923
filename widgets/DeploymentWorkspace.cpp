#include "DeploymentWorkspace.h"

#include "history/ColleagueBar.h"

#include "events/EventLogPage.h"
#include "health/HealthChecker.h"
#include "health/HealthColorProxy.h"
#include "health/HealthPanel.h"
#include "metrics/MetricsPage.h"
#include "runbooks/RunbookPanel.h"
#include "slotmap/SlotsPage.h"
#include "topology/TopologyPage.h"
#include "ViewStateStore.h"

#include <QAction>
#include <QMenu>
#include <QSettings>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <utility>

namespace ops {

namespace {

const QString kLastLayout = QStringLiteral("layout/lastDeployment");

QString settingsKeyOf(QString key)
{
    // '/' and '\\' separate QSettings groups; a deployment title must stay one key.
    key.replace(QLatin1Char('/'), QLatin1Char('_')).replace(QLatin1Char('\\'), QLatin1Char('_'));
    return QStringLiteral("layout/deployments/") + key;
}

/** The widget of @p page that should get the keyboard focus. */
QWidget *focusTargetOf(QWidget *page)
{
    if (page->focusProxy() != nullptr)
        return page;
    if (QWidget *last = page->focusWidget(); last != nullptr && page->isAncestorOf(last) && last->isVisibleTo(page))
        return last;
    for (QWidget *w : page->findChildren<QWidget *>())
        if ((w->focusPolicy() & Qt::StrongFocus) == Qt::StrongFocus && w->isVisibleTo(page) && w->isEnabled())
            return w;
    return page;
}

} // namespace

DeploymentWorkspace::DeploymentWorkspace(HistoryPage::QueryFunction historyQuery, QWidget *parent)
    : QWidget(parent)
    , m_pages(new QTabWidget(this))
    , m_topology(new TopologyPage(m_pages))
    , m_slots(new SlotsPage(m_pages))
    , m_metrics(new MetricsPage(m_pages))
    , m_history(new HistoryPage(std::move(historyQuery), m_pages))
    , m_events(new EventLogPage(m_pages))
    , m_health(new HealthPanel(m_pages))
    , m_runbooks(new RunbookPanel(m_pages))
    , m_colleagues(new ColleagueBar(this))
    , m_operationsRefresh(new QTimer(this))
    , m_viewState(new ViewStateStore(this))
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
    m_pages->addTab(m_health, tr("Health"));
    m_pages->addTab(m_runbooks, tr("Runbooks"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_colleagues);
    layout->addWidget(m_pages);
    m_operationsRefresh->setSingleShot(true);
    m_operationsRefresh->setInterval(300);
    connect(m_operationsRefresh, &QTimer::timeout, this, [this] {
        if (m_history->operationsPanel() && m_history->operationsPanel()->hasQuery())
            m_history->operationsPanel()->refresh(m_history->deployment());
    });
    // The graph and the slot map are the costly pages (1,000 nodes: several ms each per cycle):
    // a page that is not current takes the latest snapshot when it is shown, not every cycle.
    connect(m_pages, &QTabWidget::currentChanged, this, [this] {
        updateCurrentPage();
        // Queued: restoring the layout itself switches pages (it is iterating right now).
        QMetaObject::invokeMethod(this, [this] {
            if (m_viewState->hasPending())
                m_viewState->applyPending();
        }, Qt::QueuedConnection);
    });
    connect(m_slots, &SlotsPage::keyCountRequested, this, &DeploymentWorkspace::keyCountRequested);
    connect(m_slots, &SlotsPage::countAllKeysRequested, this, &DeploymentWorkspace::countAllKeysRequested);
    connect(m_slots, &SlotsPage::reshardRequested, this, &DeploymentWorkspace::reshardRequested);
    connect(m_topology, &TopologyPage::nodeContextMenuRequested, this, &DeploymentWorkspace::showNodeMenu);
    connect(m_health, &HealthPanel::recheckRequested, this, &DeploymentWorkspace::refreshRequested);
}

void DeploymentWorkspace::setSlotKeyCounts(const SlotKeyCountsPtr &counts) { m_slots->setSlotKeyCounts(counts); }
void DeploymentWorkspace::setMigrations(const MigrationViews &migrations) { m_slots->setMigrations(migrations); }

void DeploymentWorkspace::showColleagueOperation(const ColleagueOperation &operation)
{
    if (m_history->deployment().isEmpty() || operation.record.deploymentId != m_history->deployment())
        return;
    m_colleagues->showOperation(operation);
    if (!m_operationsRefresh->isActive())
        m_operationsRefresh->start();
}

DeploymentWorkspace::~DeploymentWorkspace()
{
    // The pages are still alive here (QWidget deletes children after this body).
    saveLayout();
}

void DeploymentWorkspace::setLayoutKey(const QString &key)
{
    m_layoutKey = key;
    if (key.isEmpty())
        return;
    const QSettings settings;
    QVariant saved = settings.value(settingsKeyOf(key));
    if (!saved.isValid())
        saved = settings.value(kLastLayout);
    m_viewState->restore(saved.toMap());
}

void DeploymentWorkspace::saveLayout() const
{
    if (m_layoutKey.isEmpty())
        return;
    const QVariantMap state = m_viewState->capture();
    QSettings settings;
    settings.setValue(settingsKeyOf(m_layoutKey), state);
    settings.setValue(kLastLayout, state);
}

void DeploymentWorkspace::setSnapshot(const SnapshotPtr &snapshot)
{
    if (!snapshot)
        return;
    if (!m_snapshot || m_snapshot->deploymentId != snapshot->deploymentId)
        m_history->setDeployment(snapshot->deploymentId);
    m_snapshot = snapshot;
    m_metrics->setSnapshot(snapshot); // names and roles for its legends: cheap
    m_runbooks->setDeploymentKind(snapshot->kind);
    m_report = HealthChecker(m_thresholds).check(*snapshot); // pure, a few dozen findings: every snapshot, for the badge
    updateHealth();
    const bool cluster = snapshot->kind == TopologySnapshot::Kind::Cluster;
    m_pages->setTabVisible(Slots, cluster);
    m_topologyBehind = true;
    m_slotsBehind = cluster;
    updateCurrentPage();
    if (m_viewState->hasPending()) // views filled by this snapshot take their saved layout
        m_viewState->applyPending();
    applyPinnedPage(true); // after the restored layout: the explicit request wins
}

void DeploymentWorkspace::updateCurrentPage()
{
    if (!m_snapshot)
        return;
    const int current = m_pages->currentIndex();
    if (current == Topology && std::exchange(m_topologyBehind, false)) {
        m_topology->setSnapshot(m_snapshot);
        m_topology->setHealth(m_report);
    } else if (current == Slots && std::exchange(m_slotsBehind, false))
        m_slots->setSnapshot(m_snapshot);
}

void DeploymentWorkspace::setHealthThresholds(const HealthThresholds &thresholds)
{
    m_thresholds = thresholds;
    if (!m_snapshot)
        return;
    m_report = HealthChecker(m_thresholds).check(*m_snapshot);
    updateHealth();
}

void DeploymentWorkspace::updateHealth()
{
    m_health->setReport(m_report, m_snapshot);
    const QString word = healthWord();
    m_pages->setTabIcon(Health, HealthColorProxy::iconOf(word));
    m_pages->setTabToolTip(Health, m_health->badgeText());
    emit healthChanged();
}

QString DeploymentWorkspace::healthWord() const
{
    return m_snapshot ? HealthPanel::worstWord(m_report) : QString();
}

QString DeploymentWorkspace::healthText() const
{
    return m_snapshot ? m_health->badgeText() : QString();
}

void DeploymentWorkspace::addEvents(const OpsEvents &events)
{
    m_events->addEvents(events);
    m_history->addEvents(events);
    m_metrics->addEvents(events);
    if (m_viewState->hasPending()) // the event table sized its columns to its first rows
        m_viewState->applyPending();
}

void DeploymentWorkspace::addSamples(const MetricBatch &samples)
{
    m_metrics->addSamples(samples);
    if (m_viewState->hasPending())
        m_viewState->applyPending();
}

void DeploymentWorkspace::showPage(Page page)
{
    if (!m_pages->isTabVisible(page))
        return;
    m_pages->setCurrentIndex(page);
    focusCurrentPage();
}

void DeploymentWorkspace::pinPage(Page page)
{
    m_pinnedPage = page;
    applyPinnedPage(m_snapshot != nullptr);
}

void DeploymentWorkspace::applyPinnedPage(bool final)
{
    if (m_pinnedPage < 0)
        return;
    if (m_pages->isTabVisible(m_pinnedPage))
        showPage(Page(std::exchange(m_pinnedPage, -1)));
    else if (final) // the deployment is known and the page does not apply to it
        m_pinnedPage = -1;
}

DeploymentWorkspace::Page DeploymentWorkspace::currentPage() const
{
    return Page(m_pages->currentIndex());
}

void DeploymentWorkspace::focusCurrentPage()
{
    if (QWidget *page = m_pages->currentWidget())
        focusTargetOf(page)->setFocus(Qt::ShortcutFocusReason);
}

FailoverIntent DeploymentWorkspace::failoverIntentFor(const QString &nodeId) const
{
    FailoverIntent intent;
    const bool cluster = m_snapshot && m_snapshot->kind == TopologySnapshot::Kind::Cluster;
    intent.mode = cluster ? FailoverIntent::Mode::Standard : FailoverIntent::Mode::Graceful;
    if (!m_snapshot)
        return intent;
    const Node *node = nodeId.isEmpty() ? m_snapshot->master() : m_snapshot->node(nodeId);
    if (node == nullptr)
        return intent;
    intent.nodeId = node->id;
    intent.node = node->endpoint;
    if (node->isReplica()) {
        // Promote this one (Sentinel: preferred by priority; cluster: CLUSTER FAILOVER on it); the
        // intent's node is the shard's master, so "the best replica" still means its shard.
        intent.preferred = node->endpoint;
        if (const Node *master = m_snapshot->node(node->masterId))
            intent.node = master->endpoint;
    }
    return intent;
}

QList<QAction *> DeploymentWorkspace::nodeActions(const QString &nodeId, QObject *parent)
{
    QList<QAction *> actions;
    const Node *node = m_snapshot ? m_snapshot->node(nodeId) : nullptr;
    if (node == nullptr || !(node->isMaster() || node->isReplica()))
        return actions;
    if (m_snapshot->kind != TopologySnapshot::Kind::Sentinel && m_snapshot->kind != TopologySnapshot::Kind::Cluster)
        return actions;
    const QString address = node->endpoint.toString();
    const QString text = node->isMaster() ? tr("Fail over %1 to its best replica…").arg(address)
                                          : tr("Promote replica %1 (failover)…").arg(address);
    auto *failover = new QAction(text, parent);
    failover->setObjectName(QStringLiteral("nodeFailover"));
    connect(failover, &QAction::triggered, this, [this, nodeId] { emit failoverRequested(failoverIntentFor(nodeId)); });
    actions << failover;
    if (m_snapshot->kind == TopologySnapshot::Kind::Cluster && node->isMaster()) {
        auto *moveTo = new QAction(tr("Move slots to %1…").arg(address), parent);
        moveTo->setObjectName(QStringLiteral("nodeMoveSlotsTo"));
        connect(moveTo, &QAction::triggered, this, [this, address] {
            ReshardIntent intent;
            intent.target = address;
            emit reshardRequested(intent);
        });
        auto *drain = new QAction(tr("Drain %1 (all its slots to the others)…").arg(address), parent);
        drain->setObjectName(QStringLiteral("nodeDrain"));
        connect(drain, &QAction::triggered, this, [this, address] {
            ReshardIntent intent;
            intent.mode = ReshardIntent::Mode::Drain;
            intent.sources = {address};
            emit reshardRequested(intent);
        });
        actions << moveTo << drain;
    }
    return actions;
}

QStringList DeploymentWorkspace::masterAddresses() const
{
    QStringList out;
    if (!m_snapshot)
        return out;
    for (const Node &n : m_snapshot->nodes)
        if (n.isMaster())
            out << n.endpoint.toString();
    out.sort();
    return out;
}

void DeploymentWorkspace::showNodeMenu(const QString &nodeId, const QPoint &globalPos)
{
    auto *menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("nodeMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->addActions(nodeActions(nodeId, menu));
    if (menu->isEmpty()) {
        delete menu;
        return;
    }
    menu->popup(globalPos); // not exec(): the window keeps updating while it is open
}

} // namespace ops
