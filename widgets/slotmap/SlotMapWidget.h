#pragma once

#include "SlotMapRenderer.h"
#include "model/TopologySnapshot.h"

#include <QElapsedTimer>
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
 * CLUSTER COUNTKEYSINSLOT on the backend thread) and filled in by setKeyCount(). Dragging over
 * the grid selects a slot range and emits slotRangeSelected() on release.
 *
 * Everything but the drag selection is painted from a cached image, rebuilt only when the slot
 * map (owners and migrations), the legend, the size, palette or font change: a snapshot with an
 * unchanged slot map costs nothing. Colours of the background and text follow the palette.
 */
class SlotMapWidget : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kGridColumns = SlotMapRenderer::kGridColumns;
    static constexpr int kGridRows = SlotMapRenderer::kGridRows;
    /** A key count older than this is requested again. */
    static constexpr qint64 kKeyCountFreshMs = 10000;

    explicit SlotMapWidget(QWidget *parent = nullptr);

    void setSnapshot(SnapshotPtr snapshot);
    SnapshotPtr snapshot() const { return m_snapshot; }

    /** Index of the owner of @p slot in owners(); -1 when uncovered or out of range. */
    int ownerIndexAt(int slot) const;
    /** Node id owning @p slot; empty when uncovered. */
    QString ownerAt(int slot) const;
    /** Owners as shown, in slot order (then masters without slots). */
    const QStringList &owners() const { return m_content.owners; }
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
    /** How often the cached image was rebuilt (tests, benchmarks). */
    int cacheRebuildCount() const { return m_rebuilds; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

public slots:
    /** Key count of @p slot from CLUSTER COUNTKEYSINSLOT; updates a visible tooltip. */
    void setKeyCount(int slot, qint64 count);
    void clearSelection();

signals:
    void keyCountRequested(int slot);
    void slotRangeSelected(int first, int last);

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
    QString keyCountText(int slot) const;
    QString nodeLabel(const QString &id) const;
    void showToolTip(const QPoint &globalPos, int slot);

    SnapshotPtr m_snapshot;
    SlotMapRenderer::Content m_content;

    QImage m_cache;
    bool m_cacheValid = false;
    int m_rebuilds = 0;

    int m_dragAnchor = -1;
    int m_selectionFirst = -1;
    int m_selectionLast = -1;

    struct KeyCount
    {
        qint64 count = -1;     ///< -1 while requested
        qint64 atMs = 0;
    };
    QHash<int, KeyCount> m_keyCounts;
    QElapsedTimer m_clock;
    int m_toolTipSlot = -1;
    QPoint m_toolTipPos;
};

} // namespace ops
