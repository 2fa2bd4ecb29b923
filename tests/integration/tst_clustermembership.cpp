// Cluster membership and rebalancing end to end with the CLI, on a real lab (3 masters with a
// replica each, 20,000 keys, 2 spare cluster-enabled nodes): add-node as an empty master,
// rebalance --use-empty-masters, add-node --replica-of, drain, remove-node of the replica and of
// the drained node; every key is read back with its value after each move, and no member lists a
// removed node. Refusals: removing a master that owns slots, adding a node that is a member.
#include "CliProcess.h"
#include "ClusterData.h"
#include "LabFixture.h"
#include "discovery/ClusterNodesParser.h"
#include "resp/RedisConnection.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace ops;
using labtest::execute;

namespace {
const QByteArray kPrefix = "mk:";
constexpr int kKeys = 20000;
constexpr int kBytes = 100;
} // namespace

class TestClusterMembership : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void addRebalanceDrainRemove();
    void refusals();

private:
    /** Runs redis-ops; its exit code (-1 when it did not end), with out/err kept for messages. */
    int cli(const QStringList &args, QByteArray *output = nullptr);
    QList<ClusterNodeLine> nodesOf(const Endpoint &node);
    /** How many members list @p id. */
    int listing(const QByteArray &id);
    QByteArray idOf(const Endpoint &node);
    void checkKeys();

    std::unique_ptr<LocalLab> m_lab;
    QTemporaryDir m_home;
    QList<Endpoint> m_members;   ///< the lab's original nodes
    QList<Endpoint> m_spares;
};

void TestClusterMembership::initTestCase()
{
    QVERIFY(m_home.isValid());
    m_lab = labtest::startedLab(LabSpec::Kind::Cluster, 1, 2);
    QVERIFY(m_lab);
    QString why;
    QVERIFY2(labtest::waitClusterSettled(*m_lab, why, 60000), qPrintable(why));
    for (const LabNode &n : m_lab->topology().nodes)
        (n.role == LabNode::Role::Spare ? m_spares : m_members) << n.endpoint;
    QCOMPARE(m_spares.size(), 2);
    const QString seeded = labtest::seedKeys(*m_lab, kPrefix, kKeys, kBytes);
    QVERIFY2(seeded.isEmpty(), qPrintable(seeded));
}

void TestClusterMembership::cleanupTestCase() { m_lab.reset(); }

int TestClusterMembership::cli(const QStringList &args, QByteArray *output)
{
    CliProcess p(QStringLiteral(REDIS_OPS_BINARY), m_home.path(),
                 args + QStringList{QStringLiteral("--cluster"), m_members.first().toString(), QStringLiteral("--yes")});
    const bool done = p.finished(120000);
    if (output != nullptr)
        *output = p.out().right(3000) + "\n--- stderr:\n" + p.err().right(3000);
    return done ? p.process().exitCode() : -1;
}

QList<ClusterNodeLine> TestClusterMembership::nodesOf(const Endpoint &node)
{
    RedisConnection c(m_lab->topology().connectionOptions(node));
    const RedisResult r = execute(c, RespCommand{"CLUSTER", "NODES"});
    Parsed<QList<ClusterNodeLine>> lines = r.ok() ? parseClusterNodes(r.value().bytes()) : Parsed<QList<ClusterNodeLine>>(ParseError{});
    return lines.ok() ? lines.take() : QList<ClusterNodeLine>{};
}

int TestClusterMembership::listing(const QByteArray &id)
{
    int n = 0;
    for (const Endpoint &m : std::as_const(m_members))
        for (const ClusterNodeLine &l : nodesOf(m))
            n += l.id == id ? 1 : 0;
    return n;
}

QByteArray TestClusterMembership::idOf(const Endpoint &node)
{
    RedisConnection c(m_lab->topology().connectionOptions(node));
    return execute(c, RespCommand{"CLUSTER", "MYID"}).value().bytes();
}

void TestClusterMembership::checkKeys()
{
    const labtest::ReadBack rb = labtest::readBack(*m_lab, kPrefix, kKeys, kBytes);
    QVERIFY2(rb.present == kKeys && rb.error.isEmpty(), qPrintable(rb.toString()));
    const QStringList open = labtest::openSlots(*m_lab);
    QVERIFY2(open.isEmpty(), qPrintable(open.join(QStringLiteral("; "))));
}

void TestClusterMembership::addRebalanceDrainRemove()
{
    const Endpoint newMaster = m_spares[0];
    const Endpoint newReplica = m_spares[1];
    const QByteArray masterId = idOf(newMaster);
    const QByteArray replicaId = idOf(newReplica);
    QByteArray out;

    QVERIFY2(cli({QStringLiteral("add-node"), newMaster.toString()}, &out) == 0, out.constData());
    QCOMPARE(listing(masterId), int(m_members.size()));
    m_members << newMaster;

    QVERIFY2(cli({QStringLiteral("rebalance"), QStringLiteral("--use-empty-masters")}, &out) == 0, out.constData());
    const QVector<Endpoint> owners = labtest::slotOwners(*m_lab);
    const int owned = int(std::count(owners.cbegin(), owners.cend(), newMaster));
    QVERIFY2(owned == 4096, qPrintable(QString::number(owned))); // 16384 / 4
    checkKeys();

    QVERIFY2(cli({QStringLiteral("add-node"), newReplica.toString(), QStringLiteral("--replica-of"), newMaster.toString()}, &out) == 0,
             out.constData());
    m_members << newReplica;
    bool follows = false;
    for (const ClusterNodeLine &l : nodesOf(newMaster))
        follows = follows || (l.id == replicaId && l.isReplica() && l.masterId == masterId);
    QVERIFY(follows);

    QVERIFY2(cli({QStringLiteral("drain"), newMaster.toString()}, &out) == 0, out.constData());
    const QVector<Endpoint> after = labtest::slotOwners(*m_lab);
    QCOMPARE(int(std::count(after.cbegin(), after.cend(), newMaster)), 0);
    checkKeys();

    // The replica first (a master with a replica is refused), then the drained node.
    m_members.removeAll(newReplica);
    QVERIFY2(cli({QStringLiteral("remove-node"), newReplica.toString()}, &out) == 0, out.constData());
    m_members.removeAll(newMaster);
    QVERIFY2(cli({QStringLiteral("remove-node"), QString::fromLatin1(masterId.left(10))}, &out) == 0, out.constData());
    QCOMPARE(listing(masterId), 0);
    QCOMPARE(listing(replicaId), 0);
    QCOMPARE(nodesOf(newMaster).size(), 1); // reset: it knows only itself
    checkKeys();
}

void TestClusterMembership::refusals()
{
    QByteArray out;
    const Endpoint master = labtest::mastersBySlot(*m_lab).first();
    QCOMPARE(cli({QStringLiteral("remove-node"), master.toString()}, &out), 1);
    QVERIFY2(out.contains("drain it first"), out.constData());
    QCOMPARE(cli({QStringLiteral("add-node"), m_members.last().toString()}, &out), 1);
    QVERIFY2(out.contains("belongs to a cluster") || out.contains("already lists"), out.constData());
}

QTEST_MAIN(TestClusterMembership)
#include "tst_clustermembership.moc"
