#include "MigrateSlotMover.h"

#include "KeyRateLimiter.h"
#include "MigrateConflicts.h"
#include "actions/OperationRunner.h"
#include "core/Clock.h"

#include <QTimer>

#include <memory>
#include <utility>

namespace ops {

namespace {
constexpr int kClientMarginMs = 5000; // the client waits longer than MIGRATE's own timeout

QString keyList(const QList<QByteArray> &keys)
{
    QStringList shown;
    for (const QByteArray &k : keys.mid(0, 10))
        shown << QString::fromUtf8(k);
    return shown.join(QStringLiteral(", ")) + (keys.size() > 10 ? QStringLiteral(" and %1 more").arg(keys.size() - 10) : QString());
}

bool allOk(const QList<RedisResult> &results, QString *firstError, QList<int> *okIndexes = nullptr)
{
    bool ok = true;
    for (qsizetype i = 0; i < results.size(); ++i) {
        if (results[i].ok()) {
            if (okIndexes != nullptr)
                okIndexes->append(int(i));
        } else if (ok) {
            ok = false;
            *firstError = OperationRunner::failureText(results[i]);
        }
    }
    return ok;
}
} // namespace

MigrateSlotMover::MigrateSlotMover(Config config, OperationRunner *runner, KeyRateLimiter *limiter, QObject *parent)
    : SlotMover(parent), m_config(std::move(config)), m_runner(runner), m_limiter(limiter), m_pending(m_config.pair.slotList)
{
}

MigrateSlotMover::~MigrateSlotMover() = default;

void MigrateSlotMover::start()
{
    if (m_running || m_failed)
        return;
    if (m_stop == Stop::Pause)
        m_stop = Stop::None; // a cancel stays: the next window check ends the stream
    m_running = true;
    nextWindow();
}

void MigrateSlotMover::pause()
{
    if (m_stop == Stop::None)
        m_stop = Stop::Pause;
    if (!m_running && m_end == End::None && !m_failed) // else the pending end is reported
        emit paused();
}

void MigrateSlotMover::cancel()
{
    m_stop = Stop::Cancel;
    if (m_end == End::Paused)
        m_end = End::Stopped;
    if (!m_running && m_end == End::None && !m_failed)
        emit stopped();
}

OperationStep MigrateSlotMover::keysStep() const
{
    return m_windowSteps.value(2);
}

QString MigrateSlotMover::windowText() const
{
    return slotListText(m_window);
}

QString MigrateSlotMover::stepText(const QByteArray &what, const QString &tail) const
{
    return QStringLiteral("%1 for slots %2 (%3)%4").arg(QString::fromUtf8(what), windowText()).arg(m_window.size()).arg(tail);
}

QList<RespCommand> MigrateSlotMover::setslotAll(const QList<int> &slotList, const QByteArray &how, const QByteArray &node) const
{
    QList<RespCommand> commands;
    for (int s : slotList) {
        RespCommand c{"CLUSTER", "SETSLOT", QByteArray::number(s), how};
        if (!node.isEmpty())
            c << node;
        commands << c;
    }
    return commands;
}

void MigrateSlotMover::nextWindow()
{
    m_window.clear();
    m_slots.clear();
    if (m_stop != Stop::None || m_pending.isEmpty()) {
        m_running = false;
        m_end = m_pending.isEmpty() ? End::Finished : m_stop == Stop::Pause ? End::Paused : End::Stopped;
        emitEnd();
        return;
    }
    m_window = m_pending.mid(0, m_config.windowSlots);
    m_pending.remove(0, m_window.size());
    for (int s : std::as_const(m_window))
        m_slots.insert(s, SlotState{});
    m_windowKeys = 0;
    emit windowOpened(m_window);
    // The keys before and the journal's flush to disk at the same time: the first command is sent
    // once both are done.
    auto gate = std::make_shared<int>(2);
    auto open = [this, gate] {
        if (--*gate == 0 && !m_failed)
            openImporting();
    };
    countBefore(open);
    journalWindow(open);
}

void MigrateSlotMover::emitEnd()
{
    // The windows closed before first: the executor verifies what slotsMoved() reported.
    if (m_end == End::None || m_closingWindows > 0)
        return;
    const End end = std::exchange(m_end, End::None);
    if (end == End::Finished)
        emit finished();
    else if (end == End::Paused)
        emit paused();
    else if (end == End::Failed)
        emit failed(m_failure.first, m_failure.second);
    else
        emit stopped();
}

void MigrateSlotMover::countBefore(std::function<void()> then)
{
    auto left = std::make_shared<int>(int(m_window.size()));
    for (int s : std::as_const(m_window))
        m_runner->send(m_config.pair.source.endpoint, m_config.lane,
                       RespCommand{"CLUSTER", "COUNTKEYSINSLOT", QByteArray::number(s)}, [this, s, left, then](const RedisResult &r) {
                           if (r.ok() && r.value().isInteger())
                               m_slots[s].before = r.value().integer();
                           if (--*left == 0)
                               then();
                       });
}

void MigrateSlotMover::journalWindow(std::function<void()> then)
{
    const SlotMovePair &p = m_config.pair;
    RespCommand sample{"MIGRATE", p.target.endpoint.host.toUtf8(), QByteArray::number(p.target.endpoint.port), "", "0",
                       QByteArray::number(m_config.migrateTimeoutMs)};
    for (const QByteArray &a : m_config.migrateAuth)
        sample << a;
    const QByteArray node = QByteArrayLiteral("CLUSTER SETSLOT <slot> NODE ") + p.target.id;
    QList<OperationRunner::PlannedStep> planned{
        {p.target.endpoint, stepText(QByteArrayLiteral("CLUSTER SETSLOT <slot> IMPORTING ") + p.source.id, QString())},
        {p.source.endpoint, stepText(QByteArrayLiteral("CLUSTER SETSLOT <slot> MIGRATING ") + p.target.id, QString())},
        {p.source.endpoint, stepText(QByteArrayLiteral("CLUSTER GETKEYSINSLOT <slot> ") + QByteArray::number(m_config.batchKeys)
                                         + " + " + sample.redactedText().toUtf8() + " KEYS <keys>",
                                     QStringLiteral(", until no key is left"))},
        {p.target.endpoint, stepText(node, QString())},
        {p.source.endpoint, stepText(node, QString())}};
    for (const ReshardNode &m : std::as_const(m_config.masters))
        if (m.id != p.source.id && m.id != p.target.id)
            planned << OperationRunner::PlannedStep{m.endpoint, stepText(node, QString())};
    m_runner->openSteps(planned, [this, then](const QList<OperationStep> &steps, const QString &notStored) {
        m_windowSteps = steps;
        m_nextStep = 0;
        if (!notStored.isEmpty()) {
            m_nextStep = int(steps.size()); // closed by the runner
            fail(notStored, QStringLiteral("nothing was sent for slots %1: none is open").arg(windowText()));
            return;
        }
        then();
    });
}

void MigrateSlotMover::openImporting()
{
    const SlotMovePair &p = m_config.pair;
    m_runner->runStep(m_windowSteps[m_nextStep++], m_config.lane, setslotAll(m_window, "IMPORTING", p.source.id),
                        [this](const QList<RedisResult> &results, const OperationStep &) {
                            QString error;
                            QList<int> ok;
                            if (allOk(results, &error, &ok)) {
                                openMigrating();
                                return;
                            }
                            QList<int> opened;
                            for (int i : std::as_const(ok))
                                opened << m_window[i];
                            rollBack({}, opened, QStringLiteral("IMPORTING on the target failed: %1").arg(error));
                        });
}

void MigrateSlotMover::openMigrating()
{
    const SlotMovePair &p = m_config.pair;
    m_runner->runStep(m_windowSteps[m_nextStep++], m_config.lane, setslotAll(m_window, "MIGRATING", p.target.id),
                        [this](const QList<RedisResult> &results, const OperationStep &) {
                            QString error;
                            QList<int> ok;
                            if (allOk(results, &error, &ok)) {
                                moveKeys();
                                return;
                            }
                            QList<int> opened;
                            for (int i : std::as_const(ok))
                                opened << m_window[i];
                            rollBack(opened, m_window, QStringLiteral("MIGRATING on the source failed: %1").arg(error));
                        });
}

void MigrateSlotMover::rollBack(const QList<int> &onSource, const QList<int> &onTarget, const QString &reason)
{
    // No key has moved yet: STABLE closes the slots where they were opened, the source first.
    const SlotMovePair &p = m_config.pair;
    auto closeTarget = [this, onTarget, reason, p] {
        if (onTarget.isEmpty()) {
            fail(reason, QStringLiteral("no slot was left open"));
            return;
        }
        m_runner->batchStep(p.target.endpoint, m_config.lane, setslotAll(onTarget, "STABLE", {}),
                            QStringLiteral("CLUSTER SETSLOT <slot> STABLE (roll back) for slots %1").arg(slotListText(onTarget)),
                            [this, reason, onTarget](const QList<RedisResult> &results, const OperationStep &) {
                                QString error;
                                fail(reason, allOk(results, &error)
                                                 ? QStringLiteral("rolled back: no slot was left open")
                                                 : QStringLiteral("roll back failed (%1): slots %2 may still be IMPORTING on %3")
                                                       .arg(error, slotListText(onTarget), m_config.pair.target.endpoint.toString()));
                            });
    };
    if (onSource.isEmpty()) {
        closeTarget();
        return;
    }
    m_runner->batchStep(p.source.endpoint, m_config.lane, setslotAll(onSource, "STABLE", {}),
                        QStringLiteral("CLUSTER SETSLOT <slot> STABLE (roll back) for slots %1").arg(slotListText(onSource)),
                        [closeTarget](const QList<RedisResult> &, const OperationStep &) { closeTarget(); });
}

void MigrateSlotMover::moveKeys()
{
    OperationStep keys = m_windowSteps[m_nextStep++];
    keys.state = OperationStep::State::Sent;
    keys.sentMs = m_runner->clock()->wallMs();
    m_windowSteps[keys.seq - m_windowSteps.first().seq] = keys;
    for (int s : std::as_const(m_window))
        fetchKeys(s);
}

void MigrateSlotMover::fetchKeys(int slot)
{
    if (m_failed)
        return;
    m_runner->send(m_config.pair.source.endpoint, m_config.lane,
                   RespCommand{"CLUSTER", "GETKEYSINSLOT", QByteArray::number(slot), QByteArray::number(m_config.batchKeys)},
                   [this, slot](const RedisResult &r) {
                       if (m_failed)
                           return;
                       if (!r.ok() || !r.value().isArray()) {
                           const QString why = r.ok() ? QStringLiteral("not an array") : OperationRunner::failureText(r);
                           m_runner->closeStepLater(keysStep(), OperationStep::State::Failed, why);
                           fail(QStringLiteral("GETKEYSINSLOT %1 on the source failed: %2").arg(slot).arg(why),
                                QStringLiteral("slots %1 are open (MIGRATING on %2, IMPORTING on %3)")
                                    .arg(windowText(), m_config.pair.source.endpoint.toString(),
                                         m_config.pair.target.endpoint.toString()));
                           return;
                       }
                       if (r.value().size() == 0) {
                           slotKeysDone(slot);
                           return;
                       }
                       QList<QByteArray> keys;
                       for (const RespValue &k : r.value().elements())
                           keys << k.bytes();
                       migrate(slot, keys, false, [this, slot] { fetchKeys(slot); });
                   });
}

void MigrateSlotMover::migrate(int slot, const QList<QByteArray> &keys, bool replace, std::function<void()> then)
{
    const qint64 wait = m_limiter->reserve(keys.size(), m_runner->clock()->monotonicMs());
    if (wait > 0) // the keys are reserved: send them when the bucket has refilled
        QTimer::singleShot(int(wait), this, [this, slot, keys, replace, then] { sendMigrate(slot, keys, replace, then); });
    else
        sendMigrate(slot, keys, replace, then);
}

void MigrateSlotMover::sendMigrate(int slot, const QList<QByteArray> &keys, bool replace, std::function<void()> then)
{
    const SlotMovePair &p = m_config.pair;
    RespCommand c{"MIGRATE", p.target.endpoint.host.toUtf8(), QByteArray::number(p.target.endpoint.port), "", "0",
                  QByteArray::number(m_config.migrateTimeoutMs)};
    if (replace)
        c << QByteArrayLiteral("REPLACE");
    for (const QByteArray &a : m_config.migrateAuth)
        c << a;
    c << QByteArrayLiteral("KEYS");
    for (const QByteArray &k : keys)
        c << k;
    m_runner->send(p.source.endpoint, m_config.lane, c, [this, slot, keys, then](const RedisResult &r) {
        if (m_failed)
            return;
        if (!r.ok()) {
            onMigrateError(slot, keys, r);
            return;
        }
        const int moved = r.value().bytes() == "NOKEY" ? 0 : int(keys.size());
        m_windowKeys += moved;
        emit keysMoved(slot, moved);
        then();
    }, m_config.migrateTimeoutMs + kClientMarginMs);
}

void MigrateSlotMover::onMigrateError(int slot, const QList<QByteArray> &keys, const RedisResult &result)
{
    const RedisError &e = result.error();
    // The source relays the target's refusal: "ERR Target instance replied with error: BUSYKEY ...".
    const bool busy = e.prefix() == "BUSYKEY" || e.message().contains(QLatin1String("BUSYKEY"));
    const bool unsure = e.prefix() == "IOERR" || e.kind() == RedisError::Kind::Timeout
        || e.delivery() == RedisError::Delivery::Unknown;
    const QString openState = QStringLiteral("slots %1 are open (MIGRATING on %2, IMPORTING on %3); some of their keys "
                                             "may already be on the target: resume or fix finishes them")
                                  .arg(windowText(), m_config.pair.source.endpoint.toString(),
                                       m_config.pair.target.endpoint.toString());
    if ((!busy && !unsure) || ++m_slots[slot].attempts > m_config.maxAttempts) {
        m_runner->closeStepLater(keysStep(), OperationStep::State::Failed, OperationRunner::failureText(result));
        fail(QStringLiteral("MIGRATE of %1 keys of slot %2 failed: %3").arg(keys.size()).arg(slot).arg(OperationRunner::failureText(result)),
             openState);
        return;
    }
    emit warning(QStringLiteral("slot %1: MIGRATE %2 (%3 keys): reading both copies before sending again")
                     .arg(slot)
                     .arg(busy ? QStringLiteral("BUSYKEY") : OperationRunner::failureText(result))
                     .arg(keys.size()));
    MigrateConflicts::read(m_runner, m_config.pair.source.endpoint, m_config.pair.target.endpoint, m_config.lane, keys,
                           [this, slot, openState](const MigrateConflicts::Sorted &sorted, const QString &error) {
                               if (m_failed)
                                   return;
                               if (!error.isEmpty()) {
                                   m_runner->closeStepLater(keysStep(), OperationStep::State::Failed, error);
                                   fail(QStringLiteral("slot %1: could not compare the copies: %2").arg(slot).arg(error), openState);
                                   return;
                               }
                               if (!sorted.conflicts.isEmpty() && !m_config.replaceConflicts) {
                                   m_runner->closeStepLater(keysStep(), OperationStep::State::Failed,
                                                       QStringLiteral("BUSYKEY with different values"));
                                   fail(QStringLiteral("slot %1: %2 key(s) exist on the target with different values: %3 "
                                                       "(run again with replace to overwrite the target's copies)")
                                            .arg(slot)
                                            .arg(sorted.conflicts.size())
                                            .arg(keyList(sorted.conflicts)),
                                        openState);
                                   return;
                               }
                               QList<QByteArray> replace = sorted.replace + sorted.conflicts;
                               if (!replace.isEmpty())
                                   emit warning(QStringLiteral("slot %1: %2 key(s) already on the target (%3 identical): sent with REPLACE")
                                                    .arg(slot)
                                                    .arg(replace.size())
                                                    .arg(sorted.replace.size()));
                               auto again = [this, slot, keys = sorted.again] {
                                   if (keys.isEmpty())
                                       fetchKeys(slot);
                                   else
                                       migrate(slot, keys, false, [this, slot] { fetchKeys(slot); });
                               };
                               if (replace.isEmpty())
                                   again();
                               else
                                   migrate(slot, replace, true, again);
                           });
}

void MigrateSlotMover::slotKeysDone(int slot)
{
    m_slots[slot].keysDone = true;
    for (int s : std::as_const(m_window))
        if (!m_slots[s].keysDone)
            return;
    m_runner->closeStepLater(keysStep(), OperationStep::State::Answered, QStringLiteral("%1 keys moved").arg(m_windowKeys));
    closeOnTarget();
}

void MigrateSlotMover::closeOnTarget()
{
    const SlotMovePair &p = m_config.pair;
    m_runner->runStep(m_windowSteps[m_nextStep++], m_config.lane, setslotAll(m_window, "NODE", p.target.id),
                        [this](const QList<RedisResult> &results, const OperationStep &) {
                            QString error;
                            if (allOk(results, &error)) {
                                closeOnSource();
                                return;
                            }
                            fail(QStringLiteral("SETSLOT NODE on the target failed: %1").arg(error),
                                 QStringLiteral("slots %1 hold all their keys on %2 but may still be open there and on %3: "
                                                "resume or fix assigns them")
                                     .arg(windowText(), m_config.pair.target.endpoint.toString(),
                                          m_config.pair.source.endpoint.toString()));
                        });
}

void MigrateSlotMover::closeOnSource()
{
    const SlotMovePair &p = m_config.pair;
    m_runner->runStep(m_windowSteps[m_nextStep++], m_config.lane, setslotAll(m_window, "NODE", p.target.id),
                        [this](const QList<RedisResult> &results, const OperationStep &) {
                            for (const RedisResult &r : results) {
                                if (r.ok())
                                    continue;
                                // A source just demoted to a replica learns the owner from the cluster.
                                if (r.error().message().contains(QLatin1String("only with masters"))) {
                                    emit warning(QStringLiteral("the source %1 is now a replica: it learns the new owner "
                                                                "from the cluster")
                                                     .arg(m_config.pair.source.endpoint.toString()));
                                    break;
                                }
                                fail(QStringLiteral("SETSLOT NODE on the source failed: %1").arg(OperationRunner::failureText(r)),
                                     QStringLiteral("slots %1 belong to %2; %3 may still list them as MIGRATING: fix closes them")
                                         .arg(windowText(), m_config.pair.target.endpoint.toString(),
                                              m_config.pair.source.endpoint.toString()));
                                return;
                            }
                            closeOnOthers();
                        });
}

void MigrateSlotMover::closeOnOthers()
{
    // The window's slots belong to the target on both ends: the next window opens at once, while
    // the other masters are told the owner (they also learn it from the cluster's gossip) and the
    // target counts the keys it now holds. The stream ends only after both (emitEnd).
    const SlotMovePair &p = m_config.pair;
    struct Closing
    {
        QList<SlotCount> counts;
        int left = 0;
    };
    auto c = std::make_shared<Closing>();
    for (int slot : std::as_const(m_window))
        c->counts << SlotCount{slot, m_slots[slot].before, -1};
    QList<QPair<ReshardNode, OperationStep>> others;
    for (const ReshardNode &m : std::as_const(m_config.masters))
        if (m.id != p.source.id && m.id != p.target.id)
            others << qMakePair(m, m_windowSteps[m_nextStep++]);
    c->left = int(others.size() + c->counts.size()) + 1; // + 1: released once everything is sent
    ++m_closingWindows;
    auto done = [this, c] {
        if (--c->left > 0)
            return;
        --m_closingWindows;
        emit slotsMoved(c->counts);
        emitEnd();
    };
    const QList<RespCommand> node = setslotAll(m_window, "NODE", p.target.id);
    for (const auto &[m, step] : std::as_const(others)) {
        const QString where = m.endpoint.toString(); // named: clang 14 cannot capture a structured binding
        m_runner->runStep(step, m_config.lane, node, [this, where, done](const QList<RedisResult> &results, const OperationStep &) {
            QString error;
            if (!allOk(results, &error))
                emit warning(QStringLiteral("SETSLOT NODE on %1: %2 (it learns the owner from the cluster's gossip)")
                                 .arg(where, error));
            done();
        });
    }
    for (qsizetype i = 0; i < c->counts.size(); ++i)
        m_runner->send(p.target.endpoint, m_config.lane, RespCommand{"CLUSTER", "COUNTKEYSINSLOT", QByteArray::number(c->counts[i].slot)},
                       [c, i, done](const RedisResult &r) {
                           if (r.ok() && r.value().isInteger())
                               c->counts[i].after = r.value().integer();
                           done();
                       });
    done();
    nextWindow();
}

void MigrateSlotMover::fail(const QString &reason, const QString &state)
{
    if (m_failed)
        return;
    m_failed = true;
    m_running = false;
    // The window's steps that were never sent say so in the journal.
    for (; m_nextStep < m_windowSteps.size(); ++m_nextStep)
        m_runner->closeStepLater(m_windowSteps[m_nextStep], OperationStep::State::Failed,
                                 QStringLiteral("not sent: the window stopped before this step"));
    m_failure = {reason, state};
    m_end = End::Failed; // reported once the windows closed before are counted (emitEnd)
    emitEnd();
}

} // namespace ops
