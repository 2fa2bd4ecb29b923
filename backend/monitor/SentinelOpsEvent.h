#pragma once

#include "model/OpsEvent.h"
#include "resp/Endpoint.h"

namespace ops {

struct SentinelEvent;

/**
 * @brief The one mapping of a Sentinel pub/sub event to an OpsEvent (Kind::Sentinel, the event
 * type as kind name, severity by type, the subject node, the payload and its parsed fields in
 * details). Used by the Monitor for what it hears and by OperationEventRecorder for what an
 * action hears while it runs, so both read the same in the history.
 */
class SentinelOpsEvent
{
public:
    /** @p sentinel: the sentinel that published it; @p nowMs: wall clock of its arrival. */
    static OpsEvent from(const Endpoint &sentinel, const SentinelEvent &event, const QString &deploymentId, qint64 nowMs);
    /** Critical for +odown, +switch-master, aborts, tilt...; Warning for sdown, try-failover...; else Info. */
    static OpsEvent::Severity severityOf(const QByteArray &type);
};

} // namespace ops
