#pragma once

#include "health/HealthReport.h"
#include "model/TopologySnapshot.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTableView;

namespace ops {

class HealthFindingsModel;

/**
 * @brief The health of one deployment: a badge with the worst severity and the counts, the
 * findings worst first (severity coloured by HealthColorProxy), and the selected finding's
 * explanation, evidence and fix. Runs the (pure) HealthChecker on each snapshot it is given;
 * sends no command. Server strings are shown as plain text.
 */
class HealthPanel : public QWidget
{
    Q_OBJECT
public:
    explicit HealthPanel(QWidget *parent = nullptr);

    void setSnapshot(const SnapshotPtr &snapshot);
    const HealthReport &report() const;

signals:
    /** A new report (its worst severity changes the tab badge later). */
    void reportChanged();

private:
    void showSelected();

    HealthFindingsModel *m_model;
    QLabel *m_badge;
    QTableView *m_table;
    QPlainTextEdit *m_details;
};

} // namespace ops
