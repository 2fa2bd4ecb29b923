#include "ReshardExecutor.h"

#include "MigrateSlotMover.h"
#include "actions/OperationRunner.h"
#include "core/Clock.h"
#include "core/Logging.h"

#include <QJsonArray>

#include <memory>

namespace ops {

namespace {
auto log() { return Logging::get("reshard"); }
constexpr qint64 kRateWindowMs = 5000;
} // namespace

ReshardExecutor::ReshardExecutor(ReshardPlan plan, OperationRunner *runner, QObject *parent)
    : QObject(parent), m_plan(std::move(plan)), m_runner(runner), m_limiter(m_plan.request.maxKeysPerSecond)
{
    qRegisterMetaType<ops::ReshardExecutor::Result>();
    qRegisterMetaType<ops::ReshardProgress>();
    m_progressTimer.setInterval(250);
    connect(&m_progressTimer, &QTimer::timeout, this, &ReshardExecutor::publishProgress);
}

ReshardExecutor::~ReshardExecutor() = default;

QList<QByteArray> ReshardExecutor::migrateAuth() const
{
    const ConnectionOptions o = m_runner->optionsFor(Endpoint{}, false);
    if (o.password.isEmpty())
        return {};
    if (o.user.isEmpty())
        return {QByteArrayLiteral("AUTH"), o.password};
    return {QByteArrayLiteral("AUTH2"), o.user.toUtf8(), o.password};
}

void ReshardExecutor::start()
{
    emit phaseChanged(m_resuming ? QStringLiteral("journaling the resumed operation")
                                 : QStringLiteral("journaling the operation"));
    for (auto it = m_plan.alreadyMoved.cbegin(); it != m_plan.alreadyMoved.cend(); ++it)
        m_moved.insert(it.key(), it.value());
    auto started = [this] {
        createStreams();
        closeLeftovers([this] {
            emit phaseChanged(QStringLiteral("moving %1 slots in %2 stream(s)")
                                  .arg(m_plan.slotCount() - m_plan.closeOnlyCount())
                                  .arg(m_streams.size()));
            m_progressTimer.start();
            startEligible();
            checkAllIdle(); // nothing to move (resume): straight to verification
        });
    };
    auto notStarted = [this](const QString &outcome) {
        m_result.state = OperationRecord::State::Failed;
        m_result.outcome = outcome;
        emit finished(m_result);
    };
    // A lost lease stops the move like the operator's cancel: the open windows close (no slot is
    // left open), no new window opens, then the verification (reads only) and an Aborted outcome.
    connect(m_runner, &OperationRunner::leaseLost, this, [this](const QString &message) {
        if (!m_leaseLost.isEmpty() || m_verifying)
            return;
        m_leaseLost = message;
        emit phaseChanged(QStringLiteral("%1: closing the open windows, no new one opens").arg(message));
        cancel();
    });
    if (m_resuming)
        m_runner->resume(started, notStarted);
    else
        m_runner->begin(started, notStarted);
}

void ReshardExecutor::createStreams()
{
    // Stream k of every pair before stream k + 1 of any: the per-node limit admits streams in
    // this order (startEligible), so pairs sharing a target all move at once.
    const int perPair = std::max(1, m_plan.request.streamsPerPair);
    for (int k = 0; k < perPair; ++k) {
        for (const SlotMovePair &pair : std::as_const(m_plan.pairs)) {
            const qsizetype n = pair.slotList.size();
            const int parts = int(std::min<qsizetype>(perPair, n));
            if (k >= parts)
                continue;
            Stream s;
            s.pair = pair;
            s.pair.slotList = pair.slotList.mid(k * n / parts, (k + 1) * n / parts - k * n / parts);
            m_streams << s;
        }
    }
    for (int i = 0; i < m_streams.size(); ++i) {
        MigrateSlotMover::Config c;
        c.pair = m_streams[i].pair;
        c.masters = m_plan.masters;
        c.lane = QStringLiteral("r%1").arg(i);
        c.windowSlots = m_plan.windowSlotsFor(m_streams[i].pair);
        c.batchKeys = m_plan.effectiveBatchKeys();
        c.migrateTimeoutMs = m_plan.effectiveMigrateTimeoutMs();
        c.replaceConflicts = m_plan.request.replaceConflicts;
        c.migrateAuth = migrateAuth();
        auto *mover = new MigrateSlotMover(c, m_runner, &m_limiter, this);
        m_streams[i].mover = mover;
        connect(mover, &SlotMover::windowOpened, this, [this, i](const QList<int> &) {
            m_streams[i].state = QStringLiteral("moving");
            if (m_firstWindowMs < 0)
                m_firstWindowMs = m_runner->clock()->monotonicMs();
        });
        connect(mover, &SlotMover::keysMoved, this, [this, i](int, int keys) {
            m_streams[i].keysMoved += keys;
            m_keysMoved += keys;
        });
        connect(mover, &SlotMover::slotsMoved, this, [this, i](const QList<SlotMover::SlotCount> &counts) {
            m_streams[i].slotsDone += int(counts.size());
            m_counts << counts;
            for (const SlotMover::SlotCount &count : counts)
                m_moved.insert(count.slot, m_streams[i].pair.target.id);
            m_lastWindowMs = m_runner->clock()->monotonicMs();
        });
        connect(mover, &SlotMover::warning, this, [this](const QString &text) {
            m_result.warnings << text;
            emit warning(text);
        });
        connect(mover, &SlotMover::paused, this, [this, i] {
            m_streams[i].state = QStringLiteral("paused");
            checkAllIdle();
        });
        connect(mover, &SlotMover::stopped, this, [this, i] { onStreamEnded(i, QStringLiteral("stopped")); });
        connect(mover, &SlotMover::finished, this, [this, i] { onStreamEnded(i, QStringLiteral("done")); });
        connect(mover, &SlotMover::failed, this, [this, i](const QString &reason, const QString &state) {
            if (m_failure.isEmpty()) {
                m_failure = QStringLiteral("%1 -> %2: %3")
                                .arg(m_streams[i].pair.source.endpoint.toString(),
                                     m_streams[i].pair.target.endpoint.toString(), reason);
                m_failureState = state;
                log()->error("reshard {} stream {} failed: {}", m_runner->record().id.toStdString(), i,
                             reason.toStdString());
                cancel();
            }
            onStreamEnded(i, QStringLiteral("failed"));
        });
    }
}

void ReshardExecutor::closeLeftovers(std::function<void()> then)
{
    auto left = std::make_shared<int>(1);
    auto oneDone = [left, then] {
        if (--*left == 0)
            then();
    };
    for (const SlotMovePair &pair : std::as_const(m_plan.pairs)) {
        if (pair.closeOnly.isEmpty())
            continue;
        emit phaseChanged(QStringLiteral("closing %1 slot(s) whose keys are on %2 already")
                              .arg(pair.closeOnly.size())
                              .arg(pair.target.endpoint.toString()));
        QList<RespCommand> commands;
        for (int s : pair.closeOnly)
            commands << RespCommand{"CLUSTER", "SETSLOT", QByteArray::number(s), "NODE", pair.target.id};
        const QString text = QStringLiteral("CLUSTER SETSLOT <slot> NODE %1 for slots %2 (%3)")
                                 .arg(QString::fromLatin1(pair.target.id), slotListText(pair.closeOnly))
                                 .arg(pair.closeOnly.size());
        // The target first (it may still list them importing), then the source, then the others.
        QList<ReshardNode> order{pair.target, pair.source};
        for (const ReshardNode &m : std::as_const(m_plan.masters))
            if (m.id != pair.source.id && m.id != pair.target.id)
                order << m;
        for (const ReshardNode &node : std::as_const(order)) {
            ++*left;
            m_runner->batchStep(node.endpoint, QStringLiteral("close"), commands, text,
                                [this, node, pair, oneDone](const QList<RedisResult> &results, const OperationStep &) {
                                    for (const RedisResult &r : results)
                                        if (!r.ok()) {
                                            const QString w = QStringLiteral("SETSLOT NODE on %1: %2 (verification "
                                                                             "checks what the cluster says)")
                                                                  .arg(node.endpoint.toString(), OperationRunner::failureText(r));
                                            m_result.warnings << w;
                                            emit warning(w);
                                            break;
                                        }
                                    for (int s : pair.closeOnly)
                                        m_moved.insert(s, pair.target.id);
                                    oneDone();
                                });
        }
    }
    oneDone();
}

int ReshardExecutor::activeOn(const QByteArray &id) const
{
    int n = 0;
    for (const Stream &s : m_streams)
        if (s.started && !s.ended && (s.pair.source.id == id || s.pair.target.id == id))
            ++n;
    return n;
}

void ReshardExecutor::startEligible()
{
    if (m_cancelled || m_paused)
        return;
    const int limit = std::max(1, m_plan.request.maxStreamsPerNode);
    for (Stream &s : m_streams) {
        if (s.started || s.ended)
            continue;
        if (activeOn(s.pair.source.id) >= limit || activeOn(s.pair.target.id) >= limit)
            continue;
        s.started = true;
        s.mover->start();
    }
}

void ReshardExecutor::pause()
{
    if (m_paused || m_cancelled || m_verifying)
        return;
    m_paused = true;
    emit phaseChanged(QStringLiteral("pausing: the open windows finish first"));
    for (Stream &s : m_streams)
        if (s.started && !s.ended)
            s.mover->pause();
    checkAllIdle();
}

void ReshardExecutor::resume()
{
    if (!m_paused || m_cancelled)
        return;
    m_paused = false;
    emit pausedChanged(false);
    emit phaseChanged(QStringLiteral("resumed"));
    for (Stream &s : m_streams)
        if (s.started && !s.ended) {
            s.state = QStringLiteral("moving");
            s.mover->start();
        }
    startEligible();
}

void ReshardExecutor::cancel()
{
    if (m_cancelled)
        return;
    m_cancelled = true;
    if (m_failure.isEmpty())
        emit phaseChanged(QStringLiteral("cancelling: the open windows finish first, no slot is left open"));
    for (Stream &s : m_streams) {
        if (s.ended)
            continue;
        if (!s.started) {
            s.ended = true;
            s.state = QStringLiteral("stopped");
            continue;
        }
        s.mover->cancel();
        if (s.state == QStringLiteral("paused"))
            s.mover->start(); // a paused mover has no window open: start() ends it at once
    }
    checkAllIdle();
}

void ReshardExecutor::onStreamEnded(int index, const QString &state)
{
    Stream &s = m_streams[index];
    if (s.ended)
        return;
    s.ended = true;
    s.state = state;
    startEligible();
    checkAllIdle();
}

void ReshardExecutor::checkAllIdle()
{
    bool allEnded = true;
    bool allIdle = true;
    for (const Stream &s : m_streams) {
        allEnded = allEnded && s.ended;
        allIdle = allIdle && (s.ended || !s.started || s.state == QStringLiteral("paused"));
    }
    if (allEnded) {
        verify();
        return;
    }
    if (m_paused && allIdle && !m_cancelled) {
        publishProgress();
        emit pausedChanged(true);
        emit phaseChanged(QStringLiteral("paused: no slot is open"));
    }
}

void ReshardExecutor::verify()
{
    if (m_verifying)
        return;
    m_verifying = true;
    m_progressTimer.stop();
    publishProgress();
    emit phaseChanged(QStringLiteral("verifying: every node's owners, open slots, keys per moved slot"));
    ReshardVerifier::Input in;
    for (const ReshardNode &m : std::as_const(m_plan.masters))
        in.nodes << m.endpoint;
    in.dataOptions = m_runner->optionsFor(Endpoint{}, false);
    in.dataOptions.clientName = m_runner->clientName();
    in.owners = m_moved;
    in.counts = m_counts;
    auto *verifier = new ReshardVerifier(in, m_runner->clock(), this);
    connect(verifier, &ReshardVerifier::finished, this, [this, verifier](const ReshardVerifier::Result &r) {
        verifier->deleteLater();
        m_result.verification = r;
        const int total = m_plan.slotCount() + int(m_plan.alreadyMoved.size());
        const int moved = int(m_moved.size());
        const QString verified = r.verified ? QStringLiteral("verified (%1)").arg(r.notes.join(QStringLiteral("; ")))
                                            : QStringLiteral("NOT verified: %1").arg(r.problems.join(QStringLiteral("; ")));
        if (!m_leaseLost.isEmpty())
            finish(OperationRecord::State::Aborted,
                   QStringLiteral("%1; stopped after %2 of %3 slots; %4").arg(m_leaseLost).arg(moved).arg(total).arg(verified));
        else if (!m_failure.isEmpty())
            finish(OperationRecord::State::Failed,
                   QStringLiteral("stopped after %1 of %2 slots: %3; %4; %5").arg(moved).arg(total).arg(m_failure, m_failureState, verified));
        else if (m_cancelled && moved < total)
            finish(OperationRecord::State::Cancelled,
                   QStringLiteral("cancelled by the operator after %1 of %2 slots; %3").arg(moved).arg(total).arg(verified));
        else if (r.verified)
            finish(OperationRecord::State::Succeeded, QStringLiteral("moved %1 slots (%2 keys); %3").arg(moved).arg(m_keysMoved).arg(verified));
        else
            finish(OperationRecord::State::Failed, QStringLiteral("moved %1 slots but %2").arg(moved).arg(verified));
    });
    verifier->start();
}

void ReshardExecutor::finish(OperationRecord::State state, const QString &outcome)
{
    m_result.state = state;
    m_result.outcome = outcome;
    m_result.slotsMoved = int(m_moved.size());
    m_result.keysMoved = m_keysMoved;
    m_result.totalMs = m_runner->elapsedMs();
    m_result.movingMs = m_firstWindowMs >= 0 && m_lastWindowMs >= m_firstWindowMs ? m_lastWindowMs - m_firstWindowMs : -1;
    m_result.keysPerSecond = m_result.movingMs > 0 ? double(m_keysMoved) * 1000.0 / double(m_result.movingMs) : 0;
    QJsonObject d{{QStringLiteral("slotsMoved"), m_result.slotsMoved},
                  {QStringLiteral("slotsPlanned"), m_plan.slotCount() + int(m_plan.alreadyMoved.size())},
                  {QStringLiteral("resumed"), m_resuming},
                  {QStringLiteral("keysMoved"), m_keysMoved},
                  {QStringLiteral("totalMs"), m_result.totalMs},
                  {QStringLiteral("movingMs"), m_result.movingMs},
                  {QStringLiteral("keysPerSecond"), qRound64(m_result.keysPerSecond)},
                  {QStringLiteral("streams"), int(m_streams.size())},
                  {QStringLiteral("verified"), m_result.verification.verified},
                  {QStringLiteral("verification"), QJsonArray::fromStringList(m_result.verification.verified
                                                                                  ? m_result.verification.notes
                                                                                  : m_result.verification.problems)},
                  {QStringLiteral("warnings"), QJsonArray::fromStringList(m_result.warnings.mid(0, 50))}};
    m_result.details = d;
    m_runner->finish(state, outcome, d, [this] { emit finished(m_result); });
}

ReshardProgress ReshardExecutor::progress() const
{
    ReshardProgress p;
    p.operationId = m_runner->record().id;
    p.slotsTotal = m_plan.slotCount();
    p.keysEstimated = m_plan.estimatedKeys();
    p.keysMoved = m_keysMoved;
    p.paused = m_paused;
    p.elapsedMs = m_runner->elapsedMs();
    p.slotsDone = int(m_moved.size() - m_plan.alreadyMoved.size()); // windows closed and slots closed only
    for (const Stream &s : m_streams) {
        p.streams << ReshardProgress::Stream{s.pair.source.endpoint.toString(), s.pair.target.endpoint.toString(),
                                             s.mover != nullptr ? slotListText(s.mover->openWindow()) : QString(),
                                             s.slotsDone, int(s.pair.slotList.size()), s.keysMoved, s.state};
    }
    if (m_rateSamples.size() >= 2) {
        const auto &[t0, k0] = m_rateSamples.front();
        const auto &[t1, k1] = m_rateSamples.back();
        if (t1 > t0)
            p.keysPerSecond = double(k1 - k0) * 1000.0 / double(t1 - t0);
    }
    p.bytesPerSecond = p.keysPerSecond * double(m_plan.averageKeyBytes);
    if (m_paused)
        p.etaMs = -1; // no rate while paused: no honest ETA
    else if (p.keysPerSecond > 0 && p.keysEstimated > 0)
        p.etaMs = qint64(double(std::max<qint64>(0, p.keysEstimated - p.keysMoved)) * 1000.0 / p.keysPerSecond);
    else if (p.slotsDone > 0 && p.elapsedMs > 0)
        p.etaMs = qint64(double(p.slotsTotal - p.slotsDone) * double(p.elapsedMs) / double(p.slotsDone));
    return p;
}

void ReshardExecutor::publishProgress()
{
    const qint64 now = m_runner->clock()->monotonicMs();
    m_rateSamples.emplace_back(now, m_keysMoved);
    while (m_rateSamples.size() > 2 && now - m_rateSamples.front().first > kRateWindowMs)
        m_rateSamples.pop_front();
    emit progressed(progress());
}

} // namespace ops
