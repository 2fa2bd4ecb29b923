#include "RunbookFacts.h"

#include "model/SlotMap.h"

#include <algorithm>

namespace ops {

namespace {

using Value = RunbookExpression::Value;

bool down(const Node &n) { return (n.flags & (Node::Stale | Node::Fail)) != 0; }

/** The largest of @p get over the replicas; Unknown when there is none or one is unknown. */
Value replicaMax(const TopologySnapshot &s, const std::function<double(const Node &)> &get)
{
    std::optional<double> worst;
    for (const Node &n : s.nodes) {
        if (n.role != Node::Role::Replica)
            continue;
        const double v = get(n);
        if (v < 0 || down(n))
            return {};
        worst = std::max(worst.value_or(v), v);
    }
    return worst ? Value::ofNumber(*worst) : Value{};
}

QString text(const Value &v)
{
    switch (v.kind) {
    case Value::Kind::Bool: return v.boolean ? QStringLiteral("true") : QStringLiteral("false");
    case Value::Kind::Number: return QString::number(v.number, 'g', 12);
    case Value::Kind::String: return QLatin1Char('"') + v.text + QLatin1Char('"');
    default: return QStringLiteral("unknown");
    }
}

} // namespace

RunbookFacts::RunbookFacts(const TopologySnapshot &s, const HealthReport &report, QHash<QString, Value> inputs)
    : m_report(report)
{
    for (auto it = inputs.cbegin(); it != inputs.cend(); ++it)
        m_values.insert(QStringLiteral("input.") + it.key(), it.value());

    QList<const Node *> data;
    for (const Node &n : s.nodes)
        data << &n;
    m_values.insert(QStringLiteral("nodes.down"),
                    Value::ofNumber(double(std::count_if(data.cbegin(), data.cend(), [](const Node *n) { return down(*n); }))));

    if (s.kind == TopologySnapshot::Kind::Cluster) {
        if (!s.clusterState.isEmpty())
            m_values.insert(QStringLiteral("cluster.state"), Value::ofString(QString::fromLatin1(s.clusterState)));
        if (s.slotMap) {
            m_values.insert(QStringLiteral("cluster.slots_covered"), Value::ofNumber(s.slotMap->coveredCount()));
            m_values.insert(QStringLiteral("cluster.open_slots"), Value::ofNumber(double(s.slotMap->migrations().size())));
        }
        m_values.insert(QStringLiteral("cluster.masters"), Value::ofNumber(double(s.masters().size())));
        m_values.insert(QStringLiteral("cluster.failing_nodes"),
                        Value::ofNumber(double(std::count_if(s.nodes.cbegin(), s.nodes.cend(), [](const Node &n) {
                            return (n.flags & (Node::Fail | Node::PFail)) != 0;
                        }))));
    }
    if (s.kind == TopologySnapshot::Kind::Sentinel) {
        const qsizetype answering = std::count_if(s.sentinels.cbegin(), s.sentinels.cend(), [](const Node &n) { return !down(n); });
        m_values.insert(QStringLiteral("sentinel.count"), Value::ofNumber(double(answering)));
        if (s.quorum > 0)
            m_values.insert(QStringLiteral("sentinel.quorum"), Value::ofNumber(s.quorum));
        // The merger lists the sentinels' views only when they differ: none listed while a
        // sentinel answered and named a master means they all named the same one.
        if (!s.sentinelMasterViews.isEmpty()) {
            const QString first = s.sentinelMasterViews.cbegin().value();
            m_values.insert(QStringLiteral("sentinel.agree"),
                            Value::ofBool(std::all_of(s.sentinelMasterViews.cbegin(), s.sentinelMasterViews.cend(),
                                                      [&](const QString &v) { return v == first; })));
        } else if (answering > 0 && s.master()) {
            m_values.insert(QStringLiteral("sentinel.agree"), Value::ofBool(true));
        }
        // CKQUORUM and TILT as the sentinels' settings say; unknown while none was read.
        std::optional<bool> ckquorum, tilt;
        for (const Node &n : s.sentinels) {
            if (n.config.values.contains("ckquorum-ok"))
                ckquorum = ckquorum.value_or(false) || n.config.values.value("ckquorum-ok") == "1";
            if (n.config.values.contains("sentinel_tilt"))
                tilt = tilt.value_or(false) || n.config.values.value("sentinel_tilt") == "1";
        }
        if (ckquorum)
            m_values.insert(QStringLiteral("sentinel.ckquorum"), Value::ofBool(*ckquorum));
        if (tilt)
            m_values.insert(QStringLiteral("sentinel.tilt"), Value::ofBool(*tilt));
    }
    // The master is up: Sentinel / standalone, the deployment's master answers; Cluster, every
    // master that owns slots does (a master without slots serves nothing).
    if (s.kind == TopologySnapshot::Kind::Cluster) {
        const QList<const Node *> owners = s.masters();
        m_values.insert(QStringLiteral("master.up"), Value::ofBool(std::none_of(owners.cbegin(), owners.cend(), [](const Node *m) {
                            return m->slotCount > 0 && down(*m);
                        })));
    } else if (const Node *m = s.master()) {
        m_values.insert(QStringLiteral("master.up"), Value::ofBool(!down(*m) && !(m->flags & (Node::SDown | Node::ODown))));
        m_values.insert(QStringLiteral("master.address"), Value::ofString(m->endpoint.toString()));
    } else {
        m_values.insert(QStringLiteral("master.up"), Value::ofBool(false));
    }
    if (s.kind == TopologySnapshot::Kind::Sentinel)
        m_values.insert(QStringLiteral("sentinel.failover_running"), Value::ofBool(!s.failoverState.isEmpty()));
    // The fewest in-sync replicas of any master (the weakest shard).
    const QList<const Node *> masters = s.masters();
    if (!masters.isEmpty()) {
        int fewest = INT_MAX;
        for (const Node *m : masters) {
            // A cluster master without slots (a failed master whose replica took over, a node
            // just added) serves nothing: it is no shard whose replicas count.
            if (s.kind == TopologySnapshot::Kind::Cluster && m->slotCount == 0)
                continue;
            const QList<const Node *> replicas = s.replicasOf(m->id);
            fewest = std::min<int>(fewest, int(std::count_if(replicas.cbegin(), replicas.cend(),
                                                             [](const Node *r) { return r->masterLinkUp == 1 && !down(*r); })));
        }
        if (fewest != INT_MAX)
            m_values.insert(QStringLiteral("master.replicas_in_sync"), Value::ofNumber(fewest));
    }
    const Value lagSeconds = replicaMax(s, [](const Node &n) { return n.lagSeconds; });
    if (lagSeconds.isKnown())
        m_values.insert(QStringLiteral("replication.max_lag_seconds"), lagSeconds);
    const Value lagBytes = replicaMax(s, [](const Node &n) { return double(n.lagBytes); });
    if (lagBytes.isKnown())
        m_values.insert(QStringLiteral("replication.max_lag_bytes"), lagBytes);
    std::optional<double> share, fragmentation;
    for (const Node &n : s.nodes) {
        if (n.maxMemory > 0 && n.usedMemory >= 0)
            share = std::max(share.value_or(0), double(n.usedMemory) / double(n.maxMemory));
        if (n.fragmentation >= 0)
            fragmentation = std::max(fragmentation.value_or(0), n.fragmentation);
    }
    if (share)
        m_values.insert(QStringLiteral("memory.max_used_share"), Value::ofNumber(*share));
    if (fragmentation)
        m_values.insert(QStringLiteral("memory.max_fragmentation"), Value::ofNumber(*fragmentation));
}

RunbookExpression::Value RunbookFacts::value(const QString &name) const
{
    if (name.startsWith(QLatin1String("health:"))) {
        const QList<HealthFinding> findings = m_report.ofRule(name.mid(7));
        if (findings.isEmpty())
            return {};
        std::optional<HealthFinding::Severity> worst;
        bool unknown = false;
        for (const HealthFinding &f : findings) {
            if (f.fires())
                worst = std::max(worst.value_or(f.severity), f.severity);
            unknown = unknown || f.status == HealthFinding::Status::Unknown;
        }
        if (worst)
            return Value::ofString(HealthFinding::severityName(*worst));
        return Value::ofString(unknown ? QStringLiteral("unknown") : QStringLiteral("pass"));
    }
    return m_values.value(name);
}

RunbookExpression::Lookup RunbookFacts::lookup() const
{
    return [this](const QString &name) { return value(name); };
}

QStringList RunbookFacts::evidence(const QStringList &names) const
{
    QStringList lines;
    for (const QString &n : names)
        lines << QStringLiteral("%1 = %2").arg(n.startsWith(QLatin1String("health:")) ? QStringLiteral("health(\"%1\")").arg(n.mid(7)) : n,
                                               text(value(n)));
    return lines;
}

} // namespace ops
