#include "RunbookActionIntent.h"

#include "model/SlotRange.h"

#include <QRegularExpression>

namespace ops {

namespace {

RunbookActionIntent invalid(const QString &why)
{
    RunbookActionIntent i;
    i.error = why;
    return i;
}

QString describe(const QString &action, const QVariantMap &params)
{
    QStringList words{action};
    for (auto it = params.cbegin(); it != params.cend(); ++it)
        words << QStringLiteral("%1=%2").arg(it.key(), it.value().toString());
    return words.join(QLatin1Char(' '));
}

RunbookActionIntent buildFailover(const QVariantMap &params, const TopologySnapshot &snapshot)
{
    const bool cluster = snapshot.kind == TopologySnapshot::Kind::Cluster;
    RunbookActionIntent i;
    i.kind = RunbookActionIntent::Kind::Failover;
    FailoverIntent &f = i.failover;
    f.mode = cluster ? FailoverIntent::Mode::Standard : FailoverIntent::Mode::Graceful;
    const QString mode = params.value(QStringLiteral("mode")).toString();
    if (!mode.isEmpty()) {
        bool known = false;
        for (FailoverIntent::Mode m : FailoverIntent::modesFor(cluster))
            if (FailoverIntent::modeName(m) == mode || FailoverIntent::modeLabel(m, cluster) == mode) {
                f.mode = m;
                known = true;
            }
        if (!known) {
            QStringList names;
            for (FailoverIntent::Mode m : FailoverIntent::modesFor(cluster))
                names << FailoverIntent::modeName(m);
            return invalid(QStringLiteral("failover mode '%1' is not one of %2 on a %3 deployment")
                               .arg(mode, names.join(QStringLiteral(", ")), TopologySnapshot::kindName(snapshot.kind)));
        }
    }
    QString why;
    const QString master = params.value(QStringLiteral("master")).toString();
    if (!master.isEmpty()) {
        if (!cluster) {
            const Node *m = snapshot.master();
            if (master != snapshot.masterName && !(m && m->endpoint.toString() == master))
                return invalid(QStringLiteral("failover master '%1': this deployment's master is '%2'%3")
                                   .arg(master, snapshot.masterName, m ? QStringLiteral(" at ") + m->endpoint.toString() : QString()));
        } else {
            const Node *n = RunbookActionIntent::resolveNode(snapshot, master, &why);
            if (!n)
                return invalid(QStringLiteral("failover master: ") + why);
            if (n->isReplica()) {
                f.preferred = n->endpoint; // a replica named: promote it
                const Node *its = snapshot.node(n->masterId);
                if (!its)
                    return invalid(QStringLiteral("failover master: %1 is a replica of an unknown master").arg(master));
                n = its;
            }
            f.nodeId = n->id;
            f.node = n->endpoint;
        }
    }
    const QString target = params.value(QStringLiteral("target")).toString();
    if (!target.isEmpty()) {
        const Node *t = RunbookActionIntent::resolveNode(snapshot, target, &why);
        if (!t)
            return invalid(QStringLiteral("failover target: ") + why);
        if (!t->isReplica())
            return invalid(QStringLiteral("failover target %1 is not a replica").arg(t->endpoint.toString()));
        f.preferred = t->endpoint;
        if (cluster && f.nodeId.isEmpty()) {
            if (const Node *its = snapshot.node(t->masterId)) {
                f.nodeId = its->id;
                f.node = its->endpoint;
            }
        }
    }
    if (cluster && f.nodeId.isEmpty())
        return invalid(QStringLiteral("failover on a cluster needs 'master' (or 'target'): which shard"));
    return i;
}

RunbookActionIntent buildReshard(const QString &action, const QVariantMap &params)
{
    RunbookActionIntent i;
    i.kind = RunbookActionIntent::Kind::Reshard;
    ReshardIntent &r = i.reshard;
    const auto list = [&](const char *key) {
        QStringList out;
        for (const QString &s : params.value(QLatin1String(key)).toString().split(QLatin1Char(','), Qt::SkipEmptyParts))
            out << s.trimmed();
        return out;
    };
    QString why;
    if (action == QLatin1String("reshard")) {
        r.mode = ReshardIntent::Mode::Move;
        r.sources = list("from");
        r.target = params.value(QStringLiteral("to")).toString().trimmed();
        if (r.sources.isEmpty() || r.target.isEmpty())
            return invalid(QStringLiteral("reshard needs 'from' and 'to'"));
        const QString count = params.value(QStringLiteral("slots")).toString();
        const QString ranges = params.value(QStringLiteral("ranges")).toString();
        if (count.isEmpty() == ranges.isEmpty())
            return invalid(QStringLiteral("reshard needs exactly one of 'slots' and 'ranges'"));
        if (!count.isEmpty()) {
            bool ok = false;
            r.slotCount = count.toInt(&ok);
            if (!ok || r.slotCount <= 0 || r.slotCount > kSlotCount)
                return invalid(QStringLiteral("reshard slots '%1' is not a count of 1 to %2").arg(count).arg(kSlotCount));
        } else if (!RunbookActionIntent::parseRanges(ranges, &r.ranges, &why)) {
            return invalid(QStringLiteral("reshard ranges: ") + why);
        }
    } else if (action == QLatin1String("rebalance")) {
        r.mode = ReshardIntent::Mode::Rebalance;
        for (const QString &w : list("weights")) {
            const qsizetype eq = w.indexOf(QLatin1Char('='));
            bool ok = false;
            const double weight = eq > 0 ? w.mid(eq + 1).toDouble(&ok) : 0;
            if (!ok || weight < 0)
                return invalid(QStringLiteral("rebalance weight '%1': use NODE=W with W >= 0").arg(w));
            r.weights.insert(w.left(eq), weight);
        }
        const QString threshold = params.value(QStringLiteral("threshold")).toString();
        if (!threshold.isEmpty()) {
            bool ok = false;
            r.thresholdPercent = threshold.toDouble(&ok);
            if (!ok || r.thresholdPercent < 0)
                return invalid(QStringLiteral("rebalance threshold '%1' is not a percentage").arg(threshold));
        }
        const QString empty = params.value(QStringLiteral("use_empty_masters")).toString();
        if (!empty.isEmpty() && empty != QLatin1String("true") && empty != QLatin1String("false"))
            return invalid(QStringLiteral("rebalance use_empty_masters '%1': true or false").arg(empty));
        r.useEmptyMasters = empty == QLatin1String("true");
    } else {
        r.mode = ReshardIntent::Mode::Drain;
        r.sources = list("node");
        if (r.sources.size() != 1)
            return invalid(QStringLiteral("drain needs one 'node'"));
    }
    return i;
}

RunbookActionIntent buildMaintenance(const QString &action, const QVariantMap &params)
{
    RunbookActionIntent i;
    i.kind = RunbookActionIntent::Kind::Maintenance;
    MaintenanceIntent &m = i.maintenance;
    m.node = params.value(QStringLiteral("node")).toString().trimmed();
    if (action == QLatin1String("fix")) {
        m.kind = MaintenanceIntent::Kind::Fix;
        m.assignEmptyTo = params.value(QStringLiteral("assign_empty_to")).toString().trimmed();
        return i;
    }
    m.kind = action == QLatin1String("add-node") ? MaintenanceIntent::Kind::AddNode : MaintenanceIntent::Kind::RemoveNode;
    m.replicaOf = params.value(QStringLiteral("replica_of")).toString().trimmed();
    if (m.node.isEmpty())
        return invalid(QStringLiteral("%1 needs 'node'").arg(action));
    return i;
}

} // namespace

RunbookActionIntent RunbookActionIntent::build(const QString &action, const QVariantMap &params, const TopologySnapshot &snapshot)
{
    RunbookActionIntent i;
    const bool cluster = snapshot.kind == TopologySnapshot::Kind::Cluster;
    if (action == QLatin1String("failover"))
        i = buildFailover(params, snapshot);
    else if (action == QLatin1String("reshard") || action == QLatin1String("rebalance") || action == QLatin1String("drain"))
        i = cluster ? buildReshard(action, params) : invalid(QStringLiteral("%1 needs a Redis Cluster").arg(action));
    else if (!cluster)
        i = invalid(QStringLiteral("%1 needs a Redis Cluster").arg(action));
    else
        i = buildMaintenance(action, params);
    if (i.kind != Kind::Invalid)
        i.description = describe(action, params);
    return i;
}

const Node *RunbookActionIntent::resolveNode(const TopologySnapshot &snapshot, const QString &ref, QString *why)
{
    const QString r = ref.trimmed();
    if (r.isEmpty()) {
        *why = QStringLiteral("no node named");
        return nullptr;
    }
    QList<const Node *> hits;
    for (const Node &n : snapshot.nodes) {
        if (n.endpoint.toString() == r || n.id == r)
            return &n;
        if (r.size() >= 4 && n.id.startsWith(r))
            hits << &n;
    }
    if (hits.size() == 1)
        return hits.first();
    *why = hits.isEmpty() ? QStringLiteral("no node is '%1' (a node id, a unique id prefix or host:port)").arg(r)
                          : QStringLiteral("'%1' is the prefix of %2 node ids: give more of it").arg(r).arg(hits.size());
    return nullptr;
}

bool RunbookActionIntent::parseRanges(const QString &text, SlotRanges *ranges, QString *why)
{
    static const QRegularExpression re(QStringLiteral("^\\s*(\\d{1,5})(?:\\s*-\\s*(\\d{1,5}))?\\s*$"));
    ranges->clear();
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QRegularExpressionMatch m = re.match(part);
        SlotRange range;
        if (m.hasMatch()) {
            range.first = m.captured(1).toInt();
            range.last = m.captured(2).isEmpty() ? range.first : m.captured(2).toInt();
        }
        if (!m.hasMatch() || range.first > range.last || range.last >= kSlotCount) {
            *why = QStringLiteral("'%1' is not A-B with 0 <= A <= B <= %2").arg(part.trimmed()).arg(kSlotCount - 1);
            return false;
        }
        ranges->append(range);
    }
    if (ranges->isEmpty()) {
        *why = QStringLiteral("no range given");
        return false;
    }
    return true;
}

} // namespace ops
