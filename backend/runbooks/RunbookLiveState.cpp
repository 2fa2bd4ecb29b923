#include "RunbookLiveState.h"

#include "RunbookFacts.h"
#include "core/Clock.h"
#include "health/HealthChecker.h"
#include "session/DeploymentSession.h"

namespace ops {

RunbookLiveState::RunbookLiveState(DeploymentSession *session, Clock *clock, int snapshotTimeoutMs, QObject *parent)
    : QObject(parent), m_session(session), m_clock(clock), m_snapshotTimeoutMs(snapshotTimeoutMs)
{
    connect(m_session, &DeploymentSession::snapshotChanged, this, &RunbookLiveState::onSnapshot);
}

void RunbookLiveState::withFreshSnapshot(std::function<void(const SnapshotPtr &)> then)
{
    const SnapshotPtr now = m_session->snapshot();
    m_after = now ? now->sequence : 0;
    m_waiter = std::move(then);
    m_clock->cancel(m_timer);
    m_timer = m_clock->callAfter(m_snapshotTimeoutMs, this, [this] {
        if (!m_waiter)
            return;
        const auto waiter = std::move(m_waiter);
        m_waiter = nullptr;
        waiter(m_session->snapshot());
    });
    m_session->pollNow();
}

void RunbookLiveState::cancel()
{
    m_waiter = nullptr;
    m_clock->cancel(m_timer);
}

void RunbookLiveState::onSnapshot(const SnapshotPtr &snapshot)
{
    if (!m_waiter || !snapshot || snapshot->sequence <= m_after)
        return;
    m_clock->cancel(m_timer);
    const auto waiter = std::move(m_waiter);
    m_waiter = nullptr;
    waiter(snapshot);
}

RunbookLiveState::Verdict RunbookLiveState::judge(const RunbookExpression &expression, const TopologySnapshot &snapshot,
                                                  const QHash<QString, RunbookExpression::Value> &inputs)
{
    const RunbookFacts facts(snapshot, HealthChecker().check(snapshot), inputs);
    return {expression.evaluate(facts.lookup()), facts.evidence(expression.names())};
}

QList<RunbookCommandProbe::Target> RunbookLiveState::commandTargets(const QStringList &argv) const
{
    const SnapshotPtr snapshot = m_session->snapshot();
    if (!snapshot)
        return {};
    const MonitorConfig &config = m_session->config();
    QList<RunbookCommandProbe::Target> targets;
    const auto add = [&](const Node &n, const ConnectionOptions &base) {
        if ((n.flags & Node::Stale) || targets.size() >= 16)
            return;
        ConnectionOptions o = base;
        o.endpoint = n.endpoint;
        targets << RunbookCommandProbe::Target{QStringLiteral("%1 (%2)").arg(n.endpoint.toString(), Node::roleName(n.role)), o};
    };
    if (argv.value(0).compare(QLatin1String("SENTINEL"), Qt::CaseInsensitive) == 0) {
        for (const Node &n : snapshot->sentinels)
            add(n, config.sentinelOptions);
        return targets;
    }
    for (const bool masters : {true, false})
        for (const Node &n : snapshot->nodes)
            if (n.isMaster() == masters)
                add(n, config.dataOptions);
    return targets;
}

} // namespace ops
