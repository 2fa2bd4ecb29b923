#include "HealthChecker.h"

#include "ClusterRules.h"
#include "DistributionRules.h"
#include "FailoverRules.h"
#include "MemoryRules.h"
#include "ReplicationRules.h"
#include "SentinelRules.h"

namespace ops {

const QList<HealthRule> &HealthChecker::allRules()
{
    static const QList<HealthRule> rules = sentinelRules() + replicationRules() + memoryRules() + clusterRules()
        + distributionRules() + failoverRules();
    return rules;
}

HealthChecker::HealthChecker(HealthThresholds thresholds, QList<HealthRule> rules)
    : m_thresholds(thresholds)
    , m_rules(std::move(rules))
{
}

HealthReport HealthChecker::check(const TopologySnapshot &snapshot, const HealthContext &context) const
{
    HealthReport report;
    report.deploymentId = snapshot.deploymentId;
    report.kind = snapshot.kind;
    report.timestampMs = snapshot.timestampMs;
    const HealthInput input{snapshot, m_thresholds, context};
    for (const HealthRule &rule : m_rules) {
        if (!rule.appliesTo(snapshot.kind))
            continue;
        QList<HealthFinding> found = rule.evaluate(input);
        if (found.isEmpty())
            found << HealthFinding::pass(rule.title);
        for (HealthFinding &f : found) {
            f.ruleId = rule.id;
            f.title = rule.title;
            f.explanation = rule.explanation;
            report.findings << std::move(f);
        }
    }
    return report;
}

} // namespace ops
