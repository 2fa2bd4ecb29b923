#include "ClusterSurvey.h"

#include "monitor/DeploymentIdentity.h"

#include <QHash>

#include <algorithm>

namespace ops {

const ClusterNodeLine *ClusterNodeView::myself() const
{
    for (const ClusterNodeLine &l : nodes)
        if (l.has(ClusterNodeLine::Myself))
            return &l;
    return nullptr;
}

const ClusterNodeLine *ClusterNodeView::line(const QByteArray &id) const
{
    for (const ClusterNodeLine &l : nodes)
        if (l.id == id)
            return &l;
    return nullptr;
}

qint64 ClusterNodeView::offset() const
{
    return replication.value("role") == "master" ? replication.integer("master_repl_offset", -1)
                                                 : replication.integer("slave_repl_offset", -1);
}

const ClusterNodeView *ClusterSurvey::node(const Endpoint &endpoint) const
{
    for (const ClusterNodeView &n : nodes)
        if (n.endpoint == endpoint)
            return &n;
    return nullptr;
}

const ClusterNodeView *ClusterSurvey::nodeById(const QByteArray &id) const
{
    for (const ClusterNodeView &n : nodes)
        if (!id.isEmpty() && n.id() == id)
            return &n;
    return nullptr;
}

const ClusterNodeLine *ClusterSurvey::consensusLine(const QByteArray &id) const
{
    // The node's own line wins: it knows its role first. Otherwise the first view listing it.
    if (const ClusterNodeView *self = nodeById(id); self != nullptr && self->myself() != nullptr)
        return self->myself();
    for (const ClusterNodeView &n : nodes)
        if (const ClusterNodeLine *l = n.line(id))
            return l;
    return nullptr;
}

QList<QByteArray> ClusterSurvey::knownIds() const
{
    QList<QByteArray> ids;
    for (const ClusterNodeView &n : nodes)
        for (const ClusterNodeLine &l : n.nodes)
            if (!ids.contains(l.id))
                ids << l.id;
    return ids;
}

qint64 ClusterSurvey::currentEpoch() const
{
    qint64 epoch = -1;
    for (const ClusterNodeView &n : nodes)
        epoch = std::max(epoch, n.currentEpoch());
    return epoch;
}

QString ClusterSurvey::deploymentId() const
{
    // The console's formula (Monitor -> DeploymentIdentity): one id for console and CLI.
    QStringList ids;
    for (const QByteArray &id : knownIds())
        ids << QString::fromLatin1(id);
    if (const QString id = DeploymentIdentity::clusterId(ids); !id.isEmpty())
        return id;
    return QStringLiteral("cluster@") + (seeds.isEmpty() ? QString() : seeds.first().toString());
}

} // namespace ops
