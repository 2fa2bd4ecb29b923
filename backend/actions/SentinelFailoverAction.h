#pragma once

#include "DeploymentAction.h"
#include "SentinelFailoverPlan.h"

namespace ops {

class SentinelFailoverExecutor;
struct SentinelSurvey;

/**
 * @brief A guided Sentinel failover as a DeploymentAction: SentinelSurveyor → planner →
 * ActionPreview; a run is SentinelFailoverExecutor on the base's OperationRunner, its phases and
 * sentinel events reported as ActionProgress and its result as an ActionOutcome.
 */
class SentinelFailoverAction : public DeploymentAction
{
    Q_OBJECT
public:
    SentinelFailoverAction(Context context, QList<Endpoint> sentinels, QByteArray masterName, QObject *parent = nullptr);
    ~SentinelFailoverAction() override;

    void preview(const FailoverIntent &intent) override;
    void cancel() override;

    /** The preview of @p plan (pure). */
    static ActionPreview previewOf(const SentinelFailoverPlan &plan);
    /** The planner's request for @p intent. */
    static SentinelFailoverRequest requestOf(const FailoverIntent &intent, const QByteArray &masterName);

protected:
    OperationRecord newRecord() const override;
    void run(OperationRunner *runner) override;

private:
    void onSurvey(const SentinelSurvey &survey, const FailoverIntent &intent);

    QList<Endpoint> m_sentinels;
    QByteArray m_masterName;
    SentinelFailoverPlan m_plan;    ///< of the current preview
    SentinelFailoverExecutor *m_executor = nullptr;
};

} // namespace ops
