#include "SyntheticObservation.h"

namespace synthetic {

ops::NodeObservation observation(quint16 port, qint64 nowMs, const QByteArray &clusterNodes, const QByteArray &info)
{
    ops::NodeObservation o;
    o.endpoint = ops::Endpoint{QStringLiteral("127.0.0.1"), port};
    o.firstAttemptMs = nowMs - 10000;
    o.lastSuccessMs = nowMs - 100;
    if (!clusterNodes.isEmpty()) {
        ops::Parsed<QList<ops::ClusterNodeLine>> parsed = ops::parseClusterNodes(clusterNodes);
        if (!parsed)
            qFatal("synthetic CLUSTER NODES does not parse: %s", qPrintable(parsed.error().toString()));
        o.clusterNodes = parsed.take();
        o.clusterNodesAtMs = nowMs - 100;
        o.clusterState = "ok";
        o.clusterInfoAtMs = nowMs - 100;
    }
    if (!info.isEmpty()) {
        o.info = ops::InfoReply::parse(info);
        o.infoAtMs = nowMs - 100;
    }
    return o;
}

} // namespace synthetic
