#include "DeploymentIdentity.h"

#include <QSet>

#include <algorithm>

namespace ops {

namespace {

constexpr int kShortId = 12;

QString seedText(const DeploymentIdentity::Input &input)
{
    return input.seeds.isEmpty() ? QString() : input.seeds.first().toString();
}

} // namespace

QString DeploymentIdentity::sentinelId(const QString &masterName, const QList<QByteArray> &sentinelIds)
{
    QByteArray lowest;
    for (const QByteArray &id : sentinelIds)
        if (!id.isEmpty() && (lowest.isEmpty() || id < lowest))
            lowest = id;
    if (lowest.isEmpty())
        return {};
    return QStringLiteral("sentinel:%1/%2").arg(masterName, QString::fromLatin1(lowest.left(kShortId)));
}

QString DeploymentIdentity::clusterId(const QStringList &nodeIds)
{
    QString lowest;
    for (const QString &id : nodeIds)
        if (id.size() == 40 && (lowest.isEmpty() || id < lowest))
            lowest = id;
    return lowest.isEmpty() ? QString() : QStringLiteral("cluster:") + lowest.left(kShortId);
}

DeploymentIdentity::Result DeploymentIdentity::resolve(const Input &input)
{
    if (!input.explicitId.isEmpty())
        return {input.explicitId, true, QStringLiteral("given")};
    switch (input.kind) {
    case TopologySnapshot::Kind::Cluster: {
        const QString id = clusterId(input.clusterNodeIds);
        if (id.isEmpty())
            return {QStringLiteral("cluster@") + seedText(input), false, QStringLiteral("no node id seen yet")};
        return {id, true, QStringLiteral("lowest node id")};
    }
    case TopologySnapshot::Kind::Sentinel:
        return resolveSentinel(input);
    case TopologySnapshot::Kind::Standalone:
        break;
    }
    return resolveStandalone(input);
}

DeploymentIdentity::Result DeploymentIdentity::resolveStandalone(const Input &input)
{
    if (input.seeds.isEmpty())
        return {QStringLiteral("standalone@"), false, QStringLiteral("no seed")};
    Endpoint at = input.seeds.first();
    QStringList chain;
    for (;;) {
        const QString key = at.toString();
        if (chain.contains(key)) {
            // A replication loop (a transient misconfiguration): the lowest address of the loop,
            // the same whichever member the walk entered it by.
            const QStringList loop = chain.mid(chain.indexOf(key));
            return {QStringLiteral("standalone@") + *std::min_element(loop.cbegin(), loop.cend()), true,
                    QStringLiteral("replication loop %1").arg(loop.join(QStringLiteral(" -> ")))};
        }
        chain << key;
        const auto it = input.observations.constFind(key);
        const NodeObservation *o = it == input.observations.cend() ? nullptr : &*it;
        if (o == nullptr || !o->info) {
            // Not answered yet: wait for it; never answered but tried: the top as far as known.
            const bool failed = o != nullptr && o->lastFailureMs > 0;
            return {QStringLiteral("standalone@") + key, failed,
                    failed ? QStringLiteral("%1 does not answer (top of %2)").arg(key, chain.join(QStringLiteral(" -> ")))
                           : QStringLiteral("waiting for %1").arg(key)};
        }
        if (o->info->value("role") != "slave")
            return {QStringLiteral("standalone@") + key, true,
                    QStringLiteral("root master of %1").arg(chain.join(QStringLiteral(" -> ")))};
        const Endpoint master{QString::fromUtf8(o->info->value("master_host")),
                              quint16(o->info->integer("master_port", 0))};
        if (!master.isValid())
            return {QStringLiteral("standalone@") + key, true, QStringLiteral("%1 names no master").arg(key)};
        at = master;
    }
}

DeploymentIdentity::Result DeploymentIdentity::resolveSentinel(const Input &input)
{
    QSet<QString> known;        // sentinels: the ones polled and the ones their lists name
    QList<QByteArray> ids;      // the sentinels' own ids (SENTINEL MYID) and the ids their lists name
    QStringList listed;         // sentinels whose SENTINEL SENTINELS arrived
    bool complete = false;      // one sentinel gave its own id and its list: every id is known
    auto add = [&ids](const QByteArray &id) {
        if (!id.isEmpty() && !ids.contains(id))
            ids << id;
    };
    for (auto it = input.observations.cbegin(); it != input.observations.cend(); ++it) {
        const NodeObservation &o = it.value();
        if (!o.isSentinel)
            continue;
        known.insert(it.key());
        if (!o.sentinelPeers)
            continue; // its own id counts once it answered for this master (its lists)
        listed << it.key();
        add(o.sentinelMyId);
        complete = complete || !o.sentinelMyId.isEmpty();
        for (const SentinelPeerState &peer : *o.sentinelPeers) {
            add(peer.runId);
            if (!peer.host.isEmpty() && peer.port != 0)
                known.insert(Endpoint{peer.host, peer.port}.toString());
        }
    }
    const QString byId = sentinelId(input.masterName, ids);
    if (byId.isEmpty() || listed.isEmpty()) {
        // No list yet, or a lone sentinel without SENTINEL MYID (settled once its empty list
        // arrived): named by its address.
        std::sort(listed.begin(), listed.end());
        const bool lone = known.size() == 1 && listed.size() == 1;
        const QString address = lone ? listed.first() : seedText(input);
        return {QStringLiteral("sentinel:%1@%2").arg(input.masterName, address), lone,
                lone ? QStringLiteral("lone sentinel") : QStringLiteral("waiting for SENTINEL SENTINELS")};
    }
    // A sentinel's own id and its list name them all; without SENTINEL MYID every sentinel is
    // listed by another one: two lists (or every known one's) cover all ids.
    const bool settled = complete || listed.size() >= 2 || listed.size() >= known.size();
    return {byId, settled,
            QStringLiteral("lowest of %1 sentinel id(s), lists of %2 of %3 sentinel(s)%4")
                .arg(ids.size())
                .arg(listed.size())
                .arg(known.size())
                .arg(complete ? QStringLiteral(", with a sentinel's own id") : QString())};
}

} // namespace ops
