// The Slots page offscreen: the slot map's owner (and drawn colour) at every slot equals the
// snapshot's SlotMap, a drag selects the right slot range, the hover tooltip names slot, owner,
// migration state and the key count asked for on demand (escaped: server strings are plain
// text), uncovered and migrating slots are marked, the cached image is rebuilt only when the slot
// map changes, and over a real 3x1 lab the owners match CLUSTER SLOTS. Key counts: Ctrl+K asks
// for a full count, hot slots get a ring and a dot (gone when the slot changes owner), the table
// shows counted keys and hot slots per master (QAbstractItemModelTester on model and proxy through
// the update), failed masters are reported, Ctrl+F goes to a slot / range / owner, Esc clears,
// the status names the selection; the map follows a palette change; over the lab a real
// SlotKeyCounter finds the {hot} slot. Screenshots go to the test output dir (normal, migration +
// uncovered, 500 masters, dark palette, hot light / dark, lab, lab hot).
#include "PageTestHelpers.h"
#include "LabFixture.h"
#include "LabSeeding.h"
#include "SyntheticCluster.h"
#include "SyntheticObservation.h"
#include "TestPaths.h"
#include "discovery/SnapshotBuilder.h"
#include "monitor/Monitor.h"
#include "slotmap/SlotMapWidget.h"
#include "slotmap/SlotTableProxy.h"
#include "slotmap/SlotsPage.h"
#include "viewmodels/SlotSummaryModel.h"
#include "model/HashSlot.h"
#include "monitor/SlotKeyCounter.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QHelpEvent>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTimer>
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
    int basePort = 30000;              ///< port of node 0 (node i: basePort + i)
    QList<int> failedOver;             ///< masters whose first replica took over
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
        spec.basePort = layout.basePort;
        spec.failedOver = layout.failedOver;
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
        const NodeObservation o = synthetic::observation(quint16(layout.basePort + view), kNow, text);
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

/**
 * A full count over @p s: @p special slots get their count, every 40th covered slot 1 key, the
 * rest 0; masters in @p failed get an error and unknown counts.
 */
SlotKeyCountsPtr syntheticCounts(const SnapshotPtr &s, const QHash<int, qint64> &special, const QStringList &failed = {})
{
    auto counts = std::make_shared<SlotKeyCounts>(SlotRange{0, kSlotCount - 1}, s->slotMap, s->sequence);
    QHash<QString, SlotKeyCounts::Master> masters;
    for (int slot = 0; slot < kSlotCount; ++slot) {
        const QString owner = s->slotMap->ownerOf(slot);
        if (owner.isEmpty())
            continue;
        SlotKeyCounts::Master &m = masters[owner];
        if (m.nodeId.isEmpty()) {
            m.nodeId = owner;
            m.endpoint = s->node(owner)->endpoint;
            m.keys = 0;
            if (failed.contains(owner))
                m.error = RedisError(RedisError::Kind::Timeout, m.endpoint, QStringLiteral("no reply <b>within</b> 1500 ms"));
        }
        ++m.slotCount;
        if (!m.error.isError()) {
            const qint64 c = special.value(slot, slot % 40 == 0 ? 1 : 0);
            counts->setCount(slot, c);
            m.keys += c;
        }
    }
    for (SlotKeyCounts::Master &m : masters) {
        if (m.error.isError())
            m.keys = SlotKeyCounts::kUnknown;
        counts->addMaster(m);
    }
    counts->finish();
    return counts;
}

/** A number as the page formats it (locale group separators). */
QString n(qint64 v) { return QLocale().toString(v); }

bool near(const QColor &a, const QColor &b, int tolerance = 40)
{
    return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) + std::abs(a.blue() - b.blue()) <= tolerance;
}

/** Pixels close to the hot-ring colour in a box of @p radius around @p slot's cell, the cell's own pixels excluded. */
int hotPixelsAround(SlotMapWidget &map, int slot, int radius = 14)
{
    const QImage image = map.grab().toImage();
    const QRect cell = map.cellRect(slot);
    int n = 0;
    for (int y = cell.center().y() - radius; y <= cell.center().y() + radius; ++y)
        for (int x = cell.center().x() - radius; x <= cell.center().x() + radius; ++x)
            if (!cell.contains(x, y) && image.rect().contains(x, y) && near(image.pixelColor(x, y), SlotMapRenderer::hotColor()))
                ++n;
    return n;
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
    void incrementalUpdatesMatchFreshMap();
    void tableSortsOnRawRoleUncoveredLast();
    void fiveHundredMasters();
    void darkPalette();
    void countKeysShortcutMarksHotSlot();
    void countFailureAndStaleCounts();
    void hoverUsesCachedCounts();
    void goToSlotOwnerAndEscape();
    void dragShowsSelectionInStatus();
    void followsPaletteChangeLightAndDark();
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

void TestSlotsPage::incrementalUpdatesMatchFreshMap()
{
    // A map that went through earlier snapshots shows the same owners, legend and slot owners as
    // a new map given only the last one; the image is rebuilt exactly when something shown changed.
    Layout big;
    big.masters = 500;
    big.viewpoints = 1;
    Layout failedOver = big;
    failedOver.failedOver = {3, 50, 499};
    Layout moved = failedOver;
    moved.basePort = 31000; // same slot map, every address changes
    Layout lostSlots = big;
    lostSlots.slotText = {{7, ""}}; // master 7 keeps no slots: listed after the slot owners
    Layout small;
    struct Step
    {
        const char *name;
        SnapshotPtr snapshot;
        bool redrawn;   ///< something shown differs from the step before
    };
    const QList<Step> steps = {
        {"even", build(big), true},        {"failed over", build(failedOver), true}, {"failed over again", build(failedOver), false},
        {"moved", build(moved), true},     {"even", build(big), true},               {"lost slots", build(lostSlots), true},
        {"three", build(small), true},     {"troubled", build(troubled()), true},    {"none", nullptr, true},
        {"even", build(big), true},
    };
    SlotMapWidget map;
    map.resize(900, 500);
    map.show();
    QVERIFY(QTest::qWaitForWindowExposed(&map));
    (void)map.grab();
    for (const auto &[name, snapshot, redrawn] : steps) {
        const int before = map.cacheRebuildCount();
        map.setSnapshot(snapshot);
        (void)map.grab();
        const int rebuilds = map.cacheRebuildCount();
        QVERIFY2(rebuilds == before + (redrawn ? 1 : 0), name);
        SlotMapWidget fresh;
        fresh.setSnapshot(snapshot);
        QVERIFY2(map.owners() == fresh.owners(), name);
        QVERIFY2(map.legend() == fresh.legend(), name);
        QList<int> owners(kSlotCount);
        for (int s = 0; s < kSlotCount; ++s)
            owners[s] = map.ownerIndexAt(s);
        for (int s = 0; s < kSlotCount; ++s)
            QVERIFY2(owners.at(s) == fresh.ownerIndexAt(s), name);
        if (snapshot && snapshot->slotMap)
            QVERIFY2(firstOwnerMismatch(map, *snapshot->slotMap) == -1, name);
        for (const QString &owner : map.owners())
            QVERIFY2(map.colorOfOwner(owner).isValid(), name);
        // The same snapshot again, in a new object: nothing to redraw.
        map.setSnapshot(snapshot ? std::make_shared<const TopologySnapshot>(*snapshot) : nullptr);
        (void)map.grab();
        QVERIFY2(map.cacheRebuildCount() == rebuilds, name);
    }
    // Addresses follow the nodes: the legend of the "moved" step named the 31000 ports.
    map.setSnapshot(build(moved));
    QCOMPARE(map.legend().constFirst().label, QStringLiteral("127.0.0.1:31000"));
    map.setSnapshot(build(failedOver));
    QCOMPARE(map.legend().constFirst().label, QStringLiteral("127.0.0.1:30000"));
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
    const QPalette dark = pagetest::darkPalette();
    m_page->setPalette(dark);
    m_page->setSnapshot(build(troubled()));
    SlotMapWidget *map = m_page->slotMap();
    const QImage image = map->grab().toImage();
    QCOMPARE(image.pixelColor(2, 2), dark.color(QPalette::Window));
    QVERIFY(!save(*m_page, QStringLiteral("slotspage-dark.png")).isEmpty());
}

void TestSlotsPage::countKeysShortcutMarksHotSlot()
{
    const SnapshotPtr s = build(Layout{});
    m_page->setSnapshot(s);
    QAbstractItemModelTester modelTester(m_page->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(m_page->proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    SlotMapWidget *map = m_page->slotMap();
    QCOMPARE(hotPixelsAround(*map, 866), 0);

    // The caller answers asynchronously, as ConsoleRuntime does.
    QSignalSpy asked(m_page.get(), &SlotsPage::countAllKeysRequested);
    connect(m_page.get(), &SlotsPage::countAllKeysRequested, this, [&] {
        QTimer::singleShot(0, m_page.get(), [&] { m_page->setSlotKeyCounts(syntheticCounts(s, {{866, 1000}, {12000, 150}})); });
    });
    m_page->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
    map->setFocus();
    QAction *count = m_page->findChild<QAction *>(QStringLiteral("actionCountKeys"));
    QVERIFY(count);
    QCOMPARE(count->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_K));
    QTest::keyClick(map, Qt::Key_K, Qt::ControlModifier);
    QCOMPARE(asked.size(), 1);
    QVERIFY(m_page->isCounting());
    QVERIFY2(m_page->statusLabel()->text().endsWith(QStringLiteral("counting keys…")), qPrintable(m_page->statusLabel()->text()));
    QTRY_VERIFY(!m_page->isCounting());

    // Slot 866: 1,000 of 1,752 keys; the mean is 1,752 / 16,384 = 0.107 keys per slot.
    QCOMPARE(map->hotSlots(), (QList<int>{866, 12000}));
    const double mean = map->keyCounts()->meanPerSlot();
    const QString status = m_page->statusLabel()->text();
    QVERIFY2(status.startsWith(QStringLiteral("16384/16384 covered, 0 migrations, uneven: none · keys: %1 counted; hot: slot 866 — %2 keys, %3× the mean on 127.0.0.1:30000; slot 12000 — 150 keys")
                                   .arg(n(map->keyCounts()->totalKeys()), n(1000), QLocale().toString(1000 / mean, 'f', 0))),
             qPrintable(status));
    QVERIFY(hotPixelsAround(*map, 866) > 20);
    QVERIFY(hotPixelsAround(*map, 12000) > 20);
    QCOMPARE(hotPixelsAround(*map, 5000), 0);
    // The hot cell itself is marked with a dot, not only ringed.
    QVERIFY(near(map->grab().toImage().pixelColor(map->cellRect(866).center()), SlotMapRenderer::hotColor()));
    QVERIFY(map->toolTipText(866).contains(QStringLiteral("Keys: %1 — hot, %2× the mean").arg(n(1000), QLocale().toString(1000 / mean, 'f', 0))));

    // The table: counted keys and hot slots per master.
    SlotSummaryModel *model = m_page->model();
    for (int r = 0; r < model->rowCount(); ++r) {
        const QString nodeId = model->index(r, 0).data(SlotSummaryModel::NodeIdRole).toString();
        const SlotKeyCounts::Master *m = map->keyCounts()->master(nodeId);
        QVERIFY(m);
        QCOMPARE(model->index(r, SlotSummaryModel::CountedKeysColumn).data(SlotSummaryModel::RawRole).toLongLong(), m->keys);
        QCOMPARE(model->index(r, SlotSummaryModel::CountedKeysColumn).data().toString(), QLocale().toString(m->keys));
        const int hot = nodeId == id(0) || nodeId == id(2) ? 1 : 0; // 866 and 12000
        QCOMPARE(model->index(r, SlotSummaryModel::HotSlotsColumn).data().toString(), QString::number(hot));
    }
    const QModelIndex hotCell = m_page->proxy()->mapFromSource(model->index(model->rowOf(id(0)), SlotSummaryModel::HotSlotsColumn));
    QVERIFY(hotCell.data(Qt::FontRole).value<QFont>().bold());
    QVERIFY(!save(*m_page, QStringLiteral("slotspage-hot-light.png")).isEmpty());

    // Master 0 gives slots 0-999 (and 866 with them) to master 1: 866 is no longer marked hot,
    // master 0's and 1's totals are stale ("–"), master 2's stand.
    Layout moved;
    moved.slotText = {{0, "1000-5460"}, {1, "0-999 5461-10922"}};
    m_page->setSnapshot(build(moved));
    QCOMPARE(map->hotSlots(), QList<int>{12000});
    QCOMPARE(hotPixelsAround(*map, 866), 0);
    QCOMPARE(map->cachedKeyCount(866), qint64(-1));    // stale: asked again on hover
    QCOMPARE(map->cachedKeyCount(12000), qint64(150)); // untouched slot keeps its count
    QCOMPARE(model->index(model->rowOf(id(0)), SlotSummaryModel::CountedKeysColumn).data().toString(), QStringLiteral("–"));
    QCOMPARE(model->index(model->rowOf(id(1)), SlotSummaryModel::CountedKeysColumn).data().toString(), QStringLiteral("–"));
    QCOMPARE(model->index(model->rowOf(id(2)), SlotSummaryModel::HotSlotsColumn).data().toString(), QStringLiteral("1"));
}

void TestSlotsPage::countFailureAndStaleCounts()
{
    const SnapshotPtr s = build(Layout{});
    m_page->setSnapshot(s);
    QAbstractItemModelTester modelTester(m_page->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(m_page->proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_page->countAllKeys();
    m_page->setSlotKeyCounts(syntheticCounts(s, {{866, 1000}, {12000, 5000}}, {id(2)}));
    SlotMapWidget *map = m_page->slotMap();
    // Master 2 (10923-16383) failed: 12000 is unknown, not hot; 866 still is.
    QCOMPARE(map->hotSlots(), QList<int>{866});
    QCOMPARE(map->cachedKeyCount(12000), qint64(-2));
    QVERIFY(map->toolTipText(12000).contains(QLatin1String("Keys: unavailable")));
    const QString status = m_page->statusLabel()->text();
    QVERIFY2(status.contains(QLatin1String("(1 of 3 masters failed, their slots unknown: 127.0.0.1:30002")), qPrintable(status));
    SlotSummaryModel *model = m_page->model();
    const int row = model->rowOf(id(2));
    QCOMPARE(model->index(row, SlotSummaryModel::CountedKeysColumn).data().toString(), QStringLiteral("failed"));
    QVERIFY(model->index(row, SlotSummaryModel::CountedKeysColumn).data(SlotSummaryModel::CountFailedRole).toBool());
    const QString tip = model->index(row, SlotSummaryModel::CountedKeysColumn).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QLatin1String("&lt;b&gt;within&lt;/b&gt;")), qPrintable(tip)); // server text escaped
    const QModelIndex failedCell = m_page->proxy()->mapFromSource(model->index(row, SlotSummaryModel::CountedKeysColumn));
    QCOMPARE(failedCell.data(Qt::ForegroundRole).value<QColor>(), SlotTableProxy::warningColor());

    // A count with nothing counted (the deployment went away): the status says why, hot slots stay from before.
    m_page->countAllKeys();
    m_page->setSlotKeyCounts(std::make_shared<const SlotKeyCounts>(QStringLiteral("the deployment is no longer watched"),
                                                                    SlotRange{0, kSlotCount - 1}));
    QVERIFY(!m_page->isCounting());
    QVERIFY2(m_page->statusLabel()->text().endsWith(QLatin1String("key count failed: the deployment is no longer watched")),
             qPrintable(m_page->statusLabel()->text()));
}

void TestSlotsPage::hoverUsesCachedCounts()
{
    const SnapshotPtr s = build(Layout{});
    m_page->setSnapshot(s);
    SlotMapWidget *map = m_page->slotMap();
    QSignalSpy requests(m_page.get(), &SlotsPage::keyCountRequested);
    auto hover = [&](int slot) {
        const QPoint pos = map->cellRect(slot).center();
        QHelpEvent event(QEvent::ToolTip, pos, map->mapToGlobal(pos));
        QApplication::sendEvent(map, &event);
    };
    // A one-slot answer (the hover's) fills the tooltip and the cache, and marks nothing hot.
    hover(866);
    QCOMPARE(requests.size(), 1);
    auto one = std::make_shared<SlotKeyCounts>(SlotRange{866, 866}, s->slotMap, s->sequence);
    one->setCount(866, 31337);
    one->finish();
    m_page->setSlotKeyCounts(one);
    QVERIFY2(QToolTip::text().contains(QStringLiteral("Keys: %1").arg(QLocale().toString(31337))), qPrintable(QToolTip::text()));
    QVERIFY(map->hotSlots().isEmpty());
    QVERIFY(!map->keyCounts());
    // After a full count, hovering any covered slot needs no request.
    m_page->setSlotKeyCounts(syntheticCounts(s, {{866, 1000}}));
    hover(4000);
    hover(15001); // 15001 % 40 != 0: an empty slot
    QCOMPARE(requests.size(), 1);
    QVERIFY2(QToolTip::text().contains(QLatin1String("Keys: 0")), qPrintable(QToolTip::text()));
    // A hover answered with a problem: "unavailable", not "counting…" forever.
    m_page->setSnapshot(build(troubled()));
    hover(100); // slot 100 is migrating: its count was dropped
    QCOMPARE(requests.size(), 2);
    m_page->setSlotKeyCounts(std::make_shared<const SlotKeyCounts>(QStringLiteral("no slot map"), SlotRange{100, 100}));
    QVERIFY2(QToolTip::text().contains(QLatin1String("Keys: unavailable")), qPrintable(QToolTip::text()));
}

void TestSlotsPage::goToSlotOwnerAndEscape()
{
    m_page->setSnapshot(build(Layout{}));
    m_page->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
    SlotMapWidget *map = m_page->slotMap();
    map->setFocus();
    auto *field = m_page->findChild<QLineEdit *>(QStringLiteral("slotGoTo"));
    QVERIFY(field);
    QTest::keyClick(map, Qt::Key_F, Qt::ControlModifier);
    QTRY_COMPARE(QApplication::focusWidget(), field);
    QTest::keyClicks(field, QStringLiteral("866"));
    QTest::keyClick(field, Qt::Key_Return);
    QCOMPARE(map->selection(), (SlotRange{866, 866}));
    QVERIFY2(m_page->statusLabel()->text().endsWith(QStringLiteral("slot 866 selected: 1 slot, owner 127.0.0.1:30000 (1)")),
             qPrintable(m_page->statusLabel()->text()));

    // By address, and by node id prefix: the owner's first range, and its table row.
    QVERIFY(m_page->goTo(QStringLiteral("127.0.0.1:30001")));
    QCOMPARE(map->selection(), (SlotRange{5462, 10922})); // master 0 has the extra slot: 0-5461
    const QModelIndexList rows = m_page->table()->selectionModel()->selectedRows();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().data(SlotSummaryModel::NodeIdRole).toString(), id(1));
    QVERIFY(m_page->goTo(id(2).left(10)));
    QCOMPARE(map->selection(), (SlotRange{10923, 16383}));
    QVERIFY(m_page->goTo(QStringLiteral("100 - 6000")));
    QCOMPARE(map->selection(), (SlotRange{100, 6000}));
    QVERIFY2(m_page->statusLabel()->text().contains(QStringLiteral("slots 100–6000 selected: %1 slots, owners 127.0.0.1:30000 (%2), 127.0.0.1:30001 (539)").arg(n(5901), n(5362))),
             qPrintable(m_page->statusLabel()->text()));
    QVERIFY(!m_page->goTo(QStringLiteral("16384")));
    QVERIFY(!m_page->goTo(QStringLiteral("nobody")));
    QVERIFY(m_page->statusLabel()->text().contains(QStringLiteral("go to: nothing matches “nobody”")));
    QCOMPARE(map->selection(), (SlotRange{100, 6000})); // unchanged

    // Esc clears the selection (page action, from the map or the field).
    map->setFocus();
    QTest::keyClick(map, Qt::Key_Escape);
    QVERIFY(!map->hasSelection());
    QCOMPARE(m_page->statusLabel()->text(), QStringLiteral("16384/16384 covered, 0 migrations, uneven: none"));
    for (QAction *a : m_page->actions())
        QVERIFY2(!a->shortcut().isEmpty() && !a->objectName().isEmpty(), qPrintable(a->text()));
}

void TestSlotsPage::dragShowsSelectionInStatus()
{
    const SnapshotPtr s = build(troubled());
    m_page->setSnapshot(s);
    m_page->setSlotKeyCounts(syntheticCounts(s, {{16001, 0}}));
    SlotMapWidget *map = m_page->slotMap();
    QSignalSpy selected(m_page.get(), &SlotsPage::slotRangeSelected);
    QTest::mousePress(map, Qt::LeftButton, {}, map->cellRect(15000).center());
    QTest::mouseMove(map, map->cellRect(16100).center());
    QTest::mouseRelease(map, Qt::LeftButton, {}, map->cellRect(16100).center());
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first(), (QList<QVariant>{15000, 16100}));
    // 15000-15999 from master 2, 16000-16100 uncovered; keys of the covered part from the count.
    qint64 keys = 0;
    for (int slot = 15000; slot <= 15999; ++slot)
        keys += map->keyCounts()->count(slot);
    const QString status = m_page->statusLabel()->text();
    QVERIFY2(status.endsWith(QStringLiteral("slots 15000–16100 selected: %1 slots, owner 127.0.0.1:30002 (%2), 101 uncovered, %3 keys").arg(n(1101), n(1000), n(keys))),
             qPrintable(status));
}

void TestSlotsPage::followsPaletteChangeLightAndDark()
{
    const SnapshotPtr s = build(troubled());
    m_page->setSnapshot(s);
    m_page->setSlotKeyCounts(syntheticCounts(s, {{866, 1000}}));
    m_page->slotMap()->setSelection({3000, 3400});
    SlotMapWidget *map = m_page->slotMap();
    const QPalette light = m_page->palette();
    const QImage before = map->grab().toImage();
    QCOMPARE(before.pixelColor(2, 2), light.color(QPalette::Window));
    QVERIFY(!save(*m_page, QStringLiteral("slotspage-hot-light-troubled.png")).isEmpty());

    // The palette changes after the first paint (the desktop switched to dark): repainted at once.
    const QPalette dark = pagetest::darkPalette();
    const int rebuilds = map->cacheRebuildCount();
    m_page->setPalette(dark);
    const QImage after = map->grab().toImage();
    QCOMPARE(map->cacheRebuildCount(), rebuilds + 1);
    QCOMPARE(after.pixelColor(2, 2), dark.color(QPalette::Window));
    // Legend and row labels are drawn in the dark palette's text colour.
    const QRect legend = SlotMapRenderer::layout(map->size(), map->font()).legend;
    int textPixels = 0;
    for (int y = legend.top(); y < legend.bottom() && y < after.height(); ++y)
        for (int x = legend.left(); x < legend.right() && x < after.width(); ++x)
            textPixels += near(after.pixelColor(x, y), dark.color(QPalette::WindowText), 30) ? 1 : 0;
    QVERIFY(textPixels > 50);
    // Markers keep their own colours in both: uncovered hatch, the hot ring.
    QVERIFY(hotPixelsAround(*map, 866) > 20);
    const QColor uncovered = after.pixelColor(map->cellRect(16100).center());
    QVERIFY(uncovered == OwnerPalette::uncoveredColor() || uncovered == OwnerPalette::uncoveredHatchColor());
    QVERIFY(!save(*m_page, QStringLiteral("slotspage-hot-dark.png")).isEmpty());
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

    const MonitorConfig config = labtest::clusterMonitorConfig(lab.topology());
    const Endpoint seed = config.seeds.first();
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
    // And against CLUSTER NODES as another node prints it, read here with a plain split (not
    // the parser under test): "<id> <addr> <flags> <master> <ping> <pong> <epoch> <link> <slot>...".
    const Endpoint other = lab.topology().nodesWithRole(LabNode::Role::Replica).last().endpoint;
    const RedisResult nodes = labtest::execute(*lab.control(other), RespCommand{"CLUSTER", "NODES"});
    QVERIFY2(nodes.ok(), labtest::describe(nodes).constData());
    int fromNodes = 0;
    for (const QByteArray &line : nodes.value().bytes().split('\n')) {
        const QList<QByteArray> f = line.split(' ');
        if (f.size() < 9 || !f[2].contains("master"))
            continue;
        for (qsizetype i = 8; i < f.size(); ++i) {
            if (f[i].startsWith('['))
                continue; // a migration, not ownership
            const QList<QByteArray> ends = f[i].split('-');
            const int first = ends[0].toInt(), last = ends.size() > 1 ? ends[1].toInt() : first;
            for (int slot = first; slot <= last; ++slot, ++fromNodes)
                QCOMPARE(map->ownerAt(slot), QString::fromLatin1(f[0]));
        }
    }
    QCOMPARE(fromNodes, kSlotCount);
    QCOMPARE(firstColourMismatch(*map, *s->slotMap), -1);
    QCOMPARE(m_page->model()->rowCount(), 3);
    QCOMPARE(m_page->statusLabel()->text(), QStringLiteral("16384/16384 covered, 0 migrations, uneven: none"));
    QVERIFY(!save(*m_page, QStringLiteral("slotspage-lab.png")).isEmpty());

    // 1,000 keys in the {hot} slot, 200 spread; Ctrl+K counts them with a real SlotKeyCounter.
    const int hotSlot = HashSlot::of("{hot}");
    QList<QByteArray> keys;
    for (int i = 0; i < 1000; ++i)
        keys << "{hot}:" + QByteArray::number(i);
    for (int i = 0; i < 200; ++i)
        keys << "spread:" + QByteArray::number(i);
    const QString written = labtest::writeKeys(lab, *s, keys, "v");
    QVERIFY2(written.isEmpty(), qPrintable(written));
    SlotKeyCounter counter(config.dataOptions);
    connect(m_page.get(), &SlotsPage::countAllKeysRequested, &counter, [&] { counter.start(monitor.snapshot(), {0, kSlotCount - 1}, 3000); });
    connect(&counter, &SlotKeyCounter::finished, m_page.get(), &SlotsPage::setSlotKeyCounts);
    m_page->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
    map->setFocus();
    QTest::keyClick(map, Qt::Key_K, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(!m_page->isCounting(), 10000);
    QCOMPARE(map->keyCounts()->totalKeys(), qint64(1200));
    QCOMPARE(map->hotSlots(), QList<int>{hotSlot});
    QVERIFY(hotPixelsAround(*map, hotSlot) > 20);
    QVERIFY2(m_page->statusLabel()->text().contains(QStringLiteral("hot: slot %1 — %2 keys").arg(hotSlot).arg(n(1000))), qPrintable(m_page->statusLabel()->text()));
    qint64 tableKeys = 0;
    for (int r = 0; r < m_page->model()->rowCount(); ++r)
        tableKeys += m_page->model()->index(r, SlotSummaryModel::CountedKeysColumn).data(SlotSummaryModel::RawRole).toLongLong();
    QCOMPARE(tableKeys, qint64(1200));
    QVERIFY(!save(*m_page, QStringLiteral("slotspage-lab-hot.png")).isEmpty());
    monitor.stop();
}

QTEST_MAIN(TestSlotsPage)
#include "tst_slotspage.moc"
