// ReshardPlanner over synthetic surveys built from CLUSTER NODES text as Redis 7 prints it:
// sources and target resolved by address, id or unique prefix; slots taken in proportion or by
// range; every refusal (unknown / ambiguous / replica node, open slot, unreachable master, views
// that disagree, too many slots, slots not owned by a source) with its reason; big keys; the plan
// survives the journal (JSON round trip).
#include "reshard/KeyRateLimiter.h"
#include "reshard/MigrateConflicts.h"
#include "reshard/ReshardPlanner.h"

#include <QtTest>

using namespace ops;

namespace {

Endpoint at(quint16 port) { return Endpoint{QStringLiteral("127.0.0.1"), port}; }
QByteArray id(char c) { return QByteArray(40, c); }

/** a 7000 (0-5460), b 7001 (5461-10922), c 7002 (10923-16383); replicas d 7003 (of a), e 7004, f 7005. */
struct Fixture
{
    struct Spec
    {
        QByteArray id;
        quint16 port;
        int master;
        QByteArray slotText;
        bool reachable = true;
    };
    QList<Spec> specs{{id('a'), 7000, -1, "0-5460"},       {id('b'), 7001, -1, "5461-10922"},
                      {id('c'), 7002, -1, "10923-16383"},  {QByteArray(39, 'f') + 'd', 7003, 0, {}},
                      {QByteArray(39, 'f') + 'e', 7004, 1, {}}, {id('f'), 7005, 2, {}}};
    QHash<int, QByteArray> extraSlots;     ///< viewer → text appended to its own line ("[5->-<id>]")
    QHash<int, QByteArray> viewSlotText;   ///< viewer → slot text of node a in that view (disagreement)

    QByteArray nodesText(int viewer) const
    {
        QByteArray text;
        for (int i = 0; i < specs.size(); ++i) {
            const Spec &s = specs[i];
            QByteArray flags = s.master < 0 ? "master" : "slave";
            if (i == viewer)
                flags = "myself," + flags;
            QByteArray slotText = i == 0 && viewSlotText.contains(viewer) ? viewSlotText[viewer] : s.slotText;
            if (i == viewer && extraSlots.contains(viewer))
                slotText += ' ' + extraSlots[viewer];
            text += s.id + " 127.0.0.1:" + QByteArray::number(s.port) + '@' + QByteArray::number(s.port + 10000) + ' '
                + flags + ' ' + (s.master < 0 ? QByteArray("-") : specs[s.master].id) + " 0 0 1 connected"
                + (slotText.isEmpty() ? QByteArray() : ' ' + slotText) + '\n';
        }
        return text;
    }
    ReshardSurvey survey() const
    {
        ReshardSurvey s;
        s.cluster.seeds = {at(7000)};
        for (int i = 0; i < specs.size(); ++i) {
            ClusterNodeView v;
            v.endpoint = at(specs[i].port);
            if (!specs[i].reachable) {
                v.error = QStringLiteral("connect: timeout");
            } else {
                Parsed<QList<ClusterNodeLine>> lines = parseClusterNodes(nodesText(i));
                if (!lines.ok())
                    qFatal("fixture: %s", qPrintable(lines.error().toString()));
                v.nodes = lines.take();
                v.clusterInfo = InfoReply::parse("cluster_state:ok\r\ncluster_current_epoch:3\r\n");
            }
            s.cluster.nodes << v;
        }
        for (int slot = 0; slot < kSlotCount; ++slot)
            s.keysInSlot[slot] = slot % 3; // 0, 1, 2, 0, ...
        return s;
    }
};

const PreCheck *findCheck(const ReshardPlan &p, const QString &id)
{
    for (const PreCheck &c : p.checks)
        if (c.id == id)
            return &c;
    return nullptr;
}

QString pairsText(const ReshardPlan &p)
{
    QStringList parts;
    for (const SlotMovePair &pair : p.pairs)
        parts << QStringLiteral("%1>%2:%3").arg(pair.source.endpoint.port).arg(pair.target.endpoint.port).arg(slotListText(pair.slotList));
    return parts.join(QLatin1Char(' '));
}

} // namespace

class TestReshardPlanner : public QObject
{
    Q_OBJECT

private slots:
    void plan_data();
    void plan();
    void bigKeysShrinkBatches();
    void windowFollowsKeysPerSlot_data();
    void windowFollowsKeysPerSlot();
    void jsonRoundTrip();
    void limiter_data();
    void limiter();
    void conflicts_data();
    void conflicts();
};

void TestReshardPlanner::plan_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QStringList>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("ranges");    // "A-B,C-D"
    QTest::addColumn<bool>("allowed");
    QTest::addColumn<QString>("pairs");     // expected pairs, or the failing check's id
    QTest::addColumn<QString>("evidence");  // phrase in the failing check's evidence

    auto ok = [](const char *name, QStringList from, const char *to, int count, const char *ranges, const char *pairs) {
        QTest::newRow(name) << QString() << from << QString::fromLatin1(to) << count << QString::fromLatin1(ranges) << true
                            << QString::fromLatin1(pairs) << QString();
    };
    auto refused = [](const char *name, const char *scenario, QStringList from, const char *to, int count,
                      const char *ranges, const char *check, const char *evidence) {
        QTest::newRow(name) << QString::fromLatin1(scenario) << from << QString::fromLatin1(to) << count
                            << QString::fromLatin1(ranges) << false << QString::fromLatin1(check) << QString::fromLatin1(evidence);
    };
    const QString a = QStringLiteral("127.0.0.1:7000");
    const QString b = QStringLiteral("127.0.0.1:7001");
    const QString c = QStringLiteral("127.0.0.1:7002");
    ok("one source, lowest slots", {a}, "127.0.0.1:7001", 100, "", "7000>7001:0-99");
    ok("two sources in proportion", {a, c}, "127.0.0.1:7001", 1000, "", "7000>7001:0-499 7002>7001:10923-11422");
    ok("odd count: largest remainder", {a, c}, "127.0.0.1:7001", 3, "", "7000>7001:0-1 7002>7001:10923");
    ok("by id and unique prefix", {QString::fromLatin1(id('a'))}, "bbbb", 10, "", "7000>7001:0-9");
    ok("ranges from the named source", {a}, "127.0.0.1:7001", 0, "100-199,5000", "7000>7001:100-199,5000");
    ok("ranges without --from", {}, "127.0.0.1:7001", 0, "0-9,10923-10925", "7000>7001:0-9 7002>7001:10923-10925");
    ok("the whole master", {c}, "127.0.0.1:7000", 5461, "", "7002>7000:10923-16383");
    refused("unknown address", "", {a}, "127.0.0.1:9999", 10, "", "request", "no cluster node listens on 127.0.0.1:9999");
    refused("ambiguous prefix", "", {QStringLiteral("fff")}, "127.0.0.1:7001", 10, "", "request", "is ambiguous");
    refused("unknown id", "", {QStringLiteral("0123")}, "127.0.0.1:7001", 10, "", "request", "no cluster node has an id starting with 0123");
    refused("replica as source", "", {QStringLiteral("127.0.0.1:7003")}, "127.0.0.1:7001", 10, "", "request", "is a replica");
    refused("source is the target", "", {b}, "127.0.0.1:7001", 10, "", "request", "is the target");
    refused("more slots than owned", "", {a}, "127.0.0.1:7001", 6000, "", "request", "6000 slots asked, the sources own 5461");
    refused("range already the target's", "", {}, "127.0.0.1:7001", 0, "5461-5470", "request", "already the target's");
    refused("range of another master", "", {a}, "127.0.0.1:7001", 0, "10923", "request", "owned by cccccccc");
    refused("--slots without --from", "", {}, "127.0.0.1:7001", 10, "", "request", "needs at least one --from");
    refused("open slot on a node", "open", {a}, "127.0.0.1:7001", 10, "", "open-slots", "slot 7 migrating on 127.0.0.1:7000");
    refused("a master unreachable", "c down", {a}, "127.0.0.1:7001", 10, "", "masters-reachable", "127.0.0.1:7002");
    refused("views disagree", "disagree", {a}, "127.0.0.1:7001", 10, "", "nodes-agree", "127.0.0.1:7004 sees 1 slots elsewhere");
}

void TestReshardPlanner::plan()
{
    QFETCH(QString, scenario);
    QFETCH(QStringList, from);
    QFETCH(QString, to);
    QFETCH(int, count);
    QFETCH(QString, ranges);
    QFETCH(bool, allowed);
    QFETCH(QString, pairs);
    QFETCH(QString, evidence);

    Fixture f;
    if (scenario == QLatin1String("open"))
        f.extraSlots.insert(0, "[7->-" + id('b') + ']');
    if (scenario == QLatin1String("c down"))
        f.specs[2].reachable = false;
    if (scenario == QLatin1String("disagree"))
        f.viewSlotText.insert(4, "1-5460");
    ReshardRequest r;
    r.sources = from;
    r.target = to;
    r.slotCount = count;
    for (const QString &part : ranges.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList ends = part.split(QLatin1Char('-'));
        r.ranges << SlotRange{ends.first().toInt(), ends.last().toInt()};
    }
    const ReshardPlan p = ReshardPlanner::planMove(f.survey(), r);
    QCOMPARE(p.allowed(), allowed);
    if (allowed) {
        QCOMPARE(pairsText(p), pairs);
        qint64 keys = 0;
        for (const SlotMovePair &pair : p.pairs)
            for (int s : pair.slotList)
                keys += s % 3;
        QCOMPARE(p.estimatedKeys(), keys);
        // before/after: the slots moved leave the sources and reach the target
        int before = 0;
        int after = 0;
        for (qsizetype i = 0; i < p.slotsBefore.size(); ++i) {
            before += p.slotsBefore[i].second;
            after += p.slotsAfter[i].second;
        }
        QCOMPARE(after, before);
        return;
    }
    const PreCheck *check = findCheck(p, pairs);
    QVERIFY2(check != nullptr, qPrintable(pairs));
    QCOMPARE(check->status, PreCheck::Status::Fail);
    QVERIFY2(check->evidence.contains(evidence), qPrintable(check->evidence));
}

void TestReshardPlanner::bigKeysShrinkBatches()
{
    Fixture f;
    ReshardSurvey s = f.survey();
    s.sample << BigKey{at(7000), 3, "small", 120} << BigKey{at(7000), 5, "huge", 8LL << 20}
             << BigKey{at(7002), 11000, "elsewhere", 50LL << 20};
    ReshardRequest r;
    r.sources = {QStringLiteral("127.0.0.1:7000")};
    r.target = QStringLiteral("127.0.0.1:7001");
    r.slotCount = 10;
    const ReshardPlan p = ReshardPlanner::planMove(s, r);
    QVERIFY(p.allowed());
    QCOMPARE(p.bigKeys.size(), 1); // only the sources' big keys
    QCOMPARE(p.bigKeys.first().key, QByteArray("huge"));
    QCOMPARE(findCheck(p, QStringLiteral("big-keys"))->status, PreCheck::Status::Warn);
    QCOMPARE(p.effectiveBatchKeys(), 8);            // 64 MB / 8 MB
    QVERIFY(p.effectiveMigrateTimeoutMs() > r.migrateTimeoutMs);
    QVERIFY(p.describe().join(QLatin1Char('\n')).contains(QLatin1String("big key in slot 5")));
}

void TestReshardPlanner::windowFollowsKeysPerSlot_data()
{
    QTest::addColumn<int>("slotCount");
    QTest::addColumn<qint64>("keys");
    QTest::addColumn<int>("inFlight");
    QTest::addColumn<int>("window");
    QTest::newRow("empty slots: the request's window") << 4096 << qint64(0) << 128 << 128;
    QTest::newRow("12 keys per slot") << 4096 << qint64(50000) << 128 << 128;
    QTest::newRow("61 keys per slot") << 4096 << qint64(250000) << 128 << 128;
    QTest::newRow("1,000 keys per slot") << 100 << qint64(100000) << 128 << 20;
    QTest::newRow("50,000 keys per slot: one slot") << 10 << qint64(500000) << 128 << 1;
    QTest::newRow("small request wins") << 100 << qint64(100) << 8 << 8;
    QTest::newRow("no slot") << 0 << qint64(0) << 128 << 128;
}

void TestReshardPlanner::windowFollowsKeysPerSlot()
{
    QFETCH(int, slotCount);
    QFETCH(qint64, keys);
    QFETCH(int, inFlight);
    QFETCH(int, window);
    ReshardPlan p;
    p.request.slotsInFlight = inFlight;
    SlotMovePair pair;
    for (int s = 0; s < slotCount; ++s)
        pair.slotList << s;
    pair.estimatedKeys = keys;
    QCOMPARE(p.windowSlotsFor(pair), window);
}

void TestReshardPlanner::jsonRoundTrip()
{
    Fixture f;
    ReshardRequest r;
    r.sources = {QStringLiteral("127.0.0.1:7000"), QStringLiteral("127.0.0.1:7002")};
    r.target = QStringLiteral("127.0.0.1:7001");
    r.slotCount = 777;
    r.maxKeysPerSecond = 5000;
    const ReshardPlan p = ReshardPlanner::planMove(f.survey(), r);
    QString error;
    const std::optional<ReshardPlan> back = ReshardPlan::fromJson(p.toJson(), &error);
    QVERIFY2(back.has_value(), qPrintable(error));
    QCOMPARE(pairsText(*back), pairsText(p));
    QCOMPARE(back->masters, p.masters);
    QCOMPARE(back->request.maxKeysPerSecond, 5000);
    QCOMPARE(back->slotCount(), 777);
    QVERIFY(!ReshardPlan::fromJson(QJsonObject{}, &error).has_value());
    QVERIFY(error.contains(QLatin1String("moves no slot")));
}

void TestReshardPlanner::limiter_data()
{
    QTest::addColumn<qint64>("rate");
    QTest::addColumn<QList<qint64>>("batches");   // keys, at the time in the next column
    QTest::addColumn<QList<qint64>>("times");
    QTest::addColumn<QList<qint64>>("waits");

    QTest::newRow("unlimited") << qint64(0) << QList<qint64>{1000000, 5} << QList<qint64>{0, 0} << QList<qint64>{0, 0};
    QTest::newRow("first second at once") << qint64(1000) << QList<qint64>{400, 600} << QList<qint64>{0, 0} << QList<qint64>{0, 0};
    QTest::newRow("over the bucket waits") << qint64(1000) << QList<qint64>{1000, 500} << QList<qint64>{0, 0}
                                           << QList<qint64>{0, 500};
    QTest::newRow("refills with time") << qint64(1000) << QList<qint64>{1000, 500} << QList<qint64>{0, 500}
                                       << QList<qint64>{0, 0};
    QTest::newRow("reservations queue up") << qint64(100) << QList<qint64>{100, 100, 100} << QList<qint64>{0, 0, 0}
                                           << QList<qint64>{0, 1000, 2000};
    QTest::newRow("idle time caps at one second") << qint64(100) << QList<qint64>{100, 300} << QList<qint64>{0, 60000}
                                                  << QList<qint64>{0, 2000};
}

void TestReshardPlanner::limiter()
{
    QFETCH(qint64, rate);
    QFETCH(QList<qint64>, batches);
    QFETCH(QList<qint64>, times);
    QFETCH(QList<qint64>, waits);
    KeyRateLimiter l(rate);
    for (qsizetype i = 0; i < batches.size(); ++i)
        QCOMPARE(l.reserve(batches[i], times[i]), waits[i]);
}

void TestReshardPlanner::conflicts_data()
{
    using Payloads = QList<std::optional<QByteArray>>;
    QTest::addColumn<Payloads>("source");
    QTest::addColumn<Payloads>("target");
    QTest::addColumn<QString>("expected"); // again/replace/conflicts/gone counts

    const std::optional<QByteArray> none;
    QTest::newRow("moved already") << Payloads{none, none} << Payloads{QByteArray("x"), none} << QStringLiteral("0/0/0/2");
    QTest::newRow("not on the target") << Payloads{QByteArray("x")} << Payloads{none} << QStringLiteral("1/0/0/0");
    QTest::newRow("identical copy") << Payloads{QByteArray("x")} << Payloads{QByteArray("x")} << QStringLiteral("0/1/0/0");
    QTest::newRow("different copy") << Payloads{QByteArray("x")} << Payloads{QByteArray("y")} << QStringLiteral("0/0/1/0");
    QTest::newRow("mixed") << Payloads{QByteArray("1"), QByteArray("2"), QByteArray("3"), none}
                           << Payloads{none, QByteArray("2"), QByteArray("x"), QByteArray("4")} << QStringLiteral("1/1/1/1");
}

void TestReshardPlanner::conflicts()
{
    using Payloads = QList<std::optional<QByteArray>>;
    QFETCH(Payloads, source);
    QFETCH(Payloads, target);
    QFETCH(QString, expected);
    QList<QByteArray> keys;
    for (qsizetype i = 0; i < source.size(); ++i)
        keys << "k" + QByteArray::number(i);
    const MigrateConflicts::Sorted s = MigrateConflicts::sort(keys, source, target);
    QCOMPARE(QStringLiteral("%1/%2/%3/%4").arg(s.again.size()).arg(s.replace.size()).arg(s.conflicts.size()).arg(s.gone),
             expected);
}

QTEST_APPLESS_MAIN(TestReshardPlanner)
#include "tst_reshardplanner.moc"
