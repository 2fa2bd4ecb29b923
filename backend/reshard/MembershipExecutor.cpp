#include "MembershipExecutor.h"

#include "actions/ClusterSurveyor.h"
#include "actions/OperationRunner.h"
#include "core/Clock.h"
#include "core/RetryLoop.h"


#include <memory>

namespace ops {

MembershipExecutor::MembershipExecutor(MembershipPlan plan, OperationRunner *runner, qint64 deadlineMs, QObject *parent)
    : QObject(parent), m_plan(std::move(plan)), m_runner(runner), m_deadlineMs(deadlineMs)
{
    qRegisterMetaType<ops::MembershipExecutor::Result>();
}

MembershipExecutor::~MembershipExecutor() = default;

void MembershipExecutor::start()
{
    m_runner->begin([this] {
        if (stopIfCancelled(QStringLiteral("nothing was sent")))
            return;
        m_started = true;
        m_plan.kind == MembershipPlan::Kind::Add ? meet() : forget();
    }, [this](const QString &outcome) { finish(OperationRecord::State::Failed, outcome); });
}

void MembershipExecutor::cancel(const QString &reason)
{
    if (m_finished || !m_cancelReason.isEmpty())
        return;
    m_cancelReason = reason;
    if (!m_started)
        emit phaseChanged(QStringLiteral("Stopping before the first command: nothing to undo"));
    else if (m_plan.kind == MembershipPlan::Kind::Remove)
        emit phaseChanged(QStringLiteral("Cannot stop now: CLUSTER FORGET was sent and a half-done removal comes back by "
                                         "gossip after 60 s; finishing the removal and verifying it"));
    else if (m_plan.replicaOf)
        emit phaseChanged(QStringLiteral("Stopping once %1 has joined (CLUSTER MEET cannot be taken back): it stays an "
                                         "empty master, CLUSTER REPLICATE is not sent")
                              .arg(m_plan.node.toString()));
    else
        emit phaseChanged(QStringLiteral("Cannot stop now: CLUSTER MEET was sent and cannot be taken back; verifying the join"));
}

bool MembershipExecutor::stopIfCancelled(const QString &state)
{
    if (m_cancelReason.isEmpty())
        return false;
    finish(OperationRecord::State::Cancelled, QStringLiteral("%1: cancelled; %2").arg(m_cancelReason, state));
    return true;
}

void MembershipExecutor::meet()
{
    emit phaseChanged(QStringLiteral("CLUSTER MEET: %1 meets %2").arg(m_plan.node.toString(), m_plan.meetVia.toString()));
    m_runner->step(m_plan.node, false,
                   RespCommand{"CLUSTER", "MEET", m_plan.meetVia.host.toUtf8(), QByteArray::number(m_plan.meetVia.port),
                               QByteArray::number(m_plan.meetViaBusPort)},
                   [this](const RedisResult &r, const OperationStep &) {
                       if (!r.ok())
                           return finish(OperationRecord::State::Failed,
                                         QStringLiteral("CLUSTER MEET failed: %1").arg(OperationRunner::failureText(r)));
                       const int members = int(m_plan.others.size());
                       waitFor(QStringLiteral("every member lists the new node and it reports cluster_state ok"),
                               [this, members](const ClusterSurvey &s) -> QString {
                                   QStringList missing;
                                   for (const ClusterNodeView &v : s.nodes) {
                                       if (!v.reachable())
                                           continue;
                                       const ClusterNodeLine *l = v.line(m_plan.nodeId);
                                       if (l == nullptr || l->has(ClusterNodeLine::Handshake))
                                           missing << v.endpoint.toString();
                                   }
                                   const ClusterNodeView *self = s.nodeById(m_plan.nodeId);
                                   if (self == nullptr || self->nodes.size() < members + 1 || self->clusterState() != "ok")
                                       missing << QStringLiteral("%1 (knows %2 of %3, cluster_state %4)")
                                                      .arg(m_plan.node.toString())
                                                      .arg(self == nullptr ? 0 : self->nodes.size())
                                                      .arg(members + 1)
                                                      .arg(self == nullptr ? QStringLiteral("?") : QString::fromLatin1(self->clusterState()));
                                   return missing.isEmpty() ? QString()
                                                            : QStringLiteral("not yet: ") + missing.join(QStringLiteral(", "));
                               },
                               [this] {
                                   if (m_plan.replicaOf
                                       && stopIfCancelled(QStringLiteral("%1 joined as an empty master (every member lists it); "
                                                                         "CLUSTER REPLICATE was not sent: make it a replica with "
                                                                         "CLUSTER REPLICATE %2 on it, or remove-node it")
                                                              .arg(m_plan.node.toString(), QString::fromLatin1(m_plan.replicaOf->id))))
                                       return;
                                   m_plan.replicaOf ? replicate() : finish(OperationRecord::State::Succeeded,
                                                                                QStringLiteral("%1 joined as an empty master; every member lists it")
                                                                                    .arg(m_plan.node.toString())); });
                   });
}

void MembershipExecutor::replicate()
{
    emit phaseChanged(QStringLiteral("CLUSTER REPLICATE %1").arg(m_plan.replicaOf->label()));
    m_runner->step(m_plan.node, false, RespCommand{"CLUSTER", "REPLICATE", m_plan.replicaOf->id},
                   [this](const RedisResult &r, const OperationStep &) {
                       if (!r.ok())
                           return finish(OperationRecord::State::Failed,
                                         QStringLiteral("CLUSTER REPLICATE failed: %1").arg(OperationRunner::failureText(r)));
                       waitFor(QStringLiteral("the replica's link is up and its master lists it"),
                               [this](const ClusterSurvey &s) -> QString {
                                   const ClusterNodeView *self = s.nodeById(m_plan.nodeId);
                                   const ClusterNodeView *master = s.nodeById(m_plan.replicaOf->id);
                                   if (self == nullptr || !self->isReplica() || !self->linkUp())
                                       return QStringLiteral("the replication link is not up yet");
                                   const ClusterNodeLine *l = master != nullptr ? master->line(m_plan.nodeId) : nullptr;
                                   if (l == nullptr || l->masterId != m_plan.replicaOf->id)
                                       return QStringLiteral("the master does not list it as its replica yet");
                                   return {};
                               },
                               [this] {
                                   finish(OperationRecord::State::Succeeded,
                                          QStringLiteral("%1 joined as a replica of %2, link up")
                                              .arg(m_plan.node.toString(), m_plan.replicaOf->label()));
                               });
                   });
}

void MembershipExecutor::forget()
{
    emit phaseChanged(QStringLiteral("CLUSTER FORGET on %1 member(s) at once").arg(m_plan.others.size()));
    auto left = std::make_shared<int>(int(m_plan.others.size()));
    auto failures = std::make_shared<QStringList>();
    for (const ReshardNode &n : std::as_const(m_plan.others))
        m_runner->step(n.endpoint, false, RespCommand{"CLUSTER", "FORGET", m_plan.nodeId},
                       [this, left, failures, n](const RedisResult &r, const OperationStep &) {
                           if (!r.ok())
                               *failures << QStringLiteral("%1: %2").arg(n.endpoint.toString(), OperationRunner::failureText(r));
                           if (--*left > 0)
                               return;
                           if (!failures->isEmpty())
                               return finish(OperationRecord::State::Failed,
                                             QStringLiteral("CLUSTER FORGET failed on %1; the others forget it for 60 s "
                                                            "only: run remove-node again")
                                                 .arg(failures->join(QStringLiteral("; "))));
                           reset();
                       });
    if (m_plan.others.isEmpty())
        reset();
}

void MembershipExecutor::reset()
{
    auto verify = [this] {
        waitFor(QStringLiteral("no member lists the node"),
                [this](const ClusterSurvey &s) -> QString {
                    QStringList still;
                    for (const ClusterNodeView &v : s.nodes)
                        if (v.reachable() && v.id() != m_plan.nodeId && v.line(m_plan.nodeId) != nullptr)
                            still << v.endpoint.toString();
                    return still.isEmpty() ? QString() : QStringLiteral("still listed by ") + still.join(QStringLiteral(", "));
                },
                [this] {
                    finish(OperationRecord::State::Succeeded,
                           QStringLiteral("%1 removed: no member lists it%2")
                               .arg(m_plan.node.toString(),
                                    m_plan.resetRemoved ? QStringLiteral("; it was reset and knows no cluster") : QString()));
                });
    };
    if (!m_plan.resetRemoved) {
        verify();
        return;
    }
    emit phaseChanged(QStringLiteral("CLUSTER RESET SOFT on %1").arg(m_plan.node.toString()));
    m_runner->step(m_plan.node, false, RespCommand{"CLUSTER", "RESET", "SOFT"}, [this, verify](const RedisResult &r, const OperationStep &) {
        if (!r.ok())
            return finish(OperationRecord::State::Failed,
                          QStringLiteral("forgotten by every member, but CLUSTER RESET SOFT failed: %1; reset it before it "
                                         "talks to the cluster again").arg(OperationRunner::failureText(r)));
        verify();
    });
}

void MembershipExecutor::waitFor(const QString &what, std::function<QString(const ClusterSurvey &)> holds,
                                 std::function<void()> then)
{
    emit phaseChanged(QStringLiteral("waiting until %1").arg(what));
    const qint64 until = m_runner->clock()->monotonicMs() + m_deadlineMs;
    runRetrying(m_runner->clock(), this, 200, [this, what, holds, then, until](const std::function<void()> &again) {
        ClusterSurveyor::Options o;
        for (const ReshardNode &n : std::as_const(m_plan.others))
            o.seeds << n.endpoint;
        o.seeds << m_plan.node;
        o.dataOptions = m_runner->optionsFor(Endpoint{}, false);
        o.timeoutMs = 2000;
        o.nowMs = m_runner->clock()->wallMs();
        auto *surveyor = new ClusterSurveyor(o, this);
        connect(surveyor, &ClusterSurveyor::finished, this, [this, surveyor, what, holds, then, until, again](const ClusterSurvey &s) {
            surveyor->deleteLater();
            const QString why = holds(s);
            if (why.isEmpty())
                return then();
            if (m_runner->clock()->monotonicMs() >= until)
                return finish(OperationRecord::State::Failed,
                              QStringLiteral("not verified within %1 s: %2 (%3)").arg(m_deadlineMs / 1000).arg(what, why));
            again();
        });
        surveyor->start();
    });
}

void MembershipExecutor::finish(OperationRecord::State state, const QString &outcome)
{
    if (m_finished)
        return;
    m_finished = true;
    m_result.state = state;
    m_result.outcome = outcome;
    m_result.totalMs = m_runner->elapsedMs();
    m_result.details = QJsonObject{{QStringLiteral("totalMs"), m_result.totalMs},
                                   {QStringLiteral("node"), m_plan.node.toString()},
                                   {QStringLiteral("nodeId"), QString::fromLatin1(m_plan.nodeId)}};
    m_runner->finish(state, outcome, m_result.details, [this] { emit finished(m_result); });
}

} // namespace ops
