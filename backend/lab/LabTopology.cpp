#include "LabTopology.h"

#include <QJsonArray>

namespace ops {

bool LabSpec::parseKind(const QString &text, Kind &out)
{
    if (text == QLatin1String("cluster"))
        out = Kind::Cluster;
    else if (text == QLatin1String("sentinel"))
        out = Kind::Sentinel;
    else if (text == QLatin1String("standalone"))
        out = Kind::Standalone;
    else
        return false;
    return true;
}

QString LabSpec::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Standalone: return QStringLiteral("standalone");
    case Kind::Sentinel: return QStringLiteral("sentinel");
    case Kind::Cluster: return QStringLiteral("cluster");
    }
    return {};
}

QString LabNode::roleName(Role role)
{
    switch (role) {
    case Role::Master: return QStringLiteral("master");
    case Role::Replica: return QStringLiteral("replica");
    case Role::Sentinel: return QStringLiteral("sentinel");
    case Role::Spare: return QStringLiteral("spare");
    }
    return {};
}

QList<LabNode> LabTopology::nodesWithRole(LabNode::Role role) const
{
    QList<LabNode> out;
    for (const LabNode &n : nodes)
        if (n.role == role)
            out << n;
    return out;
}

ConnectionOptions LabTopology::connectionOptions(const Endpoint &endpoint) const
{
    ConnectionOptions o;
    o.endpoint = endpoint;
    o.clientName = QByteArrayLiteral("redis-ops-lab");
    if (spec.tls) {
        o.tls.enabled = true;
        o.tls.caFile = caFile;
        o.tls.certFile = clientCertFile;
        o.tls.keyFile = clientKeyFile;
    }
    return o;
}

QJsonObject LabTopology::toJson() const
{
    QJsonArray list;
    for (const LabNode &n : nodes) {
        QJsonObject o{{QStringLiteral("role"), LabNode::roleName(n.role)},
                      {QStringLiteral("host"), n.endpoint.host},
                      {QStringLiteral("port"), int(n.endpoint.port)},
                      {QStringLiteral("pid"), n.pid},
                      {QStringLiteral("shard"), n.shard}};
        if (n.busPort != 0)
            o.insert(QStringLiteral("busPort"), int(n.busPort));
        list.append(o);
    }
    QJsonObject root{{QStringLiteral("kind"), LabSpec::kindName(spec.kind)},
                     {QStringLiteral("tls"), spec.tls},
                     {QStringLiteral("directory"), directory},
                     {QStringLiteral("nodes"), list}};
    if (spec.kind == LabSpec::Kind::Sentinel)
        root.insert(QStringLiteral("masterName"), spec.masterName);
    if (spec.tls)
        root.insert(QStringLiteral("tls"), QJsonObject{{QStringLiteral("caFile"), caFile},
                                                      {QStringLiteral("certFile"), clientCertFile},
                                                      {QStringLiteral("keyFile"), clientKeyFile}});
    return root;
}

QString LabTopology::toText() const
{
    QString out = QStringLiteral("%1 lab%2 in %3\n").arg(LabSpec::kindName(spec.kind),
                                                         spec.tls ? QStringLiteral(" (TLS)") : QString(), directory);
    for (const LabNode &n : nodes)
        out += QStringLiteral("  %1  %2  pid %3\n").arg(LabNode::roleName(n.role), -8).arg(n.endpoint.toString(), -16).arg(n.pid);
    if (spec.kind == LabSpec::Kind::Sentinel)
        out += QStringLiteral("  master name: %1\n").arg(spec.masterName);
    if (spec.tls)
        out += QStringLiteral("  --tls --cacert %1 --cert %2 --key %3\n").arg(caFile, clientCertFile, clientKeyFile);
    return out;
}

} // namespace ops
