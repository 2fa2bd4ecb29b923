// redis-ops as a user runs it: real processes, real servers, exit codes and output.
#include "FakePeer.h"
#include "LabFixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
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
    void pingReportsTypedErrorsWithExitThree();
    void labUpPrintsJsonAndCleansUp();
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

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
