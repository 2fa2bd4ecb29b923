#include "Monitor.h"

#include "DeploymentIdentity.h"
#include "SentinelOpsEvent.h"
#include "SentinelSubscriber.h"
#include "core/Clock.h"
#include "core/Logging.h"
#include "discovery/SnapshotBuilder.h"
#include "history/AsyncHistoryStore.h"
#include "model/TopologyDiff.h"

#include <utility>


namespace ops {

namespace {
auto log() { return Logging::get("monitor"); }
constexpr int kSentinelInfoEvery = 10; ///< cycles between INFO polls of a sentinel (load budget)
constexpr int kMaxPendingEvents = 10000; ///< events held while the deployment id is not settled
} // namespace

Monitor::Monitor(MonitorConfig config, AsyncHistoryStore *history, QObject *parent, Clock *clock)
    : QObject(parent)
    , m_config(std::move(config))
    , m_history(history)
    , m_kind(m_config.kind)
    , m_clock(clock ? clock : Clock::system())
{
}

Monitor::~Monitor()
{
    stopTimers();
}

qint64 Monitor::now() const { return m_clock->wallMs(); }

void Monitor::armTicker()
{
    m_clock->cancel(m_tickTimer);
    m_tickTimer = m_clock->callAfter(m_config.intervalMs, this, [this] {
        m_tickTimer = 0;
        armTicker(); // the cadence does not drift with the time a cycle takes
        tick();
    });
}

void Monitor::stopTimers()
{
    m_clock->cancel(m_tickTimer);
    m_clock->cancel(m_deadlineTimer);
    m_tickTimer = m_deadlineTimer = 0;
}

void Monitor::start()
{
    if (m_running)
        return;
    m_running = true;
    const bool sentinel = m_kind == MonitorConfig::Kind::Sentinel;
    for (const Endpoint &seed : std::as_const(m_config.seeds))
        addPoller(seed, sentinel);
    armTicker();
    tick();
}

void Monitor::stop()
{
    m_running = false;
    stopTimers();
    for (auto &[key, poller] : m_pollers)
        delete poller;
    m_pollers.clear();
    qDeleteAll(m_subscribers);
    m_subscribers.clear();
    m_cycleWaiting.clear();
    m_cyclePublished = true;
}

void Monitor::setActiveOperation(const QString &operationId)
{
    m_activeOperation = operationId;
}

void Monitor::pollNow(bool rereadSettings)
{
    if (!m_running)
        return;
    if (rereadSettings) // a poller busy in this cycle reads them in the next
        m_settingsWantedMs = now();
    armTicker(); // keep the cadence from now on
    tick();
}

NodePoller *Monitor::addPoller(const Endpoint &endpoint, bool sentinel)
{
    const QString key = endpoint.toString();
    if (auto it = m_pollers.find(key); it != m_pollers.end())
        return it->second;
    ConnectionOptions options = sentinel ? m_config.sentinelOptions : m_config.dataOptions;
    options.endpoint = endpoint;
    options.commandTimeoutMs = m_config.commandTimeoutMs;
    options.connectTimeoutMs = std::min(options.connectTimeoutMs, m_config.commandTimeoutMs);
    if (options.clientName.isEmpty())
        options.clientName = QByteArrayLiteral("redis-ops:monitor");
    auto *poller = new NodePoller(options, sentinel, this, m_clock);
    poller->setSentinel(sentinel, m_config.masterName);
    connect(poller, &NodePoller::polled, this, &Monitor::onPolled);
    m_pollers.emplace(key, poller);
    m_lastListedMs.insert(key, now());
    if (sentinel && !m_subscribers.contains(key)) {
        ConnectionOptions subOptions = options;
        subOptions.clientName = QByteArrayLiteral("redis-ops:events");
        subOptions.commandTimeoutMs = 0;
        auto *subscriber = new SentinelSubscriber(subOptions, this);
        connect(subscriber, &SentinelSubscriber::eventReceived, this, &Monitor::onSentinelEvent);
        m_subscribers.insert(key, subscriber);
        subscriber->start();
    }
    log()->debug("polling {}{}", key.toStdString(), sentinel ? " (sentinel)" : "");
    return poller;
}

TopologySnapshot::Kind Monitor::snapshotKind() const
{
    switch (m_kind) {
    case MonitorConfig::Kind::Cluster: return TopologySnapshot::Kind::Cluster;
    case MonitorConfig::Kind::Sentinel: return TopologySnapshot::Kind::Sentinel;
    default: return TopologySnapshot::Kind::Standalone;
    }
}

void Monitor::tick()
{
    if (!m_running)
        return;
    if (!m_cyclePublished && m_kind != MonitorConfig::Kind::Auto)
        publish();
    m_lastTickMs = now();
    ++m_rotation;

    QList<NodePoller *> data, sentinels;
    for (auto &[key, poller] : m_pollers)
        (poller->isSentinel() ? sentinels : data).append(poller);

    QHash<NodePoller *, NodePoller::Plan> plans;
    if (m_kind == MonitorConfig::Kind::Cluster && !data.isEmpty()) {
        // Viewpoints and CLUSTER INFO rotate separately so every node carries the same load.
        const int n = int(data.size());
        const int count = std::min(n, m_config.viewpointsPerCycle > 0 ? m_config.viewpointsPerCycle : (n <= 16 ? n : 4));
        for (int i = 0; i < count; ++i)
            plans[data.at((m_rotation * count + i) % n)].clusterNodes = true;
        for (int i = 0; i < std::min(n, 2); ++i)
            plans[data.at((m_rotation * 2 + i) % n)].clusterInfo = true;
    }
    for (qsizetype i = 0; i < sentinels.size(); ++i) {
        NodePoller::Plan &plan = plans[sentinels.at(i)];
        plan.info = (m_rotation + int(i)) % kSentinelInfoEvery == 0 || !sentinels.at(i)->observation().info;
        // Until the deployment id is settled every sentinel lists its peers (their ids name it).
        plan.sentinelLists = i == m_rotation % sentinels.size() || m_deploymentId.isEmpty();
    }
    for (NodePoller *p : std::as_const(data))
        plans.insert(p, plans.value(p)); // INFO for every data node
    // Settings for the health rules: at the first poll, after a restart, then rarely.
    const qint64 t = now();
    for (auto it = plans.begin(); it != plans.end(); ++it) {
        const qint64 attempt = it.key()->observation().configAttemptMs;
        it.value().config = attempt == 0 || attempt < m_settingsWantedMs || t - attempt >= m_config.configIntervalMs;
    }
    for (auto it = plans.cbegin(); it != plans.cend(); ++it)
        if (it.key()->poll(it.value()))
            m_cycleWaiting.insert(it.key()->key());

    if (m_kind == MonitorConfig::Kind::Auto)
        return; // detectKind() runs as the seeds answer
    m_cyclePublished = false;
    m_clock->cancel(m_deadlineTimer);
    m_deadlineTimer = m_clock->callAfter(std::max(100, m_config.intervalMs / 2), this, [this] {
        m_deadlineTimer = 0;
        publish();
    });
    if (m_cycleWaiting.isEmpty())
        publish();
}

void Monitor::onPolled(const QString &key)
{
    m_cycleWaiting.remove(key);
    if (m_kind == MonitorConfig::Kind::Auto) {
        if (detectKind())
            pollNow();
        return;
    }
    if (!m_cyclePublished && m_cycleWaiting.isEmpty())
        publish();
}

void Monitor::measureWriteRates(TopologySnapshot &next)
{
    // Each master's replication offset grows by what it writes to its replication stream: the
    // write rate the backlog must cover. Smoothed (EWMA) over cycles; reset when the offset goes
    // back (a restart, a new replication id).
    QHash<QString, WriteRate> seen;
    for (Node &n : next.nodes) {
        if (!n.isMaster() || n.replOffset < 0 || n.id.isEmpty())
            continue;
        WriteRate r = m_writeRates.value(n.id);
        if (r.atMs > 0 && next.timestampMs > r.atMs && n.replOffset >= r.offset) {
            const double now = double(n.replOffset - r.offset) * 1000.0 / double(next.timestampMs - r.atMs);
            r.bytesPerSec = r.bytesPerSec < 0 ? now : 0.3 * now + 0.7 * r.bytesPerSec;
        } else if (n.replOffset < r.offset) {
            r.bytesPerSec = -1;
        }
        r.offset = n.replOffset;
        r.atMs = next.timestampMs;
        n.replBytesPerSec = r.bytesPerSec;
        seen.insert(n.id, r);
    }
    m_writeRates = std::move(seen);
}

void Monitor::reportReplyProblem(const QString &key, const QString &problem)
{
    // Once per node and cause: a hostile node repeats it every poll.
    if (problem.isEmpty()) {
        m_replyProblems.remove(key);
        return;
    }
    if (m_replyProblems.value(key) == problem)
        return;
    m_replyProblems.insert(key, problem);
    emit this->problem(QStringLiteral("%1: %2").arg(key, problem));
}

bool Monitor::detectKind()
{
    for (auto &[key, poller] : m_pollers) {
        const NodeObservation &o = poller->observation();
        if (!o.info) {
            if (!o.lastError.isEmpty() && o.lastError != m_lastProblem) {
                m_lastProblem = o.lastError;
                emit problem(o.lastError);
            }
            continue;
        }
        const QByteArray mode = o.info->value("redis_mode");
        if (mode == "sentinel") {
            if (m_config.masterName.isEmpty()) {
                QList<QByteArray> names;
                for (auto f = o.info->fields().cbegin(); f != o.info->fields().cend(); ++f)
                    if (f.key().startsWith("master") && f.value().startsWith("name="))
                        names << f.value().mid(5, f.value().indexOf(',') - 5);
                if (names.size() != 1) {
                    const QString text = names.isEmpty()
                        ? QStringLiteral("%1 is a sentinel that monitors no master").arg(key)
                        : QStringLiteral("%1 monitors several masters (%2): choose one with --master")
                              .arg(key, QString::fromUtf8(names.join(", ")));
                    if (text != m_lastProblem) {
                        m_lastProblem = text;
                        emit problem(text);
                    }
                    return false;
                }
                m_config.masterName = names.first();
            }
            m_kind = MonitorConfig::Kind::Sentinel;
            for (auto &[k, p] : m_pollers) {
                p->setSentinel(true, m_config.masterName);
                addPoller(p->observation().endpoint, true); // starts its subscriber
            }
        } else {
            m_kind = mode == "cluster" ? MonitorConfig::Kind::Cluster : MonitorConfig::Kind::Standalone;
        }
        log()->info("{}: {} deployment", key.toStdString(), TopologySnapshot::kindName(snapshotKind()).toStdString());
        return true;
    }
    return false;
}

void Monitor::publish()
{
    if (m_cyclePublished && m_snapshot)
        return;
    m_cyclePublished = true;
    m_clock->cancel(m_deadlineTimer);
    m_deadlineTimer = 0;

    SnapshotInput input;
    input.kind = snapshotKind();
    input.masterName = QString::fromUtf8(m_config.masterName);
    input.nowMs = now();
    input.staleAfterMs = m_config.staleAfterMs;
    input.sequence = ++m_sequence;
    for (auto &[key, poller] : m_pollers) {
        input.observations.insert(key, poller->observation());
        reportReplyProblem(key, poller->observation().replyProblem);
    }
    TopologySnapshot next = SnapshotBuilder::build(input);
    // A cluster published before any node's CLUSTER NODES arrived (a first reply slower than the
    // cycle deadline) shows nodes by address only: it is not the deployment yet. Its id is not
    // kept (the id comes from node ids) and it is no baseline for events, else discovery would
    // be recorded as nodes added and removed, under a second deployment id.
    const bool provisional = input.kind == TopologySnapshot::Kind::Cluster && next.viewpoints.isEmpty() && !m_sawClusterView;
    m_sawClusterView = m_sawClusterView || !provisional;
    next.deploymentId = m_deploymentId.isEmpty() ? settleDeploymentId(input, next, provisional) : m_deploymentId;

    measureWriteRates(next);
    OpsEvents events;
    if (m_snapshot && !m_snapshotProvisional && !provisional)
        events = TopologyDiff::diff(*m_snapshot, next);
    m_snapshotProvisional = provisional;
    m_snapshot = std::make_shared<const TopologySnapshot>(std::move(next));
    emit snapshotChanged(m_snapshot);
    record(std::move(events)); // published when stored; the snapshot and samples do not wait for the disk
    emit samplesReady(samplesOf(*m_snapshot));
    syncPollers(*m_snapshot);
}

void Monitor::record(OpsEvents events)
{
    if (events.isEmpty())
        return;
    if (m_deploymentId.isEmpty()) {
        // Held until the id is settled (a few cycles at most): stored under the guess, they would
        // split the deployment's history.
        for (OpsEvent &e : events) {
            e.deploymentId.clear();
            if (m_pendingEvents.size() < kMaxPendingEvents)
                m_pendingEvents.append(std::move(e));
        }
        return;
    }
    for (OpsEvent &e : events) {
        if (e.deploymentId.isEmpty())
            e.deploymentId = m_deploymentId;
        if (e.operationId.isEmpty())
            e.operationId = m_activeOperation;
    }
    for (const OpsEvent &e : std::as_const(events))
        log()->info("[{}] {}: {}", m_deploymentId.toStdString(), e.kindName().toStdString(), e.message.toStdString());
    if (m_history == nullptr) {
        emit eventsRecorded(events);
        return;
    }
    // Acknowledged on this thread in request order, so events are published in the order they
    // happened; dropped if this monitor is deleted first (they are stored all the same).
    m_history->append(std::move(events), this, [this](const OpsEvents &stored, const HistoryError &error) {
        if (error.isError()) {
            // Published anyway: a full disk must not blind the console. Logged once per cause.
            const bool repeat = error.message == m_lastStoreError;
            m_lastStoreError = error.message;
            log()->log(repeat ? spdlog::level::debug : spdlog::level::err, "history: {} events not stored: {}",
                       stored.size(), error.message.toStdString());
        } else {
            m_lastStoreError.clear();
        }
        emit eventsRecorded(stored);
    });
}

void Monitor::syncPollers(const TopologySnapshot &snapshot)
{
    const qint64 t = now();
    for (const Node &n : snapshot.nodes)
        if (n.endpoint.isValid() && !n.has(Node::NoAddr)) {
            addPoller(n.endpoint, false);
            m_lastListedMs.insert(n.endpoint.toString(), t);
        }
    for (const Node &n : snapshot.sentinels)
        if (n.endpoint.isValid()) {
            addPoller(n.endpoint, true);
            m_lastListedMs.insert(n.endpoint.toString(), t);
        }
    for (auto it = m_pollers.begin(); it != m_pollers.end();) {
        const bool seed = m_config.seeds.contains(it->second->observation().endpoint);
        if (!seed && t - m_lastListedMs.value(it->first, t) > m_config.forgetAfterMs) {
            log()->info("{} is no longer part of the deployment: not polled any more", it->first.toStdString());
            delete m_subscribers.take(it->first);
            m_cycleWaiting.remove(it->first);
            delete it->second;
            it = m_pollers.erase(it);
        } else {
            ++it;
        }
    }
}

QString Monitor::settleDeploymentId(const SnapshotInput &input, const TopologySnapshot &next, bool provisional)
{
    DeploymentIdentity::Input in;
    in.kind = next.kind;
    in.explicitId = m_config.deploymentId;
    in.masterName = next.masterName;
    in.seeds = m_config.seeds;
    in.observations = input.observations;
    for (const Node &n : next.nodes)
        in.clusterNodeIds << n.id;
    const DeploymentIdentity::Result r = DeploymentIdentity::resolve(in);
    if (m_identitySinceMs == 0)
        m_identitySinceMs = input.nowMs;
    const bool timedOut = input.nowMs - m_identitySinceMs >= m_config.identityTimeoutMs;
    if (provisional || (!r.settled && !timedOut))
        return r.id;
    m_deploymentId = r.id;
    if (r.settled)
        log()->info("deployment id {} ({})", m_deploymentId.toStdString(), r.basis.toStdString());
    else
        log()->warn("deployment id {}: not settled after {} ms ({}); other consoles may name it differently",
                    m_deploymentId.toStdString(), m_config.identityTimeoutMs, r.basis.toStdString());
    if (!m_pendingEvents.isEmpty())
        record(std::exchange(m_pendingEvents, {}));
    return m_deploymentId;
}

MetricBatch Monitor::samplesOf(const TopologySnapshot &snapshot) const
{
    MetricBatch batch;
    for (const Node &n : snapshot.nodes) {
        if (n.has(Node::Stale) || n.lastSeenMs == 0)
            continue;
        MetricSample s;
        s.timestampMs = snapshot.timestampMs;
        s.replOffset = n.replOffset;
        s.lagBytes = n.lagBytes;
        s.lagSeconds = n.lagSeconds;
        s.linkUp = n.masterLinkUp;
        s.usedMemory = n.usedMemory;
        s.maxMemory = n.maxMemory;
        s.fragmentation = n.fragmentation;
        s.opsPerSec = n.opsPerSec;
        s.clients = n.clients;
        s.keys = n.keys;
        batch.append({n.id, s});
    }
    return batch;
}

void Monitor::onSentinelEvent(const Endpoint &sentinel, const SentinelEvent &event)
{
    if (!event.masterName.isEmpty() && !m_config.masterName.isEmpty() && event.masterName != m_config.masterName)
        return; // another master watched by the same sentinel
    const OpsEvent e = SentinelOpsEvent::from(sentinel, event, m_deploymentId, now());
    record(OpsEvents{e});
    if (event.type == "+switch-master" || event.type == "+failover-end")
        pollNow(); // confirm by polling at once
}

} // namespace ops
