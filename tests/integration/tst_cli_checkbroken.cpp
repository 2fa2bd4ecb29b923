// `redis-ops check` against labs broken on purpose for the rules that so far fired only in unit
// tests: too few and an even number of sentinels (labs started that way), down-after-milliseconds
// out of range (SENTINEL SET), replicas on their master's host (every lab: all listen on
// 127.0.0.1), a replica whose link is down (a wrong masterauth) and a master with no replica
// (REPLICAOF NO ONE), used memory near maxmemory (a 4 MB headroom filled), a replica megabytes
// behind (its replication stream held back by a proxy), and CONFIG renamed away (rename-command).
// The cluster rules broken on purpose are in tst_cli_checkcluster. Each rule fires with its
// evidence, then the lab is repaired and it passes again. Scope guards put a lab back if a test
// fails midway. No fixed sleeps: conditions are waited for with QTRY.
#include "CheckRun.h"
#include "HoldingProxy.h"
#include "LabFixture.h"
#include "lab/FreePorts.h"
#include "lab/LabConfig.h"
#include "lab/LabProcess.h"

#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace ops;
using labtest::execute;
using labtest::on;

class TestCliCheckBroken : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void sentinelCountFires_data();
    void sentinelCountFires();
    void downAfterOutOfRangeFiresAndClears();
    void brokenLinkAndLostReplicaFireAndClear();
    void memoryNearMaxmemoryFiresAndClears();
    void replicaBehindFiresAndCatchesUp();
    void configRenamedIsUnknownWithTheReason();

private:
    CheckRun check(const QStringList &args, int waitMs = 90000);
    static QStringList sentinelArgs(const LocalLab &lab);
    static QByteArray info(LocalLab &lab, const Endpoint &ep, const QByteArray &section, const QByteArray &field);

    std::unique_ptr<LocalLab> m_sentinel, m_standalone;
    QTemporaryDir m_home;
};

void TestCliCheckBroken::initTestCase()
{
    QVERIFY(m_home.isValid());
}

void TestCliCheckBroken::cleanupTestCase()
{
    const QList<qint64> left = labtest::stopLabs({&m_sentinel, &m_standalone});
    QVERIFY2(left.isEmpty(), qPrintable(QStringLiteral("still running: %1").arg(left.size())));
}

CheckRun TestCliCheckBroken::check(const QStringList &args, int waitMs)
{
    return CheckRun::of(QStringLiteral(REDIS_OPS_BINARY), m_home.path(), args + QStringList{QStringLiteral("--json")}, waitMs);
}

QStringList TestCliCheckBroken::sentinelArgs(const LocalLab &lab)
{
    return {QStringLiteral("--sentinel"), lab.topology().nodesWithRole(LabNode::Role::Sentinel).first().endpoint.toString(),
            QStringLiteral("--master"), lab.topology().spec.masterName};
}

QByteArray TestCliCheckBroken::info(LocalLab &lab, const Endpoint &ep, const QByteArray &section, const QByteArray &field)
{
    return labtest::infoField(on(lab, ep, {"INFO", section}), field);
}

void TestCliCheckBroken::sentinelCountFires_data()
{
    QTest::addColumn<int>("sentinels");
    QTest::addColumn<QString>("outcome");
    QTest::addColumn<QString>("evidenceName");
    QTest::addColumn<QString>("evidenceValue");
    // Two: losing one leaves one, which can never be a majority. Four: a majority of 3, so it
    // survives one loss, as three do.
    QTest::newRow("two sentinels") << 2 << "fire:critical" << "minimum" << "3";
    QTest::newRow("four sentinels") << 4 << "fire:warning" << "majority" << "3";
}

void TestCliCheckBroken::sentinelCountFires()
{
    QFETCH(int, sentinels);
    QFETCH(QString, outcome);
    QFETCH(QString, evidenceName);
    QFETCH(QString, evidenceValue);
    labtest::stopLabs({&m_sentinel});
    m_sentinel = std::make_unique<LocalLab>();
    LabSpec spec;
    spec.kind = LabSpec::Kind::Sentinel;
    spec.replicasPerMaster = 1;
    spec.sentinels = sentinels;
    QString error;
    QVERIFY2(labtest::startLab(*m_sentinel, spec, error), qPrintable(error));

    // The sentinels discover each other through hello messages: wait until the first knows all.
    const Endpoint first = m_sentinel->topology().nodesWithRole(LabNode::Role::Sentinel).first().endpoint;
    const QByteArray others = QByteArray::number(sentinels - 1);
    QTRY_COMPARE_WITH_TIMEOUT(labtest::pairValue(on(*m_sentinel, first, {"SENTINEL", "MASTER", "mymaster"}).value(), "num-other-sentinels"),
                              others, 30000);
    const CheckRun r = check(sentinelArgs(*m_sentinel));
    QVERIFY2(r.outcome(QStringLiteral("sentinel.count")) == outcome, r.describe().constData());
    QCOMPARE(r.evidence(QStringLiteral("sentinel.count"), QStringLiteral("sentinels")), QString::number(sentinels));
    QCOMPARE(r.evidence(QStringLiteral("sentinel.count"), evidenceName), evidenceValue);
    QVERIFY2(r.code == 1, r.describe().constData());

    // Every lab node listens on 127.0.0.1: the replica shares its master's host, and says so.
    const Endpoint master = labtest::sentinelMaster(*m_sentinel);
    QVERIFY2(r.outcome(QStringLiteral("replication.same-host")) == QLatin1String("fire:warning"), r.describe().constData());
    QCOMPARE(r.evidence(QStringLiteral("replication.same-host"), QStringLiteral("host")), QStringLiteral("127.0.0.1"));
    QCOMPARE(r.nodes(QStringLiteral("replication.same-host")), QStringList{master.toString()});
    QVERIFY(r.first(QStringLiteral("replication.same-host")).value(QStringLiteral("summary")).toString().contains(QLatin1String("every replica")));
}

void TestCliCheckBroken::downAfterOutOfRangeFiresAndClears()
{
    QVERIFY(m_sentinel); // the four-sentinel lab of the previous test
    LocalLab &lab = *m_sentinel;
    const QList<LabNode> sentinels = lab.topology().nodesWithRole(LabNode::Role::Sentinel);
    auto setDownAfter = [&](const QByteArray &ms) {
        bool ok = true;
        for (const LabNode &s : sentinels)
            ok = on(lab, s.endpoint, {"SENTINEL", "SET", "mymaster", "down-after-milliseconds", ms}).ok() && ok;
        return ok;
    };
    auto restore = qScopeGuard([&] { setDownAfter("1000"); }); // LabConfig's value
    const QString rule = QStringLiteral("sentinel.down-after");
    const QString fired = QStringList(sentinels.size(), QStringLiteral("fire:warning")).join(QLatin1Char(','));

    for (const QByteArray &ms : {QByteArray("400"), QByteArray("120000")}) {
        QVERIFY(setDownAfter(ms));
        const CheckRun r = check(sentinelArgs(lab));
        QVERIFY2(r.outcome(rule) == fired, (ms + "\n" + r.describe()).constData());
        QCOMPARE(r.evidence(rule, QStringLiteral("down-after-milliseconds")), QString::fromLatin1(ms));
        const QString summary = r.first(rule).value(QStringLiteral("summary")).toString();
        QVERIFY2(summary.contains(ms.toInt() < 1000 ? QLatin1String("a pause that short") : QLatin1String("noticed only after 120 s")),
                 qPrintable(summary));
    }
    QVERIFY(setDownAfter("1000"));
    const CheckRun fixed = check(sentinelArgs(lab));
    QVERIFY2(fixed.outcome(rule) == QLatin1String("pass"), fixed.describe().constData());
}

void TestCliCheckBroken::brokenLinkAndLostReplicaFireAndClear()
{
    m_standalone = labtest::startedLab(LabSpec::Kind::Standalone, 1);
    QVERIFY(m_standalone);
    LocalLab &lab = *m_standalone;
    const Endpoint master = lab.topology().nodesWithRole(LabNode::Role::Master).first().endpoint;
    const Endpoint replica = lab.topology().nodesWithRole(LabNode::Role::Replica).first().endpoint;
    const QStringList seed{QStringLiteral("-p"), QString::number(master.port)};
    QTRY_COMPARE_WITH_TIMEOUT(info(lab, replica, "replication", "master_link_status"), QByteArray("up"), 30000);
    auto restore = qScopeGuard([&] {
        on(lab, replica, {"CONFIG", "SET", "masterauth", ""});
        on(lab, replica, {"REPLICAOF", "127.0.0.1", QByteArray::number(master.port)});
    });

    const CheckRun sound = check(seed);
    QVERIFY2(sound.outcome(QStringLiteral("replication.no-replica")) == QLatin1String("pass"), sound.describe().constData());
    QVERIFY2(sound.outcome(QStringLiteral("replication.lag")) == QLatin1String("pass"), sound.describe().constData());

    // The link breaks: the replica sends a password the master does not take (what a requirepass
    // rotated without masterauth does; Redis refuses AUTH to a master without one too), and its
    // connection to the master is cut so that it must authenticate again.
    QVERIFY(on(lab, replica, {"CONFIG", "SET", "masterauth", "not-the-password"}).ok());
    QVERIFY(on(lab, replica, {"CLIENT", "KILL", "TYPE", "master"}).ok());
    QTRY_VERIFY_WITH_TIMEOUT(info(lab, replica, "replication", "master_link_status") == "down"
                                 && info(lab, master, "replication", "connected_slaves") == "0",
                             30000);
    // Seen from the master, the replica is simply gone (INFO lists no replica).
    const CheckRun fromMaster = check(seed);
    QVERIFY2(fromMaster.outcome(QStringLiteral("replication.no-replica")) == QLatin1String("fire:warning"), fromMaster.describe().constData());
    // Seen from the replica (discovery follows master_host), the link is down and nothing is in sync.
    const CheckRun broken = check({QStringLiteral("-p"), QString::number(replica.port)});
    QVERIFY2(broken.outcome(QStringLiteral("replication.no-replica")) == QLatin1String("fire:critical"), broken.describe().constData());
    QCOMPARE(broken.evidence(QStringLiteral("replication.no-replica"), QStringLiteral("inSync")), QStringLiteral("0"));
    QVERIFY2(broken.outcome(QStringLiteral("replication.lag")) == QLatin1String("fire:critical"), broken.describe().constData());
    QCOMPARE(broken.evidence(QStringLiteral("replication.lag"), QStringLiteral("link")), QStringLiteral("down"));
    QCOMPARE(broken.nodes(QStringLiteral("replication.lag")), QStringList{replica.toString()});
    QVERIFY2(broken.code == 1, broken.describe().constData());

    // Repaired: the right (empty) masterauth; the link comes back.
    QVERIFY(on(lab, replica, {"CONFIG", "SET", "masterauth", ""}).ok());
    QTRY_COMPARE_WITH_TIMEOUT(info(lab, replica, "replication", "master_link_status"), QByteArray("up"), 30000);
    const CheckRun relinked = check({QStringLiteral("-p"), QString::number(replica.port)});
    QVERIFY2(relinked.outcome(QStringLiteral("replication.lag")) == QLatin1String("pass"), relinked.describe().constData());
    QVERIFY2(relinked.outcome(QStringLiteral("replication.no-replica")) == QLatin1String("pass"), relinked.describe().constData());

    // The replica is taken away (promoted on its own): the master has nothing left.
    QVERIFY(on(lab, replica, {"REPLICAOF", "NO", "ONE"}).ok());
    QTRY_COMPARE_WITH_TIMEOUT(info(lab, master, "replication", "connected_slaves"), QByteArray("0"), 30000);
    const CheckRun alone = check(seed);
    // A standalone deployment has no failover to lose, so it is a warning, not critical.
    QVERIFY2(alone.outcome(QStringLiteral("replication.no-replica")) == QLatin1String("fire:warning"), alone.describe().constData());
    QCOMPARE(alone.evidence(QStringLiteral("replication.no-replica"), QStringLiteral("replicas")), QStringLiteral("0"));
    QCOMPARE(alone.nodes(QStringLiteral("replication.no-replica")), QStringList{master.toString()});

    QVERIFY(on(lab, replica, {"REPLICAOF", "127.0.0.1", QByteArray::number(master.port)}).ok());
    QTRY_COMPARE_WITH_TIMEOUT(info(lab, replica, "replication", "master_link_status"), QByteArray("up"), 30000);
    const CheckRun back = check(seed);
    QVERIFY2(back.outcome(QStringLiteral("replication.no-replica")) == QLatin1String("pass"), back.describe().constData());
}

// Used memory really near maxmemory: a 4 MB headroom filled with keys until writes would fail.
void TestCliCheckBroken::memoryNearMaxmemoryFiresAndClears()
{
    QVERIFY(m_standalone);
    LocalLab &lab = *m_standalone;
    const Endpoint master = lab.topology().nodesWithRole(LabNode::Role::Master).first().endpoint;
    const QStringList seed{QStringLiteral("-p"), QString::number(master.port)};
    auto restore = qScopeGuard([&] {
        on(lab, master, {"FLUSHALL"});
        on(lab, master, {"CONFIG", "SET", "maxmemory", "0", "maxmemory-policy", "noeviction"});
    });
    const qint64 used = info(lab, master, "memory", "used_memory").toLongLong();
    QVERIFY(used > 0);
    const qint64 limit = used + (4 << 20);
    QVERIFY(on(lab, master, {"CONFIG", "SET", "maxmemory", QByteArray::number(limit), "maxmemory-policy", "noeviction"}).ok());
    RedisConnection writer(lab.topology().connectionOptions(master));
    const QByteArray value(1024, 'm');
    int written = 0;
    bool full = false;
    while (!full && info(lab, master, "memory", "used_memory").toLongLong() < limit * 93 / 100) {
        QList<RespCommand> batch;
        for (int i = 0; i < 100; ++i)
            batch << RespCommand{"SET", "fill:" + QByteArray::number(written + i), value};
        for (const RedisResult &r : labtest::executeAll(writer, batch)) {
            full = full || !r.ok(); // OOM: at the limit already
            written += r.ok() ? 1 : 0;
        }
        QVERIFY2(written < 100000, "used_memory does not grow");
    }
    const QString rule = QStringLiteral("memory.usage");
    const CheckRun near = check(seed);
    QVERIFY2(near.outcome(rule) == QLatin1String("fire:critical"), near.describe().constData());
    QCOMPARE(near.nodes(rule), QStringList{master.toString()});
    QCOMPARE(near.evidence(rule, QStringLiteral("maxmemory")), QString::number(limit));
    QVERIFY(near.first(rule).value(QStringLiteral("summary")).toString().contains(QLatin1String("writes fail with OOM")));
    qInfo("%d keys of 1 KB written: used_memory %lld of maxmemory %lld", written,
          info(lab, master, "memory", "used_memory").toLongLong(), limit);

    // An eviction policy: keys are evicted rather than writes refused, a warning.
    QVERIFY(on(lab, master, {"CONFIG", "SET", "maxmemory-policy", "allkeys-lru"}).ok());
    const CheckRun evicting = check(seed);
    QVERIFY2(evicting.outcome(rule) == QLatin1String("fire:warning"), evicting.describe().constData());
    QCOMPARE(evicting.evidence(rule, QStringLiteral("maxmemory_policy")), QStringLiteral("allkeys-lru"));

    QVERIFY(on(lab, master, {"FLUSHALL"}).ok());
    const CheckRun emptied = check(seed);
    QVERIFY2(emptied.outcome(rule) == QLatin1String("pass"), emptied.describe().constData());
}

// Real byte lag: the replica follows the master through a proxy that holds the replication
// stream back (a congested link: its ACKs still arrive), while 3 MB are written to the master.
// Through the proxy the replica names another master address than the console's: it must
// still count as this master's replica (it did not: "no replica" and a phantom master).
void TestCliCheckBroken::replicaBehindFiresAndCatchesUp()
{
    QVERIFY(m_standalone);
    LocalLab &lab = *m_standalone;
    const Endpoint master = lab.topology().nodesWithRole(LabNode::Role::Master).first().endpoint;
    const Endpoint replica = lab.topology().nodesWithRole(LabNode::Role::Replica).first().endpoint;
    const QStringList seed{QStringLiteral("-p"), QString::number(master.port)};
    HoldingProxy proxy(master.port);
    QVERIFY(proxy.start());
    auto restore = qScopeGuard([&] {
        proxy.setHolding(false);
        on(lab, replica, {"REPLICAOF", "127.0.0.1", QByteArray::number(master.port)});
        on(lab, master, {"FLUSHALL"});
    });
    QVERIFY(on(lab, replica, {"REPLICAOF", "127.0.0.1", QByteArray::number(proxy.port())}).ok());
    QTRY_VERIFY_WITH_TIMEOUT(info(lab, replica, "replication", "master_link_status") == "up"
                                 && info(lab, replica, "replication", "master_port") == QByteArray::number(proxy.port()),
                             30000);
    // A replica that has been serving: it has acknowledged a write since its sync.
    RedisConnection writer(lab.topology().connectionOptions(master));
    QVERIFY(labtest::execute(writer, RespCommand{"SET", "lag:first", "1"}).ok());
    QTRY_VERIFY_WITH_TIMEOUT(info(lab, master, "replication", "slave0")
                                 .contains("offset=" + info(lab, master, "replication", "master_repl_offset") + ","),
                             30000);
    const CheckRun inSync = check(seed);
    QVERIFY2(inSync.outcome(QStringLiteral("replication.lag")) == QLatin1String("pass"), inSync.describe().constData());

    proxy.setHolding(true);
    const QByteArray value(1024, 'l');
    for (int batch = 0; batch < 30; ++batch) {
        QList<RespCommand> commands;
        for (int i = 0; i < 100; ++i)
            commands << RespCommand{"SET", "lag:" + QByteArray::number(batch * 100 + i), value};
        for (const RedisResult &r : labtest::executeAll(writer, commands))
            QVERIFY(r.ok());
    }
    QTRY_VERIFY_WITH_TIMEOUT(proxy.heldBytes() > (2 << 20), 10000);
    const CheckRun behind = check(seed);
    const QString rule = QStringLiteral("replication.lag");
    QVERIFY2(behind.outcome(rule) == QLatin1String("fire:warning"), behind.describe().constData());
    QCOMPARE(behind.nodes(rule), QStringList{replica.toString()});
    QVERIFY2(behind.first(rule).value(QStringLiteral("summary")).toString().contains(QLatin1String("MB")), behind.describe().constData());
    qInfo("%s (held by the proxy: %lld bytes)", qPrintable(behind.first(rule).value(QStringLiteral("summary")).toString()), proxy.heldBytes());

    // The link clears: the replica receives everything and acknowledges it.
    proxy.setHolding(false);
    const QByteArray offset = info(lab, master, "replication", "master_repl_offset");
    QTRY_VERIFY_WITH_TIMEOUT(info(lab, master, "replication", "slave0").contains("offset=" + offset + ","), 30000);
    const CheckRun caughtUp = check(seed);
    QVERIFY2(caughtUp.outcome(rule) == QLatin1String("pass"), caughtUp.describe().constData());
}

void TestCliCheckBroken::configRenamedIsUnknownWithTheReason()
{
    // A server whose CONFIG command is renamed away, as hardening guides recommend.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QList<quint16> ports = FreePorts::allocate(1);
    QCOMPARE(ports.size(), 1);
    const QString config = LabConfig::server(ports.first(), dir.path(), LabConfig::Tls{}) + QStringLiteral("\nrename-command CONFIG \"\"\n");
    LabProcess server(QStringLiteral("redis-server"), dir.path(), config);
    QVERIFY2(server.start(), qPrintable(server.error()));
    const Endpoint ep{QStringLiteral("127.0.0.1"), ports.first()};
    ConnectionOptions options;
    options.endpoint = ep;
    RedisConnection c(options);
    QTRY_VERIFY_WITH_TIMEOUT(execute(c, RespCommand{"PING"}).ok(), 20000);
    const RedisResult renamed = execute(c, RespCommand{"CONFIG", "GET", "maxmemory"});
    QVERIFY2(!renamed.ok() && renamed.error().detail().contains(QLatin1String("unknown command")), labtest::describe(renamed).constData());

    const CheckRun r = check({QStringLiteral("-p"), QString::number(ep.port)});
    QVERIFY2(r.code == 0 || r.code == 1, r.describe().constData());
    const QString rule = QStringLiteral("replication.persistence-off"); // reads save / appendonly with CONFIG GET
    QVERIFY2(r.outcome(rule) == QLatin1String("unknown"), r.describe().constData());
    const QString summary = r.first(rule).value(QStringLiteral("summary")).toString();
    QVERIFY2(summary.contains(QLatin1String("CONFIG is renamed or disabled on this server")), qPrintable(summary));
    // Rules that read INFO still decide: maxmemory is in INFO memory, replicas in INFO replication.
    QVERIFY2(r.outcome(QStringLiteral("memory.maxmemory")) == QLatin1String("fire:warning"), r.describe().constData());
    QVERIFY2(r.outcome(QStringLiteral("replication.no-replica")) == QLatin1String("fire:warning"), r.describe().constData());
}

QTEST_GUILESS_MAIN(TestCliCheckBroken)
#include "tst_cli_checkbroken.moc"
