#pragma once

#include "core/LogRingSink.h"

#include <QAbstractTableModel>

namespace ops {

/**
 * @brief The application's own log (the spdlog ring sink), bounded, oldest first. refresh()
 * pulls the lines added since the last call; the view calls it on a timer, so logging from any
 * thread never touches the model.
 */
class AppLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Time, Level, Subsystem, Text, ColumnCount };

    explicit AppLogModel(std::shared_ptr<LogRingSink> sink, int capacity = 5000, QObject *parent = nullptr);

    /** Appends what the sink got since the last call; returns the number of new lines. */
    int refresh();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<LogRingSink> m_sink;
    int m_capacity;
    quint64 m_seq = 0;
    QList<LogRingSink::Line> m_lines;
};

} // namespace ops
