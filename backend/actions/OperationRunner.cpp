#include "OperationRunner.h"

#include "core/Clock.h"
#include "core/Logging.h"
#include "history/AsyncHistoryStore.h"
#include "resp/RedisConnection.h"

#include <QRegularExpression>

#include <memory>

namespace ops {

namespace {
auto log() { return Logging::get("actions"); }
} // namespace

OperationRunner::OperationRunner(OperationRecord record, Options options, AsyncHistoryStore *journal, Clock *clock,
                                 QObject *parent)
    : QObject(parent), m_record(std::move(record)), m_options(std::move(options)), m_journal(journal), m_clock(clock)
{
    qRegisterMetaType<ops::OperationStep>();
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
        if (e.isError()) // nothing was sent: without a journal there is no action
            notStarted(QStringLiteral("not started: the operations journal is unavailable: %1").arg(e.message));
        else
            started();
    });
}

qint64 OperationRunner::elapsedMs() const { return m_clock->monotonicMs() - m_beganAtMs; }

void OperationRunner::begin(std::function<void(const HistoryError &)> done)
{
    m_beganAtMs = m_clock->monotonicMs();
    m_record.state = OperationRecord::State::Running;
    m_record.startedMs = m_clock->wallMs();
    m_journal->createOperation(m_record, this, [done = std::move(done)](const OperationRecord &, const HistoryError &e) {
        done(e);
    });
}

ConnectionOptions OperationRunner::optionsFor(const Endpoint &node, bool sentinel) const
{
    ConnectionOptions o = sentinel ? m_options.sentinelOptions : m_options.dataOptions;
    o.endpoint = node;
    o.clientName = clientName();
    return o;
}

RedisConnection *OperationRunner::connection(const Endpoint &node, bool sentinel)
{
    const QString key = node.toString() + (sentinel ? QStringLiteral("/s") : QString());
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

void OperationRunner::step(const Endpoint &node, bool sentinel, const RespCommand &command, StepDone done, int timeoutMs)
{
    OperationStep planned;
    planned.operationId = m_record.id;
    planned.seq = int(m_steps.size()) + 1;
    planned.targetNode = node.toString();
    planned.commandText = command.redactedText();
    planned.state = OperationStep::State::Planned;
    planned.plannedMs = m_clock->wallMs();
    m_steps << planned;
    emit stepChanged(planned);
    log()->info("operation {} step {}: {} {}", m_record.id.toStdString(), planned.seq, planned.targetNode.toStdString(),
                planned.commandText.toStdString());

    m_journal->appendStep(planned, this, [this, node, sentinel, command, done, timeoutMs](OperationStep step,
                                                                                           const HistoryError &stored) {
        if (stored.isError()) {
            // Not durable: not sent. The caller stops the operation with this reason.
            step.state = OperationStep::State::Failed;
            step.error = QStringLiteral("not sent: the journal could not store the step: %1").arg(stored.message);
            step.doneMs = m_clock->wallMs();
            storeStep(step);
            done(RedisResult(RedisError(RedisError::Kind::Cancelled, node, step.error)
                                 .withDelivery(RedisError::Delivery::NotSent)),
                 step);
            return;
        }
        RedisConnection *c = connection(node, sentinel);
        whenReady(c, [this, c, step, command, done, timeoutMs](const RedisError &notReady) mutable {
            auto finishStep = [this, done](OperationStep s, const RedisResult &r) {
                s.state = stateOf(r);
                s.doneMs = m_clock->wallMs();
                if (r.ok())
                    s.replySummary = r.value().toDisplayString().left(200);
                else
                    s.error = failureText(r);
                storeStep(s);
                m_journal->updateStep(s); // FIFO after the step's own row; acknowledged with the next write
                done(r, s);
            };
            if (notReady.isError()) {
                finishStep(step, RedisResult(notReady.withDelivery(RedisError::Delivery::NotSent)));
                return;
            }
            step.state = OperationStep::State::Sent;
            step.sentMs = m_clock->wallMs();
            storeStep(step);
            m_journal->updateStep(step);
            c->send(command, this, [finishStep, step](const RedisResult &r) { finishStep(step, r); },
                    RedisConnection::SendOptions{timeoutMs, true});
        });
    });
}

void OperationRunner::read(const Endpoint &node, bool sentinel, const RespCommand &command, ReadDone done, int timeoutMs)
{
    RedisConnection *c = connection(node, sentinel);
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
    for (RedisConnection *c : std::as_const(m_connections))
        c->close();
}

} // namespace ops
