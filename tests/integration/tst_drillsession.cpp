// DrillSession against real labs: every drill of the catalogue runs with a scripted trainee who
// follows the matching runbook (acknowledges, names its steps, applies the fix with raw commands
// where the deployment does not heal itself) and gets a score: detection and recovery times on
// a ManualClock the test moves, acknowledged writes, none lost, runbook steps followed; the
// faults are undone at the end. The score round-trips through the history store.
#include "LabFixture.h"
#include "core/ManualClock.h"
#include "drills/DrillFaults.h"
#include "drills/DrillHotLoad.h"
#include "drills/DrillHistory.h"
#include "drills/DrillScenario.h"
#include "drills/DrillSession.h"
#include "drills/DrillWriter.h"
#include "history/HistoryStore.h"
#include "lab/LocalLab.h"
#include "resp/RedisConnection.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace ops;
using labtest::describe;
using labtest::execute;

namespace {

/** The fix a trainee applies by hand (empty: the deployment heals itself, e.g. Sentinel fails over). */
using Fix = std::function<bool(DrillSession &)>;

bool run(LocalLab &lab, const Endpoint &node, const RespCommand &command)
{
    RedisConnection *c = lab.control(node);
    if (c == nullptr)
        return false;
    const RedisResult r = execute(*c, command);
    if (!r.ok())
        qWarning() << "trainee command failed:" << command.redactedText() << describe(r);
    return r.ok();
}

/** Moves @p slot from @p from to @p to as `redis-cli --cluster reshard` does (keys and all). */
bool moveSlot(LocalLab &lab, int slot, const Endpoint &from, const Endpoint &to)
{
    const RedisResult fromId = execute(*lab.control(from), RespCommand{"CLUSTER", "MYID"});
    const RedisResult toId = execute(*lab.control(to), RespCommand{"CLUSTER", "MYID"});
    if (!fromId.ok() || !toId.ok())
        return false;
    const QByteArray s = QByteArray::number(slot);
    if (!run(lab, to, RespCommand{"CLUSTER", "SETSLOT", s, "IMPORTING", fromId.value().bytes()})
        || !run(lab, from, RespCommand{"CLUSTER", "SETSLOT", s, "MIGRATING", toId.value().bytes()}))
        return false;
    for (;;) {
        const RedisResult keys = execute(*lab.control(from), RespCommand{"CLUSTER", "GETKEYSINSLOT", s, "100"});
        if (!keys.ok())
            return false;
        if (keys.value().size() == 0)
            break;
        QList<QByteArray> migrate{"MIGRATE", to.host.toUtf8(), QByteArray::number(to.port), "", "0", "5000", "KEYS"};
        for (const RespValue &k : keys.value().elements())
            migrate << k.bytes();
        if (!run(lab, from, RespCommand(migrate)))
            return false;
    }
    for (const LabNode &m : lab.topology().nodesWithRole(LabNode::Role::Master))
        if (!run(lab, m.endpoint, RespCommand{"CLUSTER", "SETSLOT", s, "NODE", toId.value().bytes()}))
            return false;
    return true;
}

} // namespace

Q_DECLARE_METATYPE(Fix)

class TestDrillSession : public QObject
{
    Q_OBJECT
private slots:
    void scriptedTrainee_data();
    void scriptedTrainee();
    void catalogueNamesBuiltInRunbooks();
};

void TestDrillSession::scriptedTrainee_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QStringList>("steps");   // the runbook steps the trainee names
    QTest::addColumn<int>("matched");         // how many of them the runbook has
    QTest::addColumn<Fix>("fix");

    const Fix none; // Sentinel fails over by itself
    QTest::newRow("master-killed") << QStringLiteral("master-killed")
                                   << QStringList{QStringLiteral("look"), QStringLiteral("detect"), QStringLiteral("wait-failover")}
                                   << 3 << none;
    QTest::newRow("master-frozen") << QStringLiteral("master-frozen")
                                   << QStringList{QStringLiteral("look"), QStringLiteral("detect"), QStringLiteral("reboot-it")}
                                   << 2 << none;
    QTest::newRow("sentinel-cut-off")
        << QStringLiteral("sentinel-cut-off") << QStringList{QStringLiteral("sentinel monitor")} << 0
        << Fix([](DrillSession &s) {
               LocalLab &lab = *s.lab();
               const Endpoint sentinel = s.faults()->records().first().node;
               const Endpoint master = lab.topology().nodesWithRole(LabNode::Role::Master).first().endpoint;
               return run(lab, sentinel, RespCommand{"SENTINEL", "MONITOR", "mymaster", master.host.toUtf8(),
                                                     QByteArray::number(master.port), "2"})
                   && run(lab, sentinel, RespCommand{"SENTINEL", "SET", "mymaster", "down-after-milliseconds", "1000"});
           });
    QTest::newRow("replication-broken")
        << QStringLiteral("replication-broken")
        << QStringList{QStringLiteral("look"), QStringLiteral("lagging"), QStringLiteral("links")} << 3
        << Fix([](DrillSession &s) {
               return run(*s.lab(), s.faults()->records().first().node, RespCommand{"CONFIG", "SET", "masterauth", ""});
           });
    QTest::newRow("memory-full") << QStringLiteral("memory-full")
                                 << QStringList{QStringLiteral("memory"), QStringLiteral("set-maxmemory")} << 2
                                 << Fix([](DrillSession &s) {
                                        return run(*s.lab(), s.faults()->records().first().node,
                                                   RespCommand{"CONFIG", "SET", "maxmemory", "0"});
                                    });
    QTest::newRow("reshard-interrupted")
        << QStringLiteral("reshard-interrupted")
        << QStringList{QStringLiteral("look"), QStringLiteral("any-open"), QStringLiteral("fix"), QStringLiteral("verify")} << 4
        << Fix([](DrillSession &s) {
               const DrillFaults::Record &r = s.faults()->records().first();
               const QByteArray slot = QByteArray::number(r.slot);
               return run(*s.lab(), r.node, RespCommand{"CLUSTER", "SETSLOT", slot, "STABLE"})
                   && run(*s.lab(), r.other, RespCommand{"CLUSTER", "SETSLOT", slot, "STABLE"});
           });
    QTest::newRow("hot-slot") << QStringLiteral("hot-slot") << QStringList{QStringLiteral("slot-map"), QStringLiteral("reshard")}
                              << 0 << Fix([](DrillSession &s) {
                                     const DrillFaults::Record &r = s.faults()->records().first();
                                     Endpoint to;
                                     for (const LabNode &m : s.lab()->topology().nodesWithRole(LabNode::Role::Master))
                                         if (!(m.endpoint == r.node))
                                             to = m.endpoint;
                                     return moveSlot(*s.lab(), r.slot, r.node, to);
                                 });
}

void TestDrillSession::scriptedTrainee()
{
    QFETCH(QString, scenario);
    QFETCH(QStringList, steps);
    QFETCH(int, matched);
    QFETCH(Fix, fix);

    const auto drill = DrillScenario::find(scenario);
    QVERIFY(drill);
    ManualClock clock;
    DrillSession::Options options;
    options.seed = 7;
    options.trainee = QStringLiteral("alice");
    options.clock = &clock;
    options.pollMs = 100;
    options.timeoutMs = 40000;
    DrillSession session(*drill, options);
    QSignalSpy injected(&session, &DrillSession::injected);
    QSignalSpy finished(&session, &DrillSession::finished);
    session.start();
    QVERIFY2(injected.wait(40000), qPrintable(session.score().note));
    QCOMPARE(session.state(), DrillSession::State::Running);
    QCOMPARE(session.faults()->records().size(), 1);

    // The trainee notices after 1.5 s and works through the runbook for 3 s more (the clock is
    // moved before any recovery check can run: the check is on the event loop).
    clock.advance(1500);
    session.acknowledge();
    clock.advance(1000);
    for (const QString &step : steps)
        session.recordAction(step);
    clock.advance(2000);
    if (fix) {
        // The fault is real: a check says "not yet" before the trainee's fix.
        QSignalSpy checked(&session, &DrillSession::recoveryChecked);
        QVERIFY(checked.wait(10000));
        QCOMPARE(checked.constFirst().constFirst().toBool(), false);
        QCOMPARE(session.state(), DrillSession::State::Running);
        QVERIFY(fix(session));
    }

    QVERIFY2(finished.wait(40000), qPrintable(session.lastCheck()));
    const DrillScore score = finished.constFirst().constFirst().value<DrillScore>();
    qInfo().noquote() << score.toText();
    QVERIFY2(score.outcome == QLatin1String("recovered"), qPrintable(score.toText()));
    QCOMPARE(score.scenarioId, scenario);
    QCOMPARE(score.trainee, QStringLiteral("alice"));
    QCOMPARE(score.detectMs, 1500);
    QCOMPARE(score.recoverMs, 4500);
    QVERIFY(score.detectMs < score.recoverMs);
    QVERIFY2(score.ackedWrites >= options.warmWrites, qPrintable(score.toText()));
    // kill -9 of a master under asynchronous replication: the one write acknowledged just before
    // the kill may not have reached a replica yet (the writer has one write in flight at a time).
    // Every other drill must lose nothing.
    const qint64 lossWindow = drill->fault == DrillScenario::Fault::KillMaster ? 1 : 0;
    QVERIFY2(score.lostWrites >= 0 && score.lostWrites <= lossWindow, qPrintable(score.toText()));
    QCOMPARE(score.actions, steps);
    QCOMPARE(score.matchedSteps, matched);
    QCOMPARE(score.runbookSteps > 0, !drill->runbookId.isEmpty());
    for (const DrillFaults::Record &r : session.faults()->records())
        QVERIFY2(r.undone, qPrintable(r.toString()));
    if (drill->fault == DrillScenario::Fault::HotSlot)
        QVERIFY(session.faults()->hotLoad()->answered() > 0);

    // The run is kept as history, and a trainee's runs are listed.
    QTemporaryDir dir;
    HistoryStore store(dir.filePath(QStringLiteral("history.db")));
    QVERIFY(!store.open().isError());
    QVERIFY(!DrillHistory::save(store, score).isError());
    DrillScore other = score;
    other.trainee = QStringLiteral("bob");
    QVERIFY(!DrillHistory::save(store, other).isError());
    const QList<DrillScore> runs = DrillHistory::runs(store, QStringLiteral("alice"));
    QCOMPARE(runs.size(), 1);
    QCOMPARE(runs.first(), score);
    QCOMPARE(DrillHistory::runs(store, {}).size(), 2);
}

void TestDrillSession::catalogueNamesBuiltInRunbooks()
{
    QSet<QString> ids;
    for (const DrillScenario &d : DrillScenario::catalogue()) {
        QVERIFY2(!ids.contains(d.id), qPrintable(d.id));
        ids.insert(d.id);
        QVERIFY(DrillScenario::find(d.id));
        if (!d.runbookId.isEmpty()) {
            DrillSession s(d, {});
            QVERIFY2(s.score().runbookSteps > 0, qPrintable(d.runbookId));
        }
    }
    QVERIFY(!DrillScenario::find(QStringLiteral("no-such-drill")));
}

QTEST_MAIN(TestDrillSession)
#include "tst_drillsession.moc"
