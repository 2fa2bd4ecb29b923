// One identity per deployment, whoever opens it (team mode, issue 15), on real labs: a standalone
// master with a replica and a replica of that replica (REPLICAOF on the lab's second replica)
// watched from each of the three gives one id, named by the root master; a Sentinel deployment
// watched from two different sentinels gives one id, made of the master name and the lowest
// sentinel id (SENTINEL MYID, asked here behind the monitors' backs), and the CLI's failover
// (its survey, through any one of the sentinels) names it the same: it journals and leases under
// the console's id. Then two consoles (two
// monitors from two sentinels, each with its own history connection and observer on one store)
// watch one SENTINEL FAILOVER: every +switch-master is stored once, seen by both.
#include "CliProcess.h"
#include "LabFixture.h"
#include "history/AsyncHistoryStore.h"
#include "history/HistoryStore.h"
#include "lab/LocalLab.h"
#include "monitor/Monitor.h"

#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <memory>

using namespace ops;
using labtest::execute;

class TestDeploymentIdentityLab : public QObject
{
    Q_OBJECT

private slots:
    void cleanup();
    void standaloneChainHasOneIdFromEverySeed();
    void sentinelHasOneIdFromEverySentinel();
    void twoConsolesStoreOneFailoverOnce();

private:
    /** A monitor of the lab seeded from @p seed; its settled id, or empty after 20 s. */
    QString settledId(const Endpoint &seed, MonitorConfig::Kind kind, AsyncHistoryStore *history = nullptr);
    /** The id `redis-ops failover --dry-run --json` plans under, seeded from @p sentinel only. */
    QString cliFailoverId(const Endpoint &sentinel);
    std::unique_ptr<LocalLab> m_lab;
    std::vector<std::unique_ptr<AsyncHistoryStore>> m_histories;
    std::vector<std::unique_ptr<Monitor>> m_monitors;
};

void TestDeploymentIdentityLab::cleanup()
{
    m_monitors.clear();
    m_histories.clear();
    m_lab.reset();
}

QString TestDeploymentIdentityLab::settledId(const Endpoint &seed, MonitorConfig::Kind kind, AsyncHistoryStore *history)
{
    MonitorConfig config;
    config.kind = kind;
    config.seeds = {seed};
    config.masterName = QByteArrayLiteral("mymaster");
    config.intervalMs = 300;
    config.staleAfterMs = 1500;
    config.commandTimeoutMs = 1000;
    config.identityTimeoutMs = 60000; // settled by the observations, never by the timeout here
    config.dataOptions = m_lab->topology().connectionOptions(seed);
    config.sentinelOptions = config.dataOptions;
    m_monitors.push_back(std::make_unique<Monitor>(config, history));
    Monitor *monitor = m_monitors.back().get();
    QString interim; // snapshots published before the id settled carry the best guess
    connect(monitor, &Monitor::snapshotChanged, this, [&interim, monitor](const SnapshotPtr &s) {
        if (monitor->deploymentId().isEmpty())
            interim = s->deploymentId;
    });
    monitor->start();
    (void)QTest::qWaitFor([monitor] { return !monitor->deploymentId().isEmpty(); }, 20000);
    qInfo().noquote() << seed.toString() << "->" << monitor->deploymentId()
                      << (interim.isEmpty() ? QString() : QStringLiteral("(before settling: %1)").arg(interim));
    return monitor->deploymentId();
}

QString TestDeploymentIdentityLab::cliFailoverId(const Endpoint &sentinel)
{
    QTemporaryDir home;
    CliProcess run(QStringLiteral(REDIS_OPS_BINARY), home.path(),
                   {QStringLiteral("failover"), QStringLiteral("--sentinel"), sentinel.toString(), QStringLiteral("--master"),
                    QStringLiteral("mymaster"), QStringLiteral("--dry-run"), QStringLiteral("--json")});
    if (!run.finished(60000) || run.process().exitCode() != 0) {
        qWarning().noquote() << "redis-ops failover --dry-run:" << run.process().exitCode() << run.out() << run.err();
        return {};
    }
    for (const QJsonObject &line : run.lines())
        if (line.value(QStringLiteral("event")).toString() == QLatin1String("plan")) {
            qInfo().noquote() << "redis-ops failover --sentinel" << sentinel.toString() << "->"
                              << line.value(QStringLiteral("deployment")).toString();
            return line.value(QStringLiteral("deployment")).toString();
        }
    return {};
}

void TestDeploymentIdentityLab::standaloneChainHasOneIdFromEverySeed()
{
    m_lab = labtest::startedLab(LabSpec::Kind::Standalone, 2);
    QVERIFY(m_lab);
    const Endpoint master = m_lab->topology().nodesWithRole(LabNode::Role::Master).constFirst().endpoint;
    const QList<LabNode> replicas = m_lab->topology().nodesWithRole(LabNode::Role::Replica);
    QCOMPARE(replicas.size(), 2);
    const Endpoint replica = replicas.at(0).endpoint;
    const Endpoint chained = replicas.at(1).endpoint;
    // The second replica follows the first: master <- replica <- chained.
    RedisConnection *control = m_lab->control(chained);
    QVERIFY(control);
    const RedisResult moved = execute(*control, RespCommand{"REPLICAOF", replica.host.toUtf8(),
                                                            QByteArray::number(replica.port)});
    QVERIFY2(moved.ok(), labtest::describe(moved).constData());
    QVERIFY(QTest::qWaitFor([&] {
        const RedisResult info = execute(*control, RespCommand{"INFO", "replication"});
        return labtest::infoField(info, "master_port") == QByteArray::number(replica.port);
    }, 10000));

    const QString expected = QStringLiteral("standalone@") + master.toString();
    QCOMPARE(settledId(chained, MonitorConfig::Kind::Auto), expected);
    QCOMPARE(settledId(replica, MonitorConfig::Kind::Standalone), expected);
    QCOMPARE(settledId(master, MonitorConfig::Kind::Auto), expected);
    // Every snapshot after settling carries it.
    for (const auto &monitor : m_monitors) {
        QTRY_VERIFY(monitor->snapshot());
        QTRY_COMPARE(monitor->snapshot()->deploymentId, expected);
    }
}

void TestDeploymentIdentityLab::sentinelHasOneIdFromEverySentinel()
{
    m_lab = labtest::startedLab(LabSpec::Kind::Sentinel, 1);
    QVERIFY(m_lab);
    const QList<LabNode> sentinels = m_lab->topology().nodesWithRole(LabNode::Role::Sentinel);
    QCOMPARE(sentinels.size(), 3);
    QByteArray lowest;
    for (const LabNode &s : sentinels) {
        const RedisResult id = execute(*m_lab->control(s.endpoint), RespCommand{"SENTINEL", "MYID"});
        QVERIFY2(id.ok(), labtest::describe(id).constData());
        if (lowest.isEmpty() || id.value().bytes() < lowest)
            lowest = id.value().bytes();
    }
    const QString expected = QStringLiteral("sentinel:mymaster/") + QString::fromLatin1(lowest.left(12));
    // The sentinels learn each other through hello messages: wait until each lists the other two.
    for (const LabNode &s : sentinels)
        QVERIFY(QTest::qWaitFor([&] {
            const RedisResult peers = execute(*m_lab->control(s.endpoint), RespCommand{"SENTINEL", "SENTINELS", "mymaster"});
            return peers.ok() && peers.value().size() == 2;
        }, 20000));
    QCOMPARE(settledId(sentinels.at(0).endpoint, MonitorConfig::Kind::Sentinel), expected);
    QCOMPARE(settledId(sentinels.at(2).endpoint, MonitorConfig::Kind::Auto), expected);
    QCOMPARE(settledId(sentinels.at(1).endpoint, MonitorConfig::Kind::Sentinel), expected);
    QCOMPARE(labtest::sentinelDeploymentId(*m_lab), expected);
    // The CLI, from each sentinel alone: the console's id (its journal and lease key).
    for (const LabNode &s : sentinels)
        QCOMPARE(cliFailoverId(s.endpoint), expected);
}

void TestDeploymentIdentityLab::twoConsolesStoreOneFailoverOnce()
{
    m_lab = labtest::startedLab(LabSpec::Kind::Sentinel, 1);
    QVERIFY(m_lab);
    const QList<LabNode> sentinels = m_lab->topology().nodesWithRole(LabNode::Role::Sentinel);
    for (const LabNode &s : sentinels)
        QVERIFY(QTest::qWaitFor([&] {
            const RedisResult peers = execute(*m_lab->control(s.endpoint), RespCommand{"SENTINEL", "SENTINELS", "mymaster"});
            return peers.ok() && peers.value().size() == 2;
        }, 20000));
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("history.sqlite"));
    const QStringList observers{QStringLiteral("alice@console-a"), QStringLiteral("bob@console-b")};
    for (const QString &observer : observers) {
        m_histories.push_back(std::make_unique<AsyncHistoryStore>(file));
        bool opened = false;
        m_histories.back()->open(this, [&opened](int, const HistoryError &e) {
            QVERIFY2(!e.isError(), qPrintable(e.message));
            opened = true;
        });
        m_histories.back()->submit<int>(this, {}, [observer](HistoryStore &store) {
            store.setObserver(observer);
            return std::pair<int, HistoryError>{0, {}};
        });
        QTRY_VERIFY(opened);
    }
    const QString id = settledId(sentinels.at(0).endpoint, MonitorConfig::Kind::Sentinel, m_histories.at(0).get());
    QVERIFY(!id.isEmpty());
    QCOMPARE(settledId(sentinels.at(1).endpoint, MonitorConfig::Kind::Sentinel, m_histories.at(1).get()), id);

    const RedisResult failover = execute(*m_lab->control(sentinels.at(0).endpoint), RespCommand{"SENTINEL", "FAILOVER", "mymaster"});
    QVERIFY2(failover.ok(), labtest::describe(failover).constData());

    HistoryStore reader(file);
    QVERIFY(!reader.open().isError());
    HistoryQuery switches;
    switches.deploymentId = id;
    switches.kinds = {QStringLiteral("+switch-master")};
    // Every sentinel publishes +switch-master; both consoles hear all three.
    auto seenByBoth = [&] {
        const QList<OpsEvent> events = reader.query(switches);
        return events.size() == sentinels.size()
            && std::all_of(events.cbegin(), events.cend(), [](const OpsEvent &e) { return e.observers.size() == 2; });
    };
    const bool both = QTest::qWaitFor(seenByBoth, 30000);
    const QList<OpsEvent> events = reader.query(switches);
    for (const OpsEvent &e : events)
        qInfo().noquote() << e.details.value(QStringLiteral("sentinel")).toString() << e.message << e.observers;
    QVERIFY2(both, qPrintable(QStringLiteral("%1 +switch-master rows").arg(events.size())));
    QSet<QString> publishers;
    for (const OpsEvent &e : events)
        publishers.insert(e.details.value(QStringLiteral("sentinel")).toString());
    QCOMPARE(publishers.size(), int(sentinels.size())); // one row per publishing sentinel
    // The poll-confirmed promotion too: once, seen by both.
    HistoryQuery promoted;
    promoted.deploymentId = id;
    promoted.kinds = {QStringLiteral("promoted")};
    QTRY_VERIFY_WITH_TIMEOUT(!reader.query(promoted).isEmpty() && reader.query(promoted).constFirst().observers.size() == 2,
                             15000);
}

QTEST_GUILESS_MAIN(TestDeploymentIdentityLab)
#include "tst_deploymentidentitylab.moc"
