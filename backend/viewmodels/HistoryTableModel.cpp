#include "HistoryTableModel.h"

#include <array>

namespace ops {

namespace {
using Field = OpsEventColumns::Field;
// In the order of HistoryTableModel::Column.
constexpr std::array<Field, HistoryTableModel::ColumnCount> kFields{Field::Time, Field::Kind, Field::Severity, Field::Node,
                                                                     Field::Message};
} // namespace

HistoryTableModel::HistoryTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void HistoryTableModel::setEvents(const OpsEvents &events)
{
    beginResetModel();
    m_events = events;
    m_rowOfId.clear();
    for (int row = 0; row < m_events.size(); ++row)
        if (m_events.at(row).id != 0)
            m_rowOfId.insert(m_events.at(row).id, row);
    endResetModel();
}

void HistoryTableModel::addEvents(const OpsEvents &events)
{
    OpsEvents fresh;
    for (const OpsEvent &e : events)
        if (e.id == 0 || !m_rowOfId.contains(e.id))
            fresh.append(e);
    if (fresh.isEmpty())
        return;
    const int first = int(m_events.size());
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    for (const OpsEvent &e : std::as_const(fresh)) {
        if (e.id != 0)
            m_rowOfId.insert(e.id, int(m_events.size()));
        m_events.append(e);
    }
    endInsertRows();
}

void HistoryTableModel::clear()
{
    if (m_events.isEmpty())
        return;
    beginResetModel();
    m_events.clear();
    m_rowOfId.clear();
    endResetModel();
}

int HistoryTableModel::rowOfId(qint64 id) const
{
    return m_rowOfId.value(id, -1);
}

int HistoryTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int HistoryTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString HistoryTableModel::timeText(qint64 timestampMs)
{
    return OpsEventColumns::timeText(timestampMs);
}

QVariant HistoryTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const OpsEvent &e = m_events.at(index.row());
    if (role == RawRole && index.column() == Node)
        return e.nodeId; // sorts by id, whatever address is shown
    return OpsEventColumns::data(kFields, e, index.column(), role);
}

QVariant HistoryTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    return OpsEventColumns::header(kFields, section);
}

} // namespace ops
