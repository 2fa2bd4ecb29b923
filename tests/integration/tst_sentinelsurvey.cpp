// SentinelSurveyor + SentinelFailoverPlanner on a real Sentinel lab (1 master, 2 replicas,
// 3 sentinels): a healthy deployment plans a failover to the most advanced replica; another
// console's action client is reported; a replica with broken replication is not offered; two
// sentinels killed refuse the failover with the NOQUORUM explanation.
#include "LabFixture.h"
#include "actions/SentinelFailoverPlanner.h"
#include "actions/SentinelSurveyor.h"
#include "lab/FaultInjector.h"
#include "resp/RedisConnection.h"

#include <QScopeGuard>
#include <QSignalSpy>
#include <QtTest>

#include <optional>

using namespace ops;
using labtest::describe;
using labtest::execute;

class TestSentinelSurvey : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void healthyDeploymentPlansAFailover();
    void otherConsolesActionClientIsReported();
    void clientListDeniedIsNotAPass();
    void brokenReplicationIsNotOffered();
    void twoSentinelsKilledRefuseWithNoQuorum(); // last: it kills sentinels

private:
    SentinelSurvey survey();
    SentinelFailoverPlan plan(const SentinelSurvey &s, SentinelFailoverRequest::Mode mode = SentinelFailoverRequest::Mode::Standard);
    const PreCheck *check(const SentinelFailoverPlan &p, const QString &id);

    std::unique_ptr<LocalLab> m_lab;
    Endpoint m_master;
};

void TestSentinelSurvey::initTestCase()
{
    m_lab = labtest::startedLab(LabSpec::Kind::Sentinel, 2);
    QVERIFY(m_lab);
    m_master = m_lab->topology().nodesWithRole(LabNode::Role::Master).constFirst().endpoint;
    // Replicas synced and known to every sentinel before the first survey.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const SentinelSurvey s = survey();
            if (s.replicas.size() != 2)
                return false;
            for (const DataNodeView &r : s.replicas)
                if (!r.reachable() || !r.linkUp())
                    return false;
            for (const SentinelView &v : s.sentinels)
                if (v.replicas.size() != 2 || !v.ckquorum.ok)
                    return false;
            return true;
        }(),
        30000);
}

void TestSentinelSurvey::cleanupTestCase() { m_lab.reset(); }

SentinelSurvey TestSentinelSurvey::survey()
{
    const LabTopology &t = m_lab->topology();
    SentinelSurveyor::Options o;
    for (const LabNode &s : t.nodesWithRole(LabNode::Role::Sentinel))
        o.sentinels << s.endpoint;
    o.masterName = t.spec.masterName.toUtf8();
    o.sentinelOptions = t.connectionOptions(o.sentinels.constFirst());
    o.dataOptions = t.connectionOptions(m_master);
    o.timeoutMs = 1500;
    SentinelSurveyor surveyor(o);
    QSignalSpy done(&surveyor, &SentinelSurveyor::finished);
    surveyor.start();
    if (!done.wait(10000))
        return {};
    return done.constFirst().constFirst().value<SentinelSurvey>();
}

SentinelFailoverPlan TestSentinelSurvey::plan(const SentinelSurvey &s, SentinelFailoverRequest::Mode mode)
{
    SentinelFailoverRequest r;
    r.masterName = s.masterName;
    r.mode = mode;
    return SentinelFailoverPlanner::plan(s, r);
}

const PreCheck *TestSentinelSurvey::check(const SentinelFailoverPlan &p, const QString &id)
{
    for (const PreCheck &c : p.checks)
        if (c.id == id)
            return &c;
    return nullptr;
}

void TestSentinelSurvey::healthyDeploymentPlansAFailover()
{
    const SentinelSurvey s = survey();
    QCOMPARE(s.sentinels.size(), 3);
    QCOMPARE(s.reachableSentinels(), 3);
    QCOMPARE(s.majorityMaster(), m_master);
    QVERIFY(s.master.reachable());
    QVERIFY(s.master.isMaster());
    QCOMPARE(s.master.minReplicasToWrite, 0);
    const SentinelFailoverPlan p = plan(s, SentinelFailoverRequest::Mode::Graceful);
    const QString text = p.describe().join(QLatin1Char('\n'));
    QVERIFY2(p.allowed(), qPrintable(text));
    QCOMPARE(p.oldMaster, m_master);
    QVERIFY(p.target.isValid() && p.target != m_master);
    QCOMPARE(p.candidates.size(), 2);
    QVERIFY2(p.candidates[0].eligible && p.candidates[1].eligible, qPrintable(text));
    QVERIFY2(p.candidates[0].lagBytes >= 0 && p.candidates[0].lagBytes <= p.request.maxLagBytes, qPrintable(text));
    QCOMPARE(check(p, QStringLiteral("quorum"))->status, PreCheck::Status::Pass);
    QCOMPARE(check(p, QStringLiteral("sentinels-agree"))->status, PreCheck::Status::Pass);
    QCOMPARE(check(p, QStringLiteral("min-replicas-to-write"))->status, PreCheck::Status::Warn); // lab default 0
    QCOMPARE(check(p, QStringLiteral("other-operators"))->status, PreCheck::Status::Pass);
}

void TestSentinelSurvey::otherConsolesActionClientIsReported()
{
    ConnectionOptions o = m_lab->topology().connectionOptions(m_master);
    o.clientName = QByteArrayLiteral("redis-ops:op:7f3a:alice");
    RedisConnection other(o);
    QVERIFY(!labtest::openAndWait(other).isError());
    const SentinelFailoverPlan p = plan(survey());
    const PreCheck *c = check(p, QStringLiteral("other-operators"));
    QCOMPARE(c->status, PreCheck::Status::Warn);
    QVERIFY2(c->evidence.contains(QStringLiteral("redis-ops:op:7f3a:alice")), qPrintable(c->evidence));
    QVERIFY2(c->evidence.contains(m_master.toString()), qPrintable(c->evidence));
}

void TestSentinelSurvey::clientListDeniedIsNotAPass()
{
    // A role without CLIENT LIST on the master: another console's operation there would go unseen,
    // so the check warns and says why instead of passing.
    RedisConnection &control = *m_lab->control(m_master);
    QVERIFY(labtest::execute(control, RespCommand{"ACL", "SETUSER", "default", "-client|list"}).ok());
    const auto restore = qScopeGuard([&] { labtest::execute(control, RespCommand{"ACL", "SETUSER", "default", "+client|list"}); });
    const SentinelSurvey s = survey();
    QVERIFY2(s.master.clientListError.contains(QStringLiteral("NOPERM")), qPrintable(s.master.clientListError));
    const SentinelFailoverPlan p = plan(s);
    const PreCheck *c = check(p, QStringLiteral("other-operators"));
    QCOMPARE(c->status, PreCheck::Status::Warn);
    QVERIFY2(c->evidence.contains(QStringLiteral("CLIENT LIST could not be read on ") + m_master.toString()), qPrintable(c->evidence));
}

void TestSentinelSurvey::brokenReplicationIsNotOffered()
{
    const Endpoint broken = m_lab->topology().nodesWithRole(LabNode::Role::Replica).constFirst().endpoint;
    FaultInjector faults(m_lab.get());
    std::optional<QString> done;
    faults.breakReplication(broken, [&](const QString &e) { done = e; });
    QTRY_VERIFY(done.has_value());
    QVERIFY2(done->isEmpty(), qPrintable(*done));
    QTRY_VERIFY_WITH_TIMEOUT(survey().replica(broken) && !survey().replica(broken)->linkUp(), 15000);
    const SentinelFailoverPlan p = plan(survey());
    const QString text = p.describe().join(QLatin1Char('\n'));
    const FailoverCandidate *c = p.candidate(broken);
    QVERIFY2(c != nullptr && !c->eligible, qPrintable(text));
    QVERIFY2(c->reason.contains(QStringLiteral("replication link")), qPrintable(c->reason));
    QVERIFY2(p.target.isValid() && p.target != broken, qPrintable(text));
    done.reset();
    faults.restoreReplication(broken, [&](const QString &e) { done = e; });
    QTRY_VERIFY(done.has_value());
    QTRY_VERIFY_WITH_TIMEOUT(survey().replica(broken) && survey().replica(broken)->linkUp(), 15000);
}

void TestSentinelSurvey::twoSentinelsKilledRefuseWithNoQuorum()
{
    FaultInjector faults(m_lab.get());
    const QList<LabNode> sentinels = m_lab->topology().nodesWithRole(LabNode::Role::Sentinel);
    QVERIFY(faults.kill(sentinels[1].endpoint));
    QVERIFY(faults.kill(sentinels[2].endpoint));
    // The survivor needs down-after (1 s) to see its peers down; until then CKQUORUM still passes.
    SentinelFailoverPlan p;
    QTRY_VERIFY_WITH_TIMEOUT((p = plan(survey())).checks.size() > 0 && check(p, QStringLiteral("quorum"))->blocks(), 20000);
    QVERIFY(!p.allowed());
    const PreCheck *q = check(p, QStringLiteral("quorum"));
    QVERIFY2(q->evidence.contains(QStringLiteral("NOQUORUM")), qPrintable(q->evidence));
    QCOMPARE(check(p, QStringLiteral("sentinels-reachable"))->status, PreCheck::Status::Fail);
}

QTEST_GUILESS_MAIN(TestSentinelSurvey)
#include "tst_sentinelsurvey.moc"
