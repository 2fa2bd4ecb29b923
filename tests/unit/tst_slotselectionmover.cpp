// SlotSelectionMover::intentFor: the reshard intent a slot-map selection gives for a target.
// A selection over several owners gives one range list and every owner as a source; the
// target's own slots and uncovered ones are left out (ranges split around them).
#include "slotmap/SlotSelectionMover.h"

#include <QtTest>

using namespace ops;

namespace {

Node master(const QString &id, quint16 port)
{
    Node n;
    n.id = id;
    n.endpoint = Endpoint{QStringLiteral("127.0.0.1"), port};
    n.role = Node::Role::Master;
    return n;
}

/** A: 0-5460, B: 5461-10922, C: 10923-16383 but 12000-12009 uncovered. */
TopologySnapshot cluster()
{
    TopologySnapshot s;
    s.kind = TopologySnapshot::Kind::Cluster;
    s.nodes = {master(QStringLiteral("a"), 7000), master(QStringLiteral("b"), 7001), master(QStringLiteral("c"), 7002)};
    auto map = std::make_shared<SlotMap>();
    map->assign({0, 5460}, QStringLiteral("a"));
    map->assign({5461, 10922}, QStringLiteral("b"));
    map->assign({10923, 11999}, QStringLiteral("c"));
    map->assign({12010, 16383}, QStringLiteral("c"));
    s.slotMap = map;
    return s;
}

} // namespace

class TestSlotSelectionMover : public QObject
{
    Q_OBJECT
private slots:
    void intent_data();
    void intent();
};

void TestSlotSelectionMover::intent_data()
{
    QTest::addColumn<int>("first");
    QTest::addColumn<int>("last");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("ranges");
    QTest::addColumn<QString>("sources");

    QTest::newRow("one owner") << 100 << 199 << "b" << "100-199" << "127.0.0.1:7000";
    QTest::newRow("two owners, one range") << 5400 << 5500 << "c" << "5400-5500" << "127.0.0.1:7000,127.0.0.1:7001";
    QTest::newRow("target's own slots left out") << 5400 << 5500 << "b" << "5400-5460" << "127.0.0.1:7000";
    QTest::newRow("target in the middle splits") << 5000 << 11000 << "b" << "5000-5460,10923-11000"
                                                 << "127.0.0.1:7000,127.0.0.1:7002";
    QTest::newRow("uncovered slots left out") << 11990 << 12020 << "a" << "11990-11999,12010-12020" << "127.0.0.1:7002";
    QTest::newRow("all the target's: nothing") << 0 << 10 << "a" << "" << "";
    QTest::newRow("one slot") << 5461 << 5461 << "a" << "5461" << "127.0.0.1:7001";
}

void TestSlotSelectionMover::intent()
{
    QFETCH(int, first);
    QFETCH(int, last);
    QFETCH(QString, target);
    const TopologySnapshot s = cluster();
    const ReshardIntent intent = SlotSelectionMover::intentFor(s, {first, last}, target);
    QCOMPARE(intent.mode, ReshardIntent::Mode::Move);
    QCOMPARE(intent.target, s.node(target)->endpoint.toString());
    QStringList ranges;
    for (const SlotRange &r : intent.ranges)
        ranges << r.toString();
    QTEST(ranges.join(QLatin1Char(',')), "ranges");
    QTEST(intent.sources.join(QLatin1Char(',')), "sources");
    QCOMPARE(intent.slotCount, 0);
}

QTEST_APPLESS_MAIN(TestSlotSelectionMover)
#include "tst_slotselectionmover.moc"
