#include "DrillHotLoad.h"

#include "resp/RedisConnection.h"
#include "resp/RedisResult.h"
#include "resp/RespCommand.h"

#include <QTimer>

namespace ops {

DrillHotLoad::DrillHotLoad(LabTopology topology, QByteArray key, Endpoint owner, Options options, QObject *parent)
    : QObject(parent), m_topology(std::move(topology)), m_key(std::move(key)), m_target(std::move(owner)), m_options(options),
      m_links(m_topology, QByteArrayLiteral("redis-ops-drill-hot"), m_options.timeoutMs, this)
{
}

DrillHotLoad::~DrillHotLoad() = default;

RedisConnection &DrillHotLoad::connection(const Endpoint &endpoint)
{
    return m_links.to(endpoint);
}

void DrillHotLoad::start()
{
    if (m_running)
        return;
    m_running = true;
    for (int i = 0; i < m_options.inFlight; ++i)
        send();
}

void DrillHotLoad::send()
{
    if (!m_running)
        return;
    connection(m_target).send(RespCommand{"INCR", m_key}, this, [this](const RedisResult &r) { onReply(r); });
}

void DrillHotLoad::onReply(const RedisResult &result)
{
    if (result.ok()) {
        ++m_answered;
        return send();
    }
    if (result.error().kind() == RedisError::Kind::Moved && result.error().redirect().isValid())
        m_target = result.error().redirect();
    QTimer::singleShot(m_options.retryMs, this, &DrillHotLoad::send);
}

} // namespace ops
