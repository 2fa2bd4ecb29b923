#include "IdleConnectionPool.h"

#include "RedisConnection.h"


#include <algorithm>

namespace ops {

IdleConnectionPool::IdleConnectionPool(int idleLimitMs, QObject *parent)
    : QObject(parent)
    , m_idleLimitMs(std::max(1, idleLimitMs))
    , m_sweep(this)
{
    m_clock.start(); // monotonic: a wall-clock jump neither keeps nor drops idle connections
    m_sweep.setInterval(std::clamp(m_idleLimitMs / 4, 10, 5000));
    connect(&m_sweep, &QTimer::timeout, this, &IdleConnectionPool::expire);
}

IdleConnectionPool::~IdleConnectionPool()
{
    for (const QList<Idle> &list : std::as_const(m_idle))
        for (const Idle &idle : list)
            delete idle.connection;
}

RedisConnection *IdleConnectionPool::take(const Endpoint &endpoint)
{
    auto it = m_idle.find(endpoint.toString());
    if (it == m_idle.end())
        return nullptr;
    RedisConnection *connection = nullptr;
    while (!it->isEmpty() && connection == nullptr) {
        RedisConnection *candidate = it->takeLast().connection; // the most recently used
        candidate->disconnect(this);
        if (candidate->isReady())
            connection = candidate;
        else
            candidate->deleteLater();
    }
    if (it->isEmpty())
        m_idle.erase(it);
    if (connection)
        connection->setParent(nullptr);
    return connection;
}

void IdleConnectionPool::put(RedisConnection *connection)
{
    if (connection == nullptr)
        return;
    if (!connection->isReady() || connection->pendingCount() > 0) {
        connection->deleteLater(); // we may be inside one of its handlers
        return;
    }
    connection->setParent(this);
    m_idle[connection->endpoint().toString()].append(Idle{connection, m_clock.elapsed()});
    // Dropped by the server or the network while idle: gone from the pool at once.
    connect(connection, &RedisConnection::connectionLost, this, [this, connection] { drop(connection); });
    if (!m_sweep.isActive())
        m_sweep.start();
}

int IdleConnectionPool::idleCount() const
{
    int n = 0;
    for (const QList<Idle> &list : m_idle)
        n += int(list.size());
    return n;
}

void IdleConnectionPool::drop(RedisConnection *connection)
{
    for (auto it = m_idle.begin(); it != m_idle.end(); ++it) {
        if (it->removeIf([connection](const Idle &idle) { return idle.connection == connection; }) > 0) {
            if (it->isEmpty())
                m_idle.erase(it);
            connection->disconnect(this);
            connection->deleteLater(); // inside its own signal
            return;
        }
    }
}

void IdleConnectionPool::expire()
{
    const qint64 now = m_clock.elapsed();
    for (auto it = m_idle.begin(); it != m_idle.end();) {
        it->removeIf([&](const Idle &idle) {
            if (now - idle.sinceMs < m_idleLimitMs)
                return false;
            idle.connection->disconnect(this);
            idle.connection->close();
            idle.connection->deleteLater();
            return true;
        });
        it = it->isEmpty() ? m_idle.erase(it) : std::next(it);
    }
    if (m_idle.isEmpty())
        m_sweep.stop();
}

} // namespace ops
