#include "ClusterFailoverExecutor.h"

#include "OperationRunner.h"
#include "core/Clock.h"
#include "core/Logging.h"
#include "discovery/ClusterNodesParser.h"
#include "discovery/InfoReply.h"

#include <algorithm>

namespace ops {

namespace {
using Mode = ClusterFailoverRequest::Mode;

auto log() { return Logging::get("actions"); }
} // namespace

ClusterFailoverExecutor::ClusterFailoverExecutor(ClusterFailoverPlan plan, OperationRunner *runner, QObject *parent)
    : QObject(parent), m_plan(std::move(plan)), m_runner(runner)
{
    qRegisterMetaType<ops::ClusterFailoverExecutor::Result>();
}

ClusterFailoverExecutor::~ClusterFailoverExecutor() = default;

void ClusterFailoverExecutor::enter(Phase phase, const QString &text)
{
    m_phase = phase;
    emit phaseChanged(phase, text);
}

void ClusterFailoverExecutor::start()
{
    const auto notStarted = [this](const QString &outcome) {
        m_phase = Phase::Finished;
        m_result.state = OperationRecord::State::Failed;
        m_result.outcome = outcome;
        emit finished(m_result);
    };
    connect(m_runner, &OperationRunner::leaseLost, this, &ClusterFailoverExecutor::onLeaseLost);
    m_runner->begin([this] { readEpochs(); }, notStarted);
}

void ClusterFailoverExecutor::cancel(const QString &reason)
{
    if (m_phase == Phase::Finished || m_cancelRequested)
        return;
    m_cancelRequested = true;
    m_cancelReason = reason;
    if (m_failoverSent) {
        m_runner->note(QStringLiteral("cancelTooLate"), reason.isEmpty() ? tr("cancel") : reason);
        emit phaseChanged(m_phase, tr("Cancel noted: CLUSTER FAILOVER was already sent and cannot be taken back; verifying"));
        return;
    }
    emit phaseChanged(m_phase, tr("Stopping before CLUSTER FAILOVER: nothing was changed, nothing to undo"));
}

void ClusterFailoverExecutor::onLeaseLost(const QString &message)
{
    if (m_phase == Phase::Finished || !m_leaseLost.isEmpty())
        return;
    m_leaseLost = message;
    emit phaseChanged(m_phase, m_failoverSent ? tr("%1; CLUSTER FAILOVER was already sent: verifying (reads only)").arg(message)
                                              : tr("Stopping before CLUSTER FAILOVER: %1").arg(message));
}

void ClusterFailoverExecutor::readEpochs()
{
    enter(Phase::ReadingEpochs, tr("Reading the epochs on %1").arg(m_plan.target.toString()));
    m_runner->read(m_plan.target, false, RespCommand{"CLUSTER", "INFO"}, [this](const RedisResult &info) {
        m_runner->read(m_plan.target, false, RespCommand{"CLUSTER", "NODES"}, [this, info](const RedisResult &nodes) {
            if (!info.ok() || !nodes.ok())
                return finish(OperationRecord::State::Failed,
                              tr("not started: %1 does not answer: %2").arg(m_plan.target.toString(), OperationRunner::failureText(info.ok() ? nodes : info)));
            m_result.currentEpochBefore = InfoReply::parse(info.value().bytes()).integer("cluster_current_epoch", -1);
            const Parsed<QList<ClusterNodeLine>> lines = parseClusterNodes(nodes.value().bytes());
            bool stillReplica = false;
            Endpoint promotedInstead;
            if (lines.ok())
                for (const ClusterNodeLine &l : lines.value()) {
                    if (l.id == m_plan.oldMasterId)
                        m_result.configEpochBefore = qint64(l.configEpoch);
                    if (l.has(ClusterNodeLine::Myself))
                        stillReplica = l.isReplica() && l.masterId == m_plan.oldMasterId;
                    // Since the plan, the shard got a new master (the target or another replica):
                    // the cluster's own failover came first.
                    const bool shardNode = l.id == m_plan.targetId
                        || std::any_of(m_plan.candidates.cbegin(), m_plan.candidates.cend(),
                                       [&](const ClusterFailoverCandidate &c) { return c.id == l.id; });
                    if (shardNode && l.isMaster() && l.slotCount() > 0)
                        promotedInstead = Endpoint{l.host, l.port};
                }
            m_runner->note(QStringLiteral("currentEpochBefore"), m_result.currentEpochBefore);
            m_runner->note(QStringLiteral("configEpochBefore"), m_result.configEpochBefore);
            if (promotedInstead.isValid()) {
                m_result.overtaken = true;
                m_result.promoted = promotedInstead;
                return finish(OperationRecord::State::Aborted,
                              tr("an automatic failover overtook the manual one: %1 is already master of the shard "
                                 "(CLUSTER FAILOVER not sent)").arg(promotedInstead.toString()));
            }
            if (!stillReplica)
                return finish(OperationRecord::State::Failed,
                              tr("not started: %1 is no longer a replica of %2 (the cluster changed since the plan)")
                                  .arg(m_plan.target.toString(), m_plan.oldMaster.toString()));
            failover();
        });
    });
}

void ClusterFailoverExecutor::failover()
{
    if (!m_leaseLost.isEmpty())
        return finish(OperationRecord::State::Aborted, tr("%1; stopped before CLUSTER FAILOVER").arg(m_leaseLost));
    if (m_cancelRequested)
        return finish(OperationRecord::State::Cancelled,
                      tr("%1 before the failover (CLUSTER FAILOVER not sent)")
                          .arg(m_cancelReason.isEmpty() ? tr("cancelled by the operator") : m_cancelReason + tr(": cancelled")));
    const RespCommand command(ClusterFailoverRequest::commandArgs(m_plan.request.mode));
    enter(Phase::FailingOver, tr("%1 on %2").arg(command.redactedText(), m_plan.target.toString()));
    m_failoverSent = true;
    m_runner->step(m_plan.target, false, command, [this](const RedisResult &r, const OperationStep &) {
        if (!r.ok() && r.error().delivery() != RedisError::Delivery::Unknown) {
            const QString hint = r.error().kind() == RedisError::Kind::NeedsForce
                ? tr(" — the master is down or failed: run it again with --force")
                : QString();
            return finish(OperationRecord::State::Failed, tr("CLUSTER FAILOVER refused: %1%2").arg(OperationRunner::failureText(r), hint));
        }
        if (!r.ok()) {
            // Sent, no reply: read what happened, never resend.
            m_outcomeUnknown = true;
            m_runner->note(QStringLiteral("failoverReplyUnknown"), OperationRunner::failureText(r));
        }
        verify();
    });
}

void ClusterFailoverExecutor::verify()
{
    enter(Phase::Verifying, tr("Verifying: ROLE on %1 and CLUSTER NODES from %2 nodes, within %3 ms")
                                .arg(m_plan.target.toString())
                                .arg(m_plan.observers.size())
                                .arg(m_plan.deadlineMs()));
    ClusterFailoverVerifier::Target t;
    t.newMaster = m_plan.target;
    t.newMasterId = m_plan.targetId;
    t.oldMaster = m_plan.oldMaster;
    t.oldMasterId = m_plan.oldMasterId;
    t.configEpochBefore = m_result.configEpochBefore >= 0 ? m_result.configEpochBefore : m_plan.masterConfigEpoch;
    // The coordinated failover turns the old master into a replica as part of it; FORCE and
    // TAKEOVER run when it may be down: its return is tracked, not required.
    t.requireOldMasterFollowing = m_plan.request.mode == Mode::Default;
    for (const Endpoint &o : std::as_const(m_plan.observers))
        if (o != m_plan.oldMaster || t.requireOldMasterFollowing)
            t.observers << o;
    t.minAgreeing = int(std::min<qsizetype>(2, t.observers.size()));
    for (const ClusterFailoverCandidate &c : std::as_const(m_plan.candidates))
        if (c.endpoint != m_plan.target)
            t.otherReplicaIds << c.id;
    m_verifier = new ClusterFailoverVerifier(t, m_runner, this);
    connect(m_verifier, &ClusterFailoverVerifier::finished, this, &ClusterFailoverExecutor::onVerified);
    m_verifier->start(m_plan.deadlineMs());
}

void ClusterFailoverExecutor::onVerified(ClusterFailoverVerifier::Outcome outcome, const QString &detail)
{
    m_result.promotedMs = m_runner->sinceBegin(m_verifier->promotedAtMs());
    m_result.oldMasterBackMs = m_runner->sinceBegin(m_verifier->oldMasterFollowingAtMs());
    m_result.configEpochAfter = m_verifier->configEpochAfter();
    switch (outcome) {
    case ClusterFailoverVerifier::Outcome::Verified: {
        m_result.promoted = m_plan.target;
        m_result.totalMs = m_runner->sinceBegin(m_verifier->verifiedAtMs());
        QString text = tr("verified: %1 is master (config epoch %2 -> %3), ROLE and CLUSTER NODES agree")
                           .arg(m_plan.target.toString())
                           .arg(m_result.configEpochBefore)
                           .arg(m_result.configEpochAfter);
        text += m_result.oldMasterBackMs >= 0 ? tr("; %1 follows it").arg(m_plan.oldMaster.toString())
                                              : tr("; %1 has not rejoined as a replica yet").arg(m_plan.oldMaster.toString());
        if (m_plan.request.mode == Mode::Default && m_verifier->oldMasterFailedAtPromotion()) {
            // The coordinated failover cannot run against a failed master: the cluster's own did it.
            m_result.overtaken = true;
            text += tr("; the cluster had flagged %1 failed when %2 was promoted: an automatic failover probably "
                       "overtook the manual one").arg(m_plan.oldMaster.toString(), m_plan.target.toString());
        }
        return finish(OperationRecord::State::Succeeded, text);
    }
    case ClusterFailoverVerifier::Outcome::Overtaken:
        m_result.overtaken = true;
        m_result.promoted = m_verifier->promotedInstead();
        return finish(OperationRecord::State::Aborted,
                      tr("an automatic failover overtook the manual one: %1").arg(detail));
    case ClusterFailoverVerifier::Outcome::StillReplica:
        m_result.serverTimedOut = true;
        return finish(OperationRecord::State::Failed,
                      m_plan.request.mode == Mode::Default
                          ? tr("the manual failover timed out on the server's side (manual failover timeout %1 ms): %2 "
                               "is still a replica; its log says \"Manual failover timed out\". Check the master's "
                               "replication to it and that the masters can vote (a replica whose own election "
                               "was cut short waits 4 × cluster-node-timeout before the next), then retry, or use "
                               "--force if the master is down")
                                .arg(m_plan.manualFailoverTimeoutMs)
                                .arg(m_plan.target.toString())
                          : tr("%1 is still a replica after %2 ms: the failover did not happen (%3)")
                                .arg(m_plan.target.toString())
                                .arg(m_plan.deadlineMs())
                                .arg(detail));
    case ClusterFailoverVerifier::Outcome::NotAgreed:
        m_result.promoted = m_plan.target;
        return finish(OperationRecord::State::Failed, tr("not verified within %1 ms: %2").arg(m_plan.deadlineMs()).arg(detail));
    }
}

void ClusterFailoverExecutor::finish(OperationRecord::State state, const QString &outcome)
{
    if (m_phase == Phase::Finished)
        return;
    if (m_result.totalMs < 0)
        m_result.totalMs = m_runner->elapsedMs();
    if (!m_leaseLost.isEmpty() && !outcome.startsWith(m_leaseLost)) // lost while verifying (reads only)
        return finish(OperationRecord::State::Aborted, m_leaseLost + QStringLiteral("; ") + outcome);
    m_result.state = state;
    m_result.outcome = outcome;
    m_result.details = QJsonObject{{QStringLiteral("promoted"), m_result.promoted.toString()},
                                   {QStringLiteral("totalMs"), m_result.totalMs},
                                   {QStringLiteral("promotedMs"), m_result.promotedMs},
                                   {QStringLiteral("oldMasterBackMs"), m_result.oldMasterBackMs},
                                   {QStringLiteral("currentEpochBefore"), m_result.currentEpochBefore},
                                   {QStringLiteral("configEpochBefore"), m_result.configEpochBefore},
                                   {QStringLiteral("configEpochAfter"), m_result.configEpochAfter},
                                   {QStringLiteral("overtaken"), m_result.overtaken},
                                   {QStringLiteral("serverTimedOut"), m_result.serverTimedOut},
                                   {QStringLiteral("replyUnknown"), m_outcomeUnknown}};
    log()->info("cluster failover of {} to {}: {}", m_plan.oldMaster.toString().toStdString(),
                m_plan.target.toString().toStdString(), outcome.toStdString());
    enter(Phase::Finished, outcome);
    m_runner->finish(state, outcome, m_result.details, [this] { emit finished(m_result); });
}

} // namespace ops
