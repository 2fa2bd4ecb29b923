#pragma once

#include <QByteArray>
#include <QList>
#include <QPointer>
#include <QTcpServer>

class QTcpSocket;

/**
 * @brief A byte relay on 127.0.0.1 in front of one server port, for replication links: hold()
 * keeps what the server sends (a master's replication stream) from reaching the client (a
 * replica) while the client's bytes (its REPLCONF ACKs) still go through, as a congested or
 * throttled link does; release() delivers what was held. setDelayMs() delivers every chunk the
 * server sends that much later instead (a distant link: round trips grow by it). Fault injection
 * between real servers and clients; unlike TamperingProxy it does not parse RESP (an RDB
 * transfer is not framed).
 */
class StallingProxy : public QTcpServer
{
    Q_OBJECT
public:
    explicit StallingProxy(quint16 upstreamPort, QObject *parent = nullptr);
    ~StallingProxy() override;
    bool start();
    quint16 port() const { return serverPort(); }

    void hold();
    void release();
    void setDelayMs(int ms) { m_delayMs = ms; }
    /** Bytes from the server not delivered yet. */
    qint64 held() const;

private:
    struct Pair
    {
        QPointer<QTcpSocket> client;
        QPointer<QTcpSocket> upstream;
        QByteArray held;
    };
    void onNewConnection();
    void deliver(Pair &pair);

    quint16 m_upstreamPort;
    bool m_holding = false;
    int m_delayMs = 0;
    QList<Pair *> m_pairs;
};
