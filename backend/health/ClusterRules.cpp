#include "ClusterRules.h"

#include "model/SlotMap.h"

#include <cmath>

namespace ops {

namespace {

using Severity = HealthFinding::Severity;
const QList<TopologySnapshot::Kind> kClusterOnly{TopologySnapshot::Kind::Cluster};

QList<HealthFinding> state(const HealthInput &in)
{
    const QByteArray &st = in.snapshot.clusterState;
    if (st.isEmpty())
        return {HealthFinding::unknown(QStringLiteral("CLUSTER INFO not answered yet"))};
    if (st == "ok")
        return {};
    return {HealthFinding::fire(Severity::Critical,
                                QStringLiteral("cluster_state is %1: the cluster refuses queries").arg(QString::fromLatin1(st)),
                                QStringLiteral("See the coverage and node rules: a failed master without a replica, "
                                               "uncovered slots or a lost majority of masters."))
                .with(QStringLiteral("cluster_state"), QString::fromLatin1(st))};
}

QList<HealthFinding> coverage(const HealthInput &in)
{
    if (!in.snapshot.slotMap)
        return {HealthFinding::unknown(QStringLiteral("no slot map yet"))};
    const SlotRanges uncovered = in.snapshot.slotMap->uncoveredRanges();
    if (uncovered.isEmpty())
        return {};
    const int count = kSlotCount - in.snapshot.slotMap->coveredCount();
    QStringList ranges;
    for (const SlotRange &r : uncovered)
        ranges << r.toString();
    return {HealthFinding::fire(Severity::Critical,
                                QStringLiteral("%1 slot(s) have no owner: keys there cannot be read or written").arg(count),
                                QStringLiteral("Assign them (CLUSTER ADDSLOTSRANGE on a master, or `redis-cli "
                                               "--cluster fix`)."))
                .with(QStringLiteral("uncovered"), count)
                .with(QStringLiteral("ranges"), ranges.join(QLatin1Char(' ')))};
}

QList<HealthFinding> openSlots(const HealthInput &in)
{
    if (!in.snapshot.slotMap)
        return {HealthFinding::unknown(QStringLiteral("no slot map yet"))};
    const QList<SlotMap::Migration> migrations = in.snapshot.slotMap->migrations();
    if (migrations.isEmpty())
        return {};
    QStringList slotList;
    int halfOpen = 0;
    HealthFinding f = HealthFinding::fire(Severity::Warning, QString(),
                                          QStringLiteral("Finish the migration (MIGRATE the remaining keys, then CLUSTER "
                                                         "SETSLOT NODE on both sides) or roll it back."));
    for (const SlotMap::Migration &m : migrations) {
        if (slotList.size() < 16)
            slotList << QString::number(m.slot);
        halfOpen += m.isHalfOpen() ? 1 : 0;
        f.on(m.source).on(m.target);
    }
    f.nodes.removeAll(QString());
    f.summary = QStringLiteral("%1 slot(s) migrating or importing%2")
                    .arg(migrations.size())
                    .arg(halfOpen > 0 ? QStringLiteral(", %1 open on one side only").arg(halfOpen) : QString());
    f.with(QStringLiteral("open"), migrations.size()).with(QStringLiteral("halfOpen"), halfOpen).with(QStringLiteral("slots"), slotList.join(QLatin1Char(' ')));
    return {f};
}

QList<HealthFinding> nodeState(const HealthInput &in)
{
    QList<HealthFinding> out;
    for (const Node &n : in.snapshot.nodes) {
        QStringList flags;
        if (n.has(Node::Fail))
            flags << QStringLiteral("fail");
        if (n.has(Node::PFail))
            flags << QStringLiteral("pfail");
        if (n.has(Node::Handshake))
            flags << QStringLiteral("handshake");
        if (n.has(Node::NoAddr))
            flags << QStringLiteral("noaddr");
        if (flags.isEmpty())
            continue;
        const bool fail = n.has(Node::Fail);
        out << HealthFinding::fire(fail ? Severity::Critical : Severity::Warning,
                                   QStringLiteral("%1 %2 is %3").arg(Node::roleName(n.role), HealthRule::label(n), flags.join(QLatin1Char(','))),
                                   fail || n.has(Node::PFail)
                                       ? QStringLiteral("Bring the node back or replace it (CLUSTER FORGET on every node "
                                                        "once it is gone for good).")
                                       : QStringLiteral("A node stuck in handshake/noaddr is usually a wrong announce "
                                                        "address or a firewalled bus port: check cluster-announce-* and "
                                                        "the bus port."))
                   .on(n.id)
                   .with(QStringLiteral("flags"), flags.join(QLatin1Char(',')));
    }
    return out;
}

QList<HealthFinding> slotBalance(const HealthInput &in)
{
    QList<const Node *> owners;
    int total = 0;
    for (const Node *m : in.snapshot.masters())
        if (m->slotCount > 0) {
            owners << m;
            total += m->slotCount;
        }
    if (owners.size() < 2)
        return {};
    const double fair = double(total) / double(owners.size());
    QList<HealthFinding> out;
    for (const Node *m : owners) {
        const double deviation = (double(m->slotCount) - fair) / fair;
        if (std::abs(deviation) <= in.thresholds.slotImbalance)
            continue;
        out << HealthFinding::fire(Severity::Info,
                                   QStringLiteral("master %1 owns %2 slots, %3% %4 its fair share of %5")
                                       .arg(HealthRule::label(*m))
                                       .arg(m->slotCount)
                                       .arg(qRound(std::abs(deviation) * 100))
                                       .arg(deviation > 0 ? QStringLiteral("above") : QStringLiteral("below"))
                                       .arg(qRound(fair)),
                                   QStringLiteral("Rebalance the slots (redis-cli --cluster rebalance)."))
                   .on(m->id)
                   .with(QStringLiteral("slots"), m->slotCount)
                   .with(QStringLiteral("fairShare"), qRound(fair));
    }
    return out;
}

} // namespace

QList<HealthRule> clusterRules()
{
    return {
        {QStringLiteral("cluster.state"), QStringLiteral("cluster_state ok"),
         QStringLiteral("A cluster whose state is fail answers every query with CLUSTERDOWN."), kClusterOnly, state},
        {QStringLiteral("cluster.coverage"), QStringLiteral("Every slot covered"),
         QStringLiteral("An uncovered slot makes its keys unavailable (and, with cluster-require-full-coverage yes, "
                        "the whole cluster)."),
         kClusterOnly, coverage},
        {QStringLiteral("cluster.open-slots"), QStringLiteral("No open slots"),
         QStringLiteral("A slot left migrating/importing sends clients back and forth (ASK) and blocks further "
                        "resharding."),
         kClusterOnly, openSlots},
        {QStringLiteral("cluster.node-state"), QStringLiteral("Nodes healthy in the cluster's view"),
         QStringLiteral("Failed or unreachable nodes reduce redundancy; a node in handshake or noaddr never joined "
                        "properly."),
         kClusterOnly, nodeState},
        {QStringLiteral("cluster.slot-balance"), QStringLiteral("Slots evenly distributed"),
         QStringLiteral("A master with more slots than its share carries more keys and load than the others."),
         kClusterOnly, slotBalance},
    };
}

} // namespace ops
