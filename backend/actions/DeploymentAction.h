#pragma once

#include "ActionOutcome.h"
#include "ActionPreview.h"
#include "ActionProgress.h"
#include "FailoverIntent.h"
#include "resp/ConnectionOptions.h"

#include <QObject>

namespace ops {

class AsyncHistoryStore;
class Clock;
class OperationRunner;
struct OperationRecord;

/**
 * @brief The life of one kind of guided action on one deployment, as a DeploymentSession drives
 * it: preview() surveys the servers live and answers previewReady() (plan, pre-checks, exact
 * commands; nothing executed: the dry run); execute() runs the plan that preview named, journaled
 * step by step (OperationRunner), reporting progress() and finally finished(); cancel() asks it to
 * stop safely. Lives on the backend thread.
 *
 * This base keeps what every action shares: which preview is current and how old it is, the
 * refusals of execute(), the runner with its named connections, step progress, and the end.
 */
class DeploymentAction : public QObject
{
    Q_OBJECT
public:
    struct Context
    {
        AsyncHistoryStore *journal = nullptr;
        Clock *clock = nullptr;
        QString deploymentId;
        ConnectionOptions dataOptions;
        ConnectionOptions sentinelOptions;
        int timeoutMs = 3000;             ///< connect + each survey command
        qint64 maxPreviewAgeMs = 120'000; ///< a plan older than this is not run: survey again
    };

    DeploymentAction(Context context, QObject *parent = nullptr);
    ~DeploymentAction() override;

    virtual void preview(const FailoverIntent &intent) = 0;
    /**
     * Runs the plan of preview @p previewId. False (and @p why) when it cannot: another preview
     * replaced it, it is older than maxPreviewAgeMs, it is refused, or an action is running.
     * @p takeOverLeaseFrom: the operator's typed confirmation to take the deployment's lease over
     * from that operation (OperationRunner::Options::takeOverLeaseFrom). A run refused because
     * another console holds the lease leaves the preview current (finished() names the holder),
     * so the same plan can be run again with the override.
     */
    bool execute(const QString &previewId, QString *why, const QString &takeOverLeaseFrom = {});
    /** Stops safely: before the point of no return it undoes what it did; after it, it finishes. */
    virtual void cancel() = 0;
    bool running() const { return m_runner != nullptr; }
    /** The id of the current preview (empty: none, or it was run). */
    const QString &previewId() const { return m_previewId; }

signals:
    void previewReady(const ops::ActionPreview &preview);
    void started(const QString &operationId);
    void progress(const ops::ActionProgress &progress);
    void finished(const ops::ActionOutcome &outcome);

protected:
    /** A new survey is starting: returns its generation (answers of older ones are dropped). */
    int beginSurvey() { return ++m_generation; }
    bool isCurrent(int generation) const { return generation == m_generation; }
    /** Publishes @p p as the current preview; @p planned gives it an id execute() can name. */
    void publishPreview(ActionPreview p, bool planned);
    /** The journal record of a run of the current plan (kind, target, mode, plan). */
    virtual OperationRecord newRecord() const = 0;
    /** Starts the executor of the current plan on @p runner (journaled, named connections). */
    virtual void run(OperationRunner *runner) = 0;
    /** A line of progress, timed from the confirmation. */
    void report(ActionProgress::Kind kind, const QString &text, bool failed = false);
    /** Ends the run: emits finished() and drops the runner (and its connections) afterwards. */
    void finishRun(ActionOutcome outcome);
    const Context &context() const { return m_context; }
    OperationRunner *runner() const { return m_runner; }

private:
    Context m_context;
    int m_generation = 0;
    QString m_previewId;
    QString m_runPreviewId;       ///< the preview being run (current again if the lease refuses it)
    bool m_previewAllowed = false;
    qint64 m_previewAtMs = 0;     ///< monotonic
    OperationRunner *m_runner = nullptr;
    qint64 m_startedMs = 0;
};

} // namespace ops
