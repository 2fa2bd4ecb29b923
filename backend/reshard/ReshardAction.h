#pragma once

#include "ReshardIntent.h"
#include "ReshardPlan.h"
#include "ReshardProgress.h"
#include "actions/DeploymentAction.h"

namespace ops {

class ReshardExecutor;
struct ReshardSurvey;

/**
 * @brief A cluster reshard as a DeploymentSession drives it from the console: previewReshard()
 * surveys the cluster (ReshardSurveyor) and plans the intent (move, rebalance, drain) into an
 * ActionPreview (distribution before/after, estimate, checks, the commands of one slot, what to
 * type); execute() runs that plan with a ReshardExecutor, journaled, reporting phases as
 * ActionProgress and the numbers as reshardProgress(); pause() / cancel() act between windows.
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
    void cancel() override;
    void pause(bool paused);

signals:
    void reshardProgress(const ops::ReshardProgress &progress);

protected:
    OperationRecord newRecord() const override;
    void run(OperationRunner *runner) override;

private:
    void planned(const ReshardIntent &intent, const ReshardSurvey &survey);

    QList<Endpoint> m_nodes;
    ReshardIntent m_intent;
    ReshardPlan m_plan;
    ReshardExecutor *m_executor = nullptr;
};

} // namespace ops
