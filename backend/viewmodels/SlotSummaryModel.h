#pragma once

#include "model/TopologySnapshot.h"

#include <QAbstractTableModel>
#include <QList>

namespace ops {

/**
 * @brief Slot distribution of a cluster snapshot as a table: one row per master (address, short
 * node id, slots, share of 16384, ranges, keys, used memory, migrating / importing slot counts,
 * deviation from the even share) and a last "uncovered" row while some slots have no owner.
 *
 * QtCore only: colours and icons are added in widgets/ by a proxy. setSnapshot() applies exact
 * incremental updates: rows are identified by node id, so the same masters give only
 * dataChanged() for the cells whose value changed; masters that appear or disappear give
 * beginInsertRows / beginRemoveRows, and a master whose position changed gives beginMoveRows.
 *
 * Even share: 16384 divided by the masters that count for it, i.e. masters owning slots plus
 * slot-less masters that are not flagged FAIL (empty masters ready to receive slots). A master
 * is "uneven" when its slot count deviates from the even share by more than 10 %. A failed
 * master without slots does not count and has no deviation.
 */
class SlotSummaryModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        AddressColumn,
        NodeIdColumn,
        SlotsColumn,
        ShareColumn,       ///< percent of 16384
        RangesColumn,
        KeysColumn,
        MemoryColumn,
        MigratingColumn,   ///< slots this master has in MIGRATING state
        ImportingColumn,   ///< slots this master has in IMPORTING state
        DeviationColumn,   ///< slots vs the even share
        ColumnCount
    };

    enum Role {
        /** Value for sorting: qint64 / double for numbers (-1 when unknown), a sort key for the
         *  address (host, zero-padded port), the number of ranges for the ranges column. */
        RawRole = Qt::UserRole,
        UnevenRole,         ///< bool, on every cell of the row
        NodeIdRole,         ///< full node id (empty on the uncovered row), on every cell
        UncoveredRowRole,   ///< bool: true on the "uncovered" row
    };

    /** Deviation beyond which a master is flagged uneven (fraction of the even share). */
    static constexpr double kUnevenThreshold = 0.10;
    /** Ranges shown in the ranges column before "… (+N more)"; the tooltip has them all. */
    static constexpr int kMaxRangesShown = 6;

    explicit SlotSummaryModel(QObject *parent = nullptr);

    /** Shows @p snapshot (a non-cluster or null snapshot gives an empty table). */
    void setSnapshot(SnapshotPtr snapshot);
    SnapshotPtr snapshot() const { return m_snapshot; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /** Rows for masters (the uncovered row excluded). */
    int masterCount() const;
    /** Masters flagged uneven. */
    int unevenCount() const { return m_unevenCount; }
    int coveredCount() const { return m_coveredCount; }
    int uncoveredCount() const { return kSlotCount - m_coveredCount; }
    /** Slots in transit (each slot once, whichever halves were seen). */
    int migrationCount() const { return m_migrationCount; }
    /** Slots where only the MIGRATING or only the IMPORTING half was seen. */
    int halfOpenCount() const { return m_halfOpenCount; }
    /** 16384 / masters counting for the share; 0 without such masters. */
    double evenShare() const { return m_evenShare; }
    /** Row of master @p nodeId, -1 if none. */
    int rowOf(const QString &nodeId) const;

    /** One row of the table, computed from a snapshot. Public for tests and proxies. */
    struct Row
    {
        QString key;                  ///< node id; a reserved key for the uncovered row
        bool uncovered = false;
        QString address;
        QString addressSortKey;
        QString nodeId;
        int slotCount = 0;
        SlotRanges ranges;
        qint64 keys = -1;
        qint64 usedMemory = -1;
        int migrating = 0;
        int importing = 0;
        bool countsForShare = false;
        double deviation = 0;         ///< (slots - even) / even, when countsForShare
        bool uneven = false;
    };

private:
    QList<Row> buildRows(const TopologySnapshot &snapshot);
    QVariant cell(const Row &row, int column, int role) const;
    void applyRows(QList<Row> rows);
    void emitChangedCells(int row, const Row &before, const Row &after);
    static bool cellDiffers(const Row &a, const Row &b, int column);

    SnapshotPtr m_snapshot;
    QList<Row> m_rows;
    int m_unevenCount = 0;
    int m_coveredCount = kSlotCount;
    int m_migrationCount = 0;
    int m_halfOpenCount = 0;
    double m_evenShare = 0;
};

} // namespace ops
