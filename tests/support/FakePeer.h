#pragma once

#include <QByteArray>
#include <QList>
#include <QPointer>
#include <QTcpServer>

class QTcpSocket;

/**
 * A loopback TCP peer for fault injection, never a stand-in for Redis: it answers every
 * connection the same way — with a fixed HTTP response, garbage bytes, nothing at all (silent),
 * a scripted byte string (e.g. a malformed or oversized RESP reply) after the first request,
 * or by closing at once.
 *
 * HandshakeThenScript decodes the client's RESP commands and answers only the connection
 * handshake like Redis would (+OK to AUTH and CLIENT, +PONG to PING); the first other command
 * gets the script. With setFiller(), the peer then keeps streaming the filler after the script
 * (never more than a few hundred KB queued) until the client hangs up or fillerCap bytes went
 * out: bytesSent() then shows how much a client read before it gave up on an oversized reply.
 */
class FakePeer : public QTcpServer
{
    Q_OBJECT
public:
    enum class Behaviour { Http, Garbage, Silent, Scripted, CloseImmediately, HandshakeThenScript };

    explicit FakePeer(Behaviour behaviour, QByteArray script = {}, QObject *parent = nullptr);
    /** Listens on 127.0.0.1, a free port. */
    bool start();
    quint16 port() const { return serverPort(); }
    int connectionsSeen() const { return m_connections; }
    int disconnectionsSeen() const { return m_disconnections; }
    qint64 bytesReceived() const { return m_received; }
    qint64 bytesSent() const { return m_sent; }
    /** HandshakeThenScript only: what to stream after the script, and when to stop at the latest. */
    void setFiller(QByteArray chunk, qint64 fillerCap);

private:
    void onNewConnection();
    void answerCommands(QTcpSocket *socket);
    void pumpFiller(QTcpSocket *socket);

    Behaviour m_behaviour;
    QByteArray m_script;
    QByteArray m_filler;
    qint64 m_fillerCap = 0;
    int m_connections = 0;
    int m_disconnections = 0;
    qint64 m_received = 0;
    qint64 m_sent = 0;
};
