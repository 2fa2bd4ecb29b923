#pragma once

#include "HealthReport.h"
#include "HealthRule.h"

namespace ops {

/**
 * @brief Runs the health rules that apply to a snapshot's deployment kind and collects a
 * HealthReport. Pure: no I/O, cheap enough to run on every snapshot.
 */
class HealthChecker
{
public:
    /** Every rule: sentinel, replication, memory, cluster, distribution, failover tables, in that order. */
    static const QList<HealthRule> &allRules();

    explicit HealthChecker(HealthThresholds thresholds = {}, QList<HealthRule> rules = allRules());

    /** @p context: the census and failover history some rules need (absent: they say unknown). */
    HealthReport check(const TopologySnapshot &snapshot, const HealthContext &context = {}) const;
    const HealthThresholds &thresholds() const { return m_thresholds; }

private:
    HealthThresholds m_thresholds;
    QList<HealthRule> m_rules;
};

} // namespace ops
