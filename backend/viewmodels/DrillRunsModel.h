#pragma once

#include "drills/DrillScore.h"

#include <QAbstractTableModel>

namespace ops {

/**
 * @brief Drill results (DrillHistory::runs), oldest first, one row each: when, drill, trainee,
 * outcome, time to detect, time to recover, acknowledged writes lost, runbook steps followed, and
 * the recovery time against the same trainee's previous run of that drill (DrillTrend), so a
 * trainee's progress reads down the table. QtCore only. RawRole: sortable values (ms, counts;
 * -1 = never); Qt::ToolTipRole: the whole score (DrillScore::toText), as plain text.
 */
class DrillRunsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Started, Drill, Trainee, Outcome, Detect, Recover, Lost, Steps, VersusPrevious, ColumnCount };
    static constexpr int RawRole = Qt::UserRole;

    explicit DrillRunsModel(QObject *parent = nullptr);

    /** Replaces every row (one model reset). */
    void setRuns(const QList<DrillScore> &runs);
    const QList<DrillScore> &runs() const { return m_runs; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(int row, int column) const;
    QVariant raw(int row, int column) const;

    QList<DrillScore> m_runs;
    QStringList m_versus; ///< DrillTrend::versusPrevious of each row, computed once per reset
};

} // namespace ops
