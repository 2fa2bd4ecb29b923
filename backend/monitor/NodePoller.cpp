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
    // Count every command first: replies are never delivered synchronously, but a command
    // refused at once (closed connection) fails through the event loop too, so order is safe.
    NodeObservation &o = m_observation;
    const bool sentinel = o.isSentinel;
    if (plan.info || !sentinel)
        expect({"INFO"}, [&o](const RespValue &v, qint64 at) {
            o.info = InfoReply::parse(v.bytes());
            o.infoAtMs = at;
        });
    if (sentinel && !m_masterName.isEmpty()) {
        expect({"SENTINEL", "MASTER", m_masterName}, [this, &o](const RespValue &v, qint64 at) {
            Parsed<SentinelMasterState> parsed = parseSentinelMaster(v);
            if (!parsed) {
                log()->warn("{}: SENTINEL MASTER: {}", key().toStdString(), parsed.error().toString().toStdString());
                return;
            }
            o.sentinelMaster = parsed.take();
            o.sentinelMasterAtMs = at;
        });
        if (plan.sentinelLists) {
            expect({"SENTINEL", "REPLICAS", m_masterName}, [this, &o](const RespValue &v, qint64) {
                Parsed<QList<SentinelReplicaState>> parsed = parseSentinelReplicas(v);
                if (parsed)
                    o.sentinelReplicas = parsed.take();
                else
                    log()->warn("{}: SENTINEL REPLICAS: {}", key().toStdString(), parsed.error().toString().toStdString());
            });
            expect({"SENTINEL", "SENTINELS", m_masterName}, [this, &o](const RespValue &v, qint64 at) {
                Parsed<QList<SentinelPeerState>> parsed = parseSentinelSentinels(v);
                if (parsed) {
                    o.sentinelPeers = parsed.take();
                    o.sentinelListsAtMs = at;
                } else {
                    log()->warn("{}: SENTINEL SENTINELS: {}", key().toStdString(), parsed.error().toString().toStdString());
                }
            });
        }
    }
    if (!sentinel && plan.clusterNodes)
        expect({"CLUSTER", "NODES"}, [this, &o](const RespValue &v, qint64 at) {
            Parsed<QList<ClusterNodeLine>> parsed = parseClusterNodes(v.bytes());
            if (!parsed) {
                log()->warn("{}: CLUSTER NODES: {}", key().toStdString(), parsed.error().toString().toStdString());
                return;
            }
            o.clusterNodes = parsed.take();
            o.clusterNodesAtMs = at;
        });
    if (!sentinel && plan.clusterInfo)
        expect({"CLUSTER", "INFO"}, [&o](const RespValue &v, qint64 at) {
            const InfoReply info = InfoReply::parse(v.bytes());
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

void NodePoller::failed(const RedisError &error)
{
    m_observation.lastFailureMs = m_clock->wallMs();
    const QString message = error.message();
    if (message != m_observation.lastError)
        log()->info("{}: poll failed: {}", key().toStdString(), message.toStdString());
    m_observation.lastError = message;
}

void NodePoller::finishOne()
{
    if (--m_outstanding == 0)
        emit polled(key());
}

} // namespace ops
