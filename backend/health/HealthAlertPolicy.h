#pragma once

#include "HealthFinding.h"

namespace ops {

/**
 * @brief When a firing health finding becomes an alert (a "health-alert" event in the event log
 * and the history) and when that alert is over ("health-alert-cleared"). The holds keep a value
 * that hovers around a threshold (replica lag, memory) from recording a breach per poll.
 */
struct HealthAlertPolicy
{
    HealthFinding::Severity minimum = HealthFinding::Severity::Warning; ///< info findings are not alerts
    qint64 raiseAfterMs = 3000; ///< firing this long without a break before it is recorded
    qint64 clearAfterMs = 5000; ///< passing this long (judged, not unknown or stale) before it is cleared
};

} // namespace ops
