#include "FakePeer.h"

#include <QTcpSocket>

FakePeer::FakePeer(Behaviour behaviour, QByteArray script, QObject *parent)
    : QTcpServer(parent), m_behaviour(behaviour), m_script(std::move(script))
{
    connect(this, &QTcpServer::newConnection, this, &FakePeer::onNewConnection);
}

bool FakePeer::start()
{
    return listen(QHostAddress::LocalHost, 0);
}

void FakePeer::onNewConnection()
{
    while (QTcpSocket *s = nextPendingConnection()) {
        ++m_connections;
        connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
        switch (m_behaviour) {
        case Behaviour::CloseImmediately:
            s->close();
            break;
        case Behaviour::Silent:
            connect(s, &QTcpSocket::readyRead, s, [this, s] { m_received += s->readAll().size(); });
            break;
        default:
            connect(s, &QTcpSocket::readyRead, s, [this, s] {
                m_received += s->readAll().size();
                if (s->property("answered").toBool())
                    return;
                s->setProperty("answered", true);
                if (m_behaviour == Behaviour::Http)
                    s->write("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nBad Request");
                else if (m_behaviour == Behaviour::Garbage)
                    s->write(QByteArray("\x01\x02\xfe\xffgarbage\x00\x07 bytes", 18));
                else
                    s->write(m_script);
            });
            break;
        }
    }
}
