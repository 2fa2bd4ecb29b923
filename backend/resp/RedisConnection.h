#pragma once

#include "ConnectionOptions.h"
#include "PubSubRegistry.h"
#include "ReconnectBackoff.h"
#include "RedisResult.h"
#include "RespCommand.h"
#include "RespReader.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <deque>
#include <functional>
#include <memory>

class QTcpSocket;

namespace ops {

/**
 * @brief One asynchronous connection to a Redis or Sentinel node, on the Qt event loop of the
 * thread it lives in. Transport is QTcpSocket / QSslSocket; hiredis is only the codec.
 *
 * - Pipelining: commands are written as they come; replies are matched in order.
 * - Every command has a deadline (per-command or ConnectionOptions::commandTimeoutMs). A command
 *   that times out gets a Timeout error; its late reply is discarded and the link stays usable.
 * - Handlers are tied to a context QObject: if it is destroyed, or cancel(context) is called, the
 *   handler is dropped. Handlers are never called synchronously from send().
 * - The handshake (AUTH [user] pass, CLIENT SETNAME, PING) runs before any queued command is
 *   written, so no command ever runs under the wrong identity.
 * - A connection that fails (I/O, timeout, protocol) fails every pending command with the cause
 *   and reconnects with capped exponential backoff; commands are never replayed (an operator's
 *   FAILOVER must not run twice). Auth, TLS and not-Redis failures do not retry by themselves.
 * - Subscriptions (SUBSCRIBE / PSUBSCRIBE) are restored after every reconnect.
 *
 * All methods must be called from the connection's thread.
 */
class RedisConnection : public QObject
{
    Q_OBJECT
public:
    enum class State { Disconnected, Connecting, Handshaking, Ready };
    Q_ENUM(State)

    using ReplyHandler = std::function<void(const RedisResult &)>;
    using MessageHandler = PubSubRegistry::Handler;

    /** @brief How one command is sent. */
    struct SendOptions
    {
        int timeoutMs = -1;        ///< < 0: ConnectionOptions::commandTimeoutMs
        /** Fail at once (NotConnected, not sent) unless the link is Ready, instead of queueing
         *  the command until a (re)connect: an operator's command must not fire seconds later. */
        bool requireReady = false;
    };

    explicit RedisConnection(ConnectionOptions options, QObject *parent = nullptr);
    ~RedisConnection() override;

    /** Starts connecting (no-op unless Disconnected). */
    void open();
    /** Closes; pending commands fail with Closed; no reconnect until open() is called again. */
    void close();

    State state() const { return m_state; }
    bool isReady() const { return m_state == State::Ready; }
    const ConnectionOptions &options() const { return m_options; }
    const Endpoint &endpoint() const { return m_options.endpoint; }
    /** Why the connection last failed (None after a successful handshake). */
    const RedisError &lastError() const { return m_lastError; }
    /** Commands written or waiting whose handler has not run yet. */
    int pendingCount() const;

    /**
     * Sends @p command. @p handler runs once, with the reply or a typed error, unless @p context
     * (when given) is destroyed or cancelled first. @p timeoutMs < 0 uses the default.
     * Opens the connection if it was never opened. Returns an id usable for logging.
     * Errors say whether the command left the process (RedisError::delivery()).
     */
    quint64 send(const RespCommand &command, QObject *context, ReplyHandler handler, int timeoutMs = -1);
    quint64 send(const RespCommand &command, QObject *context, ReplyHandler handler, SendOptions how);
    /** Drops the handlers of every pending command and subscription tied to @p context. */
    void cancel(const QObject *context);

    /** SUBSCRIBE / PSUBSCRIBE; restored after reconnects. The connection enters subscriber mode. */
    void subscribe(const QList<QByteArray> &channels, QObject *context, MessageHandler handler);
    void psubscribe(const QList<QByteArray> &patterns, QObject *context, MessageHandler handler);
    void unsubscribe(const QList<QByteArray> &channels);
    void punsubscribe(const QList<QByteArray> &patterns);

signals:
    void stateChanged(ops::RedisConnection::State state);
    /** Handshake done; commands flow. */
    void ready();
    /** An attempt to connect failed (before ready). */
    void connectFailed(const ops::RedisError &error);
    /** A ready connection was lost (not emitted for close()). */
    void connectionLost(const ops::RedisError &error);

private:
    struct Pending
    {
        quint64 id = 0;
        QByteArray name;          ///< upper-case command name, for messages
        QByteArray wire;          ///< encoded, while not yet written
        ReplyHandler handler;
        QPointer<QObject> context;
        bool hasContext = false;
        qint64 deadline = 0;      ///< on m_clock, ms; 0 = none
        int timeoutMs = 0;
        int expectedReplies = 1;  ///< SUBSCRIBE a b c answers three times
        bool timedOut = false;
        bool cancelled = false;
        bool flushed = false;     ///< handed to the socket: a failure now leaves the outcome unknown
        bool alive() const { return !timedOut && !cancelled && !(hasContext && context.isNull()); }
    };
    using Invocation = std::pair<ReplyHandler, RedisResult>;

    void setState(State state);
    void startSocket();
    void onTransportUp();
    void onReadyRead();
    void onSocketError();
    void onDisconnected();
    void onConnectTimeout();
    void onDeadline();
    void handleReply(RespValue &&reply);
    void handleHandshakeReply(const QByteArray &step, const RedisResult &result);
    void completeHandshake();
    void writeInternal(const RespCommand &command, int expectedReplies, ReplyHandler handler);
    void write(Pending &&pending);
    void enqueue(Pending &&pending);
    void flushOutput();
    void markFlushed();
    static RedisError::Delivery deliveryOf(const Pending &pending);
    void fail(const RedisError &error, bool mayReconnect);
    void scheduleReconnect();
    void armDeadlineTimer(qint64 deadline);
    void failLater(ReplyHandler handler, QObject *context, const RedisError &error);
    RedisError socketError() const;
    RedisError handshakeSilenceError() const;
    /** "the server closed the connection", saying so when it was in the middle of a reply. */
    QString closedText() const;
    static void invokeAll(std::vector<Invocation> &calls);

    ConnectionOptions m_options;
    State m_state = State::Disconnected;
    QTcpSocket *m_socket = nullptr;
    RespReader m_reader;
    std::deque<Pending> m_inflight;   ///< written, in order
    std::deque<Pending> m_waiting;    ///< submitted before the handshake finished
    QByteArray m_out;                 ///< encoded commands of this event-loop turn, not yet written
    bool m_flushQueued = false;
    bool m_inReadyRead = false;       ///< replies are being dispatched: flush once at the end
    PubSubRegistry m_subscriptions;
    int m_serverSubscriptions = 0;    ///< count reported by the last (p)subscribe confirmation
    int m_handshakeSteps = 0;
    QByteArray m_firstBytes;          ///< start of what the peer sent, for not-Redis diagnosis
    bool m_gotReply = false;
    /**
     * Completed a handshake once: a later peer that is "not Redis" (a proxy or a node answering
     * garbage for a while) is retried with backoff like any outage. Never ready: the address is
     * wrong (another service), and retrying would only hide that.
     */
    bool m_everReady = false;
    int m_timedOutInFlight = 0;
    quint64 m_nextId = 1;
    quint64 m_generation = 0;         ///< bumped on every teardown: stale callbacks check it
    bool m_userClosed = false;
    bool m_destroying = false;
    RedisError m_lastError;
    QStringList m_tlsErrors;
    ReconnectBackoff m_backoff;
    QElapsedTimer m_clock;
    QTimer m_connectTimer;
    QTimer m_deadlineTimer;
    QTimer m_reconnectTimer;
    qint64 m_armedDeadline = 0;
};

} // namespace ops
