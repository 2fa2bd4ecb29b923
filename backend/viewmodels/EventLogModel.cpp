#include "EventLogModel.h"

#include <array>

namespace ops {

namespace {
using Field = OpsEventColumns::Field;
// In the order of EventLogModel::Column.
constexpr std::array<Field, EventLogModel::ColumnCount> kFields{Field::Time, Field::Severity, Field::Kind,
                                                                 Field::Node, Field::Message, Field::Source};
} // namespace

EventLogModel::EventLogModel(int capacity, QObject *parent)
    : QAbstractTableModel(parent), m_capacity(std::max(1, capacity))
{
}

void EventLogModel::append(const OpsEvents &events)
{
    if (events.isEmpty())
        return;
    const qsizetype incoming = std::min<qsizetype>(events.size(), m_capacity);
    const qsizetype overflow = m_events.size() + incoming - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, int(overflow) - 1);
        m_events.remove(0, overflow);
        endRemoveRows();
    }
    const int first = int(m_events.size());
    beginInsertRows({}, first, first + int(incoming) - 1);
    m_events.append(events.mid(events.size() - incoming));
    endInsertRows();
}

void EventLogModel::clear()
{
    if (m_events.isEmpty())
        return;
    beginResetModel();
    m_events.clear();
    endResetModel();
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    return OpsEventColumns::data(kFields, m_events.at(index.row()), index.column(), role);
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    return OpsEventColumns::header(kFields, section);
}

} // namespace ops
