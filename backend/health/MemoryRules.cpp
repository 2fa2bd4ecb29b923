#include "MemoryRules.h"

namespace ops {

namespace {

using Severity = HealthFinding::Severity;

QList<HealthFinding> maxMemory(const HealthInput &in)
{
    QList<HealthFinding> out;
    for (const Node *n : HealthRule::seenDataNodes(in.snapshot)) {
        if (n->maxMemory < 0) {
            out << HealthFinding::unknown(QStringLiteral("%1: maxmemory not reported").arg(HealthRule::label(*n))).on(n->id);
            continue;
        }
        if (n->maxMemory == 0) {
            out << HealthFinding::fire(Severity::Warning,
                                       QStringLiteral("%1 has no maxmemory: it grows until the OS kills it")
                                           .arg(HealthRule::label(*n)),
                                       QStringLiteral("CONFIG SET maxmemory to what the host can give it (leave room "
                                                      "for fork copy-on-write and buffers), with a maxmemory-policy."))
                       .on(n->id)
                       .with(QStringLiteral("maxmemory"), 0);
            continue;
        }
        const double share = n->totalSystemMemory > 0 ? double(n->maxMemory) / double(n->totalSystemMemory) : 0;
        if (share > in.thresholds.maxMemoryShareOfSystem)
            out << HealthFinding::fire(Severity::Warning,
                                       QStringLiteral("%1: maxmemory %2 is %3% of the host's %4: no room for a fork's "
                                                      "copy-on-write")
                                           .arg(HealthRule::label(*n), HealthRule::bytes(n->maxMemory))
                                           .arg(qRound(share * 100))
                                           .arg(HealthRule::bytes(n->totalSystemMemory)),
                                       QStringLiteral("Lower maxmemory to at most %1% of the host's memory.")
                                           .arg(qRound(in.thresholds.maxMemoryShareOfSystem * 100)))
                       .on(n->id)
                       .with(QStringLiteral("maxmemory"), n->maxMemory)
                       .with(QStringLiteral("total_system_memory"), n->totalSystemMemory);
    }
    return out;
}

QList<HealthFinding> fragmentation(const HealthInput &in)
{
    QList<HealthFinding> out;
    const HealthThresholds &t = in.thresholds;
    for (const Node *n : HealthRule::seenDataNodes(in.snapshot)) {
        if (n->fragmentation < 0 || n->usedMemory < 0) {
            out << HealthFinding::unknown(QStringLiteral("%1: fragmentation not reported").arg(HealthRule::label(*n))).on(n->id);
            continue;
        }
        // Like MEMORY DOCTOR: a small dataset's ratio means nothing (a fresh node shows ~10 at 1 MB).
        if (n->fragmentation <= t.fragmentationRatio || n->usedMemory < t.fragmentationMinUsedBytes
            || (n->fragmentationBytes >= 0 && n->fragmentationBytes <= t.fragmentationMinBytes))
            continue;
        out << HealthFinding::fire(Severity::Warning,
                                   QStringLiteral("%1: fragmentation ratio %2 (%3 beyond the %4 used)")
                                       .arg(HealthRule::label(*n))
                                       .arg(n->fragmentation, 0, 'f', 2)
                                       .arg(HealthRule::bytes(n->fragmentationBytes), HealthRule::bytes(n->usedMemory)),
                                   QStringLiteral("CONFIG SET activedefrag yes (jemalloc), or restart the node after a "
                                                  "failover to compact it."))
                   .on(n->id)
                   .with(QStringLiteral("mem_fragmentation_ratio"), QString::number(n->fragmentation, 'f', 2))
                   .with(QStringLiteral("used_memory"), n->usedMemory)
                   .with(QStringLiteral("mem_fragmentation_bytes"), n->fragmentationBytes);
    }
    return out;
}

QList<HealthFinding> usage(const HealthInput &in)
{
    QList<HealthFinding> out;
    for (const Node *n : HealthRule::seenDataNodes(in.snapshot)) {
        if (n->maxMemory <= 0 || n->usedMemory < 0)
            continue; // no limit: memory.maxmemory speaks for it
        const double share = double(n->usedMemory) / double(n->maxMemory);
        if (share < in.thresholds.memoryUsageShare)
            continue;
        const bool noEviction = n->maxMemoryPolicy.isEmpty() || n->maxMemoryPolicy == QLatin1String("noeviction");
        const QString text = QStringLiteral("%1 uses %2 of its maxmemory %3 (%4%)")
                                 .arg(HealthRule::label(*n), HealthRule::bytes(n->usedMemory), HealthRule::bytes(n->maxMemory))
                                 .arg(qRound(share * 100));
        HealthFinding f = noEviction
            ? HealthFinding::fire(Severity::Critical, text + QStringLiteral(" with noeviction: writes fail with OOM"),
                                  QStringLiteral("Raise maxmemory, delete or expire keys, or choose an eviction "
                                                 "policy if this is a cache."))
            : HealthFinding::fire(Severity::Warning,
                                  text + QStringLiteral(" with %1: keys are being evicted").arg(n->maxMemoryPolicy),
                                  QStringLiteral("Raise maxmemory or add shards if evicting is not intended."));
        f.on(n->id)
            .with(QStringLiteral("used_memory"), n->usedMemory)
            .with(QStringLiteral("maxmemory"), n->maxMemory)
            .with(QStringLiteral("maxmemory_policy"), n->maxMemoryPolicy);
        out << f;
    }
    return out;
}

// A volatile-* policy evicts only keys with a time to live: with none (or almost none) of them
// it behaves like noeviction once maxmemory is reached. Masters only: a replica follows its
// master's deletions (replica-ignore-maxmemory).
QList<HealthFinding> evictionPolicy(const HealthInput &in)
{
    QList<HealthFinding> out;
    for (const Node *n : HealthRule::seenDataNodes(in.snapshot)) {
        if (!n->isMaster() || n->maxMemory == 0)
            continue; // no limit: nothing is ever evicted (memory.maxmemory speaks for it)
        if (n->maxMemoryPolicy.isEmpty() || n->keys < 0 || n->keysWithExpiry < 0) {
            out << HealthFinding::unknown(QStringLiteral("%1: maxmemory_policy or the keyspace not reported").arg(HealthRule::label(*n)))
                       .on(n->id);
            continue;
        }
        if (!n->maxMemoryPolicy.startsWith(QLatin1String("volatile-")) || n->keys == 0)
            continue;
        const double expiring = double(n->keysWithExpiry) / double(n->keys);
        const double used = n->maxMemory > 0 && n->usedMemory >= 0 ? double(n->usedMemory) / double(n->maxMemory) : 0;
        if (n->keysWithExpiry > 0 && (expiring >= in.thresholds.evictableKeyShare || used < 0.5))
            continue;
        const QString text = n->keysWithExpiry == 0
            ? QStringLiteral("%1 evicts with %2, but none of its %3 keys has a TTL: at maxmemory writes fail with "
                             "OOM, as with noeviction")
                  .arg(HealthRule::label(*n), n->maxMemoryPolicy)
                  .arg(n->keys)
            : QStringLiteral("%1 evicts with %2, but only %3 of its %4 keys have a TTL (%5%) and it uses %6% of "
                             "maxmemory: little is left to evict")
                  .arg(HealthRule::label(*n), n->maxMemoryPolicy)
                  .arg(n->keysWithExpiry)
                  .arg(n->keys)
                  .arg(expiring * 100, 0, 'f', 1)
                  .arg(qRound(used * 100));
        out << HealthFinding::fire(n->keysWithExpiry == 0 ? Severity::Warning : Severity::Info, text,
                                   QStringLiteral("If the data is a cache, CONFIG SET maxmemory-policy allkeys-lru (or "
                                                  "allkeys-lfu); otherwise give the evictable keys a TTL, or use noeviction "
                                                  "and size maxmemory for the whole dataset."))
                   .on(n->id)
                   .with(QStringLiteral("maxmemory_policy"), n->maxMemoryPolicy)
                   .with(QStringLiteral("keys"), n->keys)
                   .with(QStringLiteral("expires"), n->keysWithExpiry);
    }
    return out;
}

} // namespace

QList<HealthRule> memoryRules()
{
    return {
        {QStringLiteral("memory.maxmemory"), QStringLiteral("maxmemory set and within the host"),
         QStringLiteral("Without maxmemory, or with one close to the host's RAM, a node swaps or is killed by the OS "
                        "(a fork for RDB/AOF rewrite or a full sync needs headroom)."),
         {}, maxMemory},
        {QStringLiteral("memory.fragmentation"), QStringLiteral("Memory fragmentation"),
         QStringLiteral("High fragmentation makes the process hold far more RAM than its data needs."), {}, fragmentation},
        {QStringLiteral("memory.usage"), QStringLiteral("Used memory against maxmemory"),
         QStringLiteral("At maxmemory a node either rejects writes (noeviction) or evicts keys."), {}, usage},
        {QStringLiteral("memory.eviction-policy"), QStringLiteral("Eviction policy against the keys"),
         QStringLiteral("A volatile-* policy only evicts keys with a TTL: without them a full node rejects writes."),
         {}, evictionPolicy},
    };
}

} // namespace ops
