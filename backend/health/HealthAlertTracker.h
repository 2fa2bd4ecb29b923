#pragma once

#include "HealthAlertPolicy.h"
#include "HealthReport.h"
#include "model/OpsEvent.h"

#include <QHash>

namespace ops {

class Clock;

/**
 * @brief Turns the health report of each snapshot into alerts, once per breach: a finding (a rule
 * on the nodes it names) that fires for HealthAlertPolicy::raiseAfterMs is recorded as one
 * "health-alert" event; it is not recorded again while it keeps firing (a rise in severity is
 * recorded once more, as an escalation); once it has been judged passing for clearAfterMs (or its
 * nodes left the deployment) one "health-alert-cleared" event closes it, with how long it lasted.
 *
 * A breach whose nodes are stale, or whose rule cannot judge them any more (unknown: settings not
 * readable), is held as it is: silence that is not a judgement never clears an alert. Holds are
 * measured on the Clock's monotonic time, events stamped with its wall time (tests pass a
 * ManualClock). Not thread-safe; DeploymentSession runs one per deployment on the backend thread.
 *
 * Across a restart: restore() takes the deployment's stored health-alert / health-alert-cleared
 * events (oldest first) and reopens the alerts raised and never cleared, as raised — one still
 * firing is not recorded again, one that passes now is cleared once (its duration counted from
 * the stored raise).
 */
class HealthAlertTracker
{
public:
    /** @p clock must outlive the tracker. */
    explicit HealthAlertTracker(Clock *clock, HealthAlertPolicy policy = {});

    /** The events that @p report (of @p snapshot) starts or ends; usually none. */
    OpsEvents update(const HealthReport &report, const TopologySnapshot &snapshot);

    /** Reopens the alerts @p stored raised and did not clear (trend alerts excluded); returns how many. */
    int restore(const OpsEvents &stored);

    /** Breaches recorded and not cleared yet, as "ruleId@node,node" keys (sorted). */
    QStringList activeAlerts() const;
    const HealthAlertPolicy &policy() const { return m_policy; }

    /** The identity of a breach: the rule and the nodes it names ("replication.lag@10.0.0.2:6379"). */
    static QString keyOf(const HealthFinding &finding);

private:
    struct Breach
    {
        HealthFinding finding;       ///< the latest firing form
        qint64 firstSeenMs = 0;      ///< monotonic: firing without a break since
        bool raised = false;         ///< the alert event was recorded
        HealthFinding::Severity raisedSeverity = HealthFinding::Severity::Info;
        qint64 raisedWallMs = 0;
        qint64 raisedMs = 0;         ///< monotonic
        qint64 passingSinceMs = -1;  ///< monotonic; -1 while firing or not judged
    };
    enum class Silence { Passing, Undecided, Gone };

    Silence silenceOf(const Breach &breach, const HealthReport &report, const TopologySnapshot &snapshot) const;
    OpsEvent raisedEvent(const Breach &breach, const TopologySnapshot &snapshot, bool escalation) const;
    OpsEvent clearedEvent(const Breach &breach, const TopologySnapshot &snapshot, bool gone) const;
    OpsEvent eventFor(const HealthFinding &finding, const TopologySnapshot &snapshot) const;

    Clock *m_clock;
    HealthAlertPolicy m_policy;
    QHash<QString, Breach> m_breaches;
    qint64 m_firstUpdateMs = -1;     ///< monotonic: the first report judged
};

} // namespace ops
