#pragma once

#include "actions/ActionOutcome.h"
#include "actions/ActionPreview.h"
#include "actions/ActionProgress.h"
#include "actions/FailoverIntent.h"

#include <QHash>
#include <QObject>
#include <QPointer>

class QWidget;

namespace ops {

class FailoverWizard;

/**
 * @brief The main window's open action dialogs, one per deployment tab at most: opens them and
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
    /** An action of some tab is running (quitting would stop it). */
    bool anyRunning() const;

public slots:
    void showPreview(int monitorId, const ops::ActionPreview &preview);
    void showStarted(int monitorId, const QString &operationId);
    void showProgress(int monitorId, const ops::ActionProgress &progress);
    void showOutcome(int monitorId, const ops::ActionOutcome &outcome);

signals:
    void failoverPreviewRequested(int monitorId, const ops::FailoverIntent &intent);
    void executeRequested(int monitorId, const QString &previewId);
    void cancelRequested(int monitorId);
    /** An action finished (after its dialog showed it): e.g. refresh the history page. */
    void actionFinished(int monitorId, const ops::ActionOutcome &outcome);

private:
    QWidget *m_window;
    QHash<int, QPointer<FailoverWizard>> m_wizards;
};

} // namespace ops
