#include "MetricsNodeNames.h"


#include <QCoreApplication>

#include <algorithm>

namespace ops {

namespace {

bool isLoopback(const QString &host)
{
    return host == QLatin1String("127.0.0.1") || host == QLatin1String("localhost") || host == QLatin1String("::1");
}

QString tr(const char *text)
{
    return QCoreApplication::translate("ops::MetricsNodeNames", text);
}

} // namespace

void MetricsNodeNames::setSnapshot(SnapshotPtr snapshot)
{
    m_snapshot = std::move(snapshot);
    m_index.clear();
    if (!m_snapshot)
        return;
    m_index.reserve(m_snapshot->nodes.size() + m_snapshot->sentinels.size());
    for (const Node &n : m_snapshot->sentinels)
        m_index.insert(n.id, &n);
    for (const Node &n : m_snapshot->nodes)
        m_index.insert(n.id, &n); // a data node wins over a sentinel of the same id, as in TopologySnapshot::node()
}

void MetricsNodeNames::clear()
{
    m_snapshot.reset();
    m_index.clear();
    m_colorIndex.clear();
}

int MetricsNodeNames::colorIndexOf(const QString &nodeId)
{
    auto it = m_colorIndex.constFind(nodeId);
    if (it != m_colorIndex.cend())
        return it.value();
    const int index = int(m_colorIndex.size());
    m_colorIndex.insert(nodeId, index);
    return index;
}

QStringList MetricsNodeNames::orderedNodes(const QStringList &storeNodes) const
{
    QStringList out;
    if (m_snapshot)
        for (const Node &n : m_snapshot->nodes)
            out << n.id;
    for (const QString &id : storeNodes) // sorted
        if (!m_index.contains(id) || m_index.value(id)->role == Node::Role::Sentinel)
            out << id;
    return out;
}

QString MetricsNodeNames::shortEndpoint(const QString &nodeId, const QString &relativeToHost) const
{
    const Node *n = node(nodeId);
    if (!n) {
        const bool looksLikeAddress = nodeId.contains(QLatin1Char(':'));
        return looksLikeAddress ? nodeId : nodeId.left(8) + QChar(0x2026);
    }
    if (!relativeToHost.isEmpty() && n->endpoint.host == relativeToHost)
        return QLatin1Char(':') + QString::number(n->endpoint.port);
    return n->endpoint.toString();
}

QString MetricsNodeNames::seriesName(const QString &nodeId) const
{
    const Node *n = node(nodeId);
    if (!n)
        return shortEndpoint(nodeId, {});
    const QString address = n->endpoint.toString();
    if (n->isReplica()) {
        const QString master = n->masterId.isEmpty() ? QStringLiteral("?") : shortEndpoint(n->masterId, n->endpoint.host);
        return tr("%1 (replica of %2)").arg(address, master);
    }
    if (n->isMaster())
        return tr("%1 (master)").arg(address);
    return address;
}

QString MetricsNodeNames::csvColumnName(const MetricDefinition &def, const QString &nodeId) const
{
    const Node *n = node(nodeId);
    return def.key + QLatin1Char('@') + (n ? n->endpoint.toString() : nodeId);
}

QString MetricsNodeNames::eventSubject(const OpsEvent &event) const
{
    QString subject;
    const Node *n = node(event.nodeId);
    if (n)
        subject = isLoopback(n->endpoint.host) ? QLatin1Char(':') + QString::number(n->endpoint.port) : n->endpoint.toString();
    else if (!event.endpoint.isEmpty())
        subject = event.endpoint;
    else if (!event.nodeId.isEmpty())
        subject = shortEndpoint(event.nodeId, {});
    if (!n && subject.startsWith(QLatin1String("127.0.0.1:")))
        subject = subject.mid(9);
    return subject;
}

} // namespace ops
