#pragma once

#include "HealthFinding.h"
#include "model/TopologySnapshot.h"

#include <QJsonObject>
#include <QList>

#include <optional>

namespace ops {

/**
 * @brief The outcome of every health rule on one snapshot: per rule its firing and unknown
 * findings, or one passing finding. Immutable value, built by HealthChecker.
 */
struct HealthReport
{
    QString deploymentId;
    TopologySnapshot::Kind kind = TopologySnapshot::Kind::Standalone;
    qint64 timestampMs = 0;       ///< the snapshot's
    QList<HealthFinding> findings; ///< in rule order

    /** Firing findings of @p minimum severity or above. */
    QList<HealthFinding> firing(HealthFinding::Severity minimum) const;
    QList<HealthFinding> unknown() const;
    /** True when a finding of @p minimum severity or above fires (`redis-ops check` exits 1). */
    bool fails(HealthFinding::Severity minimum) const { return !firing(minimum).isEmpty(); }
    /** The worst firing severity; nullopt when nothing fires. */
    std::optional<HealthFinding::Severity> worst() const;
    /** Every finding of @p ruleId. */
    QList<HealthFinding> ofRule(const QString &ruleId) const;
    /** Firing findings concerning @p nodeId (graph markers). */
    QList<HealthFinding> firingOn(const QString &nodeId) const;

    /** {"deployment", "kind", "time", "ok", "worst", "findings": [...]}; @p minimum decides "ok". */
    QJsonObject toJson(HealthFinding::Severity minimum) const;
};

} // namespace ops
