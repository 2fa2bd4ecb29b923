// TopologyLayout's failover fast path (applyRoleChanges) against the full compute(): for every
// scenario step the fast path must either decline (and leave the layout untouched) or produce
// exactly what compute() produces from the same state. Pure geometry: no widgets are shown.
#include "topology/TopologyLayout.h"

#include <QtTest>

#include <algorithm>
#include <functional>

using namespace ops;
using namespace Qt::StringLiterals;

namespace {

/** A cluster of @p masters shards: "m<i>" owns an even share of the slots, "m<i>r<j>" replicate it. */
TopologySnapshot cluster(int masters, int replicas)
{
    TopologySnapshot s;
    s.kind = TopologySnapshot::Kind::Cluster;
    const int share = kSlotCount / masters;
    for (int i = 0; i < masters; ++i) {
        Node m;
        m.id = QStringLiteral("m%1").arg(i);
        m.role = Node::Role::Master;
        const int first = i * share, last = i == masters - 1 ? kSlotCount - 1 : first + share - 1;
        m.slotRanges = {SlotRange{first, last}};
        m.slotCount = last - first + 1;
        s.nodes.append(m);
        for (int j = 0; j < replicas; ++j) {
            Node r;
            r.id = QStringLiteral("m%1r%2").arg(i).arg(j);
            r.role = Node::Role::Replica;
            r.masterId = m.id;
            s.nodes.append(r);
        }
    }
    return s;
}

Node &node(TopologySnapshot &s, const QString &id)
{
    for (Node &n : s.nodes)
        if (n.id == id)
            return n;
    qFatal("no node %s", qPrintable(id));
}

/** @p next becomes a master with @p old's slots; @p old keeps its role, without slots. */
void takeSlots(TopologySnapshot &s, const QString &next, const QString &old)
{
    Node &n = node(s, next), &m = node(s, old);
    n.role = Node::Role::Master;
    n.masterId.clear();
    std::swap(n.slotRanges, m.slotRanges);
    std::swap(n.slotCount, m.slotCount);
}

/** Cluster failover: @p replica takes its master's slots; the old master and the other replicas follow it. */
void promote(TopologySnapshot &s, const QString &replica)
{
    const QString old = node(s, replica).masterId;
    takeSlots(s, replica, old);
    for (Node &other : s.nodes)
        if (other.masterId == old || other.id == old) {
            other.role = Node::Role::Replica;
            other.masterId = replica;
        }
}

using Step = std::function<void(TopologySnapshot &)>;
struct Scenario
{
    TopologySnapshot start;
    QList<Step> steps;
    QList<bool> fast;   // per step: may the fast path apply?
};

void compareLayouts(const TopologyLayoutResult &a, const TopologyLayoutResult &b)
{
    QCOMPARE(a.nodeRects, b.nodeRects);
    QCOMPARE(a.lanes, b.lanes);
    QCOMPARE(a.shards.size(), b.shards.size());
    for (qsizetype i = 0; i < a.shards.size(); ++i) {
        QCOMPARE(a.shards.at(i).key, b.shards.at(i).key);
        QCOMPARE(a.shards.at(i).rect, b.shards.at(i).rect);
        QCOMPARE(a.shards.at(i).masterId, b.shards.at(i).masterId);
        QCOMPARE(a.shards.at(i).members, b.shards.at(i).members);
    }
    QCOMPARE(a.sentinelRow, b.sentinelRow);
    QCOMPARE(a.bounds, b.bounds);
    QCOMPARE(a.tree, b.tree);
    QCOMPARE(a.state.shardOf, b.state.shardOf);
    QCOMPARE(a.state.memberOrder, b.state.memberOrder);
    QCOMPARE(a.state.sentinelOrder, b.state.sentinelOrder);
    QCOMPARE(a.state.nextKey, b.state.nextKey);
}

} // namespace

Q_DECLARE_METATYPE(Scenario)

class TestTopologyLayout : public QObject
{
    Q_OBJECT
private slots:
    void fastPathEqualsCompute_data();
    void fastPathEqualsCompute();
};

void TestTopologyLayout::fastPathEqualsCompute_data()
{
    QTest::addColumn<Scenario>("scenario");
    const auto row = [](const char *name, TopologySnapshot start, QList<Step> steps, QList<bool> fast) {
        QTest::newRow(name) << Scenario{std::move(start), std::move(steps), std::move(fast)};
    };
    const auto promoting = [](const QString &id) { return Step([id](TopologySnapshot &s) { promote(s, id); }); };

    row("metrics only", cluster(6, 1), {[](TopologySnapshot &s) { node(s, u"m1"_s).usedMemory = 1 << 20; }}, {true});
    row("one failover, then failback", cluster(6, 1), {promoting(u"m2r0"_s), promoting(u"m2"_s)}, {true, true});
    {
        QList<Step> ten;
        for (int m : {3, 50, 99, 120, 200, 260, 300, 333, 420, 499})
            ten << promoting(QStringLiteral("m%1r0").arg(m));
        row("ten failovers at once, 500 shards", cluster(500, 1),
            {[ten](TopologySnapshot &s) { for (const Step &f : ten) f(s); }}, {true});
    }
    row("second of two replicas promoted", cluster(6, 2), {promoting(u"m1r1"_s), promoting(u"m1r0"_s)}, {true, true});
    row("three replicas: lanes re-routed, same count", cluster(4, 3), {promoting(u"m0r2"_s)}, {true});
    {
        TopologySnapshot chained = cluster(3, 2);
        node(chained, u"m0r1"_s).masterId = u"m0r0"_s;
        row("chained replica follows its new master", chained, {promoting(u"m0r0"_s)}, {true});
        TopologySnapshot lanes = cluster(3, 2);
        for (int i = 0; i < 3; ++i)
            node(lanes, QStringLiteral("m%1r1").arg(i)).masterId = QStringLiteral("m%1r0").arg(i);
        row("lane count grows: every box widens", lanes,
            {[](TopologySnapshot &s) {
                // The chain's tail takes over; both others follow it: m0 no longer sits right
                // below its master, so its link needs a lane where no box had one.
                takeSlots(s, u"m0r1"_s, u"m0"_s);
                for (const QString &id : {u"m0"_s, u"m0r0"_s}) {
                    node(s, id).role = Node::Role::Replica;
                    node(s, id).masterId = u"m0r1"_s;
                }
            }},
            {false});
    }
    row("killed master still master without slots", cluster(6, 1),
        {[](TopologySnapshot &s) { takeSlots(s, u"m2r0"_s, u"m2"_s); }},
        {false});
    row("replica moves to another master", cluster(6, 1), {[](TopologySnapshot &s) { node(s, u"m3r0"_s).masterId = u"m4"_s; }},
        {false});
    row("replica added", cluster(6, 1),
        {[](TopologySnapshot &s) {
            Node r = node(s, u"m0r0"_s);
            r.id = u"m0r9"_s;
            s.nodes.append(r);
        }},
        {false});
    row("replica removed", cluster(6, 1), {[](TopologySnapshot &s) { s.nodes.removeIf([](const Node &n) { return n.id == u"m5r0"_s; }); }},
        {false});
    {
        TopologySnapshot empty = cluster(4, 1);
        Node &m = node(empty, u"m3"_s);
        node(empty, u"m2"_s).slotRanges = {SlotRange{m.slotRanges.first().first - 4096, kSlotCount - 1}};
        node(empty, u"m2"_s).slotCount += m.slotCount;
        m.slotRanges.clear();
        m.slotCount = 0;
        row("empty master gains slots", empty,
            {[](TopologySnapshot &s) {
                node(s, u"m3"_s).slotRanges = {SlotRange{16000, 16383}};
                node(s, u"m3"_s).slotCount = 384;
                node(s, u"m2"_s).slotCount -= 384;
            }},
            {true});
    }
    row("single shard drawn as a tree", cluster(1, 2), {promoting(u"m0r1"_s)}, {false});
}

void TestTopologyLayout::fastPathEqualsCompute()
{
    QFETCH(Scenario, scenario);
    QCOMPARE(scenario.fast.size(), scenario.steps.size());
    TopologySnapshot before = scenario.start;
    TopologyLayoutResult layout = TopologyLayout::compute(before, {});
    for (qsizetype i = 0; i < scenario.steps.size(); ++i) {
        TopologySnapshot after = before;
        scenario.steps.at(i)(after);
        // As SnapshotBuilder lists them: masters first (a failover reorders the list).
        std::stable_sort(after.nodes.begin(), after.nodes.end(),
                         [](const Node &a, const Node &b) { return a.isMaster() && !b.isMaster(); });
        const TopologyLayoutResult expected = TopologyLayout::compute(after, layout.state);
        TopologyLayoutResult fast = layout;
        const bool applied = TopologyLayout::applyRoleChanges(before, after, fast);
        QCOMPARE(applied, scenario.fast.at(i));
        if (applied) {
            compareLayouts(fast, expected);
        } else {
            compareLayouts(fast, layout); // declined: untouched
        }
        if (QTest::currentTestFailed())
            QFAIL(qPrintable(QStringLiteral("at step %1").arg(i + 1)));
        layout = expected;
        before = after;
    }
}

QTEST_GUILESS_MAIN(TestTopologyLayout)
#include "tst_topologylayout.moc"
