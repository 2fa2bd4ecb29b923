#include "OperationTableModel.h"
#include "core/PlainText.h"

#include "OpsEventColumns.h"
#include "history/OperationSummary.h"

#include <algorithm>

namespace ops {

OperationTableModel::OperationTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void OperationTableModel::setOperations(const QList<OperationRecord> &operations)
{
    beginResetModel();
    m_operations = operations;
    endResetModel();
}

int OperationTableModel::rowOfId(const QString &id) const
{
    for (int row = 0; row < m_operations.size(); ++row)
        if (m_operations.at(row).id == id)
            return row;
    return -1;
}

int OperationTableModel::unfinishedCount() const
{
    return int(std::count_if(m_operations.cbegin(), m_operations.cend(), [](const OperationRecord &op) { return !op.isFinished(); }));
}

int OperationTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_operations.size());
}

int OperationTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OperationTableModel::display(const OperationRecord &op, int column) const
{
    switch (Column(column)) {
    case Started: return OpsEventColumns::timeText(op.startedMs);
    case Kind: return op.kind;
    case Target: return op.target;
    case Mode: return op.mode;
    case Operator: return op.operatorName;
    case State: return OperationSummary::stateText(op);
    case Duration: return OperationSummary::durationText(OperationSummary::durationMs(op));
    case PreChecks: return OperationSummary::preCheckCounts(op);
    case Outcome: return op.isFinished() ? op.outcome.simplified() : tr("last step: %1").arg(OperationSummary::lastStepText(op));
    case ColumnCount: break;
    }
    return {};
}

QVariant OperationTableModel::raw(const OperationRecord &op, int column) const
{
    switch (Column(column)) {
    case Started: return op.startedMs;
    case State: return int(op.state);
    case Duration: return OperationSummary::durationMs(op);
    default: return display(op, column);
    }
}

QVariant OperationTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const OperationRecord &op = m_operations.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return display(op, index.column());
    case RawRole: return raw(op, index.column());
    case OperationIdRole: return op.id;
    case UnfinishedRole: return !op.isFinished();
    case Qt::ToolTipRole:
        if (index.column() == PreChecks)
            return PlainText::toolTip(OperationSummary::preCheckText(op));
        if (index.column() == Outcome || index.column() == State)
            return PlainText::toolTip(op.isFinished() ? op.outcome
                                                      : tr("Interrupted: the program running it stopped. Last step: %1")
                                                            .arg(OperationSummary::lastStepText(op)));
        return {};
    default: return {};
    }
}

QVariant OperationTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Started: return tr("Started");
    case Kind: return tr("Operation");
    case Target: return tr("Target");
    case Mode: return tr("Mode");
    case Operator: return tr("Operator");
    case State: return tr("State");
    case Duration: return tr("Duration");
    case PreChecks: return tr("Pre-checks");
    case Outcome: return tr("Outcome");
    case ColumnCount: break;
    }
    return {};
}

} // namespace ops
