#include "ClusterMasters.h"

namespace ops {

ClusterMasters::ClusterMasters(const ClusterSurvey &survey) : m_survey(survey)
{
    for (const QByteArray &id : survey.knownIds()) {
        const ClusterNodeLine *l = survey.consensusLine(id);
        if (l == nullptr || !l->isMaster() || l->has(ClusterNodeLine::Fail) || l->host.isEmpty())
            continue;
        m_masters << ReshardNode{id, Endpoint{l->host, l->port}};
        for (const SlotRange &r : l->slotRanges)
            for (int s = r.first; s <= r.last; ++s)
                m_owners[s] = id;
    }
    std::sort(m_masters.begin(), m_masters.end(), [](const ReshardNode &a, const ReshardNode &b) {
        return a.endpoint.host == b.endpoint.host ? a.endpoint.port < b.endpoint.port : a.endpoint.host < b.endpoint.host;
    });
}

const ReshardNode *ClusterMasters::master(const QByteArray &id) const
{
    for (const ReshardNode &m : m_masters)
        if (m.id == id)
            return &m;
    return nullptr;
}

QList<int> ClusterMasters::slotsOf(const QByteArray &id) const
{
    QList<int> slotList;
    for (int s = 0; s < kSlotCount; ++s)
        if (m_owners[s] == id)
            slotList << s;
    return slotList;
}

std::optional<ReshardNode> ClusterMasters::resolve(const QString &name, QString *error) const
{
    QByteArray id;
    bool isAddress = false;
    const Endpoint ep = Endpoint::parse(name, 0, &isAddress);
    if (isAddress && ep.port != 0) {
        for (const QByteArray &known : m_survey.knownIds()) {
            const ClusterNodeLine *l = m_survey.consensusLine(known);
            if (l != nullptr && Endpoint{l->host, l->port} == ep)
                id = known;
        }
        if (id.isEmpty()) {
            *error = QStringLiteral("no cluster node listens on %1").arg(name);
            return std::nullopt;
        }
    } else {
        QList<QByteArray> matches;
        for (const QByteArray &known : m_survey.knownIds())
            if (!name.isEmpty() && known.startsWith(name.toLatin1()))
                matches << known;
        if (matches.isEmpty()) {
            *error = QStringLiteral("no cluster node has an id starting with %1").arg(name);
            return std::nullopt;
        }
        if (matches.size() > 1) {
            QStringList ids;
            for (const QByteArray &m : std::as_const(matches))
                ids << QString::fromLatin1(m.left(12));
            *error = QStringLiteral("%1 is ambiguous: it starts %2").arg(name, ids.join(QStringLiteral(", ")));
            return std::nullopt;
        }
        id = matches.first();
    }
    if (const ReshardNode *m = master(id))
        return *m;
    const ClusterNodeLine *l = m_survey.consensusLine(id);
    if (l != nullptr && l->isReplica())
        *error = QStringLiteral("%1 is a replica (of %2): only masters own slots")
                     .arg(name, QString::fromLatin1(l->masterId.left(8)));
    else
        *error = QStringLiteral("%1 is not a master the cluster can use (failed or without address)").arg(name);
    return std::nullopt;
}

QList<QPair<QString, int>> ClusterMasters::distribution() const
{
    QList<QPair<QString, int>> d;
    for (const ReshardNode &m : m_masters)
        d << qMakePair(m.label(), int(slotsOf(m.id).size()));
    return d;
}

} // namespace ops
