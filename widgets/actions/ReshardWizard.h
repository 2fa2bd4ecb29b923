#pragma once

#include "actions/ActionOutcome.h"
#include "actions/ActionPreview.h"
#include "actions/ActionProgress.h"
#include "reshard/ReshardIntent.h"
#include "reshard/ReshardProgress.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace ops {

class LeaseTakeOverPanel;

/**
 * @brief The guided reshard, one dialog from plan to result: move slots (N from the sources, or
 * ranges such as a slot-map selection), rebalance or drain a master; "Plan" asks the backend for
 * a preview (a live survey: distribution before/after, estimated keys, pre-checks, the commands
 * of one slot, nothing executed), a typed confirmation (the target's or drained master's address,
 * or the number of slots of a rebalance) starts exactly that plan; then live progress (slots,
 * keys, keys/s, ETA, each stream's open slots), Pause / Resume and Cancel between windows, and the
 * verified result. Intents out, values in; server data shown as plain text.
 *
 * In resume mode (setResume(), before begin()) the dialog finishes a journaled reshard instead:
 * the form is replaced by the operation's summary, "Survey again" asks for a resume preview (what
 * is left: slots done, only to close, to move again), the operator types the operation's first 8
 * characters, and progress, pause / cancel and the verified result are those of a reshard.
 */
class ReshardWizard : public QDialog
{
    Q_OBJECT
public:
    ReshardWizard(const QString &deploymentTitle, const QStringList &masters, const ReshardIntent &intent,
                  QWidget *parent = nullptr);
    ~ReshardWizard() override;

    /** Resume mode: the dialog continues journaled operation @p operationId (@p summary: who, when, last step). */
    void setResume(const QString &operationId, const QString &summary);
    /** The operation resume mode continues; empty in the other modes. */
    const QString &resumeOperation() const { return m_resumeOperation; }
    /** Asks for the first preview when the intent is complete enough (a menu's blank intent waits). */
    void begin();
    bool running() const { return m_running; }
    bool finished() const { return m_finished; }
    const ActionPreview &preview() const { return m_preview; }

public slots:
    void showPreview(const ops::ActionPreview &preview);
    void showStarted(const QString &operationId);
    void showProgress(const ops::ActionProgress &progress);
    void showReshardProgress(const ops::ReshardProgress &progress);
    void showOutcome(const ops::ActionOutcome &outcome);

signals:
    void previewRequested(const ops::ReshardIntent &intent);
    void resumePreviewRequested(const QString &operationId);
    void executeRequested(const QString &previewId);
    /** The run was refused by another console's lease and the operator typed the take-over. */
    void takeOverRequested(const QString &previewId, const QString &holderOperation);
    void pauseRequested(bool paused);
    void cancelRequested();

protected:
    void reject() override;

private:
    void buildForm(const QStringList &masters);
    void applyIntent(const ReshardIntent &intent);
    /** The intent the form describes; false (and @p why) when it is incomplete. */
    bool readIntent(ReshardIntent *intent, QString *why) const;
    void requestPreview();
    void updateModeFields();
    void updateStart();

    QFormLayout *m_form = nullptr;
    QLabel *m_resumeText = nullptr;
    QList<QWidget *> m_paceOnly;      ///< streams and throttle (a resume keeps the operation's own)
    QString m_resumeOperation;
    QComboBox *m_mode = nullptr;
    QComboBox *m_sources = nullptr;
    QComboBox *m_target = nullptr;
    QLineEdit *m_slots = nullptr;
    QCheckBox *m_emptyMasters = nullptr;
    QSpinBox *m_streams = nullptr;
    QSpinBox *m_rate = nullptr;
    QPushButton *m_planButton = nullptr;
    QPlainTextEdit *m_plan = nullptr;
    QLabel *m_confirmLabel = nullptr;
    QLineEdit *m_confirm = nullptr;
    QPushButton *m_start = nullptr;
    QProgressBar *m_bar = nullptr;
    QLabel *m_numbers = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QPushButton *m_pause = nullptr;
    QPushButton *m_cancel = nullptr;
    QLabel *m_result = nullptr;
    LeaseTakeOverPanel *m_takeOver = nullptr;
    ActionPreview m_preview;
    bool m_running = false;
    bool m_finished = false;
    bool m_paused = false;
};

} // namespace ops
