#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>

#include "resp/Endpoint.h"

namespace ops {

class RedisConnection;

/**
 * @brief Ready connections kept open between short jobs to the same nodes (on-demand key
 * counts: a hover over the slot map asks one master; over TLS or a WAN a fresh connection per
 * hover costs a handshake every time).
 *
 * take() hands out an idle connection to an endpoint (the caller owns it while it works);
 * put() takes back a connection that is ready with nothing in flight, anything else is
 * deleted. An idle connection is closed when it drops or after the idle limit. One pool serves
 * one deployment's credentials: the endpoint is the key. Lives on the thread of its connections.
 */
class IdleConnectionPool : public QObject
{
    Q_OBJECT
public:
    explicit IdleConnectionPool(int idleLimitMs = 30'000, QObject *parent = nullptr);
    ~IdleConnectionPool() override;

    /** An idle ready connection to @p endpoint (now owned by the caller, parent cleared), or null. */
    RedisConnection *take(const Endpoint &endpoint);
    /** Gives @p connection back (it must not be used by the caller afterwards). */
    void put(RedisConnection *connection);
    int idleCount() const;

private:
    struct Idle
    {
        RedisConnection *connection;
        qint64 sinceMs;
    };
    void drop(RedisConnection *connection);
    void expire();

    int m_idleLimitMs;
    QHash<QString, QList<Idle>> m_idle;   // by endpoint
    QTimer m_sweep;
    QElapsedTimer m_clock;
};

} // namespace ops
