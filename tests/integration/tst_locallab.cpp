// Integration tests of LocalLab and FaultInjector: every topology comes up against real
// redis-server / redis-sentinel processes, answers as it should, and stop() leaves no process
// behind. Each test owns its lab; cleanup() destroys it even when the test failed.
#include "LabFixture.h"
#include "lab/FaultInjector.h"
#include "lab/FreePorts.h"
#include "lab/LabProcess.h"
#include "lab/LocalLab.h"
#include "resp/RedisConnection.h"

#include <QDir>
#include <QFile>
#include <QScopeGuard>
#include <QSet>
#include <QTcpServer>
#include <QtTest>

#include <memory>
#include <optional>
#include <unistd.h>

using namespace ops;
using labtest::describe;
using labtest::execute;
using labtest::infoField;
using Kind = RedisError::Kind;

namespace ops {
char *toString(RedisError::Kind kind) { return qstrdup(RedisError::kindName(kind)); }
} // namespace ops

namespace {

// Children of this process whose command name starts with "redis" (zombies included: a child
// that was killed but never reaped still shows up here, while kill(pid, 0) would succeed).
QList<qint64> redisChildren()
{
    QList<qint64> out;
    const QString self = QString::number(::getpid());
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool numeric = false;
        const qint64 pid = entry.toLongLong(&numeric);
        if (!numeric)
            continue;
        QFile status(QStringLiteral("/proc/%1/status").arg(entry));
        if (!status.open(QIODevice::ReadOnly))
            continue;
        QByteArray name, ppid;
        const QList<QByteArray> lines = status.readAll().split('\n');
        for (const QByteArray &line : lines) {
            if (line.startsWith("Name:"))
                name = line.mid(5).trimmed();
            else if (line.startsWith("PPid:"))
                ppid = line.mid(5).trimmed();
        }
        if (name.startsWith("redis") && QString::fromLatin1(ppid) == self)
            out << pid;
    }
    return out;
}

} // namespace

class TestLocalLab : public QObject
{
    Q_OBJECT

private slots:
    void cleanup();

    void standalone();
    void standaloneWithReplica();
    void sentinel();
    void clusterAndFaults();
    void clusterWithTls();
    void freePortsAreBelowTheEphemeralRange();
    void portTakenBeforeBindStartsAgain();
    void portAlwaysTakenFailsAfterThreeAttempts();

private:
    bool start(const LabSpec &spec, QString &error);
    /** Stops the lab and checks that every process it started is gone and reaped. */
    void stopLeavesNothingBehind(int expectedProcesses);
    RedisResult run(const Endpoint &node, const RespCommand &command);

    std::unique_ptr<LocalLab> m_lab;
};

void TestLocalLab::cleanup()
{
    m_lab.reset(); // stops and reaps whatever the test left running
}

bool TestLocalLab::start(const LabSpec &spec, QString &error)
{
    m_lab = std::make_unique<LocalLab>();
    return labtest::startLab(*m_lab, spec, error);
}

RedisResult TestLocalLab::run(const Endpoint &node, const RespCommand &command)
{
    RedisConnection *c = m_lab->control(node);
    if (c == nullptr)
        return RedisError(Kind::Reply, node, QStringLiteral("no control connection"));
    return execute(*c, command, 3000, 5000);
}

void TestLocalLab::stopLeavesNothingBehind(int expectedProcesses)
{
    const QList<qint64> pids = m_lab->pids();
    QCOMPARE(pids.size(), expectedProcesses);
    QSet<qint64> topologyPids;
    for (const LabNode &n : m_lab->topology().nodes)
        topologyPids << n.pid;
    QCOMPARE(topologyPids, QSet<qint64>(pids.begin(), pids.end()));
    for (qint64 pid : pids)
        QVERIFY2(pid > 0 && !labtest::processGone(pid), qPrintable(QStringLiteral("pid %1 is not running").arg(pid)));
    const QString directory = m_lab->topology().directory;
    QVERIFY(QDir(directory).exists());

    m_lab->stop();

    for (qint64 pid : pids)
        QVERIFY2(labtest::processGone(pid), qPrintable(QStringLiteral("pid %1 survived stop()").arg(pid)));
    QVERIFY(m_lab->pids().isEmpty());
    QVERIFY(!m_lab->isReady());
    QCOMPARE(redisChildren(), QList<qint64>());
    QVERIFY2(!QDir(directory).exists(), qPrintable(directory));
}

void TestLocalLab::standalone()
{
    LabSpec spec;
    spec.kind = LabSpec::Kind::Standalone;
    spec.replicasPerMaster = 0;
    QString error;
    QVERIFY2(start(spec, error), qPrintable(error));
    QVERIFY(m_lab->isReady());
    const LabTopology &t = m_lab->topology();
    QCOMPARE(t.nodes.size(), 1);
    const LabNode master = t.nodes.first();
    QVERIFY(master.role == LabNode::Role::Master);
    QVERIFY(t.caFile.isEmpty());

    const RedisResult ping = run(master.endpoint, RespCommand{"PING"});
    QVERIFY2(ping.ok(), describe(ping).constData());
    QCOMPARE(ping.value().bytes(), QByteArrayLiteral("PONG"));
    const RedisResult server = run(master.endpoint, RespCommand{"INFO", "server"});
    QCOMPARE(infoField(server, "redis_mode"), QByteArrayLiteral("standalone"));
    QCOMPARE(infoField(server, "process_id").toLongLong(), master.pid);
    QCOMPARE(infoField(server, "tcp_port").toInt(), int(master.endpoint.port));
    const RedisResult repl = run(master.endpoint, RespCommand{"INFO", "replication"});
    QCOMPARE(infoField(repl, "role"), QByteArrayLiteral("master"));
    QCOMPARE(infoField(repl, "connected_slaves"), QByteArrayLiteral("0"));

    stopLeavesNothingBehind(1);
}

void TestLocalLab::standaloneWithReplica()
{
    LabSpec spec;
    spec.kind = LabSpec::Kind::Standalone;
    spec.replicasPerMaster = 1;
    spec.readyTimeoutMs = 8000; // replicas sync in well under a second with diskless sync
    QString error;
    const bool started = start(spec, error);
    if (!started) {
        // A failed start must leave nothing behind either.
        for (const LabNode &n : m_lab->topology().nodes)
            QVERIFY2(labtest::processGone(n.pid), qPrintable(QStringLiteral("pid %1 survived a failed start").arg(n.pid)));
        QCOMPARE(redisChildren(), QList<qint64>());
    }
    QVERIFY2(started, qPrintable(error));
    QVERIFY(m_lab->isReady());
    const LabTopology &t = m_lab->topology();
    QCOMPARE(t.nodes.size(), 2);
    QCOMPARE(t.nodesWithRole(LabNode::Role::Master).size(), 1);
    QCOMPARE(t.nodesWithRole(LabNode::Role::Replica).size(), 1);
    const LabNode master = t.nodesWithRole(LabNode::Role::Master).first();
    const LabNode replica = t.nodesWithRole(LabNode::Role::Replica).first();

    const RedisResult ping = run(master.endpoint, RespCommand{"PING"});
    QVERIFY2(ping.ok(), describe(ping).constData());
    QCOMPARE(ping.value().bytes(), QByteArrayLiteral("PONG"));
    const RedisResult server = run(master.endpoint, RespCommand{"INFO", "server"});
    QCOMPARE(infoField(server, "redis_mode"), QByteArrayLiteral("standalone"));
    QCOMPARE(infoField(server, "process_id").toLongLong(), master.pid);
    const RedisResult masterRepl = run(master.endpoint, RespCommand{"INFO", "replication"});
    QCOMPARE(infoField(masterRepl, "role"), QByteArrayLiteral("master"));
    QCOMPARE(infoField(masterRepl, "connected_slaves"), QByteArrayLiteral("1"));
    const RedisResult replicaRepl = run(replica.endpoint, RespCommand{"INFO", "replication"});
    QCOMPARE(infoField(replicaRepl, "role"), QByteArrayLiteral("slave"));
    QCOMPARE(infoField(replicaRepl, "master_port").toInt(), int(master.endpoint.port));
    QCOMPARE(infoField(replicaRepl, "master_link_status"), QByteArrayLiteral("up"));

    stopLeavesNothingBehind(2);
}

void TestLocalLab::sentinel()
{
    LabSpec spec;
    spec.kind = LabSpec::Kind::Sentinel;
    spec.replicasPerMaster = 2;
    spec.sentinels = 3;
    QString error;
    QVERIFY2(start(spec, error), qPrintable(error));
    const LabTopology &t = m_lab->topology();
    QCOMPARE(t.nodes.size(), 6);
    const QList<LabNode> masters = t.nodesWithRole(LabNode::Role::Master);
    const QList<LabNode> replicas = t.nodesWithRole(LabNode::Role::Replica);
    const QList<LabNode> sentinels = t.nodesWithRole(LabNode::Role::Sentinel);
    QCOMPARE(masters.size(), 1);
    QCOMPARE(replicas.size(), 2);
    QCOMPARE(sentinels.size(), 3);
    const Endpoint master = masters.first().endpoint;

    const RedisResult masterRepl = run(master, RespCommand{"INFO", "replication"});
    QCOMPARE(infoField(masterRepl, "role"), QByteArrayLiteral("master"));
    QCOMPARE(infoField(masterRepl, "connected_slaves"), QByteArrayLiteral("2"));
    for (const LabNode &r : replicas) {
        const RedisResult repl = run(r.endpoint, RespCommand{"INFO", "replication"});
        QCOMPARE(infoField(repl, "role"), QByteArrayLiteral("slave"));
        QCOMPARE(infoField(repl, "master_port").toInt(), int(master.port));
        QCOMPARE(infoField(repl, "master_link_status"), QByteArrayLiteral("up"));
    }
    const QByteArray name = spec.masterName.toUtf8();
    for (const LabNode &s : sentinels) {
        const RedisResult info = run(s.endpoint, RespCommand{"INFO", "server"});
        QCOMPARE(infoField(info, "redis_mode"), QByteArrayLiteral("sentinel"));
        const RedisResult m = run(s.endpoint, RespCommand{"SENTINEL", "MASTER", name});
        QVERIFY2(m.ok(), describe(m).constData());
        QCOMPARE(labtest::pairValue(m.value(), "num-slaves"), QByteArrayLiteral("2"));
        QCOMPARE(labtest::pairValue(m.value(), "num-other-sentinels"), QByteArrayLiteral("2"));
        QCOMPARE(labtest::pairValue(m.value(), "flags"), QByteArrayLiteral("master"));
        QCOMPARE(labtest::pairValue(m.value(), "port").toInt(), int(master.port));
        QCOMPARE(labtest::pairValue(m.value(), "quorum"), QByteArrayLiteral("2"));
        const RedisResult addr = run(s.endpoint, RespCommand{"SENTINEL", "GET-MASTER-ADDR-BY-NAME", name});
        QVERIFY2(addr.ok() && addr.value().size() == 2, describe(addr).constData());
        QCOMPARE(addr.value()[1].bytes().toInt(), int(master.port));
        // "ready" means every sentinel is linked to every replica: until it is, the replica is
        // flagged disconnected and no failover can pick it (the cause of a CI failure in session 9)
        const RedisResult known = run(s.endpoint, RespCommand{"SENTINEL", "REPLICAS", name});
        QVERIFY2(known.ok() && known.value().size() == 2, describe(known).constData());
        for (std::size_t i = 0; i < known.value().size(); ++i) {
            QCOMPARE(labtest::pairValue(known.value()[i], "flags"), QByteArrayLiteral("slave"));
            QCOMPARE(labtest::pairValue(known.value()[i], "master-link-status"), QByteArrayLiteral("ok"));
        }
    }

    stopLeavesNothingBehind(6);
}

void TestLocalLab::clusterAndFaults()
{
    LabSpec spec;
    spec.kind = LabSpec::Kind::Cluster;
    spec.masters = 3;
    spec.replicasPerMaster = 1;
    QString error;
    QVERIFY2(start(spec, error), qPrintable(error));
    const LabTopology &t = m_lab->topology();
    QCOMPARE(t.nodes.size(), 6);
    const QList<LabNode> masters = t.nodesWithRole(LabNode::Role::Master);
    const QList<LabNode> replicas = t.nodesWithRole(LabNode::Role::Replica);
    QCOMPARE(masters.size(), 3);
    QCOMPARE(replicas.size(), 3);

    for (const LabNode &n : t.nodes) {
        QVERIFY(n.busPort != 0);
        const RedisResult info = run(n.endpoint, RespCommand{"CLUSTER", "INFO"});
        QVERIFY2(info.ok(), describe(info).constData());
        QCOMPARE(infoField(info, "cluster_state"), QByteArrayLiteral("ok"));
        QCOMPARE(infoField(info, "cluster_size"), QByteArrayLiteral("3"));
        QCOMPARE(infoField(info, "cluster_known_nodes"), QByteArrayLiteral("6"));
        QCOMPARE(infoField(info, "cluster_slots_assigned"), QByteArrayLiteral("16384"));
        QCOMPARE(infoField(info, "cluster_slots_ok"), QByteArrayLiteral("16384"));
    }
    for (const LabNode &r : replicas) {
        const RedisResult repl = run(r.endpoint, RespCommand{"INFO", "replication"});
        QCOMPARE(infoField(repl, "role"), QByteArrayLiteral("slave"));
        QCOMPARE(infoField(repl, "master_port").toInt(), int(masters[r.shard].endpoint.port));
        QCOMPARE(infoField(repl, "master_link_status"), QByteArrayLiteral("up"));
    }

    // loadSampleData routes every key to the master owning its slot.
    {
        std::optional<QString> loadError;
        m_lab->loadSampleData(1000, [&loadError](const QString &e) { loadError = e; });
        QTRY_VERIFY_WITH_TIMEOUT(loadError.has_value(), 20000);
        QVERIFY2(loadError->isEmpty(), qPrintable(*loadError));
        qint64 total = 0;
        for (const LabNode &m : masters) {
            const RedisResult size = run(m.endpoint, RespCommand{"DBSIZE"});
            QVERIFY2(size.ok(), describe(size).constData());
            QVERIFY2(size.value().integer() > 0, "every master owns a third of the slots, so some keys");
            total += size.value().integer();
        }
        QCOMPARE(total, qint64(1000));
    }

    FaultInjector faults(m_lab.get());
    const Endpoint replica = replicas.first().endpoint;

    // breakReplication / restoreReplication
    {
        std::optional<QString> done;
        faults.breakReplication(replica, [&done](const QString &e) { done = e; });
        QTRY_VERIFY(done.has_value());
        QVERIFY2(done->isEmpty(), qPrintable(*done));
        QTRY_COMPARE_WITH_TIMEOUT(infoField(run(replica, RespCommand{"INFO", "replication"}), "master_link_status"),
                                  QByteArrayLiteral("down"), 10000);
        done.reset();
        faults.restoreReplication(replica, [&done](const QString &e) { done = e; });
        QTRY_VERIFY(done.has_value());
        QVERIFY2(done->isEmpty(), qPrintable(*done));
        QTRY_COMPARE_WITH_TIMEOUT(infoField(run(replica, RespCommand{"INFO", "replication"}), "master_link_status"),
                                  QByteArrayLiteral("up"), 15000);
    }

    // freeze / thaw: a command to a frozen node times out; after thaw the same link works.
    {
        RedisConnection c(t.connectionOptions(replica));
        const RedisError e = labtest::openAndWait(c);
        QVERIFY2(!e.isError(), qPrintable(e.message()));
        QVERIFY(faults.freeze(replica));
        auto thaw = qScopeGuard([&faults, replica] { faults.thaw(replica); });
        const RedisResult frozen = execute(c, RespCommand{"PING"}, 300, 5000);
        QCOMPARE(frozen.error().kind(), Kind::Timeout);
        QVERIFY(faults.thaw(replica));
        thaw.dismiss();
        const RedisResult thawed = execute(c, RespCommand{"PING"}, 3000, 5000);
        QVERIFY2(thawed.ok(), describe(thawed).constData());
        QCOMPARE(thawed.value().bytes(), QByteArrayLiteral("PONG"));
        QCOMPARE(c.state(), RedisConnection::State::Ready);
    }

    stopLeavesNothingBehind(6);
}

void TestLocalLab::clusterWithTls()
{
    LabSpec spec;
    spec.kind = LabSpec::Kind::Cluster;
    spec.masters = 3;
    spec.replicasPerMaster = 1;
    spec.tls = true;
    QString error;
    QVERIFY2(start(spec, error), qPrintable(error));
    const LabTopology &t = m_lab->topology();
    QCOMPARE(t.nodes.size(), 6);
    QVERIFY(QFile::exists(t.caFile));
    QVERIFY(QFile::exists(t.clientCertFile));
    QVERIFY(QFile::exists(t.clientKeyFile));

    for (const LabNode &n : t.nodes) {
        const ConnectionOptions o = t.connectionOptions(n.endpoint);
        QVERIFY(o.tls.enabled);
        RedisConnection c(o);
        const RedisError e = labtest::openAndWait(c);
        QVERIFY2(!e.isError(), qPrintable(e.message()));
        const RedisResult info = execute(c, RespCommand{"CLUSTER", "INFO"});
        QVERIFY2(info.ok(), describe(info).constData());
        QCOMPARE(infoField(info, "cluster_state"), QByteArrayLiteral("ok"));
        QCOMPARE(infoField(info, "cluster_size"), QByteArrayLiteral("3"));
        QCOMPARE(infoField(info, "cluster_known_nodes"), QByteArrayLiteral("6"));
        const RedisResult cfg = execute(c, RespCommand{"CONFIG", "GET", "tls-cluster"});
        QVERIFY2(cfg.ok() && cfg.value().size() == 2, describe(cfg).constData());
        QCOMPARE(cfg.value()[1].bytes(), QByteArrayLiteral("yes"));
        if (n.role == LabNode::Role::Replica) {
            const RedisResult repl = execute(c, RespCommand{"INFO", "replication"});
            QCOMPARE(infoField(repl, "master_link_status"), QByteArrayLiteral("up"));
        }
    }

    stopLeavesNothingBehind(6);
}

void TestLocalLab::freePortsAreBelowTheEphemeralRange()
{
    // The kernel gives ephemeral ports to outgoing connections too: lab ports stay out of them.
    const auto [first, last] = FreePorts::ephemeralRange();
    QVERIFY(first <= last);
    const QList<quint16> ports = FreePorts::allocate(40);
    QCOMPARE(ports.size(), 40);
    QCOMPARE(QSet<quint16>(ports.cbegin(), ports.cend()).size(), 40);
    for (quint16 port : ports) {
        QVERIFY2(port >= 20000 && port < first, qPrintable(QString::number(port)));
        QTcpServer probe; // released: free again
        QVERIFY2(probe.listen(QHostAddress::LocalHost, port), qPrintable(QString::number(port)));
    }
}

void TestLocalLab::portTakenBeforeBindStartsAgain()
{
    // Another process binds a port between the check and redis-server's bind.
    QTcpServer thief;
    QVERIFY(thief.listen(QHostAddress::LocalHost, 0));
    int calls = 0;
    m_lab = std::make_unique<LocalLab>();
    m_lab->setPortSource([&](int count) {
        QList<quint16> ports = FreePorts::allocate(count);
        if (calls++ == 0 && !ports.isEmpty())
            ports[0] = thief.serverPort();
        return ports;
    });
    LabSpec spec;
    spec.kind = LabSpec::Kind::Standalone;
    spec.replicasPerMaster = 1;
    QString error;
    QVERIFY2(labtest::startLab(*m_lab, spec, error), qPrintable(error));
    QCOMPARE(m_lab->startAttempts(), 2);
    QCOMPARE(calls, 2);
    for (const LabNode &n : m_lab->topology().nodes)
        QVERIFY(n.endpoint.port != thief.serverPort());
    QVERIFY(run(m_lab->topology().nodes.first().endpoint, RespCommand{"PING"}).ok());
    stopLeavesNothingBehind(2); // the first attempt's replica is gone too
}

void TestLocalLab::portAlwaysTakenFailsAfterThreeAttempts()
{
    QTcpServer thief;
    QVERIFY(thief.listen(QHostAddress::LocalHost, 0));
    m_lab = std::make_unique<LocalLab>();
    m_lab->setPortSource([&](int count) { return QList<quint16>(count, thief.serverPort()); });
    LabSpec spec;
    spec.kind = LabSpec::Kind::Standalone;
    spec.replicasPerMaster = 0;
    QString error;
    QVERIFY(!labtest::startLab(*m_lab, spec, error));
    QCOMPARE(m_lab->startAttempts(), LocalLab::kPortAttempts);
    QVERIFY2(error.contains(QLatin1String("Address already in use")), qPrintable(error));
    QVERIFY(m_lab->pids().isEmpty());
    QCOMPARE(redisChildren(), QList<qint64>());
}

QTEST_GUILESS_MAIN(TestLocalLab)
#include "tst_locallab.moc"
