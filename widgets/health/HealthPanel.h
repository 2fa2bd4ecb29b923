#pragma once

#include "health/HealthReport.h"
#include "model/TopologySnapshot.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTableView;
class QToolButton;

namespace ops {

class HealthFindingsModel;

/**
 * @brief The health of one deployment: a badge with the worst severity and the counts, the
 * findings worst first (severity coloured by HealthColorProxy), and the selected finding's
 * explanation, evidence and fix. Takes the report DeploymentWorkspace computes per snapshot
 * (setReport), or runs the (pure) HealthChecker itself (setSnapshot); sends no command: its
 * "Re-check now" button asks for a refresh with a fresh read of the settings (F5). Server strings
 * are shown as plain text.
 *
 * objectNames: healthPanel, healthBadge, healthRecheck, healthTable, healthDetails, healthSplitter.
 */
class HealthPanel : public QWidget
{
    Q_OBJECT
public:
    explicit HealthPanel(QWidget *parent = nullptr);

    void setSnapshot(const SnapshotPtr &snapshot);
    /** @p snapshot (the report's) lets the table name nodes by address. */
    void setReport(const HealthReport &report, const SnapshotPtr &snapshot = {});
    const HealthReport &report() const;
    /** The badge's text: "CRITICAL — 1 critical · 2 warning · 11 passing". */
    QString badgeText() const;

    /** "critical", "warning", "info" or "pass": the worst firing severity of @p report. */
    static QString worstWord(const HealthReport &report);

signals:
    /** A new report was shown. */
    void reportChanged();
    /** The operator asked to re-check now (a poll with the settings read again). */
    void recheckRequested();

private:
    void showSelected();

    HealthFindingsModel *m_model;
    QLabel *m_badge;
    QToolButton *m_recheck;
    QTableView *m_table;
    QPlainTextEdit *m_details;
    bool m_followWorst = true; ///< no finding chosen by the operator: the worst one is shown
    bool m_selecting = false;  ///< the panel itself moves the current row
};

} // namespace ops
