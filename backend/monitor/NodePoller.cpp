#include "NodePoller.h"

#include "core/Clock.h"
#include "core/Logging.h"
#include "resp/RedisConnection.h"

namespace ops {

namespace {
auto log() { return Logging::get("monitor"); }
} // namespace

NodePoller::NodePoller(const ConnectionOptions &options, bool sentinel, QObject *parent, Clock *clock)
    : QObject(parent)
    , m_connection(new RedisConnection(options, this))
    , m_clock(clock ? clock : Clock::system())
{
    m_observation.endpoint = options.endpoint;
    m_observation.isSentinel = sentinel;
}

NodePoller::~NodePoller() = default;

const QList<QByteArray> &NodePoller::configParameters()
{
    static const QList<QByteArray> names{
        "maxmemory", "maxmemory-policy", "save", "appendonly", "min-replicas-to-write", "min-replicas-max-lag",
        "repl-backlog-size", "replica-priority", "cluster-node-timeout", "cluster-require-full-coverage"};
    return names;
}

void NodePoller::setSentinel(bool sentinel, const QByteArray &masterName)
{
    m_observation.isSentinel = sentinel;
    m_masterName = masterName;
}

bool NodePoller::poll(const Plan &plan)
{
    if (busy()) {
        ++m_skipped;
        return false;
    }
    if (m_observation.firstAttemptMs == 0)
        m_observation.firstAttemptMs = m_clock->wallMs();
    m_anySuccess = false;
    // Time the poll's first reply, only on a link already up (a handshake is not the server's latency).
    m_pollSentUs = m_connection->isReady() ? m_clock->monotonicUs() : -1;
    // Count every command first: replies are never delivered synchronously, but a command
    // refused at once (closed connection) fails through the event loop too, so order is safe.
    NodeObservation &o = m_observation;
    const bool sentinel = o.isSentinel;
    m_unusable.clear();
    if (plan.info || !sentinel)
        expect({"INFO"}, [this, &o](const RespValue &v, qint64 at) {
            InfoReply parsed = InfoReply::parse(v.bytes());
            // Every server's INFO has its version in # Server: without it, this is not an INFO reply.
            if (parsed.value("redis_version").isEmpty())
                return unusable("INFO", QStringLiteral("not an INFO reply (no redis_version field in %1 bytes)").arg(v.bytes().size()));
            const QByteArray previousRun = o.info ? o.info->value("run_id") : QByteArray();
            o.info = std::move(parsed);
            o.infoAtMs = at;
            // A restarted server may have come back with other settings: read them again.
            if (!previousRun.isEmpty() && o.info->value("run_id") != previousRun)
                o.configAttemptMs = 0;
        });
    if (plan.config)
        o.configAttemptMs = m_clock->wallMs();
    if (plan.config && !sentinel) {
        QList<QByteArray> command{"CONFIG", "GET"};
        command += configParameters();
        expectSetting(command, [this, &o](const RedisResult &r, qint64 at) {
            if (!r.ok()) {
                // "ERR unknown command 'CONFIG'": the server renamed or disabled it (rename-command),
                // which an operator should read as such, not as a bug of ours.
                const bool renamed = r.error().kind() == RedisError::Kind::Reply
                    && r.error().detail().contains(QLatin1String("unknown command"), Qt::CaseInsensitive);
                o.configError = renamed ? QStringLiteral("CONFIG is renamed or disabled on this server (rename-command): %1")
                                              .arg(r.error().detail())
                                        : QStringLiteral("CONFIG GET failed: %1").arg(r.error().detail());
                log()->info("{}: {}", key().toStdString(), o.configError.toStdString());
                return;
            }
            Parsed<QList<QPair<QByteArray, QByteArray>>> pairs = parseFieldPairs(r.value());
            if (!pairs) {
                o.configError = QStringLiteral("CONFIG GET: %1").arg(pairs.error().toString());
                return;
            }
            QHash<QByteArray, QByteArray> values;
            for (const auto &[name, value] : pairs.value())
                values.insert(name, value);
            o.config = std::move(values);
            o.configAtMs = at;
            o.configError.clear();
        });
    }
    if (plan.config && sentinel && !m_masterName.isEmpty())
        expectSetting({"SENTINEL", "CKQUORUM", m_masterName}, [&o](const RedisResult &r, qint64 at) {
            o.ckQuorum = parseCkQuorum(r);
            o.configAtMs = at;
        });
    if (sentinel && !m_masterName.isEmpty()) {
        expect({"SENTINEL", "MASTER", m_masterName}, [this, &o](const RespValue &v, qint64 at) {
            Parsed<SentinelMasterState> parsed = parseSentinelMaster(v);
            if (!parsed)
                return unusable("SENTINEL MASTER", parsed.error().toString());
            o.sentinelMaster = parsed.take();
            o.sentinelMasterAtMs = at;
        });
        if (plan.sentinelLists) {
            expect({"SENTINEL", "REPLICAS", m_masterName}, [this, &o](const RespValue &v, qint64) {
                Parsed<QList<SentinelReplicaState>> parsed = parseSentinelReplicas(v);
                if (parsed)
                    o.sentinelReplicas = parsed.take();
                else
                    unusable("SENTINEL REPLICAS", parsed.error().toString());
            });
            expect({"SENTINEL", "SENTINELS", m_masterName}, [this, &o](const RespValue &v, qint64 at) {
                Parsed<QList<SentinelPeerState>> parsed = parseSentinelSentinels(v);
                if (parsed) {
                    o.sentinelPeers = parsed.take();
                    o.sentinelListsAtMs = at;
                } else {
                    unusable("SENTINEL SENTINELS", parsed.error().toString());
                }
            });
            // For the deployment id only: neither an answer (the node's health is the other
            // replies') nor a failure (a sentinel older than 6.2, a renamed command: the id then
            // needs two sentinels' lists).
            ++m_outstanding;
            m_connection->send(RespCommand({"SENTINEL", "MYID"}), this, [this, &o](const RedisResult &r) {
                if (r.ok() && r.value().isString() && !r.value().bytes().isEmpty())
                    o.sentinelMyId = r.value().bytes();
                finishOne();
            });
        }
    }
    if (!sentinel && plan.clusterNodes)
        expect({"CLUSTER", "NODES"}, [this, &o](const RespValue &v, qint64 at) {
            Parsed<QList<ClusterNodeLine>> parsed = parseClusterNodes(v.bytes());
            if (!parsed)
                return unusable("CLUSTER NODES", parsed.error().toString());
            o.clusterNodes = parsed.take();
            o.clusterNodesAtMs = at;
        });
    if (!sentinel && plan.clusterInfo)
        expect({"CLUSTER", "INFO"}, [this, &o](const RespValue &v, qint64 at) {
            const InfoReply info = InfoReply::parse(v.bytes());
            if (info.value("cluster_state").isEmpty())
                return unusable("CLUSTER INFO", QStringLiteral("no cluster_state field in %1 bytes").arg(v.bytes().size()));
            o.clusterState = info.value("cluster_state");
            o.currentEpoch = quint64(std::max<qint64>(0, info.integer("cluster_current_epoch", 0)));
            o.clusterInfoAtMs = at;
        });
    return true;
}

void NodePoller::expect(const QList<QByteArray> &command, std::function<void(const RespValue &, qint64)> onValue)
{
    ++m_outstanding;
    m_connection->send(RespCommand(command), this, [this, onValue = std::move(onValue)](const RedisResult &r) {
        if (r.ok()) {
            recordRoundTrip();
            const qint64 at = m_clock->wallMs();
            m_observation.lastSuccessMs = at;
            m_anySuccess = true;
            onValue(r.value(), at);
        } else {
            failed(r.error());
        }
        finishOne();
    });
}

void NodePoller::expectSetting(const QList<QByteArray> &command, std::function<void(const RedisResult &, qint64)> onResult)
{
    ++m_outstanding;
    m_connection->send(RespCommand(command), this, [this, onResult = std::move(onResult)](const RedisResult &r) {
        const bool answered = r.ok() || r.error().delivery() == RedisError::Delivery::Answered;
        if (answered) {
            recordRoundTrip();
            const qint64 at = m_clock->wallMs();
            m_observation.lastSuccessMs = at;
            m_anySuccess = true;
            onResult(r, at);
        } else {
            m_observation.configAttemptMs = 0; // not the server's answer: ask again next poll
            failed(r.error());
        }
        finishOne();
    });
}

void NodePoller::recordRoundTrip()
{
    if (m_pollSentUs < 0)
        return;
    m_observation.roundTrips.add(m_clock->monotonicUs() - m_pollSentUs);
    m_pollSentUs = -1; // the first reply only: the later ones queued behind it
}

void NodePoller::failed(const RedisError &error)
{
    m_observation.lastFailureMs = m_clock->wallMs();
    const QString message = error.message();
    if (message != m_observation.lastError) {
        // A node that stops answering shows as stale/down in the events. One that answers but
        // is not (or no longer) Redis, speaks broken RESP, or refuses TLS or the credentials
        // will not fix itself: the operator is told (a warning reaches the CLI's stderr).
        switch (error.kind()) {
        case RedisError::Kind::NotRedis:
        case RedisError::Kind::Protocol:
        case RedisError::Kind::Tls:
        case RedisError::Kind::Auth:
        case RedisError::Kind::NoPerm:
            log()->warn("{}: poll failed: {}", key().toStdString(), message.toStdString());
            break;
        default:
            log()->info("{}: poll failed: {}", key().toStdString(), message.toStdString());
        }
    }
    m_observation.lastError = message;
}

void NodePoller::unusable(const char *command, const QString &why)
{
    // The parsers name the command themselves ("CLUSTER NODES: bad node id …"): said once.
    const QString prefix = QLatin1String(command) + QStringLiteral(": ");
    const QString text = QStringLiteral("%1 reply unusable: %2").arg(QLatin1String(command), why.startsWith(prefix) ? why.mid(prefix.size()) : why);
    if (!m_observation.replyProblem.contains(text))
        log()->warn("{}: {} (the last good one is kept)", key().toStdString(), text.toStdString());
    m_unusable << text;
}

void NodePoller::finishOne()
{
    if (--m_outstanding > 0)
        return;
    m_observation.replyProblem = m_unusable.join(QStringLiteral("; "));
    emit polled(key());
}

} // namespace ops
