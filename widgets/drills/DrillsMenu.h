#pragma once

#include "drills/DrillScore.h"

#include <QObject>
#include <QPointer>

#include <functional>

class QAction;
class QMainWindow;
class QMenu;

namespace ops {

class DrillBar;
class DrillReportDialog;
class DrillStartDialog;

/**
 * @brief The console's Drills menu: Start drill… (Ctrl+Shift+D: DrillStartDialog) and Drill
 * report… (DrillReportDialog), and the DrillBar of the running drill. It sends intents (start,
 * acknowledge, abort, close) and shows what the backend answers; it never touches a lab. Added to
 * a window's menu bar before its last menu (Help).
 */
class DrillsMenu : public QObject
{
    Q_OBJECT
public:
    using RunsHandler = std::function<void(const QList<ops::DrillScore> &runs, const QString &error)>;
    /** Reads the stored runs (everyone's) and answers on @p context's thread. */
    using RunsQuery = std::function<void(QObject *context, RunsHandler handler)>;

    DrillsMenu(QMainWindow *window, const QString &trainee);

    void setRunsQuery(RunsQuery query) { m_runsQuery = std::move(query); }
    DrillBar *bar() const { return m_bar; }
    QMenu *menu() const { return m_menu; }
    /** Opens the start dialog (window-modal; raises the open one). */
    DrillStartDialog *openStart();
    /** Opens the report (non-modal; raises the open one) and asks for the runs. */
    DrillReportDialog *openReport();
    /** The open report, or null. */
    DrillReportDialog *report() const;

public slots:
    void showProgress(const QString &step);
    void showInjected();
    /** A recovery check's result (its reason is not shown: see DrillBar::showCheck). */
    void showCheck(bool recovered);
    void showActionSeen(const QString &action);
    void showFinished(const ops::DrillScore &score, const QString &storeError);

signals:
    void startRequested(const QString &scenarioId, quint32 seed, const QString &trainee);
    void acknowledgeRequested();
    void abortRequested();
    /** Stop the drill's lab (and its tab). */
    void closeRequested();

private:
    void refreshReport();

    QMainWindow *m_window;
    QMenu *m_menu;
    DrillBar *m_bar;
    QAction *m_start;
    QString m_trainee;             ///< the last trainee named (the dialog's default)
    QString m_lastScoredTrainee;   ///< the report opens on this trainee's runs
    QPointer<DrillStartDialog> m_startDialog;
    QPointer<DrillReportDialog> m_report;
    RunsQuery m_runsQuery;
};

} // namespace ops
