#include "DrillsMenu.h"

#include "DrillBar.h"
#include "DrillReportDialog.h"
#include "DrillStartDialog.h"
#include "drills/DrillScenario.h"

#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>

namespace ops {

DrillsMenu::DrillsMenu(QMainWindow *window, const QString &trainee)
    : QObject(window), m_window(window), m_menu(new QMenu(tr("&Drills"), window)), m_bar(new DrillBar(window)), m_trainee(trainee)
{
    m_menu->setObjectName(QStringLiteral("drillsMenu"));
    const QList<QAction *> menus = window->menuBar()->actions();
    window->menuBar()->insertMenu(menus.isEmpty() ? nullptr : menus.constLast(), m_menu);
    auto add = [this, window](const char *name, const QString &text, const QKeySequence &key) {
        QAction *a = m_menu->addAction(text);
        a->setParent(window); // listed by the shortcuts dialog with the window's other actions
        a->setObjectName(QLatin1String(name));
        a->setShortcut(key);
        a->setShortcutContext(Qt::WindowShortcut);
        window->addAction(a);
        return a;
    };
    m_start = add("actionStartDrill", tr("&Start drill…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    connect(m_start, &QAction::triggered, this, &DrillsMenu::openStart);
    connect(add("actionDrillReport", tr("Drill &report…"), QKeySequence()), &QAction::triggered, this, &DrillsMenu::openReport);

    window->addToolBarBreak(Qt::TopToolBarArea);
    window->addToolBar(Qt::TopToolBarArea, m_bar);
    m_bar->hide();
    connect(m_bar, &DrillBar::acknowledgeRequested, this, &DrillsMenu::acknowledgeRequested);
    connect(m_bar, &DrillBar::abortRequested, this, &DrillsMenu::abortRequested);
    connect(m_bar, &DrillBar::reportRequested, this, &DrillsMenu::openReport);
    connect(m_bar, &DrillBar::closeRequested, this, [this] {
        m_bar->hide();
        m_start->setEnabled(true);
        emit closeRequested();
    });
}

DrillStartDialog *DrillsMenu::openStart()
{
    if (m_startDialog) {
        m_startDialog->raise();
        return m_startDialog;
    }
    m_startDialog = new DrillStartDialog(m_trainee, m_window);
    m_startDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_startDialog, &QDialog::accepted, this, [this, dialog = m_startDialog] {
        const std::optional<DrillScenario> scenario = DrillScenario::find(dialog->scenarioId());
        if (!scenario)
            return;
        m_trainee = dialog->trainee();
        m_start->setEnabled(false); // one drill at a time: Close drill enables it again
        m_bar->showStarting(scenario->title, scenario->briefing);
        emit startRequested(scenario->id, dialog->seed(), m_trainee);
    });
    m_startDialog->open();
    return m_startDialog;
}

DrillReportDialog *DrillsMenu::openReport()
{
    if (!m_report) {
        m_report = new DrillReportDialog(m_window);
        m_report->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_report, &DrillReportDialog::refreshRequested, this, &DrillsMenu::refreshReport);
    }
    m_report->show();
    m_report->raise();
    refreshReport();
    return m_report;
}

DrillReportDialog *DrillsMenu::report() const
{
    return m_report;
}

void DrillsMenu::refreshReport()
{
    if (!m_runsQuery || !m_report)
        return;
    m_runsQuery(m_report, [report = m_report, who = m_lastScoredTrainee](const QList<DrillScore> &runs, const QString &error) {
        if (!report)
            return;
        report->setRuns(runs, error);
        if (!who.isEmpty())
            report->filterTrainee(who);
        report->selectLast();
    });
}

void DrillsMenu::showProgress(const QString &step)
{
    m_bar->showProgress(step);
}

void DrillsMenu::showInjected()
{
    m_bar->showInjected();
}

void DrillsMenu::showCheck(bool recovered)
{
    m_bar->showCheck(recovered);
}

void DrillsMenu::showActionSeen(const QString &action)
{
    m_bar->showActionSeen(action);
}

void DrillsMenu::showFinished(const DrillScore &score, const QString &storeError)
{
    if (score.outcome == QLatin1String("refused"))
        m_start->setEnabled(true);
    else
        m_lastScoredTrainee = score.trainee;
    m_bar->showFinished(score, storeError);
    if (m_report)
        refreshReport();
}

} // namespace ops
