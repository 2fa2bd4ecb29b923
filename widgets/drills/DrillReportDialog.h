#pragma once

#include "drills/DrillScore.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QSortFilterProxyModel;
class QTableView;

namespace ops {

class DrillRunsModel;

/**
 * @brief Drills ▸ Drill report…: every stored drill run (DrillRunsModel), filtered by trainee;
 * the selected run's whole score and what the trainee did; and how each trainee did on each drill
 * over time (DrillTrend: first, best and last times). Plain text only. The runs are given by
 * setRuns() (the console reads them on the history thread); Refresh asks again.
 */
class DrillReportDialog : public QDialog
{
    Q_OBJECT
public:
    explicit DrillReportDialog(QWidget *parent = nullptr);

    void setRuns(const QList<ops::DrillScore> &runs, const QString &error);
    /** Shows only @p trainee's runs (empty: everyone's); false when no run is by @p trainee. */
    bool filterTrainee(const QString &trainee);
    /** Selects the last shown run (the newest). */
    void selectLast();

    DrillRunsModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QString detailsText() const;
    QString trendsText() const;

signals:
    void refreshRequested();

private:
    void showSelected();
    void showTrends();

    DrillRunsModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QComboBox *m_trainee;
    QTableView *m_table;
    QPlainTextEdit *m_details;
    QPlainTextEdit *m_trends;
    QLabel *m_error;
};

} // namespace ops
