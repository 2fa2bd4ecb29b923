#include "DeploymentSession.h"

#include "actions/ClusterFailoverAction.h"
#include "reshard/ClusterMaintenanceAction.h"
#include "reshard/ReshardAction.h"
#include "actions/SentinelFailoverAction.h"
#include "core/Clock.h"
#include "health/HealthChecker.h"
#include "history/AsyncHistoryStore.h"
#include "session/HealthContextCollector.h"
#include "monitor/Monitor.h"
#include "monitor/SlotKeyCounter.h"
#include "resp/IdleConnectionPool.h"

#include <algorithm>

namespace ops {

DeploymentSession::DeploymentSession(Options options, AsyncHistoryStore *history, Clock *clock, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_history(history), m_clock(clock),
      m_monitor(new Monitor(m_options.monitor, history, this, clock)),
      m_healthContext(new HealthContextCollector(history != nullptr ? history : m_options.healthHistory, clock, this)),
      m_metrics(m_options.metrics ? m_options.metrics : std::make_shared<MetricHistory>()),
      m_alerts(clock, m_options.alerts), m_trends(clock, m_options.trends, m_options.thresholds), m_migrations(clock)
{
    qRegisterMetaType<ops::ActionPreview>();
    qRegisterMetaType<ops::ActionProgress>();
    qRegisterMetaType<ops::ActionOutcome>();
    qRegisterMetaType<ops::FailoverIntent>();
    qRegisterMetaType<ops::MigrationViews>();
    connect(m_monitor, &Monitor::snapshotChanged, this, &DeploymentSession::snapshotChanged);
    connect(m_monitor, &Monitor::eventsRecorded, this, &DeploymentSession::eventsRecorded);
    connect(m_monitor, &Monitor::samplesReady, this, &DeploymentSession::recordSamples);
    connect(m_monitor, &Monitor::problem, this, &DeploymentSession::problem);
    connect(m_monitor, &Monitor::snapshotChanged, this, &DeploymentSession::judgeHealth);
    m_healthContext->setNoHistoryReason(m_options.noHistoryReason);
    connect(m_healthContext, &HealthContextCollector::changed, this, &DeploymentSession::healthContextChanged);
    connect(m_monitor, &Monitor::snapshotChanged, this, &DeploymentSession::trackMigrations);
    connect(m_monitor, &Monitor::snapshotChanged, this, &DeploymentSession::pruneHistory);
}

DeploymentSession::~DeploymentSession()
{
    // An action still running is cancelled (it lifts a pause it holds) and dropped with its
    // connections; the pause's server-side bound covers a cancel that cannot reach the server.
    if (m_failover && m_failover->running())
        m_failover->cancel();
    delete m_failover;
    delete m_monitor; // before the history store it writes to
    qDeleteAll(findChildren<SlotKeyCounter *>(Qt::FindDirectChildrenOnly)); // they return links to the pool
    delete m_keyCountPool;
}

void DeploymentSession::start() { m_monitor->start(); }
void DeploymentSession::stop() { m_monitor->stop(); }
void DeploymentSession::pollNow(bool rereadSettings) { m_monitor->pollNow(rereadSettings); }

void DeploymentSession::recordSamples(const MetricBatch &samples)
{
    m_metrics->append(samples);
    emit samplesReady(samples);
}

void DeploymentSession::pruneHistory(const SnapshotPtr &snapshot)
{
    constexpr qint64 kEveryMs = 60'000;
    constexpr qint64 kKeepMs = 24 * 3600 * 1000;
    const qint64 now = m_clock->monotonicMs();
    if (!snapshot || (m_prunedAtMs >= 0 && now - m_prunedAtMs < kEveryMs))
        return;
    m_prunedAtMs = now;
    QSet<QString> present;
    for (const Node &n : snapshot->nodes)
        present.insert(n.id);
    for (const Node &n : snapshot->sentinels)
        present.insert(n.id);
    m_metrics->forgetAbsent(present, m_clock->wallMs() - kKeepMs);
}

bool DeploymentSession::restoreAlerts(const SnapshotPtr &snapshot)
{
    if (m_alertRestore == AlertRestore::Done)
        return true;
    if (m_history == nullptr) {
        m_alertRestore = AlertRestore::Done;
        return true;
    }
    if (m_alertRestore == AlertRestore::Asked)
        return false; // the answer comes in a few ms; no alert is due before the raise hold anyway
    if (m_monitor->deploymentId().isEmpty())
        return false; // the id is not settled yet (DeploymentIdentity): its alerts are stored under the settled one
    m_alertRestore = AlertRestore::Asked;
    HistoryQuery query;
    query.deploymentId = snapshot->deploymentId; // the settled id from here on
    OpsEvent raised, cleared;
    raised.kind = OpsEvent::Kind::HealthAlert;
    cleared.kind = OpsEvent::Kind::HealthAlertCleared;
    query.kinds = {raised.kindName(), cleared.kindName()};
    query.sinceMs = m_clock->wallMs() - 7LL * 24 * 3600 * 1000; // an alert open longer is news again
    m_history->query(query, this, [this](const QList<OpsEvent> &events, const HistoryError &error) {
        int count = 0;
        if (!error.isError())
            count = m_alerts.restore(events) + m_trends.restore(events);
        m_alertRestore = AlertRestore::Done; // a failed read: alerts as if new (marked firingAtStart)
        emit alertsRestored(count);
    });
    return false;
}

void DeploymentSession::setThresholds(const HealthThresholds &thresholds)
{
    m_options.thresholds = thresholds;
    m_trends.setThresholds(thresholds);
}

void DeploymentSession::judgeHealth(const SnapshotPtr &snapshot)
{
    if (!snapshot || snapshot->nodes.isEmpty())
        return;
    m_healthContext->update(snapshot, config().dataOptions, std::max(config().commandTimeoutMs, 3000), config().configIntervalMs);
    if (!restoreAlerts(snapshot))
        return;
    // Pure and cheap (no I/O); the views run the same checker on the same snapshot for the page.
    OpsEvents alerts = m_alerts.update(HealthChecker(m_options.thresholds).check(*snapshot, healthContext()), *snapshot);
    alerts += m_trends.update(*snapshot, *m_metrics);
    if (!alerts.isEmpty())
        m_monitor->recordEvents(alerts);
}
void DeploymentSession::trackMigrations(const SnapshotPtr &snapshot)
{
    if (!snapshot || snapshot->kind != TopologySnapshot::Kind::Cluster || !snapshot->slotMap)
        return;
    const OpsEvents ended = m_migrations.update(*snapshot);
    if (!ended.isEmpty())
        m_monitor->recordEvents(ended); // history first, then the event log and the History page
    probeMigrations(snapshot);
    publishMigrations();
}

void DeploymentSession::probeMigrations(const SnapshotPtr &snapshot)
{
    const QList<MigrationTracker::Probe> probes = m_migrations.probes();
    if (m_probing || probes.isEmpty())
        return;
    // The count asks each slot of the map it is given of that slot's owner: a map with only the
    // probed slots, each given to its source (during a move the source still has the keys left).
    auto map = std::make_shared<SlotMap>();
    SlotRange range{kSlotCount, -1};
    for (const MigrationTracker::Probe &p : probes) {
        map->assign({p.slot, p.slot}, p.sourceId);
        range.first = std::min(range.first, p.slot);
        range.last = std::max(range.last, p.slot);
    }
    auto probeSnapshot = std::make_shared<TopologySnapshot>(*snapshot);
    probeSnapshot->slotMap = map;
    if (m_keyCountPool == nullptr)
        m_keyCountPool = new IdleConnectionPool(60'000);
    auto *counter = new SlotKeyCounter(config().dataOptions, m_keyCountPool, this);
    m_probing = true;
    connect(counter, &SlotKeyCounter::finished, this, [this, counter, probes](const SlotKeyCountsPtr &counts) {
        m_probing = false;
        for (const MigrationTracker::Probe &p : probes)
            m_migrations.setKeyCount(p.slot, counts->count(p.slot));
        publishMigrations();
        counter->deleteLater();
    });
    counter->start(probeSnapshot, range, std::max(config().commandTimeoutMs, 3000));
}

void DeploymentSession::publishMigrations()
{
    MigrationViews views = m_migrations.views();
    if (views == m_migrationViews && views.isEmpty())
        return;
    m_migrationViews = std::move(views);
    emit migrationsChanged(m_migrationViews);
}

const HealthContext &DeploymentSession::healthContext() const { return m_healthContext->context(); }
bool DeploymentSession::healthContextGathered() const { return m_healthContext->gathered(); }
const MonitorConfig &DeploymentSession::config() const { return m_monitor->config(); }
SnapshotPtr DeploymentSession::snapshot() const { return m_monitor->snapshot(); }
QString DeploymentSession::deploymentId() const { return m_monitor->deploymentId(); }

void DeploymentSession::countKeys(SlotRange range, KeyCountHandler done)
{
    // Connections of its own (not the pollers'), so a long pipeline never delays a poll; kept
    // between counts (a hover per slot).
    if (m_keyCountPool == nullptr)
        m_keyCountPool = new IdleConnectionPool(60'000);
    auto *counter = new SlotKeyCounter(config().dataOptions, m_keyCountPool, this);
    connect(counter, &SlotKeyCounter::finished, this, [counter, done = std::move(done)](const SlotKeyCountsPtr &counts) {
        done(counts);
        counter->deleteLater();
    });
    counter->start(snapshot(), range, std::max(config().commandTimeoutMs, 3000));
}

QList<DeploymentAction *> DeploymentSession::actions() const
{
    QList<DeploymentAction *> out;
    for (DeploymentAction *a : {m_failover, static_cast<DeploymentAction *>(m_reshard), static_cast<DeploymentAction *>(m_maintenance)})
        if (a)
            out << a;
    return out;
}

bool DeploymentSession::actionRunning() const
{
    const QList<DeploymentAction *> all = actions();
    return std::any_of(all.cbegin(), all.cend(), [](const DeploymentAction *a) { return a->running(); });
}

bool DeploymentSession::actionContext(DeploymentAction::Context *context, QString *why) const
{
    if (m_history == nullptr) {
        *why = tr("no operations journal: an action is never run unrecorded");
        return false;
    }
    const SnapshotPtr s = snapshot();
    if (!s || s->nodes.isEmpty()) {
        *why = tr("the deployment has not been seen yet; wait for the first refresh");
        return false;
    }
    if (deploymentId().isEmpty()) {
        // Journaled and leased under the settled id only: a guess would be another deployment's key.
        *why = tr("the deployment's id is not settled yet (it is read from the servers); try again in a moment");
        return false;
    }
    const MonitorConfig &c = config();
    context->journal = m_history;
    context->clock = m_clock;
    context->deploymentId = deploymentId();
    context->dataOptions = c.dataOptions;
    context->sentinelOptions = c.sentinelOptions;
    context->timeoutMs = std::max(c.commandTimeoutMs, 3000);
    return true;
}

void DeploymentSession::wire(DeploymentAction *action)
{
    connect(action, &DeploymentAction::previewReady, this, [this](ActionPreview p) {
        if (m_options.readOnly && p.refusal.isEmpty()) // the dry run is shown, marked as refused
            p.refusal = tr("this connection profile is read-only: the plan is shown, actions are disabled");
        emit actionPreview(p);
    });
    connect(action, &DeploymentAction::progress, this, &DeploymentSession::actionProgress);
    connect(action, &DeploymentAction::started, this, [this](const QString &id) {
        m_monitor->setActiveOperation(id); // the events it causes carry its id
        m_monitor->pollNow();
        emit actionStarted(id);
    });
    connect(action, &DeploymentAction::finished, this, [this](const ActionOutcome &o) {
        // The cycle started now still belongs to the operation: the id is cleared after it.
        m_monitor->pollNow(); // show the new topology at once
        const QString id = m_monitor->activeOperation();
        m_clock->callAfter(std::max(1000, config().intervalMs) * 2, this, [this, id] {
            if (m_monitor->activeOperation() == id && !actionRunning())
                m_monitor->setActiveOperation({});
        });
        emit actionFinished(o);
    });
}

DeploymentAction *DeploymentSession::failoverAction(QString *why)
{
    if (m_failover)
        return m_failover;
    DeploymentAction::Context context;
    if (!actionContext(&context, why))
        return nullptr;
    const SnapshotPtr s = snapshot();
    const MonitorConfig &c = config();
    if (s->kind == TopologySnapshot::Kind::Sentinel) {
        QList<Endpoint> sentinels = c.seeds;
        // Sentinels the monitor discovered count too (the operator may have named one).
        for (const Node &n : s->sentinels)
            if (!sentinels.contains(n.endpoint))
                sentinels << n.endpoint;
        m_failover = new SentinelFailoverAction(context, sentinels, s->masterName.toUtf8(), this);
    } else if (s->kind == TopologySnapshot::Kind::Cluster) {
        QList<Endpoint> nodes;
        for (const Node &n : s->nodes)
            nodes << n.endpoint;
        m_failover = new ClusterFailoverAction(context, nodes, this);
    } else {
        *why = tr("a standalone server has no replica to fail over to");
        return nullptr;
    }
    wire(m_failover);
    return m_failover;
}

bool DeploymentSession::clusterActionContext(DeploymentAction::Context *context, QList<Endpoint> *nodes, QString *why,
                                             const QString &notCluster) const
{
    if (!actionContext(context, why))
        return false;
    const SnapshotPtr s = snapshot();
    if (s->kind != TopologySnapshot::Kind::Cluster) {
        *why = notCluster;
        return false;
    }
    for (const Node &n : s->nodes)
        *nodes << n.endpoint;
    return true;
}

ReshardAction *DeploymentSession::reshardAction(QString *why)
{
    if (m_reshard)
        return m_reshard;
    DeploymentAction::Context context;
    QList<Endpoint> nodes;
    if (!clusterActionContext(&context, &nodes, why, tr("only a Redis Cluster has hash slots to move")))
        return nullptr;
    m_reshard = new ReshardAction(context, nodes, this);
    wire(m_reshard);
    connect(m_reshard, &ReshardAction::reshardProgress, this, &DeploymentSession::reshardProgress);
    connect(m_reshard, &ReshardAction::reshardProgress, this, [this](const ReshardProgress &p) { m_migrations.setOwnProgress(p); });
    connect(m_reshard, &DeploymentAction::finished, this, [this] { m_migrations.clearOwnProgress(); });
    return m_reshard;
}

ClusterMaintenanceAction *DeploymentSession::maintenanceAction(QString *why)
{
    if (m_maintenance)
        return m_maintenance;
    DeploymentAction::Context context;
    QList<Endpoint> nodes;
    if (!clusterActionContext(&context, &nodes, why, tr("fix, add-node and remove-node are Redis Cluster actions")))
        return nullptr;
    m_maintenance = new ClusterMaintenanceAction(context, nodes, this);
    wire(m_maintenance);
    return m_maintenance;
}

void DeploymentSession::previewMaintenance(const MaintenanceIntent &intent)
{
    QString why;
    ClusterMaintenanceAction *action = maintenanceAction(&why);
    if (!action || actionRunning())
        return refuseReshard(tr("Cluster maintenance"), action ? tr("an action is running on this deployment") : why,
                             MaintenanceIntent::kindName(intent.kind));
    action->previewMaintenance(intent);
}

void DeploymentSession::refuseReshard(const QString &title, const QString &why, const QString &mode)
{
    ActionPreview p;
    p.kind = QStringLiteral("cluster-reshard");
    p.mode = mode;
    p.deploymentId = deploymentId();
    p.title = title;
    p.refusal = why;
    emit actionPreview(p);
}

void DeploymentSession::previewReshard(const ReshardIntent &intent)
{
    QString why;
    ReshardAction *action = reshardAction(&why);
    if (!action || actionRunning())
        return refuseReshard(tr("Reshard"), action ? tr("an action is running on this deployment") : why);
    action->previewReshard(intent);
}

void DeploymentSession::previewResume(const QString &operationId)
{
    QString why;
    ReshardAction *action = reshardAction(&why);
    if (!action || actionRunning())
        return refuseReshard(tr("Resume a reshard"), action ? tr("an action is running on this deployment") : why,
                             QStringLiteral("resume"));
    action->previewResume(operationId);
}

void DeploymentSession::pauseAction(bool paused)
{
    if (m_reshard && m_reshard->running())
        m_reshard->pause(paused);
}

void DeploymentSession::refusePreview(const QString &why)
{
    ActionPreview p;
    p.kind = QStringLiteral("failover");
    p.deploymentId = deploymentId();
    p.title = tr("Fail over");
    p.refusal = why;
    emit actionPreview(p);
}

void DeploymentSession::previewFailover(const FailoverIntent &intent)
{
    QString why;
    DeploymentAction *action = failoverAction(&why);
    if (!action)
        return refusePreview(why);
    if (action->running())
        return refusePreview(tr("an action is running on this deployment"));
    action->preview(intent);
}

void DeploymentSession::executeAction(const QString &previewId) { executeTakingOverLease(previewId, QString()); }

void DeploymentSession::executeTakingOverLease(const QString &previewId, const QString &holderOperation)
{
    auto refuse = [this](const QString &why) {
        ActionOutcome o;
        o.state = QStringLiteral("refused");
        o.outcome = why;
        emit actionFinished(o);
    };
    if (m_options.readOnly)
        return refuse(tr("this connection profile is read-only: actions are disabled"));
    QString why;
    // The action whose preview it is: one action per deployment runs at a time.
    DeploymentAction *action = nullptr;
    for (DeploymentAction *a : {static_cast<DeploymentAction *>(m_reshard), static_cast<DeploymentAction *>(m_maintenance)})
        if (a && a->previewId() == previewId)
            action = a;
    if (!action)
        action = failoverAction(&why);
    if (!action)
        return refuse(why);
    if (actionRunning())
        return refuse(tr("an action is already running on this deployment"));
    if (!action->execute(previewId, &why, holderOperation))
        refuse(why);
}

void DeploymentSession::cancelAction()
{
    for (DeploymentAction *a : actions())
        if (a->running())
            a->cancel();
}

} // namespace ops
