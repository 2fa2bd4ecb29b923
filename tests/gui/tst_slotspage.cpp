// The Slots page offscreen: the slot map's owner (and drawn colour) at every slot equals the
// snapshot's SlotMap, a drag selects the right slot range, the hover tooltip names slot, owner,
// migration state and the key count asked for on demand (escaped: server strings are plain
// text), uncovered and migrating slots are marked, the cached image is rebuilt only when the slot
// map changes, and over a real 3x1 lab the owners match CLUSTER SLOTS. Screenshots go to the test
// output dir (normal, migration + uncovered, 500 masters, dark palette, lab).
#include "LabFixture.h"
#include "SyntheticCluster.h"
#include "SyntheticObservation.h"
#include "TestPaths.h"
#include "discovery/SnapshotBuilder.h"
#include "monitor/Monitor.h"
#include "slotmap/SlotMapWidget.h"
#include "slotmap/SlotTableProxy.h"
#include "slotmap/SlotsPage.h"
#include "viewmodels/SlotSummaryModel.h"

#include <QApplication>
#include <QHelpEvent>
#include <QLabel>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QToolTip>

using namespace ops;

namespace {

constexpr qint64 kNow = 1'000'000;

/** A synthetic cluster with edits on top of the even split (see tst_slotsummarymodel). */
struct Layout
{
    struct Move
    {
        int slot = 0;
        int from = 0;
        int to = 1;
        bool migrating = true;
        bool importing = true;
    };
    int masters = 3;
    int replicas = 1;
    int viewpoints = -1;               ///< -1: every master's own view
    QHash<int, QByteArray> slotText;   ///< master index -> its slot fields
    QList<Move> moves;
};

QString id(int index) { return QString::fromLatin1(synthetic::nodeId(index)); }

SnapshotPtr build(const Layout &layout)
{
    SnapshotInput in;
    in.deploymentId = QStringLiteral("cluster:test");
    in.kind = TopologySnapshot::Kind::Cluster;
    in.nowMs = kNow;
    const int views = layout.viewpoints < 0 ? layout.masters : layout.viewpoints;
    for (int view = 0; view < views; ++view) {
        synthetic::ClusterSpec spec;
        spec.masters = layout.masters;
        spec.replicasPerMaster = layout.replicas;
        spec.myselfIndex = view;
        QByteArray text;
        for (QByteArray line : synthetic::clusterNodesText(spec).split('\n')) {
            if (line.isEmpty())
                continue;
            const int index = line.startsWith(synthetic::nodeId(view)) ? view : -1;
            for (auto it = layout.slotText.cbegin(); it != layout.slotText.cend(); ++it)
                if (line.startsWith(synthetic::nodeId(it.key()))) {
                    line.truncate(line.lastIndexOf(" connected") + 10);
                    if (!it->isEmpty())
                        line += ' ' + *it;
                }
            if (index == view)
                for (const Layout::Move &mv : layout.moves) {
                    if (mv.from == view && mv.migrating)
                        line += " [" + QByteArray::number(mv.slot) + "->-" + synthetic::nodeId(mv.to) + ']';
                    if (mv.to == view && mv.importing)
                        line += " [" + QByteArray::number(mv.slot) + "-<-" + synthetic::nodeId(mv.from) + ']';
                }
            text += line + '\n';
        }
        const NodeObservation o = synthetic::observation(quint16(30000 + view), kNow, text);
        in.observations.insert(o.endpoint.toString(), o);
    }
    return std::make_shared<const TopologySnapshot>(SnapshotBuilder::build(in));
}

/** Uncovered tail 16000-16383, slot 100 migrating 0 -> 1 (both halves), slot 9000 half-open 1 -> 2. */
Layout troubled()
{
    Layout l;
    l.slotText = {{2, "10923-15999"}};
    l.moves = {{100, 0, 1}, {9000, 1, 2, true, false}};
    return l;
}

/** Every slot's owner in the widget is the snapshot's; returns the first mismatch, or -1. */
int firstOwnerMismatch(const SlotMapWidget &map, const SlotMap &owners)
{
    for (int s = 0; s < kSlotCount; ++s)
        if (map.ownerAt(s) != owners.ownerOf(s) || (map.ownerIndexAt(s) < 0) != !owners.isCovered(s))
            return s;
    return -1;
}

/** The pixel drawn at the centre of each cell is the owner's colour (cells a marker ring may cover skipped). */
int firstColourMismatch(SlotMapWidget &map, const SlotMap &owners)
{
    const QImage image = map.grab().toImage();
    QList<bool> nearMarker(kSlotCount, false);
    for (const SlotMap::Migration &m : owners.migrations())
        for (int dr = -5; dr <= 5; ++dr)
            for (int dc = -6; dc <= 6; ++dc) {
                const int s = m.slot + dr * SlotMapWidget::kGridColumns + dc;
                if (s >= 0 && s < kSlotCount)
                    nearMarker[s] = true;
            }
    for (int s = 0; s < kSlotCount; ++s) {
        if (nearMarker.at(s) || !owners.isCovered(s))
            continue;
        if (image.pixelColor(map.cellRect(s).center()) != map.colorOfSlot(s))
            return s;
    }
    return -1;
}

QString save(QWidget &w, const QString &name)
{
    const QString file = testOutputDir() + QLatin1Char('/') + name;
    if (!w.grab().save(file))
        return {};
    return file;
}

} // namespace

class TestSlotsPage : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void ownersAndColoursMatchSnapshot();
    void dragSelectsSlotRange();
    void tooltipShowsSlotOwnerAndKeyCount();
    void tooltipEscapesServerStrings();
    void uncoveredAndMigratingSlots();
    void cacheRebuiltOnlyWhenSlotMapChanges();
    void tableSortsOnRawRoleUncoveredLast();
    void fiveHundredMasters();
    void darkPalette();
    void realLabOwnersMatchClusterSlots();

private:
    std::unique_ptr<SlotsPage> m_page;
};

void TestSlotsPage::init()
{
    m_page = std::make_unique<SlotsPage>();
    m_page->resize(1100, 800);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
}

void TestSlotsPage::cleanup()
{
    QToolTip::hideText();
    m_page.reset();
}

void TestSlotsPage::ownersAndColoursMatchSnapshot()
{
    Layout layout;
    layout.slotText = {{0, "0-3999"}, {1, "4000-10922"}}; // uneven: two masters off by 27 %
    const SnapshotPtr s = build(layout);
    m_page->setSnapshot(s);
    SlotMapWidget *map = m_page->findChild<SlotMapWidget *>(QStringLiteral("slotMap"));
    QVERIFY(map);
    QCOMPARE(firstOwnerMismatch(*map, *s->slotMap), -1);
    QCOMPARE(firstColourMismatch(*map, *s->slotMap), -1);
    QCOMPARE(map->owners(), (QStringList{id(0), id(1), id(2)})); // slot order
    QVERIFY(map->colorOfOwner(id(0)) != map->colorOfOwner(id(1)));
    QVERIFY(map->colorOfOwner(id(1)) != map->colorOfOwner(id(2)));
    QCOMPARE(map->slotAt(map->cellRect(4321).center()), 4321);
    QCOMPARE(map->slotAt(map->gridRect().bottomRight()), kSlotCount - 1);
    QCOMPARE(map->slotAt(map->gridRect().topLeft() - QPoint(1, 1)), -1);
    QCOMPARE(m_page->findChild<QLabel *>(QStringLiteral("slotsStatus"))->text(),
             QStringLiteral("16384/16384 covered, 0 migrations, uneven: 2 masters"));
    QCOMPARE(m_page->findChild<QTableView *>(QStringLiteral("slotTable"))->model()->rowCount(), 3);
    QVERIFY(!save(*m_page, QStringLiteral("slotspage-normal.png")).isEmpty());

    // Colours stay with their owners when the distribution changes.
    const QColor before = map->colorOfOwner(id(2));
    layout.slotText = {{0, "0-5461"}, {1, "5462-10922"}};
    m_page->setSnapshot(build(layout));
    QCOMPARE(map->colorOfOwner(id(2)), before);
    QCOMPARE(m_page->statusLabel()->text(), QStringLiteral("16384/16384 covered, 0 migrations, uneven: none"));
}

void TestSlotsPage::dragSelectsSlotRange()
{
    m_page->setSnapshot(build(Layout{}));
    SlotMapWidget *map = m_page->slotMap();
    QSignalSpy selected(m_page.get(), &SlotsPage::slotRangeSelected);

    QTest::mousePress(map, Qt::LeftButton, {}, map->cellRect(200).center());
    QTest::mouseMove(map, map->cellRect(700).center());
    QCOMPARE(map->selection(), (SlotRange{200, 700}));
    QTest::mouseRelease(map, Qt::LeftButton, {}, map->cellRect(1000).center());
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first(), (QList<QVariant>{200, 1000}));
    QVERIFY(!save(*map, QStringLiteral("slotspage-selection.png")).isEmpty());

    // Backwards, and released outside the grid: clamped to its last row.
    QTest::mousePress(map, Qt::LeftButton, {}, map->cellRect(5000).center());
    QTest::mouseMove(map, map->cellRect(4000).center());
    QTest::mouseRelease(map, Qt::LeftButton, {}, map->cellRect(4000).center());
    QCOMPARE(selected.last(), (QList<QVariant>{4000, 5000}));
    QTest::mousePress(map, Qt::LeftButton, {}, map->cellRect(16300).center());
    QTest::mouseRelease(map, Qt::LeftButton, {}, map->gridRect().bottomRight() + QPoint(30, 30));
    QCOMPARE(selected.last(), (QList<QVariant>{16300, 16383}));
    // A click is a one-slot range; Escape clears the selection.
    QTest::mouseClick(map, Qt::LeftButton, {}, map->cellRect(42).center());
    QCOMPARE(selected.last(), (QList<QVariant>{42, 42}));
    QTest::keyClick(map, Qt::Key_Escape);
    QVERIFY(!map->hasSelection());
}

void TestSlotsPage::tooltipShowsSlotOwnerAndKeyCount()
{
    m_page->setSnapshot(build(troubled()));
    SlotMapWidget *map = m_page->slotMap();
    QSignalSpy requests(m_page.get(), &SlotsPage::keyCountRequested);
    auto hover = [&](int slot) {
        const QPoint pos = map->cellRect(slot).center();
        QHelpEvent event(QEvent::ToolTip, pos, map->mapToGlobal(pos));
        QApplication::sendEvent(map, &event);
    };

    hover(1234);
    QTRY_VERIFY(QToolTip::isVisible());
    QString text = QToolTip::text();
    QVERIFY2(text.contains(QLatin1String("Slot 1234")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("Owner: 127.0.0.1:30000")), qPrintable(text));
    QVERIFY2(text.contains(id(0)), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("Migration: none")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Keys: counting…")), qPrintable(text));
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.first().first().toInt(), 1234);

    m_page->setKeyCount(1234, 4242); // the answer updates the visible tooltip
    QVERIFY2(QToolTip::text().contains(QStringLiteral("Keys: %1").arg(QLocale().toString(4242))), qPrintable(QToolTip::text()));
    hover(1234);
    QCOMPARE(requests.size(), 1); // fresh: not asked again

    hover(100);
    QVERIFY2(QToolTip::text().contains(QStringLiteral("Migrating: 127.0.0.1:30000 → 127.0.0.1:30001")), qPrintable(QToolTip::text()));
    hover(9000);
    QVERIFY2(QToolTip::text().contains(QLatin1String("Half-open: MIGRATING on 127.0.0.1:30001 towards 127.0.0.1:30002")),
             qPrintable(QToolTip::text()));
    const int before = int(requests.size());
    hover(16200);
    QVERIFY2(QToolTip::text().contains(QLatin1String("uncovered")), qPrintable(QToolTip::text()));
    QCOMPARE(int(requests.size()), before); // nobody to ask
    QCOMPARE(map->toolTipText(16200).split(QLatin1Char('\n')).first(), QStringLiteral("Slot 16200"));
}

void TestSlotsPage::tooltipEscapesServerStrings()
{
    // A hand-made snapshot whose node address is markup: shown literally, never interpreted.
    auto s = std::make_shared<TopologySnapshot>();
    s->kind = TopologySnapshot::Kind::Cluster;
    Node n;
    n.id = QStringLiteral("evil");
    n.role = Node::Role::Master;
    n.endpoint = Endpoint{QStringLiteral("<b>x</b><img src=y>"), 1};
    s->nodes = {n};
    auto map = std::make_shared<SlotMap>();
    map->assign({0, kSlotCount - 1}, n.id);
    s->slotMap = map;
    m_page->setSnapshot(s);
    SlotMapWidget *w = m_page->slotMap();
    const QPoint pos = w->cellRect(5).center();
    QHelpEvent event(QEvent::ToolTip, pos, w->mapToGlobal(pos));
    QApplication::sendEvent(w, &event);
    QTRY_VERIFY(QToolTip::isVisible());
    QVERIFY2(QToolTip::text().contains(QLatin1String("&lt;b&gt;x&lt;/b&gt;&lt;img src=y&gt;")), qPrintable(QToolTip::text()));
    QVERIFY(!QToolTip::text().contains(QLatin1String("<b>x")));
    QVERIFY(w->toolTipText(5).contains(QLatin1String("<b>x</b><img src=y>:1"))); // the plain text itself is intact
}

void TestSlotsPage::uncoveredAndMigratingSlots()
{
    const SnapshotPtr s = build(troubled());
    m_page->setSnapshot(s);
    SlotMapWidget *map = m_page->slotMap();
    QCOMPARE(firstOwnerMismatch(*map, *s->slotMap), -1);
    QCOMPARE(firstColourMismatch(*map, *s->slotMap), -1);
    QCOMPARE(map->ownerIndexAt(16000), -1);
    QCOMPARE(map->colorOfSlot(16100), OwnerPalette::uncoveredColor());
    QCOMPARE(map->ownerAt(100), id(0));
    QCOMPARE(m_page->statusLabel()->text(), QStringLiteral("16000/16384 covered, 2 migrations (1 half-open), uneven: none"));

    // Uncovered cells are black or hatch-red, never an owner's colour.
    const QImage image = map->grab().toImage();
    for (int slot : {16000, 16100, 16200, 16383}) {
        const QColor c = image.pixelColor(map->cellRect(slot).center());
        QVERIFY2(c == OwnerPalette::uncoveredColor() || c == OwnerPalette::uncoveredHatchColor(), qPrintable(c.name()));
    }
    // A migration ring is drawn around slot 100: the pixels beside the cell are not its owner's colour.
    const QRect cell = map->cellRect(100);
    int ringPixels = 0;
    for (int dx = 1; dx <= 10; ++dx)
        ringPixels += image.pixelColor(cell.left() - dx, cell.center().y()) != map->colorOfSlot(100) ? 1 : 0;
    QVERIFY(ringPixels >= 2);
    QCOMPARE(image.pixelColor(cell.center()), map->colorOfSlot(100)); // the cell itself keeps its colour

    auto *proxy = m_page->proxy();
    QCOMPARE(proxy->rowCount(), 4);
    QCOMPARE(proxy->index(3, SlotSummaryModel::AddressColumn).data().toString(), QStringLiteral("uncovered"));
    QCOMPARE(proxy->index(3, SlotSummaryModel::RangesColumn).data().toString(), QStringLiteral("16000-16383"));
    QVERIFY(!save(*m_page, QStringLiteral("slotspage-migration-uncovered.png")).isEmpty());
}

void TestSlotsPage::cacheRebuiltOnlyWhenSlotMapChanges()
{
    SlotMapWidget *map = m_page->slotMap();
    m_page->setSnapshot(build(Layout{}));
    (void)map->grab();
    const int rebuilds = map->cacheRebuildCount();
    m_page->setSnapshot(build(Layout{})); // equal content, new objects
    (void)map->grab();
    QCOMPARE(map->cacheRebuildCount(), rebuilds);
    m_page->setSnapshot(build(troubled()));
    (void)map->grab();
    (void)map->grab();
    QCOMPARE(map->cacheRebuildCount(), rebuilds + 1);
    map->resize(map->size() + QSize(10, 10));
    (void)map->grab();
    QCOMPARE(map->cacheRebuildCount(), rebuilds + 2);
}

void TestSlotsPage::tableSortsOnRawRoleUncoveredLast()
{
    m_page->setSnapshot(build(troubled()));
    QTableView *table = m_page->table();
    auto *model = table->model();
    for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
        table->sortByColumn(SlotSummaryModel::SlotsColumn, order);
        QCOMPARE(model->index(3, 0).data().toString(), QStringLiteral("uncovered"));
        const qint64 first = model->index(0, SlotSummaryModel::SlotsColumn).data(SlotSummaryModel::RawRole).toLongLong();
        const qint64 third = model->index(2, SlotSummaryModel::SlotsColumn).data(SlotSummaryModel::RawRole).toLongLong();
        QVERIFY(order == Qt::AscendingOrder ? first < third : first > third);
    }
    // The swatch in the address column is the owner's slot-map colour.
    const QModelIndex top = model->index(0, SlotSummaryModel::AddressColumn);
    QCOMPARE(top.data(Qt::DecorationRole).value<QColor>(), m_page->slotMap()->colorOfOwner(top.data(SlotSummaryModel::NodeIdRole).toString()));
}

void TestSlotsPage::fiveHundredMasters()
{
    Layout layout;
    layout.masters = 500;
    layout.replicas = 1;
    layout.viewpoints = 1;
    layout.slotText = {{7, ""}}; // master 7 lost its slots: one uncovered range
    const SnapshotPtr s = build(layout);
    m_page->setSnapshot(s);
    SlotMapWidget *map = m_page->slotMap();
    QCOMPARE(firstOwnerMismatch(*map, *s->slotMap), -1);
    QCOMPARE(firstColourMismatch(*map, *s->slotMap), -1);
    QCOMPARE(m_page->model()->rowCount(), 501);
    // Owners of neighbouring ranges are told apart.
    for (int m = 1; m < map->owners().size(); ++m)
        QVERIFY2(map->colorOfOwner(map->owners().at(m)) != map->colorOfOwner(map->owners().at(m - 1)), qPrintable(QString::number(m)));
    QVERIFY(!save(*m_page, QStringLiteral("slotspage-500-masters.png")).isEmpty());
    // The top left of the grid, four times larger: masters of 33 slots, and the uncovered range.
    const QRect corner(map->gridRect().topLeft() - QPoint(4, 4), QSize(200, 60));
    const QImage zoom = map->grab(corner).toImage().scaled(corner.size() * 4, Qt::IgnoreAspectRatio, Qt::FastTransformation);
    QVERIFY(zoom.save(testOutputDir() + QStringLiteral("/slotspage-500-masters-zoom.png")));
}

void TestSlotsPage::darkPalette()
{
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x20, 0x22, 0x25));
    dark.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xe8));
    dark.setColor(QPalette::Base, QColor(0x17, 0x18, 0x1a));
    dark.setColor(QPalette::AlternateBase, QColor(0x25, 0x27, 0x2a));
    dark.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xe8));
    dark.setColor(QPalette::Button, QColor(0x30, 0x32, 0x36));
    dark.setColor(QPalette::ButtonText, QColor(0xe8, 0xe8, 0xe8));
    dark.setColor(QPalette::Highlight, QColor(0x3d, 0x8e, 0xe6));
    dark.setColor(QPalette::HighlightedText, Qt::white);
    dark.setColor(QPalette::Mid, QColor(0x60, 0x60, 0x60));
    m_page->setPalette(dark);
    m_page->setSnapshot(build(troubled()));
    SlotMapWidget *map = m_page->slotMap();
    const QImage image = map->grab().toImage();
    QCOMPARE(image.pixelColor(2, 2), dark.color(QPalette::Window));
    QVERIFY(!save(*m_page, QStringLiteral("slotspage-dark.png")).isEmpty());
}

void TestSlotsPage::realLabOwnersMatchClusterSlots()
{
    LocalLab lab;
    LabSpec spec;
    spec.kind = LabSpec::Kind::Cluster;
    spec.masters = 3;
    spec.replicasPerMaster = 1;
    QString error;
    QVERIFY2(labtest::startLab(lab, spec, error), qPrintable(error));

    const Endpoint seed = lab.topology().nodesWithRole(LabNode::Role::Master).first().endpoint;
    MonitorConfig config;
    config.kind = MonitorConfig::Kind::Cluster;
    config.seeds = {seed};
    config.intervalMs = 500;
    config.staleAfterMs = 1500;
    config.commandTimeoutMs = 1000;
    config.dataOptions = lab.topology().connectionOptions(seed);
    Monitor monitor(config);
    monitor.start();
    auto complete = [&] {
        const SnapshotPtr s = monitor.snapshot();
        if (!s || s->nodes.size() != 6 || !s->slotMap || s->slotMap->coveredCount() != kSlotCount)
            return false;
        return std::all_of(s->nodes.cbegin(), s->nodes.cend(), [](const Node &n) { return n.lastSeenMs > 0 && n.keys >= 0; });
    };
    QTRY_VERIFY_WITH_TIMEOUT(complete(), 20000);
    const SnapshotPtr s = monitor.snapshot();
    m_page->setSnapshot(s);

    const RedisResult reply = labtest::execute(*lab.control(seed), RespCommand{"CLUSTER", "SLOTS"});
    QVERIFY2(reply.ok(), labtest::describe(reply).constData());
    int checked = 0;
    SlotMapWidget *map = m_page->slotMap();
    for (const RespValue &range : reply.value().elements()) {
        const QString owner = QString::fromLatin1(range[2][2].bytes());
        const quint16 port = quint16(range[2][1].integer());
        for (int slot = int(range[0].integer()); slot <= int(range[1].integer()); ++slot, ++checked) {
            QCOMPARE(map->ownerAt(slot), owner);
            if (slot % 1000 == 0)
                QVERIFY(map->toolTipText(slot).contains(QStringLiteral(":%1").arg(port)));
        }
    }
    QCOMPARE(checked, kSlotCount);
    QCOMPARE(firstColourMismatch(*map, *s->slotMap), -1);
    QCOMPARE(m_page->model()->rowCount(), 3);
    QCOMPARE(m_page->statusLabel()->text(), QStringLiteral("16384/16384 covered, 0 migrations, uneven: none"));
    QVERIFY(!save(*m_page, QStringLiteral("slotspage-lab.png")).isEmpty());
    monitor.stop();
}

QTEST_MAIN(TestSlotsPage)
#include "tst_slotspage.moc"
