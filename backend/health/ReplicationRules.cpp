#include "ReplicationRules.h"

#include <QSet>

namespace ops {

namespace {

using Severity = HealthFinding::Severity;

/** Masters that matter: in a cluster the ones serving slots (an empty master is a spare). */
QList<const Node *> servingMasters(const TopologySnapshot &s)
{
    QList<const Node *> out;
    for (const Node *m : s.masters())
        if (s.kind != TopologySnapshot::Kind::Cluster || m->slotCount > 0)
            out << m;
    return out;
}

QList<HealthFinding> noReplica(const HealthInput &in)
{
    QList<HealthFinding> out;
    const bool ha = in.snapshot.kind != TopologySnapshot::Kind::Standalone;
    for (const Node *m : servingMasters(in.snapshot)) {
        const QList<const Node *> replicas = in.snapshot.replicasOf(m->id);
        int inSync = 0, unknownLink = 0;
        for (const Node *r : replicas) {
            inSync += r->masterLinkUp == 1 ? 1 : 0;
            unknownLink += r->masterLinkUp < 0 ? 1 : 0;
        }
        if (replicas.isEmpty())
            out << HealthFinding::fire(ha ? Severity::Critical : Severity::Warning,
                                       QStringLiteral("master %1 has no replica: losing it loses its data%2")
                                           .arg(HealthRule::label(*m),
                                                ha ? QStringLiteral(" and there is nothing to fail over to") : QString()),
                                       QStringLiteral("Add a replica on another host (REPLICAOF %1 / CLUSTER REPLICATE).")
                                           .arg(HealthRule::label(*m)))
                       .on(m->id)
                       .with(QStringLiteral("replicas"), 0);
        else if (inSync == 0 && unknownLink > 0)
            out << HealthFinding::unknown(QStringLiteral("master %1: the link state of %2 replica(s) is not known yet")
                                              .arg(HealthRule::label(*m)).arg(unknownLink))
                       .on(m->id);
        else if (inSync == 0)
            out << HealthFinding::fire(Severity::Critical,
                                       QStringLiteral("master %1 has %2 replica(s), none with its link up")
                                           .arg(HealthRule::label(*m)).arg(replicas.size()),
                                       QStringLiteral("Check the replicas' master_link_status and logs (auth, "
                                                      "network, a full sync failing for lack of backlog or disk)."))
                       .on(m->id)
                       .with(QStringLiteral("replicas"), replicas.size())
                       .with(QStringLiteral("inSync"), 0);
    }
    return out;
}

QList<HealthFinding> sameHost(const HealthInput &in)
{
    QList<HealthFinding> out;
    for (const Node *m : servingMasters(in.snapshot)) {
        const QList<const Node *> replicas = in.snapshot.replicasOf(m->id);
        QStringList together;
        for (const Node *r : replicas)
            if (r->endpoint.host == m->endpoint.host)
                together << HealthRule::label(*r);
        if (together.isEmpty()) {
            // Not on the master's host, but all on one other host: that host's loss leaves the
            // master with no replica to fail over to.
            QSet<QString> hosts;
            for (const Node *r : replicas)
                hosts.insert(r->endpoint.host);
            if (replicas.size() >= 2 && hosts.size() == 1)
                out << HealthFinding::fire(Severity::Warning,
                                           QStringLiteral("all %1 replicas of %2 run on one host, %3: its loss leaves the "
                                                          "master with nothing to fail over to")
                                               .arg(replicas.size())
                                               .arg(HealthRule::label(*m), *hosts.cbegin()),
                                           QStringLiteral("Spread the replicas over different hosts (or availability zones)."))
                           .on(m->id)
                           .with(QStringLiteral("host"), *hosts.cbegin())
                           .with(QStringLiteral("replicas"), replicas.size());
            continue;
        }
        const bool all = together.size() == replicas.size();
        HealthFinding f = HealthFinding::fire(Severity::Warning,
                                              all ? QStringLiteral("every replica of %1 runs on its host %2: one host "
                                                                   "failure loses the shard")
                                                        .arg(HealthRule::label(*m), m->endpoint.host)
                                                  : QStringLiteral("%1 replica(s) of %2 run on its host %3")
                                                        .arg(together.size()).arg(HealthRule::label(*m), m->endpoint.host),
                                              QStringLiteral("Move replicas to other hosts (or availability zones)."));
        f.on(m->id).with(QStringLiteral("host"), m->endpoint.host).with(QStringLiteral("replicas"), together.join(QLatin1Char(' ')));
        out << f;
    }
    return out;
}

QList<HealthFinding> minReplicasToWrite(const HealthInput &in)
{
    QList<HealthFinding> out;
    for (const Node *m : servingMasters(in.snapshot)) {
        if (in.snapshot.replicasOf(m->id).isEmpty() || m->lastSeenMs == 0)
            continue; // the no-replica rule speaks for it
        const std::optional<qint64> v = m->config.integer("min-replicas-to-write");
        if (!v) {
            out << HealthFinding::unknown(QStringLiteral("%1: %2").arg(HealthRule::label(*m), m->config.whyUnknown("min-replicas-to-write")))
                       .on(m->id);
            continue;
        }
        if (*v == 0)
            out << HealthFinding::fire(Severity::Warning,
                                       QStringLiteral("master %1 accepts writes no replica has: they are lost when it "
                                                      "fails over").arg(HealthRule::label(*m)),
                                       QStringLiteral("CONFIG SET min-replicas-to-write 1 and min-replicas-max-lag 10 "
                                                      "on %1 (and in its redis.conf / CONFIG REWRITE).")
                                           .arg(HealthRule::label(*m)))
                       .on(m->id)
                       .with(QStringLiteral("min-replicas-to-write"), 0);
    }
    return out;
}

QList<HealthFinding> backlog(const HealthInput &in)
{
    QList<HealthFinding> out;
    const double outage = in.thresholds.backlogOutageSeconds;
    for (const Node *m : servingMasters(in.snapshot)) {
        if (in.snapshot.replicasOf(m->id).isEmpty() || m->lastSeenMs == 0 || m->replBytesPerSec <= 0)
            continue; // nothing to resync, or no write rate measured yet (it needs two polls)
        const std::optional<qint64> size = m->config.integer("repl-backlog-size");
        if (!size) {
            out << HealthFinding::unknown(QStringLiteral("%1: %2").arg(HealthRule::label(*m), m->config.whyUnknown("repl-backlog-size")))
                       .on(m->id);
            continue;
        }
        const double covered = double(*size) / m->replBytesPerSec;
        if (covered >= outage)
            continue;
        // Enough for the outage, rounded up to whole MB.
        const qint64 needed = ((qint64(m->replBytesPerSec * outage) >> 20) + 1) << 20;
        out << HealthFinding::fire(Severity::Warning,
                                   QStringLiteral("master %1 writes %2 KB/s to its replication stream: its %3 KB backlog "
                                                  "covers %4 s, so a replica cut off for longer needs a full resync")
                                       .arg(HealthRule::label(*m))
                                       .arg(m->replBytesPerSec / 1024.0, 0, 'f', 1)
                                       .arg(*size / 1024)
                                       .arg(covered, 0, 'f', covered < 1 ? 2 : 1),
                                   QStringLiteral("CONFIG SET repl-backlog-size %1 on %2 (%3 s of writes at this rate; and in "
                                                  "its redis.conf / CONFIG REWRITE).")
                                       .arg(needed)
                                       .arg(HealthRule::label(*m))
                                       .arg(outage, 0, 'f', 0))
                   .on(m->id)
                   .with(QStringLiteral("repl-backlog-size"), *size)
                   .with(QStringLiteral("write bytes/s"), qint64(m->replBytesPerSec))
                   .with(QStringLiteral("seconds covered"), QString::number(covered, 'f', covered < 1 ? 2 : 1));
    }
    return out;
}

QList<HealthFinding> persistenceOff(const HealthInput &in)
{
    QList<HealthFinding> out;
    for (const Node *m : servingMasters(in.snapshot)) {
        if (m->lastSeenMs == 0)
            continue;
        if (!m->config.has("save") || !m->config.has("appendonly")) {
            out << HealthFinding::unknown(QStringLiteral("%1: %2").arg(HealthRule::label(*m), m->config.whyUnknown("save")))
                       .on(m->id);
            continue;
        }
        const bool rdb = !m->config.value("save").trimmed().isEmpty();
        const bool aof = m->config.value("appendonly") == "yes";
        if (rdb || aof)
            continue;
        const qsizetype replicaCount = in.snapshot.replicasOf(m->id).size(); // O(nodes): once per master
        const bool replicas = replicaCount > 0;
        out << HealthFinding::fire(replicas ? Severity::Critical : Severity::Warning,
                                   replicas ? QStringLiteral("master %1 has no persistence: restarted automatically it "
                                                             "comes back empty and its replicas wipe themselves to match")
                                                  .arg(HealthRule::label(*m))
                                            : QStringLiteral("master %1 has no persistence: a restart loses every key")
                                                  .arg(HealthRule::label(*m)),
                                   QStringLiteral("Enable RDB (CONFIG SET save \"3600 1 300 100\") or AOF (CONFIG SET "
                                                  "appendonly yes) on %1, or make sure it is never restarted "
                                                  "automatically.").arg(HealthRule::label(*m)))
                   .on(m->id)
                   .with(QStringLiteral("save"), QStringLiteral("\"\""))
                   .with(QStringLiteral("appendonly"), QStringLiteral("no"))
                   .with(QStringLiteral("replicas"), replicaCount);
    }
    return out;
}

QList<HealthFinding> lag(const HealthInput &in)
{
    QList<HealthFinding> out;
    const HealthThresholds &t = in.thresholds;
    for (const Node &r : in.snapshot.nodes) {
        if (!r.isReplica() || r.lastSeenMs == 0)
            continue;
        if (r.masterLinkUp == 0) {
            out << HealthFinding::fire(Severity::Critical,
                                       QStringLiteral("replica %1: link to its master is down").arg(HealthRule::label(r)),
                                       QStringLiteral("Check the replica's log and master_link_status (auth, network, "
                                                      "a full sync that keeps failing)."))
                       .on(r.id)
                       .with(QStringLiteral("link"), QStringLiteral("down"))
                       .with(QStringLiteral("downSeconds"), r.masterLinkDownSeconds);
            continue;
        }
        const bool bytes = r.lagBytes > t.replicaLagBytes;
        const bool seconds = r.lagSeconds > t.replicaLagSeconds;
        if (!bytes && !seconds)
            continue;
        HealthFinding f = HealthFinding::fire(Severity::Warning,
                                              QStringLiteral("replica %1 lags %2 / %3 s behind its master")
                                                  .arg(HealthRule::label(r), HealthRule::bytes(std::max<qint64>(0, r.lagBytes)))
                                                  .arg(std::max(0.0, r.lagSeconds)),
                                              QStringLiteral("A failover now loses the lag: look for a slow replica "
                                                             "(disk, CPU, network) or a write burst."));
        f.on(r.id).with(QStringLiteral("lagBytes"), r.lagBytes).with(QStringLiteral("lagSeconds"), QString::number(r.lagSeconds));
        f.with(QStringLiteral("thresholdBytes"), t.replicaLagBytes).with(QStringLiteral("thresholdSeconds"), QString::number(t.replicaLagSeconds));
        out << f;
    }
    return out;
}

} // namespace

QList<HealthRule> replicationRules()
{
    return {
        {QStringLiteral("replication.no-replica"), QStringLiteral("Master with a replica in sync"),
         QStringLiteral("A master without a replica in sync is a single copy of its data: nothing to fail over to."),
         {}, noReplica},
        {QStringLiteral("replication.same-host"), QStringLiteral("Replicas on separate hosts"),
         QStringLiteral("A replica on the same host as its master dies with it; replicas all on one host die together."), {}, sameHost},
        {QStringLiteral("replication.min-replicas-to-write"), QStringLiteral("min-replicas-to-write"),
         QStringLiteral("With min-replicas-to-write 0 a master cut off from its replicas keeps accepting writes; "
                        "after the failover they are gone."),
         {}, minReplicasToWrite},
        {QStringLiteral("replication.persistence-off"), QStringLiteral("Persistence on masters"),
         QStringLiteral("A master without RDB or AOF restarts empty; its replicas then sync the empty dataset."),
         {}, persistenceOff},
        {QStringLiteral("replication.backlog"), QStringLiteral("Backlog against the write rate"),
         QStringLiteral("A replica that reconnects within what the replication backlog still holds resumes with a "
                        "partial sync; past it, it needs a full resync (an RDB transfer, a fork on the master, no reads "
                        "meanwhile). The backlog should hold the writes of an expected outage."),
         {}, backlog},
        {QStringLiteral("replication.lag"), QStringLiteral("Replica lag and link"),
         QStringLiteral("What a replica has not received is lost if it is promoted now."), {}, lag},
    };
}

} // namespace ops
