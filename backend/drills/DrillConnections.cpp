#include "DrillConnections.h"

namespace ops {

DrillConnections::DrillConnections(LabTopology topology, QByteArray clientName, int timeoutMs, QObject *owner)
    : m_topology(std::move(topology)), m_clientName(std::move(clientName)), m_timeoutMs(timeoutMs), m_owner(owner)
{
}

RedisConnection &DrillConnections::to(const Endpoint &endpoint)
{
    auto it = m_connections.find(endpoint.toString());
    if (it != m_connections.end())
        return *it->second;
    ConnectionOptions o = m_topology.connectionOptions(endpoint);
    o.clientName = m_clientName;
    o.connectTimeoutMs = m_timeoutMs;
    o.commandTimeoutMs = m_timeoutMs;
    o.reconnect.maxDelayMs = 500;
    auto *c = new RedisConnection(o, m_owner);
    m_connections.emplace(endpoint.toString(), c);
    return *c;
}

} // namespace ops
