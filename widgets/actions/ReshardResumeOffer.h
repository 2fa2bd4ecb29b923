#pragma once

#include "history/OperationRecord.h"

#include <QObject>
#include <QSet>

namespace ops {

class MainWindow;

/**
 * @brief Where the console offers to finish an interrupted reshard (move, rebalance, drain): the
 * unfinished-operations notice's "Resume…" (for a reshard of a deployment a tab watches) and
 * Actions ▸ Resume reshard… (the latest reshard of the current deployment that did not succeed,
 * read from the journal); a cluster that shows open slots brings its latest reshard that did not
 * succeed into the notice too. Opens the wizard of the operation's deployment tab in resume mode; says
 * clearly when no tab watches that deployment or the journal holds nothing to resume. What can
 * actually be resumed is the backend's call (ReshardAction::previewResume), shown in the wizard.
 */
class ReshardResumeOffer : public QObject
{
    Q_OBJECT
public:
    explicit ReshardResumeOffer(MainWindow *window);

    /** Opens the resume wizard for @p operation in the tab watching its deployment. */
    void resume(const OperationRecord &operation);
    /** Actions ▸ Resume reshard…: the latest unfinished (else failed or stopped) reshard of the current deployment. */
    void resumeLatest();
    /** The watched deployments changed (a snapshot, a tab closed): the notice's offer follows. */
    void updateBanner();
    /**
     * A snapshot of @p monitorId was shown: the notice's offer follows, and the first time the
     * cluster shows open slots while this console runs no action on it, the latest reshard of that
     * deployment that did not succeed (failed, stopped, interrupted) joins the notice.
     */
    void snapshotShown(int monitorId);

private:
    /** The tab watching @p deploymentId; -1 when none. */
    int monitorOf(const QString &deploymentId) const;

    MainWindow *m_window;
    QSet<QString> m_openSlotsChecked; ///< deployments whose open slots were looked up in the journal
};

} // namespace ops
