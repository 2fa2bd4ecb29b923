#include "FakePeer.h"

#include "resp/RespReader.h"

#include <QTcpSocket>

#include <memory>

namespace {
constexpr qint64 kFillerQueue = 256 * 1024;
}

FakePeer::FakePeer(Behaviour behaviour, QByteArray script, QObject *parent)
    : QTcpServer(parent), m_behaviour(behaviour), m_script(std::move(script))
{
    connect(this, &QTcpServer::newConnection, this, &FakePeer::onNewConnection);
}

bool FakePeer::start()
{
    return listen(QHostAddress::LocalHost, 0);
}

void FakePeer::setFiller(QByteArray chunk, qint64 fillerCap)
{
    m_filler = std::move(chunk);
    m_fillerCap = fillerCap;
}

void FakePeer::onNewConnection()
{
    while (QTcpSocket *s = nextPendingConnection()) {
        ++m_connections;
        connect(s, &QTcpSocket::disconnected, this, [this] { ++m_disconnections; });
        connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
        switch (m_behaviour) {
        case Behaviour::CloseImmediately:
            s->close();
            break;
        case Behaviour::Silent:
            connect(s, &QTcpSocket::readyRead, s, [this, s] { m_received += s->readAll().size(); });
            break;
        case Behaviour::HandshakeThenScript:
            answerCommands(s);
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

// Client commands are RESP arrays of bulk strings: the project's own reader decodes them.
void FakePeer::answerCommands(QTcpSocket *s)
{
    auto reader = std::make_shared<ops::RespReader>();
    connect(s, &QTcpSocket::readyRead, s, [this, s, reader] {
        const QByteArray bytes = s->readAll();
        m_received += bytes.size();
        if (s->property("answered").toBool())
            return;
        std::vector<ops::RespValue> commands;
        if (!reader->feed(bytes.constData(), bytes.size(), commands)) {
            s->abort();
            return;
        }
        for (const ops::RespValue &command : commands) {
            const QByteArray name = command.isArray() && command.size() > 0 ? command[0].bytes().toUpper() : QByteArray();
            QByteArray answer;
            if (name == "PING")
                answer = QByteArrayLiteral("+PONG\r\n");
            else if (name == "AUTH" || name == "CLIENT")
                answer = QByteArrayLiteral("+OK\r\n");
            if (!answer.isEmpty()) {
                m_sent += s->write(answer);
                continue;
            }
            s->setProperty("answered", true);
            m_sent += s->write(m_script);
            if (!m_filler.isEmpty()) {
                connect(s, &QTcpSocket::bytesWritten, s, [this, s] { pumpFiller(s); });
                pumpFiller(s);
            }
            return;
        }
    });
}

void FakePeer::pumpFiller(QTcpSocket *s)
{
    while (s->state() == QAbstractSocket::ConnectedState && s->bytesToWrite() < kFillerQueue && m_sent < m_fillerCap) {
        const qint64 n = s->write(m_filler);
        if (n <= 0)
            return;
        m_sent += n;
    }
}
