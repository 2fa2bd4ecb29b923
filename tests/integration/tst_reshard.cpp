// The reshard engine end to end on a real cluster lab (3 masters, 1 replica each, 20,000 keys):
// survey → plan → journaled, pipelined windows of slots → verification. Every key is read back
// with its value afterwards; the journal is read back from the file; BUSYKEY with identical and
// with different values, cancel and pause between windows (no slot left open), an open slot
// refused by the plan, and the source master SIGKILLed in the middle of a slot.
#include "ClusterData.h"
#include "LabFixture.h"
#include "actions/OperationRunner.h"
#include "core/Clock.h"
#include "history/AsyncHistoryStore.h"
#include "history/HistoryStore.h"
#include "lab/FaultInjector.h"
#include "model/HashSlot.h"
#include "reshard/ReshardExecutor.h"
#include "reshard/ReshardPlanner.h"
#include "reshard/ReshardSurveyor.h"
#include "resp/RedisConnection.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace ops;
using labtest::describe;
using labtest::execute;

namespace {
const QByteArray kPrefix = "rk:";
constexpr int kKeys = 20000;
constexpr int kBytes = 64;
} // namespace

class TestReshard : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void moveKeepsEveryKeyAndValue();
    void slotCountFromTwoSources();
    void busyKeyWithIdenticalValueIsReplaced();
    void busyKeyWithDifferentValueStopsThenReplaceFinishes();
    void cancelFinishesTheOpenWindow();
    void pauseLeavesNoSlotOpenAndResumeCompletes();
    void openSlotIsRefused();
    void sourceKilledMidSlotStopsAndExplains();

private:
    struct Run
    {
        ReshardExecutor::Result result;
        QList<ReshardProgress> progress;
        bool finished = false;
    };
    ReshardPlan plan(ReshardRequest request);
    Run run(const ReshardPlan &plan, const std::function<void(ReshardExecutor &, const ReshardProgress &)> &onProgress = {});
    std::optional<OperationRecord> stored(const QString &id);
    QByteArray idOf(const Endpoint &node);
    /** A seeded key whose slot is in [first, last]; its index in @p index. */
    QByteArray keyInSlots(int first, int last, int *index);
    /** Puts a copy of @p key with @p payload (a DUMP) on @p node, which does not own its slot. */
    void plantCopy(const Endpoint &node, const Endpoint &owner, const QByteArray &key, const QByteArray &payload);
    void checkAllKeys();

    std::unique_ptr<LocalLab> m_lab;
    QTemporaryDir m_dir;
    std::unique_ptr<AsyncHistoryStore> m_journal;
    QString m_lastOperation;
};

void TestReshard::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_lab = labtest::startedLab(LabSpec::Kind::Cluster, 1);
    QVERIFY(m_lab);
    QString why;
    QVERIFY2(labtest::waitClusterSettled(*m_lab, why, 60000), qPrintable(why));
    m_journal = std::make_unique<AsyncHistoryStore>(m_dir.filePath(QStringLiteral("history.db")));
    std::optional<HistoryError> opened;
    m_journal->open(this, [&](int, const HistoryError &e) { opened = e; });
    QTRY_VERIFY(opened.has_value());
    QVERIFY2(!opened->isError(), qPrintable(opened->message));
    const QString seeded = labtest::seedKeys(*m_lab, kPrefix, kKeys, kBytes);
    QVERIFY2(seeded.isEmpty(), qPrintable(seeded));
}

void TestReshard::cleanupTestCase()
{
    if (m_journal)
        m_journal->close();
    m_lab.reset();
}

ReshardPlan TestReshard::plan(ReshardRequest request)
{
    const Endpoint seed = labtest::mastersBySlot(*m_lab).value(0, m_lab->topology().nodes.first().endpoint);
    ReshardSurveyor::Options o;
    o.seeds = {seed};
    o.dataOptions = m_lab->topology().connectionOptions(seed);
    o.timeoutMs = 2000;
    ReshardSurveyor surveyor(o);
    QSignalSpy done(&surveyor, &ReshardSurveyor::finished);
    surveyor.start();
    if (!done.wait(20000))
        return {};
    return ReshardPlanner::planMove(done.constFirst().constFirst().value<ReshardSurvey>(), request);
}

TestReshard::Run TestReshard::run(const ReshardPlan &plan,
                                  const std::function<void(ReshardExecutor &, const ReshardProgress &)> &onProgress)
{
    OperationRecord record;
    record.id = OperationRecord::newId();
    record.kind = QStringLiteral("cluster-reshard");
    record.deploymentId = plan.deploymentId;
    record.operatorName = OperationRecord::currentOperator();
    record.target = plan.pairs.value(0).target.endpoint.toString();
    record.mode = QStringLiteral("move");
    record.plan = plan.toJson();
    m_lastOperation = record.id;
    OperationRunner::Options options;
    options.dataOptions = m_lab->topology().connectionOptions(plan.masters.first().endpoint);
    options.connectTimeoutMs = 1000;
    options.commandTimeoutMs = 3000;
    OperationRunner runner(record, options, m_journal.get(), Clock::system());
    ReshardExecutor executor(plan, &runner);
    Run r;
    connect(&executor, &ReshardExecutor::progressed, this, [&](const ReshardProgress &p) {
        r.progress << p;
        if (onProgress)
            onProgress(executor, p);
    });
    connect(&executor, &ReshardExecutor::finished, this, [&](const ReshardExecutor::Result &result) {
        r.result = result;
        r.finished = true;
    });
    executor.start();
    if (!QTest::qWaitFor([&] { return r.finished; }, 120000))
        r.result.outcome = QStringLiteral("the executor did not finish within 120 s");
    return r;
}

std::optional<OperationRecord> TestReshard::stored(const QString &id)
{
    std::optional<bool> flushed;
    m_journal->flush(this, [&] { flushed = true; });
    if (!QTest::qWaitFor([&] { return flushed.has_value(); }, 10000))
        return std::nullopt;
    HistoryStore store(m_dir.filePath(QStringLiteral("history.db")));
    if (store.open().isError())
        return std::nullopt;
    return store.operation(id);
}

QByteArray TestReshard::idOf(const Endpoint &node)
{
    RedisConnection c(m_lab->topology().connectionOptions(node));
    return execute(c, RespCommand{"CLUSTER", "MYID"}).value().bytes();
}

QByteArray TestReshard::keyInSlots(int first, int last, int *index)
{
    for (int i = 0; i < kKeys; ++i) {
        const int slot = HashSlot::of(kPrefix + QByteArray::number(i));
        if (slot >= first && slot <= last) {
            *index = i;
            return kPrefix + QByteArray::number(i);
        }
    }
    return {};
}

void TestReshard::plantCopy(const Endpoint &node, const Endpoint &owner, const QByteArray &key, const QByteArray &payload)
{
    // The only way a node holds a key of a slot it does not own: a move that stopped half-way.
    RedisConnection c(m_lab->topology().connectionOptions(node));
    const QByteArray slot = QByteArray::number(HashSlot::of(key));
    const QList<RedisResult> r = labtest::executeAll(
        c, {RespCommand{"CLUSTER", "SETSLOT", slot, "IMPORTING", idOf(owner)}, RespCommand{"ASKING"},
            RespCommand{"RESTORE", key, "0", payload, "REPLACE"}, RespCommand{"CLUSTER", "SETSLOT", slot, "STABLE"}});
    for (const RedisResult &x : r)
        QVERIFY2(x.ok(), describe(x).constData());
}

void TestReshard::checkAllKeys()
{
    const labtest::ReadBack rb = labtest::readBack(*m_lab, kPrefix, kKeys, kBytes);
    QVERIFY2(rb.present == kKeys && rb.error.isEmpty(), qPrintable(rb.toString()));
    const QStringList open = labtest::openSlots(*m_lab);
    QVERIFY2(open.isEmpty(), qPrintable(open.join(QStringLiteral("; "))));
}

void TestReshard::moveKeepsEveryKeyAndValue()
{
    const QList<Endpoint> masters = labtest::mastersBySlot(*m_lab);
    QCOMPARE(masters.size(), 3);
    ReshardRequest request;
    request.sources = {masters[0].toString()};
    request.target = masters[1].toString();
    request.ranges = {{0, 1999}};
    const ReshardPlan p = plan(request);
    QVERIFY2(p.allowed(), qPrintable(p.describe().join(QLatin1Char('\n'))));
    QVERIFY(p.estimatedKeys() > 2000);
    const Run r = run(p);
    QVERIFY2(r.result.state == OperationRecord::State::Succeeded, qPrintable(r.result.outcome));
    QCOMPARE(r.result.slotsMoved, 2000);
    QCOMPARE(r.result.keysMoved, p.estimatedKeys());
    QVERIFY(r.result.verification.verified);
    QVERIFY(!r.progress.isEmpty());
    QCOMPARE(r.progress.last().slotsDone, 2000);
    QCOMPARE(r.progress.last().keysMoved, p.estimatedKeys());
    const QVector<Endpoint> owners = labtest::slotOwners(*m_lab);
    for (int s = 0; s < 2000; ++s)
        QCOMPARE(owners[s], masters[1]);
    checkAllKeys();

    // The journal, read back from the file: the operation, its plan and every step answered.
    const std::optional<OperationRecord> op = stored(m_lastOperation);
    QVERIFY(op.has_value());
    QCOMPARE(op->state, OperationRecord::State::Succeeded);
    QCOMPARE(op->plan.value(QStringLiteral("slotCount")).toInt(), 2000);
    QCOMPARE(op->details.value(QStringLiteral("verified")).toBool(), true);
    // 4 streams of 500 slots, each in windows of windowSlotsFor(); a window is 6 steps here
    // (IMPORTING, MIGRATING, keys, SETSLOT NODE on the target, the source and the third master).
    const int window = p.windowSlotsFor(p.pairs.first());
    QCOMPARE(op->steps.size(), 4 * ((500 + window - 1) / window) * 6);
    for (const OperationStep &s : op->steps)
        QVERIFY2(s.state == OperationStep::State::Answered, qPrintable(s.commandText + QStringLiteral(": ") + s.error));
}

void TestReshard::slotCountFromTwoSources()
{
    const QList<Endpoint> masters = labtest::mastersBySlot(*m_lab);
    // After the first move: masters[0] owns 2000-5460 (3461), masters[2] 10923-16383 (5461).
    ReshardRequest request;
    request.sources = {masters[0].toString(), masters[2].toString()};
    request.target = masters[1].toString();
    request.slotCount = 892;
    request.streamsPerPair = 3;
    const ReshardPlan p = plan(request);
    QVERIFY2(p.allowed(), qPrintable(p.describe().join(QLatin1Char('\n'))));
    QCOMPARE(p.pairs.size(), 2);
    QCOMPARE(p.pairs[0].slotList.size() + p.pairs[1].slotList.size(), 892);
    const Run r = run(p);
    QVERIFY2(r.result.state == OperationRecord::State::Succeeded, qPrintable(r.result.outcome));
    QCOMPARE(r.progress.last().streams.size(), 6);
    checkAllKeys();
}

void TestReshard::busyKeyWithIdenticalValueIsReplaced()
{
    const QList<Endpoint> masters = labtest::mastersBySlot(*m_lab);
    int index = -1;
    const QByteArray key = keyInSlots(3000, 3100, &index);
    QVERIFY(!key.isEmpty());
    const int slot = HashSlot::of(key);
    const Endpoint owner = labtest::slotOwners(*m_lab)[slot];
    const Endpoint target = masters[2] == owner ? masters[1] : masters[2];
    RedisConnection o(m_lab->topology().connectionOptions(owner));
    const RedisResult dump = execute(o, RespCommand{"DUMP", key});
    QVERIFY(dump.ok() && dump.value().isString());
    plantCopy(target, owner, key, dump.value().bytes());

    ReshardRequest request;
    request.target = target.toString();
    request.ranges = {{slot, slot}};
    const Run r = run(plan(request));
    QVERIFY2(r.result.state == OperationRecord::State::Succeeded, qPrintable(r.result.outcome));
    QVERIFY2(r.result.warnings.join(QLatin1Char('\n')).contains(QLatin1String("1 identical")),
             qPrintable(r.result.warnings.join(QLatin1Char('\n'))));
    checkAllKeys();
}

void TestReshard::busyKeyWithDifferentValueStopsThenReplaceFinishes()
{
    const QList<Endpoint> masters = labtest::mastersBySlot(*m_lab);
    int index = -1;
    const QByteArray key = keyInSlots(3200, 3300, &index);
    QVERIFY(!key.isEmpty());
    const int slot = HashSlot::of(key);
    const Endpoint owner = labtest::slotOwners(*m_lab)[slot];
    const Endpoint target = masters[2] == owner ? masters[1] : masters[2];
    // A different value: the DUMP of another key.
    int other = -1;
    const QByteArray otherKey = keyInSlots(slot, slot, &other) == key ? kPrefix + QByteArray::number(index + 1) : key;
    RedisConnection anyOwner(m_lab->topology().connectionOptions(labtest::slotOwners(*m_lab)[HashSlot::of(otherKey)]));
    const RedisResult dump = execute(anyOwner, RespCommand{"DUMP", otherKey});
    QVERIFY(dump.ok() && dump.value().isString());
    plantCopy(target, owner, key, dump.value().bytes());

    ReshardRequest request;
    request.target = target.toString();
    request.ranges = {{slot, slot}};
    ReshardPlan p = plan(request);
    const Run stopped = run(p);
    QCOMPARE(stopped.result.state, OperationRecord::State::Failed);
    QVERIFY2(stopped.result.outcome.contains(QString::fromLatin1(key)) && stopped.result.outcome.contains(QLatin1String("different values")),
             qPrintable(stopped.result.outcome));
    QVERIFY2(stopped.result.outcome.contains(QLatin1String("open")), qPrintable(stopped.result.outcome));
    QVERIFY(!labtest::openSlots(*m_lab).isEmpty()); // stopped with the slot open, as the outcome says

    // The same plan again (as resume runs it) with replace: the source's value wins.
    p.request.replaceConflicts = true;
    const Run replaced = run(p);
    QVERIFY2(replaced.result.state == OperationRecord::State::Succeeded, qPrintable(replaced.result.outcome));
    checkAllKeys();
}

void TestReshard::cancelFinishesTheOpenWindow()
{
    const QList<Endpoint> masters = labtest::mastersBySlot(*m_lab);
    ReshardRequest request;
    request.sources = {masters[2].toString()};
    request.target = masters[0].toString();
    request.slotCount = 1500;
    request.slotsInFlight = 16;
    request.streamsPerPair = 1;
    request.maxKeysPerSecond = 1500; // slow enough to cancel in the middle
    const ReshardPlan p = plan(request);
    QVERIFY(p.allowed());
    bool cancelled = false;
    const Run r = run(p, [&](ReshardExecutor &e, const ReshardProgress &progress) {
        if (!cancelled && progress.slotsDone > 0) {
            cancelled = true;
            e.cancel();
        }
    });
    QVERIFY(cancelled);
    QVERIFY2(r.result.state == OperationRecord::State::Cancelled, qPrintable(r.result.outcome));
    QVERIFY(r.result.slotsMoved > 0 && r.result.slotsMoved < 1500);
    QCOMPARE(r.result.slotsMoved % 16, 0); // whole windows only
    QVERIFY(r.result.verification.verified);
    checkAllKeys();
    const std::optional<OperationRecord> op = stored(m_lastOperation);
    QVERIFY(op.has_value());
    QCOMPARE(op->state, OperationRecord::State::Cancelled);
}

void TestReshard::pauseLeavesNoSlotOpenAndResumeCompletes()
{
    const QList<Endpoint> masters = labtest::mastersBySlot(*m_lab);
    ReshardRequest request;
    request.sources = {masters[2].toString()};
    request.target = masters[0].toString();
    request.slotCount = 600;
    request.slotsInFlight = 16;
    request.maxKeysPerSecond = 2000;
    const ReshardPlan p = plan(request);
    QVERIFY(p.allowed());
    bool pausedSeen = false;
    QStringList openWhilePaused;
    OperationRecord record;
    Run r;
    bool paused = false;
    r = run(p, [&](ReshardExecutor &e, const ReshardProgress &progress) {
        if (!paused && progress.slotsDone > 0) {
            paused = true;
            connect(&e, &ReshardExecutor::pausedChanged, this, [&, ex = &e](bool isPaused) {
                if (!isPaused || pausedSeen)
                    return;
                pausedSeen = true;
                openWhilePaused = labtest::openSlots(*m_lab);
                ex->resume();
            });
            e.pause();
        }
    });
    QVERIFY(pausedSeen);
    QVERIFY2(openWhilePaused.isEmpty(), qPrintable(openWhilePaused.join(QStringLiteral("; "))));
    QVERIFY2(r.result.state == OperationRecord::State::Succeeded, qPrintable(r.result.outcome));
    QCOMPARE(r.result.slotsMoved, 600);
    checkAllKeys();
}

void TestReshard::openSlotIsRefused()
{
    const QList<Endpoint> masters = labtest::mastersBySlot(*m_lab);
    const int slot = labtest::slotOwners(*m_lab).indexOf(masters[1]);
    RedisConnection c(m_lab->topology().connectionOptions(masters[1]));
    QVERIFY(execute(c, RespCommand{"CLUSTER", "SETSLOT", QByteArray::number(slot), "MIGRATING", idOf(masters[2])}).ok());
    ReshardRequest request;
    request.sources = {masters[1].toString()};
    request.target = masters[0].toString();
    request.slotCount = 10;
    const ReshardPlan p = plan(request);
    QVERIFY(execute(c, RespCommand{"CLUSTER", "SETSLOT", QByteArray::number(slot), "STABLE"}).ok());
    QVERIFY(!p.allowed());
    bool found = false;
    for (const PreCheck &check : p.checks)
        if (check.id == QLatin1String("open-slots")) {
            found = true;
            QCOMPARE(check.status, PreCheck::Status::Fail);
            QVERIFY2(check.evidence.contains(QStringLiteral("slot %1 migrating on %2").arg(slot).arg(masters[1].toString())),
                     qPrintable(check.evidence));
        }
    QVERIFY(found);
}

void TestReshard::sourceKilledMidSlotStopsAndExplains()
{
    // Last: it leaves the lab without that master.
    const QList<Endpoint> masters = labtest::mastersBySlot(*m_lab);
    ReshardRequest request;
    request.sources = {masters[1].toString()};
    request.target = masters[0].toString();
    request.slotCount = 2000;
    request.slotsInFlight = 8;
    request.streamsPerPair = 1;
    request.maxKeysPerSecond = 1000;
    request.batchKeys = 5;
    const ReshardPlan p = plan(request);
    QVERIFY(p.allowed());
    FaultInjector faults(m_lab.get());
    bool killed = false;
    const Run r = run(p, [&](ReshardExecutor &, const ReshardProgress &progress) {
        if (!killed && progress.keysMoved > 100) {
            killed = true;
            QVERIFY(faults.kill(masters[1]));
        }
    });
    QVERIFY(killed);
    QCOMPARE(r.result.state, OperationRecord::State::Failed);
    QVERIFY2(r.result.outcome.contains(QLatin1String("stopped after")), qPrintable(r.result.outcome));
    QVERIFY2(r.result.outcome.contains(masters[1].toString()), qPrintable(r.result.outcome));
    // Which slots are left in which state, wherever the kill caught the window.
    QVERIFY2(r.result.outcome.contains(QLatin1String("open")) || r.result.outcome.contains(QLatin1String("MIGRATING")),
             qPrintable(r.result.outcome));
    QVERIFY(r.result.slotsMoved < 2000);
    const std::optional<OperationRecord> op = stored(m_lastOperation);
    QVERIFY(op.has_value());
    QCOMPARE(op->state, OperationRecord::State::Failed);
    bool unsent = false;
    for (const OperationStep &s : op->steps) {
        QVERIFY2(s.state != OperationStep::State::Planned, qPrintable(s.commandText)); // every step has its outcome
        unsent = unsent || s.error.contains(QLatin1String("not sent"));
    }
    QVERIFY(unsent);
}

QTEST_MAIN(TestReshard)
#include "tst_reshard.moc"
