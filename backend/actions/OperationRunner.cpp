#include "OperationRunner.h"

#include "core/Clock.h"
#include "core/Logging.h"
#include "history/AsyncHistoryStore.h"
#include "history/OperationLeaseKeeper.h"
#include "history/StoreLocation.h"
#include "resp/RedisConnection.h"

#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>

#include <memory>
#include <utility>

namespace ops {

namespace {
auto log() { return Logging::get("actions"); }
} // namespace

OperationRunner::OperationRunner(OperationRecord record, Options options, AsyncHistoryStore *journal, Clock *clock,
                                 QObject *parent)
    : QObject(parent), m_record(std::move(record)), m_options(std::move(options)), m_journal(journal), m_clock(clock)
{
    qRegisterMetaType<ops::OperationStep>();
    m_deferTimer = new QTimer(this);
    m_deferTimer->setSingleShot(true);
    m_deferTimer->setInterval(200);
    connect(m_deferTimer, &QTimer::timeout, this, &OperationRunner::flushDeferred);
}

OperationRunner::~OperationRunner() = default;

QByteArray OperationRunner::clientName() const
{
    // CLIENT SETNAME takes no spaces: keep what identifies the operation and the operator.
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9._@-]"));
    QString who = m_record.operatorName;
    who.replace(unsafe, QStringLiteral("_"));
    return QStringLiteral("redis-ops:op:%1:%2").arg(m_record.id.left(8), who.left(32)).toUtf8();
}

QString OperationRunner::failureText(const RedisResult &result)
{
    return result.error().message() + QStringLiteral(" (") + RedisError::deliveryText(result.error().delivery())
        + QLatin1Char(')');
}

void OperationRunner::begin(std::function<void()> started, std::function<void(const QString &)> notStarted)
{
    begin([started = std::move(started), notStarted = std::move(notStarted)](const HistoryError &e) {
        if (e.kind == HistoryError::Kind::LeaseHeld) // another console acts on this deployment
            notStarted(QStringLiteral("not started: %1").arg(e.message));
        else if (e.isError()) // nothing was sent: without a journal there is no action
            notStarted(QStringLiteral("not started: the operations journal is unavailable: %1").arg(e.message));
        else
            started();
    });
}

void OperationRunner::resume(std::function<void()> started, std::function<void(const QString &)> notStarted)
{
    m_beganAtMs = m_clock->monotonicMs();
    m_steps = m_record.steps;
    std::sort(m_steps.begin(), m_steps.end(), [](const OperationStep &a, const OperationStep &b) { return a.seq < b.seq; });
    // Numbering goes on after the highest seq: steps are never renumbered.
    for (qsizetype i = 0; i < m_steps.size(); ++i)
        if (m_steps[i].seq != int(i) + 1) {
            notStarted(QStringLiteral("not resumed: the journal's steps of %1 are not numbered 1..n").arg(m_record.id));
            return;
        }
    m_record.state = OperationRecord::State::Running;
    m_record.endedMs = 0;
    takeLease([this, started = std::move(started), notStarted = std::move(notStarted)](const HistoryError &leaseError) {
        if (leaseError.isError()) {
            notStarted(QStringLiteral("not resumed: %1").arg(leaseError.message));
            return;
        }
        m_journal->updateOperation(m_record, this, [started, notStarted](const OperationRecord &, const HistoryError &e) {
            if (e.isError())
                notStarted(QStringLiteral("not resumed: the operations journal is unavailable: %1").arg(e.message));
            else
                started();
        });
    });
}

qint64 OperationRunner::elapsedMs() const { return m_clock->monotonicMs() - m_beganAtMs; }

void OperationRunner::begin(std::function<void(const HistoryError &)> done)
{
    m_beganAtMs = m_clock->monotonicMs();
    m_record.state = OperationRecord::State::Running;
    m_record.startedMs = m_clock->wallMs();
    takeLease([this, done = std::move(done)](const HistoryError &leaseError) {
        if (leaseError.isError()) {
            done(leaseError);
            return;
        }
        m_journal->createOperation(m_record, this, [done](const OperationRecord &, const HistoryError &e) { done(e); });
    });
}

void OperationRunner::takeLease(std::function<void(const HistoryError &error)> then)
{
    if (!StoreLocation::looksLikeUrl(m_journal->filePath())) { // one person's SQLite file: no lease
        then({});
        return;
    }
    delete m_lease;
    m_lease = new OperationLeaseKeeper(m_journal, m_clock, m_options.leaseLengthMs, this);
    OperationLease lease;
    lease.deploymentId = m_record.deploymentId;
    lease.operationId = m_record.id;
    lease.operatorName = m_record.operatorName;
    lease.host = OperationLease::currentHost();
    lease.description = m_record.target.isEmpty() ? m_record.kind : m_record.kind + QStringLiteral(" of ") + m_record.target;
    auto answered = std::make_shared<bool>(false);
    auto answer = [answered, then](const HistoryError &error) {
        if (!std::exchange(*answered, true))
            then(error);
    };
    connect(m_lease, &OperationLeaseKeeper::acquired, this, [answer] { answer({}); });
    connect(m_lease, &OperationLeaseKeeper::refused, this,
            [this, answer, lease, tried = false](const OperationLease &holder, const QString &message) mutable {
                const QString &typed = m_options.takeOverLeaseFrom;
                if (!tried && !typed.isEmpty() && confirmsOperation(typed, holder.operationId)) {
                    tried = true; // the operator confirmed this holder: override it once
                    m_lease->takeOver(lease, holder.operationId);
                    return;
                }
                m_leaseRefusedBy = holder;
                answer(HistoryError::make(
                    HistoryError::Kind::LeaseHeld,
                    typed.isEmpty() || tried ? message
                                             : message + QStringLiteral("; the take-over confirmation names %1, not the "
                                                                        "holder's operation: nothing was taken over").arg(typed)));
            });
    connect(m_lease, &OperationLeaseKeeper::tookOver, this, [this](const OperationLease &previous) {
        // Journaled on the record itself too (its create or update follows): who was replaced.
        m_record.details.insert(QStringLiteral("leaseTakenOver"),
                                QJsonObject{{QStringLiteral("operation"), previous.operationId},
                                            {QStringLiteral("operator"), previous.operatorName},
                                            {QStringLiteral("host"), previous.host},
                                            {QStringLiteral("description"), previous.description},
                                            {QStringLiteral("expiresMs"), previous.expiresMs}});
        log()->warn("operation {}: took over the lease of {} from {}", m_record.id.toStdString(),
                    m_record.deploymentId.toStdString(), previous.whoText().toStdString());
        emit leaseTakenOver(previous);
    });
    connect(m_lease, &OperationLeaseKeeper::failed, this, [answer](const QString &message) {
        answer(HistoryError::make(HistoryError::Kind::Io, message));
    });
    connect(m_lease, &OperationLeaseKeeper::lost, this, [this](const QString &message) {
        log()->error("operation {}: {}", m_record.id.toStdString(), message.toStdString());
        emit leaseLost(message);
    });
    m_lease->acquire(lease);
}

bool OperationRunner::confirmsOperation(const QString &typed, const QString &operationId)
{
    const QString t = typed.trimmed();
    return !operationId.isEmpty() && (t == operationId || (t.size() >= 8 && operationId.startsWith(t)));
}

ConnectionOptions OperationRunner::optionsFor(const Endpoint &node, bool sentinel) const
{
    ConnectionOptions o = sentinel ? m_options.sentinelOptions : m_options.dataOptions;
    o.endpoint = node;
    o.clientName = clientName();
    return o;
}

RedisConnection *OperationRunner::connection(const Endpoint &node, bool sentinel, const QString &lane)
{
    const QString key = node.toString() + (sentinel ? QStringLiteral("/s") : QString())
        + (lane.isEmpty() ? QString() : QLatin1Char('#') + lane);
    if (RedisConnection *c = m_connections.value(key))
        return c;
    ConnectionOptions o = optionsFor(node, sentinel);
    o.connectTimeoutMs = m_options.connectTimeoutMs;
    o.commandTimeoutMs = m_options.commandTimeoutMs;
    o.reconnect.enabled = false; // an action never resumes on a link that came back by itself
    auto *c = new RedisConnection(o, this);
    m_connections.insert(key, c);
    return c;
}

void OperationRunner::whenReady(RedisConnection *c, std::function<void(const RedisError &)> then)
{
    if (c->isReady()) {
        then(RedisError());
        return;
    }
    auto fired = std::make_shared<bool>(false);
    auto links = std::make_shared<QList<QMetaObject::Connection>>();
    auto once = [fired, links, then](const RedisError &e) {
        if (*fired)
            return;
        *fired = true;
        for (const QMetaObject::Connection &l : std::as_const(*links))
            QObject::disconnect(l);
        then(e);
    };
    *links << connect(c, &RedisConnection::ready, this, [once] { once(RedisError()); });
    *links << connect(c, &RedisConnection::connectFailed, this, [once](const RedisError &e) { once(e); });
    c->open();
}

void OperationRunner::storeStep(const OperationStep &step)
{
    for (OperationStep &s : m_steps)
        if (s.seq == step.seq)
            s = step;
    emit stepChanged(step);
}

OperationStep::State OperationRunner::stateOf(const RedisResult &result)
{
    if (result.ok())
        return OperationStep::State::Answered;
    switch (result.error().delivery()) {
    case RedisError::Delivery::Unknown: return OperationStep::State::Unknown;
    case RedisError::Delivery::NotSent:
    case RedisError::Delivery::Answered: return OperationStep::State::Failed;
    }
    return OperationStep::State::Unknown;
}

void OperationRunner::openStep(const Endpoint &node, const QString &commandText, OpenDone done)
{
    OperationStep planned;
    planned.operationId = m_record.id;
    planned.seq = int(m_steps.size()) + 1;
    planned.targetNode = node.toString();
    planned.commandText = commandText;
    planned.state = OperationStep::State::Planned;
    planned.plannedMs = m_clock->wallMs();
    m_steps << planned;
    emit stepChanged(planned);
    log()->info("operation {} step {}: {} {}", m_record.id.toStdString(), planned.seq, planned.targetNode.toStdString(),
                planned.commandText.toStdString());

    m_journal->appendStep(planned, this, [this, done](OperationStep step, const HistoryError &stored) {
        if (stored.isError()) {
            // Not durable: not sent. The caller stops the operation with this reason.
            const QString why = QStringLiteral("not sent: the journal could not store the step: %1").arg(stored.message);
            step.state = OperationStep::State::Failed;
            step.error = why;
            step.doneMs = m_clock->wallMs();
            storeStep(step);
            done(step, why);
            return;
        }
        step.state = OperationStep::State::Sent;
        step.sentMs = m_clock->wallMs();
        storeStep(step);
        m_journal->updateStep(step); // FIFO after the step's own row
        done(step, QString());
    });
}

OperationStep OperationRunner::withOutcome(OperationStep step, OperationStep::State state, const QString &text) const
{
    step.state = state;
    step.doneMs = m_clock->wallMs();
    if (state == OperationStep::State::Answered)
        step.replySummary = text.left(200);
    else
        step.error = text;
    return step;
}

void OperationRunner::closeStep(OperationStep step, OperationStep::State state, const QString &text)
{
    step = withOutcome(std::move(step), state, text);
    storeStep(step);
    m_journal->updateStep(step); // acknowledged with the next awaited write
}

void OperationRunner::step(const Endpoint &node, bool sentinel, const RespCommand &command, StepDone done, int timeoutMs)
{
    openStep(node, command.redactedText(), [this, node, sentinel, command, done, timeoutMs](const OperationStep &open,
                                                                                            const QString &notStored) {
        auto finishStep = [this, done](const OperationStep &s, const RedisResult &r) {
            closeStep(s, stateOf(r), r.ok() ? r.value().toDisplayString() : failureText(r));
            done(r, m_steps.value(s.seq - 1));
        };
        if (!notStored.isEmpty()) {
            done(RedisResult(RedisError(RedisError::Kind::Cancelled, node, notStored)
                                 .withDelivery(RedisError::Delivery::NotSent)),
                 open);
            return;
        }
        RedisConnection *c = connection(node, sentinel);
        whenReady(c, [this, c, open, command, finishStep, timeoutMs](const RedisError &notReady) {
            if (notReady.isError()) {
                finishStep(open, RedisResult(notReady.withDelivery(RedisError::Delivery::NotSent)));
                return;
            }
            c->send(command, this, [finishStep, open](const RedisResult &r) { finishStep(open, r); },
                    RedisConnection::SendOptions{timeoutMs, true});
        });
    });
}

void OperationRunner::batchStep(const Endpoint &node, const QString &lane, const QList<RespCommand> &commands,
                                const QString &commandText, BatchDone done, int timeoutMs)
{
    openStep(node, commandText, [this, node, lane, commands, done, timeoutMs](const OperationStep &open,
                                                                            const QString &notStored) {
        if (!notStored.isEmpty()) {
            QList<RedisResult> none;
            for (qsizetype i = 0; i < commands.size(); ++i)
                none << RedisResult(RedisError(RedisError::Kind::Cancelled, node, notStored)
                                        .withDelivery(RedisError::Delivery::NotSent));
            done(none, open);
            return;
        }
        runStep(open, lane, commands, done, timeoutMs);
    });
}

void OperationRunner::openSteps(const QList<PlannedStep> &planned, OpenManyDone done)
{
    QList<OperationStep> steps;
    for (const PlannedStep &p : planned) {
        OperationStep s;
        s.operationId = m_record.id;
        s.seq = int(m_steps.size()) + 1;
        s.targetNode = p.node.toString();
        s.commandText = p.commandText;
        s.state = OperationStep::State::Planned;
        s.plannedMs = m_clock->wallMs();
        m_steps << s;
        steps << s;
        emit stepChanged(s);
        log()->info("operation {} step {}: {} {}", m_record.id.toStdString(), s.seq, s.targetNode.toStdString(),
                    s.commandText.toStdString());
    }
    const QList<OperationStep> updates = std::exchange(m_deferred, {});
    m_deferTimer->stop();
    m_journal->writeSteps(updates, steps, this, [this, done](QList<OperationStep> stored, const HistoryError &e) {
        if (!e.isError()) {
            done(stored, QString());
            return;
        }
        const QString why = QStringLiteral("not sent: the journal could not store the step: %1").arg(e.message);
        for (OperationStep &s : stored) {
            s.state = OperationStep::State::Failed;
            s.error = why;
            s.doneMs = m_clock->wallMs();
            storeStep(s);
        }
        done(stored, why);
    });
}

void OperationRunner::closeStepLater(OperationStep step, OperationStep::State state, const QString &text)
{
    step = withOutcome(std::move(step), state, text);
    storeStep(step);
    m_deferred << step;
    if (!m_deferTimer->isActive())
        m_deferTimer->start();
}

void OperationRunner::flushDeferred()
{
    if (m_deferred.isEmpty())
        return;
    m_journal->writeSteps(std::exchange(m_deferred, {}), {});
}

void OperationRunner::runStep(const OperationStep &open, const QString &lane, const QList<RespCommand> &commands,
                              BatchDone done, int timeoutMs)
{
    OperationStep sent = open;
    sent.state = OperationStep::State::Sent;
    sent.sentMs = m_clock->wallMs();
    storeStep(sent);
    const Endpoint node = Endpoint::parse(open.targetNode);
    struct Gather
    {
        QList<RedisResult> results;
        int left = 0;
    };
    auto gather = std::make_shared<Gather>();
    for (qsizetype i = 0; i < commands.size(); ++i)
        gather->results << RedisResult(RespValue());
    gather->left = int(commands.size());
    auto complete = [this, gather, sent, done] {
        int failed = 0;
        int unknown = 0;
        QString firstError;
        for (const RedisResult &r : std::as_const(gather->results)) {
            if (r.ok())
                continue;
            (stateOf(r) == OperationStep::State::Unknown ? unknown : failed)++;
            if (firstError.isEmpty())
                firstError = failureText(r);
        }
        const int n = int(gather->results.size());
        if (unknown + failed == 0)
            closeStepLater(sent, OperationStep::State::Answered, QStringLiteral("%1 OK").arg(n));
        else
            closeStepLater(sent, unknown > 0 ? OperationStep::State::Unknown : OperationStep::State::Failed,
                           QStringLiteral("%1 of %2 not OK; first: %3").arg(failed + unknown).arg(n).arg(firstError));
        done(gather->results, m_steps.value(sent.seq - 1));
    };
    if (commands.isEmpty()) {
        complete();
        return;
    }
    for (qsizetype i = 0; i < commands.size(); ++i)
        send(node, lane, commands[i], [gather, i, complete](const RedisResult &r) {
            gather->results[i] = r;
            if (--gather->left == 0)
                complete();
        }, timeoutMs);
}

void OperationRunner::read(const Endpoint &node, bool sentinel, const RespCommand &command, ReadDone done, int timeoutMs)
{
    sendOn(connection(node, sentinel), command, std::move(done), timeoutMs);
}

void OperationRunner::send(const Endpoint &node, const QString &lane, const RespCommand &command, ReadDone done,
                           int timeoutMs)
{
    sendOn(connection(node, false, lane), command, std::move(done), timeoutMs);
}

void OperationRunner::sendOn(RedisConnection *c, const RespCommand &command, ReadDone done, int timeoutMs)
{
    whenReady(c, [this, c, command, done, timeoutMs](const RedisError &notReady) {
        if (notReady.isError()) {
            done(RedisResult(notReady.withDelivery(RedisError::Delivery::NotSent)));
            return;
        }
        c->send(command, this, done, RedisConnection::SendOptions{timeoutMs, true});
    });
}

void OperationRunner::finish(OperationRecord::State state, const QString &outcome, const QJsonObject &details,
                             std::function<void()> done)
{
    m_deferTimer->stop();
    flushDeferred(); // FIFO: the steps' outcomes are stored before the operation's end
    m_record.state = state;
    m_record.outcome = outcome;
    m_record.endedMs = m_clock->wallMs();
    for (auto it = details.begin(); it != details.end(); ++it)
        m_record.details.insert(it.key(), it.value());
    log()->info("operation {} {}: {}", m_record.id.toStdString(), OperationRecord::stateName(state).toStdString(),
                outcome.toStdString());
    m_journal->updateOperation(m_record, this, [done = std::move(done)](const OperationRecord &, const HistoryError &) {
        if (done)
            done();
    });
    if (m_lease) // after the journal's update (FIFO): the next console sees how it ended
        m_lease->release();
    for (RedisConnection *c : std::as_const(m_connections))
        c->close();
}

} // namespace ops
