#pragma once

#include "actions/ActionOutcome.h"
#include "actions/ActionPreview.h"
#include "actions/ActionProgress.h"
#include "actions/FailoverIntent.h"
#include "reshard/ReshardIntent.h"
#include "reshard/ReshardProgress.h"

#include <QHash>
#include <QObject>
#include <QPointer>

class QDialog;
class QWidget;

namespace ops {

class FailoverWizard;
class ReshardWizard;

/**
 * @brief The main window's open action dialogs, a failover and a reshard wizard per deployment tab at most: opens them and
 * routes the backend's answers (tagged with the tab's monitor id) to the right one, and their
 * intents out, tagged. The window forwards; the app wires these signals to the runtime.
 */
class ActionDialogs : public QObject
{
    Q_OBJECT
public:
    explicit ActionDialogs(QWidget *window);

    /** Opens (or raises) the failover wizard of @p monitorId and asks for its first preview. */
    FailoverWizard *openFailover(int monitorId, const QString &title, bool cluster, const FailoverIntent &intent);
    FailoverWizard *failoverWizard(int monitorId) const;
    /** Opens (or raises) the reshard wizard of @p monitorId; a complete @p intent is previewed at once. */
    ReshardWizard *openReshard(int monitorId, const QString &title, const QStringList &masters, const ReshardIntent &intent);
    ReshardWizard *reshardWizard(int monitorId) const;
    /**
     * Opens the reshard wizard of @p monitorId in resume mode for journaled operation
     * @p operationId and asks for its preview. A reshard wizard of the tab that is running is
     * raised instead; an idle one is replaced.
     */
    ReshardWizard *openResume(int monitorId, const QString &title, const QString &operationId, const QString &summary);
    /** An action of tab @p monitorId is running (closing the tab would stop it). */
    bool running(int monitorId) const;
    /** An action of some tab is running (quitting would stop it). */
    bool anyRunning() const;

public slots:
    void showPreview(int monitorId, const ops::ActionPreview &preview);
    void showStarted(int monitorId, const QString &operationId);
    void showProgress(int monitorId, const ops::ActionProgress &progress);
    void showOutcome(int monitorId, const ops::ActionOutcome &outcome);
    void showReshardProgress(int monitorId, const ops::ReshardProgress &progress);

signals:
    void failoverPreviewRequested(int monitorId, const ops::FailoverIntent &intent);
    void reshardPreviewRequested(int monitorId, const ops::ReshardIntent &intent);
    void resumePreviewRequested(int monitorId, const QString &operationId);
    void executeRequested(int monitorId, const QString &previewId);
    /** Run preview @p previewId taking the lease over from @p holderOperation (typed in the wizard). */
    void takeOverRequested(int monitorId, const QString &previewId, const QString &holderOperation);
    void pauseRequested(int monitorId, bool paused);
    void cancelRequested(int monitorId);
    /** An action finished (after its dialog showed it): e.g. refresh the history page. */
    void actionFinished(int monitorId, const ops::ActionOutcome &outcome);

private:
    QWidget *m_window;
    /** The dialog of @p monitorId that the backend's answers are for (the one that asked last). */
    QDialog *active(int monitorId) const;
    /** A new reshard wizard of @p monitorId with its intents wired (not shown yet). */
    ReshardWizard *createReshard(int monitorId, const QString &title, const QStringList &masters, const ReshardIntent &intent);

    QHash<int, QPointer<FailoverWizard>> m_wizards;
    QHash<int, QPointer<ReshardWizard>> m_reshardWizards;
    QHash<int, bool> m_reshardActive;   ///< which of the two dialogs of a tab asked last
};

} // namespace ops
