#include "HistoryTableModel.h"

#include <QDateTime>

namespace ops {

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
    return QDateTime::fromMSecsSinceEpoch(timestampMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

QVariant HistoryTableModel::data(const QModelIndex &index, int role) const
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
        case Node: return e.nodeId;
        default: break;
        }
        role = Qt::DisplayRole;
    }
    if (role == Qt::ToolTipRole && index.column() == Message)
        return e.message;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Time: return timeText(e.timestampMs);
    case Kind: return e.kindName();
    case Severity: return OpsEvent::severityName(e.severity);
    case Node: return e.endpoint.isEmpty() ? e.nodeId : e.endpoint;
    case Message: return e.message;
    default: return {};
    }
}

QVariant HistoryTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Time: return tr("Time");
    case Kind: return tr("Kind");
    case Severity: return tr("Severity");
    case Node: return tr("Node");
    case Message: return tr("Message");
    default: return {};
    }
}

} // namespace ops
