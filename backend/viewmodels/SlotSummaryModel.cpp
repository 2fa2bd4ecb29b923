#include "SlotSummaryModel.h"
#include "core/PlainText.h"

#include <QHash>
#include <QLocale>
#include <QSet>

#include <cmath>
#include <vector>

namespace ops {

namespace {

// Cannot collide with a cluster node id: ids never contain spaces.
const QString kUncoveredKey = QStringLiteral(" uncovered");

QString rangesText(const SlotRanges &ranges, int limit)
{
    QStringList parts;
    const qsizetype shown = limit < 0 ? ranges.size() : std::min<qsizetype>(ranges.size(), limit);
    parts.reserve(shown);
    for (qsizetype i = 0; i < shown; ++i)
        parts << ranges.at(i).toString();
    QString text = parts.join(QStringLiteral(", "));
    if (shown < ranges.size())
        text += QStringLiteral(" … (+%1 more)").arg(ranges.size() - shown);
    return text;
}

QString addressSortKey(const Endpoint &endpoint)
{
    return endpoint.host + QLatin1Char(':') + QStringLiteral("%1").arg(endpoint.port, 5, 10, QLatin1Char('0'));
}

bool isNumeric(int column)
{
    switch (column) {
    case SlotSummaryModel::SlotsColumn:
    case SlotSummaryModel::ShareColumn:
    case SlotSummaryModel::KeysColumn:
    case SlotSummaryModel::MemoryColumn:
    case SlotSummaryModel::MigratingColumn:
    case SlotSummaryModel::ImportingColumn:
    case SlotSummaryModel::DeviationColumn:
    case SlotSummaryModel::CountedKeysColumn:
    case SlotSummaryModel::HotSlotsColumn:
        return true;
    default:
        return false;
    }
}

} // namespace

SlotSummaryModel::SlotSummaryModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int SlotSummaryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SlotSummaryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int SlotSummaryModel::masterCount() const
{
    const bool hasUncovered = !m_rows.isEmpty() && m_rows.constLast().uncovered;
    return int(m_rows.size()) - (hasUncovered ? 1 : 0);
}

int SlotSummaryModel::rowOf(const QString &nodeId) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i)
        if (!m_rows.at(i).uncovered && m_rows.at(i).nodeId == nodeId)
            return int(i);
    return -1;
}

QVariant SlotSummaryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    return cell(m_rows.at(index.row()), index.column(), role);
}

QVariant SlotSummaryModel::cell(const Row &r, int column, int role) const
{
    switch (role) {
    case UnevenRole: return r.uneven;
    case NodeIdRole: return r.nodeId;
    case UncoveredRowRole: return r.uncovered;
    case CountFailedRole: return column == CountedKeysColumn ? QVariant(r.counted && !r.countError.isEmpty()) : QVariant();
    case HotSlotsRole: return column == HotSlotsColumn ? QVariant(r.hotSlots) : QVariant();
    case Qt::TextAlignmentRole:
        return isNumeric(column) ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant(int(Qt::AlignLeft | Qt::AlignVCenter));
    case Qt::ToolTipRole:
        // Numbers only (never server strings), so a rich-text tooltip cannot be injected.
        if (column == RangesColumn && r.ranges.size() > kMaxRangesShown)
            return rangesText(r.ranges, -1);
        // The error may quote the server: escaped, so the rich-text tooltip shows it literally.
        if (column == CountedKeysColumn && !r.countError.isEmpty())
            return PlainText::toolTip(r.countError);
        return {};
    case Qt::DisplayRole:
    case RawRole:
        break;
    default:
        return {};
    }
    const bool raw = role == RawRole;
    const QLocale locale;
    const double share = 100.0 * r.slotCount / kSlotCount;
    switch (Column(column)) {
    case AddressColumn: return raw ? r.addressSortKey : r.address;
    case NodeIdColumn: return raw ? r.nodeId : r.nodeId.left(8);
    case SlotsColumn: return raw ? QVariant(qint64(r.slotCount)) : QVariant(locale.toString(r.slotCount));
    case ShareColumn: return raw ? QVariant(share) : QVariant(QString::number(share, 'f', 2) + QStringLiteral(" %"));
    case RangesColumn: return raw ? QVariant(qint64(r.ranges.size())) : QVariant(rangesText(r.ranges, kMaxRangesShown));
    case KeysColumn:
        if (raw)
            return r.keys;
        return r.uncovered ? QString() : r.keys < 0 ? QStringLiteral("–") : locale.toString(r.keys);
    case MemoryColumn:
        if (raw)
            return r.usedMemory;
        return r.uncovered ? QString() : r.usedMemory < 0 ? QStringLiteral("–") : locale.formattedDataSize(r.usedMemory);
    case MigratingColumn:
        return raw ? QVariant(qint64(r.migrating)) : r.uncovered ? QVariant(QString()) : QVariant(QString::number(r.migrating));
    case ImportingColumn:
        return raw ? QVariant(qint64(r.importing)) : r.uncovered ? QVariant(QString()) : QVariant(QString::number(r.importing));
    case DeviationColumn:
        if (!r.countsForShare)
            return raw ? QVariant(0.0) : QVariant(r.uncovered ? QString() : QStringLiteral("–"));
        if (raw)
            return r.deviation;
        {
            // Rounded first, so that a slot or two around the share reads "0.0 %", never "-0.0 %".
            const double percent = std::round(1000.0 * r.deviation) / 10.0;
            return QStringLiteral("%1%2 %%3")
                .arg(percent > 0 ? QStringLiteral("+") : QString(), QString::number(percent == 0 ? 0.0 : percent, 'f', 1),
                     r.uneven ? tr(" uneven") : QString());
        }
    case CountedKeysColumn:
        if (raw)
            return r.counted ? r.countedKeys : qint64(-1);
        if (r.uncovered)
            return QString();
        if (!r.counted)
            return QStringLiteral("–");
        return r.countError.isEmpty() ? locale.toString(r.countedKeys) : tr("failed");
    case HotSlotsColumn:
        if (raw)
            return qint64(r.counted ? r.hotSlots : -1);
        return r.uncovered ? QString() : !r.counted || !r.countError.isEmpty() ? QStringLiteral("–") : locale.toString(r.hotSlots);
    case ColumnCount: break;
    }
    return {};
}

QVariant SlotSummaryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (Column(section)) {
        case AddressColumn: return tr("Address");
        case NodeIdColumn: return tr("Node");
        case SlotsColumn: return tr("Slots");
        case ShareColumn: return tr("Share");
        case RangesColumn: return tr("Ranges");
        case KeysColumn: return tr("Keys");
        case MemoryColumn: return tr("Memory");
        case MigratingColumn: return tr("Migrating");
        case ImportingColumn: return tr("Importing");
        case DeviationColumn: return tr("Deviation");
        case CountedKeysColumn: return tr("Counted keys");
        case HotSlotsColumn: return tr("Hot slots");
        case ColumnCount: break;
        }
    } else if (role == Qt::ToolTipRole) {
        switch (Column(section)) {
        case ShareColumn: return tr("Share of the 16384 hash slots");
        case MigratingColumn: return tr("Slots this master has in MIGRATING state (moving out)");
        case ImportingColumn: return tr("Slots this master has in IMPORTING state (moving in)");
        case DeviationColumn:
            return tr("Slot count compared with an even share of 16384 over the masters; "
                      "uneven when off by more than %1 %").arg(int(kUnevenThreshold * 100));
        case KeysColumn: return tr("Keys of the master from INFO keyspace, refreshed every poll");
        case CountedKeysColumn:
            return tr("Sum of CLUSTER COUNTKEYSINSLOT over the master's slots, from the last key count (Ctrl+K)");
        case HotSlotsColumn:
            return tr("Slots with at least %1× the mean keys per slot and at least %2 keys, from the last key count")
                .arg(SlotKeyCounts::kHotFactor).arg(SlotKeyCounts::kHotMinKeys);
        default: break;
        }
    }
    return {};
}

void SlotSummaryModel::setSnapshot(SnapshotPtr snapshot)
{
    m_snapshot = std::move(snapshot);
    rebuild();
}

void SlotSummaryModel::setKeyCounts(SlotKeyCountsPtr counts)
{
    if (counts && (!counts->isFullRange() || !counts->slotMap()))
        return; // a hover's single slot says nothing about a master's total
    m_counts = std::move(counts);
    rebuild();
}

void SlotSummaryModel::applyCounts(QList<Row> &rows) const
{
    if (!m_counts)
        return;
    QHash<QString, const SlotKeyCounts::Master *> byId;
    for (const SlotKeyCounts::Master &m : m_counts->masters())
        byId.insert(m.nodeId, &m);
    QHash<QString, int> hot;
    for (int slot : m_counts->hotSlots())
        ++hot[m_counts->ownerAt(slot)];
    for (Row &r : rows) {
        const SlotKeyCounts::Master *m = r.uncovered ? nullptr : byId.value(r.nodeId);
        if (!m || m->slotCount != r.slotCount)
            continue; // not counted, or resharded since
        r.counted = true;
        r.countedKeys = m->ok() ? m->keys : -1;
        r.countError = m->ok() ? QString() : m->error.message();
        r.hotSlots = m->ok() ? hot.value(r.nodeId) : 0;
    }
}

void SlotSummaryModel::rebuild()
{
    QList<Row> rows;
    m_unevenCount = 0;
    m_coveredCount = kSlotCount;
    m_migrationCount = 0;
    m_halfOpenCount = 0;
    m_evenShare = 0;
    if (m_snapshot)
        rows = buildRows(*m_snapshot);
    applyCounts(rows);
    applyRows(std::move(rows));
}

void SlotSummaryModel::setAddress(Row &row, const Node *node)
{
    if (!node) {
        row.address = tr("unknown");
        row.addressSortKey = QStringLiteral("~") + row.nodeId;
        return;
    }
    row.endpoint = node->endpoint;
    auto it = m_addresses.find(node->id);
    if (it == m_addresses.end() || it->endpoint != node->endpoint)
        it = m_addresses.insert(node->id, Address{node->endpoint, node->endpoint.toString(), addressSortKey(node->endpoint)});
    row.address = it->text;
    row.addressSortKey = it->sortKey;
}

QList<SlotSummaryModel::Row> SlotSummaryModel::buildRows(const TopologySnapshot &snapshot)
{
    const SlotMap *map = snapshot.slotMap.get();
    if (snapshot.kind != TopologySnapshot::Kind::Cluster || !map)
        return {};

    // One pass over the slots: count and ranges per owner index, and the uncovered ranges.
    const QStringList &owners = map->owners();
    QList<int> counts(owners.size(), 0);
    QList<SlotRanges> ranges(owners.size());
    SlotRanges uncovered;
    int covered = 0;
    int runOwner = map->ownerIndex(0);
    int runStart = 0;
    for (int s = 0; s <= kSlotCount; ++s) {
        const int owner = s < kSlotCount ? map->ownerIndex(s) : -2;
        if (owner >= 0) {
            ++counts[owner];
            ++covered;
        }
        if (owner == runOwner)
            continue;
        if (runOwner >= 0)
            ranges[runOwner].append({runStart, s - 1});
        else if (runOwner == -1)
            uncovered.append({runStart, s - 1});
        runOwner = owner;
        runStart = s;
    }
    m_coveredCount = covered;

    QHash<QString, int> migrating, importing;
    for (const SlotMap::Migration &m : map->migrations()) {
        ++m_migrationCount;
        if (m.isHalfOpen())
            ++m_halfOpenCount;
        if (m.migratingSeen)
            ++migrating[m.source];
        if (m.importingSeen)
            ++importing[m.target];
    }

    // Masters in snapshot order, then owners the slot map knows but the node list does not call master.
    if (m_addresses.size() > 2 * snapshot.nodes.size() + 64)
        m_addresses.clear(); // nodes that left the cluster
    QList<Row> rows;
    rows.reserve(owners.size() + 1);
    std::vector<bool> ownerAdded(std::size_t(owners.size()), false);
    QSet<QString> othersAdded; // masters owning no slots
    auto add = [&](const QString &id, const Node *node) {
        const int index = map->indexOfOwner(id);
        if (index >= 0) {
            if (ownerAdded[std::size_t(index)])
                return;
            ownerAdded[std::size_t(index)] = true;
        } else {
            if (othersAdded.contains(id))
                return;
            othersAdded.insert(id);
        }
        Row r;
        r.key = id;
        r.nodeId = id;
        setAddress(r, node);
        if (index >= 0) {
            r.slotCount = counts.at(index);
            r.ranges = ranges.at(index);
        }
        r.keys = node ? node->keys : -1;
        r.usedMemory = node ? node->usedMemory : -1;
        if (!migrating.isEmpty())
            r.migrating = migrating.value(id);
        if (!importing.isEmpty())
            r.importing = importing.value(id);
        r.countsForShare = r.slotCount > 0 || !(node && node->has(Node::Fail));
        rows.append(std::move(r));
    };
    for (const Node &node : snapshot.nodes)
        if (node.isMaster())
            add(node.id, &node);
    for (qsizetype i = 0; i < owners.size(); ++i)
        if (!ownerAdded[std::size_t(i)]) // before node(): a linear search
            add(owners.at(i), snapshot.node(owners.at(i)));

    const auto sharing = std::count_if(rows.cbegin(), rows.cend(), [](const Row &r) { return r.countsForShare; });
    m_evenShare = sharing > 0 ? double(kSlotCount) / double(sharing) : 0.0;
    for (Row &r : rows) {
        if (!r.countsForShare)
            continue;
        r.deviation = (r.slotCount - m_evenShare) / m_evenShare;
        r.uneven = std::abs(r.deviation) > kUnevenThreshold;
        if (r.uneven)
            ++m_unevenCount;
    }

    if (covered < kSlotCount) {
        Row r;
        r.key = kUncoveredKey;
        r.uncovered = true;
        r.address = tr("uncovered");
        r.addressSortKey = QStringLiteral("~~uncovered");
        r.slotCount = kSlotCount - covered;
        r.ranges = uncovered;
        rows.append(std::move(r));
    }
    return rows;
}

bool SlotSummaryModel::applyInPlace(QList<Row> &rows)
{
    // The usual snapshot: the same rows in the same order. Only changed cells are signalled.
    if (rows.size() != m_rows.size())
        return false;
    for (qsizetype i = 0; i < rows.size(); ++i)
        if (rows.at(i).key != m_rows.at(i).key)
            return false;
    for (int i = 0; i < int(rows.size()); ++i) {
        const Row before = std::exchange(m_rows[i], std::move(rows[i]));
        emitChangedCells(i, before, m_rows.at(i));
    }
    return true;
}

void SlotSummaryModel::applyRows(QList<Row> rows)
{
    if (applyInPlace(rows))
        return;
    // One hash over the new keys: where each old row goes (-1: gone), and which new rows exist already.
    QHash<QString, int> newIndex;
    newIndex.reserve(rows.size());
    for (qsizetype i = 0; i < rows.size(); ++i)
        newIndex.insert(rows.at(i).key, int(i));
    std::vector<int> target(std::size_t(m_rows.size()), -1);
    std::vector<bool> known(std::size_t(rows.size()), false);
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        const int to = newIndex.value(m_rows.at(i).key, -1);
        target[std::size_t(i)] = to;
        if (to >= 0)
            known[std::size_t(to)] = true;
    }

    // 1. Remove rows that are gone, in contiguous runs from the bottom.
    for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
        if (target[std::size_t(i)] >= 0)
            continue;
        const int last = i;
        while (i > 0 && target[std::size_t(i - 1)] < 0)
            --i;
        beginRemoveRows({}, i, last);
        m_rows.remove(i, last - i + 1);
        endRemoveRows();
    }

    // 2. Walk the new order: update in place, move a known row up, or insert a run of new rows.
    for (int i = 0; i < int(rows.size()); ++i) {
        const QString &key = rows.at(i).key;
        if (!known[std::size_t(i)]) {
            int end = i;
            while (end + 1 < int(rows.size()) && !known[std::size_t(end + 1)])
                ++end;
            beginInsertRows({}, i, end);
            for (int k = i; k <= end; ++k)
                m_rows.insert(k, std::move(rows[k]));
            endInsertRows();
            i = end;
            continue;
        }
        if (m_rows.at(i).key != key) {
            int j = i + 1;
            while (m_rows.at(j).key != key) // present: every old key left is a new key
                ++j;
            beginMoveRows({}, j, j, {}, i);
            m_rows.move(j, i);
            endMoveRows();
        }
        const Row before = std::exchange(m_rows[i], std::move(rows[i]));
        emitChangedCells(i, before, m_rows.at(i));
    }
}

bool SlotSummaryModel::cellDiffers(const Row &a, const Row &b, int column)
{
    // Roles carried by every cell of the row (rows of one key share nodeId and uncovered).
    if (a.uneven != b.uneven || a.nodeId != b.nodeId || a.uncovered != b.uncovered)
        return true;
    switch (Column(column)) {
    case AddressColumn: return a.address != b.address || a.addressSortKey != b.addressSortKey;
    case NodeIdColumn: return false;
    case SlotsColumn:
    case ShareColumn: return a.slotCount != b.slotCount;
    case RangesColumn: return a.ranges != b.ranges;
    case KeysColumn: return a.keys != b.keys;
    case MemoryColumn: return a.usedMemory != b.usedMemory;
    case MigratingColumn: return a.migrating != b.migrating;
    case ImportingColumn: return a.importing != b.importing;
    case DeviationColumn:
        return a.countsForShare != b.countsForShare || (a.countsForShare && a.deviation != b.deviation);
    case CountedKeysColumn:
        return a.counted != b.counted || a.countedKeys != b.countedKeys || a.countError != b.countError;
    case HotSlotsColumn: return a.counted != b.counted || a.hotSlots != b.hotSlots || a.countError.isEmpty() != b.countError.isEmpty();
    case ColumnCount: break;
    }
    return false;
}

void SlotSummaryModel::emitChangedCells(int row, const Row &before, const Row &after)
{
    // One dataChanged per run of adjacent changed cells in the row.
    int runStart = -1;
    for (int c = 0; c <= ColumnCount; ++c) {
        const bool changed = c < ColumnCount && cellDiffers(before, after, c);
        if (changed && runStart < 0)
            runStart = c;
        else if (!changed && runStart >= 0) {
            emit dataChanged(index(row, runStart), index(row, c - 1));
            runStart = -1;
        }
    }
}

} // namespace ops
