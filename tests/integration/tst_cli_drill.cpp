// `redis-ops drill` end to end: list, a run recovered by a trainee working from outside (raw
// commands to the endpoints the drill printed, runbook steps typed into its terminal) with the
// score printed and stored, `drill history` per trainee, and Ctrl-C (SIGTERM) aborting a run.
#include "LabFixture.h"
#include "resp/RedisConnection.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace ops;
using labtest::describe;
using labtest::execute;

class TestCliDrill : public QObject
{
    Q_OBJECT
private slots:
    void listNamesEveryDrill();
    void runIsRecoveredAndStored();
    void interruptAborts();

private:
    QStringList base() const { return {QStringLiteral("--data-dir"), m_home.filePath(QStringLiteral("data"))}; }
    /** Starts `redis-ops drill run ...` and waits until it prints the trainee's instructions. */
    bool startRun(QProcess &p, const QStringList &args, QByteArray &out);
    QByteArray runToEnd(const QStringList &args, int *rc);

    QTemporaryDir m_home;
};

bool TestCliDrill::startRun(QProcess &p, const QStringList &args, QByteArray &out)
{
    p.start(QStringLiteral(REDIS_OPS_BINARY), base() + QStringList{QStringLiteral("drill"), QStringLiteral("run")} + args);
    return QTest::qWaitFor([&] {
        out += p.readAllStandardOutput();
        return out.contains("Here: Enter") || p.state() == QProcess::NotRunning;
    }, 40000) && out.contains("Here: Enter");
}

QByteArray TestCliDrill::runToEnd(const QStringList &args, int *rc)
{
    QProcess p;
    p.start(QStringLiteral(REDIS_OPS_BINARY), base() + args);
    const bool ended = QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 15000);
    *rc = ended && p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return p.readAllStandardOutput();
}

void TestCliDrill::listNamesEveryDrill()
{
    int rc = -1;
    const QByteArray out = runToEnd({QStringLiteral("drill"), QStringLiteral("list")}, &rc);
    QCOMPARE(rc, 0);
    for (const char *id : {"master-killed", "master-frozen", "sentinel-cut-off", "replication-broken", "memory-full",
                           "reshard-interrupted", "hot-slot"})
        QVERIFY2(out.contains(id), out.constData());
    runToEnd({QStringLiteral("drill"), QStringLiteral("run"), QStringLiteral("no-such-drill")}, &rc);
    QCOMPARE(rc, 2);
}

void TestCliDrill::runIsRecoveredAndStored()
{
    QProcess p;
    QByteArray out;
    QVERIFY2(startRun(p, {QStringLiteral("memory-full"), QStringLiteral("--trainee"), QStringLiteral("carol"),
                          QStringLiteral("--timeout"), QStringLiteral("60")}, out),
             (out + p.readAllStandardError()).constData());
    const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("master\\s+(\\S+):(\\d+)")).match(QString::fromUtf8(out));
    QVERIFY2(m.hasMatch(), out.constData());
    ConnectionOptions options;
    options.endpoint = Endpoint{m.captured(1), quint16(m.captured(2).toUInt())};
    RedisConnection master(options);
    // The fault is in: writes are refused.
    const RedisResult refused = execute(master, RespCommand{"SET", "cli-drill", "1"});
    QVERIFY2(!refused.ok() && refused.error().message().contains(QLatin1String("OOM")), describe(refused).constData());

    p.write("\nmemory\nset-maxmemory\n");
    QTRY_VERIFY_WITH_TIMEOUT(p.bytesToWrite() == 0, 5000);
    QVERIFY(execute(master, RespCommand{"CONFIG", "SET", "maxmemory", "0"}).ok());
    QVERIFY(QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 40000));
    out += p.readAllStandardOutput();
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 0);
    QVERIFY2(out.contains("recovered"), out.constData());
    QVERIFY2(out.contains("0 lost"), out.constData());
    QVERIFY2(out.contains("runbook steps: 2 of"), out.constData());

    int rc = -1;
    const QByteArray mine = runToEnd({QStringLiteral("drill"), QStringLiteral("history"), QStringLiteral("--trainee"),
                                      QStringLiteral("carol")}, &rc);
    QCOMPARE(rc, 0);
    QVERIFY2(mine.contains("memory-full") && mine.contains("carol") && mine.contains("recovered"), mine.constData());
    QVERIFY2(mine.contains("memory-full / carol: 1 run(s)"), mine.constData());
    const QByteArray others = runToEnd({QStringLiteral("drill"), QStringLiteral("history"), QStringLiteral("--trainee"),
                                        QStringLiteral("dave")}, &rc);
    QCOMPARE(rc, 0);
    QVERIFY2(!others.contains("memory-full"), others.constData());
}

void TestCliDrill::interruptAborts()
{
    QProcess p;
    QByteArray out;
    QVERIFY2(startRun(p, {QStringLiteral("replication-broken"), QStringLiteral("--trainee"), QStringLiteral("erin")}, out),
             (out + p.readAllStandardError()).constData());
    p.terminate(); // SIGTERM, as Ctrl-C
    QVERIFY(QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 30000));
    out += p.readAllStandardOutput();
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 1);
    QVERIFY2(out.contains("aborted"), out.constData());
    QVERIFY2(p.readAllStandardError().contains("undoing the fault"), out.constData());
}

QTEST_MAIN(TestCliDrill)
#include "tst_cli_drill.moc"
