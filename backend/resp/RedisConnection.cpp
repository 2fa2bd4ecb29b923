#include "RedisConnection.h"

#include "PeerSniffer.h"
#include "TlsErrorText.h"
#include "TlsSetup.h"
#include "core/Logging.h"

#include <QSslSocket>
#include <QTcpSocket>
#include <QThread>

#include <cerrno>
#include <sys/socket.h>

namespace ops {

namespace {
auto log() { return Logging::get("resp"); }

constexpr int kReadChunk = 64 * 1024;
constexpr int kSniffBytes = 64;

bool isPush(const RespValue &v)
{
    if (!v.isArray() || v.size() < 3 || !v[0].isString())
        return false;
    const QByteArray &kind = v[0].bytes();
    return kind == "message" || kind == "pmessage";
}

bool isSubscriptionConfirmation(const RespValue &v)
{
    if (!v.isArray() || v.size() != 3 || !v[0].isString() || !v[2].isInteger())
        return false;
    const QByteArray &kind = v[0].bytes();
    return kind == "subscribe" || kind == "psubscribe" || kind == "unsubscribe" || kind == "punsubscribe";
}
} // namespace

RedisConnection::RedisConnection(ConnectionOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_reader(m_options.limits)
    , m_backoff(m_options.reconnect)
    , m_connectTimer(this)
    , m_deadlineTimer(this)
    , m_reconnectTimer(this)
{
    m_clock.start();
    m_connectTimer.setSingleShot(true);
    m_deadlineTimer.setSingleShot(true);
    m_reconnectTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, &RedisConnection::onConnectTimeout);
    connect(&m_deadlineTimer, &QTimer::timeout, this, &RedisConnection::onDeadline);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &RedisConnection::startSocket);
}

RedisConnection::~RedisConnection()
{
    // Handlers are not called during destruction: their contexts may be half-destroyed too.
    m_destroying = true;
    m_inflight.clear();
    m_waiting.clear();
    if (m_socket != nullptr) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

void RedisConnection::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

int RedisConnection::pendingCount() const
{
    int n = 0;
    for (const auto *queue : {&m_inflight, &m_waiting})
        for (const Pending &p : *queue)
            n += p.alive() ? 1 : 0;
    return n;
}

void RedisConnection::open()
{
    m_userClosed = false;
    if (m_state != State::Disconnected || m_reconnectTimer.isActive())
        return;
    startSocket();
}

void RedisConnection::close()
{
    m_userClosed = true;
    m_reconnectTimer.stop();
    fail(RedisError(RedisError::Kind::Closed, endpoint(), QStringLiteral("closed by the client")), false);
}

void RedisConnection::startSocket()
{
    if (m_socket != nullptr)
        return;
    ++m_generation;
    m_reader.reset();
    m_out.clear();
    m_firstBytes.clear();
    m_gotReply = false;
    m_serverSubscriptions = 0;
    m_timedOutInFlight = 0;
    m_tlsErrors.clear();
    setState(State::Connecting);

    const TlsOptions &tls = m_options.tls;
    if (tls.enabled) {
        QSslConfiguration conf;
        QString error;
        if (!TlsSetup::build(tls, conf, error)) {
            fail(RedisError(RedisError::Kind::Tls, endpoint(), error), false);
            return;
        }
        auto *ssl = new QSslSocket(this);
        ssl->setSslConfiguration(conf);
        if (tls.insecure)
            log()->warn("{}: TLS certificate verification is DISABLED (--insecure): the server is not authenticated",
                        endpoint().toString().toStdString());
        connect(ssl, &QSslSocket::encrypted, this, &RedisConnection::onTransportUp);
        connect(ssl, &QSslSocket::sslErrors, this, [this, name = tls.serverName.isEmpty() ? endpoint().host : tls.serverName](const QList<QSslError> &errors) {
            for (const QSslError &e : errors)
                m_tlsErrors << TlsErrorText::describe(e, name);
        });
        m_socket = ssl;
    } else {
        m_socket = new QTcpSocket(this);
        connect(m_socket, &QTcpSocket::connected, this, &RedisConnection::onTransportUp);
    }
    connect(m_socket, &QTcpSocket::readyRead, this, &RedisConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &RedisConnection::onSocketError);
    connect(m_socket, &QTcpSocket::disconnected, this, &RedisConnection::onDisconnected);

    m_connectTimer.start(m_options.connectTimeoutMs);
    log()->debug("{}: connecting{}", endpoint().toString().toStdString(), tls.enabled ? " (TLS)" : "");
    if (auto *ssl = qobject_cast<QSslSocket *>(m_socket))
        ssl->connectToHostEncrypted(endpoint().host, endpoint().port,
                                    tls.serverName.isEmpty() ? endpoint().host : tls.serverName);
    else
        m_socket->connectToHost(endpoint().host, endpoint().port);
}

void RedisConnection::onTransportUp()
{
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_socket->setSocketOption(QAbstractSocket::KeepAliveOption, 1);
    setState(State::Handshaking);

    m_handshakeSteps = 0;
    if (!m_options.password.isEmpty() || !m_options.user.isEmpty()) {
        RespCommand auth{QByteArrayLiteral("AUTH")};
        if (!m_options.user.isEmpty())
            auth << m_options.user;
        auth << m_options.password;
        writeInternal(auth, 1, [this](const RedisResult &r) { handleHandshakeReply("AUTH", r); });
        ++m_handshakeSteps;
    }
    if (!m_options.clientName.isEmpty()) {
        // Best effort: a failure here (old sentinel, ACL) does not stop the handshake.
        writeInternal(RespCommand{"CLIENT", "SETNAME", m_options.clientName}, 1, [](const RedisResult &) {});
    }
    writeInternal(RespCommand{"PING"}, 1, [this](const RedisResult &r) { handleHandshakeReply("PING", r); });
    ++m_handshakeSteps;
}

void RedisConnection::handleHandshakeReply(const QByteArray &step, const RedisResult &result)
{
    // fail() also fails the pending handshake commands; it has already decided about reconnecting.
    if (m_state != State::Handshaking)
        return;
    if (!result.ok()) {
        RedisError e = result.error();
        if (e.kind() == RedisError::Kind::Auth && step == "PING")
            e = RedisError(RedisError::Kind::Auth, endpoint(),
                           QStringLiteral("the server requires authentication (%1); give --user/--askpass")
                               .arg(e.detail()));
        fail(e, e.kind() != RedisError::Kind::Auth && e.kind() != RedisError::Kind::NoPerm);
        return;
    }
    if (step == "PING" && !(result.value().isStatus() && result.value().bytes() == "PONG")) {
        fail(RedisError(RedisError::Kind::NotRedis, endpoint(),
                        QStringLiteral("PING was answered with %1").arg(result.value().toDisplayString())),
             m_everReady);
        return;
    }
    if (--m_handshakeSteps == 0)
        completeHandshake();
}

void RedisConnection::completeHandshake()
{
    m_connectTimer.stop();
    m_backoff.reset();
    m_lastError = RedisError();
    m_everReady = true;
    setState(State::Ready);
    log()->info("{}: ready{}", endpoint().toString().toStdString(), m_options.tls.enabled ? " (TLS)" : "");

    const QList<QByteArray> channels = m_subscriptions.names(PubSubRegistry::Kind::Channel);
    const QList<QByteArray> patterns = m_subscriptions.names(PubSubRegistry::Kind::Pattern);
    if (!channels.isEmpty())
        writeInternal(RespCommand(QList<QByteArray>{"SUBSCRIBE"} + channels), int(channels.size()), {});
    if (!patterns.isEmpty())
        writeInternal(RespCommand(QList<QByteArray>{"PSUBSCRIBE"} + patterns), int(patterns.size()), {});

    std::deque<Pending> waiting;
    waiting.swap(m_waiting);
    for (Pending &p : waiting)
        if (p.alive())
            write(std::move(p));
    emit ready();
}

quint64 RedisConnection::send(const RespCommand &command, QObject *context, ReplyHandler handler, int timeoutMs)
{
    return send(command, context, std::move(handler), SendOptions{timeoutMs, false});
}

quint64 RedisConnection::send(const RespCommand &command, QObject *context, ReplyHandler handler, SendOptions how)
{
    Q_ASSERT(thread() == QThread::currentThread());
    const int timeoutMs = how.timeoutMs;
    Pending p;
    p.id = m_nextId++;
    if (!command.isEmpty())
        p.name = command.args().first(); // shared, not copied: upper-cased only for messages
    p.handler = std::move(handler);
    p.context = context;
    p.hasContext = context != nullptr;
    const int timeout = timeoutMs < 0 ? m_options.commandTimeoutMs : timeoutMs;
    p.timeoutMs = timeout;
    p.deadline = timeout > 0 ? m_clock.elapsed() + timeout : 0;

    if (command.isEmpty()) {
        failLater(std::move(p.handler), context,
                  RedisError(RedisError::Kind::Reply, endpoint(), QStringLiteral("empty command")));
        return p.id;
    }
    if (how.requireReady && m_state != State::Ready) {
        QString why = QStringLiteral("%1 not sent: the connection is %2")
                          .arg(QString::fromUtf8(command.name()),
                               m_state == State::Disconnected ? QStringLiteral("down") : QStringLiteral("still connecting"));
        if (m_lastError.isError())
            why += QStringLiteral(" (last error: %1)").arg(m_lastError.message());
        failLater(std::move(p.handler), context, RedisError(RedisError::Kind::NotConnected, endpoint(), why));
        return p.id;
    }
    if (m_state == State::Disconnected && (m_userClosed || m_reconnectTimer.isActive() || m_lastError.isError())) {
        const RedisError why = m_userClosed
            ? RedisError(RedisError::Kind::Closed, endpoint(), QStringLiteral("connection is closed"))
            : m_lastError;
        failLater(std::move(p.handler), context, why);
        return p.id;
    }
    if (m_state == State::Ready) {
        command.encodeInto(m_out);
        enqueue(std::move(p));
    } else {
        p.wire = command.encode();
        if (p.deadline != 0)
            armDeadlineTimer(p.deadline);
        m_waiting.push_back(std::move(p));
        if (m_state == State::Disconnected)
            open();
    }
    return m_nextId - 1;
}

void RedisConnection::writeInternal(const RespCommand &command, int expectedReplies, ReplyHandler handler)
{
    Pending p;
    p.id = m_nextId++;
    p.name = command.name();
    p.handler = std::move(handler);
    p.expectedReplies = expectedReplies;
    command.encodeInto(m_out);
    enqueue(std::move(p));
}

// Commands are collected in m_out and written once per event-loop turn (or once per batch of
// replies dispatched), so a burst of sends costs one system call, as with redis-benchmark -P.
void RedisConnection::write(Pending &&pending)
{
    m_out.append(pending.wire);
    pending.wire = QByteArray();
    enqueue(std::move(pending));
}

/** Records a command whose wire form is already in m_out, and makes sure it gets flushed. */
void RedisConnection::enqueue(Pending &&pending)
{
    if (pending.deadline != 0)
        armDeadlineTimer(pending.deadline);
    m_inflight.push_back(std::move(pending));
    if (!m_inReadyRead && !m_flushQueued) {
        m_flushQueued = true;
        QMetaObject::invokeMethod(this, [this] {
            m_flushQueued = false;
            flushOutput();
        }, Qt::QueuedConnection);
    }
}

// Plain TCP with nothing buffered in Qt: send(2) straight away. Going through QAbstractSocket's
// write buffer instead toggles its write notifier twice per batch, and with the glib dispatcher
// each toggle is an eventfd wake-up: three extra system calls per round trip (strace). Whatever
// the kernel does not take, and everything on TLS, goes through Qt, which keeps the order and
// reports errors through the usual signals.
void RedisConnection::flushOutput()
{
    if (m_socket == nullptr || m_out.isEmpty())
        return;
    qint64 done = 0;
    if (!m_options.tls.enabled && m_socket->bytesToWrite() == 0) {
        const qintptr fd = m_socket->socketDescriptor();
        if (fd != -1) {
            ssize_t n = 0;
            do {
                n = ::send(int(fd), m_out.constData(), size_t(m_out.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
            } while (n < 0 && errno == EINTR);
            done = n > 0 ? n : 0;
        }
    }
    if (done < m_out.size())
        m_socket->write(m_out.constData() + done, m_out.size() - done);
    m_out.resize(0); // keeps the capacity for the next turn
    markFlushed();
}

// The commands of this batch sit at the end of the in-flight queue, behind those flushed before.
void RedisConnection::markFlushed()
{
    for (auto it = m_inflight.rbegin(); it != m_inflight.rend() && !it->flushed; ++it)
        it->flushed = true;
}

void RedisConnection::cancel(const QObject *context)
{
    for (auto *queue : {&m_inflight, &m_waiting})
        for (Pending &p : *queue)
            if (p.hasContext && p.context == context)
                p.cancelled = true;
    m_subscriptions.removeContext(context);
}

void RedisConnection::subscribe(const QList<QByteArray> &channels, QObject *context, MessageHandler handler)
{
    m_subscriptions.add(PubSubRegistry::Kind::Channel, channels, context, std::move(handler));
    if (m_state == State::Ready)
        writeInternal(RespCommand(QList<QByteArray>{"SUBSCRIBE"} + channels), int(channels.size()), {});
    else if (m_state == State::Disconnected && !m_userClosed)
        open();
}

void RedisConnection::psubscribe(const QList<QByteArray> &patterns, QObject *context, MessageHandler handler)
{
    m_subscriptions.add(PubSubRegistry::Kind::Pattern, patterns, context, std::move(handler));
    if (m_state == State::Ready)
        writeInternal(RespCommand(QList<QByteArray>{"PSUBSCRIBE"} + patterns), int(patterns.size()), {});
    else if (m_state == State::Disconnected && !m_userClosed)
        open();
}

void RedisConnection::unsubscribe(const QList<QByteArray> &channels)
{
    m_subscriptions.remove(PubSubRegistry::Kind::Channel, channels);
    if (m_state == State::Ready && !channels.isEmpty())
        writeInternal(RespCommand(QList<QByteArray>{"UNSUBSCRIBE"} + channels), int(channels.size()), {});
}

void RedisConnection::punsubscribe(const QList<QByteArray> &patterns)
{
    m_subscriptions.remove(PubSubRegistry::Kind::Pattern, patterns);
    if (m_state == State::Ready && !patterns.isEmpty())
        writeInternal(RespCommand(QList<QByteArray>{"PUNSUBSCRIBE"} + patterns), int(patterns.size()), {});
}

void RedisConnection::onReadyRead()
{
    // Handlers answering replies often send more: collect, and write once on the way out.
    struct FlushOnExit
    {
        RedisConnection *self;
        ~FlushOnExit()
        {
            self->m_inReadyRead = false;
            self->flushOutput();
        }
    } flushOnExit{this};
    m_inReadyRead = true;
    const quint64 generation = m_generation;
    char buffer[kReadChunk];
    std::vector<RespValue> replies;
    while (m_socket != nullptr && generation == m_generation) {
        const qint64 n = m_socket->read(buffer, sizeof buffer);
        if (n <= 0)
            break;
        if (m_firstBytes.size() < kSniffBytes)
            m_firstBytes.append(buffer, std::min<qint64>(n, kSniffBytes - m_firstBytes.size()));
        replies.clear();
        const bool ok = m_reader.feed(buffer, n, replies);
        for (RespValue &reply : replies) {
            handleReply(std::move(reply));
            if (generation != m_generation)
                return; // a handler or the reply itself tore the connection down
        }
        if (!ok) {
            const bool beforeAnyReply = !m_gotReply && m_state == State::Handshaking;
            if (beforeAnyReply && !m_reader.limitExceeded())
                fail(RedisError(RedisError::Kind::NotRedis, endpoint(), PeerSniffer::describe(m_firstBytes)), m_everReady);
            else
                fail(RedisError(RedisError::Kind::Protocol, endpoint(), m_reader.errorString()), true);
            return;
        }
    }
}

void RedisConnection::handleReply(RespValue &&reply)
{
    m_gotReply = true;
    if (m_serverSubscriptions > 0 && isPush(reply)) {
        PubSubMessage msg;
        if (reply[0].bytes() == "pmessage" && reply.size() >= 4) {
            msg.pattern = reply[1].bytes();
            msg.channel = reply[2].bytes();
            msg.payload = reply[3].bytes();
        } else {
            msg.channel = reply[1].bytes();
            msg.payload = reply[2].bytes();
        }
        m_subscriptions.deliver(msg);
        return;
    }
    if (m_inflight.empty()) {
        fail(RedisError(RedisError::Kind::Protocol, endpoint(),
                        QStringLiteral("unsolicited reply %1").arg(reply.toDisplayString().left(80))),
             true);
        return;
    }
    if (isSubscriptionConfirmation(reply))
        m_serverSubscriptions = int(reply[2].integer());

    Pending &front = m_inflight.front();
    if (!reply.isError() && --front.expectedReplies > 0)
        return;
    Pending done = std::move(front);
    m_inflight.pop_front();
    if (done.timedOut) {
        --m_timedOutInFlight;
        return;
    }
    if (!done.alive() || !done.handler)
        return;
    if (reply.isError())
        done.handler(RedisResult(RedisError::fromReply(endpoint(), reply.bytes())));
    else
        done.handler(RedisResult(std::move(reply)));
}

void RedisConnection::armDeadlineTimer(qint64 deadline)
{
    if (m_deadlineTimer.isActive() && m_armedDeadline <= deadline)
        return;
    m_armedDeadline = deadline;
    m_deadlineTimer.start(int(std::max<qint64>(0, deadline - m_clock.elapsed())));
}

// Expires every command whose deadline passed. O(pending) per firing; firings are rare because
// the timer is re-armed for the earliest live deadline only.
void RedisConnection::onDeadline()
{
    const qint64 now = m_clock.elapsed();
    std::vector<Invocation> calls;
    qint64 next = 0;
    auto expire = [&](Pending &p, bool written) {
        if (!p.alive() || p.deadline == 0)
            return;
        if (p.deadline <= now) {
            p.timedOut = true;
            if (written)
                ++m_timedOutInFlight;
            if (p.handler)
                calls.emplace_back(std::move(p.handler),
                                   RedisError(RedisError::Kind::Timeout, endpoint(),
                                              QStringLiteral("no reply to %1 within %2 ms")
                                                  .arg(QString::fromUtf8(p.name.toUpper()))
                                                  .arg(p.timeoutMs))
                                       .withDelivery(deliveryOf(p)));
        } else if (next == 0 || p.deadline < next) {
            next = p.deadline;
        }
    };
    for (Pending &p : m_inflight)
        expire(p, true);
    for (Pending &p : m_waiting)
        expire(p, false);
    std::erase_if(m_waiting, [](const Pending &p) { return p.timedOut; });
    m_armedDeadline = 0;
    if (next != 0)
        armDeadlineTimer(next);

    const bool hung = m_timedOutInFlight > m_options.maxTimedOutInFlight;
    invokeAll(calls);
    if (hung && m_socket != nullptr)
        fail(RedisError(RedisError::Kind::Timeout, endpoint(),
                        QStringLiteral("connection hung: %1 commands unanswered").arg(m_timedOutInFlight)),
             true);
}

RedisError::Delivery RedisConnection::deliveryOf(const Pending &pending)
{
    return pending.flushed ? RedisError::Delivery::Unknown : RedisError::Delivery::NotSent;
}

void RedisConnection::invokeAll(std::vector<Invocation> &calls)
{
    for (auto &[handler, result] : calls)
        handler(result);
}

void RedisConnection::failLater(ReplyHandler handler, QObject *context, const RedisError &error)
{
    if (!handler)
        return;
    QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    QMetaObject::invokeMethod(this, [handler = std::move(handler), guard, hasContext,
                                     error = error.withDelivery(RedisError::Delivery::NotSent)] {
        if (!hasContext || !guard.isNull())
            handler(RedisResult(error));
    }, Qt::QueuedConnection);
}

RedisError RedisConnection::socketError() const
{
    const auto code = m_socket->error();
    QString text = m_socket->errorString();
    switch (code) {
    case QAbstractSocket::RemoteHostClosedError:
        if (m_state == State::Handshaking && m_firstBytes.isEmpty())
            return RedisError(RedisError::Kind::Closed, endpoint(),
                              QStringLiteral("the server closed the connection without answering the handshake "
                                             "(a TLS-only port? try --tls; or maxclients reached)"));
        return RedisError(RedisError::Kind::Closed, endpoint(), closedText());
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        if (!m_tlsErrors.isEmpty())
            text = m_tlsErrors.join(QStringLiteral("; "));
        return RedisError(RedisError::Kind::Tls, endpoint(), QStringLiteral("TLS handshake failed: ") + text);
    case QAbstractSocket::SocketTimeoutError:
        return RedisError(RedisError::Kind::Timeout, endpoint(), text);
    default:
        return RedisError(RedisError::Kind::Io, endpoint(), text);
    }
}

void RedisConnection::onSocketError()
{
    if (m_socket == nullptr)
        return;
    const RedisError error = socketError();
    // A certificate the verification rejected stays rejected: no retry. A handshake cut short
    // (the server still starting, a reset mid-handshake) is transient like any other I/O error.
    const bool retry = error.kind() != RedisError::Kind::Tls || m_tlsErrors.isEmpty();
    fail(error, retry);
}

void RedisConnection::onDisconnected()
{
    if (m_socket == nullptr)
        return;
    fail(RedisError(RedisError::Kind::Closed, endpoint(), closedText()), true);
}

QString RedisConnection::closedText() const
{
    // A reply cut off (a reset mid-reply, a proxy dying) reads differently from an idle close.
    const qint64 partial = m_reader.bufferedBytes();
    return partial > 0 ? QStringLiteral("the server closed the connection in the middle of a reply (%1 bytes of it received)").arg(partial)
                       : QStringLiteral("the server closed the connection");
}

RedisError RedisConnection::handshakeSilenceError() const
{
    if (m_state == State::Connecting) {
        const bool tcpUp = m_socket != nullptr && m_socket->state() == QAbstractSocket::ConnectedState;
        return RedisError(RedisError::Kind::Timeout, endpoint(),
                          tcpUp ? QStringLiteral("TLS handshake did not finish within %1 ms (is the port TLS?)")
                                      .arg(m_options.connectTimeoutMs)
                                : QStringLiteral("TCP connect did not finish within %1 ms")
                                      .arg(m_options.connectTimeoutMs));
    }
    if (!m_firstBytes.isEmpty())
        return RedisError(RedisError::Kind::NotRedis, endpoint(), PeerSniffer::describe(m_firstBytes));
    return RedisError(RedisError::Kind::Timeout, endpoint(),
                      QStringLiteral("connected, but no answer to the handshake within %1 ms "
                                     "(server stopped, overloaded, or not Redis)")
                          .arg(m_options.connectTimeoutMs));
}

void RedisConnection::onConnectTimeout()
{
    const RedisError error = handshakeSilenceError();
    fail(error, error.kind() == RedisError::Kind::Timeout);
}

void RedisConnection::fail(const RedisError &error, bool mayReconnect)
{
    const bool wasReady = m_state == State::Ready;
    const bool hadSocket = m_socket != nullptr;
    ++m_generation;
    m_connectTimer.stop();
    m_deadlineTimer.stop();
    m_armedDeadline = 0;
    if (m_socket != nullptr) {
        QTcpSocket *socket = m_socket;
        m_socket = nullptr;
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
    m_reader.reset();
    m_out.clear();
    m_serverSubscriptions = 0;
    m_timedOutInFlight = 0;
    if (error.kind() != RedisError::Kind::Closed || !m_userClosed)
        m_lastError = error;

    std::vector<Invocation> calls;
    for (auto *queue : {&m_inflight, &m_waiting}) {
        for (Pending &p : *queue)
            if (p.alive() && p.handler)
                calls.emplace_back(std::move(p.handler), RedisResult(error.withDelivery(deliveryOf(p))));
        queue->clear();
    }
    setState(State::Disconnected);
    if (hadSocket || !calls.empty()) {
        if (m_userClosed)
            log()->debug("{}: closed", endpoint().toString().toStdString());
        else if (wasReady)
            log()->warn("{}", error.message().toStdString());
        else // attempts fail routinely while a node restarts: callers report what matters to them
            log()->info("{}", error.message().toStdString());
    }
    invokeAll(calls);
    if (m_destroying)
        return;
    if (!m_userClosed) {
        if (wasReady)
            emit connectionLost(error);
        else if (hadSocket)
            emit connectFailed(error);
    }
    if (mayReconnect && !m_userClosed && m_options.reconnect.enabled && m_state == State::Disconnected)
        scheduleReconnect();
}

void RedisConnection::scheduleReconnect()
{
    const int delay = m_backoff.nextDelayMs();
    log()->debug("{}: reconnecting in {} ms (attempt {})", endpoint().toString().toStdString(), delay,
                 m_backoff.attempt());
    m_reconnectTimer.start(delay);
}

} // namespace ops
