#pragma once

#include "InFlightMarks.h"
#include "SlotKeyCountCache.h"
#include "SlotMapRenderer.h"
#include "model/SlotKeyCounts.h"
#include "model/TopologySnapshot.h"

#include <QHash>
#include <QImage>
#include <QWidget>

namespace ops {

/**
 * @brief The 16,384 hash slots of a cluster snapshot as a 128 × 128 grid (slot = row × 128 +
 * column), coloured by owner, with a legend (one colour and slot count per master, uncovered and
 * migration counts).
 *
 * Markers do not rely on colour alone: uncovered slots are black with a red cross-hatch and a red
 * outline; slots in migration are framed by a square ring (both halves seen) or a diamond ring
 * (half-open: only MIGRATING or only IMPORTING seen).
 *
 * Hovering shows the slot, its owner (address and id), its migration state and its key count.
 * The count is requested on demand with keyCountRequested() (the caller runs
 * CLUSTER COUNTKEYSINSLOT on the backend thread) and filled in by setKeyCount() or
 * setKeyCounts(). Counts are cached with the owner they were counted on: one stays valid for
 * kKeyCountFreshMs, and is dropped as soon as a snapshot gives its slot another owner or puts
 * it in migration. A full count (setKeyCounts() over all 16384 slots) also marks the hot slots
 * (SlotKeyCounts::isHot) with a round ring and a dot — a shape, not just a colour — until the
 * next full count or a topology change of that slot. Dragging over the grid selects a slot
 * range and emits slotRangeSelected() on release; selectionChanged() follows every change.
 *
 * Everything but the drag selection is painted from a cached image, rebuilt only when the slot
 * map (owners and migrations), the legend, the size, palette or font change: a snapshot with an
 * unchanged slot map costs a compare of the owner arrays and of the legend, nothing else.
 * Legend text is measured and laid out once per label (500 masters are cheap to redraw), node
 * addresses are formatted once per endpoint. Colours of the background and text follow the palette.
 */
class SlotMapWidget : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kGridColumns = SlotMapRenderer::kGridColumns;
    static constexpr int kGridRows = SlotMapRenderer::kGridRows;
    /** A key count older than this is requested again. */
    static constexpr qint64 kKeyCountFreshMs = SlotKeyCountCache::kFreshMs;

    explicit SlotMapWidget(QWidget *parent = nullptr);

    void setSnapshot(SnapshotPtr snapshot);
    SnapshotPtr snapshot() const { return m_snapshot; }

    /** Index of the owner of @p slot in owners(); -1 when uncovered or out of range. */
    int ownerIndexAt(int slot) const;
    /** Node id owning @p slot; empty when uncovered. */
    QString ownerAt(int slot) const;
    /** Owners as shown, in slot order (then masters without slots). */
    const QStringList &owners() const { return m_content.owners; }
    /** Legend lines of the masters, parallel to owners(): address (or short id) and slot count. */
    const QList<SlotMapRenderer::LegendEntry> &legend() const { return m_content.legend; }
    /** Fill colour of @p slot: its owner's colour, or the uncovered colour; invalid out of range. */
    QColor colorOfSlot(int slot) const;
    /** Colour of master @p nodeId; invalid when it owns nothing and is not a master. */
    QColor colorOfOwner(const QString &nodeId) const { return m_content.palette.color(nodeId); }

    /** Slot under @p pos (widget coordinates), -1 outside the grid. */
    int slotAt(const QPoint &pos) const;
    /** Cell of @p slot in widget coordinates (empty when the grid is not laid out). */
    QRect cellRect(int slot) const;
    /** The grid's rectangle in widget coordinates. */
    QRect gridRect() const { return SlotMapRenderer::layout(size(), font()).grid; }
    /** Hover text for @p slot, plain text (the tooltip shows it escaped). */
    QString toolTipText(int slot) const;

    bool hasSelection() const { return m_selectionFirst >= 0; }
    /** Selected range (first <= last); {-1, -1} when none. */
    SlotRange selection() const;
    /** Selects @p range (clamped; an invalid range clears) without emitting slotRangeSelected(). */
    void setSelection(const SlotRange &range);
    /** The last full key count shown (null before one). */
    SlotKeyCountsPtr keyCounts() const { return m_counts.fullCounts(); }
    /** Hot slots marked now, hottest first: those of the last full count whose slot kept its owner. */
    const QList<int> &hotSlots() const { return m_content.hot; }
    /** Cached key count of @p slot; -1 unknown or being counted, -2 the count failed. */
    qint64 cachedKeyCount(int slot) const;
    /** Slots in flight (the open slots of the migrations in progress), hatched in their target's colour. */
    void setInFlight(const InFlightMarks &marks);
    const InFlightMarks &inFlight() const { return m_inFlight; }
    /** How often the cached image was rebuilt (tests, benchmarks). */
    int cacheRebuildCount() const { return m_rebuilds; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

public slots:
    /** Key count of @p slot from CLUSTER COUNTKEYSINSLOT; updates a visible tooltip. */
    void setKeyCount(int slot, qint64 count);
    /** Counts of a range (a hover: one slot; Ctrl+K: all of them); a full count sets hot slots. */
    void setKeyCounts(const ops::SlotKeyCountsPtr &counts);
    void clearSelection();

signals:
    void keyCountRequested(int slot);
    void slotRangeSelected(int first, int last);
    /** The selection changed (drag, setSelection, clear); {-1, -1} when cleared. */
    void selectionChanged(int first, int last);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    int slotAtClamped(const QPoint &pos) const;
    bool slotMapDiffers(const SlotMap *map) const;
    void rebuildOwners(const SlotMap *map);
    void adoptEqualMap(const SlotMap *map);
    bool updateLegend(const TopologySnapshot *snapshot, const SlotMap *map);
    const QString &addressOf(const Node &node);
    QString keyCountText(int slot) const;
    QString nodeLabel(const QString &id) const;
    void showToolTip(const QPoint &globalPos, int slot);
    void updateHotSlots();
    void setSelectionRange(int first, int last);

    SnapshotPtr m_snapshot;
    SlotMapRenderer::Content m_content;
    QStringList m_slotOwnerIds;     ///< owners of at least one slot, in slot order
    QList<int> m_slotOwnerCounts;   ///< their slot counts
    QList<int> m_fromMapIndex;      ///< index in m_content.slotMap->owners() -> in m_slotOwnerIds, -1 none

    struct Address
    {
        Endpoint endpoint;
        QString text;               ///< endpoint.toString(), formatted once
    };
    QHash<QString, Address> m_addresses; ///< node id -> its last endpoint as text
    /** What the node at a position of the last snapshot's node list resolved to: the next
     *  snapshot usually lists the same nodes in the same order, so one id compare replaces the
     *  hash look-ups. legendIndex is valid for m_ownersGeneration. */
    struct SeenNode
    {
        QString id;
        Endpoint endpoint;
        QString address;
        int legendIndex = -1;       ///< index in m_slotOwnerIds, -1 none
        bool master = false;
    };
    QList<SeenNode> m_seenNodes;
    quint64 m_ownersGeneration = 0; ///< bumped when m_fromMapIndex changes
    quint64 m_seenGeneration = 0;
    SlotMapRenderer::TextCache m_text;

    QImage m_cache;
    bool m_cacheValid = false;
    int m_rebuilds = 0;

    int m_dragAnchor = -1;
    int m_selectionFirst = -1;
    int m_selectionLast = -1;

    SlotKeyCountCache m_counts;
    InFlightMarks m_inFlight;
    int m_toolTipSlot = -1;
    QPoint m_toolTipPos;
};

} // namespace ops
