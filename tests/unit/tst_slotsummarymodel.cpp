// Unit tests of SlotSummaryModel over snapshots built by SnapshotBuilder from synthetic
// CLUSTER NODES text (one viewpoint per master, so each master's own line carries its
// MIGRATING / IMPORTING markers): rows and cells for even, uneven, uncovered and migrating
// distributions, exact incremental updates (only dataChanged when nothing structural changed;
// insert / remove / move rows otherwise), the raw role for numeric sorting, and
// QAbstractItemModelTester watching the model through every change.
#include "SyntheticCluster.h"
#include "SyntheticSlotLayout.h"
#include "viewmodels/SlotSummaryModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QtTest>

using namespace ops;

namespace {

constexpr qint64 kNow = 1'000'000;

using Layout = synthetic::SlotLayout;

QString id(int index) { return QString::fromLatin1(synthetic::nodeId(index)); }

SnapshotPtr build(const Layout &layout, quint64 sequence = 1)
{
    return synthetic::slotLayoutSnapshot(layout, kNow, sequence);
}

QVariant cell(const SlotSummaryModel &m, int row, int column, int role = Qt::DisplayRole)
{
    return m.data(m.index(row, column), role);
}

/** Every signal that announces a structural change. */
struct StructureSpies
{
    explicit StructureSpies(QAbstractItemModel *m)
        : inserted(m, &QAbstractItemModel::rowsInserted), removed(m, &QAbstractItemModel::rowsRemoved),
          moved(m, &QAbstractItemModel::rowsMoved), reset(m, &QAbstractItemModel::modelReset),
          layout(m, &QAbstractItemModel::layoutChanged), changed(m, &QAbstractItemModel::dataChanged)
    {
    }
    int structural() const { return int(inserted.size() + removed.size() + moved.size() + reset.size() + layout.size()); }
    void clear()
    {
        for (QSignalSpy *s : {&inserted, &removed, &moved, &reset, &layout, &changed})
            s->clear();
    }
    /** The (row, first column, last column) of every dataChanged. */
    QList<QList<int>> changedCells() const
    {
        QList<QList<int>> out;
        for (const QList<QVariant> &args : changed) {
            const auto tl = args.at(0).value<QModelIndex>(), br = args.at(1).value<QModelIndex>();
            Q_ASSERT(tl.row() == br.row());
            out.append({tl.row(), tl.column(), br.column()});
        }
        return out;
    }
    QSignalSpy inserted, removed, moved, reset, layout, changed;
};

} // namespace

class TestSlotSummaryModel : public QObject
{
    Q_OBJECT

private slots:
    void evenClusterCells();
    void distributions_data();
    void distributions();
    void sameMastersGiveOnlyDataChanged();
    void addressChangeGivesAddressCellsOnly();
    void mastersAddedAndRemoved();
    void uncoveredRowAppearsAndGoes();
    void reorderedMastersAreMoved();
    void failedMasterWithoutSlotsDoesNotCount();
    void nonClusterIsEmpty();
    void rawRoleSortsNumbers();
};

void TestSlotSummaryModel::evenClusterCells()
{
    SlotSummaryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Layout layout;
    layout.keys = {{0, 1500}, {1, 1200}, {2, 1300}};
    model.setSnapshot(build(layout));

    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), int(SlotSummaryModel::ColumnCount));
    QCOMPARE(model.masterCount(), 3);
    const QLocale locale;
    QCOMPARE(cell(model, 0, SlotSummaryModel::AddressColumn).toString(), QStringLiteral("127.0.0.1:30000"));
    QCOMPARE(cell(model, 0, SlotSummaryModel::NodeIdColumn).toString(), id(0).left(8));
    QCOMPARE(cell(model, 0, SlotSummaryModel::NodeIdColumn, SlotSummaryModel::RawRole).toString(), id(0));
    QCOMPARE(cell(model, 0, SlotSummaryModel::SlotsColumn).toString(), locale.toString(5462));
    QCOMPARE(cell(model, 0, SlotSummaryModel::SlotsColumn, SlotSummaryModel::RawRole).toLongLong(), 5462);
    QCOMPARE(cell(model, 1, SlotSummaryModel::SlotsColumn, SlotSummaryModel::RawRole).toLongLong(), 5461);
    QCOMPARE(cell(model, 0, SlotSummaryModel::ShareColumn).toString(), QStringLiteral("33.34 %"));
    QCOMPARE(cell(model, 0, SlotSummaryModel::RangesColumn).toString(), QStringLiteral("0-5461"));
    QCOMPARE(cell(model, 2, SlotSummaryModel::RangesColumn).toString(), QStringLiteral("10923-16383"));
    QCOMPARE(cell(model, 1, SlotSummaryModel::KeysColumn).toString(), locale.toString(1200));
    QCOMPARE(cell(model, 1, SlotSummaryModel::KeysColumn, SlotSummaryModel::RawRole).toLongLong(), 1200);
    QCOMPARE(cell(model, 1, SlotSummaryModel::MemoryColumn).toString(), locale.formattedDataSize(2 * 1048576));
    QCOMPARE(cell(model, 1, SlotSummaryModel::MemoryColumn, SlotSummaryModel::RawRole).toLongLong(), 2 * 1048576);
    QCOMPARE(cell(model, 0, SlotSummaryModel::MigratingColumn).toString(), QStringLiteral("0"));
    QCOMPARE(cell(model, 0, SlotSummaryModel::DeviationColumn).toString(), QStringLiteral("0.0 %"));
    QVERIFY(!cell(model, 0, SlotSummaryModel::DeviationColumn, SlotSummaryModel::UnevenRole).toBool());
    QCOMPARE(cell(model, 0, SlotSummaryModel::SlotsColumn, Qt::TextAlignmentRole).toInt(), int(Qt::AlignRight | Qt::AlignVCenter));
    QCOMPARE(model.headerData(SlotSummaryModel::DeviationColumn, Qt::Horizontal).toString(), QStringLiteral("Deviation"));
    QCOMPARE(model.unevenCount(), 0);
    QCOMPARE(model.uncoveredCount(), 0);
    QCOMPARE(model.evenShare(), 16384.0 / 3);
    QCOMPARE(model.rowOf(id(2)), 2);
}

void TestSlotSummaryModel::distributions_data()
{
    QTest::addColumn<Layout>("layout");
    QTest::addColumn<int>("rows");
    QTest::addColumn<QList<int>>("slotCounts");       // per master row
    QTest::addColumn<QList<int>>("unevenRows");
    QTest::addColumn<int>("uncovered");
    QTest::addColumn<QString>("uncoveredRanges");
    QTest::addColumn<QList<int>>("migrating");        // per master row
    QTest::addColumn<QList<int>>("importing");
    QTest::addColumn<int>("migrations");
    QTest::addColumn<int>("halfOpen");

    Layout even;
    QTest::newRow("even 3 masters") << even << 3 << QList<int>{5462, 5461, 5461} << QList<int>{} << 0 << QString()
                                    << QList<int>{0, 0, 0} << QList<int>{0, 0, 0} << 0 << 0;

    Layout uneven; // master 0 gives 1462 slots to master 1: -26.8 % and +26.8 %
    uneven.slotText = {{0, "0-3999"}, {1, "4000-10922"}};
    QTest::newRow("uneven two masters") << uneven << 3 << QList<int>{4000, 6923, 5461} << QList<int>{0, 1} << 0 << QString()
                                        << QList<int>{0, 0, 0} << QList<int>{0, 0, 0} << 0 << 0;

    Layout withinTolerance; // 9 % off: not flagged
    withinTolerance.slotText = {{0, "0-4969"}, {1, "4970-10922"}};
    QTest::newRow("9% off is even") << withinTolerance << 3 << QList<int>{4970, 5953, 5461} << QList<int>{} << 0 << QString()
                                    << QList<int>{0, 0, 0} << QList<int>{0, 0, 0} << 0 << 0;

    Layout tail; // the last 384 slots have no owner
    tail.slotText = {{2, "10923-15999"}};
    QTest::newRow("uncovered tail") << tail << 4 << QList<int>{5462, 5461, 5077} << QList<int>{} << 384 << QStringLiteral("16000-16383")
                                    << QList<int>{0, 0, 0} << QList<int>{0, 0, 0} << 0 << 0;

    Layout holes; // two holes, one of a single slot; master 1 is left with 61 % of its share
    holes.slotText = {{0, "0-99 101-5461"}, {1, "5462-8799"}};
    QTest::newRow("uncovered holes") << holes << 4 << QList<int>{5461, 3338, 5461} << QList<int>{1} << 2124
                                     << QStringLiteral("100, 8800-10922") << QList<int>{0, 0, 0} << QList<int>{0, 0, 0} << 0 << 0;

    Layout nothing; // a master with no slots at all: everything uncovered but its share
    nothing.slotText = {{0, ""}, {1, ""}};
    QTest::newRow("two masters own nothing") << nothing << 4 << QList<int>{0, 0, 5461} << QList<int>{0, 1} << 10923
                                             << QStringLiteral("0-10922") << QList<int>{0, 0, 0} << QList<int>{0, 0, 0} << 0 << 0;

    Layout moving; // slot 100 from master 0 to 2, both halves; slots 200-201 too
    moving.moves = {{100, 0, 2}, {200, 0, 2}, {201, 0, 2}};
    QTest::newRow("migration both halves") << moving << 3 << QList<int>{5462, 5461, 5461} << QList<int>{} << 0 << QString()
                                           << QList<int>{3, 0, 0} << QList<int>{0, 0, 3} << 3 << 0;

    Layout halfOpen; // only the MIGRATING half of 6000 (1 -> 0), only the IMPORTING half of 12000 (2 -> 1)
    halfOpen.moves = {{6000, 1, 0, true, false}, {12000, 2, 1, false, true}};
    QTest::newRow("half-open migrations") << halfOpen << 3 << QList<int>{5462, 5461, 5461} << QList<int>{} << 0 << QString()
                                          << QList<int>{0, 1, 0} << QList<int>{0, 1, 0} << 2 << 2;

    Layout everything; // uneven + uncovered + migrating at once, 5 masters
    everything.masters = 5;
    everything.slotText = {{0, "0-1999"}, {4, "13108-16000"}};
    everything.moves = {{50, 0, 1}, {16000, 4, 3, true, false}};
    QTest::newRow("5 masters, all at once") << everything << 6 << QList<int>{2000, 3277, 3277, 3277, 2893} << QList<int>{0, 4}
                                            << 1660 << QStringLiteral("2000-3276, 16001-16383") << QList<int>{1, 0, 0, 0, 1}
                                            << QList<int>{0, 1, 0, 0, 0} << 2 << 1;
}

void TestSlotSummaryModel::distributions()
{
    QFETCH(Layout, layout);
    QFETCH(int, rows);
    QFETCH(QList<int>, slotCounts);
    QFETCH(QList<int>, unevenRows);
    QFETCH(int, uncovered);
    QFETCH(QString, uncoveredRanges);
    QFETCH(QList<int>, migrating);
    QFETCH(QList<int>, importing);
    QFETCH(int, migrations);
    QFETCH(int, halfOpen);

    SlotSummaryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSnapshot(build(layout));

    QCOMPARE(model.rowCount(), rows);
    QCOMPARE(model.masterCount(), layout.masters);
    for (int r = 0; r < layout.masters; ++r) {
        QCOMPARE(cell(model, r, SlotSummaryModel::AddressColumn).toString(), QStringLiteral("127.0.0.1:%1").arg(30000 + r));
        QCOMPARE(cell(model, r, SlotSummaryModel::SlotsColumn, SlotSummaryModel::RawRole).toLongLong(), slotCounts.at(r));
        QCOMPARE(cell(model, r, SlotSummaryModel::DeviationColumn, SlotSummaryModel::UnevenRole).toBool(), unevenRows.contains(r));
        QCOMPARE(cell(model, r, SlotSummaryModel::DeviationColumn).toString().endsWith(QLatin1String(" uneven")), unevenRows.contains(r));
        QCOMPARE(cell(model, r, SlotSummaryModel::MigratingColumn, SlotSummaryModel::RawRole).toLongLong(), migrating.at(r));
        QCOMPARE(cell(model, r, SlotSummaryModel::ImportingColumn, SlotSummaryModel::RawRole).toLongLong(), importing.at(r));
        QVERIFY(!cell(model, r, SlotSummaryModel::AddressColumn, SlotSummaryModel::UncoveredRowRole).toBool());
    }
    QCOMPARE(model.unevenCount(), int(unevenRows.size()));
    QCOMPARE(model.uncoveredCount(), uncovered);
    QCOMPARE(model.coveredCount(), kSlotCount - uncovered);
    QCOMPARE(model.migrationCount(), migrations);
    QCOMPARE(model.halfOpenCount(), halfOpen);
    if (uncovered > 0) {
        const int last = rows - 1;
        QVERIFY(cell(model, last, SlotSummaryModel::AddressColumn, SlotSummaryModel::UncoveredRowRole).toBool());
        QCOMPARE(cell(model, last, SlotSummaryModel::AddressColumn).toString(), QStringLiteral("uncovered"));
        QCOMPARE(cell(model, last, SlotSummaryModel::SlotsColumn, SlotSummaryModel::RawRole).toLongLong(), uncovered);
        QCOMPARE(cell(model, last, SlotSummaryModel::RangesColumn).toString(), uncoveredRanges);
        QVERIFY(cell(model, last, SlotSummaryModel::NodeIdColumn, SlotSummaryModel::NodeIdRole).toString().isEmpty());
        QVERIFY(cell(model, last, SlotSummaryModel::DeviationColumn).toString().isEmpty());
    }
}

void TestSlotSummaryModel::sameMastersGiveOnlyDataChanged()
{
    SlotSummaryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Layout layout;
    layout.keys = {{0, 10}, {1, 20}, {2, 30}};
    model.setSnapshot(build(layout, 1));
    StructureSpies spies(&model);

    // Same content in a new snapshot: nothing at all.
    model.setSnapshot(build(layout, 2));
    QCOMPARE(spies.structural(), 0);
    QCOMPARE(spies.changed.size(), 0);

    // Keys of master 1 change: exactly that cell.
    layout.keys[1] = 25;
    model.setSnapshot(build(layout, 3));
    QCOMPARE(spies.structural(), 0);
    QCOMPARE(spies.changedCells(), (QList<QList<int>>{{1, SlotSummaryModel::KeysColumn, SlotSummaryModel::KeysColumn}}));
    QCOMPARE(cell(model, 1, SlotSummaryModel::KeysColumn, SlotSummaryModel::RawRole).toLongLong(), 25);
    spies.clear();

    // Master 0 moves a slot to master 2 (in migration): migrating / importing cells only.
    layout.moves = {{7, 0, 2}};
    model.setSnapshot(build(layout, 4));
    QCOMPARE(spies.structural(), 0);
    QCOMPARE(spies.changedCells(), (QList<QList<int>>{{0, SlotSummaryModel::MigratingColumn, SlotSummaryModel::MigratingColumn},
                                                      {2, SlotSummaryModel::ImportingColumn, SlotSummaryModel::ImportingColumn}}));
    spies.clear();

    // Master 0 hands 2000 slots to master 1: both become uneven (every cell of their rows carries
    // UnevenRole); the migration of slot 7 is over, so master 2 only loses its importing count.
    layout.moves.clear();
    layout.slotText = {{0, "0-3461"}, {1, "3462-10922"}};
    model.setSnapshot(build(layout, 5));
    QCOMPARE(spies.structural(), 0);
    QCOMPARE(spies.changedCells(), (QList<QList<int>>{{0, 0, SlotSummaryModel::ColumnCount - 1},
                                                      {1, 0, SlotSummaryModel::ColumnCount - 1},
                                                      {2, SlotSummaryModel::ImportingColumn, SlotSummaryModel::ImportingColumn}}));
    QCOMPARE(model.unevenCount(), 2);
    spies.clear();

    // Slot counts change but nobody crosses the 10 % line: slots, share, ranges, deviation.
    layout.slotText = {{0, "0-3460"}, {1, "3461-10922"}};
    model.setSnapshot(build(layout, 6));
    QCOMPARE(spies.structural(), 0);
    QCOMPARE(spies.changedCells(), (QList<QList<int>>{{0, SlotSummaryModel::SlotsColumn, SlotSummaryModel::RangesColumn},
                                                      {0, SlotSummaryModel::DeviationColumn, SlotSummaryModel::DeviationColumn},
                                                      {1, SlotSummaryModel::SlotsColumn, SlotSummaryModel::RangesColumn},
                                                      {1, SlotSummaryModel::DeviationColumn, SlotSummaryModel::DeviationColumn}}));
}

void TestSlotSummaryModel::addressChangeGivesAddressCellsOnly()
{
    // Address strings are formatted once per endpoint and reused: a node that moves must still
    // show its new address, and moving back must show the old one again.
    SlotSummaryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Layout layout;
    model.setSnapshot(build(layout, 1));
    StructureSpies spies(&model);
    for (const int port : {31000, 30000, 31000}) {
        layout.basePort = port;
        model.setSnapshot(build(layout, 2));
        QCOMPARE(spies.structural(), 0);
        QCOMPARE(spies.changedCells(), (QList<QList<int>>{{0, SlotSummaryModel::AddressColumn, SlotSummaryModel::AddressColumn},
                                                          {1, SlotSummaryModel::AddressColumn, SlotSummaryModel::AddressColumn},
                                                          {2, SlotSummaryModel::AddressColumn, SlotSummaryModel::AddressColumn}}));
        for (int row = 0; row < 3; ++row) {
            const QString address = QStringLiteral("127.0.0.1:%1").arg(port + row);
            QCOMPARE(cell(model, row, SlotSummaryModel::AddressColumn).toString(), address);
            QCOMPARE(cell(model, row, SlotSummaryModel::AddressColumn, SlotSummaryModel::RawRole).toString(),
                     QStringLiteral("127.0.0.1:%1").arg(port + row, 5, 10, QLatin1Char('0')));
        }
        spies.clear();
    }
}

void TestSlotSummaryModel::mastersAddedAndRemoved()
{
    SlotSummaryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Layout three;
    three.replicas = 0;
    model.setSnapshot(build(three));
    StructureSpies spies(&model);

    Layout four = three;
    four.masters = 4;
    model.setSnapshot(build(four));
    QCOMPARE(spies.inserted.size(), 1);
    QCOMPARE(spies.inserted.first().at(1).toInt(), 3);
    QCOMPARE(spies.inserted.first().at(2).toInt(), 3);
    QCOMPARE(spies.removed.size() + spies.moved.size() + spies.reset.size(), 0);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(cell(model, 3, SlotSummaryModel::AddressColumn).toString(), QStringLiteral("127.0.0.1:30003"));
    QCOMPARE(model.evenShare(), 4096.0);
    spies.clear();

    Layout five = three;
    five.masters = 5;
    model.setSnapshot(build(five));
    QCOMPARE(spies.inserted.size(), 1);
    QCOMPARE(spies.inserted.first().at(1).toInt(), 4);
    spies.clear();

    model.setSnapshot(build(three));
    QCOMPARE(spies.removed.size(), 1); // one contiguous run: rows 3-4
    QCOMPARE(spies.removed.first().at(1).toInt(), 3);
    QCOMPARE(spies.removed.first().at(2).toInt(), 4);
    QCOMPARE(spies.inserted.size() + spies.moved.size() + spies.reset.size(), 0);
    QCOMPARE(model.rowCount(), 3);
}

void TestSlotSummaryModel::uncoveredRowAppearsAndGoes()
{
    SlotSummaryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Layout layout;
    model.setSnapshot(build(layout));
    StructureSpies spies(&model);

    layout.slotText = {{2, "10923-16000"}};
    model.setSnapshot(build(layout));
    QCOMPARE(spies.inserted.size(), 1);
    QCOMPARE(spies.inserted.first().at(1).toInt(), 3);
    QCOMPARE(model.rowCount(), 4);
    spies.clear();

    layout.slotText = {{2, "10923-15000"}}; // still uncovered, more of it: the row changes in place
    model.setSnapshot(build(layout));
    QCOMPARE(spies.structural(), 0);
    QCOMPARE(cell(model, 3, SlotSummaryModel::SlotsColumn, SlotSummaryModel::RawRole).toLongLong(), 1383);
    spies.clear();

    layout.slotText.clear();
    model.setSnapshot(build(layout));
    QCOMPARE(spies.removed.size(), 1);
    QCOMPARE(spies.removed.first().at(1).toInt(), 3);
    QCOMPARE(model.rowCount(), 3);
}

void TestSlotSummaryModel::reorderedMastersAreMoved()
{
    // Hand-made snapshots: the node order is the snapshot's, and an address change reorders it.
    auto snapshot = [](const QList<QPair<QString, quint16>> &masters) {
        auto s = std::make_shared<TopologySnapshot>();
        s->kind = TopologySnapshot::Kind::Cluster;
        auto map = std::make_shared<SlotMap>();
        for (qsizetype i = 0; i < masters.size(); ++i) {
            Node n;
            n.id = masters.at(i).first;
            n.role = Node::Role::Master;
            n.endpoint = Endpoint{QStringLiteral("10.0.0.1"), masters.at(i).second};
            s->nodes.append(n);
            map->assign(synthetic::slotRangeOf(int(i), int(masters.size())), n.id);
        }
        s->slotMap = map;
        return SnapshotPtr(s);
    };
    const QString a = QStringLiteral("a"), b = QStringLiteral("b"), c = QStringLiteral("c"), d = QStringLiteral("d");
    SlotSummaryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSnapshot(snapshot({{a, 1}, {b, 2}, {c, 3}}));
    StructureSpies spies(&model);

    model.setSnapshot(snapshot({{c, 3}, {a, 1}, {d, 4}, {b, 2}}));
    QCOMPARE(spies.reset.size(), 0);
    QCOMPARE(spies.moved.size(), 1);
    QCOMPARE(spies.inserted.size(), 1);
    QCOMPARE(model.rowCount(), 4);
    const QStringList order{c, a, d, b};
    for (int r = 0; r < 4; ++r)
        QCOMPARE(cell(model, r, SlotSummaryModel::NodeIdColumn, SlotSummaryModel::RawRole).toString(), order.at(r));
    spies.clear();

    model.setSnapshot(snapshot({{d, 4}, {b, 2}}));
    QCOMPARE(spies.removed.size(), 1); // c and a are adjacent now: one run
    QCOMPARE(spies.removed.first().at(1).toInt(), 0);
    QCOMPARE(spies.removed.first().at(2).toInt(), 1);
    QCOMPARE(spies.reset.size(), 0);
    QCOMPARE(cell(model, 0, SlotSummaryModel::NodeIdColumn, SlotSummaryModel::RawRole).toString(), d);
    QCOMPARE(cell(model, 1, SlotSummaryModel::NodeIdColumn, SlotSummaryModel::RawRole).toString(), b);
}

void TestSlotSummaryModel::failedMasterWithoutSlotsDoesNotCount()
{
    // Master 1 failed over: its replica owns the slots now; the old master is a failed replica.
    // A master that is failed and owns nothing would not count either; a healthy empty master does.
    Layout layout;
    layout.failedOver = {1};
    SlotSummaryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSnapshot(build(layout));
    QCOMPARE(model.masterCount(), 3);
    QCOMPARE(model.rowOf(id(1)), -1);
    QVERIFY(model.rowOf(id(3 + 1)) >= 0); // the promoted replica (node index masters + 1)
    QCOMPARE(model.unevenCount(), 0);

    // A master flagged FAIL that owns nothing (not yet a replica of its successor): no share.
    auto failed = std::make_shared<TopologySnapshot>(*build(Layout{}));
    for (Node &n : failed->nodes)
        if (n.id == id(1))
            n.flags |= Node::Fail;
    auto map = std::make_shared<SlotMap>(*failed->slotMap);
    map->assign({0, 8191}, id(0));
    map->assign({8192, 16383}, id(2));
    failed->slotMap = map;
    model.setSnapshot(failed);
    QCOMPARE(model.masterCount(), 3);
    QCOMPARE(model.evenShare(), 8192.0);
    QCOMPARE(model.unevenCount(), 0);
    QCOMPARE(cell(model, 1, SlotSummaryModel::DeviationColumn).toString(), QStringLiteral("–"));
    QCOMPARE(cell(model, 0, SlotSummaryModel::DeviationColumn).toString(), QStringLiteral("0.0 %"));

    Layout withEmpty;
    withEmpty.slotText = {{2, ""}};
    withEmpty.slotText.insert(1, "5462-16383");
    model.setSnapshot(build(withEmpty));
    QCOMPARE(model.evenShare(), 16384.0 / 3);         // the empty master counts for the share
    QCOMPARE(model.unevenCount(), 2);                 // 10922 slots, and 0 slots
    QCOMPARE(cell(model, 2, SlotSummaryModel::DeviationColumn).toString(), QStringLiteral("-100.0 % uneven"));
}

void TestSlotSummaryModel::nonClusterIsEmpty()
{
    SlotSummaryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSnapshot(build(Layout{}));
    QCOMPARE(model.rowCount(), 3);
    auto sentinel = std::make_shared<TopologySnapshot>();
    sentinel->kind = TopologySnapshot::Kind::Sentinel;
    model.setSnapshot(sentinel);
    QCOMPARE(model.rowCount(), 0);
    model.setSnapshot(nullptr);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.uncoveredCount(), 0);
}

void TestSlotSummaryModel::rawRoleSortsNumbers()
{
    // 12 masters: slot counts 1365 / 1366 and one with 900 — as text, "900" would sort last.
    Layout layout;
    layout.masters = 12;
    layout.replicas = 0;
    layout.slotText = {{0, "0-899"}, {1, "900-2731"}};
    SlotSummaryModel model;
    model.setSnapshot(build(layout));
    QSortFilterProxyModel proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    proxy.setSortRole(SlotSummaryModel::RawRole);
    proxy.sort(SlotSummaryModel::SlotsColumn, Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, SlotSummaryModel::SlotsColumn).data(SlotSummaryModel::RawRole).toLongLong(), 900);
    QCOMPARE(proxy.index(11, SlotSummaryModel::SlotsColumn).data(SlotSummaryModel::RawRole).toLongLong(), 1832);
    // Address keys sort by port as a number: 30002 < 30010.
    proxy.sort(SlotSummaryModel::AddressColumn, Qt::AscendingOrder);
    QCOMPARE(proxy.index(2, 0).data().toString(), QStringLiteral("127.0.0.1:30002"));
    QCOMPARE(proxy.index(10, 0).data().toString(), QStringLiteral("127.0.0.1:30010"));
}

QTEST_GUILESS_MAIN(TestSlotSummaryModel)
#include "tst_slotsummarymodel.moc"
