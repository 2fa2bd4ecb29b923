#include "SentinelFailoverExecutor.h"

#include "OperationRunner.h"
#include "SentinelFailoverVerifier.h"
#include "core/Clock.h"
#include "discovery/InfoReply.h"
#include "discovery/RoleReply.h"
#include "discovery/SentinelReplies.h"
#include "monitor/SentinelSubscriber.h"

#include <memory>

namespace ops {

namespace {
constexpr qint64 kCatchUpPollMs = 10;    // the pause is running: look often
constexpr qint64 kPromotionPollMs = 50;
constexpr qint64 kSentinelPollMs = 250;
constexpr qint64 kVerifyTimeoutMs = 30000;

/** Runs @p steps one after another (each calls its continuation), then @p done. */
void chain(std::shared_ptr<QList<std::function<void(std::function<void()>)>>> steps, int index, std::function<void()> done)
{
    if (index >= steps->size()) {
        done();
        return;
    }
    (*steps)[index]([steps, index, done] { chain(steps, index + 1, done); });
}
} // namespace

SentinelFailoverExecutor::SentinelFailoverExecutor(SentinelFailoverPlan plan, OperationRunner *runner, QObject *parent)
    : QObject(parent), m_plan(std::move(plan)), m_runner(runner)
{
    qRegisterMetaType<ops::SentinelFailoverExecutor::Result>();
}

SentinelFailoverExecutor::~SentinelFailoverExecutor() = default;

void SentinelFailoverExecutor::enter(Phase phase, const QString &text)
{
    m_phase = phase;
    emit phaseChanged(phase, text);
}

void SentinelFailoverExecutor::start()
{
    const auto notStarted = [this](const QString &outcome) {
        m_phase = Phase::Finished;
        m_result.state = OperationRecord::State::Failed;
        m_result.outcome = outcome;
        emit finished(m_result);
    };
    connect(m_runner, &OperationRunner::leaseLost, this, &SentinelFailoverExecutor::onLeaseLost);
    m_runner->begin([this] {
        for (const Endpoint &s : std::as_const(m_plan.sentinels)) {
            auto *sub = new SentinelSubscriber(m_runner->optionsFor(s, true), this);
            connect(sub, &SentinelSubscriber::eventReceived, this, &SentinelFailoverExecutor::onSentinelEvent);
            sub->start();
            m_subscribers << sub;
        }
        prefer();
    }, notStarted);
}

void SentinelFailoverExecutor::cancel(const QString &reason)
{
    if (m_phase == Phase::Finished || m_cancelRequested)
        return;
    m_cancelRequested = true;
    m_cancelReason = reason;
    if (m_failoverSent) {
        m_runner->note(QStringLiteral("cancelTooLate"), reason.isEmpty() ? tr("cancel") : reason);
        emit phaseChanged(m_phase, tr("Cancel noted: SENTINEL FAILOVER was already sent and cannot be taken back; "
                                      "finishing and verifying"));
        return;
    }
    const QString undo = undoText();
    emit phaseChanged(m_phase, tr("Stopping before SENTINEL FAILOVER: %1")
                                   .arg(undo.isEmpty() ? tr("nothing was changed yet") : undo + QStringLiteral(" …")));
}

QString SentinelFailoverExecutor::undoText() const
{
    QStringList undo;
    if (m_paused)
        undo << tr("lifting the write pause on %1").arg(m_plan.oldMaster.toString());
    if (m_prioritiesChanged) {
        QStringList nodes;
        for (const auto &[node, original] : std::as_const(m_plan.priorityChanges))
            nodes << tr("%1 to %2").arg(node.toString()).arg(original);
        undo << tr("restoring replica-priority (%1)").arg(nodes.join(QStringLiteral(", ")));
    }
    return undo.join(QStringLiteral(", "));
}

void SentinelFailoverExecutor::cancelled()
{
    abort(OperationRecord::State::Cancelled,
          tr("%1 before the failover (SENTINEL FAILOVER not sent)")
              .arg(m_cancelReason.isEmpty() ? tr("cancelled by the operator") : m_cancelReason + tr(": cancelled")));
}

void SentinelFailoverExecutor::onLeaseLost(const QString &message)
{
    if (m_phase == Phase::Finished || !m_leaseLost.isEmpty())
        return;
    m_leaseLost = message;
    emit phaseChanged(m_phase, tr("Stopping at the next safe point: %1").arg(message));
}

bool SentinelFailoverExecutor::stopHere()
{
    if (!m_leaseLost.isEmpty()) {
        abort(OperationRecord::State::Aborted,
              m_failoverSent ? tr("%1; SENTINEL FAILOVER had been sent, the old master was not demoted").arg(m_leaseLost)
                             : tr("%1; stopped before SENTINEL FAILOVER").arg(m_leaseLost));
        return true;
    }
    if (m_cancelRequested && !m_failoverSent) {
        cancelled();
        return true;
    }
    return false;
}

void SentinelFailoverExecutor::onSentinelEvent(const Endpoint &sentinel, const SentinelEvent &event)
{
    if (event.masterName != m_plan.request.masterName && event.instanceName != m_plan.request.masterName
        && !event.type.contains("failover") && event.type != "+switch-master")
        return;
    emit sentinelEvent(sentinel, event, m_runner->elapsedMs());
    if (event.type == "+switch-master" && event.newPort != 0)
        m_switchedTo = Endpoint{event.newHost, event.newPort};
    if (event.isFailoverAbort() && m_abortSeen.isEmpty())
        m_abortSeen = QString::fromUtf8(event.type + ' ' + event.payload);
}

void SentinelFailoverExecutor::prefer()
{
    if (m_cancelRequested)
        return cancelled(); // interrupted while the journal was opened: nothing was sent
    if (m_plan.priorityChanges.isEmpty()) {
        pause();
        return;
    }
    enter(Phase::Preferring, tr("Making %1 Sentinel's first choice").arg(m_plan.target.toString()));
    m_prioritiesChanged = true; // from the first attempt: restore() puts back what was sent
    auto steps = std::make_shared<QList<std::function<void(std::function<void()>)>>>();
    auto failed = std::make_shared<bool>(false);
    for (const auto &[node, original] : std::as_const(m_plan.priorityChanges)) {
        const int value = node == m_plan.target ? m_plan.targetPriority : 2;
        const Endpoint n = node;
        steps->append([this, n, value, failed](std::function<void()> next) {
            if (*failed || m_cancelRequested) // a cancel stops here too: restore() then sets every original back
                return next();
            if (stopHere()) {
                *failed = true;
                return next();
            }
            m_runner->step(n, false, RespCommand{"CONFIG", "SET", "replica-priority", QByteArray::number(value)},
                           [this, failed, next](const RedisResult &r, const OperationStep &) {
                               if (!r.ok() && !*failed) {
                                   *failed = true;
                                   abort(OperationRecord::State::Failed, tr("CONFIG SET replica-priority failed: %1").arg(OperationRunner::failureText(r)));
                               }
                               next();
                           });
        });
    }
    chain(steps, 0, [this, failed] {
        if (!*failed)
            awaitSentinelSeesPriority(m_runner->clock()->monotonicMs() + m_plan.request.sentinelConfigWaitMs);
    });
}

void SentinelFailoverExecutor::awaitSentinelSeesPriority(qint64 deadline)
{
    if (stopHere())
        return;
    m_runner->read(m_plan.sentinel, true, RespCommand{"SENTINEL", "REPLICAS", m_plan.request.masterName},
                   [this, deadline](const RedisResult &r) {
                       bool seen = false;
                       if (r.ok())
                           if (Parsed<QList<SentinelReplicaState>> list = parseSentinelReplicas(r.value()); list.ok())
                               for (const SentinelReplicaState &s : list.value())
                                   if (Endpoint{s.host, s.port} == m_plan.target)
                                       seen = s.replicaPriority == m_plan.targetPriority;
                       if (seen)
                           return pause();
                       if (m_runner->clock()->monotonicMs() > deadline)
                           return abort(OperationRecord::State::Failed,
                                        tr("sentinel %1 did not read the new replica-priority of %2 within %3 ms")
                                            .arg(m_plan.sentinel.toString(), m_plan.target.toString())
                                            .arg(m_plan.request.sentinelConfigWaitMs));
                       m_runner->clock()->callAfter(kSentinelPollMs, this, [this, deadline] { awaitSentinelSeesPriority(deadline); });
                   });
}

void SentinelFailoverExecutor::pause()
{
    if (stopHere())
        return;
    if (!graceful())
        return failover();
    enter(Phase::Pausing, tr("Pausing writes on %1").arg(m_plan.oldMaster.toString()));
    m_paused = true; // also when the reply is lost: UNPAUSE is harmless, a forgotten pause is not
    m_runner->step(m_plan.oldMaster, false,
                   RespCommand{"CLIENT", "PAUSE", QByteArray::number(m_plan.request.pauseTimeoutMs), "WRITE"},
                   [this](const RedisResult &r, const OperationStep &) {
                       if (!r.ok())
                           return abort(OperationRecord::State::Failed, tr("CLIENT PAUSE failed: %1").arg(OperationRunner::failureText(r)));
                       m_pausedAtMs = m_runner->elapsedMs();
                       enter(Phase::CatchingUp, tr("Waiting for %1 to receive every write").arg(m_plan.target.toString()));
                       awaitCatchUp(m_runner->clock()->monotonicMs() + m_plan.request.catchUpTimeoutMs);
                   });
}

// The master's view of a replica's offset is its last REPLCONF ACK (sent once a second): waiting
// for it would hold the pause up to a second for nothing. The replica's own processed offset is
// current, and with writes paused the master's offset no longer moves: compare the two.
void SentinelFailoverExecutor::awaitCatchUp(qint64 deadline)
{
    m_runner->read(m_plan.oldMaster, false, RespCommand{"INFO", "replication"}, [this, deadline](const RedisResult &m) {
        const qint64 masterOffset = m.ok() ? InfoReply::parse(m.value().bytes()).integer("master_repl_offset") : -1;
        m_runner->read(m_plan.target, false, RespCommand{"INFO", "replication"}, [this, deadline, m, masterOffset](const RedisResult &t) {
            const InfoReply target = t.ok() ? InfoReply::parse(t.value().bytes()) : InfoReply();
            const qint64 targetOffset = target.value("master_link_status") == "up" ? target.integer("slave_repl_offset") : -1;
            if (masterOffset >= 0 && targetOffset >= masterOffset) {
                m_runner->note(QStringLiteral("catchUpMs"), m_runner->elapsedMs() - m_pausedAtMs);
                m_runner->note(QStringLiteral("offsetAtSwitch"), masterOffset);
                return failover();
            }
            if (stopHere())
                return;
            if (m_runner->clock()->monotonicMs() > deadline) {
                QString state;
                if (!m.ok())
                    state = tr("master: %1").arg(OperationRunner::failureText(m));
                else if (!t.ok())
                    state = tr("target: %1").arg(OperationRunner::failureText(t));
                else if (targetOffset < 0)
                    state = tr("its link to the master is %1").arg(QString::fromUtf8(target.value("master_link_status")));
                else
                    state = tr("%1 B behind").arg(masterOffset - targetOffset);
                return abort(OperationRecord::State::Failed, tr("%1 did not catch up within %2 ms (%3)")
                                                                 .arg(m_plan.target.toString())
                                                                 .arg(m_plan.request.catchUpTimeoutMs)
                                                                 .arg(state));
            }
            m_runner->clock()->callAfter(kCatchUpPollMs, this, [this, deadline] { awaitCatchUp(deadline); });
        });
    });
}

void SentinelFailoverExecutor::failover()
{
    if (stopHere())
        return;
    enter(Phase::FailingOver, tr("SENTINEL FAILOVER %1 on %2").arg(QString::fromUtf8(m_plan.request.masterName),
                                                                   m_plan.sentinel.toString()));
    m_failoverSent = true;
    m_runner->step(m_plan.sentinel, true, RespCommand{"SENTINEL", "FAILOVER", m_plan.request.masterName},
                   [this](const RedisResult &r, const OperationStep &) {
                       if (!r.ok() && r.error().delivery() != RedisError::Delivery::Unknown)
                           return abort(OperationRecord::State::Failed, tr("SENTINEL FAILOVER refused: %1").arg(OperationRunner::failureText(r)));
                       // OK, or outcome unknown: either way the promotion wait reads what really happened.
                       enter(Phase::AwaitingPromotion, tr("Waiting for %1 to become master").arg(m_plan.target.toString()));
                       awaitPromotion(m_runner->clock()->monotonicMs() + m_plan.request.promotionTimeoutMs);
                   });
}

void SentinelFailoverExecutor::awaitPromotion(qint64 deadline)
{
    if (stopHere())
        return;
    if (!m_abortSeen.isEmpty())
        return abort(OperationRecord::State::Aborted, tr("Sentinel aborted the failover: %1").arg(m_abortSeen));
    m_runner->read(m_plan.target, false, RespCommand{"ROLE"}, [this, deadline](const RedisResult &r) {
        const Parsed<RoleInfo> role = r.ok() ? parseRole(r.value()) : Parsed<RoleInfo>(ParseError{});
        if (role.ok() && role.value().role == RoleInfo::Role::Master) {
            m_result.promoted = m_plan.target;
            m_runner->note(QStringLiteral("promotedAtMs"), m_runner->elapsedMs());
            if (graceful())
                return demote();
            return restore([this] { verify(); });
        }
        if (m_switchedTo.isValid() && m_switchedTo != m_plan.target && m_switchedTo != m_plan.oldMaster) {
            // Sentinel chose by its own (older) view of the offsets: report it, verify that one.
            m_result.promoted = m_switchedTo;
            m_runner->note(QStringLiteral("promotedInstead"), m_switchedTo.toString());
            if (graceful())
                return demote();
            return restore([this] { verify(); });
        }
        if (m_runner->clock()->monotonicMs() <= deadline) {
            m_runner->clock()->callAfter(kPromotionPollMs, this, [this, deadline] { awaitPromotion(deadline); });
            return;
        }
        // Did Sentinel pick another replica? Ask it before calling this a failure.
        m_runner->read(m_plan.sentinel, true, RespCommand{"SENTINEL", "GET-MASTER-ADDR-BY-NAME", m_plan.request.masterName},
                       [this](const RedisResult &addr) {
                           Endpoint named;
                           if (addr.ok() && addr.value().isArray() && addr.value().size() == 2)
                               named = Endpoint{QString::fromUtf8(addr.value()[0].bytes()), addr.value()[1].bytes().toUShort()};
                           if (named.isValid() && named != m_plan.oldMaster) {
                               m_result.promoted = named;
                               m_runner->note(QStringLiteral("promotedInstead"), named.toString());
                               if (graceful())
                                   return demote();
                               return restore([this] { verify(); });
                           }
                           abort(OperationRecord::State::Failed,
                                 tr("no promotion within %1 ms (sentinel still names %2)")
                                     .arg(m_plan.request.promotionTimeoutMs)
                                     .arg(named.isValid() ? named.toString() : OperationRunner::failureText(addr)));
                       });
    });
}

void SentinelFailoverExecutor::demote()
{
    if (stopHere())
        return;
    enter(Phase::Demoting, tr("Turning %1 into a replica of %2").arg(m_plan.oldMaster.toString(), m_result.promoted.toString()));
    const Endpoint to = m_result.promoted;
    m_runner->step(m_plan.oldMaster, false, RespCommand{"REPLICAOF", to.host.toUtf8(), QByteArray::number(to.port)},
                   [this](const RedisResult &r, const OperationStep &) {
                       if (!r.ok())
                           m_runner->note(QStringLiteral("demoteError"), OperationRunner::failureText(r)); // Sentinel converts it later itself
                       resume([this] { restore([this] { verify(); }); });
                   });
}

void SentinelFailoverExecutor::resume(std::function<void()> then)
{
    if (!m_paused)
        return then();
    enter(Phase::Resuming, tr("Resuming clients on %1").arg(m_plan.oldMaster.toString()));
    m_runner->step(m_plan.oldMaster, false, RespCommand{"CLIENT", "UNPAUSE"},
                   [this, then](const RedisResult &r, const OperationStep &) {
                       m_paused = false; // on error the server-side bound still ends it
                       if (m_pausedAtMs >= 0)
                           m_result.pauseMs = m_runner->elapsedMs() - m_pausedAtMs;
                       if (!r.ok())
                           m_runner->note(QStringLiteral("unpauseError"),
                                          OperationRunner::failureText(r) + QStringLiteral("; the pause ends by itself after %1 ms")
                                                       .arg(m_plan.request.pauseTimeoutMs));
                       then();
                   });
}

void SentinelFailoverExecutor::restore(std::function<void()> then)
{
    if (!m_prioritiesChanged)
        return then();
    m_prioritiesChanged = false;
    enter(Phase::Restoring, tr("Restoring replica-priority"));
    auto steps = std::make_shared<QList<std::function<void(std::function<void()>)>>>();
    for (const auto &[node, original] : std::as_const(m_plan.priorityChanges)) {
        const Endpoint n = node;
        const int value = original;
        steps->append([this, n, value](std::function<void()> next) {
            m_runner->step(n, false, RespCommand{"CONFIG", "SET", "replica-priority", QByteArray::number(value)},
                           [this, n, next](const RedisResult &r, const OperationStep &) {
                               if (!r.ok())
                                   m_runner->note(QStringLiteral("restoreError:") + n.toString(), OperationRunner::failureText(r));
                               next();
                           });
        });
    }
    chain(steps, 0, then);
}

void SentinelFailoverExecutor::verify()
{
    enter(Phase::Verifying, tr("Verifying: every sentinel names %1, the replicas follow it").arg(m_result.promoted.toString()));
    SentinelFailoverVerifier::Target t;
    t.masterName = m_plan.request.masterName;
    t.newMaster = m_result.promoted;
    t.oldMaster = m_plan.oldMaster;
    t.sentinels = m_plan.sentinels;
    for (const FailoverCandidate &c : std::as_const(m_plan.candidates))
        if (c.endpoint != m_result.promoted && c.linkUp)
            t.otherReplicas << c.endpoint;
    t.requireOldMasterFollowing = graceful();
    m_verifier = new SentinelFailoverVerifier(t, m_runner, this);
    connect(m_verifier, &SentinelFailoverVerifier::finished, this, [this](bool ok, const QString &missing) {
        const qint64 back = m_verifier->oldMasterFollowingAtMs();
        m_result.oldMasterBackMs = m_runner->sinceBegin(back);
        if (ok) {
            m_result.totalMs = m_runner->sinceBegin(m_verifier->verifiedAtMs());
            finish(OperationRecord::State::Succeeded,
                   tr("verified: %1 is master, every sentinel names it%2")
                       .arg(m_result.promoted.toString(),
                            m_result.oldMasterBackMs >= 0 ? tr(", %1 follows it").arg(m_plan.oldMaster.toString())
                                                          : tr("; %1 has not rejoined as a replica yet").arg(m_plan.oldMaster.toString())));
        } else {
            finish(OperationRecord::State::Failed, tr("not verified within %1 ms: %2").arg(kVerifyTimeoutMs).arg(missing));
        }
    });
    m_verifier->start(kVerifyTimeoutMs);
}

void SentinelFailoverExecutor::abort(OperationRecord::State state, const QString &reason)
{
    if (m_phase == Phase::Finished)
        return;
    const QString undo = undoText();
    enter(m_phase, undo.isEmpty() ? tr("Stopping: %1").arg(reason) : tr("Stopping: %1; %2").arg(reason, undo));
    // The outcome says what was put back (failures to do so are in the details as notes).
    QStringList undone;
    if (m_paused)
        undone << tr("writes resumed on %1").arg(m_plan.oldMaster.toString());
    if (m_prioritiesChanged)
        undone << tr("replica-priority restored");
    const QString outcome = undone.isEmpty() ? reason : reason + QStringLiteral("; ") + undone.join(QStringLiteral(", "));
    resume([this, state, outcome] { restore([this, state, outcome] { finish(state, outcome); }); });
}

void SentinelFailoverExecutor::finish(OperationRecord::State state, const QString &outcome)
{
    if (m_phase == Phase::Finished)
        return;
    if (m_result.totalMs < 0)
        m_result.totalMs = m_runner->elapsedMs();
    if (!m_leaseLost.isEmpty() && !outcome.startsWith(m_leaseLost)) { // lost while verifying (reads only)
        return finish(OperationRecord::State::Aborted, m_leaseLost + QStringLiteral("; ") + outcome);
    }
    m_result.state = state;
    m_result.outcome = outcome;
    m_result.details = QJsonObject{{QStringLiteral("promoted"), m_result.promoted.toString()},
                                   {QStringLiteral("totalMs"), m_result.totalMs},
                                   {QStringLiteral("pauseMs"), m_result.pauseMs},
                                   {QStringLiteral("oldMasterBackMs"), m_result.oldMasterBackMs}};
    enter(Phase::Finished, outcome);
    for (SentinelSubscriber *s : std::as_const(m_subscribers))
        s->deleteLater();
    m_subscribers.clear();
    m_runner->finish(state, outcome, m_result.details, [this] { emit finished(m_result); });
}

} // namespace ops
