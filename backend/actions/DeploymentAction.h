#pragma once

#include "ActionOutcome.h"
#include "ActionPreview.h"
#include "ActionProgress.h"
#include "FailoverIntent.h"

#include <QObject>

namespace ops {

/**
 * @brief The life of one kind of guided action on one deployment, as a DeploymentSession drives
 * it: preview() surveys the servers live and answers previewReady() (plan, pre-checks, exact
 * commands; nothing executed: the dry run); execute() runs the plan that preview named, journaled
 * step by step, reporting progress() and finally finished(); cancel() asks it to stop safely.
 * Lives on the backend thread.
 */
class DeploymentAction : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual void preview(const FailoverIntent &intent) = 0;
    /**
     * Runs the plan of preview @p previewId. False (and @p why) when it cannot: another preview
     * replaced it, it is older than the plan may be, it is refused, or an action is running.
     */
    virtual bool execute(const QString &previewId, QString *why) = 0;
    virtual void cancel() = 0;
    virtual bool running() const = 0;

signals:
    void previewReady(const ops::ActionPreview &preview);
    void started(const QString &operationId);
    void progress(const ops::ActionProgress &progress);
    void finished(const ops::ActionOutcome &outcome);
};

} // namespace ops
