#pragma once

#include "OpsEventColumns.h"
#include "model/OpsEvent.h"

#include <QAbstractTableModel>

namespace ops {

/**
 * @brief Live events of one deployment, oldest first, bounded (the oldest rows are dropped past
 * the capacity; the history store keeps everything). QtCore only: colours and icons are the
 * view's business. Qt::UserRole gives raw values for sorting (ms, severity as int, ...).
 */
class EventLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Time, Severity, Kind, Node, Message, Source, ColumnCount };
    static constexpr int RawRole = OpsEventColumns::RawRole;
    static constexpr int EventIdRole = OpsEventColumns::EventIdRole;

    explicit EventLogModel(int capacity = 10000, QObject *parent = nullptr);

    void append(const OpsEvents &events);
    void clear();
    const OpsEvent &eventAt(int row) const { return m_events.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    int m_capacity;
    QList<OpsEvent> m_events;
};

} // namespace ops
