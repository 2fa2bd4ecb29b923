#include "HoldingProxy.h"

#include <QHostAddress>
#include <QTcpSocket>
#include <QTimer>

HoldingProxy::HoldingProxy(quint16 upstreamPort, QObject *parent) : QTcpServer(parent), m_upstreamPort(upstreamPort)
{
    connect(this, &QTcpServer::newConnection, this, &HoldingProxy::onNewConnection);
}

HoldingProxy::~HoldingProxy()
{
    // The sockets first: closing them runs their disconnected handlers, which use the pairs.
    for (Pair *p : std::as_const(m_pairs))
        if (p->client) {
            p->client->disconnect();
            if (p->upstream)
                p->upstream->disconnect();
            delete p->client; // and its child upstream socket
        }
    qDeleteAll(m_pairs);
}

bool HoldingProxy::start()
{
    return listen(QHostAddress::LocalHost, 0);
}

void HoldingProxy::setHolding(bool holding)
{
    m_holding = holding;
    if (!holding)
        for (Pair *p : std::as_const(m_pairs))
            flush(*p);
}

qint64 HoldingProxy::heldBytes() const
{
    qint64 n = 0;
    for (const Pair *p : m_pairs)
        n += p->held.size();
    return n;
}

void HoldingProxy::flush(Pair &pair)
{
    if (pair.client && !pair.held.isEmpty())
        pair.client->write(pair.held);
    pair.held.clear();
}

void HoldingProxy::onNewConnection()
{
    while (QTcpSocket *client = nextPendingConnection()) {
        ++m_connectionsSeen;
        auto *pair = new Pair;
        pair->client = client;
        pair->upstream = new QTcpSocket(client);
        m_pairs << pair;
        QTcpSocket *upstream = pair->upstream;
        connect(client, &QTcpSocket::readyRead, upstream, [client, upstream] { upstream->write(client->readAll()); });
        connect(upstream, &QTcpSocket::readyRead, client, [this, pair, upstream, client] {
            if (m_delayMs > 0 && !m_holding) { // equal delays fire in the order they were set
                QTimer::singleShot(m_delayMs, client, [client, data = upstream->readAll()] { client->write(data); });
                return;
            }
            pair->held += upstream->readAll();
            if (!m_holding)
                flush(*pair);
        });
        connect(client, &QTcpSocket::disconnected, upstream, [pair, upstream] {
            pair->held.clear();
            upstream->disconnectFromHost();
        });
        connect(upstream, &QTcpSocket::disconnected, client, [client] { client->disconnectFromHost(); });
        connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
        // Client bytes that arrive before the upstream link is up are buffered by QTcpSocket.
        upstream->connectToHost(QHostAddress::LocalHost, m_upstreamPort);
    }
}
