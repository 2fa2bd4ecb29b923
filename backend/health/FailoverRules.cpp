#include "FailoverRules.h"

#include <algorithm>
#include <cmath>

namespace ops {

namespace {

using Severity = HealthFinding::Severity;

/** "2.4 s" */
QString seconds(qint64 ms)
{
    return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
}

/** Nearest-rank percentile @p p (0..1) of @p sorted (ascending, not empty). */
qint64 percentile(const QList<qint64> &sorted, double p)
{
    const qsizetype rank = std::max<qsizetype>(1, qsizetype(std::ceil(p * double(sorted.size()))));
    return sorted[rank - 1];
}

QList<HealthFinding> clientRetryBudget(const HealthInput &in)
{
    if (!in.context.failoverDurationsMs)
        return {HealthFinding::unknown(in.context.failoverHistoryProblem)};
    QList<qint64> sorted = *in.context.failoverDurationsMs;
    if (sorted.isEmpty())
        return {HealthFinding::unknown(QStringLiteral("no completed failover of this deployment in the history (last 30 days)"))};
    std::sort(sorted.begin(), sorted.end());
    const qint64 max = sorted.last();
    const qint64 p90 = percentile(sorted, 0.90);
    const qint64 budget = in.thresholds.clientRetryBudgetMs;
    auto evidence = [&](HealthFinding f) {
        f.with(QStringLiteral("failovers"), sorted.size())
            .with(QStringLiteral("p90"), seconds(p90))
            .with(QStringLiteral("max"), seconds(max));
        if (budget > 0)
            f.with(QStringLiteral("client-retry-budget-ms"), budget);
        return f;
    };
    if (budget <= 0)
        return {evidence(HealthFinding::fire(Severity::Info,
                                             QStringLiteral("recorded failovers took up to %1 (p90 %2, %3 failover(s)); the clients' "
                                                            "retry budget is not stated").arg(seconds(max), seconds(p90)).arg(sorted.size()),
                                             QStringLiteral("State how long the clients keep retrying (timeout × retries + backoff) with "
                                                            "--threshold client-retry-budget-ms=N (or the Alerts settings) to have it "
                                                            "checked against these durations.")))};
    if (max <= budget)
        return {};
    const qsizetype over = std::count_if(sorted.cbegin(), sorted.cend(), [budget](qint64 d) { return d > budget; });
    return {evidence(HealthFinding::fire(Severity::Warning,
                                         QStringLiteral("%1 of %2 recorded failover(s) took longer than the clients retry (%3): up to %4, "
                                                        "p90 %5 — their requests fail during such a failover")
                                             .arg(over).arg(sorted.size()).arg(seconds(budget), seconds(max), seconds(p90)),
                                         QStringLiteral("Give the clients a retry budget above %1 (more retries or a longer backoff, "
                                                        "not a longer per-command timeout), or shorten failovers (down-after-milliseconds, "
                                                        "cluster-node-timeout).").arg(seconds(max))))
                .with(QStringLiteral("over-budget"), over)};
}

} // namespace

QList<HealthRule> failoverRules()
{
    return {
        {QStringLiteral("failover.client-retry-budget"), QStringLiteral("Client retry budget against failover durations"),
         QStringLiteral("During a failover the master accepts no writes: a client whose timeout and retries run out sooner "
                        "than the failover takes reports errors to its users. The durations are this deployment's completed "
                        "failovers in the history (first suspicion to the promotion)."),
         {TopologySnapshot::Kind::Sentinel, TopologySnapshot::Kind::Cluster}, clientRetryBudget},
    };
}

} // namespace ops
