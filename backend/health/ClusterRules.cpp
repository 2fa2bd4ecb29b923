#include "ClusterRules.h"

#include "model/SlotMap.h"

#include <QMap>

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

/** Each seen data node's value of @p name, grouped: value -> node labels; @p unknown gets the others. */
QMap<QByteArray, QStringList> settingByValue(const HealthInput &in, const QByteArray &name, QList<HealthFinding> *unknown)
{
    QMap<QByteArray, QStringList> byValue;
    for (const Node *n : HealthRule::seenDataNodes(in.snapshot)) {
        if (!n->config.has(name)) {
            *unknown << HealthFinding::unknown(QStringLiteral("%1: %2").arg(HealthRule::label(*n), n->config.whyUnknown(name))).on(n->id);
            continue;
        }
        byValue[n->config.value(name).trimmed().toLower()] << HealthRule::label(*n);
    }
    return byValue;
}

QString describeGroups(const QMap<QByteArray, QStringList> &byValue)
{
    QStringList parts;
    for (auto it = byValue.cbegin(); it != byValue.cend(); ++it)
        parts << QStringLiteral("%1 on %2").arg(QString::fromLatin1(it.key()), it.value().join(QLatin1Char(' ')));
    return parts.join(QStringLiteral("; "));
}

QList<HealthFinding> nodeTimeout(const HealthInput &in)
{
    QList<HealthFinding> out;
    const QMap<QByteArray, QStringList> byValue = settingByValue(in, "cluster-node-timeout", &out);
    if (byValue.size() > 1)
        out << HealthFinding::fire(Severity::Warning,
                                   QStringLiteral("the nodes disagree on cluster-node-timeout (%1): failures are detected "
                                                  "at different times on different nodes")
                                       .arg(describeGroups(byValue)),
                                   QStringLiteral("CONFIG SET cluster-node-timeout to one value on every node (and "
                                                  "CONFIG REWRITE)."))
                   .with(QStringLiteral("cluster-node-timeout"), describeGroups(byValue));
    const HealthThresholds &t = in.thresholds;
    for (auto it = byValue.cbegin(); it != byValue.cend(); ++it) {
        bool ok = false;
        const qint64 ms = it.key().toLongLong(&ok);
        if (!ok)
            continue;
        if (ms < t.minClusterNodeTimeoutMs)
            out << HealthFinding::fire(Severity::Warning,
                                       QStringLiteral("cluster-node-timeout %1 ms on %2: a fork, a slow fsync or a network "
                                                      "blip longer than that fails a healthy master over")
                                           .arg(ms)
                                           .arg(it.value().join(QLatin1Char(' '))),
                                       QStringLiteral("Raise cluster-node-timeout to at least %1 ms (Redis's default is "
                                                      "15000).")
                                           .arg(t.minClusterNodeTimeoutMs))
                       .with(QStringLiteral("cluster-node-timeout"), ms);
        else if (ms > t.maxClusterNodeTimeoutMs)
            out << HealthFinding::fire(Severity::Info,
                                       QStringLiteral("cluster-node-timeout %1 ms on %2: a dead master's slots stay "
                                                      "unavailable at least that long before a replica takes over")
                                           .arg(ms)
                                           .arg(it.value().join(QLatin1Char(' '))),
                                       QStringLiteral("Lower cluster-node-timeout (Redis's default is 15000 ms) unless "
                                                      "long pauses are expected."))
                       .with(QStringLiteral("cluster-node-timeout"), ms);
    }
    return out;
}

QList<HealthFinding> fullCoverage(const HealthInput &in)
{
    QList<HealthFinding> out;
    const QMap<QByteArray, QStringList> byValue = settingByValue(in, "cluster-require-full-coverage", &out);
    if (byValue.size() > 1) {
        out << HealthFinding::fire(Severity::Warning,
                                   QStringLiteral("the nodes disagree on cluster-require-full-coverage (%1): when a shard "
                                                  "is lost some nodes stop serving and others do not")
                                       .arg(describeGroups(byValue)),
                                   QStringLiteral("Choose one value for the whole cluster and CONFIG SET it on every node."))
                   .with(QStringLiteral("cluster-require-full-coverage"), describeGroups(byValue));
        return out;
    }
    if (!byValue.contains("yes"))
        return out;
    // With full coverage required, a master that has no replica to take over is a single point of
    // failure for every slot, not only its own.
    for (const Node *m : in.snapshot.masters()) {
        if (m->slotCount == 0 || !in.snapshot.replicasOf(m->id).isEmpty())
            continue;
        out << HealthFinding::fire(Severity::Warning,
                                   QStringLiteral("master %1 has no replica and cluster-require-full-coverage is yes: "
                                                  "losing it stops the whole cluster, not just its %2 slots")
                                       .arg(HealthRule::label(*m))
                                       .arg(m->slotCount),
                                   QStringLiteral("Add a replica to %1 (CLUSTER REPLICATE), or CONFIG SET "
                                                  "cluster-require-full-coverage no if partial availability is better for "
                                                  "the clients.")
                                       .arg(HealthRule::label(*m)))
                   .on(m->id)
                   .with(QStringLiteral("cluster-require-full-coverage"), QStringLiteral("yes"))
                   .with(QStringLiteral("slots"), m->slotCount);
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
        {QStringLiteral("cluster.node-timeout"), QStringLiteral("cluster-node-timeout"),
         QStringLiteral("Too short fails healthy masters over on a pause; too long keeps a dead master's slots down; "
                        "different values detect failures at different times."),
         kClusterOnly, nodeTimeout},
        {QStringLiteral("cluster.full-coverage"), QStringLiteral("cluster-require-full-coverage"),
         QStringLiteral("With full coverage required, one lost shard stops every slot: every master needs a replica."),
         kClusterOnly, fullCoverage},
    };
}

} // namespace ops
