#pragma once

#include "PreCheck.h"

#include <QMetaType>
#include <QString>
#include <QStringList>

namespace ops {

/**
 * @brief Everything an operator reviews before confirming an action, as plain text the views
 * show as is: the plan (candidates with reasons), the pre-checks with their evidence, the exact
 * commands in order, warnings, and what must be typed to confirm. It is also the dry run: it is
 * built from a fresh survey and executes nothing. The backend keeps the plan it came from under
 * id; executing names that id, so what runs is what was shown.
 */
struct ActionPreview
{
    QString id;                  ///< names the plan the backend keeps; empty: no plan (refused before planning)
    QString kind;                ///< "sentinel-failover", "cluster-failover"
    QString deploymentId;
    QString title;               ///< "Fail over mymaster: 127.0.0.1:7000 -> 127.0.0.1:7001"
    QString mode;                ///< FailoverIntent::modeName
    QString target;              ///< the node that will be promoted, "" when none qualifies
    QStringList plan;            ///< candidates, one per line, with the reason for their place
    QStringList eligibleTargets; ///< addresses the operator may choose instead (best first)
    PreChecks checks;
    QStringList commands;        ///< the exact commands, one per line, redacted, in order
    QStringList warnings;        ///< plain warnings the operator must read (data loss, ...)
    QString confirmText;         ///< what the operator types to confirm (the master's name or address)
    bool extraConfirmation = false; ///< TAKEOVER: a second, explicit confirmation
    QString refusal;             ///< why it cannot run at all (read-only profile, nothing answered, ...)
    qint64 surveyedAtMs = 0;     ///< wall clock of the survey it was built from

    /** True when the operator may confirm it: planned, not refused, no blocking check. */
    bool allowed() const { return !id.isEmpty() && refusal.isEmpty() && preChecksAllow(checks); }
    /** The blocking reasons (the refusal, then each blocking check with its evidence). */
    QStringList blockingReasons() const;
};

} // namespace ops

Q_DECLARE_METATYPE(ops::ActionPreview)
