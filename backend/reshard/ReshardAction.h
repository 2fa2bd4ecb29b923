#pragma once

#include "ReshardIntent.h"
#include "ReshardPlan.h"
#include "ReshardProgress.h"
#include "actions/DeploymentAction.h"
#include "history/OperationRecord.h"

#include <functional>
#include <optional>

namespace ops {

class ReshardExecutor;
struct ReshardSurvey;

/**
 * @brief A cluster reshard as a DeploymentSession drives it from the console: previewReshard()
 * surveys the cluster (ReshardSurveyor) and plans the intent (move, rebalance, drain) into an
 * ActionPreview (distribution before/after, estimate, checks, the commands of one slot, what to
 * type); execute() runs that plan with a ReshardExecutor, journaled, reporting phases as
 * ActionProgress and the numbers as reshardProgress(); pause() / cancel() act between windows.
 *
 * previewResume() is the same path for a journaled reshard that did not finish (the console or the
 * CLI was killed, it stopped on an error): the operation is read back from the journal, refused
 * when it is not a reshard of this deployment or succeeded (ReshardResumption), the cluster is
 * surveyed afresh from the plan's masters and what is left is planned (ReshardResumePlanner:
 * done, close only, move again); the preview shows that and asks for the operation's first 8
 * characters; execute() then continues the same operation (its steps go on after the journaled
 * ones) with the executor in resume mode, verified at the end like a fresh run.
 */
class ReshardAction : public DeploymentAction
{
    Q_OBJECT
public:
    ReshardAction(Context context, QList<Endpoint> nodes, QObject *parent = nullptr);
    ~ReshardAction() override;

    /** Not a failover: answered with a refusal. */
    void preview(const FailoverIntent &intent) override;
    void previewReshard(const ReshardIntent &intent);
    /** Plans the rest of journaled reshard @p operationId (see the class comment); answered by previewReady(). */
    void previewResume(const QString &operationId);
    void cancel() override;
    void pause(bool paused);

signals:
    void reshardProgress(const ops::ReshardProgress &progress);

protected:
    OperationRecord newRecord() const override;
    void run(OperationRunner *runner) override;

private:
    /** A live survey from @p seeds; @p done unless a newer survey started meanwhile. */
    void survey(const QList<Endpoint> &seeds, std::function<void(const ReshardSurvey &)> done);
    void planned(const ReshardIntent &intent, const ReshardSurvey &survey);
    void plannedResume(const OperationRecord &record, const ReshardPlan &original, const ReshardSurvey &survey);
    void refuseResume(const QString &why);

    QList<Endpoint> m_nodes;
    ReshardIntent m_intent;
    ReshardPlan m_plan;
    std::optional<OperationRecord> m_resuming; ///< the journaled operation the current plan continues
    ReshardExecutor *m_executor = nullptr;
};

} // namespace ops
