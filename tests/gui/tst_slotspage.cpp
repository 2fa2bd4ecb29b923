// The Slots page offscreen: the slot map's owner (and drawn colour) at every slot equals the
// snapshot's SlotMap, a drag selects the right slot range, the hover tooltip escapes server
// strings (plain text), uncovered and migrating slots are marked, the cached image is rebuilt
// only when the slot map changes and incremental updates equal a fresh map, the table sorts on
// raw values, 500 masters, Ctrl+F goes to a slot / range / owner, Esc clears, the status names
// the selection, the map follows palette changes. Key counts: tst_slotspagekeys. Screenshots go
// to the test output dir.
#include "SlotsTestData.h"

using namespace ops;
using namespace slotstest;

class TestSlotsPage : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void ownersAndColoursMatchSnapshot();
    void dragSelectsSlotRange();
    void tooltipEscapesServerStrings();
    void uncoveredAndMigratingSlots();
    void cacheRebuiltOnlyWhenSlotMapChanges();
    void incrementalUpdatesMatchFreshMap();
    void tableSortsOnRawRoleUncoveredLast();
    void fiveHundredMasters();
    void darkPalette();
    void goToSlotOwnerAndEscape();
    void dragShowsSelectionInStatus();
    void followsPaletteChangeLightAndDark();

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

QTEST_MAIN(TestSlotsPage)
#include "tst_slotspage.moc"
