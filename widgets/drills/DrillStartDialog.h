#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QListWidget;
class QSpinBox;

namespace ops {

/**
 * @brief Drills ▸ Start drill…: which drill (DrillScenario::catalogue, by title), who is the
 * trainee and the seed (which node, sentinel or slot the fault hits). The trainee is told the
 * briefing, the lab and the runbook to follow — never what is broken. The drill runs on a lab of
 * its own on this machine; no watched deployment is touched. Plain text only.
 */
class DrillStartDialog : public QDialog
{
    Q_OBJECT
public:
    explicit DrillStartDialog(const QString &trainee, QWidget *parent = nullptr);

    QString scenarioId() const;
    quint32 seed() const;
    QString trainee() const;
    /** Selects drill @p id; false when there is none of that id. */
    bool selectScenario(const QString &id);

private:
    void showSelected();

    QListWidget *m_list;
    QLabel *m_details;
    QLineEdit *m_trainee;
    QSpinBox *m_seed;
};

} // namespace ops
