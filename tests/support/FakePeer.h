#pragma once

#include <QByteArray>
#include <QList>
#include <QPointer>
#include <QTcpServer>

/**
 * A loopback TCP peer for fault injection, never a stand-in for Redis: it answers every
 * connection the same way — with a fixed HTTP response, garbage bytes, nothing at all (silent),
 * a scripted byte string (e.g. a malformed or oversized RESP reply) after the first request,
 * or by closing at once.
 */
class FakePeer : public QTcpServer
{
    Q_OBJECT
public:
    enum class Behaviour { Http, Garbage, Silent, Scripted, CloseImmediately };

    explicit FakePeer(Behaviour behaviour, QByteArray script = {}, QObject *parent = nullptr);
    /** Listens on 127.0.0.1, a free port. */
    bool start();
    quint16 port() const { return serverPort(); }
    int connectionsSeen() const { return m_connections; }
    qint64 bytesReceived() const { return m_received; }

private:
    void onNewConnection();

    Behaviour m_behaviour;
    QByteArray m_script;
    int m_connections = 0;
    qint64 m_received = 0;
};
