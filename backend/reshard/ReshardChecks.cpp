#include "ReshardChecks.h"

#include "ReshardSurvey.h"
#include "actions/ActionClient.h"

namespace ops {

namespace {
using Status = PreCheck::Status;

QString shortList(const QStringList &items, int max = 5)
{
    if (items.size() <= max)
        return items.join(QStringLiteral("; "));
    return items.mid(0, max).join(QStringLiteral("; ")) + QStringLiteral("; and %1 more").arg(items.size() - max);
}
} // namespace

QStringList ReshardChecks::openSlots(const ClusterSurvey &survey, const QSet<int> &expected)
{
    QStringList open;
    for (const ClusterNodeView &v : survey.nodes) {
        const ClusterNodeLine *self = v.myself();
        if (self == nullptr)
            continue;
        for (const SlotTransfer &t : self->migrating)
            if (!expected.contains(t.slot))
                open << QStringLiteral("slot %1 migrating on %2 to %3")
                        .arg(t.slot)
                        .arg(v.endpoint.toString(), QString::fromLatin1(t.peerId.left(8)));
        for (const SlotTransfer &t : self->importing)
            if (!expected.contains(t.slot))
                open << QStringLiteral("slot %1 importing on %2 from %3")
                        .arg(t.slot)
                        .arg(v.endpoint.toString(), QString::fromLatin1(t.peerId.left(8)));
    }
    return open;
}

PreChecks ReshardChecks::common(const ReshardSurvey &survey, const ClusterMasters &masters, const QSet<int> &expected,
                                bool stateMustBeOk)
{
    const ClusterSurvey &cluster = survey.cluster;
    PreChecks checks;

    QStringList down;
    QStringList replicasDown;
    QStringList failed;
    for (const QByteArray &id : cluster.knownIds()) {
        const ClusterNodeLine *l = cluster.consensusLine(id);
        if (l == nullptr)
            continue;
        const QString name = QStringLiteral("%1:%2").arg(l->host).arg(l->port);
        const ClusterNodeView *v = cluster.nodeById(id);
        const bool answered = v != nullptr && v->reachable();
        if (l->isMaster() && (l->has(ClusterNodeLine::Fail) || l->has(ClusterNodeLine::PFail)) && l->slotCount() > 0)
            failed << name;
        if (!answered)
            (l->isMaster() ? down : replicasDown) << (v != nullptr ? QStringLiteral("%1 (%2)").arg(name, v->error) : name);
    }
    checks << makePreCheck(QStringLiteral("masters-reachable"), QStringLiteral("Every master answers"),
                           down.isEmpty() && failed.isEmpty() ? Status::Pass : Status::Fail,
                           down.isEmpty() && failed.isEmpty()
                               ? QStringLiteral("%1 masters answered").arg(masters.masters().size())
                               : QStringLiteral("not answering: %1; flagged failing: %2; moving slots while a master is "
                                                "unreachable can leave slots open on it: fail over or fix it first")
                                     .arg(down.isEmpty() ? QStringLiteral("none") : shortList(down),
                                          failed.isEmpty() ? QStringLiteral("none") : shortList(failed)));
    if (!replicasDown.isEmpty())
        checks << makePreCheck(QStringLiteral("replicas-reachable"), QStringLiteral("Every replica answers"),
                               Status::Warn, QStringLiteral("not answering: %1").arg(shortList(replicasDown)));

    QStringList notOk;
    for (const ClusterNodeView &v : cluster.nodes)
        if (v.reachable() && v.clusterState() != "ok")
            notOk << QStringLiteral("%1: %2").arg(v.endpoint.toString(), QString::fromLatin1(v.clusterState()));
    checks << makePreCheck(QStringLiteral("cluster-state"), QStringLiteral("cluster_state is ok on every node"),
                           notOk.isEmpty() ? Status::Pass : stateMustBeOk ? Status::Fail : Status::Warn,
                           notOk.isEmpty() ? QStringLiteral("ok") : shortList(notOk));

    const QStringList open = openSlots(cluster, expected);
    checks << makePreCheck(QStringLiteral("open-slots"), QStringLiteral("No slot is half-migrated"),
                           open.isEmpty() ? Status::Pass : Status::Fail,
                           open.isEmpty() ? (expected.isEmpty() ? QStringLiteral("no node reports a MIGRATING or IMPORTING slot")
                                                                : QStringLiteral("no node reports a MIGRATING or IMPORTING slot "
                                                                                 "outside this operation's"))
                                          : shortList(open) + QStringLiteral(": finish them first (redis-ops fix, or "
                                                                             "resume the operation that opened them)"));

    QStringList disagree;
    for (const ClusterNodeView &v : cluster.nodes) {
        if (!v.reachable())
            continue;
        QVector<QByteArray> seen(kSlotCount);
        for (const ClusterNodeLine &l : v.nodes)
            if (l.isMaster())
                for (const SlotRange &r : l.slotRanges)
                    for (int s = r.first; s <= r.last; ++s)
                        seen[s] = l.id;
        int differ = 0;
        int first = -1;
        for (int s = 0; s < kSlotCount; ++s)
            if (seen[s] != masters.owners()[s] && !expected.contains(s) && differ++ == 0)
                first = s;
        if (differ > 0)
            disagree << QStringLiteral("%1 sees %2 slots elsewhere (first: %3)").arg(v.endpoint.toString()).arg(differ).arg(first);
    }
    checks << makePreCheck(QStringLiteral("nodes-agree"), QStringLiteral("Every node agrees on the slot owners"),
                           disagree.isEmpty() ? Status::Pass : Status::Fail,
                           disagree.isEmpty() ? QStringLiteral("identical slot owners in every CLUSTER NODES")
                                              : shortList(disagree) + QStringLiteral(": wait for the cluster to converge"));

    int uncovered = 0;
    for (const QByteArray &owner : masters.owners())
        uncovered += owner.isEmpty() ? 1 : 0;
    checks << makePreCheck(QStringLiteral("coverage"), QStringLiteral("Every slot has an owner"),
                           uncovered == 0 ? Status::Pass : Status::Warn,
                           uncovered == 0 ? QStringLiteral("16384 slots covered")
                                          : QStringLiteral("%1 slots have no owner (redis-ops fix can assign them)").arg(uncovered));

    checks << makePreCheck(QStringLiteral("key-counts"), QStringLiteral("Keys counted in every slot"),
                           survey.errors.isEmpty() ? Status::Pass : Status::Warn,
                           survey.errors.isEmpty() ? QStringLiteral("COUNTKEYSINSLOT answered on every master")
                                                   : shortList(survey.errors));

    QList<ActionClient> clients;
    QStringList unreadable;
    for (const ClusterNodeView &v : cluster.nodes) {
        clients << v.actionClients;
        if (!v.clientListError.isEmpty())
            unreadable << v.endpoint.toString() + QStringLiteral(": ") + v.clientListError;
    }
    checks << ActionClient::otherOperatorsCheck(clients, unreadable);
    return checks;
}

} // namespace ops
