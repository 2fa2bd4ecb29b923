// `redis-ops fix` on a real cluster lab (3 masters with a replica each, 20,000 keys) with every
// case made by hand on the servers: an unfinished move (finished), an importing-only slot holding
// a key (returned to the owner), a migrating slot without keys (STABLE), an uncovered slot whose
// keys are on one master (assigned there), an uncovered slot with no key (refused unless
// --assign-empty-to), and two unsafe cases (refused and left exactly as they were). Every seeded
// key is read back afterwards; a master that does not answer refuses the whole fix.
#include "CliProcess.h"
#include "ClusterData.h"
#include "LabFixture.h"
#include "discovery/ClusterNodesParser.h"
#include "lab/FaultInjector.h"
#include "model/HashSlot.h"
#include "resp/RedisConnection.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace ops;
using labtest::describe;
using labtest::execute;

namespace {
const QByteArray kPrefix = "fk:";
constexpr int kKeys = 20000;
constexpr int kBytes = 64;
} // namespace

class TestClusterFix : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void safeCasesFixedUnsafeRefused();
    void unreachableMasterRefusesEverything();

private:
    int cli(const QStringList &args, QByteArray *output);
    void run(const Endpoint &node, const QList<RespCommand> &commands);
    /** True when no master lists any of @p slotList as owned; drops (DELSLOTS) those still listed. */
    bool unassignedEverywhere(const QList<Endpoint> &masters, const QList<int> &slotList);
    QByteArray idOf(const Endpoint &node);
    /** A slot of @p owner holding @p keys seeded keys exactly (0: none), not in @p used. */
    int slotWith(const Endpoint &owner, int keys, QSet<int> &used);
    /** A key of @p prefix whose slot is @p slot. */
    static QByteArray keyIn(int slot, const QByteArray &prefix);

    std::unique_ptr<LocalLab> m_lab;
    QTemporaryDir m_home;
    QVector<int> m_seededPerSlot = QVector<int>(kSlotCount, 0);
};

void TestClusterFix::initTestCase()
{
    QVERIFY(m_home.isValid());
    m_lab = labtest::startedLab(LabSpec::Kind::Cluster, 1);
    QVERIFY(m_lab);
    QString why;
    QVERIFY2(labtest::waitClusterSettled(*m_lab, why, 60000), qPrintable(why));
    const QString seeded = labtest::seedKeys(*m_lab, kPrefix, kKeys, kBytes);
    QVERIFY2(seeded.isEmpty(), qPrintable(seeded));
    for (int i = 0; i < kKeys; ++i)
        ++m_seededPerSlot[HashSlot::of(kPrefix + QByteArray::number(i))];
}

void TestClusterFix::cleanupTestCase() { m_lab.reset(); }

int TestClusterFix::cli(const QStringList &args, QByteArray *output)
{
    const Endpoint seed = labtest::mastersBySlot(*m_lab).value(1);
    CliProcess p(QStringLiteral(REDIS_OPS_BINARY), m_home.path(),
                 QStringList{QStringLiteral("fix"), QStringLiteral("--cluster"), seed.toString(), QStringLiteral("--yes")} + args);
    const bool done = p.finished(120000);
    *output = p.out().right(6000) + "\n--- stderr:\n" + p.err().right(3000);
    return done ? p.process().exitCode() : -1;
}

void TestClusterFix::run(const Endpoint &node, const QList<RespCommand> &commands)
{
    RedisConnection c(m_lab->topology().connectionOptions(node));
    for (const RedisResult &r : labtest::executeAll(c, commands))
        QVERIFY2(r.ok(), describe(r).constData());
}

bool TestClusterFix::unassignedEverywhere(const QList<Endpoint> &masters, const QList<int> &slotList)
{
    bool clean = true;
    for (const Endpoint &node : masters) {
        RedisConnection c(m_lab->topology().connectionOptions(node));
        const RedisResult r = execute(c, RespCommand{"CLUSTER", "SLOTS"});
        if (!r.ok() || !r.value().isArray())
            return false;
        for (const RespValue &range : r.value().elements()) {
            const std::vector<RespValue> &e = range.elements();
            for (int s : slotList)
                if (e.size() >= 2 && s >= e[0].integer() && s <= e[1].integer()) {
                    clean = false;
                    execute(c, RespCommand{"CLUSTER", "DELSLOTS", QByteArray::number(s)});
                }
        }
    }
    return clean;
}

QByteArray TestClusterFix::idOf(const Endpoint &node)
{
    RedisConnection c(m_lab->topology().connectionOptions(node));
    return execute(c, RespCommand{"CLUSTER", "MYID"}).value().bytes();
}

int TestClusterFix::slotWith(const Endpoint &owner, int keys, QSet<int> &used)
{
    const QVector<Endpoint> owners = labtest::slotOwners(*m_lab);
    for (int s = 0; s < kSlotCount; ++s)
        if (owners[s] == owner && m_seededPerSlot[s] == keys && !used.contains(s)) {
            used.insert(s);
            return s;
        }
    return -1;
}

QByteArray TestClusterFix::keyIn(int slot, const QByteArray &prefix)
{
    for (int i = 0;; ++i)
        if (HashSlot::of(prefix + QByteArray::number(i)) == slot)
            return prefix + QByteArray::number(i);
}

void TestClusterFix::safeCasesFixedUnsafeRefused()
{
    const QList<Endpoint> m = labtest::mastersBySlot(*m_lab); // A, B, C
    const QByteArray a = idOf(m[0]), b = idOf(m[1]), c = idOf(m[2]);
    QSet<int> used;
    const int finishMove = slotWith(m[0], 2, used);
    const int returnKeys = slotWith(m[0], 1, used);
    const int stable = slotWith(m[0], 0, used);
    const int unsafeMigrating = slotWith(m[0], 2, used);
    const int unsafeTwoImporters = slotWith(m[0], 1, used);
    const int uncoveredKeys = slotWith(m[2], 2, used);
    const int uncoveredEmpty = slotWith(m[2], 0, used);
    for (int s : {finishMove, returnKeys, stable, unsafeMigrating, unsafeTwoImporters, uncoveredKeys, uncoveredEmpty})
        QVERIFY(s >= 0);
    auto setslot = [](int s, const char *how, const QByteArray &node) {
        return RespCommand{"CLUSTER", "SETSLOT", QByteArray::number(s), how, node};
    };
    const QByteArray returned = keyIn(returnKeys, "returned:");
    const QByteArray planted = keyIn(unsafeTwoImporters, "planted:");
    run(m[1], {setslot(finishMove, "IMPORTING", a), setslot(returnKeys, "IMPORTING", a), RespCommand{"ASKING"},
               RespCommand{"SET", returned, "from-the-importer"}, setslot(unsafeTwoImporters, "IMPORTING", a)});
    run(m[0], {setslot(finishMove, "MIGRATING", b), setslot(stable, "MIGRATING", b), setslot(unsafeMigrating, "MIGRATING", c),
               setslot(unsafeTwoImporters, "MIGRATING", b)});
    run(m[2], {setslot(unsafeTwoImporters, "IMPORTING", a), RespCommand{"ASKING"}, RespCommand{"SET", planted, "x"}});
    // The owner drops the slots first (it stops claiming them), then the others. A ping the owner
    // sent before its DELSLOTS can still hand a slot back to a node that had dropped it (seen in
    // CI: ADDSLOTS then found the slot "already busy"), so drop again until no master lists them.
    for (const Endpoint &master : {m[2], m[0], m[1]})
        run(master, {RespCommand{"CLUSTER", "DELSLOTS", QByteArray::number(uncoveredKeys), QByteArray::number(uncoveredEmpty)}});
    QTRY_VERIFY(unassignedEverywhere(m, {uncoveredKeys, uncoveredEmpty}));

    QByteArray out;
    // Without an owner for the empty uncovered slot the cluster stays down: no key can move.
    QCOMPARE(cli({QStringLiteral("--dry-run")}, &out), 0);
    QVERIFY2(out.contains("name its owner with --assign-empty-to") && out.contains("refuses MIGRATE while it is down"),
             out.right(2500).constData());
    const int code = cli({QStringLiteral("--assign-empty-to"), m[1].toString()}, &out);
    if (!out.contains("fixed 5 slot(s), verified"))
        qInfo().noquote() << out; // the whole plan and run, when the next checks fail
    QCOMPARE(code, 1); // refused slots remain: not clean
    for (const QByteArray &phrase : {QByteArray("fixed 5 slot(s), verified"), QByteArray("finish-move"), QByteArray("return-keys"),
                                     QByteArray("stable"), QByteArray("assign"), QByteArray("does not import it: not safe"),
                                     QByteArray("imports it with 1 key(s): not safe")})
        QVERIFY2(out.contains(phrase), phrase.constData());

    const QVector<Endpoint> owners = labtest::slotOwners(*m_lab);
    QCOMPARE(owners[finishMove], m[1]);
    QCOMPARE(owners[returnKeys], m[0]);
    QCOMPARE(owners[uncoveredKeys], m[2]);
    QCOMPARE(owners[uncoveredEmpty], m[1]);
    RedisConnection ownerA(m_lab->topology().connectionOptions(m[0]));
    QCOMPARE(execute(ownerA, RespCommand{"GET", returned}).value().bytes(), QByteArray("from-the-importer"));
    const QStringList open = labtest::openSlots(*m_lab);
    const QString openText = open.join(QStringLiteral("; "));
    for (int s : {finishMove, returnKeys, stable})
        QVERIFY2(!openText.contains(QStringLiteral("slot %1 ").arg(s)), qPrintable(openText));
    // The refused ones are exactly as they were.
    QVERIFY2(openText.contains(QStringLiteral("slot %1 migrating on %2").arg(unsafeMigrating).arg(m[0].toString())), qPrintable(openText));
    QVERIFY2(openText.contains(QStringLiteral("slot %1 importing on %2").arg(unsafeTwoImporters).arg(m[2].toString())), qPrintable(openText));
    labtest::ReadBack rb = labtest::readBack(*m_lab, kPrefix, kKeys, kBytes);
    QVERIFY2(rb.missing == 0 && rb.wrong == 0, qPrintable(rb.toString()));

    // By hand, the operator settles the unsafe ones; then fix finds nothing left.
    run(m[0], {RespCommand{"CLUSTER", "SETSLOT", QByteArray::number(unsafeMigrating), "STABLE"},
               RespCommand{"CLUSTER", "SETSLOT", QByteArray::number(unsafeTwoImporters), "STABLE"}});
    run(m[1], {RespCommand{"CLUSTER", "SETSLOT", QByteArray::number(unsafeTwoImporters), "STABLE"}});
    run(m[2], {RespCommand{"ASKING"}, RespCommand{"DEL", planted},
               RespCommand{"CLUSTER", "SETSLOT", QByteArray::number(unsafeTwoImporters), "STABLE"}});
    QVERIFY2(cli({}, &out) == 0 && out.contains("Nothing to fix"), out.right(2500).constData());
    rb = labtest::readBack(*m_lab, kPrefix, kKeys, kBytes);
    QVERIFY2(rb.present == kKeys, qPrintable(rb.toString()));
}

void TestClusterFix::unreachableMasterRefusesEverything()
{
    const QList<Endpoint> m = labtest::mastersBySlot(*m_lab);
    run(m[0], {RespCommand{"CLUSTER", "SETSLOT", "1", "MIGRATING", idOf(m[1])}});
    FaultInjector faults(m_lab.get());
    QVERIFY(faults.freeze(m[2]));
    QByteArray out;
    const int code = cli({}, &out);
    QVERIFY(faults.thaw(m[2]));
    QCOMPARE(code, 1);
    QVERIFY2(out.contains("Refused") && out.contains(m[2].toString().toUtf8()), out.constData());
    run(m[0], {RespCommand{"CLUSTER", "SETSLOT", "1", "STABLE"}});
}

QTEST_MAIN(TestClusterFix)
#include "tst_clusterfix.moc"
