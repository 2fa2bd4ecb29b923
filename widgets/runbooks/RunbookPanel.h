#pragma once

#include "model/TopologySnapshot.h"
#include "runbooks/Runbook.h"
#include "runbooks/RunbookAnswer.h"
#include "runbooks/RunbookRunState.h"

#include <QHash>
#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QWidget;

namespace ops {

class RunbookStepsModel;

/**
 * @brief One deployment's runbook page: choose a runbook (those that apply to the deployment's
 * kind), fill its inputs, start it; then follow the run live — every step with its status, when it
 * started and how long it took, the selected step's evidence, command output and notes — and
 * answer what it waits for: confirm a manual step, type an action's confirmation text to run it
 * (the same text the wizards ask), retry a failed step, skip with a reason, add notes, abort.
 *
 * It runs nothing itself: startRequested() and answered() go to the deployment's runner on the
 * backend thread (ConsoleRuntime), whose states come back through showState(). Server output and
 * runbook text are shown as plain text.
 *
 * objectNames: runbookPanel, runbookChoice, runbookWhen, runbookInputs, runbookInput_<name>,
 * runbookStart, runbookResume, runbookExportReport, runbookStatus, runbookSteps, runbookDetails, runbookPrompt, runbookPromptText,
 * runbookAnswer, runbookConfirm, runbookRetry, runbookSkip, runbookNote, runbookAbort.
 */
class RunbookPanel : public QWidget
{
    Q_OBJECT
public:
    struct Entry
    {
        QString path;     ///< what startRequested() names
        Runbook runbook;
    };

    explicit RunbookPanel(QWidget *parent = nullptr);

    /** The runbooks to offer (the app loads them: built-in and the data folder's). */
    void setLibrary(const QList<Entry> &entries);
    /** Only the runbooks for this kind of deployment are offered. */
    void setDeploymentKind(TopologySnapshot::Kind kind);
    /** A run's state (also of a run resumed or started elsewhere on this deployment). */
    void showState(const RunbookRunState &state);
    /** Journaled runs of this deployment that did not finish (the program running them stopped): offered to resume. */
    void setUnfinishedRuns(const QList<OperationRecord> &runs);
    const RunbookStepsModel *model() const { return m_model; }
    bool running() const { return m_running; }

signals:
    void startRequested(const QString &path, const QHash<QString, QString> &inputs);
    void answered(const ops::RunbookAnswer &answer);
    /** The operator asked to go on with journaled run @p operationId. */
    void resumeRequested(const QString &operationId);
    /** "Export incident report…" of the finished or aborted run @p operationId (the app asks where and writes it). */
    void reportRequested(const QString &operationId);

private:
    void fillChoices();
    void chosen();
    /** The chooser's runbook: its "when" text, its input fields, its steps in the model. */
    void showChoice();
    void start();
    void showSelectedStep();
    void showPrompt();
    void answer(RunbookAnswer::Kind kind);
    void updateButtons();

    QList<Entry> m_entries;
    std::optional<TopologySnapshot::Kind> m_kind;
    RunbookStepsModel *m_model;
    QComboBox *m_choice;
    QLabel *m_when;
    QWidget *m_inputsBox;
    QFormLayout *m_inputsForm;
    QHash<QString, QLineEdit *> m_inputEdits;
    QPushButton *m_start;
    QPushButton *m_resume;
    QPushButton *m_exportReport;
    QList<OperationRecord> m_unfinished;
    QLabel *m_status;
    QTableView *m_steps;
    QPlainTextEdit *m_details;
    QWidget *m_prompt;
    QPlainTextEdit *m_promptText;
    QLineEdit *m_answer;
    QPushButton *m_confirm;
    QPushButton *m_retry;
    QPushButton *m_skip;
    QPushButton *m_note;
    QPushButton *m_abort;
    bool m_running = false;
};

} // namespace ops
