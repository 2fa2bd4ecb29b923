#include "LabFixture.h"

#include <QObject>
#include <QSignalSpy>
#include <QTest>

#include <cerrno>
#include <memory>
#include <optional>
#include <signal.h>

namespace labtest {

using namespace ops;

bool startLab(LocalLab &lab, const LabSpec &spec, QString &error, int waitMs)
{
    QSignalSpy readySpy(&lab, &LocalLab::ready);
    QSignalSpy failedSpy(&lab, &LocalLab::failed);
    lab.start(spec); // may fail synchronously: the spies are already listening
    (void)QTest::qWaitFor([&] { return !readySpy.isEmpty() || !failedSpy.isEmpty(); }, waitMs);
    if (!failedSpy.isEmpty()) {
        error = failedSpy.first().first().toString();
        return false;
    }
    if (readySpy.isEmpty()) {
        error = QStringLiteral("the lab emitted neither ready() nor failed() within %1 ms").arg(waitMs);
        lab.stop();
        return false;
    }
    return true;
}

RedisResult execute(RedisConnection &connection, const RespCommand &command, int timeoutMs, int waitMs)
{
    QObject context; // if we give up waiting, the handler dies with it and never touches `result`
    std::optional<RedisResult> result;
    connection.send(command, &context, [&result](const RedisResult &r) { result = r; }, timeoutMs);
    (void)QTest::qWaitFor([&] { return result.has_value(); }, waitMs);
    if (result)
        return *result;
    return RedisResult(RedisError(RedisError::Kind::Timeout, connection.endpoint(),
                                  QStringLiteral("test helper: no handler call for %1 within %2 ms")
                                      .arg(QString::fromLatin1(command.name()))
                                      .arg(waitMs)));
}

QList<RedisResult> executeAll(RedisConnection &connection, const QList<RespCommand> &commands, int waitMs)
{
    QObject context;
    std::vector<std::optional<RedisResult>> results(std::size_t(commands.size()));
    std::size_t done = 0;
    for (qsizetype i = 0; i < commands.size(); ++i)
        connection.send(commands[i], &context, [&results, &done, i](const RedisResult &r) {
            results[std::size_t(i)] = r;
            ++done;
        });
    (void)QTest::qWaitFor([&] { return done == results.size(); }, waitMs);
    QList<RedisResult> out;
    for (qsizetype i = 0; i < commands.size(); ++i) {
        const auto &r = results[std::size_t(i)];
        out << (r ? *r
                  : RedisResult(RedisError(RedisError::Kind::Timeout, connection.endpoint(),
                                           QStringLiteral("test helper: no reply within %1 ms").arg(waitMs))));
    }
    return out;
}

RedisError openAndWait(RedisConnection &connection, int waitMs)
{
    if (connection.isReady())
        return {};
    QSignalSpy readySpy(&connection, &RedisConnection::ready);
    QSignalSpy failedSpy(&connection, &RedisConnection::connectFailed);
    connection.open();
    (void)QTest::qWaitFor([&] { return !readySpy.isEmpty() || !failedSpy.isEmpty(); }, waitMs);
    if (!readySpy.isEmpty())
        return {};
    if (!failedSpy.isEmpty())
        return failedSpy.first().first().value<RedisError>();
    return RedisError(RedisError::Kind::Timeout, connection.endpoint(),
                      QStringLiteral("test helper: neither ready() nor connectFailed() within %1 ms").arg(waitMs));
}

QByteArray infoField(const RedisResult &result, const QByteArray &name)
{
    if (!result.ok())
        return {};
    const QList<QByteArray> lines = result.value().bytes().split('\n');
    for (const QByteArray &line : lines)
        if (line.size() > name.size() && line.startsWith(name) && line[name.size()] == ':')
            return line.mid(name.size() + 1).trimmed();
    return {};
}

QByteArray pairValue(const RespValue &pairs, const QByteArray &name)
{
    if (!pairs.isArray())
        return {};
    for (std::size_t i = 0; i + 1 < pairs.size(); i += 2)
        if (pairs[i].bytes() == name)
            return pairs[i + 1].isInteger() ? QByteArray::number(pairs[i + 1].integer()) : pairs[i + 1].bytes();
    return {};
}

QByteArray describe(const RedisResult &result)
{
    if (!result.ok())
        return QByteArray("error ") + RedisError::kindName(result.error().kind()) + ": " + result.error().message().toUtf8();
    return result.value().toDisplayString().left(300).toUtf8();
}

bool processGone(qint64 pid)
{
    return pid > 0 && ::kill(pid_t(pid), 0) == -1 && errno == ESRCH;
}

} // namespace labtest
