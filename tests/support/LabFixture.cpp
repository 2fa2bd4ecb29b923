#include "LabFixture.h"

#include "actions/SentinelSurveyor.h"

#include <QMap>
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

std::unique_ptr<LocalLab> startedLab(LabSpec::Kind kind, int replicasPerMaster, int spareNodes)
{
    auto lab = std::make_unique<LocalLab>();
    LabSpec spec;
    spec.kind = kind;
    spec.masters = 3;
    spec.replicasPerMaster = replicasPerMaster;
    spec.spareNodes = spareNodes;
    QString error;
    if (startLab(*lab, spec, error))
        return lab;
    qWarning().noquote() << "lab failed:" << error;
    return nullptr;
}

QString clusterUnsettledReason(LocalLab &lab)
{
    QList<LabNode> nodes; // spare nodes are not in the cluster (until a test adds them)
    for (const LabNode &n : lab.topology().nodes)
        if (n.role != LabNode::Role::Spare)
            nodes << n;
    const QByteArray total = QByteArray::number(nodes.size());
    QMap<QByteArray, QByteArray> agreed; // node id -> "role master epoch slots" as the first view has it
    QString agreedBy;
    for (const LabNode &node : nodes) {
        const QString who = node.endpoint.toString();
        RedisConnection *control = lab.control(node.endpoint);
        if (control == nullptr)
            return who + QStringLiteral(": no control connection");
        const QList<RedisResult> r = executeAll(*control, {RespCommand{"CLUSTER", "INFO"}, RespCommand{"CLUSTER", "NODES"},
                                                           RespCommand{"INFO", "replication"}});
        if (infoField(r[0], "cluster_state") != "ok" || infoField(r[0], "cluster_known_nodes") != total)
            return who + QStringLiteral(": CLUSTER INFO ") + QString::fromUtf8(describe(r[0]));
        if (!r[1].ok())
            return who + QStringLiteral(": CLUSTER NODES ") + QString::fromUtf8(describe(r[1]));
        QMap<QByteArray, QByteArray> view;
        const QList<QByteArray> lines = r[1].value().bytes().trimmed().split('\n');
        for (const QByteArray &line : lines) {
            const QList<QByteArray> f = line.trimmed().split(' ');
            if (f.size() < 8)
                return who + QStringLiteral(": unexpected CLUSTER NODES line: ") + QString::fromUtf8(line);
            QList<QByteArray> flags = f[2].split(',');
            flags.removeAll("myself");
            for (const char *bad : {"fail?", "fail", "handshake", "noaddr"})
                if (flags.contains(bad))
                    return who + QStringLiteral(" sees ") + QString::fromUtf8(f[0].left(8) + ' ' + f[2]);
            if (f[7] != "connected")
                return who + QStringLiteral(" has its bus link to %1 %2").arg(QString::fromUtf8(f[0].left(8)), QString::fromUtf8(f[7]));
            view.insert(f[0], flags.join(',') + ' ' + f[3] + ' ' + f[6] + ' ' + f.mid(8).join(' '));
        }
        if (view.size() != nodes.size())
            return who + QStringLiteral(" lists %1 nodes").arg(view.size());
        if (agreed.isEmpty()) {
            agreed = view;
            agreedBy = who;
        } else {
            for (auto it = view.cbegin(); it != view.cend(); ++it)
                if (agreed.value(it.key()) != it.value())
                    return QStringLiteral("%1 and %2 disagree about %3: '%4' vs '%5'")
                        .arg(agreedBy, who, QString::fromUtf8(it.key().left(8)), QString::fromUtf8(agreed.value(it.key())),
                             QString::fromUtf8(it.value()));
        }
        // The live role: after a failover the lab's replica is a master and the old master a replica.
        if (infoField(r[2], "role") == "slave"
            && (infoField(r[2], "master_link_status") != "up" || infoField(r[2], "master_sync_in_progress") != "0"))
            return who + QStringLiteral(": replica link not up and synced");
    }
    QMap<QByteArray, QByteArray> epochOwner;
    for (auto it = agreed.cbegin(); it != agreed.cend(); ++it) {
        const QList<QByteArray> f = it.value().split(' ');
        if (!f[0].split(',').contains("master"))
            continue;
        if (epochOwner.contains(f[2]))
            return QStringLiteral("masters %1 and %2 share config epoch %3")
                .arg(QString::fromUtf8(epochOwner.value(f[2]).left(8)), QString::fromUtf8(it.key().left(8)), QString::fromUtf8(f[2]));
        epochOwner.insert(f[2], it.key());
    }
    return {};
}

bool waitClusterSettled(LocalLab &lab, QString &why, int waitMs)
{
    // Each probe round spins the event loop while it waits for its replies: no fixed sleep.
    (void)QTest::qWaitFor([&] { return (why = clusterUnsettledReason(lab)).isEmpty(); }, waitMs);
    return why.isEmpty();
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

RedisResult on(LocalLab &lab, const Endpoint &node, const QList<QByteArray> &argv)
{
    RedisConnection c(lab.topology().connectionOptions(node));
    return execute(c, RespCommand(argv));
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

Endpoint sentinelMaster(LocalLab &lab)
{
    const LabTopology &t = lab.topology();
    RedisConnection s(t.connectionOptions(t.nodesWithRole(LabNode::Role::Sentinel).constFirst().endpoint));
    const RedisResult r = execute(s, RespCommand{"SENTINEL", "GET-MASTER-ADDR-BY-NAME", t.spec.masterName.toUtf8()});
    if (!r.ok() || r.value().size() != 2)
        return {};
    return Endpoint{QString::fromUtf8(r.value()[0].bytes()), r.value()[1].bytes().toUShort()};
}

QString sentinelDeploymentId(LocalLab &lab)
{
    const LabTopology &t = lab.topology();
    QByteArray lowest;
    for (const LabNode &node : t.nodesWithRole(LabNode::Role::Sentinel)) {
        RedisConnection s(t.connectionOptions(node.endpoint));
        const RedisResult r = execute(s, RespCommand{"SENTINEL", "MYID"});
        if (!r.ok() || r.value().bytes().isEmpty())
            return {};
        if (lowest.isEmpty() || r.value().bytes() < lowest)
            lowest = r.value().bytes();
    }
    return lowest.isEmpty() ? QString() : QStringLiteral("sentinel:%1/%2").arg(t.spec.masterName, QString::fromLatin1(lowest.left(12)));
}

std::optional<SentinelSurvey> surveySentinelLab(LocalLab &lab, int waitMs)
{
    const LabTopology &t = lab.topology();
    SentinelSurveyor::Options o;
    for (const LabNode &s : t.nodesWithRole(LabNode::Role::Sentinel))
        o.sentinels << s.endpoint;
    o.masterName = t.spec.masterName.toUtf8();
    o.sentinelOptions = t.connectionOptions(o.sentinels.constFirst());
    o.dataOptions = t.connectionOptions(t.nodes.constFirst().endpoint);
    SentinelSurveyor surveyor(o);
    QSignalSpy done(&surveyor, &SentinelSurveyor::finished);
    surveyor.start();
    if (!done.wait(waitMs))
        return std::nullopt;
    return done.constFirst().constFirst().value<SentinelSurvey>();
}

bool processGone(qint64 pid)
{
    return pid > 0 && ::kill(pid_t(pid), 0) == -1 && errno == ESRCH;
}

QList<qint64> stopLabs(std::initializer_list<std::unique_ptr<ops::LocalLab> *> labs)
{
    QList<qint64> pids;
    for (std::unique_ptr<ops::LocalLab> *lab : labs)
        if (*lab) {
            pids << (*lab)->pids();
            lab->reset();
        }
    QList<qint64> left;
    for (qint64 pid : std::as_const(pids))
        if (!processGone(pid))
            left << pid;
    return left;
}

} // namespace labtest
