#include "ServerProbe.h"

#include "discovery/InfoReply.h"
#include "resp/RedisConnection.h"

namespace ops {

ServerProbe::ServerProbe(ConnectionOptions options, int intervalMs, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_timer(this)
{
    m_summary.endpoint = m_options.endpoint;
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &ServerProbe::poll);
}

void ServerProbe::start()
{
    if (m_connection == nullptr) {
        m_connection = new RedisConnection(m_options, this);
        connect(m_connection, &RedisConnection::connectFailed, this,
                [this](const RedisError &e) { publishError(e.message()); });
        connect(m_connection, &RedisConnection::connectionLost, this,
                [this](const RedisError &e) { publishError(e.message()); });
    }
    m_connection->open();
    poll();
    m_timer.start();
}

void ServerProbe::stop()
{
    m_timer.stop();
    if (m_connection != nullptr)
        m_connection->close();
}

void ServerProbe::poll()
{
    if (m_inFlight)
        return;
    // Wrong credentials, TLS or not-Redis: retrying every second would only hammer the server
    // (and could lock an account); the operator must change something first.
    const auto last = m_connection->lastError().kind();
    const bool hopeless = last == RedisError::Kind::Auth || last == RedisError::Kind::Tls
        || last == RedisError::Kind::NotRedis;
    if (m_connection->state() == RedisConnection::State::Disconnected && !hopeless)
        m_connection->open();
    m_inFlight = true;
    QElapsedTimer rtt;
    rtt.start();
    m_connection->send(RespCommand{"INFO"}, this, [this, rtt](const RedisResult &info) {
        const qint64 us = rtt.nsecsElapsed() / 1000;
        if (!info.ok()) {
            m_inFlight = false;
            return publishError(info.error().message());
        }
        publishInfo(info, us);
    });
}

void ServerProbe::publishInfo(const RedisResult &info, qint64 rttUs)
{
    const InfoReply r = InfoReply::parse(info.value().bytes());
    ServerSummary s;
    s.endpoint = m_options.endpoint;
    s.reachable = true;
    s.version = QString::fromUtf8(r.value("redis_version"));
    s.mode = QString::fromUtf8(r.value("redis_mode"));
    s.role = s.mode == QLatin1String("sentinel") ? QStringLiteral("sentinel") : QString::fromUtf8(r.value("role"));
    s.uptimeSeconds = r.integer("uptime_in_seconds");
    s.connectedClients = r.integer("connected_clients");
    s.usedMemory = r.integer("used_memory");
    s.connectedReplicas = r.integer("connected_slaves");
    s.sentinelMasters = r.integer("sentinel_masters");
    s.keys = 0;
    for (auto it = r.fields().cbegin(); it != r.fields().cend(); ++it)
        if (it.key().startsWith("db") && r.sectionOf(it.key()) == "keyspace") {
            const qsizetype eq = it.value().indexOf("keys=");
            const qsizetype comma = it.value().indexOf(',', eq);
            if (eq >= 0)
                s.keys += it.value().mid(eq + 5, comma < 0 ? -1 : comma - eq - 5).toLongLong();
        }
    s.refreshedAt = QDateTime::currentDateTimeUtc();
    s.roundTripUs = rttUs;
    if (s.mode != QLatin1String("cluster")) {
        m_inFlight = false;
        m_summary = s;
        emit refreshed(s);
        return;
    }
    m_connection->send(RespCommand{"CLUSTER", "INFO"}, this, [this, s](const RedisResult &ci) mutable {
        m_inFlight = false;
        if (ci.ok()) {
            const InfoReply c = InfoReply::parse(ci.value().bytes());
            s.clusterState = QString::fromUtf8(c.value("cluster_state"));
            s.clusterKnownNodes = c.integer("cluster_known_nodes");
            s.clusterSize = c.integer("cluster_size");
        }
        m_summary = s;
        emit refreshed(s);
    });
}

void ServerProbe::publishError(const QString &error)
{
    ServerSummary s = m_summary; // keep the last known facts, marked unreachable
    s.reachable = false;
    s.error = error;
    emit refreshed(s);
}

} // namespace ops
