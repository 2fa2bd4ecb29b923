#include "StallingProxy.h"

#include <QHostAddress>
#include <QTcpSocket>
#include <QTimer>

StallingProxy::StallingProxy(quint16 upstreamPort, QObject *parent) : QTcpServer(parent), m_upstreamPort(upstreamPort)
{
    connect(this, &QTcpServer::newConnection, this, &StallingProxy::onNewConnection);
}

StallingProxy::~StallingProxy()
{
    for (Pair *p : std::as_const(m_pairs)) {
        delete p->client;
        delete p->upstream;
        delete p;
    }
}

bool StallingProxy::start()
{
    return listen(QHostAddress::LocalHost, 0);
}

void StallingProxy::hold()
{
    m_holding = true;
}

void StallingProxy::release()
{
    m_holding = false;
    for (Pair *p : std::as_const(m_pairs))
        deliver(*p);
}

qint64 StallingProxy::held() const
{
    qint64 bytes = 0;
    for (const Pair *p : m_pairs)
        bytes += p->held.size();
    return bytes;
}

void StallingProxy::onNewConnection()
{
    while (QTcpSocket *client = nextPendingConnection()) {
        auto *pair = new Pair;
        pair->client = client;
        pair->upstream = new QTcpSocket(this);
        m_pairs << pair;
        connect(pair->upstream, &QTcpSocket::readyRead, this, [this, pair] {
            if (m_delayMs > 0 && !m_holding) { // equal delays fire in the order they were set
                QTimer::singleShot(m_delayMs, this, [pair, data = pair->upstream->readAll()] {
                    if (pair->client)
                        pair->client->write(data);
                });
                return;
            }
            pair->held += pair->upstream->readAll();
            deliver(*pair);
        });
        connect(client, &QTcpSocket::readyRead, this, [pair] {
            if (pair->upstream)
                pair->upstream->write(pair->client->readAll());
        });
        auto closeBoth = [pair] {
            if (pair->client)
                pair->client->disconnectFromHost();
            if (pair->upstream)
                pair->upstream->disconnectFromHost();
        };
        connect(client, &QTcpSocket::disconnected, this, closeBoth);
        connect(pair->upstream, &QTcpSocket::disconnected, this, closeBoth);
        pair->upstream->connectToHost(QHostAddress::LocalHost, m_upstreamPort);
    }
}

void StallingProxy::deliver(Pair &pair)
{
    if (m_holding || pair.held.isEmpty() || !pair.client)
        return;
    pair.client->write(pair.held);
    pair.held.clear();
}
