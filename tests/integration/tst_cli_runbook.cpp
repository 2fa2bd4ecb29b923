// `redis-ops runbook`, the real binary. validate: a valid file summarised (exit 0), an invalid one
// reported as file:line: message on stderr (exit 1), JSON per file, usage errors (exit 2). list:
// the built-in runbooks and the data folder's, an invalid one with its error. run: refusals
// before anything connects (no terminal, unknown runbook, bad input); on a real Sentinel lab a
// run SIGKILLed in the middle of a wait is resumed by `runbook resume` and read back from the
// journal (`history --operation`).
#include "CliProcess.h"
#include "LabFixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <csignal>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {
struct Run
{
    int code = -1;
    QString out;
    QString err;
};

Run redisOps(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(REDIS_OPS_BINARY), args);
    Run r;
    if (!p.waitForFinished(30000))
        return r;
    r.code = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

bool write(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

const char kGood[] = "id: look-around\ntitle: Look around\napplies_to: cluster\nsteps:\n"
                     "  - id: info\n    title: Cluster info\n    command: [CLUSTER, INFO]\n"
                     "  - id: covered\n    title: All slots covered\n    check: cluster.slots_covered == 16384\n";
const char kResumable[] = "id: resumable\ntitle: Cut off in a wait\napplies_to: sentinel\nsteps:\n"
                          "  - {id: ping, title: Ping, command: [PING]}\n"
                          "  - id: limit\n    title: Wait for a memory limit\n"
                          "    wait: {until: memory.max_used_share > 0, timeout: 2m, interval: 200ms}\n"
                          "  - {id: after, title: Master up, check: master.up}\n";
const char kBad[] = "id: bad\ntitle: Bad\napplies_to: cluster\nsteps:\n"
                    "  - id: wipe\n    title: Wipe\n    command: [FLUSHALL]\n";
} // namespace

class TestCliRunbook : public QObject
{
    Q_OBJECT
private slots:
    void validate();
    void usage();
    void list();
    void runRefusals();
    void killedRunResumes();

private:
    QTemporaryDir m_dir;
};

void TestCliRunbook::validate()
{
    const QString good = m_dir.filePath(QStringLiteral("good.yaml"));
    const QString bad = m_dir.filePath(QStringLiteral("bad.yaml"));
    QVERIFY(write(good, kGood));
    QVERIFY(write(bad, kBad));

    Run r = redisOps({QStringLiteral("runbook"), QStringLiteral("validate"), good});
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out.trimmed(), good + QStringLiteral(": valid: look-around (\"Look around\"), 2 steps, 0 guided action(s)"));

    r = redisOps({QStringLiteral("runbook"), QStringLiteral("validate"), good, bad});
    QCOMPARE(r.code, 1);
    QCOMPARE(r.err.trimmed(), bad + QStringLiteral(":7: step 'wipe' command 'FLUSHALL' is not a read-only command of the allow-list"));

    r = redisOps({QStringLiteral("runbook"), QStringLiteral("validate"), QStringLiteral("--json"), bad});
    QCOMPARE(r.code, 1);
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(o.value(QStringLiteral("valid")).toBool(true), false);
    QCOMPARE(o.value(QStringLiteral("errors")).toArray().size(), 1);

    r = redisOps({QStringLiteral("runbook"), QStringLiteral("validate"), m_dir.filePath(QStringLiteral("missing.yaml"))});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains(QLatin1String("missing.yaml: cannot read")), qPrintable(r.err));
}

void TestCliRunbook::usage()
{
    QCOMPARE(redisOps({QStringLiteral("runbook")}).code, 2);
    QCOMPARE(redisOps({QStringLiteral("runbook"), QStringLiteral("validate")}).code, 2);
    const Run r = redisOps({QStringLiteral("runbook"), QStringLiteral("frobnicate")});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(QLatin1String("unknown action 'frobnicate'")), qPrintable(r.err));
}

void TestCliRunbook::list()
{
    const QString data = m_dir.filePath(QStringLiteral("data-list"));
    QVERIFY(QDir().mkpath(data + QStringLiteral("/runbooks")));
    QVERIFY(write(data + QStringLiteral("/runbooks/mine.yaml"), kGood));
    QVERIFY(write(data + QStringLiteral("/runbooks/broken.yaml"), kBad));
    const Run r = redisOps({QStringLiteral("--data-dir"), data, QStringLiteral("runbook"), QStringLiteral("list"), QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    QStringList builtIn, mine;
    for (const QString &line : r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const QJsonObject o = QJsonDocument::fromJson(line.toUtf8()).object();
        if (o.value(QStringLiteral("built_in")).toBool()) {
            QVERIFY2(o.value(QStringLiteral("errors")).toArray().isEmpty(), qPrintable(line));
            builtIn << o.value(QStringLiteral("id")).toString();
        } else {
            mine << QStringLiteral("%1:%2").arg(o.value(QStringLiteral("id")).toString()).arg(o.value(QStringLiteral("errors")).toArray().size());
        }
    }
    QCOMPARE(builtIn, QStringList({QStringLiteral("add-shard-and-rebalance"), QStringLiteral("cluster-node-failure"),
                                   QStringLiteral("drain-and-remove-shard"), QStringLiteral("memory-pressure"),
                                   QStringLiteral("open-slots-after-migration"), QStringLiteral("replication-lag-high"),
                                   QStringLiteral("sentinel-master-down"), QStringLiteral("sentinel-planned-failover")}));
    QCOMPARE(mine, QStringList({QStringLiteral("broken:1"), QStringLiteral("look-around:0")}));
}

void TestCliRunbook::runRefusals()
{
    const QString data = m_dir.filePath(QStringLiteral("data-refusals"));
    // Answers come from a terminal; a script must say --non-interactive.
    Run r = redisOps({QStringLiteral("--data-dir"), data, QStringLiteral("runbook"), QStringLiteral("run"), QStringLiteral("memory-pressure"),
                      QStringLiteral("-p"), QStringLiteral("1")});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(QLatin1String("stdin is not a terminal")), qPrintable(r.err));
    r = redisOps({QStringLiteral("--data-dir"), data, QStringLiteral("runbook"), QStringLiteral("run"), QStringLiteral("no-such-runbook"),
                  QStringLiteral("--non-interactive"), QStringLiteral("-p"), QStringLiteral("1")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains(QLatin1String("no runbook 'no-such-runbook'")), qPrintable(r.err));
    r = redisOps({QStringLiteral("--data-dir"), data, QStringLiteral("runbook"), QStringLiteral("run"), QStringLiteral("sentinel-planned-failover"),
                  QStringLiteral("--non-interactive"), QStringLiteral("--input"), QStringLiteral("max_lag=lots"), QStringLiteral("-p"), QStringLiteral("1")});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(QLatin1String("input 'max_lag': 'lots' is not a number")), qPrintable(r.err));
    r = redisOps({QStringLiteral("--data-dir"), data, QStringLiteral("runbook"), QStringLiteral("run"), QStringLiteral("memory-pressure"),
                  QStringLiteral("--non-interactive"), QStringLiteral("--input"), QStringLiteral("target=x\r\nFLUSHALL"), QStringLiteral("-p"), QStringLiteral("1")});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(QLatin1String("has no such input")), qPrintable(r.err));
}

void TestCliRunbook::killedRunResumes()
{
    std::unique_ptr<ops::LocalLab> lab = labtest::startedLab(ops::LabSpec::Kind::Sentinel, 1);
    QVERIFY(lab);
    const ops::LabTopology &t = lab->topology();
    const QString sentinel = t.nodesWithRole(ops::LabNode::Role::Sentinel).first().endpoint.toString();
    const auto setMaxmemory = [&](const QByteArray &bytes) {
        for (const ops::LabNode &n : t.nodes)
            if (n.role != ops::LabNode::Role::Sentinel
                && !labtest::execute(*lab->control(n.endpoint), ops::RespCommand{"CONFIG", "SET", "maxmemory", bytes}).ok())
                return false;
        return true;
    };
    QVERIFY(setMaxmemory("0"));
    const QString file = m_dir.filePath(QStringLiteral("resumable.yaml"));
    QVERIFY(write(file, kResumable));
    const QString home = m_dir.filePath(QStringLiteral("home-resume"));
    const QStringList deployment{QStringLiteral("--sentinel"), sentinel, QStringLiteral("--master"), t.spec.masterName, QStringLiteral("--json")};

    QString id;
    {
        CliProcess run(QStringLiteral(REDIS_OPS_BINARY), home,
                       QStringList{QStringLiteral("runbook"), QStringLiteral("run"), file, QStringLiteral("--non-interactive")} + deployment);
        QVERIFY(QTest::qWaitFor([&] { return run.sawLine([](const QJsonObject &o) { return o.value(QStringLiteral("event")) == QLatin1String("started"); }); }, 20000));
        id = run.lastMatch().value(QStringLiteral("operation")).toString();
        QVERIFY(QTest::qWaitFor([&] {
            return run.sawLine([](const QJsonObject &o) {
                return o.value(QStringLiteral("id")) == QLatin1String("limit") && o.value(QStringLiteral("status")) == QLatin1String("running");
            });
        }, 20000));
        ::kill(pid_t(run.process().processId()), SIGKILL); // the operator's terminal dies mid-wait
        QVERIFY(run.finished(10000));
        QCOMPARE(run.process().exitStatus(), QProcess::CrashExit);
    }
    QVERIFY(!id.isEmpty());
    QVERIFY(setMaxmemory("1gb"));
    CliProcess resume(QStringLiteral(REDIS_OPS_BINARY), home,
                      QStringList{QStringLiteral("runbook"), QStringLiteral("resume"), id.left(8), QStringLiteral("--non-interactive")} + deployment);
    QVERIFY(resume.finished(60000));
    QVERIFY(setMaxmemory("0"));
    QVERIFY2(resume.process().exitCode() == 0, resume.err().constData());
    QCOMPARE(resume.lines().last().value(QStringLiteral("event")).toString(), QStringLiteral("finished"));
    QCOMPARE(resume.lines().last().value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    QCOMPARE(resume.lines().first().value(QStringLiteral("operation")).toString(), id);

    // The journal: the same operation, the cut-off attempt closed as failed, then the resumed one.
    CliProcess history(QStringLiteral(REDIS_OPS_BINARY), home,
                       {QStringLiteral("history"), QStringLiteral("--operation"), id, QStringLiteral("--json")});
    QVERIFY(history.finished(20000));
    QCOMPARE(history.process().exitCode(), 0);
    QJsonObject op;
    for (const QJsonObject &o : history.lines())
        if (o.value(QStringLiteral("id")) == id)
            op = o;
    QCOMPARE(op.value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    QStringList rows;
    for (const QJsonValue &v : op.value(QStringLiteral("steps")).toArray())
        rows << v.toObject().value(QStringLiteral("command")).toString().section(QLatin1Char(' '), 0, 0) + QLatin1Char('=')
                    + v.toObject().value(QStringLiteral("state")).toString();
    QCOMPARE(rows, QStringList({QStringLiteral("ping=answered"), QStringLiteral("limit=failed"), QStringLiteral("limit=answered"),
                                QStringLiteral("after=answered")}));
}

QTEST_GUILESS_MAIN(TestCliRunbook)
#include "tst_cli_runbook.moc"
