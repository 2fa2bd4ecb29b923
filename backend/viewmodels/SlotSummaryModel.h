#pragma once

#include "model/SlotKeyCounts.h"
#include "model/TopologySnapshot.h"

#include <QAbstractTableModel>
#include <QHash>
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
 *
 * Key counts: "Keys" is the master's INFO keyspace total (refreshed every poll). A full
 * CLUSTER COUNTKEYSINSLOT count (setKeyCounts()) fills "Counted keys" (the sum over the master's
 * slots, or "failed" with the error as tooltip) and "Hot slots" (SlotKeyCounts::isHot). A
 * master's counted values are shown while it owns as many slots as when counted; after a
 * resharding they read "–" until the next count.
 *
 * Cost for large clusters: the address strings of a master are formatted once per endpoint, and a
 * snapshot with the same masters in the same order is applied row by row in place (no key sets,
 * no copies of unchanged rows), so an unchanged 500-master snapshot builds no strings.
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
        CountedKeysColumn, ///< sum of CLUSTER COUNTKEYSINSLOT over its slots (last full count)
        HotSlotsColumn,    ///< hot slots it owns (last full count)
        ColumnCount
    };

    enum Role {
        /** Value for sorting: qint64 / double for numbers (-1 when unknown), a sort key for the
         *  address (host, zero-padded port), the number of ranges for the ranges column. */
        RawRole = Qt::UserRole,
        UnevenRole,         ///< bool, on every cell of the row
        NodeIdRole,         ///< full node id (empty on the uncovered row), on every cell
        UncoveredRowRole,   ///< bool: true on the "uncovered" row
        CountFailedRole,    ///< bool, on the counted-keys cell: the last key count failed on this master
        HotSlotsRole,       ///< int, on the hot-slots cell: hot slots of this master (0 without a count)
    };

    /** Deviation beyond which a master is flagged uneven (fraction of the even share). */
    static constexpr double kUnevenThreshold = 0.10;
    /** Ranges shown in the ranges column before "… (+N more)"; the tooltip has them all. */
    static constexpr int kMaxRangesShown = 6;

    explicit SlotSummaryModel(QObject *parent = nullptr);

    /** Shows @p snapshot (a non-cluster or null snapshot gives an empty table). */
    void setSnapshot(SnapshotPtr snapshot);
    SnapshotPtr snapshot() const { return m_snapshot; }
    /** Shows a key count (only a full one, over all 16384 slots, is used; null clears it). */
    void setKeyCounts(SlotKeyCountsPtr counts);
    SlotKeyCountsPtr keyCounts() const { return m_counts; }

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
        Endpoint endpoint;            ///< the master's, when known
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
        bool counted = false;         ///< a count applies to this row
        qint64 countedKeys = -1;      ///< -1 when the count failed or does not apply
        int hotSlots = 0;
        QString countError;           ///< the master's count error (plain text)
    };

private:
    QList<Row> buildRows(const TopologySnapshot &snapshot);
    QVariant cell(const Row &row, int column, int role) const;
    void applyRows(QList<Row> rows);
    bool applyInPlace(QList<Row> &rows);
    void setAddress(Row &row, const Node *node);
    void applyCounts(QList<Row> &rows) const;
    void rebuild();
    void emitChangedCells(int row, const Row &before, const Row &after);
    static bool cellDiffers(const Row &a, const Row &b, int column);

    SnapshotPtr m_snapshot;
    SlotKeyCountsPtr m_counts;
    QList<Row> m_rows;
    struct Address
    {
        Endpoint endpoint;
        QString text;                 ///< endpoint.toString()
        QString sortKey;
    };
    QHash<QString, Address> m_addresses; ///< node id -> its address strings, formatted once per endpoint
    int m_unevenCount = 0;
    int m_coveredCount = kSlotCount;
    int m_migrationCount = 0;
    int m_halfOpenCount = 0;
    double m_evenShare = 0;
};

} // namespace ops
