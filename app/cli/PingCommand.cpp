#include "PingCommand.h"

#include "resp/RedisConnection.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>

namespace ops {

void PingCommand::run(const QStringList &args)
{
    QCommandLineParser parser;
    prepare(parser, QStringLiteral("Connect to one node and measure PING round trips."));
    m_connArgs.addTo(parser);
    const QCommandLineOption count(QStringLiteral("count"), QStringLiteral("Number of PINGs (default 1)."), QStringLiteral("n"), QStringLiteral("1"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    parser.addOptions({count, json});
    if (!parseArguments(parser, args))
        return;
    bool ok = false;
    m_count = parser.value(count).toInt(&ok);
    if (!ok || m_count < 1)
        return usageError(QStringLiteral("invalid --count: %1").arg(parser.value(count)), parser.helpText());
    m_json = parser.isSet(json);
    ConnectionOptions options;
    QString error;
    if (!m_connArgs.read(parser, options, error))
        return usageError(error, parser.helpText());
    options.reconnect.enabled = false; // one attempt: a script wants the answer, not a retry loop

    m_connection = new RedisConnection(options, this);
    connect(m_connection, &RedisConnection::ready, this, [this] {
        m_connectUs = m_timer.nsecsElapsed() / 1000;
        pingOnce();
    });
    connect(m_connection, &RedisConnection::connectFailed, this, [this](const RedisError &e) { report(e); });
    m_timer.start();
    m_connection->open();
}

void PingCommand::pingOnce()
{
    QElapsedTimer rtt;
    rtt.start();
    m_connection->send(RespCommand{"PING"}, this, [this, rtt](const RedisResult &r) {
        if (!r.ok())
            return report(r.error());
        const double ms = double(rtt.nsecsElapsed()) / 1e6;
        m_rtts.append(ms);
        if (!m_json)
            out(QStringLiteral("%1 from %2: time=%3 ms").arg(r.value().text(), m_connection->endpoint().toString())
                    .arg(ms, 0, 'f', 3));
        if (++m_done < m_count)
            return pingOnce();
        if (m_json)
            out(QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("ok"), true},
                                                            {QStringLiteral("endpoint"), m_connection->endpoint().toString()},
                                                            {QStringLiteral("connect_ms"), double(m_connectUs) / 1000.0},
                                                            {QStringLiteral("rtt_ms"), m_rtts}})
                                      .toJson(QJsonDocument::Compact)));
        finish(ExitOk);
    });
}

void PingCommand::report(const RedisError &error)
{
    if (m_json)
        out(QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("ok"), false},
                                                        {QStringLiteral("endpoint"), error.endpoint().toString()},
                                                        {QStringLiteral("error"), QJsonObject{{QStringLiteral("kind"), QLatin1String(RedisError::kindName(error.kind()))},
                                                                                              {QStringLiteral("message"), error.message()}}}})
                                  .toJson(QJsonDocument::Compact)));
    else
        err(QStringLiteral("redis-ops: ") + error.message());
    finish(ExitConnection);
}

} // namespace ops
