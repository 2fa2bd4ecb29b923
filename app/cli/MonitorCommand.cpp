#include "MonitorCommand.h"

#include "AppPaths.h"
#include "core/Clock.h"
#include "session/DeploymentSession.h"

namespace ops {

MonitorCommand::~MonitorCommand()
{
    delete m_session; // before the history store it writes to
}

void MonitorCommand::addMonitorOptions(QCommandLineParser &parser)
{
    m_deploymentArgs.addTo(parser);
    parser.addOptions({m_interval, m_wait, m_deployment});
}

bool MonitorCommand::isSettled(const TopologySnapshot &snapshot)
{
    if (snapshot.nodes.isEmpty())
        return false;
    for (const QList<Node> *list : {&snapshot.nodes, &snapshot.sentinels})
        for (const Node &n : *list)
            if (n.lastSeenMs == 0 && !n.has(Node::Stale))
                return false;
    return snapshot.kind != TopologySnapshot::Kind::Cluster || snapshot.slotMap != nullptr;
}

bool MonitorCommand::startMonitor(const QCommandLineParser &parser, bool storeHistory)
{
    MonitorConfig config;
    QString error;
    ConnectionProfile profile;
    if (!m_deploymentArgs.read(parser, profile, error)) {
        usageError(error, parser.helpText());
        return false;
    }
    config.dataOptions = profile.options;
    m_readOnly = profile.readOnly;
    bool ok = false;
    config.intervalMs = parser.value(m_interval).toInt(&ok);
    if (!ok || config.intervalMs < 100) {
        usageError(QStringLiteral("invalid --interval: %1 (at least 100 ms)").arg(parser.value(m_interval)), parser.helpText());
        return false;
    }
    config.staleAfterMs = std::max(3000, 3 * config.intervalMs);
    config.commandTimeoutMs = std::max(1000, 2 * config.intervalMs);
    const int waitMs = parser.value(m_wait).toInt(&ok);
    if (!ok || waitMs < 1) {
        usageError(QStringLiteral("invalid --wait: %1").arg(parser.value(m_wait)), parser.helpText());
        return false;
    }
    config.deploymentId = parser.value(m_deployment);
    config.masterName = profile.masterName;
    if (profile.isSentinel()) {
        config.kind = MonitorConfig::Kind::Sentinel;
        config.seeds = profile.sentinels;
        // Sentinels usually have no password of their own; the data nodes' auth applies to data nodes.
        config.sentinelOptions = config.dataOptions;
        config.sentinelOptions.user.clear();
        config.sentinelOptions.password.clear();
    } else {
        config.seeds << config.dataOptions.endpoint;
        config.sentinelOptions = config.dataOptions;
    }
    config.dataOptions.reconnect.maxDelayMs = std::min(config.dataOptions.reconnect.maxDelayMs, 2000);
    config.sentinelOptions.reconnect.maxDelayMs = config.dataOptions.reconnect.maxDelayMs;

    if (storeHistory) {
        // Its own thread: the monitor's sockets never wait for an fsync. Writes after a failed
        // open fail too (logged); the events are still printed.
        m_history = std::make_unique<AsyncHistoryStore>(AppPaths::historyFile());
        m_history->enableSpool(AppPaths::spoolFile()); // a shared store going away
        connect(m_history.get(), &AsyncHistoryStore::storeStatusChanged, this, &CliCommand::reportStoreStatus);
        m_history->open(this, [](int, const HistoryError &e) {
            if (e.isError())
                err(QStringLiteral("redis-ops: history is not recorded: %1").arg(e.message));
        });
    }
    m_waitTimer.setSingleShot(true);
    connect(&m_waitTimer, &QTimer::timeout, this, [this] {
        err(QStringLiteral("redis-ops: %1").arg(whyUnsettled()));
        finishMonitoring(ExitConnection);
    });
    m_waitTimer.start(waitMs);
    if (storeHistory || !m_readHistory) {
        launch(config, {});
        return true;
    }
    const QString location = AppPaths::historyFile();
    if (!AppPaths::historyExists()) {
        launch(config, QStringLiteral("no history at %1 (nothing recorded there yet: the console and redis-ops watch record one)")
                           .arg(location));
        return true;
    }
    // The session starts once the store has answered (a few ms): the rule then says why it
    // could not be read (older schema, not a database) instead of "not open".
    m_readOnlyHistory = std::make_unique<AsyncHistoryStore>(location);
    m_readOnlyHistory->openReadOnly(this, [this, config](int, const HistoryError &e) {
        if (isFinished())
            return;
        if (e.isError())
            m_readOnlyHistory.reset();
        launch(config, e.isError() ? QStringLiteral("the history could not be read: %1").arg(e.message) : QString());
    });
    return true;
}

void MonitorCommand::launch(const MonitorConfig &config, const QString &noHistoryReason)
{
    DeploymentSession::Options options{config, m_readOnly, {}, {}, {}, {}, m_readOnlyHistory.get(), noHistoryReason};
    m_session = new DeploymentSession(options, m_history.get(), Clock::system());
    connect(m_session, &DeploymentSession::problem, this, [this](const QString &text) { m_problem = text; });
    connect(m_session, &DeploymentSession::snapshotChanged, this, [this](const SnapshotPtr &snapshot) {
        // Nothing after --wait expired: the command already reported the connection error.
        // The deployment id settled too (DeploymentIdentity): what the command prints is the id
        // the history is stored under, the same from any seed.
        if (m_settled || isFinished() || !isSettled(*snapshot) || !hasWhatItNeeds(*snapshot)
            || m_session->deploymentId().isEmpty())
            return;
        m_settled = true;
        m_waitTimer.stop();
        onSettled(snapshot);
    });
    m_session->start();
}

void MonitorCommand::finishMonitoring(int code)
{
    if (m_session)
        m_session->stop();
    if (!m_history) {
        finish(code);
        return;
    }
    // Acknowledgements to the monitor (on this thread) arrive before this one: FIFO.
    m_history->flush(this, [this, code] { finish(code); });
}

QString MonitorCommand::whyUnsettled() const
{
    if (!m_problem.isEmpty())
        return m_problem;
    const SnapshotPtr snapshot = m_session ? m_session->snapshot() : SnapshotPtr();
    if (snapshot) {
        // Data nodes first, then sentinels (an unknown --master only fails SENTINEL MASTER there).
        for (const QList<Node> *list : {&snapshot->nodes, &snapshot->sentinels})
            for (const Node &n : *list) {
                if (n.lastError.isEmpty())
                    continue;
                const QString address = n.endpoint.toString();
                return n.lastError.contains(address) ? n.lastError : address + QStringLiteral(": ") + n.lastError;
            }
    }
    return QStringLiteral("no complete view of the deployment yet");
}

} // namespace ops
