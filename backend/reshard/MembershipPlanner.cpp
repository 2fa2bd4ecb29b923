#include "MembershipPlanner.h"

#include "ClusterMasters.h"

namespace ops {

namespace {
using Status = PreCheck::Status;

/** The id of the member @p name (address, id or unique id prefix); empty with @p error. */
QByteArray memberId(const ClusterSurvey &survey, const QString &name, QString *error)
{
    bool isAddress = false;
    const Endpoint ep = Endpoint::parse(name, 0, &isAddress);
    QList<QByteArray> matches;
    for (const QByteArray &id : survey.knownIds()) {
        const ClusterNodeLine *l = survey.consensusLine(id);
        if ((isAddress && ep.port != 0 && l != nullptr && Endpoint{l->host, l->port} == ep)
            || (!(isAddress && ep.port != 0) && !name.isEmpty() && id.startsWith(name.toLatin1())))
            matches << id;
    }
    if (matches.size() == 1)
        return matches.first();
    *error = matches.isEmpty() ? QStringLiteral("no cluster node is %1").arg(name)
                               : QStringLiteral("%1 is ambiguous (%2 nodes)").arg(name).arg(matches.size());
    return {};
}

/** Every member that answered, but @p except. */
QList<ReshardNode> members(const ClusterSurvey &survey, const QByteArray &except, QStringList *silent)
{
    QList<ReshardNode> out;
    for (const QByteArray &id : survey.knownIds()) {
        if (id == except)
            continue;
        const ClusterNodeLine *l = survey.consensusLine(id);
        const ClusterNodeView *v = survey.nodeById(id);
        if (l == nullptr || l->host.isEmpty())
            continue;
        if (v == nullptr || !v->reachable())
            *silent << QStringLiteral("%1:%2").arg(l->host).arg(l->port);
        else
            out << ReshardNode{id, Endpoint{l->host, l->port}};
    }
    return out;
}

PreCheck membersAnswer(const QStringList &silent, int answered, const QString &why)
{
    return makePreCheck(QStringLiteral("members-reachable"), QStringLiteral("Every member answers"),
                        silent.isEmpty() ? Status::Pass : Status::Fail,
                        silent.isEmpty() ? QStringLiteral("%1 member(s) answered").arg(answered)
                                         : QStringLiteral("not answering: %1: %2").arg(silent.join(QStringLiteral(", ")), why));
}
} // namespace

MembershipPlan MembershipPlanner::planAdd(const ClusterSurvey &cluster, const ClusterNodeView &newNode,
                                          qint64 newNodeKeys, const QString &replicaOf)
{
    MembershipPlan plan;
    plan.kind = MembershipPlan::Kind::Add;
    plan.deploymentId = cluster.deploymentId();
    plan.node = newNode.endpoint;
    plan.nodeId = newNode.id();
    QStringList silent;
    plan.others = members(cluster, plan.nodeId, &silent);
    for (const ReshardNode &n : std::as_const(plan.others))
        if (const ClusterNodeLine *l = cluster.consensusLine(n.id); !plan.meetVia.isValid() && l != nullptr && l->busPort != 0) {
            plan.meetVia = n.endpoint;
            plan.meetViaBusPort = l->busPort;
        }
    plan.checks << membersAnswer(silent, int(plan.others.size()), QStringLiteral("they must learn the new node"));
    const bool answered = newNode.reachable() && newNode.myself() != nullptr;
    plan.checks << makePreCheck(QStringLiteral("new-node"), QStringLiteral("The new node answers with cluster support"),
                                answered ? Status::Pass : Status::Fail,
                                answered ? QStringLiteral("%1 is node %2").arg(newNode.endpoint.toString(), QString::fromLatin1(plan.nodeId))
                                         : newNode.error + QStringLiteral(" (is cluster-enabled yes set?)"));
    const qsizetype known = newNode.nodes.size();
    plan.checks << makePreCheck(QStringLiteral("not-in-a-cluster"), QStringLiteral("The new node is in no cluster yet"),
                                answered && known == 1 ? Status::Pass : Status::Fail,
                                !answered ? QStringLiteral("unknown")
                                : known == 1 ? QStringLiteral("it knows only itself")
                                             : QStringLiteral("it knows %1 other node(s): it belongs to a cluster (CLUSTER RESET it "
                                                              "first if that is wanted)").arg(known - 1));
    plan.checks << makePreCheck(QStringLiteral("empty"), QStringLiteral("The new node holds no key"),
                                newNodeKeys == 0 ? Status::Pass : Status::Fail,
                                newNodeKeys < 0 ? QStringLiteral("DBSIZE unknown")
                                : newNodeKeys == 0 ? QStringLiteral("DBSIZE 0")
                                                   : QStringLiteral("DBSIZE %1: a node with data cannot join (CLUSTER MEET "
                                                                    "would refuse it or keys would be orphaned)").arg(newNodeKeys));
    const bool member = cluster.knownIds().contains(plan.nodeId);
    plan.checks << makePreCheck(QStringLiteral("not-a-member"), QStringLiteral("It is not a member already"),
                                member ? Status::Fail : Status::Pass,
                                member ? QStringLiteral("the cluster already lists %1").arg(QString::fromLatin1(plan.nodeId.left(8)))
                                       : QStringLiteral("no member lists it"));
    if (!replicaOf.isEmpty()) {
        QString error;
        const ClusterMasters masters(cluster);
        plan.replicaOf = masters.resolve(replicaOf, &error);
        plan.checks << makePreCheck(QStringLiteral("replica-of"), QStringLiteral("The master to replicate is a master"),
                                    plan.replicaOf ? Status::Pass : Status::Fail,
                                    plan.replicaOf ? plan.replicaOf->label() : error);
    }
    return plan;
}

MembershipPlan MembershipPlanner::planRemove(const ClusterSurvey &cluster, const QString &name)
{
    MembershipPlan plan;
    plan.kind = MembershipPlan::Kind::Remove;
    plan.deploymentId = cluster.deploymentId();
    QString error;
    plan.nodeId = memberId(cluster, name, &error);
    const ClusterNodeLine *line = cluster.consensusLine(plan.nodeId);
    plan.checks << makePreCheck(QStringLiteral("member"), QStringLiteral("The node is a member"),
                                line != nullptr ? Status::Pass : Status::Fail,
                                line != nullptr ? QStringLiteral("%1:%2 is %3").arg(line->host).arg(line->port).arg(QString::fromLatin1(plan.nodeId))
                                                : error);
    if (line == nullptr)
        return plan;
    plan.node = Endpoint{line->host, line->port};
    plan.checks << makePreCheck(QStringLiteral("no-slots"), QStringLiteral("It owns no slot"),
                                line->slotCount() == 0 ? Status::Pass : Status::Fail,
                                line->slotCount() == 0 ? QStringLiteral("0 slots")
                                                       : QStringLiteral("%1 slots: drain it first (redis-ops drain %2)")
                                                             .arg(line->slotCount())
                                                             .arg(plan.node.toString()));
    QStringList replicas;
    for (const QByteArray &id : cluster.knownIds())
        if (const ClusterNodeLine *l = cluster.consensusLine(id); l != nullptr && l->isReplica() && l->masterId == plan.nodeId)
            replicas << QStringLiteral("%1:%2").arg(l->host).arg(l->port);
    plan.checks << makePreCheck(QStringLiteral("no-replicas"), QStringLiteral("No replica follows it"),
                                replicas.isEmpty() ? Status::Pass : Status::Fail,
                                replicas.isEmpty() ? QStringLiteral("none")
                                                   : QStringLiteral("%1 follow it: remove them or make them replicate another "
                                                                    "master first").arg(replicas.join(QStringLiteral(", "))));
    QStringList silent;
    plan.others = members(cluster, plan.nodeId, &silent);
    plan.checks << membersAnswer(silent, int(plan.others.size()),
                                 QStringLiteral("a member that misses CLUSTER FORGET gossips the node back after 60 s"));
    const ClusterNodeView *self = cluster.nodeById(plan.nodeId);
    plan.resetRemoved = self != nullptr && self->reachable();
    if (!plan.resetRemoved)
        plan.checks << makePreCheck(QStringLiteral("removed-answers"), QStringLiteral("The removed node answers"), Status::Warn,
                                    QStringLiteral("it does not: it is forgotten but not reset; if it comes back, CLUSTER RESET "
                                                   "it before it gossips with the cluster again"));
    return plan;
}

} // namespace ops
