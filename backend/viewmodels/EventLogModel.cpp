#include "EventLogModel.h"

#include <QDateTime>

namespace ops {

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
    const OpsEvent &e = m_events.at(index.row());
    if (role == EventIdRole)
        return e.id;
    if (role == RawRole) {
        switch (index.column()) {
        case Time: return e.timestampMs;
        case Severity: return int(e.severity);
        default: break;
        }
        role = Qt::DisplayRole;
    }
    if (role == Qt::ToolTipRole && index.column() == Message)
        return e.message;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Time: return QDateTime::fromMSecsSinceEpoch(e.timestampMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    case Severity: return OpsEvent::severityName(e.severity);
    case Kind: return e.kindName();
    case Node: return e.endpoint.isEmpty() ? e.nodeId : e.endpoint;
    case Message: return e.message;
    case Source: return OpsEvent::sourceName(e.source);
    default: return {};
    }
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Time: return tr("Time");
    case Severity: return tr("Severity");
    case Kind: return tr("Kind");
    case Node: return tr("Node");
    case Message: return tr("Message");
    case Source: return tr("Source");
    default: return {};
    }
}

} // namespace ops
