#pragma once

#include "history/OperationRecord.h"

#include <QAbstractTableModel>
#include <QCoreApplication>

namespace ops {

/**
 * @brief Journaled operations of one query, oldest first, one row each: start, kind, target,
 * mode, operator, state (Planned/Running read "unfinished (interrupted)": at start-up nothing
 * runs them any more), duration, pre-check results and outcome. QtCore only; colours are the
 * view's. RawRole: sortable values (ms, state as int); OperationIdRole: the id; UnfinishedRole:
 * bool; Qt::ToolTipRole: the whole outcome / every pre-check / the last step of an unfinished one.
 */
class OperationTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Started, Kind, Target, Mode, Operator, State, Duration, PreChecks, Outcome, ColumnCount };
    static constexpr int RawRole = Qt::UserRole;
    static constexpr int OperationIdRole = Qt::UserRole + 1;
    static constexpr int UnfinishedRole = Qt::UserRole + 2;

    explicit OperationTableModel(QObject *parent = nullptr);

    /** Replaces every row (one model reset). */
    void setOperations(const QList<OperationRecord> &operations);
    const QList<OperationRecord> &operations() const { return m_operations; }
    const OperationRecord &operation(int row) const { return m_operations.at(row); }
    /** Row of the operation @p id, or -1. */
    int rowOfId(const QString &id) const;
    /** Number of unfinished (Planned / Running) operations. */
    int unfinishedCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(const OperationRecord &op, int column) const;
    QVariant raw(const OperationRecord &op, int column) const;

    QList<OperationRecord> m_operations;
};

} // namespace ops
