// redis-ops as a user runs it: real processes, real servers, exit codes and output.
#include "FakePeer.h"
#include "LabFixture.h"
#include "history/HistoryStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {
struct Run
{
    int code = -1;
    QByteArray out, err;
};

Run redisOps(const QStringList &args, int timeoutMs = 30000)
{
    QProcess p;
    p.start(QStringLiteral(REDIS_OPS_BINARY), args);
    Run r;
    // Keep this process's event loop running: in-process fake peers must be able to answer.
    if (!QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.code = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}
} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private slots:
    void usageErrorsExitTwo();
    void usageNamesTheSubCommand_data();
    void usageNamesTheSubCommand();
    void pingReportsTypedErrorsWithExitThree();
    void labUpPrintsJsonAndCleansUp();
    void clusterFailoverDryRunRefusalAndYes();
};

void TestCli::usageErrorsExitTwo()
{
    QCOMPARE(redisOps({}).code, 2);
    QCOMPARE(redisOps({QStringLiteral("no-such-command")}).code, 2);
    QCOMPARE(redisOps({QStringLiteral("ping"), QStringLiteral("-p"), QStringLiteral("notaport")}).code, 2);
    QCOMPARE(redisOps({QStringLiteral("ping"), QStringLiteral("--cacert"), QStringLiteral("x.pem")}).code, 2); // needs --tls
    QCOMPARE(redisOps({QStringLiteral("lab"), QStringLiteral("up"), QStringLiteral("mesh")}).code, 2);
    QCOMPARE(redisOps({QStringLiteral("--help")}).code, 0);
}

void TestCli::usageNamesTheSubCommand_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("usage"); // the first line of the usage, on stdout (--help) or stderr
    auto words = [](std::initializer_list<const char *> list) {
        QStringList out;
        for (const char *w : list)
            out << QString::fromLatin1(w);
        return out;
    };
    auto row = [&](const char *name, std::initializer_list<const char *> args, int code, const char *usage) {
        QTest::newRow(name) << words(args) << code << QString::fromLatin1(usage);
    };
    row("add-node --help", {"add-node", "--help"}, 0, "Usage: redis-ops add-node [options] node");
    row("add-node without a node", {"add-node"}, 2, "Usage: redis-ops add-node [options] node");
    row("lab up --help", {"lab", "up", "--help"}, 0, "Usage: redis-ops lab up [options] kind");
    row("runbook run --help", {"runbook", "run", "--help"}, 0, "Usage: redis-ops runbook [options] run runbook");
    row("failover, bad option", {"failover", "--no-such-option"}, 2, "Usage: redis-ops failover [options]");
}

// Each sub-command's usage names it as the operator types it, not the program's path with its
// positional arguments ("/usr/bin/redis-ops [options] node").
void TestCli::usageNamesTheSubCommand()
{
    QFETCH(QStringList, args);
    QFETCH(int, code);
    QFETCH(QString, usage);
    const Run r = redisOps(args);
    QCOMPARE(r.code, code);
    const QByteArray printed = code == 0 ? r.out : r.err;
    const QList<QByteArray> lines = printed.split('\n');
    QVERIFY2(lines.contains(usage.toUtf8()), printed.constData());
}

void TestCli::pingReportsTypedErrorsWithExitThree()
{
    FakePeer http(FakePeer::Behaviour::Http);
    QVERIFY(http.start());
    const Run r = redisOps({QStringLiteral("ping"), QStringLiteral("-p"), QString::number(http.port()), QStringLiteral("--json")});
    QCOMPARE(r.code, 3);
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o.value(QStringLiteral("ok")).toBool(true), false);
    QCOMPARE(o.value(QStringLiteral("error")).toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("NotRedis"));

    const Run refused = redisOps({QStringLiteral("ping"), QStringLiteral("-p"), QStringLiteral("1")});
    QCOMPARE(refused.code, 3);
    QVERIFY2(refused.err.contains("127.0.0.1:1: connection failed"), refused.err.constData());
}

void TestCli::labUpPrintsJsonAndCleansUp()
{
    QProcess lab;
    lab.start(QStringLiteral(REDIS_OPS_BINARY), {QStringLiteral("lab"), QStringLiteral("up"), QStringLiteral("standalone"),
                                                 QStringLiteral("--replicas"), QStringLiteral("1"), QStringLiteral("--json")});
    QVERIFY(lab.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(lab.canReadLine(), 30000);
    const QJsonObject topology = QJsonDocument::fromJson(lab.readLine()).object();
    QCOMPARE(topology.value(QStringLiteral("kind")).toString(), QStringLiteral("standalone"));
    const QJsonArray nodes = topology.value(QStringLiteral("nodes")).toArray();
    QCOMPARE(nodes.size(), 2);
    const QString port = QString::number(nodes.first().toObject().value(QStringLiteral("port")).toInt());

    const Run ping = redisOps({QStringLiteral("ping"), QStringLiteral("-p"), port, QStringLiteral("--count"), QStringLiteral("3")});
    QVERIFY2(ping.code == 0, ping.err.constData());
    QCOMPARE(ping.out.count("PONG from 127.0.0.1:" + port.toLatin1()), 3);

    // Ctrl-C: the lab stops every server it started and exits 0.
    ::kill(pid_t(lab.processId()), SIGINT);
    QVERIFY(lab.waitForFinished(15000));
    QCOMPARE(lab.exitCode(), 0);
    for (const QJsonValue &n : nodes)
        QVERIFY(labtest::processGone(n.toObject().value(QStringLiteral("pid")).toInteger()));
}

void TestCli::clusterFailoverDryRunRefusalAndYes()
{
    const std::unique_ptr<ops::LocalLab> lab = labtest::startedLab(ops::LabSpec::Kind::Cluster, 1);
    QVERIFY(lab);
    QString why;
    QVERIFY2(labtest::waitClusterSettled(*lab, why), qPrintable(why));
    const ops::LabTopology &topology = lab->topology();
    const ops::Endpoint master = topology.nodesWithRole(ops::LabNode::Role::Master).constFirst().endpoint;
    ops::Endpoint replica;
    for (const ops::LabNode &n : topology.nodesWithRole(ops::LabNode::Role::Replica)) {
        ops::RedisConnection c(topology.connectionOptions(n.endpoint));
        const ops::RedisResult role = labtest::execute(c, ops::RespCommand{"ROLE"});
        if (role.ok() && role.value().size() > 2 && role.value()[2].integer() == master.port)
            replica = n.endpoint;
    }
    QVERIFY(replica.isValid());
    QTemporaryDir data;
    QVERIFY(data.isValid());
    const QStringList dataDir{QStringLiteral("--data-dir"), data.path()};

    // Dry run: the plan and the exact command, nothing executed.
    const Run dry = redisOps(dataDir + QStringList{QStringLiteral("failover"), QStringLiteral("--cluster-replica"),
                                                   replica.toString(), QStringLiteral("--dry-run")});
    QVERIFY2(dry.code == 0, (dry.out + dry.err).constData());
    QVERIFY2(dry.out.contains("CLUSTER FAILOVER") && dry.out.contains("Dry run"), dry.out.constData());
    QVERIFY2(dry.out.contains("[pass] The master answers"), dry.out.constData());

    // No terminal, no --yes: refused, nothing sent.
    const Run refused = redisOps(dataDir + QStringList{QStringLiteral("failover"), QStringLiteral("--cluster-replica"),
                                                       replica.toString()});
    QCOMPARE(refused.code, 1);
    QVERIFY2(refused.err.contains("pass --yes"), refused.err.constData());
    QVERIFY(!QFile::exists(data.filePath(QStringLiteral("history.sqlite")))); // no operation was journaled

    // --cluster-master picks the replica (the only one), --yes runs it: JSON lines, exit 0 once verified.
    const Run run = redisOps(dataDir + QStringList{QStringLiteral("failover"), QStringLiteral("--cluster-master"),
                                                   master.toString(), QStringLiteral("--yes"), QStringLiteral("--json")},
                             90000);
    QVERIFY2(run.code == 0, (run.out + run.err).constData());
    QJsonObject plan;
    QJsonObject finished;
    for (const QByteArray &line : run.out.split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (o.value(QStringLiteral("event")) == QStringLiteral("plan"))
            plan = o;
        if (o.value(QStringLiteral("event")) == QStringLiteral("finished"))
            finished = o;
    }
    QCOMPARE(plan.value(QStringLiteral("target")).toString(), replica.toString());
    QVERIFY(!plan.value(QStringLiteral("candidates")).toArray().first().toObject().value(QStringLiteral("reason")).toString().isEmpty());
    QCOMPARE(finished.value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    QCOMPARE(finished.value(QStringLiteral("promoted")).toString(), replica.toString());

    // The journal: one cluster-failover operation, its one step answered, named like Monitor names the cluster.
    ops::HistoryStore store(data.filePath(QStringLiteral("history.sqlite")));
    QVERIFY(!store.open().isError());
    ops::OperationQuery query;
    query.kind = QStringLiteral("cluster-failover");
    const QList<ops::OperationRecord> operations = store.operations(query);
    QCOMPARE(int(operations.size()), 1);
    QVERIFY(operations.first().deploymentId.startsWith(QStringLiteral("cluster:")));
    const std::optional<ops::OperationRecord> stored = store.operation(operations.first().id);
    QVERIFY(stored.has_value());
    QCOMPARE(stored->state, ops::OperationRecord::State::Succeeded);
    QCOMPARE(int(stored->steps.size()), 1);
    QCOMPARE(stored->steps.first().commandText, QStringLiteral("CLUSTER FAILOVER"));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
