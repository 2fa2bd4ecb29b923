#pragma once

#include "health/HealthReport.h"

#include <QAbstractTableModel>

namespace ops {

/**
 * @brief The findings of a HealthReport as a table for the health panel: firing findings first
 * (critical, warning, info), then unknown, then passing. Takes whole reports (a reset per
 * report: a report is a few dozen rows). RawRole: the rank (critical 4 … pass 0) in the Status
 * column, the text elsewhere; SeverityRole: the status word ("critical", "unknown", "pass") for
 * the colour proxy; Qt::ToolTipRole: explanation, evidence and fix.
 */
class HealthFindingsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Status, Rule, Summary, Nodes, ColumnCount };
    static constexpr int RawRole = Qt::UserRole;
    static constexpr int SeverityRole = Qt::UserRole + 1;

    using QAbstractTableModel::QAbstractTableModel;

    /** @p snapshot (the report's) names the nodes by address in the Nodes column; ids without it. */
    void setReport(const HealthReport &report, const SnapshotPtr &snapshot = {});
    /** The Nodes column of @p finding: each node's host:port, its id when the snapshot does not know it. */
    QString nodesText(const HealthFinding &finding) const;
    const HealthReport &report() const { return m_report; }
    const HealthFinding *finding(int row) const;
    /** "2 critical · 1 warning · 1 unknown · 12 passing" */
    QString summaryText() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /** critical 4, warning 3, info 2, unknown 1, pass 0. */
    static int rank(const HealthFinding &finding);
    /** "critical" / "warning" / "info" / "unknown" / "pass". */
    static QString statusWord(const HealthFinding &finding);

private:
    HealthReport m_report;
    QHash<QString, QString> m_addresses; ///< node id -> host:port, from the report's snapshot
    QList<HealthFinding> m_rows; ///< the report's findings, worst first (stable within a rank)
};

} // namespace ops
