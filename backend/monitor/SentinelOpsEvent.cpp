#include "SentinelOpsEvent.h"

#include "discovery/SentinelEvent.h"

namespace ops {

OpsEvent::Severity SentinelOpsEvent::severityOf(const QByteArray &type)
{
    if (type == "+odown" || type == "+switch-master" || type.startsWith("-failover-abort") || type == "+tilt"
        || type == "failover-end-for-timeout" || type == "+failover-end-for-timeout" || type == "no-good-slave"
        || type == "-dup-sentinel")
        return OpsEvent::Severity::Critical;
    if (type == "+sdown" || type == "+try-failover" || type == "+failover-detected" || type == "+reboot"
        || type == "-role-change" || type == "+convert-to-slave" || type == "+fix-slave-config")
        return OpsEvent::Severity::Warning;
    return OpsEvent::Severity::Info;
}

OpsEvent SentinelOpsEvent::from(const Endpoint &sentinel, const SentinelEvent &event, const QString &deploymentId, qint64 nowMs)
{
    OpsEvent e;
    e.timestampMs = nowMs;
    e.deploymentId = deploymentId;
    e.kind = OpsEvent::Kind::Sentinel;
    e.sentinelType = QString::fromLatin1(event.type);
    e.source = OpsEvent::Source::Sentinel;
    e.severity = severityOf(event.type);
    Endpoint subject{event.host, event.port};
    if (event.type == "+switch-master")
        subject = Endpoint{event.newHost, event.newPort};
    if (subject.isValid()) {
        e.nodeId = subject.toString();
        e.endpoint = e.nodeId;
    }
    e.message = QStringLiteral("%1 %2").arg(QString::fromLatin1(event.type), QString::fromUtf8(event.payload));
    e.details.insert(QStringLiteral("sentinel"), sentinel.toString());
    e.details.insert(QStringLiteral("payload"), QString::fromUtf8(event.payload));
    if (!event.instanceType.isEmpty())
        e.details.insert(QStringLiteral("instanceType"), QString::fromLatin1(event.instanceType));
    if (!event.masterName.isEmpty())
        e.details.insert(QStringLiteral("masterName"), QString::fromUtf8(event.masterName));
    if (event.type == "+switch-master") {
        e.details.insert(QStringLiteral("oldMaster"), Endpoint{event.oldHost, event.oldPort}.toString());
        e.details.insert(QStringLiteral("newMaster"), Endpoint{event.newHost, event.newPort}.toString());
    }
    if (event.epoch > 0)
        e.details.insert(QStringLiteral("epoch"), qint64(event.epoch));
    if (!event.leaderRunId.isEmpty())
        e.details.insert(QStringLiteral("leader"), QString::fromLatin1(event.leaderRunId));
    return e;
}

} // namespace ops
