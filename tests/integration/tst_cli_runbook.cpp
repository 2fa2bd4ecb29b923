// `redis-ops runbook validate`, the real binary: a valid file summarised (exit 0), an invalid one
// reported as file:line: message on stderr (exit 1), JSON per file, usage errors (exit 2).
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
const char kBad[] = "id: bad\ntitle: Bad\napplies_to: cluster\nsteps:\n"
                    "  - id: wipe\n    title: Wipe\n    command: [FLUSHALL]\n";
} // namespace

class TestCliRunbook : public QObject
{
    Q_OBJECT
private slots:
    void validate();
    void usage();

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

QTEST_GUILESS_MAIN(TestCliRunbook)
#include "tst_cli_runbook.moc"
