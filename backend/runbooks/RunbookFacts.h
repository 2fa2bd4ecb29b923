#pragma once

#include "RunbookExpression.h"
#include "health/HealthReport.h"
#include "model/TopologySnapshot.h"

namespace ops {

/**
 * @brief The live values a runbook's checks read (RunbookLoader::vocabulary()), taken from one
 * snapshot and its health report, plus the run's inputs ("input.<name>").
 *
 * A value the snapshot cannot give is Unknown rather than a guess: `cluster.*` on a Sentinel
 * deployment, the replication maxima while a replica's lag is unknown or no replica exists,
 * `memory.max_used_share` when no node has a maxmemory, `health("x")` for a rule that did not
 * judge. Unknown makes a check fail to pass (RunbookExpression). Immutable; cheap to build.
 */
class RunbookFacts
{
public:
    RunbookFacts(const TopologySnapshot &snapshot, const HealthReport &report,
                 QHash<QString, RunbookExpression::Value> inputs = {});

    RunbookExpression::Value value(const QString &name) const;
    /** value() as a RunbookExpression::Lookup; the facts must outlive it. */
    RunbookExpression::Lookup lookup() const;
    /** "name = value" for @p names, the evidence a step shows (plain text). */
    QStringList evidence(const QStringList &names) const;

private:
    QHash<QString, RunbookExpression::Value> m_values;
    HealthReport m_report;
};

} // namespace ops
