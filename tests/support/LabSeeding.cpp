#include "LabSeeding.h"

#include "LabFixture.h"
#include "model/HashSlot.h"

#include <QHash>

namespace labtest {

using namespace ops;

MonitorConfig clusterMonitorConfig(const LabTopology &topology)
{
    const Endpoint seed = topology.nodesWithRole(LabNode::Role::Master).first().endpoint;
    MonitorConfig config;
    config.kind = MonitorConfig::Kind::Cluster;
    config.seeds = {seed};
    config.intervalMs = 500;
    config.staleAfterMs = 1500;
    config.commandTimeoutMs = 1000;
    config.dataOptions = topology.connectionOptions(seed);
    return config;
}

MonitorConfig sentinelMonitorConfig(const LabTopology &topology)
{
    MonitorConfig c;
    c.kind = MonitorConfig::Kind::Sentinel;
    c.masterName = topology.spec.masterName.toUtf8();
    for (const LabNode &s : topology.nodesWithRole(LabNode::Role::Sentinel))
        c.seeds << s.endpoint;
    c.dataOptions = topology.connectionOptions(topology.nodesWithRole(LabNode::Role::Master).first().endpoint);
    c.sentinelOptions = c.dataOptions;
    c.intervalMs = 500;
    c.staleAfterMs = 1500;
    return c;
}

QString writeKeys(LocalLab &lab, const TopologySnapshot &snapshot, const QList<QByteArray> &keys, const QByteArray &value)
{
    if (!snapshot.slotMap)
        return QStringLiteral("the snapshot has no slot map");
    QHash<QString, QList<RespCommand>> byOwner;
    for (const QByteArray &key : keys)
        byOwner[snapshot.slotMap->ownerOf(HashSlot::of(key))].append(RespCommand{"SET", key, value});
    for (auto it = byOwner.cbegin(); it != byOwner.cend(); ++it) {
        const Node *owner = snapshot.node(it.key());
        RedisConnection *control = owner != nullptr ? lab.control(owner->endpoint) : nullptr;
        if (control == nullptr)
            return QStringLiteral("no lab node owns slots of '%1'").arg(it.key());
        for (const RedisResult &r : executeAll(*control, *it))
            if (!r.ok())
                return QStringLiteral("%1: %2").arg(owner->endpoint.toString(), QString::fromUtf8(describe(r)));
    }
    return {};
}

} // namespace labtest
