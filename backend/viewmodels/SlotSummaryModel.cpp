#include "SlotSummaryModel.h"

#include <QHash>
#include <QLocale>
#include <QSet>

#include <cmath>

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
    case Qt::TextAlignmentRole:
        return isNumeric(column) ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant(int(Qt::AlignLeft | Qt::AlignVCenter));
    case Qt::ToolTipRole:
        // Numbers only (never server strings), so a rich-text tooltip cannot be injected.
        if (column == RangesColumn && r.ranges.size() > kMaxRangesShown)
            return rangesText(r.ranges, -1);
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
        default: break;
        }
    }
    return {};
}

void SlotSummaryModel::setSnapshot(SnapshotPtr snapshot)
{
    m_snapshot = std::move(snapshot);
    QList<Row> rows;
    m_unevenCount = 0;
    m_coveredCount = kSlotCount;
    m_migrationCount = 0;
    m_halfOpenCount = 0;
    m_evenShare = 0;
    if (m_snapshot)
        rows = buildRows(*m_snapshot);
    applyRows(std::move(rows));
}

QList<SlotSummaryModel::Row> SlotSummaryModel::buildRows(const TopologySnapshot &snapshot)
{
    const SlotMap *map = snapshot.slotMap.get();
    if (snapshot.kind != TopologySnapshot::Kind::Cluster || !map)
        return {};

    // One pass over the slots: count and ranges per owner index, and the uncovered ranges.
    const QStringList &owners = map->owners();
    QHash<QString, int> ownerIndex;
    ownerIndex.reserve(owners.size());
    for (qsizetype i = 0; i < owners.size(); ++i)
        ownerIndex.insert(owners.at(i), int(i));
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
    QList<Row> rows;
    QSet<QString> seen;
    auto add = [&](const QString &id, const Node *node) {
        if (seen.contains(id))
            return;
        seen.insert(id);
        Row r;
        r.key = id;
        r.nodeId = id;
        r.address = node ? node->endpoint.toString() : tr("unknown");
        r.addressSortKey = node ? addressSortKey(node->endpoint) : QStringLiteral("~") + id;
        const int index = ownerIndex.value(id, -1);
        if (index >= 0) {
            r.slotCount = counts.at(index);
            r.ranges = ranges.at(index);
        }
        r.keys = node ? node->keys : -1;
        r.usedMemory = node ? node->usedMemory : -1;
        r.migrating = migrating.value(id);
        r.importing = importing.value(id);
        r.countsForShare = r.slotCount > 0 || !(node && node->has(Node::Fail));
        rows.append(std::move(r));
    };
    for (const Node *m : snapshot.masters())
        add(m->id, m);
    for (const QString &id : owners)
        if (!seen.contains(id)) // before node(): a linear search
            add(id, snapshot.node(id));

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

void SlotSummaryModel::applyRows(QList<Row> rows)
{
    QSet<QString> newKeys;
    for (const Row &r : rows)
        newKeys.insert(r.key);

    // 1. Remove rows that are gone, in contiguous runs from the bottom.
    for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
        if (newKeys.contains(m_rows.at(i).key))
            continue;
        const int last = i;
        while (i > 0 && !newKeys.contains(m_rows.at(i - 1).key))
            --i;
        beginRemoveRows({}, i, last);
        m_rows.remove(i, last - i + 1);
        endRemoveRows();
    }

    QSet<QString> oldKeys;
    for (const Row &r : std::as_const(m_rows))
        oldKeys.insert(r.key);

    // 2. Walk the new order: update in place, move a known row up, or insert a run of new rows.
    for (int i = 0; i < int(rows.size()); ++i) {
        const QString &key = rows.at(i).key;
        if (!oldKeys.contains(key)) {
            int end = i;
            while (end + 1 < int(rows.size()) && !oldKeys.contains(rows.at(end + 1).key))
                ++end;
            beginInsertRows({}, i, end);
            for (int k = i; k <= end; ++k)
                m_rows.insert(k, rows.at(k));
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
        const Row before = std::exchange(m_rows[i], rows.at(i));
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
