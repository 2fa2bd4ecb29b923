#include "FixExecutor.h"

#include "MigrateSlotMover.h"
#include "actions/ClusterSurveyor.h"
#include "actions/OperationRunner.h"
#include "core/Clock.h"
#include "core/RetryLoop.h"

#include <QSet>

#include <memory>

namespace ops {

FixExecutor::FixExecutor(FixPlan plan, OperationRunner *runner, QObject *parent)
    : QObject(parent), m_plan(std::move(plan)), m_runner(runner), m_limiter(m_plan.tuning.maxKeysPerSecond)
{
    qRegisterMetaType<ops::FixExecutor::Result>();
}

FixExecutor::~FixExecutor() = default;

void FixExecutor::start()
{
    m_runner->begin([this] { next(); }, [this](const QString &outcome) { finish(OperationRecord::State::Failed, outcome); });
}

void FixExecutor::cancel(const QString &reason)
{
    if (m_failed || !m_cancelReason.isEmpty())
        return;
    m_cancelReason = reason;
    if (m_index >= m_plan.fixes.size())
        return emit phaseChanged(QStringLiteral("Cancel noted: every fix was sent; verifying"));
    emit phaseChanged(m_index < 0 ? QStringLiteral("Stopping before the first slot: nothing to undo")
                                  : QStringLiteral("Stopping once slot %1 is fixed (a slot is never left half-done); "
                                                   "the slots after it are left as they are")
                                        .arg(m_plan.fixes[m_index].slot));
}

void FixExecutor::next()
{
    if (m_failed)
        return;
    while (++m_index < m_plan.fixes.size()) {
        const SlotFix &f = m_plan.fixes[m_index];
        if (f.kind == SlotFix::Kind::Refused)
            continue;
        if (!m_cancelReason.isEmpty()) {
            m_failed = true; // nothing more is sent
            const int total = int(m_plan.fixes.size()) - m_plan.count(SlotFix::Kind::Refused);
            return finish(OperationRecord::State::Cancelled,
                          QStringLiteral("%1: cancelled after fixing %2 of %3 slot(s); the other %4 are left as they were "
                                         "(not verified): run fix again")
                              .arg(m_cancelReason).arg(m_fixed).arg(total).arg(total - m_fixed));
        }
        if (m_assigned && !m_stateChecked && f.kind != SlotFix::Kind::Assign) {
            --m_index; // this fix again once the cluster is up
            m_stateChecked = true;
            return waitClusterOk([this] { next(); });
        }
        emit phaseChanged(QStringLiteral("slot %1: %2").arg(f.slot).arg(SlotFix::kindName(f.kind)));
        switch (f.kind) {
        case SlotFix::Kind::Stable:
            return stable(f.source, f.slot, [this] { ++m_fixed, next(); });
        case SlotFix::Kind::Assign:
            return assign(f);
        case SlotFix::Kind::ReturnKeys:
            return returnKeys(f);
        case SlotFix::Kind::FinishMove:
            return finishMove(f);
        case SlotFix::Kind::Refused:
            break;
        }
    }
    verify();
}

void FixExecutor::stable(const ReshardNode &node, int slot, std::function<void()> then)
{
    m_runner->step(node.endpoint, false, RespCommand{"CLUSTER", "SETSLOT", QByteArray::number(slot), "STABLE"},
                   [this, node, slot, then](const RedisResult &r, const OperationStep &) {
                       if (!r.ok())
                           return fail(QStringLiteral("slot %1: STABLE on %2 failed: %3")
                                           .arg(slot)
                                           .arg(node.endpoint.toString(), OperationRunner::failureText(r)));
                       then();
                   });
}

void FixExecutor::assign(const SlotFix &fix)
{
    m_runner->step(fix.target.endpoint, false, RespCommand{"CLUSTER", "ADDSLOTS", QByteArray::number(fix.slot)},
                   [this, fix](const RedisResult &r, const OperationStep &) {
                       if (!r.ok())
                           return fail(QStringLiteral("slot %1: ADDSLOTS on %2 failed: %3")
                                           .arg(fix.slot)
                                           .arg(fix.target.endpoint.toString(), OperationRunner::failureText(r)));
                       // A new epoch makes the claim win over any stale view in the cluster.
                       m_runner->step(fix.target.endpoint, false, RespCommand{"CLUSTER", "BUMPEPOCH"},
                                      [this](const RedisResult &, const OperationStep &) {
                                          ++m_fixed;
                                          m_assigned = true;
                                          next();
                                      });
                   });
}

void FixExecutor::returnKeys(const SlotFix &fix)
{
    m_runner->openStep(fix.source.endpoint,
                       QStringLiteral("CLUSTER GETKEYSINSLOT %1 %2 + MIGRATE %3 %4 \"\" 0 %5 KEYS <keys>, until no key is left")
                           .arg(fix.slot)
                           .arg(m_plan.tuning.batchKeys)
                           .arg(fix.target.endpoint.host)
                           .arg(fix.target.endpoint.port)
                           .arg(m_plan.tuning.migrateTimeoutMs),
                       [this, fix](const OperationStep &step, const QString &notStored) {
                           if (!notStored.isEmpty())
                               return fail(notStored);
                           returnBatch(fix, step, 0);
                       });
}

void FixExecutor::returnBatch(const SlotFix &fix, const OperationStep &step, qint64 moved)
{
    const QString lane = QStringLiteral("fix");
    m_runner->send(fix.source.endpoint, lane,
                   RespCommand{"CLUSTER", "GETKEYSINSLOT", QByteArray::number(fix.slot), QByteArray::number(m_plan.tuning.batchKeys)},
                   [this, fix, step, moved, lane](const RedisResult &r) {
                       if (!r.ok() || !r.value().isArray()) {
                           m_runner->closeStep(step, OperationStep::State::Failed, OperationRunner::failureText(r));
                           return fail(QStringLiteral("slot %1: GETKEYSINSLOT on %2 failed").arg(fix.slot).arg(fix.source.endpoint.toString()));
                       }
                       if (r.value().size() == 0) {
                           m_runner->closeStep(step, OperationStep::State::Answered, QStringLiteral("%1 keys returned").arg(moved));
                           return stable(fix.source, fix.slot, [this] { ++m_fixed, next(); });
                       }
                       RespCommand migrate{"MIGRATE", fix.target.endpoint.host.toUtf8(), QByteArray::number(fix.target.endpoint.port), "", "0",
                                           QByteArray::number(m_plan.tuning.migrateTimeoutMs)};
                       const ConnectionOptions o = m_runner->optionsFor(Endpoint{}, false);
                       if (!o.password.isEmpty()) {
                           if (o.user.isEmpty())
                               migrate << QByteArrayLiteral("AUTH") << o.password;
                           else
                               migrate << QByteArrayLiteral("AUTH2") << o.user.toUtf8() << o.password;
                       }
                       migrate << QByteArrayLiteral("KEYS");
                       for (const RespValue &k : r.value().elements())
                           migrate << k.bytes();
                       const qint64 n = qint64(r.value().size());
                       m_runner->send(fix.source.endpoint, lane, migrate, [this, fix, moved, n, step](const RedisResult &m) {
                           if (!m.ok()) {
                               m_runner->closeStep(step, OperationStep::State::Failed, OperationRunner::failureText(m));
                               return fail(QStringLiteral("slot %1: MIGRATE from %2 to the owner failed: %3%4")
                                               .arg(fix.slot)
                                               .arg(fix.source.endpoint.toString(), OperationRunner::failureText(m),
                                                    m.error().message().contains(QLatin1String("BUSYKEY"))
                                                        ? QStringLiteral(" (the owner has some of these keys too: compare "
                                                                         "them and delete the wrong copy, then fix again)")
                                                        : QString()));
                           }
                           returnBatch(fix, step, moved + n);
                       }, m_plan.tuning.migrateTimeoutMs + 5000);
                   });
}

void FixExecutor::finishMove(const SlotFix &fix)
{
    auto move = [this, fix] {
        MigrateSlotMover::Config c;
        c.pair = SlotMovePair{fix.source, fix.target, {fix.slot}, 0, {}};
        c.masters = m_plan.masters;
        c.lane = QStringLiteral("fix");
        c.windowSlots = 1;
        c.batchKeys = m_plan.tuning.batchKeys;
        c.migrateTimeoutMs = m_plan.tuning.migrateTimeoutMs;
        c.replaceConflicts = m_plan.tuning.replaceConflicts;
        const ConnectionOptions o = m_runner->optionsFor(Endpoint{}, false);
        if (!o.password.isEmpty())
            c.migrateAuth = o.user.isEmpty() ? QList<QByteArray>{"AUTH", o.password}
                                             : QList<QByteArray>{"AUTH2", o.user.toUtf8(), o.password};
        auto *mover = new MigrateSlotMover(c, m_runner, &m_limiter, this);
        connect(mover, &SlotMover::finished, this, [this, mover] {
            mover->deleteLater();
            ++m_fixed;
            next();
        });
        connect(mover, &SlotMover::failed, this, [this, mover, fix](const QString &reason, const QString &state) {
            mover->deleteLater();
            fail(QStringLiteral("slot %1: finishing the move failed: %2; %3").arg(fix.slot).arg(reason, state));
        });
        mover->start();
    };
    if (fix.stableFirst.isEmpty())
        return move();
    auto left = std::make_shared<int>(int(fix.stableFirst.size()));
    for (const ReshardNode &n : fix.stableFirst)
        stable(n, fix.slot, [left, move] {
            if (--*left == 0)
                move();
        });
}

void FixExecutor::waitClusterOk(std::function<void()> then)
{
    // After ADDSLOTS the others learn the owner by gossip; MIGRATE is refused until every master
    // says cluster_state:ok.
    emit phaseChanged(QStringLiteral("waiting for cluster_state ok on every master"));
    const qint64 until = m_runner->clock()->monotonicMs() + 15000;
    runRetrying(m_runner->clock(), this, 200, [this, then, until](const std::function<void()> &again) {
        ClusterSurveyor::Options o;
        for (const ReshardNode &m : std::as_const(m_plan.masters))
            o.seeds << m.endpoint;
        o.dataOptions = m_runner->optionsFor(Endpoint{}, false);
        o.timeoutMs = 2000;
        auto *surveyor = new ClusterSurveyor(o, this);
        connect(surveyor, &ClusterSurveyor::finished, this, [this, surveyor, then, until, again](const ClusterSurvey &s) {
            surveyor->deleteLater();
            bool ok = true;
            for (const ClusterNodeView &v : s.nodes)
                ok = ok && (!v.reachable() || v.isReplica() || v.clusterState() == "ok");
            if (ok)
                return then();
            if (m_runner->clock()->monotonicMs() >= until)
                return fail(QStringLiteral("the cluster did not report cluster_state ok within 15 s of the slots' assignment"));
            again();
        });
        surveyor->start();
    });
}

void FixExecutor::verify()
{
    emit phaseChanged(QStringLiteral("verifying: owners, no open slot but the refused ones"));
    ReshardVerifier::Input in;
    for (const ReshardNode &m : std::as_const(m_plan.masters))
        in.nodes << m.endpoint;
    in.dataOptions = m_runner->optionsFor(Endpoint{}, false);
    in.dataOptions.clientName = m_runner->clientName();
    for (const SlotFix &f : std::as_const(m_plan.fixes)) {
        if (f.kind == SlotFix::Kind::Refused)
            in.leftOpen.insert(f.slot);
        else if (f.kind == SlotFix::Kind::FinishMove || f.kind == SlotFix::Kind::ReturnKeys || f.kind == SlotFix::Kind::Assign)
            in.owners.insert(f.slot, f.target.id);
    }
    auto *verifier = new ReshardVerifier(in, m_runner->clock(), this);
    connect(verifier, &ReshardVerifier::finished, this, [this, verifier](const ReshardVerifier::Result &r) {
        verifier->deleteLater();
        const int refused = m_plan.count(SlotFix::Kind::Refused);
        if (!r.verified)
            return finish(OperationRecord::State::Failed,
                          QStringLiteral("fixed %1 slot(s) but NOT verified: %2").arg(m_fixed).arg(r.problems.join(QStringLiteral("; "))));
        finish(OperationRecord::State::Succeeded,
               QStringLiteral("fixed %1 slot(s), verified (%2)%3")
                   .arg(m_fixed)
                   .arg(r.notes.join(QStringLiteral("; ")),
                        refused > 0 ? QStringLiteral("; %1 slot(s) refused and left as they were").arg(refused) : QString()));
    });
    verifier->start();
}

void FixExecutor::fail(const QString &why)
{
    if (m_failed)
        return;
    m_failed = true;
    finish(OperationRecord::State::Failed, QStringLiteral("stopped after fixing %1 slot(s): %2").arg(m_fixed).arg(why));
}

void FixExecutor::finish(OperationRecord::State state, const QString &outcome)
{
    m_result.state = state;
    m_result.outcome = outcome;
    m_result.fixed = m_fixed;
    m_result.refused = m_plan.count(SlotFix::Kind::Refused);
    m_result.totalMs = m_runner->elapsedMs();
    m_result.details = QJsonObject{{QStringLiteral("fixed"), m_fixed},
                                   {QStringLiteral("refused"), m_result.refused},
                                   {QStringLiteral("totalMs"), m_result.totalMs}};
    m_runner->finish(state, outcome, m_result.details, [this] { emit finished(m_result); });
}

} // namespace ops
