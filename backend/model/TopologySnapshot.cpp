#include "TopologySnapshot.h"

#include <QDateTime>
#include <QJsonArray>

namespace ops {

namespace {
QJsonArray rangesJson(const SlotRanges &ranges)
{
    QJsonArray a;
    for (const SlotRange &r : ranges)
        a.append(r.toString());
    return a;
}

void putIfKnown(QJsonObject &o, const char *key, qint64 v)
{
    if (v >= 0)
        o.insert(QLatin1String(key), v);
}

void putIfKnown(QJsonObject &o, const char *key, double v)
{
    if (v >= 0)
        o.insert(QLatin1String(key), v);
}

QStringList flagNames(const Node &n)
{
    static constexpr std::pair<Node::Flag, const char *> kNames[] = {
        {Node::PFail, "pfail"}, {Node::Fail, "fail"}, {Node::Handshake, "handshake"}, {Node::NoAddr, "noaddr"},
        {Node::NoFailover, "nofailover"}, {Node::Stale, "stale"}, {Node::Loading, "loading"},
        {Node::SDown, "sdown"}, {Node::ODown, "odown"},
    };
    QStringList out;
    for (const auto &[flag, name] : kNames)
        if (n.has(flag))
            out << QString::fromLatin1(name);
    return out;
}
} // namespace

const Node *TopologySnapshot::node(const QString &id) const
{
    for (const Node &n : nodes)
        if (n.id == id)
            return &n;
    for (const Node &n : sentinels)
        if (n.id == id)
            return &n;
    return nullptr;
}

int TopologySnapshot::indexOf(const QString &id) const
{
    for (qsizetype i = 0; i < nodes.size(); ++i)
        if (nodes.at(i).id == id)
            return int(i);
    return -1;
}

QList<const Node *> TopologySnapshot::masters() const
{
    QList<const Node *> out;
    for (const Node &n : nodes)
        if (n.isMaster())
            out << &n;
    return out;
}

QList<const Node *> TopologySnapshot::replicasOf(const QString &masterId) const
{
    QList<const Node *> out;
    for (const Node &n : nodes)
        if (n.isReplica() && n.masterId == masterId)
            out << &n;
    return out;
}

const Node *TopologySnapshot::master() const
{
    for (const Node &n : nodes)
        if (n.isMaster())
            return &n;
    return nullptr;
}

int TopologySnapshot::staleCount() const
{
    int n = 0;
    for (const QList<Node> *list : {&nodes, &sentinels})
        for (const Node &node : *list)
            n += node.has(Node::Stale) ? 1 : 0;
    return n;
}

QString TopologySnapshot::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Standalone: return QStringLiteral("standalone");
    case Kind::Sentinel: return QStringLiteral("sentinel");
    case Kind::Cluster: return QStringLiteral("cluster");
    }
    return {};
}

QJsonObject TopologySnapshot::nodeToJson(const Node &n)
{
    QJsonObject o{
        {QStringLiteral("id"), n.id},
        {QStringLiteral("address"), n.endpoint.toString()},
        {QStringLiteral("role"), Node::roleName(n.role)},
        {QStringLiteral("health"), n.healthText()},
        {QStringLiteral("flags"), QJsonArray::fromStringList(flagNames(n))},
    };
    if (!n.hostname.isEmpty())
        o.insert(QStringLiteral("hostname"), n.hostname);
    if (!n.masterId.isEmpty())
        o.insert(QStringLiteral("master"), n.masterId);
    if (n.configEpoch > 0)
        o.insert(QStringLiteral("configEpoch"), qint64(n.configEpoch));
    if (n.role == Node::Role::Master && (n.slotCount > 0 || !n.slotRanges.isEmpty())) {
        o.insert(QStringLiteral("slots"), rangesJson(n.slotRanges));
        o.insert(QStringLiteral("slotCount"), n.slotCount);
    }
    putIfKnown(o, "replOffset", n.replOffset);
    putIfKnown(o, "lagBytes", n.lagBytes);
    putIfKnown(o, "lagSeconds", n.lagSeconds);
    if (n.masterLinkUp >= 0)
        o.insert(QStringLiteral("masterLink"), n.masterLinkUp == 1 ? QStringLiteral("up") : QStringLiteral("down"));
    putIfKnown(o, "usedMemory", n.usedMemory);
    putIfKnown(o, "maxMemory", n.maxMemory);
    putIfKnown(o, "fragmentation", n.fragmentation);
    putIfKnown(o, "opsPerSec", n.opsPerSec);
    putIfKnown(o, "clients", n.clients);
    putIfKnown(o, "keys", n.keys);
    if (!n.version.isEmpty())
        o.insert(QStringLiteral("version"), n.version);
    if (!n.watchedMasters.isEmpty())
        o.insert(QStringLiteral("watches"), QJsonArray::fromStringList(n.watchedMasters));
    if (n.lastSeenMs > 0)
        o.insert(QStringLiteral("lastSeen"), QDateTime::fromMSecsSinceEpoch(n.lastSeenMs, Qt::UTC).toString(Qt::ISODateWithMs));
    if (!n.lastError.isEmpty())
        o.insert(QStringLiteral("lastError"), n.lastError);
    return o;
}

QJsonObject TopologySnapshot::toJson() const
{
    QJsonArray nodeArray;
    for (const Node &n : nodes)
        nodeArray.append(nodeToJson(n));
    QJsonObject o{
        {QStringLiteral("deployment"), deploymentId},
        {QStringLiteral("kind"), kindName(kind)},
        {QStringLiteral("sequence"), qint64(sequence)},
        {QStringLiteral("time"), QDateTime::fromMSecsSinceEpoch(timestampMs, Qt::UTC).toString(Qt::ISODateWithMs)},
        {QStringLiteral("nodes"), nodeArray},
    };
    if (!sentinels.isEmpty()) {
        QJsonArray s;
        for (const Node &n : sentinels)
            s.append(nodeToJson(n));
        o.insert(QStringLiteral("sentinels"), s);
    }
    if (kind == Kind::Cluster) {
        QJsonObject c{{QStringLiteral("state"), QString::fromLatin1(clusterState)},
                      {QStringLiteral("currentEpoch"), qint64(currentEpoch)},
                      {QStringLiteral("viewpoints"), QJsonArray::fromStringList(viewpoints)}};
        if (slotMap) {
            c.insert(QStringLiteral("slotsCovered"), slotMap->coveredCount());
            c.insert(QStringLiteral("uncovered"), rangesJson(slotMap->uncoveredRanges()));
            QJsonArray migrations;
            for (const SlotMap::Migration &m : slotMap->migrations())
                migrations.append(QJsonObject{{QStringLiteral("slot"), m.slot},
                                              {QStringLiteral("source"), m.source},
                                              {QStringLiteral("target"), m.target},
                                              {QStringLiteral("migrating"), m.migratingSeen},
                                              {QStringLiteral("importing"), m.importingSeen}});
            c.insert(QStringLiteral("migrations"), migrations);
        }
        o.insert(QStringLiteral("cluster"), c);
    }
    if (kind == Kind::Sentinel) {
        QJsonObject s{{QStringLiteral("masterName"), masterName}, {QStringLiteral("quorum"), quorum}};
        if (!failoverState.isEmpty())
            s.insert(QStringLiteral("failoverState"), failoverState);
        if (!sentinelMasterViews.isEmpty()) {
            QJsonObject views;
            for (auto it = sentinelMasterViews.cbegin(); it != sentinelMasterViews.cend(); ++it)
                views.insert(it.key(), it.value());
            s.insert(QStringLiteral("disagreement"), views);
        }
        o.insert(QStringLiteral("sentinel"), s);
    }
    if (!warnings.isEmpty())
        o.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(warnings));
    return o;
}

} // namespace ops
