#pragma once

#include "discovery/SentinelEvent.h"
#include "resp/ConnectionOptions.h"

#include <QObject>

namespace ops {

class RedisConnection;

/**
 * @brief `PSUBSCRIBE *` on one sentinel, over a connection of its own (a subscribed connection
 * cannot poll). Emits every event message parsed; hello messages are ignored; a malformed
 * message is logged and skipped. The subscription is restored by RedisConnection after reconnects.
 */
class SentinelSubscriber : public QObject
{
    Q_OBJECT
public:
    SentinelSubscriber(const ConnectionOptions &options, QObject *parent = nullptr);
    ~SentinelSubscriber() override;

    void start();
    const Endpoint &endpoint() const { return m_endpoint; }

signals:
    void eventReceived(const ops::Endpoint &sentinel, const ops::SentinelEvent &event);

private:
    RedisConnection *m_connection = nullptr;
    Endpoint m_endpoint;
};

} // namespace ops
