#pragma once

#include "model/TopologySnapshot.h"

#include <QWidget>

class QLabel;
class QSplitter;
class QTableView;

namespace ops {

class SlotMapWidget;
class SlotSummaryModel;
class SlotTableProxy;

/**
 * @brief The "Slots" page: a one-line status ("16384/16384 covered, 2 migrations, uneven:
 * 1 master"), the SlotMapWidget on top and a sortable table of SlotSummaryModel below.
 *
 * Renders snapshots only; the key counts the map asks for and the slot range the operator drags
 * are forwarded as signals for the caller to act on (COUNTKEYSINSLOT on the backend thread, the
 * resharding wizard). Child objectNames: slotsStatus, slotsSplitter, slotMap, slotTable.
 */
class SlotsPage : public QWidget
{
    Q_OBJECT
public:
    explicit SlotsPage(QWidget *parent = nullptr);

    void setSnapshot(SnapshotPtr snapshot);

    SlotMapWidget *slotMap() const { return m_map; }
    QTableView *table() const { return m_table; }
    SlotSummaryModel *model() const { return m_model; }
    SlotTableProxy *proxy() const { return m_proxy; }
    QLabel *statusLabel() const { return m_status; }

    /** The status line for @p model's current snapshot. */
    static QString statusText(const SlotSummaryModel &model);

public slots:
    /** Answer to keyCountRequested(); a negative count means the count failed. */
    void setKeyCount(int slot, qint64 count);

signals:
    void keyCountRequested(int slot);
    /** The operator dragged over slots first..last (inclusive): a resharding wizard's entry point. */
    void slotRangeSelected(int first, int last);

private:
    QLabel *m_status;
    QSplitter *m_splitter;
    SlotMapWidget *m_map;
    QTableView *m_table;
    SlotSummaryModel *m_model;
    SlotTableProxy *m_proxy;
    bool m_columnsSized = false;
};

} // namespace ops
