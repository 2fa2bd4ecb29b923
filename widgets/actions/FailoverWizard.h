#pragma once

#include "actions/ActionOutcome.h"
#include "actions/ActionPreview.h"
#include "actions/ActionProgress.h"
#include "actions/FailoverIntent.h"

#include <QDialog>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTreeWidget;

namespace ops {

class LeaseTakeOverPanel;

/**
 * @brief The guided failover, one dialog from plan to result: it asks for a preview at once
 * (the backend surveys the deployment live), shows the candidates with their reasons, every
 * pre-check with its evidence, the exact commands and the warnings — the dry run, nothing
 * executed — then takes a typed confirmation (the master's name or address; TAKEOVER also an
 * explicit tick), shows live progress with timestamps, and the result with its durations.
 *
 * It only sends intents (previewRequested, executeRequested, cancelRequested) and renders what
 * comes back; server data is shown as plain text. Changing the mode or the target asks for a new
 * preview; confirming runs exactly the preview shown.
 */
class FailoverWizard : public QDialog
{
    Q_OBJECT
public:
    FailoverWizard(const QString &deploymentTitle, bool cluster, FailoverIntent intent, QWidget *parent = nullptr);
    ~FailoverWizard() override;

    /** Asks for the first preview (call once the signals are connected). */
    void begin();
    const ActionPreview &preview() const { return m_preview; }
    bool finished() const { return m_finished; }
    bool running() const { return m_running; }

public slots:
    void showPreview(const ops::ActionPreview &preview);
    void showStarted(const QString &operationId);
    void showProgress(const ops::ActionProgress &progress);
    void showOutcome(const ops::ActionOutcome &outcome);

signals:
    void previewRequested(const ops::FailoverIntent &intent);
    void executeRequested(const QString &previewId);
    /** The run was refused by another console's lease and the operator typed the take-over. */
    void takeOverRequested(const QString &previewId, const QString &holderOperation);
    void cancelRequested();

protected:
    void reject() override;

private:
    QWidget *buildReviewPage();
    QWidget *buildRunPage();
    void requestPreview();
    void updateConfirmState();
    void confirm();

    bool m_cluster;
    FailoverIntent m_intent;
    ActionPreview m_preview;
    bool m_waiting = false;   ///< a preview was asked for and has not arrived
    bool m_running = false;
    bool m_finished = false;
    QLabel *m_title;
    QLabel *m_status;
    QButtonGroup *m_modes;
    QLabel *m_modeText;
    QComboBox *m_target;
    QCheckBox *m_overrideLag;
    QStackedWidget *m_stack;
    QPlainTextEdit *m_plan;
    QTreeWidget *m_checks;
    QPlainTextEdit *m_commands;
    QLabel *m_warnings;
    QLabel *m_confirmLabel;
    QLineEdit *m_confirm;
    QCheckBox *m_extraConfirm;
    QPlainTextEdit *m_progress;
    QLabel *m_result;
    LeaseTakeOverPanel *m_takeOver = nullptr;
    QPushButton *m_refresh;
    QPushButton *m_execute;
    QPushButton *m_cancel;
    QPushButton *m_close;
};

} // namespace ops
