#include "ClusterWriter.h"

#include "model/HashSlot.h"
#include "resp/RedisConnection.h"
#include "resp/RedisResult.h"
#include "resp/RespCommand.h"

#include <QTimer>

#include <algorithm>

using namespace ops;

namespace {
constexpr int kErrorSamples = 10;
}

QString ClusterWriter::Report::toString() const
{
    return QStringLiteral("acknowledged %1, moved %2, ask %3, tryagain %4, clusterdown %5, errors %6; "
                          "checked %7, missing %8, wrong value %9, read errors %10%11")
        .arg(acknowledged)
        .arg(moved)
        .arg(ask)
        .arg(tryAgain)
        .arg(clusterDown)
        .arg(errors)
        .arg(checked)
        .arg(missing)
        .arg(wrongValue)
        .arg(readErrors)
        .arg(errorSamples.isEmpty() ? QString() : QStringLiteral("; first errors: ") + errorSamples.join(QStringLiteral(" | ")));
}

ClusterWriter::ClusterWriter(Options options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_owner(std::size_t(HashSlot::kSlots), -1)
{
    if (m_options.inFlight < 1)
        m_options.inFlight = 1;
    if (m_options.verifyInFlight < 1)
        m_options.verifyInFlight = 1;
    if (!m_options.slotRanges.isEmpty()) {
        m_allowed.assign(std::size_t(HashSlot::kSlots), false);
        for (const SlotRange &r : std::as_const(m_options.slotRanges))
            for (int s = std::max(r.first, 0); s <= std::min(r.last, HashSlot::kSlots - 1); ++s)
                m_allowed[std::size_t(s)] = true;
    }
}

ClusterWriter::~ClusterWriter()
{
    // Handlers capture `this`: drop them before the connections fail their pending commands.
    for (const auto &c : m_connections)
        if (c)
            c->cancel(this);
}

void ClusterWriter::start()
{
    if (m_state != State::Idle)
        return;
    if (!m_allowed.empty() && std::find(m_allowed.begin(), m_allowed.end(), true) == m_allowed.end()) {
        m_state = State::Done;
        const QString why = QStringLiteral("ClusterWriter: Options::slotRanges names no slot in 0..16383");
        QMetaObject::invokeMethod(this, [this, why] { emit failed(why); }, Qt::QueuedConnection);
        return;
    }
    m_state = State::Mapping;
    const int seed = nodeIndex(m_options.connection.endpoint);
    connection(seed).send(RespCommand{"CLUSTER", "SLOTS"}, this, [this](const RedisResult &r) { onSlots(r); },
                          m_options.commandTimeoutMs);
}

void ClusterWriter::onSlots(const RedisResult &result)
{
    if (!result.ok() || !result.value().isArray() || result.value().size() == 0) {
        m_state = State::Done;
        emit failed(QStringLiteral("ClusterWriter: CLUSTER SLOTS on %1: %2")
                        .arg(m_options.connection.endpoint.toString(),
                             result.ok() ? QStringLiteral("empty or unexpected reply") : result.error().message()));
        return;
    }
    const RespValue &ranges = result.value();
    for (std::size_t i = 0; i < ranges.size(); ++i) {
        const RespValue &r = ranges[i];
        if (!r.isArray() || r.size() < 3 || !r[2].isArray() || r[2].size() < 2)
            continue;
        // An empty host means "the address you reached me on" (Redis 7 with an unknown endpoint).
        QString host = QString::fromUtf8(r[2][0].bytes());
        if (host.isEmpty() || host == QLatin1String("?"))
            host = m_options.connection.endpoint.host;
        const int node = nodeIndex(Endpoint{host, quint16(r[2][1].integer())});
        for (qint64 s = std::max<qint64>(r[0].integer(), 0); s <= std::min<qint64>(r[1].integer(), HashSlot::kSlots - 1); ++s)
            m_owner[std::size_t(s)] = node;
    }
    m_state = State::Writing;
    emit started();
    issueWrites();
}

qint64 ClusterWriter::nextKey()
{
    if (m_allowed.empty())
        return m_nextN++;
    for (;;) {
        const qint64 n = m_nextN++;
        if (m_allowed[std::size_t(HashSlot::of(keyOf(n)))])
            return n;
    }
}

void ClusterWriter::issueWrites()
{
    while (m_state == State::Writing && m_pending < m_options.inFlight) {
        if (m_options.maxWrites > 0 && m_issued >= m_options.maxWrites) {
            stop();
            return;
        }
        Op op;
        op.n = nextKey();
        op.slot = HashSlot::of(keyOf(op.n));
        ++m_issued;
        ++m_pending;
        dispatch(op, m_owner[std::size_t(op.slot)], false);
    }
}

void ClusterWriter::issueReads()
{
    while (m_state == State::Verifying && m_pending < m_options.verifyInFlight && m_nextRead < m_acked.size()) {
        Op op;
        op.read = true;
        op.n = m_acked[m_nextRead++];
        op.slot = HashSlot::of(keyOf(op.n));
        ++m_pending;
        dispatch(op, m_owner[std::size_t(op.slot)], false);
    }
    if (m_state == State::Verifying && m_pending == 0 && m_nextRead >= m_acked.size()) {
        m_state = State::Done;
        emit finished(m_report);
    }
}

void ClusterWriter::dispatch(const Op &op, int node, bool asking)
{
    if (node < 0)
        node = 0; // an uncovered slot: ask the seed, which redirects or says CLUSTERDOWN
    RedisConnection &c = connection(node);
    if (asking) {
        // ASKING is only valid for the next command of this connection: both go out back to back.
        c.send(RespCommand{"ASKING"}, this,
               [this, op](const RedisResult &r) {
                   if (!r.ok())
                       recordError(op, QStringLiteral("ASKING: ") + r.error().message());
               },
               m_options.commandTimeoutMs);
    }
    const QByteArray key = keyOf(op.n);
    const RespCommand command = op.read ? RespCommand{"GET", key} : RespCommand{"SET", key, valueOf(op.n)};
    c.send(command, this, [this, op](const RedisResult &r) { onReply(op, r); }, m_options.commandTimeoutMs);
}

void ClusterWriter::onReply(Op op, const RedisResult &result)
{
    if (result.ok()) {
        if (op.read) {
            ++m_report.checked;
            if (result.value().isNil())
                ++m_report.missing;
            else if (result.value().bytes() != valueOf(op.n))
                ++m_report.wrongValue;
        } else {
            ++m_report.acknowledged;
            m_acked << op.n;
        }
        complete(op);
        return;
    }
    const RedisError &e = result.error();
    if (++op.hops > m_options.maxHops) {
        recordError(op, QStringLiteral("%1: gave up after %2 redirects or retries, last: %3")
                            .arg(QString::fromUtf8(keyOf(op.n)))
                            .arg(m_options.maxHops)
                            .arg(e.message()));
        complete(op);
        return;
    }
    switch (e.kind()) {
    case RedisError::Kind::Moved:
        ++m_report.moved;
        m_owner[std::size_t(op.slot)] = nodeIndex(e.redirect());
        dispatch(op, m_owner[std::size_t(op.slot)], false);
        return;
    case RedisError::Kind::Ask:
        ++m_report.ask;
        dispatch(op, nodeIndex(e.redirect()), true);
        return;
    case RedisError::Kind::TryAgain:
        ++m_report.tryAgain;
        retry(op, m_owner[std::size_t(op.slot)], false);
        return;
    case RedisError::Kind::ClusterDown:
        ++m_report.clusterDown;
        retry(op, m_owner[std::size_t(op.slot)], false);
        return;
    default:
        recordError(op, QString::fromUtf8(keyOf(op.n)) + QStringLiteral(": ") + e.message());
        complete(op);
        return;
    }
}

void ClusterWriter::retry(Op op, int node, bool asking)
{
    QTimer::singleShot(m_options.retryDelayMs, this, [this, op, node, asking] { dispatch(op, node, asking); });
}

void ClusterWriter::complete(const Op &op)
{
    --m_pending;
    if (op.read) {
        issueReads();
        return;
    }
    if (m_state == State::Writing)
        issueWrites();
    else if (m_state == State::Stopping && m_pending == 0) {
        m_state = State::Stopped;
        emit stopped();
    }
}

void ClusterWriter::recordError(const Op &op, const QString &message)
{
    ++(op.read ? m_report.readErrors : m_report.errors);
    if (m_report.errorSamples.size() < kErrorSamples)
        m_report.errorSamples << (op.read ? QStringLiteral("read ") : QStringLiteral("write ")) + message;
}

void ClusterWriter::stop()
{
    if (m_state == State::Writing) {
        m_state = State::Stopping;
        if (m_pending == 0) {
            m_state = State::Stopped;
            emitQueued(&ClusterWriter::stopped);
        }
    } else if (m_state == State::Idle || m_state == State::Mapping) {
        for (const auto &c : m_connections)
            if (c)
                c->cancel(this);
        m_state = State::Stopped;
        emitQueued(&ClusterWriter::stopped);
    }
}

void ClusterWriter::verify()
{
    if (m_state != State::Stopped)
        return; // verifying while writes are in flight would race them
    m_state = State::Verifying;
    m_nextRead = 0;
    if (m_acked.isEmpty()) {
        m_state = State::Done;
        QMetaObject::invokeMethod(this, [this] { emit finished(m_report); }, Qt::QueuedConnection);
        return;
    }
    issueReads();
}

Endpoint ClusterWriter::ownerOf(int slot) const
{
    if (slot < 0 || slot >= HashSlot::kSlots || m_owner[std::size_t(slot)] < 0)
        return {};
    return m_nodes[m_owner[std::size_t(slot)]];
}

int ClusterWriter::nodeIndex(const Endpoint &endpoint)
{
    const qsizetype i = m_nodes.indexOf(endpoint);
    if (i >= 0)
        return int(i);
    m_nodes << endpoint;
    m_connections.push_back(nullptr);
    return int(m_nodes.size() - 1);
}

RedisConnection &ClusterWriter::connection(int node)
{
    std::unique_ptr<RedisConnection> &c = m_connections[std::size_t(node)];
    if (!c) {
        ConnectionOptions o = m_options.connection;
        o.endpoint = m_nodes[node];
        c = std::make_unique<RedisConnection>(o);
    }
    return *c;
}

void ClusterWriter::emitQueued(void (ClusterWriter::*signal)())
{
    QMetaObject::invokeMethod(this, [this, signal] { emit (this->*signal)(); }, Qt::QueuedConnection);
}
