#pragma once

#include "model/SlotKeyCounts.h"
#include "model/TopologySnapshot.h"
#include "monitor/MigrationView.h"
#include "reshard/ReshardIntent.h"

#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;
class QSplitter;
class QTableView;
class QToolButton;

namespace ops {

class MigrationStrip;
class SlotMapWidget;
class SlotSelectionMover;
class SlotSummaryModel;
class SlotTableProxy;

/**
 * @brief The "Slots" page: a one-line status ("16384/16384 covered, 2 migrations, uneven:
 * 1 master", then the key count and hot slots, then the selected range), a tool row (Count keys,
 * Go to slot), the SlotMapWidget on top and a sortable table of SlotSummaryModel below.
 *
 * Renders snapshots only; the key counts it needs and the slot range the operator drags are
 * forwarded as signals for the caller to act on (COUNTKEYSINSLOT on the backend thread, the
 * resharding wizard), and the counts come back through setSlotKeyCounts().
 *
 * Actions (Qt::WidgetWithChildrenShortcut): Ctrl+K count keys in all slots (actionCountKeys),
 * Ctrl+F go to a slot, a range "a-b", or an owner by node id prefix or address
 * (actionGoToSlot, focuses slotGoTo), Esc clear the slot selection (actionClearSlotSelection).
 * Migrations in progress (setMigrations) show as a progress strip above the map (MigrationStrip)
 * and as hatched slots in flight on it. A selection is the reshard wizard's entry point: "Move
 * selection to…" (slotsMoveSelection) and the map's context menu emit reshardRequested() with
 * its slots (SlotSelectionMover).
 *
 * Child objectNames: slotsStatus, slotsSplitter, slotMap, slotTable, slotGoTo, slotsCountButton,
 * migrationStrip, slotsMoveSelection.
 */
class SlotsPage : public QWidget
{
    Q_OBJECT
public:
    explicit SlotsPage(QWidget *parent = nullptr);

    void setSnapshot(SnapshotPtr snapshot);

    SlotMapWidget *slotMap() const { return m_map; }
    MigrationStrip *migrationStrip() const { return m_strip; }
    SlotSelectionMover *selectionMover() const { return m_mover; }
    /** The migrations in progress (MigrationTracker's views): the strip and the slots in flight. */
    void setMigrations(const ops::MigrationViews &migrations);
    QTableView *table() const { return m_table; }
    SlotSummaryModel *model() const { return m_model; }
    SlotTableProxy *proxy() const { return m_proxy; }
    QLabel *statusLabel() const { return m_status; }
    QAction *countKeysAction() const { return m_countAction; }
    QAction *goToAction() const { return m_goToAction; }
    QAction *clearSelectionAction() const { return m_clearAction; }
    bool isCounting() const { return m_counting; }

    /** The status line for @p model's current snapshot. */
    static QString statusText(const SlotSummaryModel &model);
    /** "keys: 1,300 counted; hot: slot 866 — 1,000 keys, 61× the mean" for a full count. */
    static QString countText(const SlotKeyCounts &counts, const QList<int> &hotSlots, const SnapshotPtr &snapshot);

    /**
     * Selects what @p text names: a slot number, a range "a-b", or the first slot range of a
     * master given by node id (or a prefix of at least 4 characters) or address. False when
     * nothing matches (the status says so).
     */
    bool goTo(const QString &text);

public slots:
    /** Answer to keyCountRequested(); a negative count means the count failed. */
    void setKeyCount(int slot, qint64 count);
    /** Answer to keyCountRequested() or countAllKeysRequested(); a full count shows hot slots. */
    void setSlotKeyCounts(const ops::SlotKeyCountsPtr &counts);
    /** Ctrl+K: asks for a count of every slot (countAllKeysRequested()). */
    void countAllKeys();

signals:
    void keyCountRequested(int slot);
    /** Count keys in all 16384 slots; answer with setSlotKeyCounts(). */
    void countAllKeysRequested();
    /** The operator dragged over slots first..last (inclusive): a resharding wizard's entry point. */
    void slotRangeSelected(int first, int last);
    /** "Move selection to…": a Move intent with the selected slots (the reshard wizard opens pre-filled). */
    void reshardRequested(const ops::ReshardIntent &intent);

protected:
    void changeEvent(QEvent *event) override;

private:
    void fitStatusHeight();
    void updateStatus();
    QString selectionText() const;
    QString nodeLabel(const QString &id) const;

    QLabel *m_status;
    QToolButton *m_countButton;
    QLineEdit *m_goTo;
    QSplitter *m_splitter;
    SlotMapWidget *m_map;
    MigrationStrip *m_strip;
    SlotSelectionMover *m_mover;
    QTableView *m_table;
    SlotSummaryModel *m_model;
    SlotTableProxy *m_proxy;
    QAction *m_countAction;
    QAction *m_goToAction;
    QAction *m_clearAction;
    bool m_columnsSized = false;
    bool m_counting = false;
    QString m_countProblem;   ///< why the last full count produced nothing
    QString m_notice;         ///< a go-to that matched nothing; cleared by the next change
};

} // namespace ops
