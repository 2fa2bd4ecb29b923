#pragma once

#include "lab/LabTopology.h"
#include "resp/RedisConnection.h"

#include <QByteArray>
#include <QObject>

#include <map>

namespace ops {

/**
 * @brief One connection per lab node for a drill's own clients (the writer, the hot-slot load):
 * named so operators can tell them apart in CLIENT LIST, short deadlines, fast reconnect.
 * Connections are children of @p owner.
 */
class DrillConnections
{
public:
    DrillConnections(LabTopology topology, QByteArray clientName, int timeoutMs, QObject *owner);

    RedisConnection &to(const Endpoint &endpoint);
    const LabTopology &topology() const { return m_topology; }

private:
    LabTopology m_topology;
    QByteArray m_clientName;
    int m_timeoutMs;
    QObject *m_owner;
    std::map<QString, RedisConnection *> m_connections; ///< by endpoint text
};

} // namespace ops
