#pragma once

#include <QByteArray>
#include <QList>
#include <QPointer>
#include <QTcpServer>

class QTcpSocket;

/**
 * A loopback TCP relay to one upstream port that can hold back what flows downstream (upstream →
 * client) while forwarding the other way. Pointing a replica at it (REPLICAOF 127.0.0.1
 * <port()>) and calling setHolding(true) makes the replica lag by exactly the bytes its master
 * streams meanwhile, while its link stays up and it answers every command: lag without a race.
 * setHolding(false) delivers what was held, in order. setDelayMs() instead delivers every chunk
 * from upstream that much later (a distant link: each round trip grows by it).
 */
class HoldingProxy : public QTcpServer
{
    Q_OBJECT
public:
    explicit HoldingProxy(quint16 upstreamPort, QObject *parent = nullptr);
    ~HoldingProxy() override;
    /** Listens on 127.0.0.1, a free port. */
    bool start();
    quint16 port() const { return serverPort(); }
    void setHolding(bool holding);
    void setDelayMs(int ms) { m_delayMs = ms; }
    /** Bytes received from upstream and not yet delivered. */
    qint64 heldBytes() const;
    int connectionsSeen() const { return m_connectionsSeen; }

private:
    struct Pair
    {
        QPointer<QTcpSocket> client;
        QPointer<QTcpSocket> upstream;
        QByteArray held;
    };
    void onNewConnection();
    void flush(Pair &pair);

    quint16 m_upstreamPort;
    QList<Pair *> m_pairs;
    bool m_holding = false;
    int m_delayMs = 0;
    int m_connectionsSeen = 0;
};
