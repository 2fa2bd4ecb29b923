#pragma once

#include "CliCommand.h"
#include "ConnectionArguments.h"

#include <QElapsedTimer>
#include <QJsonArray>

namespace ops {

class RedisConnection;

/** @brief `redis-ops ping`: connects (TLS, ACL), sends PING --count times, prints round trips or the typed error. */
class PingCommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;
    void run(const QStringList &args) override;

private:
    void pingOnce();
    void report(const class RedisError &error);

    ConnectionArguments m_connArgs;
    RedisConnection *m_connection = nullptr;
    QElapsedTimer m_timer;
    qint64 m_connectUs = -1;
    int m_count = 1;
    int m_done = 0;
    bool m_json = false;
    QJsonArray m_rtts;
};

} // namespace ops
