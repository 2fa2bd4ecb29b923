// MigrationTracker: the migrations in progress derived from successive snapshots, key counts and
// the console's own progress, on a ManualClock. Data-driven scripts over a synthetic 3-master
// cluster (A owns 0-8191, C 8192-16383, B nothing at first; slots move A -> B): each step
// advances the clock, takes a snapshot with the slots open and the slots B owns, then the key
// counts of the source; each row checks the last view and the summaries recorded.
#include "core/ManualClock.h"
#include "monitor/MigrationTracker.h"

#include <QtTest>

using namespace ops;

namespace {

const QString kA = QStringLiteral("aaaaaaaa00000000000000000000000000000000");
const QString kB = QStringLiteral("bbbbbbbb00000000000000000000000000000000");
const QString kC = QStringLiteral("cccccccc00000000000000000000000000000000");

Node master(const QString &id, quint16 port)
{
    Node n;
    n.id = id;
    n.endpoint = Endpoint{QStringLiteral("127.0.0.1"), port};
    n.role = Node::Role::Master;
    return n;
}

QList<int> slotList(const QString &text)
{
    QList<int> out;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList ends = part.split(QLatin1Char('-'));
        for (int s = ends.first().toInt(); s <= ends.last().toInt(); ++s)
            out << s;
    }
    return out;
}

/** A snapshot with @p open slots migrating A -> B and @p ownedByB given to B. */
TopologySnapshot snapshot(const QString &open, const QString &ownedByB)
{
    TopologySnapshot s;
    s.deploymentId = kA;
    s.kind = TopologySnapshot::Kind::Cluster;
    s.nodes = {master(kA, 7000), master(kB, 7001), master(kC, 7002)};
    auto map = std::make_shared<SlotMap>();
    map->assign({0, 8191}, kA);
    map->assign({8192, kSlotCount - 1}, kC);
    for (int slot : slotList(ownedByB))
        map->assign({slot, slot}, kB);
    for (int slot : slotList(open)) {
        map->setMigrating(slot, kA, kB);
        map->setImporting(slot, kB, kA);
    }
    s.slotMap = map;
    return s;
}

struct Step
{
    qint64 advanceMs = 0;
    QString open;
    QString ownedByB;
    QString counts; ///< "100:500,101:20"
};

/** "+1000 open=100 b=0-99 keys=100:500" -> one step. */
Step parseStep(const QString &text)
{
    Step step;
    for (const QString &token : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (token.startsWith(QLatin1Char('+')))
            step.advanceMs = token.mid(1).toLongLong();
        else if (token.startsWith(QLatin1String("open=")))
            step.open = token.mid(5);
        else if (token.startsWith(QLatin1String("b=")))
            step.ownedByB = token.mid(2);
        else if (token.startsWith(QLatin1String("keys=")))
            step.counts = token.mid(5);
    }
    return step;
}

ReshardProgress ownProgress()
{
    ReshardProgress p;
    p.operationId = QStringLiteral("op-1");
    p.slotsTotal = 10;
    p.slotsDone = 2;
    p.keysMoved = 300;
    p.keysPerSecond = 150;
    p.etaMs = 4000;
    p.streams = {{QStringLiteral("127.0.0.1:7000"), QStringLiteral("127.0.0.1:7001"), QStringLiteral("100"), 2, 10, 300,
                  QStringLiteral("moving")}};
    return p;
}

} // namespace

class TestMigrationTracker : public QObject
{
    Q_OBJECT
private slots:
    void script_data();
    void script();
    void probesLeastRecentlyCountedFirst();
    void otherKindsAndFirstSightAreQuiet();
};

void TestMigrationTracker::script_data()
{
    QTest::addColumn<QStringList>("steps");
    QTest::addColumn<bool>("own");
    QTest::addColumn<int>("views");       // migrations shown after the last step
    QTest::addColumn<int>("open");        // open slots of the A -> B view
    QTest::addColumn<int>("finished");
    QTest::addColumn<qint64>("keysLeft");
    QTest::addColumn<qint64>("keysMoved");
    QTest::addColumn<double>("keysPerSecond");
    QTest::addColumn<double>("slotsPerSecond");
    QTest::addColumn<qint64>("etaMs");
    QTest::addColumn<int>("summaries");   // migration-summary events over the whole script
    QTest::addColumn<int>("summarySlots");

    QTest::newRow("first sight: keys known, nothing measurable")
        << QStringList{QStringLiteral("+0 open=100 keys=100:1000")} << false << 1 << 1 << 0 << 1000LL << 0LL << -1.0
        << -1.0 << -1LL << 0 << 0;
    QTest::newRow("uncounted slot: keys left unknown")
        << QStringList{QStringLiteral("+0 open=100")} << false << 1 << 1 << 0 << -1LL << 0LL << -1.0 << -1.0 << -1LL << 0 << 0;
    QTest::newRow("keys leaving the open slot: rate and ETA")
        << QStringList{QStringLiteral("+0 open=100 keys=100:1000"), QStringLiteral("+1000 open=100 keys=100:600")} << false
        << 1 << 1 << 0 << 600LL << 400LL << 400.0 << 0.0 << 1500LL << 0 << 0;
    QTest::newRow("counted one snapshot late: the rate starts at the first count")
        << QStringList{QStringLiteral("+0 open=100"), QStringLiteral("+500 open=100 keys=100:1000"),
                       QStringLiteral("+1000 open=100 keys=100:600")}
        << false << 1 << 1 << 0 << 600LL << 400LL << 400.0 << 0.0 << 1500LL << 0 << 0;
    QTest::newRow("span under the minimum: no rate yet")
        << QStringList{QStringLiteral("+0 open=100 keys=100:1000"), QStringLiteral("+500 open=100 keys=100:600")} << false
        << 1 << 1 << 0 << 600LL << 400LL << -1.0 << -1.0 << -1LL << 0 << 0;
    QTest::newRow("slot finished, next one open")
        << QStringList{QStringLiteral("+0 open=100 keys=100:1000"), QStringLiteral("+1000 open=101 b=100 keys=101:500")}
        << false << 1 << 1 << 1 << 500LL << 1000LL << 1000.0 << 1.0 << 500LL << 0 << 0;
    QTest::newRow("slots moved between two snapshots count as finished")
        << QStringList{QStringLiteral("+0 open=100"), QStringLiteral("+2000 open=104 b=100-103")} << false << 1 << 1 << 4
        << -1LL << 0LL << -1.0 << 2.0 << -1LL << 0 << 0;
    QTest::newRow("two slots open, one counted: keys left unknown")
        << QStringList{QStringLiteral("+0 open=100-101 keys=100:10")} << false << 1 << 2 << 0 << -1LL << 0LL << -1.0 << -1.0
        << -1LL << 0 << 0;
    QTest::newRow("rate over the window: stopped moving reads 0")
        << QStringList{QStringLiteral("+0 open=100 keys=100:1000"), QStringLiteral("+1000 open=100 keys=100:0"),
                       QStringLiteral("+11000 open=100 keys=100:0")}
        << false << 1 << 1 << 0 << 0LL << 1000LL << 0.0 << 0.0 << 0LL << 0 << 0;
    QTest::newRow("a gap shorter than the grace period does not end it")
        << QStringList{QStringLiteral("+0 open=100"), QStringLiteral("+4000 b=100"), QStringLiteral("+800 open=101 b=100")}
        << false << 1 << 1 << 1 << -1LL << 0LL << -1.0 << 1000.0 / 4800.0 << -1LL << 0 << 0;
    QTest::newRow("ended after the grace period: one summary")
        << QStringList{QStringLiteral("+0 open=100 keys=100:10"), QStringLiteral("+1000 b=100"), QStringLiteral("+3000 b=100"),
                       QStringLiteral("+1000 b=100"), QStringLiteral("+1000 b=100"), QStringLiteral("+1000 b=100")}
        << false << 0 << 0 << 0 << 0LL << 0LL << -1.0 << -1.0 << -1LL << 1 << 1;
    QTest::newRow("given up (still the source's): ends with no slot moved")
        << QStringList{QStringLiteral("+0 open=100 keys=100:50"), QStringLiteral("+1000"), QStringLiteral("+5000")} << false
        << 0 << 0 << 0 << 0LL << 0LL << -1.0 << -1.0 << -1LL << 1 << 0;
    QTest::newRow("the console's own reshard: its numbers, no summary")
        << QStringList{QStringLiteral("+0 open=100"), QStringLiteral("+1000 open=101 b=100")} << true << 1 << 1 << 2 << -1LL
        << 300LL << 150.0 << 1.0 << 4000LL << 0 << 0;
    QTest::newRow("own reshard ends without a summary")
        << QStringList{QStringLiteral("+0 open=100"), QStringLiteral("+1000 b=100"), QStringLiteral("+6000 b=100")} << true
        << 0 << 0 << 0 << 0LL << 0LL << -1.0 << -1.0 << -1LL << 0 << 0;
}

void TestMigrationTracker::script()
{
    QFETCH(QStringList, steps);
    QFETCH(bool, own);
    ManualClock clock;
    MigrationTracker tracker(&clock);
    if (own)
        tracker.setOwnProgress(ownProgress());
    OpsEvents summaries;
    for (const QString &text : steps) {
        const Step step = parseStep(text);
        clock.advance(step.advanceMs);
        summaries << tracker.update(snapshot(step.open, step.ownedByB));
        for (const QString &pair : step.counts.split(QLatin1Char(','), Qt::SkipEmptyParts))
            tracker.setKeyCount(pair.section(QLatin1Char(':'), 0, 0).toInt(), pair.section(QLatin1Char(':'), 1).toLongLong());
    }
    const MigrationViews views = tracker.views();
    QTEST(int(views.size()), "views");
    QTEST(int(summaries.size()), "summaries");
    if (!summaries.isEmpty()) {
        const OpsEvent &e = summaries.first();
        QCOMPARE(e.kind, OpsEvent::Kind::MigrationSummary);
        QCOMPARE(e.kindName(), QStringLiteral("migration-summary"));
        QCOMPARE(e.details.value(QStringLiteral("source")).toString(), kA);
        QCOMPARE(e.details.value(QStringLiteral("target")).toString(), kB);
        QCOMPARE(e.details.value(QStringLiteral("origin")).toString(), QStringLiteral("outside-console"));
        QCOMPARE(e.endpoint, QStringLiteral("127.0.0.1:7000"));
        QTEST(e.details.value(QStringLiteral("slotsMoved")).toInt(), "summarySlots");
        QVERIFY(e.message.contains(QStringLiteral("127.0.0.1:7000 -> 127.0.0.1:7001")));
    }
    if (views.isEmpty())
        return;
    const MigrationView &v = views.first();
    QCOMPARE(v.sourceLabel, QStringLiteral("127.0.0.1:7000"));
    QCOMPARE(v.targetLabel, QStringLiteral("127.0.0.1:7001"));
    QCOMPARE(v.own, own);
    QTEST(v.openCount(), "open");
    QTEST(v.slotsFinished, "finished");
    QTEST(v.keysLeft, "keysLeft");
    QTEST(v.keysMoved, "keysMoved");
    QFETCH(double, keysPerSecond);
    QFETCH(double, slotsPerSecond);
    QVERIFY2(qAbs(v.keysPerSecond - keysPerSecond) < 1e-6, qPrintable(QString::number(v.keysPerSecond)));
    QVERIFY2(qAbs(v.slotsPerSecond - slotsPerSecond) < 1e-6, qPrintable(QString::number(v.slotsPerSecond)));
    QTEST(v.etaMs, "etaMs");
    if (own) {
        QCOMPARE(v.operationId, QStringLiteral("op-1"));
        QCOMPARE(v.slotsTotal, 10);
    }
}

void TestMigrationTracker::probesLeastRecentlyCountedFirst()
{
    ManualClock clock;
    MigrationTracker tracker(&clock);
    tracker.update(snapshot(QStringLiteral("100-105"), {}));
    QList<MigrationTracker::Probe> probes = tracker.probes();
    QCOMPARE(probes.size(), tracker.policy().maxProbes);
    QCOMPARE(probes.first().slot, 100);
    QCOMPARE(probes.first().sourceId, kA);
    for (const MigrationTracker::Probe &p : probes)
        tracker.setKeyCount(p.slot, 5);
    clock.advance(1000);
    tracker.update(snapshot(QStringLiteral("100-105"), {}));
    probes = tracker.probes();
    QCOMPARE(probes.first().slot, 104); // never counted before the ones counted a second ago
    QCOMPARE(probes.at(1).slot, 105);
    // The console's own reshard is never probed: its progress has the numbers.
    tracker.setOwnProgress(ownProgress());
    QVERIFY(tracker.probes().isEmpty());
}

void TestMigrationTracker::otherKindsAndFirstSightAreQuiet()
{
    ManualClock clock;
    MigrationTracker tracker(&clock);
    TopologySnapshot sentinel;
    sentinel.kind = TopologySnapshot::Kind::Sentinel;
    QVERIFY(tracker.update(sentinel).isEmpty());
    QVERIFY(tracker.update(snapshot({}, {})).isEmpty());
    QVERIFY(tracker.isEmpty());
    // Owner changes with no migration seen are not a migration (CLUSTER SETSLOT NODE by hand).
    clock.advance(1000);
    QVERIFY(tracker.update(snapshot({}, QStringLiteral("0-99"))).isEmpty());
    QVERIFY(tracker.views().isEmpty());
}

QTEST_APPLESS_MAIN(TestMigrationTracker)
#include "tst_migrationtracker.moc"
