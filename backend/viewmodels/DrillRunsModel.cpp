#include "DrillRunsModel.h"

#include "OpsEventColumns.h"
#include "core/PlainText.h"
#include "drills/DrillTrend.h"

namespace ops {

DrillRunsModel::DrillRunsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void DrillRunsModel::setRuns(const QList<DrillScore> &runs)
{
    beginResetModel();
    m_runs = runs;
    m_versus.clear();
    for (qsizetype i = 0; i < m_runs.size(); ++i)
        m_versus << DrillTrend::versusPrevious(m_runs, i);
    endResetModel();
}

int DrillRunsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int DrillRunsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DrillRunsModel::display(int row, int column) const
{
    const DrillScore &s = m_runs.at(row);
    switch (Column(column)) {
    case Started: return OpsEventColumns::timeText(s.startedMs);
    case Drill: return s.scenarioId;
    case Trainee: return s.trainee;
    case Outcome: return s.outcome;
    case Detect: return DrillScore::secondsText(s.detectMs);
    case Recover: return DrillScore::secondsText(s.recoverMs);
    case Lost: return s.lostWrites < 0 ? QStringLiteral("-") : QStringLiteral("%1 of %2").arg(s.lostWrites).arg(s.ackedWrites);
    case Steps:
        return s.runbookSteps > 0 ? tr("%1 of %2").arg(s.matchedSteps).arg(s.runbookSteps) : tr("%n action(s)", nullptr, int(s.actions.size()));
    case VersusPrevious: return m_versus.at(row);
    case ColumnCount: break;
    }
    return {};
}

QVariant DrillRunsModel::raw(int row, int column) const
{
    const DrillScore &s = m_runs.at(row);
    switch (Column(column)) {
    case Started: return s.startedMs;
    case Detect: return s.detectMs;
    case Recover: return s.recoverMs;
    case Lost: return s.lostWrites;
    case Steps: return s.runbookSteps > 0 ? s.matchedSteps : int(s.actions.size());
    default: return display(row, column);
    }
}

QVariant DrillRunsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    switch (role) {
    case Qt::DisplayRole: return display(index.row(), index.column());
    case RawRole: return raw(index.row(), index.column());
    case Qt::ToolTipRole: return PlainText::toolTip(m_runs.at(index.row()).toText());
    default: return {};
    }
}

QVariant DrillRunsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Started: return tr("Started");
    case Drill: return tr("Drill");
    case Trainee: return tr("Trainee");
    case Outcome: return tr("Outcome");
    case Detect: return tr("Detect");
    case Recover: return tr("Recover");
    case Lost: return tr("Writes lost");
    case Steps: return tr("Runbook steps");
    case VersusPrevious: return tr("Recovery vs previous");
    case ColumnCount: break;
    }
    return {};
}

} // namespace ops
