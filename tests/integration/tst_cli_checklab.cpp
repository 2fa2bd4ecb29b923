// `redis-ops check` against real labs for the rules that had unit tests only: each test breaks the
// lab on purpose (the lab as started for maxmemory; SENTINEL SET, SENTINEL MONITOR of a replica,
// SIGSTOP of a sentinel, a dataset mostly deleted), the rule fires with its evidence, the lab is
// repaired and the rule passes. A scope guard puts the lab back as started if a test fails midway.
// replication.same-host fires on every lab (all nodes listen on 127.0.0.1): tst_cli_checkbroken
// checks that; its passing side is unit-tested only.
// No fixed sleeps: conditions are waited for (QTRY on INFO / SENTINEL MASTER).
#include "CheckRun.h"
#include "LabFixture.h"
#include "lab/FaultInjector.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace ops;
using labtest::execute;
using labtest::on;

class TestCliCheckLab : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void maxmemoryUnsetFiresAndSetPasses();
    void parallelSyncsAllReplicasFiresAndOnePasses();
    void sentinelOnAnotherMasterFiresAndBackPasses();
    void tiltAfterAStoppedSentinelFiresAndClears();
    void fragmentationAfterMassDeleteFiresAndReloadPasses();

private:
    CheckRun check(const QStringList &args, int waitMs = 60000);
    QStringList sentinelArgs() const;
    QByteArray info(LocalLab &lab, const Endpoint &ep, const QByteArray &section, const QByteArray &field);
    QByteArray masterField(const Endpoint &sentinel, const QByteArray &field);

    std::unique_ptr<LocalLab> m_sentinel, m_standalone;
    QTemporaryDir m_home;
};

void TestCliCheckLab::initTestCase()
{
    QVERIFY(m_home.isValid());
    m_sentinel = labtest::startedLab(LabSpec::Kind::Sentinel, 2);
    QVERIFY(m_sentinel);
}

void TestCliCheckLab::cleanupTestCase()
{
    const QList<qint64> left = labtest::stopLabs({&m_sentinel, &m_standalone});
    QVERIFY2(left.isEmpty(), qPrintable(QStringLiteral("still running: %1").arg(left.size())));
}

CheckRun TestCliCheckLab::check(const QStringList &args, int waitMs)
{
    return CheckRun::of(QStringLiteral(REDIS_OPS_BINARY), m_home.path(), args, waitMs);
}

QStringList TestCliCheckLab::sentinelArgs() const
{
    return {QStringLiteral("--sentinel"), m_sentinel->topology().nodesWithRole(LabNode::Role::Sentinel).first().endpoint.toString(),
            QStringLiteral("--master"), m_sentinel->topology().spec.masterName, QStringLiteral("--json")};
}

QByteArray TestCliCheckLab::info(LocalLab &lab, const Endpoint &ep, const QByteArray &section, const QByteArray &field)
{
    return labtest::infoField(on(lab, ep, {"INFO", section}), field);
}

/** A field of SENTINEL MASTER <name> as @p sentinel reports it (empty if it does not answer). */
QByteArray TestCliCheckLab::masterField(const Endpoint &sentinel, const QByteArray &field)
{
    const RedisResult r = on(*m_sentinel, sentinel, {"SENTINEL", "MASTER", m_sentinel->topology().spec.masterName.toUtf8()});
    return r.ok() ? labtest::pairValue(r.value(), field) : QByteArray();
}

void TestCliCheckLab::maxmemoryUnsetFiresAndSetPasses()
{
    LocalLab &lab = *m_sentinel;
    const QList<LabNode> data = lab.topology().nodesWithRole(LabNode::Role::Master) + lab.topology().nodesWithRole(LabNode::Role::Replica);
    QCOMPARE(data.size(), 3);
    auto setMaxmemory = [&](const QByteArray &bytes) {
        bool ok = true;
        for (const LabNode &n : data)
            ok = on(lab, n.endpoint, {"CONFIG", "SET", "maxmemory", bytes}).ok() && ok;
        return ok;
    };
    auto restore = qScopeGuard([&] { setMaxmemory("0"); }); // the lab as started

    // Broken as started: LabConfig sets no maxmemory, so every data node may grow until the OS kills it.
    const CheckRun broken = check(sentinelArgs());
    const QString rule = QStringLiteral("memory.maxmemory");
    QVERIFY2(broken.outcome(rule) == QLatin1String("fire:warning,fire:warning,fire:warning"), broken.describe().constData());
    QVERIFY2(broken.code == 1, broken.describe().constData());
    QCOMPARE(broken.evidence(rule, QStringLiteral("maxmemory")), QStringLiteral("0"));
    QStringList ids;
    for (const LabNode &n : data)
        ids << n.endpoint.toString();
    ids.sort();
    QCOMPARE(broken.nodes(rule), ids);

    // Repaired: 256 MB on each node, far below the host's memory.
    QVERIFY(setMaxmemory("268435456"));
    const CheckRun fixed = check(sentinelArgs());
    QVERIFY2(fixed.outcome(rule) == QLatin1String("pass"), fixed.describe().constData());
}

void TestCliCheckLab::parallelSyncsAllReplicasFiresAndOnePasses()
{
    LocalLab &lab = *m_sentinel;
    const QList<LabNode> sentinels = lab.topology().nodesWithRole(LabNode::Role::Sentinel);
    const QByteArray name = lab.topology().spec.masterName.toUtf8();
    auto setParallelSyncs = [&](const QByteArray &n) {
        bool ok = true;
        for (const LabNode &s : sentinels)
            ok = on(lab, s.endpoint, {"SENTINEL", "SET", name, "parallel-syncs", n}).ok() && ok;
        return ok;
    };
    auto restore = qScopeGuard([&] { setParallelSyncs("1"); });
    const QString rule = QStringLiteral("sentinel.parallel-syncs");

    // Broken: both replicas would resync at once after a failover.
    QVERIFY(setParallelSyncs("2"));
    const CheckRun broken = check(sentinelArgs());
    QVERIFY2(broken.outcome(rule) == QLatin1String("fire:warning"), broken.describe().constData());
    QVERIFY2(broken.code == 1, broken.describe().constData());
    QCOMPARE(broken.evidence(rule, QStringLiteral("parallel-syncs")), QStringLiteral("2"));
    QCOMPARE(broken.evidence(rule, QStringLiteral("replicas")), QStringLiteral("2"));

    QVERIFY(setParallelSyncs("1"));
    const CheckRun fixed = check(sentinelArgs());
    QVERIFY2(fixed.outcome(rule) == QLatin1String("pass"), fixed.describe().constData());
}

void TestCliCheckLab::sentinelOnAnotherMasterFiresAndBackPasses()
{
    LocalLab &lab = *m_sentinel;
    const Endpoint master = labtest::sentinelMaster(lab);
    QVERIFY(master.isValid());
    const QList<LabNode> sentinels = lab.topology().nodesWithRole(LabNode::Role::Sentinel);
    const Endpoint rogue = sentinels.last().endpoint; // not the one the CLI is seeded with
    Endpoint replica;
    for (const LabNode &n : lab.topology().nodesWithRole(LabNode::Role::Replica))
        if (n.endpoint != master && !replica.isValid())
            replica = n.endpoint;
    QVERIFY(replica.isValid());
    const QByteArray name = lab.topology().spec.masterName.toUtf8();
    auto monitor = [&](const Endpoint &target) {
        on(lab, rogue, {"SENTINEL", "REMOVE", name});
        return on(lab, rogue, {"SENTINEL", "MONITOR", name, target.host.toUtf8(), QByteArray::number(target.port), "2"}).ok()
            && on(lab, rogue, {"SENTINEL", "SET", name, "down-after-milliseconds", "1000", "failover-timeout", "5000",
                               "parallel-syncs", "1"}).ok();
    };
    bool restored = false;
    auto restore = qScopeGuard([&] {
        if (!restored)
            monitor(master);
    });
    const QString rule = QStringLiteral("sentinel.agreement");

    const CheckRun sound = check(sentinelArgs());
    QVERIFY2(sound.outcome(rule) == QLatin1String("pass"), sound.describe().constData());

    // Broken: one sentinel monitors a replica under the master's name (same config epoch 0 as the
    // others, so their hello messages do not correct it).
    QVERIFY(monitor(replica));
    QCOMPARE(masterField(rogue, "port"), QByteArray::number(replica.port));
    const CheckRun broken = check(sentinelArgs());
    QVERIFY2(broken.outcome(rule) == QLatin1String("fire:critical"), broken.describe().constData());
    QVERIFY2(broken.code == 1, broken.describe().constData());
    QCOMPARE(broken.evidence(rule, rogue.toString()), replica.toString());
    QCOMPARE(broken.evidence(rule, sentinels.first().endpoint.toString()), master.toString());

    // Repaired: monitoring the real master again, and knowing its replicas and the other sentinels.
    QVERIFY(monitor(master));
    restored = true;
    QTRY_COMPARE_WITH_TIMEOUT(masterField(rogue, "num-slaves"), QByteArray("2"), 30000);
    QTRY_COMPARE_WITH_TIMEOUT(masterField(rogue, "num-other-sentinels"), QByteArray("2"), 30000);
    const CheckRun fixed = check(sentinelArgs());
    QVERIFY2(fixed.outcome(rule) == QLatin1String("pass"), fixed.describe().constData());
}

void TestCliCheckLab::tiltAfterAStoppedSentinelFiresAndClears()
{
    LocalLab &lab = *m_sentinel;
    const Endpoint stopped = lab.topology().nodesWithRole(LabNode::Role::Sentinel).last().endpoint;
    FaultInjector faults(&lab);
    bool frozen = false;
    auto thaw = qScopeGuard([&] {
        if (frozen)
            faults.thaw(stopped);
    });
    const QString rule = QStringLiteral("sentinel.tilt");
    QCOMPARE(info(lab, stopped, "sentinel", "sentinel_tilt"), QByteArray("0"));

    // Broken: SIGSTOP for 3 s; on SIGCONT its timer sees a jump above the 2 s TILT trigger.
    QVERIFY(faults.freeze(stopped));
    frozen = true;
    const QDeadlineTimer held(3000);
    QVERIFY(QTest::qWaitFor([&] { return held.hasExpired(); }, 10000));
    QVERIFY(faults.thaw(stopped));
    frozen = false;
    QTRY_COMPARE_WITH_TIMEOUT(info(lab, stopped, "sentinel", "sentinel_tilt"), QByteArray("1"), 10000);
    QElapsedTimer inTilt;
    inTilt.start();
    const CheckRun broken = check(sentinelArgs());
    QVERIFY2(broken.outcome(rule) == QLatin1String("fire:warning"), broken.describe().constData());
    QVERIFY2(broken.code == 1, broken.describe().constData());
    QCOMPARE(broken.evidence(rule, QStringLiteral("sentinel_tilt")), QStringLiteral("1"));
    QCOMPARE(broken.nodes(rule), QStringList{stopped.toString()});

    // Repaired by time: TILT ends 30 s (tilt-period) after it began, with no further stall.
    QTRY_COMPARE_WITH_TIMEOUT(info(lab, stopped, "sentinel", "sentinel_tilt"), QByteArray("0"), 45000);
    qInfo("TILT cleared %lld ms after it was seen", qint64(inTilt.elapsed()));
    const CheckRun fixed = check(sentinelArgs());
    QVERIFY2(fixed.outcome(rule) == QLatin1String("pass"), fixed.describe().constData());
}

void TestCliCheckLab::fragmentationAfterMassDeleteFiresAndReloadPasses()
{
    // A lab of its own (one standalone node): the dataset is hundreds of MB, kept off the Sentinel lab.
    m_standalone = labtest::startedLab(LabSpec::Kind::Standalone, 0);
    QVERIFY(m_standalone);
    LocalLab &lab = *m_standalone;
    const Endpoint node = lab.topology().nodesWithRole(LabNode::Role::Master).first().endpoint;
    auto restore = qScopeGuard([&] { on(lab, node, {"FLUSHALL"}); });
    const QStringList args{QStringLiteral("-p"), QString::number(node.port), QStringLiteral("--json")};
    const QString rule = QStringLiteral("memory.fragmentation");
    auto memory = [&](const QByteArray &field) { return info(lab, node, "memory", field); };

    // Sound: a fresh node's ratio is far above 1.5, but its few MB are ignored (as MEMORY DOCTOR does).
    const CheckRun sound = check(args);
    QVERIFY2(sound.outcome(rule) == QLatin1String("pass"), sound.describe().constData());
    qInfo("fresh node: mem_fragmentation_ratio %s, used_memory %s", memory("mem_fragmentation_ratio").constData(),
          memory("used_memory").constData());

    // Broken: 300k values of 1000 bytes, then 3 of every 4 deleted: every allocator page keeps live
    // values, so the RSS stays where it was while used_memory falls to a quarter.
    QElapsedTimer t;
    t.start();
    QVERIFY(on(lab, node, {"DEBUG", "POPULATE", "300000", "key", "1000"}).ok());
    QVERIFY(on(lab, node, {"EVAL", "for i = 0, 299999 do if i % 4 ~= 0 then redis.call('DEL', 'key:' .. i) end end return 1", "0"}).ok());
    // INFO's ratio uses the RSS sampled by serverCron: wait until it reflects the deletion.
    QTRY_VERIFY_WITH_TIMEOUT(memory("mem_fragmentation_ratio").toDouble() > 2.0, 10000);
    qInfo("broken in %lld ms: mem_fragmentation_ratio %s, used_memory %s, mem_fragmentation_bytes %s", qint64(t.elapsed()),
          memory("mem_fragmentation_ratio").constData(), memory("used_memory").constData(),
          memory("mem_fragmentation_bytes").constData());
    const CheckRun broken = check(args);
    QVERIFY2(broken.outcome(rule) == QLatin1String("fire:warning"), broken.describe().constData());
    QVERIFY2(broken.code == 1, broken.describe().constData());
    QVERIFY2(broken.evidence(rule, QStringLiteral("mem_fragmentation_ratio")).toDouble() > 2.0, broken.describe().constData());
    QVERIFY2(broken.evidence(rule, QStringLiteral("used_memory")).toLongLong() > (50 << 20), broken.describe().constData());

    // Repaired as a restart would (this Redis has no active defrag): DEBUG RELOAD rewrites the
    // dataset into fresh pages, MEMORY PURGE hands the freed ones back to the OS.
    t.restart();
    QVERIFY(on(lab, node, {"DEBUG", "RELOAD"}).ok());
    QVERIFY(on(lab, node, {"MEMORY", "PURGE"}).ok());
    QCOMPARE(on(lab, node, {"DBSIZE"}).value().integer(), qint64(75000));
    QTRY_VERIFY_WITH_TIMEOUT(memory("mem_fragmentation_ratio").toDouble() < 1.5, 10000);
    qInfo("repaired in %lld ms: mem_fragmentation_ratio %s, used_memory %s", qint64(t.elapsed()),
          memory("mem_fragmentation_ratio").constData(), memory("used_memory").constData());
    const CheckRun fixed = check(args);
    QVERIFY2(fixed.outcome(rule) == QLatin1String("pass"), fixed.describe().constData());
}

QTEST_MAIN(TestCliCheckLab)
#include "tst_cli_checklab.moc"
