#include "AlertNotifications.h"

#include "AlertNotifier.h"

#include <algorithm>

namespace ops {

namespace {

/** The fact @p e tells, the same whichever sentinel (or the monitor) reports it; empty: none. */
QString factOf(const OpsEvent &e)
{
    const QString where = e.deploymentId + QLatin1Char('|');
    switch (e.kind) {
    case OpsEvent::Kind::Sentinel:
        if (e.sentinelType == QLatin1String("+switch-master"))
            return QStringLiteral("failover-ended|") + where + e.details.value(QStringLiteral("newMaster")).toString();
        return e.sentinelType + QLatin1Char('|') + where + e.endpoint;
    case OpsEvent::Kind::Promoted:
        return QStringLiteral("failover-ended|") + where + e.endpoint;
    case OpsEvent::Kind::NodeStale:
    case OpsEvent::Kind::FailSet:
        return QStringLiteral("node-down|") + where + (e.endpoint.isEmpty() ? e.nodeId : e.endpoint);
    default:
        return {}; // alerts: once per breach already (the trackers)
    }
}

} // namespace

bool AlertNotifications::isNewFact(const OpsEvent &e)
{
    if (e.kind == OpsEvent::Kind::Sentinel && e.sentinelType == QLatin1String("+failover-end"))
        return false;
    const QString fact = factOf(e);
    if (fact.isEmpty())
        return true;
    for (auto it = m_factsMs.begin(); it != m_factsMs.end();)
        it = e.timestampMs - it.value() >= kRepeatAfterMs ? m_factsMs.erase(it) : std::next(it);
    if (m_factsMs.contains(fact))
        return false;
    m_factsMs.insert(fact, e.timestampMs);
    return true;
}

AlertNotifications::AlertNotifications(AlertNotifier *notifier, AlertSettings settings, QObject *parent)
    : QObject(parent), m_notifier(notifier), m_settings(std::move(settings))
{
}

void AlertNotifications::showEvents(const OpsEvents &events)
{
    if (m_notifier == nullptr)
        return;
    OpsEvents due;
    for (const OpsEvent &e : events)
        if (m_settings.notifies(e) && isNewFact(e))
            due << e;
    if (due.isEmpty())
        return;
    auto titleOf = [](const OpsEvent &e) {
        const QString where = e.deploymentId.isEmpty() ? QString() : QStringLiteral(" — %1").arg(e.deploymentId);
        switch (e.kind) {
        case OpsEvent::Kind::HealthAlert: return tr("Redis alert%1").arg(where);
        case OpsEvent::Kind::FailSet:
        case OpsEvent::Kind::NodeStale: return tr("Redis node down%1").arg(where);
        default:
            return e.sentinelType == QLatin1String("+odown") ? tr("Redis master down%1").arg(where)
                                                             : tr("Redis failover%1").arg(where);
        }
    };
    if (due.size() > kMaxPerBatch) {
        OpsEvent::Severity worst = OpsEvent::Severity::Info;
        for (const OpsEvent &e : std::as_const(due))
            worst = std::max(worst, e.severity);
        QStringList lines;
        for (qsizetype i = 0; i < kMaxPerBatch; ++i)
            lines << due.at(i).message;
        lines << tr("…and %1 more: see the event log.").arg(due.size() - kMaxPerBatch);
        m_notifier->notify(tr("%1 Redis alerts%2").arg(due.size()).arg(due.first().deploymentId.isEmpty()
                                                                              ? QString()
                                                                              : QStringLiteral(" — %1").arg(due.first().deploymentId)),
                           lines.join(QLatin1Char('\n')), worst);
        ++m_count;
        return;
    }
    for (const OpsEvent &e : std::as_const(due)) {
        m_notifier->notify(titleOf(e), e.message, e.severity);
        ++m_count;
    }
}

} // namespace ops
