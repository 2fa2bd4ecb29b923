#pragma once

// Snapshots for the health rule tests: sound deployments (every rule passes) that a test row
// then breaks in one place. Hosts differ per node so placement rules pass unless a row says not.
#include "health/HealthChecker.h"
#include "model/SlotMap.h"
#include "model/TopologySnapshot.h"

#include <QStringList>

#include <algorithm>
#include <memory>

namespace healthtest {

using namespace ops;

constexpr qint64 kNow = 1'700'000'000'000;
constexpr qint64 kMB = 1 << 20;
constexpr qint64 kGB = qint64(1) << 30;

inline Node dataNode(const QString &host, quint16 port, Node::Role role)
{
    Node n;
    n.endpoint = Endpoint{host, port};
    n.id = n.endpoint.toString();
    n.role = role;
    n.lastSeenMs = kNow;
    n.usedMemory = 100 * kMB;
    n.maxMemory = kGB;
    n.totalSystemMemory = 8 * kGB;
    n.fragmentation = 1.1;
    n.fragmentationBytes = 10 * kMB;
    n.maxMemoryPolicy = QStringLiteral("noeviction");
    if (role == Node::Role::Replica) {
        n.masterLinkUp = 1;
        n.lagBytes = 0;
        n.lagSeconds = 0;
    }
    n.config.readAtMs = kNow;
    n.config.values = {{"min-replicas-to-write", "1"}, {"save", "3600 1 300 100"}, {"appendonly", "no"},
                       {"maxmemory", QByteArray::number(kGB)},
                       {"cluster-node-timeout", "15000"}, {"cluster-require-full-coverage", "yes"}};
    n.keys = 1000;
    n.keysWithExpiry = 0;
    return n;
}

inline Node sentinelNode(int index, int quorum)
{
    Node n;
    n.endpoint = Endpoint{QStringLiteral("10.0.9.%1").arg(index + 1), 26379};
    n.id = n.endpoint.toString();
    n.role = Node::Role::Sentinel;
    n.lastSeenMs = kNow;
    n.config.readAtMs = kNow;
    n.config.values = {{"quorum", QByteArray::number(quorum)}, {"parallel-syncs", "1"}, {"config-epoch", "3"},
                       {"down-after-milliseconds", "5000"}, {"failover-timeout", "60000"},
                       {"ckquorum", "OK 3 usable Sentinels"}, {"ckquorum-ok", "1"}, {"sentinel_tilt", "0"}};
    return n;
}

/** One master (10.0.0.1) with @p replicas replicas (10.0.0.2, ...) and @p sentinels sentinels at quorum @p quorum. */
inline TopologySnapshot sentinelDeployment(int sentinels = 3, int replicas = 2, int quorum = 2)
{
    TopologySnapshot s;
    s.kind = TopologySnapshot::Kind::Sentinel;
    s.deploymentId = QStringLiteral("sentinel:mymaster@test");
    s.timestampMs = kNow;
    s.masterName = QStringLiteral("mymaster");
    s.quorum = quorum;
    const Node master = dataNode(QStringLiteral("10.0.0.1"), 6379, Node::Role::Master);
    s.nodes << master;
    for (int i = 0; i < replicas; ++i) {
        Node r = dataNode(QStringLiteral("10.0.0.%1").arg(i + 2), 6379, Node::Role::Replica);
        r.masterId = master.id;
        s.nodes << r;
    }
    for (int i = 0; i < sentinels; ++i)
        s.sentinels << sentinelNode(i, quorum);
    return s;
}

/** A standalone master (10.0.0.1) with @p replicas replicas. */
inline TopologySnapshot standalone(int replicas = 1)
{
    TopologySnapshot s = sentinelDeployment(0, replicas);
    s.kind = TopologySnapshot::Kind::Standalone;
    s.deploymentId = QStringLiteral("standalone@test");
    s.masterName.clear();
    s.quorum = 0;
    return s;
}

/** @p masters masters (10.0.1.i) sharing the slots evenly, each with @p replicas replicas (10.0.2+j.i). */
inline TopologySnapshot cluster(int masters = 3, int replicas = 1)
{
    TopologySnapshot s;
    s.kind = TopologySnapshot::Kind::Cluster;
    s.deploymentId = QStringLiteral("cluster:test");
    s.timestampMs = kNow;
    s.clusterState = "ok";
    auto map = std::make_shared<SlotMap>();
    for (int i = 0; i < masters; ++i) {
        Node m = dataNode(QStringLiteral("10.0.1.%1").arg(i + 1), 7000, Node::Role::Master);
        m.id = QStringLiteral("m%1").arg(i);
        const int first = kSlotCount * i / masters;
        const int last = kSlotCount * (i + 1) / masters - 1;
        m.slotRanges = {SlotRange{first, last}};
        m.slotCount = last - first + 1;
        map->assign(SlotRange{first, last}, m.id);
        s.nodes << m;
        for (int j = 0; j < replicas; ++j) {
            Node r = dataNode(QStringLiteral("10.0.%1.%2").arg(j + 2).arg(i + 1), 7000, Node::Role::Replica);
            r.id = QStringLiteral("r%1-%2").arg(i).arg(j);
            r.masterId = m.id;
            s.nodes << r;
        }
    }
    s.slotMap = map;
    return s;
}

/** "a,b,,c" -> {"a", "b", "", "c"} (test tables without QString casts from char*). */
inline QStringList words(const char *commaSeparated)
{
    return QString::fromLatin1(commaSeparated).split(QLatin1Char(','));
}

inline Node &nodeById(TopologySnapshot &s, const QString &id)
{
    for (Node &n : s.nodes)
        if (n.id == id)
            return n;
    for (Node &n : s.sentinels)
        if (n.id == id)
            return n;
    qFatal("no node %s", qPrintable(id));
}

/**
 * What @p ruleId concluded, as sorted "status[:severity]" words joined by ",":
 * "pass", "unknown", "fire:critical", "fire:warning,fire:warning", or "n/a" when the rule
 * does not apply to the kind.
 */
inline QString outcome(const TopologySnapshot &s, const QString &ruleId, const HealthThresholds &t = {})
{
    const HealthReport report = HealthChecker(t).check(s);
    QStringList words;
    for (const HealthFinding &f : report.ofRule(ruleId))
        words << (f.fires() ? QStringLiteral("fire:") + HealthFinding::severityName(f.severity)
                            : HealthFinding::statusName(f.status));
    if (words.isEmpty())
        return QStringLiteral("n/a");
    std::sort(words.begin(), words.end());
    return words.join(QLatin1Char(','));
}

} // namespace healthtest
