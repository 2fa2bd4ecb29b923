#include "RunbookStepsModel.h"
#include "core/PlainText.h"

#include <QDateTime>

namespace ops {

RunbookStepsModel::RunbookStepsModel(QObject *parent) : QAbstractTableModel(parent) {}

QString RunbookStepsModel::kindName(RunbookStep::Kind kind)
{
    switch (kind) {
    case RunbookStep::Kind::Check: return tr("check");
    case RunbookStep::Kind::Wait: return tr("wait");
    case RunbookStep::Kind::Action: return tr("action");
    case RunbookStep::Kind::Command: return tr("command");
    case RunbookStep::Kind::Manual: return tr("manual");
    case RunbookStep::Kind::Branch: return tr("branch");
    }
    return {};
}

void RunbookStepsModel::setRunbook(const Runbook &runbook)
{
    beginResetModel();
    m_runbook = runbook;
    m_state = {};
    for (const RunbookStep &s : m_runbook.steps) {
        RunbookStepState st;
        st.stepId = s.id;
        m_state.steps << st;
    }
    endResetModel();
}

void RunbookStepsModel::setState(const RunbookRunState &state)
{
    if (state.steps.size() != m_runbook.steps.size())
        return; // a run of another runbook
    const RunbookRunState old = std::exchange(m_state, state);
    for (int row = 0; row < m_state.steps.size(); ++row) {
        const RunbookStepState &a = old.steps.at(row);
        const RunbookStepState &b = m_state.steps.at(row);
        const bool currentChanged = (old.current == row) != (m_state.current == row);
        if (a.status != b.status || a.startedMs != b.startedMs || a.endedMs != b.endedMs || a.detail != b.detail || currentChanged)
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
}

int RunbookStepsModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_runbook.steps.size()); }

int RunbookStepsModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant RunbookStepsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RunbookStep &step = m_runbook.steps.at(index.row());
    const RunbookStepState &st = m_state.steps.at(index.row());
    if (role == StatusRole)
        return RunbookStepState::statusName(st.status);
    if (role == CurrentRole)
        return m_state.current == index.row();
    if (role == Qt::ToolTipRole && index.column() == Step)
        return PlainText::toolTip(step.id);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Number: return index.row() + 1;
    case Step: return step.title;
    case Kind: return step.kind == RunbookStep::Kind::Action ? step.action : kindName(step.kind);
    case Status: return RunbookStepState::statusName(st.status);
    case Started: return st.startedMs > 0 ? QDateTime::fromMSecsSinceEpoch(st.startedMs).toString(QStringLiteral("HH:mm:ss")) : QString();
    case Took: return st.startedMs > 0 && st.endedMs >= st.startedMs ? QStringLiteral("%1 s").arg((st.endedMs - st.startedMs) / 1000.0, 0, 'f', 1)
                                                                     : QString();
    case Detail: return st.detail.section(QLatin1Char('\n'), 0, 0);
    default: return {};
    }
}

QVariant RunbookStepsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Number: return tr("#");
    case Step: return tr("Step");
    case Kind: return tr("Kind");
    case Status: return tr("Status");
    case Started: return tr("Started");
    case Took: return tr("Took");
    case Detail: return tr("Detail");
    default: return {};
    }
}

} // namespace ops
