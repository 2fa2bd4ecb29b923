#include "LocalLab.h"

#include "AsyncPoll.h"
#include "LabConfig.h"
#include "LabProcess.h"
#include "FreePorts.h"
#include "core/Logging.h"
#include "discovery/InfoReply.h"
#include "model/HashSlot.h"
#include "resp/RedisConnection.h"

#include <QDir>

namespace ops {

namespace {
auto log() { return Logging::get("lab"); }

QByteArray field(const RedisResult &r, const QByteArray &name)
{
    return r.ok() ? InfoReply::parse(r.value().bytes()).value(name) : QByteArray();
}

// SENTINEL MASTER replies with a flat array of field, value pairs.
QByteArray pairValue(const RespValue &v, const QByteArray &name)
{
    if (!v.isArray())
        return {};
    for (std::size_t i = 0; i + 1 < v.size(); i += 2)
        if (v[i].bytes() == name)
            return v[i + 1].bytes();
    return {};
}

QByteArray pairValue(const RedisResult &r, const QByteArray &name)
{
    return r.ok() ? pairValue(r.value(), name) : QByteArray();
}

// SENTINEL REPLICAS: a sentinel learns of a replica from the master's INFO and only then
// connects to it; until it has, the replica is flagged "disconnected" and is no candidate.
int linkedReplicas(const RedisResult &r)
{
    if (!r.ok() || !r.value().isArray())
        return 0;
    int linked = 0;
    for (std::size_t i = 0; i < r.value().size(); ++i) {
        const RespValue &replica = r.value()[i];
        if (pairValue(replica, "flags") == "slave" && pairValue(replica, "master-link-status") == "ok")
            ++linked;
    }
    return linked;
}
} // namespace

LocalLab::LocalLab(QObject *parent)
    : QObject(parent), m_readyTimer(this)
{
    m_readyTimer.setSingleShot(true);
    connect(&m_readyTimer, &QTimer::timeout, this, [this] {
        fail(QStringLiteral("the lab was not ready within %1 ms (step: %2)").arg(m_spec.readyTimeoutMs).arg(m_step));
    });
}

LocalLab::~LocalLab()
{
    stop();
}

QList<Endpoint> LocalLab::endpoints(std::optional<LabNode::Role> role) const
{
    QList<Endpoint> out;
    for (const LabNode &n : m_topology.nodes)
        if (!role || n.role == *role)
            out << n.endpoint;
    return out;
}

LabProcess *LocalLab::process(const Endpoint &endpoint) const
{
    const auto it = m_processes.find(endpoint.port);
    return it == m_processes.end() ? nullptr : it->second;
}

RedisConnection *LocalLab::control(const Endpoint &endpoint) const
{
    const auto it = m_connections.find(endpoint.port);
    return it == m_connections.end() ? nullptr : it->second;
}

QList<qint64> LocalLab::pids() const
{
    QList<qint64> out;
    for (const auto &[port, p] : m_processes)
        out << p->pid();
    return out;
}

std::pair<int, int> LocalLab::slotRange(int shard, int shards)
{
    return {shard * HashSlot::kSlots / shards, (shard + 1) * HashSlot::kSlots / shards - 1};
}

void LocalLab::start(const LabSpec &spec)
{
    if (m_starting || m_ready) {
        emit failed(QStringLiteral("the lab is already running"));
        return;
    }
    m_spec = spec;
    m_attempt = 0;
    m_readyTimer.start(spec.readyTimeoutMs); // for all attempts together
    startAttempt();
}

void LocalLab::setPortSource(PortSource source)
{
    m_portSource = std::move(source);
}

void LocalLab::startAttempt()
{
    const LabSpec &spec = m_spec;
    ++m_attempt;
    m_step.clear();
    m_topology = LabTopology{};
    m_topology.spec = spec;
    m_starting = true;

    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/redis-ops-lab-XXXXXX"));
    if (!m_dir->isValid())
        return fail(QStringLiteral("cannot create a temporary directory: %1").arg(m_dir->errorString()));
    m_topology.directory = m_dir->path();

    LabConfig::Tls tls;
    if (spec.tls) {
        emit progress(QStringLiteral("generating TLS certificates"));
        QString error;
        if (!LabCertificates::generate(m_dir->filePath(QStringLiteral("tls")), m_certs, error))
            return fail(error);
        tls.enabled = true;
        tls.certs = m_certs;
        m_topology.caFile = m_certs.caFile;
        m_topology.clientCertFile = m_certs.clientCertFile;
        m_topology.clientKeyFile = m_certs.clientKeyFile;
    }

    const bool cluster = spec.kind == LabSpec::Kind::Cluster;
    const int masters = cluster ? std::max(1, spec.masters) : 1;
    const int replicas = std::max(0, spec.replicasPerMaster);
    const int dataNodes = masters * (1 + replicas);
    const int sentinels = spec.kind == LabSpec::Kind::Sentinel ? std::max(1, spec.sentinels) : 0;
    const int spares = cluster ? std::max(0, spec.spareNodes) : 0;
    const int portCount = (dataNodes + spares) * (cluster ? 2 : 1) + sentinels;
    const QList<quint16> ports = m_portSource ? m_portSource(portCount) : FreePorts::allocate(portCount);
    if (ports.size() != portCount)
        return fail(QStringLiteral("no free loopback ports"));

    auto dir = [this](quint16 port) { return m_dir->filePath(QString::number(port)); };
    int next = 0;
    auto take = [&] { return ports[next++]; };
    emit progress(QStringLiteral("starting %1 processes").arg(dataNodes + sentinels + spares));
    QList<quint16> masterPorts;
    for (int m = 0; m < masters; ++m) {
        const quint16 port = take();
        const quint16 bus = cluster ? take() : 0;
        masterPorts << port;
        const QString conf = cluster ? LabConfig::clusterNode(port, bus, dir(port), tls) : LabConfig::server(port, dir(port), tls);
        if (!spawn(LabNode::Role::Master, port, bus, m, conf))
            return;
    }
    for (int m = 0; m < masters; ++m)
        for (int r = 0; r < replicas; ++r) {
            const quint16 port = take();
            const quint16 bus = cluster ? take() : 0;
            const QString conf = cluster ? LabConfig::clusterNode(port, bus, dir(port), tls)
                                         : LabConfig::replica(port, masterPorts[m], dir(port), tls);
            if (!spawn(LabNode::Role::Replica, port, bus, m, conf))
                return;
        }
    for (int s = 0; s < spares; ++s) {
        const quint16 port = take();
        const quint16 bus = take();
        if (!spawn(LabNode::Role::Spare, port, bus, -1, LabConfig::clusterNode(port, bus, dir(port), tls)))
            return;
    }
    for (int s = 0; s < sentinels; ++s) {
        const quint16 port = take();
        if (!spawn(LabNode::Role::Sentinel, port, 0, 0, LabConfig::sentinel(port, spec.masterName, masterPorts[0], dir(port), tls)))
            return;
    }

    waitUntil(QStringLiteral("waiting for every node to answer PING"), [this] {
        std::vector<Probe> probes;
        for (const Endpoint &e : endpoints())
            probes.push_back({e, {{"PING"}}, [](const QList<RedisResult> &r) { return r[0].ok(); }});
        return probes;
    }, [this] { m_spec.kind == LabSpec::Kind::Cluster ? formCluster() : finish(); });
}

bool LocalLab::spawn(LabNode::Role role, quint16 port, quint16 busPort, int shard, const QString &config)
{
    const QString program = role == LabNode::Role::Sentinel ? QStringLiteral("redis-sentinel") : QStringLiteral("redis-server");
    auto *process = new LabProcess(program, m_dir->filePath(QString::number(port)), config, this);
    m_processes[port] = process;
    if (!process->start()) {
        fail(process->error());
        return false;
    }
    connect(process, &LabProcess::exited, this, [this, process, port](int code) {
        if (m_starting)
            fail(QStringLiteral("node %1 exited with code %2 while the lab was starting:\n%3")
                     .arg(port).arg(code).arg(process->logTail()));
    });
    LabNode node;
    node.role = role;
    node.endpoint = Endpoint{QStringLiteral("127.0.0.1"), port};
    node.busPort = busPort;
    node.pid = process->pid();
    node.shard = shard;
    node.directory = process->directory();
    m_topology.nodes << node;

    ConnectionOptions options = m_topology.connectionOptions(node.endpoint);
    options.reconnect.initialDelayMs = 50;
    options.reconnect.maxDelayMs = 500;
    options.connectTimeoutMs = 2000;
    m_connections[port] = new RedisConnection(options, this);
    return true;
}

void LocalLab::runAll(const std::vector<Probe> &probes, std::function<void(bool ok)> done)
{
    struct State
    {
        int remaining = 0;
        bool ok = true;
        std::function<void(bool)> done;
    };
    auto state = std::make_shared<State>();
    state->done = std::move(done);
    for (const Probe &p : probes)
        state->remaining += int(p.commands.size());
    if (state->remaining == 0)
        return state->done(true);
    for (const Probe &p : probes) {
        RedisConnection *c = control(p.endpoint);
        auto results = std::make_shared<QList<RedisResult>>();
        const auto total = p.commands.size();
        for (const QList<QByteArray> &cmd : p.commands) {
            c->send(RespCommand(cmd), this, [state, results, total, check = p.check](const RedisResult &r) {
                results->append(r);
                if (results->size() == total && !check(*results))
                    state->ok = false;
                if (--state->remaining == 0)
                    state->done(state->ok);
            }, 2000);
        }
    }
}

void LocalLab::waitUntil(const QString &step, std::function<std::vector<Probe>()> probes, std::function<void()> next)
{
    m_step = step;
    emit progress(step);
    log()->debug("lab: {}", step.toStdString());
    AsyncPoll::until(this, 100, m_spec.readyTimeoutMs, [this, probes](AsyncPoll::Report report) {
        runAll(probes(), report);
    }, [this, next](bool ok) {
        if (m_starting && ok)
            next();
        // on timeout, m_readyTimer reports the failure with the step name
    });
}

void LocalLab::formCluster()
{
    const QList<LabNode> masters = m_topology.nodesWithRole(LabNode::Role::Master);
    const Endpoint first = masters.first().endpoint;
    std::vector<Probe> setup;
    for (const LabNode &m : masters) {
        const auto [from, to] = slotRange(m.shard, int(masters.size()));
        setup.push_back({m.endpoint, {{"CLUSTER", "ADDSLOTSRANGE", QByteArray::number(from), QByteArray::number(to)}, {"CLUSTER", "MYID"}},
                         [this, port = m.endpoint.port](const QList<RedisResult> &r) {
                             if (r[1].ok())
                                 m_nodeIds[port] = r[1].value().bytes();
                             return r[0].ok() && r[1].ok();
                         }});
    }
    for (const LabNode &n : m_topology.nodes)
        if (n.endpoint != first && n.role != LabNode::Role::Spare)
            setup.push_back({first, {{"CLUSTER", "MEET", "127.0.0.1", QByteArray::number(n.endpoint.port), QByteArray::number(n.busPort)}},
                             [](const QList<RedisResult> &r) { return r[0].ok(); }});
    m_step = QStringLiteral("assigning slots and joining nodes");
    emit progress(m_step);
    runAll(setup, [this](bool ok) {
        if (!ok)
            return fail(QStringLiteral("CLUSTER ADDSLOTSRANGE / MEET failed: see %1").arg(m_topology.directory));
        const int total = int(m_topology.nodes.size() - m_topology.nodesWithRole(LabNode::Role::Spare).size());
        waitUntil(QStringLiteral("waiting for every node to know the others"), [this, total] {
            std::vector<Probe> probes;
            for (const LabNode &n : m_topology.nodes) {
                if (n.role == LabNode::Role::Spare)
                    continue;
                const Endpoint e = n.endpoint;
                probes.push_back({e, {{"CLUSTER", "INFO"}, {"CLUSTER", "NODES"}}, [total](const QList<RedisResult> &r) {
                    return field(r[0], "cluster_known_nodes").toInt() == total && r[1].ok()
                        && !r[1].value().bytes().contains("handshake");
                }});
            }
            return probes;
        }, [this] { assignReplicas(); });
    });
}

void LocalLab::assignReplicas()
{
    std::vector<Probe> setup;
    int replicas = 0;
    const QList<LabNode> masters = m_topology.nodesWithRole(LabNode::Role::Master);
    for (const LabNode &n : m_topology.nodesWithRole(LabNode::Role::Replica)) {
        ++replicas;
        const QByteArray masterId = m_nodeIds.value(masters[n.shard].endpoint.port);
        setup.push_back({n.endpoint, {{"CLUSTER", "REPLICATE", masterId}}, [](const QList<RedisResult> &r) { return r[0].ok(); }});
    }
    runAll(setup, [this, replicas](bool ok) {
        if (!ok)
            return fail(QStringLiteral("CLUSTER REPLICATE failed: see %1").arg(m_topology.directory));
        waitUntil(QStringLiteral("waiting for cluster_state:ok and synced replicas"), [this, replicas] {
            std::vector<Probe> probes;
            for (const LabNode &n : m_topology.nodes) {
                if (n.role == LabNode::Role::Spare)
                    continue; // not in the cluster: its cluster_state stays fail
                const bool replica = n.role == LabNode::Role::Replica;
                probes.push_back({n.endpoint, {{"CLUSTER", "INFO"}, {"CLUSTER", "NODES"}, {"INFO", "replication"}},
                                  [replica, replicas](const QList<RedisResult> &r) {
                    const bool stateOk = field(r[0], "cluster_state") == "ok";
                    const bool seesReplicas = r[1].ok() && r[1].value().bytes().count(" slave ") + r[1].value().bytes().count(",slave ") == replicas;
                    const bool synced = !replica || (field(r[2], "master_link_status") == "up"
                                                     && field(r[2], "master_sync_in_progress") == "0");
                    return stateOk && seesReplicas && synced;
                }});
            }
            return probes;
        }, [this] { finish(); });
    });
}

void LocalLab::finish()
{
    if (m_spec.kind != LabSpec::Kind::Sentinel) {
        const int replicas = int(m_topology.nodesWithRole(LabNode::Role::Replica).size());
        if (m_spec.kind == LabSpec::Kind::Standalone && replicas > 0 && m_step != QStringLiteral("replicas synced")) {
            return waitUntil(QStringLiteral("waiting for replicas to sync"), [this, replicas] {
                return std::vector<Probe>{{m_topology.nodesWithRole(LabNode::Role::Master).first().endpoint, {{"INFO", "replication"}},
                    [replicas](const QList<RedisResult> &r) { return field(r[0], "connected_slaves").toInt() == replicas
                                                                   && r[0].value().bytes().count("state=online") == replicas; }}};
            }, [this] { m_step = QStringLiteral("replicas synced"); finish(); });
        }
    } else if (m_step != QStringLiteral("sentinels agree")) {
        const int replicas = int(m_topology.nodesWithRole(LabNode::Role::Replica).size());
        const int sentinels = int(m_topology.nodesWithRole(LabNode::Role::Sentinel).size());
        const QByteArray name = m_spec.masterName.toUtf8();
        return waitUntil(QStringLiteral("waiting for sentinels to see every replica and each other"), [=, this] {
            std::vector<Probe> probes;
            const Endpoint master = m_topology.nodesWithRole(LabNode::Role::Master).first().endpoint;
            probes.push_back({master, {{"INFO", "replication"}}, [replicas](const QList<RedisResult> &r) {
                return field(r[0], "connected_slaves").toInt() == replicas
                    && r[0].value().bytes().count("state=online") == replicas;
            }});
            for (const Endpoint &s : endpoints(LabNode::Role::Sentinel))
                probes.push_back({s, {{"SENTINEL", "MASTER", name}, {"SENTINEL", "REPLICAS", name}}, [replicas, sentinels](const QList<RedisResult> &r) {
                    return pairValue(r[0], "num-slaves").toInt() == replicas
                        && pairValue(r[0], "num-other-sentinels").toInt() == sentinels - 1
                        && pairValue(r[0], "flags") == "master"
                        && linkedReplicas(r[1]) == replicas;
                }});
            return probes;
        }, [this] { m_step = QStringLiteral("sentinels agree"); finish(); });
    }
    m_readyTimer.stop();
    m_starting = false;
    m_ready = true;
    log()->info("{} lab ready in {}", LabSpec::kindName(m_spec.kind).toStdString(), m_topology.directory.toStdString());
    emit ready(m_topology);
}

QString LocalLab::deadProcessReport() const
{
    QString out;
    for (const auto &[port, p] : m_processes)
        if (!p->isRunning())
            out += QStringLiteral("\nnode %1 is not running; its log ends with:\n%2").arg(port).arg(p->logTail());
    return out;
}

void LocalLab::fail(const QString &why)
{
    if (!m_starting)
        return;
    const QString message = why + deadProcessReport();
    if (message.contains(QLatin1String("Address already in use")) && m_attempt < kPortAttempts) {
        // Another process took a port after it was found free: start over on new ports.
        log()->warn("lab start: a port was taken before its node bound it; starting again on new ports ({} of {})",
                    m_attempt + 1, kPortAttempts);
        const int timeLeft = m_readyTimer.remainingTime();
        stop();
        m_starting = true; // still starting: the queued attempt goes on unless stop() comes first
        m_readyTimer.start(std::max(1, timeLeft));
        QMetaObject::invokeMethod(this, [this] {
            if (m_starting)
                startAttempt();
        }, Qt::QueuedConnection);
        return;
    }
    log()->error("lab failed: {}", message.toStdString());
    stop();
    emit failed(message);
}

void LocalLab::stop()
{
    m_starting = false;
    m_ready = false;
    m_readyTimer.stop();
    for (auto &[port, c] : m_connections)
        delete c;
    m_connections.clear();
    for (auto &[port, p] : m_processes)
        p->stop();
    for (auto &[port, p] : m_processes)
        delete p;
    m_processes.clear();
    m_nodeIds.clear();
    m_dir.reset();
}

void LocalLab::loadSampleData(int keys, std::function<void(const QString &error)> done)
{
    const QList<LabNode> masters = m_topology.nodesWithRole(LabNode::Role::Master);
    if (!m_ready || masters.isEmpty())
        return done(QStringLiteral("the lab is not running"));
    const bool cluster = m_spec.kind == LabSpec::Kind::Cluster;
    auto remaining = std::make_shared<int>(keys);
    auto firstError = std::make_shared<QString>();
    if (keys <= 0)
        return done({});
    for (int i = 0; i < keys; ++i) {
        const QByteArray key = QByteArrayLiteral("sample:") + QByteArray::number(i);
        int shard = 0;
        if (cluster) {
            const int slot = HashSlot::of(key);
            while (slotRange(shard, int(masters.size())).second < slot)
                ++shard;
        }
        RespCommand cmd;
        switch (i % 4) {
        case 0: cmd = RespCommand{"SET", key, QByteArray("value-") + QByteArray::number(i)}; break;
        case 1: cmd = RespCommand{"HSET", key, "field", QByteArray::number(i), "owner", "lab"}; break;
        case 2: cmd = RespCommand{"RPUSH", key, "a", "b", "c"}; break;
        default: cmd = RespCommand{"ZADD", key, QByteArray::number(i), "member"}; break;
        }
        control(masters[shard].endpoint)->send(cmd, this, [remaining, firstError, done](const RedisResult &r) {
            if (!r.ok() && firstError->isEmpty())
                *firstError = r.error().message();
            if (--*remaining == 0)
                done(*firstError);
        });
    }
}

} // namespace ops
