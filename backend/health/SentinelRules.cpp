#include "SentinelRules.h"

#include <QSet>

#include <algorithm>
#include <cmath>
#include <optional>

namespace ops {

namespace {

using Severity = HealthFinding::Severity;
const QList<TopologySnapshot::Kind> kSentinelOnly{TopologySnapshot::Kind::Sentinel};

/** Sentinels whose SENTINEL MASTER fields for the watched master were read. */
constexpr qint64 kMinDownAfterMs = 1000;  ///< below: pauses start failovers
constexpr qint64 kMaxDownAfterMs = 60000; ///< above: a minute of failed writes before detection
constexpr qint64 kAbsurdDownAfterMs = 30000;     ///< above Redis's default and...
constexpr double kAbsurdLatencyMultiple = 10000; ///< ...this many round trips: detection needlessly slow (info)

QList<const Node *> sentinelsWithSettings(const TopologySnapshot &s)
{
    QList<const Node *> out;
    for (const Node &n : s.sentinels)
        if (n.config.has("quorum"))
            out << &n;
    return out;
}

QList<HealthFinding> sentinelCount(const HealthInput &in)
{
    const qsizetype n = in.snapshot.sentinels.size();
    if (n == 0)
        return {HealthFinding::unknown(QStringLiteral("no sentinel known yet"))};
    if (n < in.thresholds.minSentinels)
        return {HealthFinding::fire(Severity::Critical,
                                    QStringLiteral("%1 sentinel(s): losing one leaves too few to authorize a failover").arg(n),
                                    QStringLiteral("Run at least 3 sentinels (an odd number), each on its own host or "
                                                   "availability zone, all monitoring the master with the same name."))
                    .with(QStringLiteral("sentinels"), n)
                    .with(QStringLiteral("minimum"), in.thresholds.minSentinels)};
    if (n % 2 == 0)
        return {HealthFinding::fire(Severity::Warning,
                                    QStringLiteral("%1 sentinels, an even number: it tolerates no more failures than %2")
                                        .arg(n).arg(n - 1),
                                    QStringLiteral("Add or remove one sentinel: an odd count gets the most out of the "
                                                   "majority a failover needs."))
                    .with(QStringLiteral("sentinels"), n)
                    .with(QStringLiteral("majority"), n / 2 + 1)};
    return {};
}

QList<HealthFinding> quorum(const HealthInput &in)
{
    const qsizetype n = in.snapshot.sentinels.size();
    const QList<const Node *> withSettings = sentinelsWithSettings(in.snapshot);
    if (n == 0 || withSettings.isEmpty())
        return {HealthFinding::unknown(QStringLiteral("no sentinel reported its quorum yet"))};
    const int majority = int(n / 2 + 1);
    QList<HealthFinding> out;
    QSet<qint64> seen;
    for (const Node *s : withSettings) {
        const qint64 q = s->config.integer("quorum").value_or(0);
        if (seen.contains(q))
            continue; // one finding per distinct quorum value
        seen.insert(q);
        auto evidence = [&](HealthFinding f) {
            f.with(QStringLiteral("quorum"), q).with(QStringLiteral("sentinels"), n).with(QStringLiteral("majority"), majority);
            for (const Node *t : withSettings)
                if (t->config.integer("quorum").value_or(0) == q)
                    f.on(t->id);
            return f;
        };
        const QString fix = QStringLiteral("SENTINEL SET %1 quorum %2 on every sentinel (the majority of %3).")
                                .arg(in.snapshot.masterName).arg(majority).arg(n);
        if (q > n)
            out << evidence(HealthFinding::fire(Severity::Critical,
                                                QStringLiteral("quorum %1 with %2 sentinels: the master can never be "
                                                               "agreed down, so no failover ever starts").arg(q).arg(n),
                                                fix));
        else if (q > majority)
            out << evidence(HealthFinding::fire(Severity::Warning,
                                                QStringLiteral("quorum %1 above the majority %2: %3 sentinel(s) down "
                                                               "block every failover").arg(q).arg(majority).arg(n - q + 1),
                                                fix));
        else if (q < majority)
            out << evidence(HealthFinding::fire(Severity::Warning,
                                                QStringLiteral("quorum %1 below the majority %2: a minority can mark "
                                                               "the master down but cannot elect a leader")
                                                    .arg(q).arg(majority),
                                                fix));
    }
    return out;
}

QList<HealthFinding> agreement(const HealthInput &in)
{
    const TopologySnapshot &s = in.snapshot;
    QList<HealthFinding> out;
    if (!s.sentinelMasterViews.isEmpty()) {
        HealthFinding f = HealthFinding::fire(Severity::Critical,
                                              QStringLiteral("the sentinels do not agree on the master"),
                                              QStringLiteral("Check the network between the sentinels, then "
                                                             "SENTINEL RESET on the one that is behind."));
        for (auto it = s.sentinelMasterViews.cbegin(); it != s.sentinelMasterViews.cend(); ++it)
            f.on(it.key()).with(it.key(), it.value());
        out << f;
    }
    const QList<const Node *> withSettings = sentinelsWithSettings(s);
    QSet<QByteArray> epochs;
    for (const Node *n : withSettings)
        epochs.insert(n->config.value("config-epoch"));
    if (epochs.size() > 1) {
        HealthFinding f = HealthFinding::fire(Severity::Warning,
                                              QStringLiteral("the sentinels report different config epochs"),
                                              QStringLiteral("A sentinel missed a failover's announcement: check "
                                                             "its links to the others (hello messages), then "
                                                             "SENTINEL RESET on it."));
        for (const Node *n : withSettings)
            f.on(n->id).with(n->id, QString::fromLatin1(n->config.value("config-epoch")));
        out << f;
    }
    if (out.isEmpty() && withSettings.isEmpty() && s.sentinelMasterViews.isEmpty())
        out << HealthFinding::unknown(QStringLiteral("no sentinel reported its view yet"));
    return out;
}

QList<HealthFinding> ckQuorum(const HealthInput &in)
{
    QList<HealthFinding> out;
    int read = 0;
    for (const Node &n : in.snapshot.sentinels) {
        if (!n.config.has("ckquorum-ok"))
            continue;
        ++read;
        if (n.config.value("ckquorum-ok") == "1")
            continue;
        out << HealthFinding::fire(Severity::Critical,
                                   QStringLiteral("%1: SENTINEL CKQUORUM fails: %2")
                                       .arg(n.id, QString::fromUtf8(n.config.value("ckquorum"))),
                                   QStringLiteral("Bring enough sentinels back (or lower the quorum to the "
                                                  "majority) so a failover can be authorized."))
                   .on(n.id)
                   .with(QStringLiteral("ckquorum"), QString::fromUtf8(n.config.value("ckquorum")));
    }
    if (read == 0)
        out << HealthFinding::unknown(QStringLiteral("SENTINEL CKQUORUM not answered yet"));
    return out;
}

QList<HealthFinding> tilt(const HealthInput &in)
{
    QList<HealthFinding> out;
    int read = 0;
    for (const Node &n : in.snapshot.sentinels) {
        if (!n.config.has("sentinel_tilt"))
            continue;
        ++read;
        if (n.config.value("sentinel_tilt") == "1")
            out << HealthFinding::fire(Severity::Warning,
                                       QStringLiteral("%1 is in TILT mode: it acts on nothing for 30 s").arg(n.id),
                                       QStringLiteral("TILT follows a clock jump or a stalled process (swap, a "
                                                      "paused VM, an overloaded host): fix the host."))
                       .on(n.id)
                       .with(QStringLiteral("sentinel_tilt"), QStringLiteral("1"));
    }
    if (read == 0)
        out << HealthFinding::unknown(QStringLiteral("no sentinel INFO read yet"));
    return out;
}

QList<HealthFinding> parallelSyncs(const HealthInput &in)
{
    const QList<const Node *> withSettings = sentinelsWithSettings(in.snapshot);
    if (withSettings.isEmpty())
        return {HealthFinding::unknown(QStringLiteral("no sentinel reported parallel-syncs yet"))};
    const Node *master = in.snapshot.master();
    const qsizetype replicas = master != nullptr ? in.snapshot.replicasOf(master->id).size() : 0;
    const qint64 p = withSettings.first()->config.integer("parallel-syncs").value_or(1);
    if (replicas >= 2 && p >= replicas)
        return {HealthFinding::fire(Severity::Warning,
                                    QStringLiteral("parallel-syncs %1 with %2 replicas: after a failover every replica "
                                                   "resyncs at once and none can serve reads").arg(p).arg(replicas),
                                    QStringLiteral("SENTINEL SET %1 parallel-syncs 1 on every sentinel.")
                                        .arg(in.snapshot.masterName))
                    .with(QStringLiteral("parallel-syncs"), p)
                    .with(QStringLiteral("replicas"), replicas)};
    return {};
}

/** Whether any of @p sentinels reported the integer setting @p name. */
bool reported(const QList<const Node *> &sentinels, const QByteArray &name)
{
    return std::any_of(sentinels.cbegin(), sentinels.cend(), [&name](const Node *n) { return n->config.integer(name).has_value(); });
}

QList<HealthFinding> downAfter(const HealthInput &in)
{
    const QList<const Node *> withSettings = sentinelsWithSettings(in.snapshot);
    QList<HealthFinding> out;
    for (const Node *n : withSettings) {
        const std::optional<qint64> ms = n->config.integer("down-after-milliseconds");
        if (!ms)
            continue;
        const QString fix = QStringLiteral("SENTINEL SET %1 down-after-milliseconds 5000 on every sentinel (then watch for false "
                                           "SDOWNs in the event log).").arg(in.snapshot.masterName);
        if (*ms < kMinDownAfterMs)
            out << HealthFinding::fire(Severity::Warning,
                                       QStringLiteral("down-after-milliseconds %1 on %2: a pause that short (a fork, a VM "
                                                      "stall, a network hiccup) marks the master down and can start a failover")
                                           .arg(*ms).arg(n->endpoint.toString()),
                                       fix)
                       .with(QStringLiteral("down-after-milliseconds"), *ms)
                       .with(QStringLiteral("sentinel"), n->endpoint.toString());
        else if (*ms > kMaxDownAfterMs)
            out << HealthFinding::fire(Severity::Warning,
                                       QStringLiteral("down-after-milliseconds %1 on %2: a dead master is noticed only after "
                                                      "%3 s, and every write fails until then and through the failover")
                                           .arg(*ms).arg(n->endpoint.toString()).arg(*ms / 1000),
                                       fix)
                       .with(QStringLiteral("down-after-milliseconds"), *ms)
                       .with(QStringLiteral("sentinel"), n->endpoint.toString());
    }
    if (out.isEmpty() && !reported(withSettings, "down-after-milliseconds"))
        return {HealthFinding::unknown(QStringLiteral("no sentinel reported down-after-milliseconds yet"))};
    return out;
}

/** "0.412 ms" */
QString millis(qint64 micros)
{
    return QStringLiteral("%1 ms").arg(double(micros) / 1000.0, 0, 'f', 3);
}

QList<HealthFinding> downAfterLatency(const HealthInput &in)
{
    // The sentinels ping the data nodes; our polls' round trips to the same nodes stand in for theirs.
    const Node *worst = nullptr;
    QStringList notMeasured;
    for (const Node &n : in.snapshot.nodes) {
        if (n.roundTripSamples <= 0) {
            notMeasured << QStringLiteral("%1 (%2)").arg(n.id, n.lastError.isEmpty() ? QStringLiteral("no timed poll yet") : n.lastError);
            continue;
        }
        if (worst == nullptr || n.roundTripMaxUs > worst->roundTripMaxUs)
            worst = &n;
    }
    if (worst == nullptr)
        return {HealthFinding::unknown(QStringLiteral("no round trip measured yet (a poll is timed once its link is up): %1")
                                           .arg(notMeasured.isEmpty() ? QStringLiteral("no data node known") : notMeasured.join(QStringLiteral(", "))))};
    const QList<const Node *> withSettings = sentinelsWithSettings(in.snapshot);
    if (!reported(withSettings, "down-after-milliseconds"))
        return {HealthFinding::unknown(QStringLiteral("no sentinel reported down-after-milliseconds yet"))};
    const double worstMs = double(worst->roundTripMaxUs) / 1000.0;
    const double factor = in.thresholds.downAfterLatencyFactor;
    QList<HealthFinding> out;
    QSet<qint64> seen;
    for (const Node *n : withSettings) {
        const std::optional<qint64> ms = n->config.integer("down-after-milliseconds");
        if (!ms || seen.contains(*ms))
            continue;
        seen.insert(*ms);
        auto evidence = [&](HealthFinding f) {
            f.with(QStringLiteral("down-after-milliseconds"), *ms)
                .with(QStringLiteral("worst-round-trip"), millis(worst->roundTripMaxUs))
                .with(QStringLiteral("p99-round-trip"), millis(worst->roundTripP99Us))
                .with(QStringLiteral("samples"), worst->roundTripSamples)
                .with(QStringLiteral("slowest-node"), worst->id)
                .on(worst->id);
            for (const Node *t : withSettings)
                if (t->config.integer("down-after-milliseconds") == ms)
                    f.on(t->id);
            return f;
        };
        if (double(*ms) < factor * worstMs) {
            const qint64 suggested = std::max<qint64>(5000, qint64(std::ceil(2 * factor * worstMs / 1000.0)) * 1000);
            out << evidence(HealthFinding::fire(Severity::Warning,
                                                QStringLiteral("down-after-milliseconds %1 is under %2 × the worst measured round trip "
                                                               "(%3): a slow reply alone marks the master down")
                                                    .arg(*ms).arg(factor).arg(millis(worst->roundTripMaxUs)),
                                                QStringLiteral("SENTINEL SET %1 down-after-milliseconds %2 on every sentinel, and look "
                                                               "at why %3 answers that slowly (network, swap, a busy event loop).")
                                                    .arg(in.snapshot.masterName).arg(suggested).arg(worst->id)));
        } else if (*ms > kAbsurdDownAfterMs && double(*ms) > kAbsurdLatencyMultiple * worstMs) {
            out << evidence(HealthFinding::fire(Severity::Info,
                                                QStringLiteral("down-after-milliseconds %1 is %2 × the worst measured round trip (%3): "
                                                               "the network would allow a much faster detection")
                                                    .arg(*ms).arg(qint64(double(*ms) / std::max(worstMs, 0.001))).arg(millis(worst->roundTripMaxUs)),
                                                QStringLiteral("Consider SENTINEL SET %1 down-after-milliseconds 5000 to 30000 on every "
                                                               "sentinel: every second of it is a second of failed writes when the master dies.")
                                                    .arg(in.snapshot.masterName)));
        }
    }
    return out;
}

QList<HealthFinding> failoverTimeout(const HealthInput &in)
{
    const QList<const Node *> withSettings = sentinelsWithSettings(in.snapshot);
    QList<HealthFinding> out;
    bool known = false;
    for (const Node *n : withSettings) {
        const std::optional<qint64> timeout = n->config.integer("failover-timeout");
        const std::optional<qint64> downAfterMs = n->config.integer("down-after-milliseconds");
        if (!timeout || !downAfterMs)
            continue;
        known = true;
        if (*timeout < 2 * *downAfterMs)
            out << HealthFinding::fire(Severity::Warning,
                                       QStringLiteral("failover-timeout %1 ms on %2 is under twice down-after-milliseconds (%3 ms): "
                                                      "a failover that has not promoted a replica in time is cancelled, and this "
                                                      "sentinel retries only after 2 × failover-timeout")
                                           .arg(*timeout).arg(n->endpoint.toString()).arg(*downAfterMs),
                                       QStringLiteral("SENTINEL SET %1 failover-timeout %2 on every sentinel (at least 2 × "
                                                      "down-after-milliseconds; Redis's default is 180000).")
                                           .arg(in.snapshot.masterName)
                                           .arg(std::max<qint64>(2 * *downAfterMs, 10000)))
                       .with(QStringLiteral("failover-timeout"), *timeout)
                       .with(QStringLiteral("down-after-milliseconds"), *downAfterMs)
                       .with(QStringLiteral("sentinel"), n->endpoint.toString());
    }
    if (!known)
        return {HealthFinding::unknown(QStringLiteral("no sentinel reported failover-timeout and down-after-milliseconds yet"))};
    return out;
}

} // namespace

QList<HealthRule> sentinelRules()
{
    return {
        {QStringLiteral("sentinel.count"), QStringLiteral("Sentinel count"),
         QStringLiteral("A failover needs a majority of the sentinels: with fewer than 3, one lost sentinel stops "
                        "every failover; an even count tolerates no more failures than one less."),
         kSentinelOnly, sentinelCount},
        {QStringLiteral("sentinel.quorum"), QStringLiteral("Quorum against the majority"),
         QStringLiteral("The quorum decides when the master is objectively down; the majority decides who may "
                        "fail it over. A quorum above the majority blocks failovers with fewer sentinels down; "
                        "below it, a minority can declare the master down without being able to act."),
         kSentinelOnly, quorum},
        {QStringLiteral("sentinel.agreement"), QStringLiteral("Sentinels agree on master and epoch"),
         QStringLiteral("Sentinels that disagree on the master or the epoch point clients at different servers: "
                        "writes can go to a demoted master."),
         kSentinelOnly, agreement},
        {QStringLiteral("sentinel.ckquorum"), QStringLiteral("SENTINEL CKQUORUM"),
         QStringLiteral("CKQUORUM is Sentinel's own check that enough sentinels are reachable to reach the quorum "
                        "and authorize a failover."),
         kSentinelOnly, ckQuorum},
        {QStringLiteral("sentinel.tilt"), QStringLiteral("Sentinel TILT mode"),
         QStringLiteral("A sentinel in TILT mode neither marks servers down nor takes part in failovers."),
         kSentinelOnly, tilt},
        {QStringLiteral("sentinel.parallel-syncs"), QStringLiteral("parallel-syncs against the replicas"),
         QStringLiteral("parallel-syncs replicas resync with the new master at the same time after a failover; a "
                        "replica doing a full sync serves no reads."),
         kSentinelOnly, parallelSyncs},
        {QStringLiteral("sentinel.down-after"), QStringLiteral("down-after-milliseconds in range"),
         QStringLiteral("down-after-milliseconds is how long a master may be silent before a sentinel calls it down: "
                        "too short and a pause triggers a needless failover (writes lost on the old master); too long "
                        "and a dead master keeps writes failing for that long."),
         kSentinelOnly, downAfter},
        {QStringLiteral("sentinel.down-after-latency"), QStringLiteral("down-after-milliseconds against the measured latency"),
         QStringLiteral("A sentinel calls the master down when it has not answered for down-after-milliseconds: set close to "
                        "the round trips the network actually shows, one slow reply starts a needless failover; set thousands of "
                        "round trips above them, a dead master goes unnoticed far longer than the network requires. The round "
                        "trips are the console's own polls (the first reply of each, last 64), not the sentinels' pings."),
         kSentinelOnly, downAfterLatency},
        {QStringLiteral("sentinel.failover-timeout"), QStringLiteral("failover-timeout against down-after"),
         QStringLiteral("failover-timeout bounds a failover in progress: one that has not promoted a replica within "
                        "it is cancelled, and the same sentinel tries again only after twice the timeout."),
         kSentinelOnly, failoverTimeout},
    };
}

} // namespace ops
