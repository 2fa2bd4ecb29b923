#include "TamperingProxy.h"

#include <QHostAddress>
#include <QTcpSocket>

TamperingProxy::TamperingProxy(quint16 upstreamPort, QObject *parent)
    : QTcpServer(parent), m_upstreamPort(upstreamPort)
{
    connect(this, &QTcpServer::newConnection, this, &TamperingProxy::onNewConnection);
}

TamperingProxy::~TamperingProxy()
{
    qDeleteAll(m_pairs);
}

bool TamperingProxy::start()
{
    return listen(QHostAddress::LocalHost, 0);
}

void TamperingProxy::pass()
{
    m_mode = Mode::Pass;
}

void TamperingProxy::replaceReplies(const QByteArray &command, const QByteArray &bytes)
{
    m_mode = Mode::Replace;
    m_command = command.toUpper();
    m_bytes = bytes;
}

void TamperingProxy::garbage(const QByteArray &bytes)
{
    m_mode = Mode::Garbage;
    m_bytes = bytes;
}

void TamperingProxy::resetMidReply(const QByteArray &command)
{
    m_mode = Mode::ResetMidReply;
    m_command = command.toUpper();
}

qsizetype TamperingProxy::frameEnd(const QByteArray &data, qsizetype from)
{
    if (from >= data.size())
        return -1;
    const qsizetype eol = data.indexOf("\r\n", from);
    if (eol < 0)
        return -1;
    const qint64 n = data.mid(from + 1, eol - from - 1).toLongLong();
    switch (data.at(from)) {
    case '$': {
        if (n < 0)
            return eol + 2;
        const qsizetype end = eol + 2 + qsizetype(n) + 2;
        return end <= data.size() ? end : -1;
    }
    case '*': {
        qsizetype at = eol + 2;
        for (qint64 i = 0; i < n && at >= 0; ++i)
            at = frameEnd(data, at);
        return at;
    }
    default: // + - : and inline commands: one line
        return eol + 2;
    }
}

QByteArray TamperingProxy::commandText(const QByteArray &frame)
{
    QList<QByteArray> words;
    qsizetype at = frame.indexOf("\r\n") + 2;
    while (at > 1 && at < frame.size() && frame.at(at) == '$') {
        const qsizetype eol = frame.indexOf("\r\n", at);
        const qsizetype n = frame.mid(at + 1, eol - at - 1).toLongLong();
        words << frame.mid(eol + 2, n).toUpper();
        at = eol + 2 + n + 2;
    }
    return words.join(' ');
}

void TamperingProxy::onNewConnection()
{
    while (QTcpSocket *client = nextPendingConnection()) {
        ++m_connectionsSeen;
        auto *pair = new Pair;
        pair->client = client;
        pair->upstream = new QTcpSocket(this);
        m_pairs << pair;
        connect(client, &QTcpSocket::readyRead, this, [this, pair] { relayCommands(*pair); });
        connect(pair->upstream, &QTcpSocket::readyRead, this, [this, pair] { relayReplies(*pair); });
        connect(pair->upstream, &QTcpSocket::connected, this, [this, pair] { relayCommands(*pair); });
        connect(client, &QTcpSocket::disconnected, this, [this, pair] { drop(pair); });
        connect(pair->upstream, &QTcpSocket::disconnected, this, [this, pair] { drop(pair); });
        pair->upstream->connectToHost(QHostAddress::LocalHost, m_upstreamPort);
    }
}

void TamperingProxy::relayCommands(Pair &pair)
{
    if (!pair.client || !pair.upstream)
        return;
    pair.fromClient += pair.client->readAll();
    if (pair.upstream->state() != QAbstractSocket::ConnectedState)
        return; // held until connected
    qsizetype end;
    while ((end = frameEnd(pair.fromClient, 0)) > 0) {
        const QByteArray frame = pair.fromClient.left(end);
        pair.fromClient.remove(0, end);
        pair.pending << commandText(frame);
        pair.upstream->write(frame);
    }
}

void TamperingProxy::relayReplies(Pair &pair)
{
    if (!pair.client || !pair.upstream)
        return;
    pair.fromUpstream += pair.upstream->readAll();
    qsizetype end;
    while ((end = frameEnd(pair.fromUpstream, 0)) > 0) {
        QByteArray reply = pair.fromUpstream.left(end);
        pair.fromUpstream.remove(0, end);
        const QByteArray command = pair.pending.isEmpty() ? QByteArray() : pair.pending.takeFirst();
        const bool matches = !m_command.isEmpty() && command.startsWith(m_command);
        if (m_mode == Mode::Garbage || (m_mode == Mode::Replace && matches)) {
            ++m_tampered;
            reply = m_bytes;
        } else if (m_mode == Mode::ResetMidReply && matches) {
            ++m_tampered;
            m_mode = Mode::Pass; // once
            // abort() emits disconnected(), which drops the pair: only the sockets are used after it.
            const QPointer<QTcpSocket> client = pair.client, upstream = pair.upstream;
            client->write(reply.left(reply.size() / 2));
            client->flush();
            client->abort();
            if (upstream)
                upstream->abort();
            return;
        }
        pair.client->write(reply);
    }
}

void TamperingProxy::drop(Pair *pair)
{
    if (!m_pairs.removeOne(pair))
        return;
    if (pair->client)
        pair->client->deleteLater();
    if (pair->upstream)
        pair->upstream->deleteLater();
    delete pair;
}
