// Read-only deployments in the CLI: with --read-only, or a saved profile marked read-only, every
// action (Sentinel failover, reshard, rebalance, drain; the cluster commands share the check) shows its
// plan and is then refused with a message that says why — exit 1, and nothing changed on the
// servers (the Sentinel master, every slot owner) and nothing journaled. The same commands without
// the flag go on (checked with --dry-run, so the refusal is the flag's doing). A runbook's guided
// action is refused the same way: the run stops at that step (exit 1), the master unchanged. A
// cluster command given sentinels is a usage error.
#include "CliProcess.h"
#include "LabFixture.h"
#include "core/ConnectionProfile.h"
#include "history/HistoryStore.h"

#include <QDir>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace ops;

class TestCliReadOnly : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void clusterActionsRefused_data();
    void clusterActionsRefused();
    void sentinelFailoverRefused();
    void runbookActionRefused();
    void clusterCommandNeedsACluster();

private:
    struct Result
    {
        int exitCode = -1;
        QString out, err;
    };
    Result run(const QStringList &args);
    QByteArray clusterNodesOwners();

    QTemporaryDir m_home;
    std::unique_ptr<LocalLab> m_cluster;
    std::unique_ptr<LocalLab> m_sentinel;
};

TestCliReadOnly::Result TestCliReadOnly::run(const QStringList &args)
{
    CliProcess cli(QStringLiteral(REDIS_OPS_BINARY), m_home.path(), args);
    Result r;
    if (!cli.finished(60000))
        return r;
    r.exitCode = cli.process().exitCode();
    r.out = QString::fromUtf8(cli.out());
    r.err = QString::fromUtf8(cli.err());
    return r;
}

QByteArray TestCliReadOnly::clusterNodesOwners()
{
    // Which node owns which slots, as every master states it (the ids and slot fields).
    QByteArray owners;
    for (const LabNode &n : m_cluster->topology().nodesWithRole(LabNode::Role::Master)) {
        const RedisResult r = labtest::execute(*m_cluster->control(n.endpoint), RespCommand{"CLUSTER", "NODES"});
        if (!r.ok())
            return {};
        for (const QByteArray &line : r.value().bytes().split('\n')) {
            const QList<QByteArray> f = line.split(' ');
            if (f.size() > 8 && f.at(2).contains("master"))
                owners += f.at(0) + ' ' + f.mid(8).join(' ') + '\n';
        }
    }
    return owners;
}

void TestCliReadOnly::initTestCase()
{
    QVERIFY(m_home.isValid());
    QVERIFY(m_cluster = labtest::startedLab(LabSpec::Kind::Cluster, 0));
    QString why;
    QVERIFY2(labtest::waitClusterSettled(*m_cluster, why), qPrintable(why));
    QVERIFY(m_sentinel = labtest::startedLab(LabSpec::Kind::Sentinel, 2));
    // A saved deployment marked read-only, where the console's connection dialog keeps it.
    QSettings settings(m_home.filePath(QStringLiteral("xdg_config_home/redis-ops/redis-ops-console.conf")), QSettings::IniFormat);
    ConnectionProfile ro;
    ro.name = QStringLiteral("prod-ro");
    ro.options.endpoint = m_cluster->topology().nodesWithRole(LabNode::Role::Master).first().endpoint;
    ro.readOnly = true;
    ro.save(settings);
    settings.sync();
    QCOMPARE(settings.status(), QSettings::NoError);
}

void TestCliReadOnly::clusterActionsRefused_data()
{
    QTest::addColumn<QStringList>("args");
    const QList<LabNode> masters = m_cluster->topology().nodesWithRole(LabNode::Role::Master);
    const QString a = masters.at(0).endpoint.toString(), b = masters.at(1).endpoint.toString(), c = masters.at(2).endpoint.toString();
    QTest::newRow("reshard") << QStringList{QStringLiteral("reshard"), QStringLiteral("--cluster"), a, QStringLiteral("--from"), a,
                                            QStringLiteral("--to"), b, QStringLiteral("--slots"), QStringLiteral("100")};
    QTest::newRow("drain") << QStringList{QStringLiteral("drain"), c, QStringLiteral("--cluster"), a};
    QTest::newRow("rebalance, weights") << QStringList{QStringLiteral("rebalance"), QStringLiteral("--cluster"), a, QStringLiteral("--weight"),
                                                       c + QStringLiteral("=3")};
}

void TestCliReadOnly::clusterActionsRefused()
{
    QFETCH(QStringList, args);
    const QByteArray before = clusterNodesOwners();
    QVERIFY(!before.isEmpty());
    // Allowed as such (the dry run plans moves): the refusal below is the flag's doing.
    const Result dry = run(args + QStringList{QStringLiteral("--dry-run")});
    QVERIFY2(dry.exitCode == 0 && dry.out.contains(QStringLiteral("Dry run: nothing was executed.")), qPrintable(dry.out + dry.err));
    const Result r = run(args + QStringList{QStringLiteral("--read-only"), QStringLiteral("--yes")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("Refused: the deployment is read-only (--read-only or its saved profile)")), qPrintable(r.err));
    QVERIFY2(r.out.contains(QStringLiteral("slot")), qPrintable(r.out)); // the plan is shown first
    QCOMPARE(clusterNodesOwners(), before);
    // Nothing journaled: a refused action never became an operation.
    if (QFile::exists(m_home.filePath(QStringLiteral("data/history.sqlite")))) {
        HistoryStore store(m_home.filePath(QStringLiteral("data/history.sqlite")));
        QVERIFY(!store.open().isError());
        QCOMPARE(store.operations({}).size(), 0);
    }
}

void TestCliReadOnly::sentinelFailoverRefused()
{
    const LabTopology &t = m_sentinel->topology();
    QStringList args{QStringLiteral("failover"), QStringLiteral("--master"), t.spec.masterName, QStringLiteral("--yes")};
    const Endpoint master = t.nodesWithRole(LabNode::Role::Master).first().endpoint;
    for (const LabNode &s : t.nodesWithRole(LabNode::Role::Sentinel))
        args << QStringLiteral("--sentinel") << s.endpoint.toString();
    const Result dry = run(args + QStringList{QStringLiteral("--dry-run")});
    QVERIFY2(dry.exitCode == 0, qPrintable(dry.err)); // the plan is allowed: the refusal below is the flag's
    const Result r = run(args + QStringList{QStringLiteral("--read-only")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("Refused: the deployment is read-only (--read-only or its saved profile)")), qPrintable(r.err));
    QVERIFY2(r.out.contains(master.toString()), qPrintable(r.out)); // the plan names the master
    const RedisResult role = labtest::execute(*m_sentinel->control(master), RespCommand{"ROLE"});
    QVERIFY(role.ok());
    QCOMPARE(role.value()[0].bytes(), QByteArray("master"));
}

void TestCliReadOnly::runbookActionRefused()
{
    const LabTopology &t = m_sentinel->topology();
    const QString file = m_home.filePath(QStringLiteral("failover.yaml"));
    QFile yaml(file);
    QVERIFY(yaml.open(QIODevice::WriteOnly));
    yaml.write("id: ro-failover\n"
               "title: A failover in a runbook\n"
               "applies_to: sentinel\n"
               "steps:\n"
               "  - id: look\n"
               "    title: Who is master\n"
               "    command: [SENTINEL, MASTERS]\n"
               "  - id: failover\n"
               "    title: Fail over\n"
               "    action:\n"
               "      name: failover\n"
               "  - id: after\n"
               "    title: After\n"
               "    command: [SENTINEL, MASTERS]\n");
    yaml.close();
    const Endpoint master = t.nodesWithRole(LabNode::Role::Master).first().endpoint;
    QStringList args{QStringLiteral("runbook"), QStringLiteral("run"), file, QStringLiteral("--non-interactive"), QStringLiteral("--json"),
                     QStringLiteral("--master"), t.spec.masterName, QStringLiteral("--read-only")};
    for (const LabNode &s : t.nodesWithRole(LabNode::Role::Sentinel))
        args << QStringLiteral("--sentinel") << s.endpoint.toString();
    const Result r = run(args);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains(QStringLiteral("read-only")), qPrintable(r.out + r.err));
    QVERIFY2(r.out.contains(QStringLiteral("\"failover\"")), qPrintable(r.out)); // stopped at that step…
    QVERIFY2(!r.out.contains(QStringLiteral("\"after\"")), qPrintable(r.out));   // …and went no further
    const RedisResult role = labtest::execute(*m_sentinel->control(master), RespCommand{"ROLE"});
    QVERIFY(role.ok());
    QCOMPARE(role.value()[0].bytes(), QByteArray("master"));
}

void TestCliReadOnly::clusterCommandNeedsACluster()
{
    const LabTopology &t = m_sentinel->topology();
    const Result r = run({QStringLiteral("fix"), QStringLiteral("--sentinel"), t.nodesWithRole(LabNode::Role::Sentinel).first().endpoint.toString(),
                          QStringLiteral("--master"), t.spec.masterName});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QStringLiteral("this command acts on a Redis Cluster")), qPrintable(r.err));
    // The saved read-only profile of a cluster node: refused like --read-only.
    const Result p = run({QStringLiteral("reshard"), QStringLiteral("--profile"), QStringLiteral("prod-ro"), QStringLiteral("--from"),
                          m_cluster->topology().nodesWithRole(LabNode::Role::Master).at(0).endpoint.toString(), QStringLiteral("--to"),
                          m_cluster->topology().nodesWithRole(LabNode::Role::Master).at(1).endpoint.toString(), QStringLiteral("--slots"),
                          QStringLiteral("10"), QStringLiteral("--yes")});
    QCOMPARE(p.exitCode, 1);
    QVERIFY2(p.err.contains(QStringLiteral("Refused: the deployment is read-only")), qPrintable(p.err));
}

QTEST_GUILESS_MAIN(TestCliReadOnly)
#include "tst_cli_readonly.moc"
