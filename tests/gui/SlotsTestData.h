#pragma once
// Synthetic slot layouts, key counts and pixel checks shared by the Slots page tests
// (header-only).

#include "PageTestHelpers.h"
#include "LabFixture.h"
#include "LabSeeding.h"
#include "SyntheticCluster.h"
#include "SyntheticObservation.h"
#include "SyntheticSlotLayout.h"
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

namespace slotstest {

using namespace ops;

inline constexpr qint64 kNow = 1'000'000;

using Layout = synthetic::SlotLayout;

inline QString id(int index) { return QString::fromLatin1(synthetic::nodeId(index)); }

inline SnapshotPtr build(const Layout &layout)
{
    return synthetic::slotLayoutSnapshot(layout, kNow);
}

/** What the mouse resting on @p slot does: a tooltip event at the centre of its cell. */
inline void hoverSlot(SlotMapWidget *map, int slot)
{
    const QPoint pos = map->cellRect(slot).center();
    QHelpEvent event(QEvent::ToolTip, pos, map->mapToGlobal(pos));
    QApplication::sendEvent(map, &event);
}

/** Uncovered tail 16000-16383, slot 100 migrating 0 -> 1 (both halves), slot 9000 half-open 1 -> 2. */
inline Layout troubled()
{
    Layout l;
    l.slotText = {{2, "10923-15999"}};
    l.moves = {{100, 0, 1}, {9000, 1, 2, true, false}};
    return l;
}

/** Every slot's owner in the widget is the snapshot's; returns the first mismatch, or -1. */
inline int firstOwnerMismatch(const SlotMapWidget &map, const SlotMap &owners)
{
    for (int s = 0; s < kSlotCount; ++s)
        if (map.ownerAt(s) != owners.ownerOf(s) || (map.ownerIndexAt(s) < 0) != !owners.isCovered(s))
            return s;
    return -1;
}

/** The pixel drawn at the centre of each cell is the owner's colour (cells a marker ring may cover skipped). */
inline int firstColourMismatch(SlotMapWidget &map, const SlotMap &owners)
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
inline SlotKeyCountsPtr syntheticCounts(const SnapshotPtr &s, const QHash<int, qint64> &special, const QStringList &failed = {})
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
inline QString n(qint64 v) { return QLocale().toString(v); }

inline bool near(const QColor &a, const QColor &b, int tolerance = 40)
{
    return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) + std::abs(a.blue() - b.blue()) <= tolerance;
}

/** Pixels close to the hot-ring colour in a box of @p radius around @p slot's cell, the cell's own pixels excluded. */
inline int hotPixelsAround(SlotMapWidget &map, int slot, int radius = 14)
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

inline QString save(QWidget &w, const QString &name)
{
    const QString file = testOutputDir() + QLatin1Char('/') + name;
    if (!w.grab().save(file))
        return {};
    return file;
}

} // namespace slotstest
