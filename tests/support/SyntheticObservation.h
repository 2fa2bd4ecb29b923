#pragma once

#include "monitor/NodeObservation.h"

#include <QByteArray>

/**
 * A NodeObservation as a poller would have recorded it, for building snapshots without servers:
 * the node answered 100 ms before @p nowMs, with @p clusterNodes as its CLUSTER NODES view
 * (parsed; a parse error aborts the test binary with the parser's message) and @p info as its
 * INFO text, both optional. cluster_state is "ok" when a view is given.
 */
namespace synthetic {

ops::NodeObservation observation(quint16 port, qint64 nowMs, const QByteArray &clusterNodes = {},
                                 const QByteArray &info = {});

} // namespace synthetic
