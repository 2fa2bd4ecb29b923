#include "HealthAlertTracker.h"

#include "core/Clock.h"

#include <QJsonArray>
#include <QSet>

#include <algorithm>

namespace ops {

namespace {

OpsEvent::Severity eventSeverity(HealthFinding::Severity s)
{
    switch (s) {
    case HealthFinding::Severity::Critical: return OpsEvent::Severity::Critical;
    case HealthFinding::Severity::Warning: return OpsEvent::Severity::Warning;
    case HealthFinding::Severity::Info: break;
    }
    return OpsEvent::Severity::Info;
}

/** "45 s", "3 min 5 s", "2 h 10 min". */
QString durationText(qint64 ms)
{
    const qint64 s = std::max<qint64>(0, ms) / 1000;
    if (s < 60)
        return QStringLiteral("%1 s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60);
    return QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
}

} // namespace

HealthAlertTracker::HealthAlertTracker(Clock *clock, HealthAlertPolicy policy)
    : m_clock(clock != nullptr ? clock : Clock::system()), m_policy(policy)
{
}

QString HealthAlertTracker::keyOf(const HealthFinding &finding)
{
    QStringList nodes = finding.nodes;
    nodes.sort();
    return finding.ruleId + QLatin1Char('@') + nodes.join(QLatin1Char(','));
}

int HealthAlertTracker::restore(const OpsEvents &stored)
{
    QHash<QString, OpsEvent> open;
    for (const OpsEvent &e : stored) {
        if (e.details.value(QStringLiteral("trend")).toBool())
            continue; // TrendAlertTracker's
        QStringList nodes;
        for (const QJsonValue &v : e.details.value(QStringLiteral("nodes")).toArray())
            nodes << v.toString();
        nodes.sort();
        const QString key = e.details.value(QStringLiteral("rule")).toString() + QLatin1Char('@') + nodes.join(QLatin1Char(','));
        if (e.kind == OpsEvent::Kind::HealthAlert)
            open.insert(key, e);
        else if (e.kind == OpsEvent::Kind::HealthAlertCleared)
            open.remove(key);
    }
    const qint64 now = m_clock->monotonicMs();
    const qint64 wall = m_clock->wallMs();
    int restored = 0;
    for (auto it = open.cbegin(); it != open.cend(); ++it) {
        if (m_breaches.contains(it.key()))
            continue;
        const OpsEvent &e = *it;
        HealthFinding f;
        f.ruleId = e.details.value(QStringLiteral("rule")).toString();
        f.title = e.details.value(QStringLiteral("title")).toString();
        f.status = HealthFinding::Status::Fire;
        HealthFinding::parseSeverity(e.details.value(QStringLiteral("severity")).toString(), f.severity);
        f.summary = e.message;
        f.fix = e.details.value(QStringLiteral("fix")).toString();
        for (const QJsonValue &v : e.details.value(QStringLiteral("nodes")).toArray())
            f.nodes << v.toString();
        Breach b{f, now};
        b.raised = true;
        b.raisedSeverity = f.severity;
        b.raisedWallMs = e.timestampMs;
        b.raisedMs = now - std::max<qint64>(0, wall - e.timestampMs);
        m_breaches.insert(it.key(), b);
        ++restored;
    }
    return restored;
}

QStringList HealthAlertTracker::activeAlerts() const
{
    QStringList keys;
    for (auto it = m_breaches.cbegin(); it != m_breaches.cend(); ++it)
        if (it->raised)
            keys << it.key();
    keys.sort();
    return keys;
}

OpsEvents HealthAlertTracker::update(const HealthReport &report, const TopologySnapshot &snapshot)
{
    const qint64 now = m_clock->monotonicMs();
    if (m_firstUpdateMs < 0)
        m_firstUpdateMs = now;
    OpsEvents events;

    QSet<QString> firing;
    for (const HealthFinding &f : report.findings) {
        if (!f.fires() || f.severity < m_policy.minimum)
            continue;
        const QString key = keyOf(f);
        firing.insert(key);
        auto it = m_breaches.find(key);
        if (it == m_breaches.end())
            it = m_breaches.insert(key, Breach{f, now});
        Breach &b = *it;
        b.finding = f;
        b.passingSinceMs = -1;
        if (!b.raised && now - b.firstSeenMs >= m_policy.raiseAfterMs) {
            b.raised = true;
            b.raisedSeverity = f.severity;
            b.raisedMs = now;
            b.raisedWallMs = m_clock->wallMs();
            events << raisedEvent(b, snapshot, false);
        } else if (b.raised && f.severity > b.raisedSeverity) {
            events << raisedEvent(b, snapshot, true);
            b.raisedSeverity = f.severity;
        }
    }

    for (auto it = m_breaches.begin(); it != m_breaches.end();) {
        if (firing.contains(it.key())) {
            ++it;
            continue;
        }
        Breach &b = *it;
        if (!b.raised) { // never recorded: a blip shorter than the raise hold
            it = m_breaches.erase(it);
            continue;
        }
        const Silence silence = silenceOf(b, report, snapshot);
        if (silence == Silence::Undecided) {
            b.passingSinceMs = -1; // the clear hold counts judged passes only
            ++it;
            continue;
        }
        if (b.passingSinceMs < 0)
            b.passingSinceMs = now;
        if (silence == Silence::Gone || now - b.passingSinceMs >= m_policy.clearAfterMs) {
            events << clearedEvent(b, snapshot, silence == Silence::Gone);
            it = m_breaches.erase(it);
        } else {
            ++it;
        }
    }
    return events;
}

HealthAlertTracker::Silence HealthAlertTracker::silenceOf(const Breach &breach, const HealthReport &report,
                                                          const TopologySnapshot &snapshot) const
{
    for (const QString &id : breach.finding.nodes) {
        const Node *n = snapshot.node(id);
        if (n == nullptr)
            return Silence::Gone;
        if (n->has(Node::Stale) || n->lastSeenMs == 0)
            return Silence::Undecided;
    }
    // The rule could not judge these nodes this time (settings unreadable, link state unknown).
    for (const HealthFinding &f : report.findings) {
        if (f.ruleId != breach.finding.ruleId || f.status != HealthFinding::Status::Unknown)
            continue;
        if (f.nodes.isEmpty() || breach.finding.nodes.isEmpty())
            return Silence::Undecided;
        for (const QString &id : f.nodes)
            if (breach.finding.nodes.contains(id))
                return Silence::Undecided;
    }
    return Silence::Passing;
}

OpsEvent HealthAlertTracker::eventFor(const HealthFinding &f, const TopologySnapshot &snapshot) const
{
    OpsEvent e;
    e.timestampMs = m_clock->wallMs();
    e.deploymentId = snapshot.deploymentId;
    e.source = OpsEvent::Source::Poll;
    e.nodeId = f.nodes.value(0);
    if (const Node *n = e.nodeId.isEmpty() ? nullptr : snapshot.node(e.nodeId))
        e.endpoint = n->endpoint.toString();
    QJsonObject evidence;
    for (const auto &[name, value] : f.evidence)
        evidence.insert(name, value);
    e.details = {{QStringLiteral("rule"), f.ruleId},
                 {QStringLiteral("title"), f.title},
                 {QStringLiteral("nodes"), QJsonArray::fromStringList(f.nodes)},
                 {QStringLiteral("evidence"), evidence}};
    return e;
}

OpsEvent HealthAlertTracker::raisedEvent(const Breach &b, const TopologySnapshot &snapshot, bool escalation) const
{
    const HealthFinding &f = b.finding;
    OpsEvent e = eventFor(f, snapshot);
    e.kind = OpsEvent::Kind::HealthAlert;
    e.severity = eventSeverity(f.severity);
    e.message = QStringLiteral("%1: %2 (%3)").arg(HealthFinding::severityName(f.severity), f.summary, f.ruleId);
    e.details.insert(QStringLiteral("severity"), HealthFinding::severityName(f.severity));
    e.details.insert(QStringLiteral("fix"), f.fix);
    if (escalation) {
        e.message = QStringLiteral("escalated from %1 to %2").arg(HealthFinding::severityName(b.raisedSeverity), e.message);
        e.details.insert(QStringLiteral("escalatedFrom"), HealthFinding::severityName(b.raisedSeverity));
    }
    if (b.firstSeenMs == m_firstUpdateMs) // not news: it was so before the console looked
        e.details.insert(QStringLiteral("firingAtStart"), true);
    return e;
}

OpsEvent HealthAlertTracker::clearedEvent(const Breach &b, const TopologySnapshot &snapshot, bool gone) const
{
    const HealthFinding &f = b.finding;
    OpsEvent e = eventFor(f, snapshot);
    e.kind = OpsEvent::Kind::HealthAlertCleared;
    e.severity = OpsEvent::Severity::Info;
    const qint64 lasted = m_clock->monotonicMs() - b.raisedMs;
    const QString where = f.nodes.isEmpty() ? QString() : QStringLiteral(" on %1").arg(f.nodes.join(QLatin1Char(' ')));
    e.message = gone ? QStringLiteral("cleared: %1 (%2)%3 — the node left the deployment").arg(f.title, f.ruleId, where)
                     : QStringLiteral("cleared after %1: %2 (%3)%4").arg(durationText(lasted), f.title, f.ruleId, where);
    e.details.insert(QStringLiteral("severity"), HealthFinding::severityName(b.raisedSeverity));
    e.details.insert(QStringLiteral("raisedAtMs"), b.raisedWallMs);
    e.details.insert(QStringLiteral("durationMs"), lasted);
    e.details.insert(QStringLiteral("reason"), gone ? QStringLiteral("node-gone") : QStringLiteral("passing"));
    return e;
}

} // namespace ops
