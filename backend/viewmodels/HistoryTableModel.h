#pragma once

#include "OpsEventColumns.h"
#include "model/OpsEvent.h"

#include <QAbstractTableModel>
#include <QHash>

namespace ops {

/**
 * @brief Stored events of one history query (plus live events appended after it), oldest first,
 * one row per event: time, kind, severity, node, message. QtCore only; colours and icons are the
 * view's business. RawRole gives sortable raw values (ms since epoch, severity as int, ...),
 * EventIdRole the OpsEvent::id.
 */
class HistoryTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Time, Kind, Severity, Node, Message, ColumnCount };
    static constexpr int RawRole = OpsEventColumns::RawRole;
    static constexpr int EventIdRole = OpsEventColumns::EventIdRole;

    explicit HistoryTableModel(QObject *parent = nullptr);

    /** Replaces every row (one model reset). */
    void setEvents(const OpsEvents &events);
    /** Appends live events; events whose non-zero id is already present are skipped. */
    void addEvents(const OpsEvents &events);
    void clear();

    const OpsEvent &eventAt(int row) const { return m_events.at(row); }
    const OpsEvents &events() const { return m_events; }
    /** Row of the event with @p id, or -1. */
    int rowOfId(qint64 id) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /** "yyyy-MM-dd HH:mm:ss.zzz" in local time, as shown in the Time column. */
    static QString timeText(qint64 timestampMs);

private:
    OpsEvents m_events;
    QHash<qint64, int> m_rowOfId; ///< non-zero ids only
};

} // namespace ops
