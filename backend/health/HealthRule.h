#pragma once

#include "HealthContext.h"
#include "HealthFinding.h"
#include "HealthThresholds.h"
#include "model/TopologySnapshot.h"

#include <QList>

#include <functional>

namespace ops {

/** @brief What a rule judges: one snapshot, the thresholds and the rarely gathered context. */
struct HealthInput
{
    const TopologySnapshot &snapshot;
    const HealthThresholds &thresholds;
    const HealthContext &context;
};

/**
 * @brief One health rule: an id, what it is about, the deployment kinds it applies to, and a pure
 * function from a snapshot to findings. evaluate() returns the firing and unknown findings only;
 * an empty list means the rule passes (HealthChecker records that). HealthChecker stamps ruleId,
 * title and explanation on every finding.
 *
 * Rules are values (a table per domain: SentinelRules, ReplicationRules, MemoryRules,
 * ClusterRules), like the parsers' free functions: data, not behaviour to subclass.
 */
struct HealthRule
{
    QString id;
    QString title;
    QString explanation;   ///< why it matters, shown with a firing finding
    QList<TopologySnapshot::Kind> kinds; ///< empty: every kind
    std::function<QList<HealthFinding>(const HealthInput &)> evaluate;

    bool appliesTo(TopologySnapshot::Kind kind) const { return kinds.isEmpty() || kinds.contains(kind); }

    // Shared by the rule tables.
    static QString label(const Node &node);    ///< "host:port"
    static QString bytes(qint64 value);        ///< "1.5 MB", "512 B"
    /** Data nodes that answered at least once (a never-seen node tells nothing about its settings). */
    static QList<const Node *> seenDataNodes(const TopologySnapshot &snapshot);
};

} // namespace ops
