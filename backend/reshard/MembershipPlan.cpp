#include "MembershipPlan.h"

#include <QJsonArray>

namespace ops {

QStringList MembershipPlan::commands() const
{
    QStringList c;
    const QString id = QString::fromLatin1(nodeId);
    if (kind == Kind::Add) {
        c << QStringLiteral("%1: CLUSTER MEET %2 %3 %4").arg(node.toString(), meetVia.host).arg(meetVia.port).arg(meetViaBusPort);
        if (replicaOf)
            c << QStringLiteral("%1: CLUSTER REPLICATE %2").arg(node.toString(), QString::fromLatin1(replicaOf->id));
        return c;
    }
    for (const ReshardNode &n : others)
        c << QStringLiteral("%1: CLUSTER FORGET %2").arg(n.endpoint.toString(), id);
    if (resetRemoved)
        c << QStringLiteral("%1: CLUSTER RESET SOFT").arg(node.toString());
    return c;
}

QJsonObject MembershipPlan::toJson() const
{
    QJsonArray o;
    for (const ReshardNode &n : others)
        o.append(n.toJson());
    QJsonObject j{{QStringLiteral("kind"), kindName(kind)},
                  {QStringLiteral("deploymentId"), deploymentId},
                  {QStringLiteral("node"), node.toString()},
                  {QStringLiteral("nodeId"), QString::fromLatin1(nodeId)},
                  {QStringLiteral("others"), o},
                  {QStringLiteral("checks"), preChecksJson(checks)},
                  {QStringLiteral("commands"), QJsonArray::fromStringList(commands())},
                  {QStringLiteral("allowed"), allowed()}};
    if (kind == Kind::Add)
        j.insert(QStringLiteral("meetVia"), meetVia.toString());
    if (replicaOf)
        j.insert(QStringLiteral("replicaOf"), replicaOf->toJson());
    return j;
}

QStringList MembershipPlan::describe() const
{
    QStringList lines;
    if (kind == Kind::Add)
        lines << QStringLiteral("Add %1 (%2) to %3 as %4")
                     .arg(node.toString(), QString::fromLatin1(nodeId.left(8)), deploymentId,
                          replicaOf ? QStringLiteral("a replica of %1").arg(replicaOf->label())
                                    : QStringLiteral("an empty master (rebalance --use-empty-masters gives it slots)"));
    else
        lines << QStringLiteral("Remove %1 (%2) from %3: %4 node(s) forget it")
                     .arg(node.toString(), QString::fromLatin1(nodeId.left(8)), deploymentId)
                     .arg(others.size());
    lines << preChecksLines(checks);
    lines << QStringLiteral("Commands:");
    for (const QString &c : commands())
        lines << QStringLiteral("  ") + c;
    return lines;
}

} // namespace ops
