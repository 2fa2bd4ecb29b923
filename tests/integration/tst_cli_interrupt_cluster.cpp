// `redis-ops add-node NEW --replica-of M` interrupted by SIGINT (an operator's Ctrl-C) on a real
// cluster lab (3 masters with a replica each, one spare cluster-enabled node), the signal sent
// once the CLI's own JSON lines say CLUSTER MEET was answered: a MEET cannot be taken back, so the
// CLI waits until the node has joined, then stops before CLUSTER REPLICATE. Exit 4; the node is
// an empty master every member lists; the journal reads the operation back as cancelled, naming
// the signal, with the MEET as its only step.
#include "CliProcess.h"
#include "ClusterData.h"
#include "LabFixture.h"
#include "discovery/ClusterNodesParser.h"
#include "resp/RedisConnection.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace ops;
using labtest::execute;

namespace {
bool isEvent(const QJsonObject &o, const char *event) { return o.value(QStringLiteral("event")).toString() == QLatin1String(event); }
} // namespace

class TestCliInterruptCluster : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void addNodeInterruptedAfterMeet();

private:
    QList<ClusterNodeLine> nodesOf(const Endpoint &node);

    std::unique_ptr<LocalLab> m_lab;
    QTemporaryDir m_home;
    QList<Endpoint> m_members;
    Endpoint m_spare;
};

void TestCliInterruptCluster::initTestCase()
{
    QVERIFY(m_home.isValid());
    m_lab = labtest::startedLab(LabSpec::Kind::Cluster, 1, 1);
    QVERIFY(m_lab);
    QString why;
    QVERIFY2(labtest::waitClusterSettled(*m_lab, why, 60000), qPrintable(why));
    for (const LabNode &n : m_lab->topology().nodes) {
        if (n.role == LabNode::Role::Spare)
            m_spare = n.endpoint;
        else
            m_members << n.endpoint;
    }
    QVERIFY(m_spare.isValid());
}

void TestCliInterruptCluster::cleanupTestCase() { m_lab.reset(); }

QList<ClusterNodeLine> TestCliInterruptCluster::nodesOf(const Endpoint &node)
{
    RedisConnection c(m_lab->topology().connectionOptions(node));
    const RedisResult r = execute(c, RespCommand{"CLUSTER", "NODES"});
    Parsed<QList<ClusterNodeLine>> lines = r.ok() ? parseClusterNodes(r.value().bytes()) : Parsed<QList<ClusterNodeLine>>(ParseError{});
    return lines.ok() ? lines.take() : QList<ClusterNodeLine>{};
}

void TestCliInterruptCluster::addNodeInterruptedAfterMeet()
{
    const Endpoint master = labtest::mastersBySlot(*m_lab).first();
    RedisConnection spare(m_lab->topology().connectionOptions(m_spare));
    const QByteArray spareId = execute(spare, RespCommand{"CLUSTER", "MYID"}).value().bytes();
    QVERIFY(!spareId.isEmpty());

    CliProcess run(QStringLiteral(REDIS_OPS_BINARY), m_home.path(),
                   {QStringLiteral("add-node"), m_spare.toString(), QStringLiteral("--replica-of"), master.toString(),
                    QStringLiteral("--cluster"), m_members.first().toString(), QStringLiteral("--yes"), QStringLiteral("--json")});
    const bool met = QTest::qWaitFor([&] {
        return run.sawLine([](const QJsonObject &o) {
            return isEvent(o, "step") && o.value(QStringLiteral("command")).toString().startsWith(QStringLiteral("CLUSTER MEET"))
                && o.value(QStringLiteral("state")).toString() == QStringLiteral("answered");
        });
    }, 30000);
    if (met)
        ::kill(pid_t(run.process().processId()), SIGINT);
    QVERIFY2(met, (run.out() + run.err()).constData());
    QVERIFY(run.finished(60000));
    QCOMPARE(run.process().exitStatus(), QProcess::NormalExit);
    QVERIFY2(run.process().exitCode() == 4, (run.out() + run.err()).constData());

    QString operationId;
    bool said = false;
    for (const QJsonObject &o : run.lines()) {
        if (isEvent(o, "started"))
            operationId = o.value(QStringLiteral("operation")).toString();
        said = said || (isEvent(o, "phase") && o.value(QStringLiteral("text")).toString().startsWith(QStringLiteral("Stopping once")));
    }
    QVERIFY2(said, run.out().constData());

    // An empty master that every member lists (no handshake), following nobody.
    for (const Endpoint &m : std::as_const(m_members)) {
        bool listed = false;
        for (const ClusterNodeLine &l : nodesOf(m))
            listed = listed || (l.id == spareId && l.isMaster() && !l.has(ClusterNodeLine::Handshake) && l.slotCount() == 0);
        QVERIFY2(listed, qPrintable(m.toString()));
    }
    const RedisResult role = execute(spare, RespCommand{"ROLE"});
    QVERIFY(role.ok() && role.value().size() > 0);
    QCOMPARE(role.value()[0].bytes(), QByteArray("master"));

    CliProcess history(QStringLiteral(REDIS_OPS_BINARY), m_home.path(),
                       {QStringLiteral("history"), QStringLiteral("--operations"), QStringLiteral("--operation"), operationId,
                        QStringLiteral("--json")});
    QVERIFY(history.finished(10000));
    QCOMPARE(history.lines().size(), 1);
    const QJsonObject op = history.lines().constFirst();
    QCOMPARE(op.value(QStringLiteral("state")).toString(), QStringLiteral("cancelled"));
    const QString outcome = op.value(QStringLiteral("outcome")).toString();
    QVERIFY2(outcome.contains(QStringLiteral("interrupted by SIGINT")) && outcome.contains(QStringLiteral("CLUSTER REPLICATE was not sent")),
             qPrintable(outcome));
    const QJsonArray steps = op.value(QStringLiteral("steps")).toArray();
    QCOMPARE(steps.size(), 1);
    QVERIFY(steps.first().toObject().value(QStringLiteral("command")).toString().startsWith(QStringLiteral("CLUSTER MEET")));
}

QTEST_MAIN(TestCliInterruptCluster)
#include "tst_cli_interrupt_cluster.moc"
