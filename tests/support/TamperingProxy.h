#pragma once

#include <QByteArray>
#include <QList>
#include <QPointer>
#include <QTcpServer>

class QTcpSocket;

/**
 * A loopback relay to one real Redis server that turns hostile mid-session, for hostile-input
 * tests of the console: it decodes the client's commands and the server's replies (RESP frames,
 * so replies are matched to commands in order) and, per mode, passes each reply untouched,
 * replaces the replies to one command with scripted bytes, answers everything with garbage, or
 * sends half of the next reply to a command and then resets the connection. Never a stand-in for
 * Redis: whatever it does not tamper with is the server's own bytes.
 */
class TamperingProxy : public QTcpServer
{
    Q_OBJECT
public:
    explicit TamperingProxy(quint16 upstreamPort, QObject *parent = nullptr);
    ~TamperingProxy() override;
    /** Listens on 127.0.0.1, a free port. */
    bool start();
    quint16 port() const { return serverPort(); }

    /** Every reply as the server sent it. */
    void pass();
    /** Replies to commands starting with @p command ("CLUSTER NODES", "INFO") become @p bytes. */
    void replaceReplies(const QByteArray &command, const QByteArray &bytes);
    /** Every reply becomes @p bytes (garbage, not RESP). */
    void garbage(const QByteArray &bytes);
    /** The next reply to a command starting with @p command goes out half, then the connection is reset. */
    void resetMidReply(const QByteArray &command);

    /** Replies replaced, garbled or cut so far. */
    int tampered() const { return m_tampered; }
    int connectionsSeen() const { return m_connectionsSeen; }

    /** End of the first complete RESP2 value at @p from in @p data, or -1 while it is incomplete. */
    static qsizetype frameEnd(const QByteArray &data, qsizetype from);
    /** The words of a command frame ("*2\r\n$7\r\nCLUSTER\r\n…"), upper-cased, space-joined. */
    static QByteArray commandText(const QByteArray &frame);

private:
    enum class Mode { Pass, Replace, Garbage, ResetMidReply };
    struct Pair
    {
        QPointer<QTcpSocket> client;
        QPointer<QTcpSocket> upstream;
        QByteArray fromClient;    ///< bytes not yet a whole command
        QByteArray fromUpstream;  ///< bytes not yet a whole reply
        QList<QByteArray> pending; ///< commands sent upstream, not answered yet
    };
    void onNewConnection();
    void relayCommands(Pair &pair);
    void relayReplies(Pair &pair);
    void drop(Pair *pair);

    quint16 m_upstreamPort;
    QList<Pair *> m_pairs;
    Mode m_mode = Mode::Pass;
    QByteArray m_command;
    QByteArray m_bytes;
    int m_tampered = 0;
    int m_connectionsSeen = 0;
};
