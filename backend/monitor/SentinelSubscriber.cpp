#include "SentinelSubscriber.h"

#include "core/Logging.h"
#include "resp/RedisConnection.h"

namespace ops {

SentinelSubscriber::SentinelSubscriber(const ConnectionOptions &options, QObject *parent)
    : QObject(parent)
    , m_connection(new RedisConnection(options, this))
    , m_endpoint(options.endpoint)
{
}

SentinelSubscriber::~SentinelSubscriber() = default;

void SentinelSubscriber::start()
{
    m_connection->psubscribe({QByteArrayLiteral("*")}, this, [this](const PubSubMessage &message) {
        if (!isSentinelEventChannel(message.channel))
            return;
        Parsed<SentinelEvent> parsed = parseSentinelEvent(message.channel, message.payload);
        if (!parsed) {
            Logging::get("monitor")->warn("{}: unreadable sentinel event: {}", m_endpoint.toString().toStdString(),
                                          parsed.error().toString().toStdString());
            return;
        }
        emit eventReceived(m_endpoint, parsed.value());
    });
}

} // namespace ops
