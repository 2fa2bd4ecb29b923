#pragma once

#include "runbooks/Runbook.h"
#include "runbooks/RunbookRunState.h"

#include <QAbstractTableModel>

namespace ops {

/**
 * @brief The steps of one runbook and how far a run got (the console's runbook panel): one row per
 * step in the runbook's order — number, title, kind, status, when it started, how long it took,
 * and the one-line detail (why it passed or failed, the branch taken, the skip reason). setRunbook()
 * resets; setState() changes only the rows whose state changed. Plain text; colours are the
 * view's. Qt Core only.
 */
class RunbookStepsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Number, Step, Kind, Status, Started, Took, Detail, ColumnCount };
    enum Role { StatusRole = Qt::UserRole + 1, CurrentRole };

    explicit RunbookStepsModel(QObject *parent = nullptr);

    void setRunbook(const Runbook &runbook);
    void setState(const RunbookRunState &state);
    const Runbook &runbook() const { return m_runbook; }
    const RunbookRunState &state() const { return m_state; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    static QString kindName(RunbookStep::Kind kind);

private:
    Runbook m_runbook;
    RunbookRunState m_state;
};

} // namespace ops
