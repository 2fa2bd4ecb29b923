#pragma once

#include "DeploymentAction.h"
#include "SentinelFailoverPlan.h"
#include "resp/ConnectionOptions.h"

namespace ops {

class AsyncHistoryStore;
class Clock;
class OperationRunner;
class SentinelFailoverExecutor;
struct SentinelSurvey;

/**
 * @brief A guided Sentinel failover as a DeploymentAction: SentinelSurveyor → planner →
 * ActionPreview; execute() journals it (OperationRunner) and runs SentinelFailoverExecutor,
 * translating its phases, steps and sentinel events into ActionProgress and its result into an
 * ActionOutcome. A preview expires after maxPreviewAgeMs on the clock: the plan confirmed must
 * describe the deployment as it is.
 */
class SentinelFailoverAction : public DeploymentAction
{
    Q_OBJECT
public:
    struct Options
    {
        QList<Endpoint> sentinels;
        QByteArray masterName;
        ConnectionOptions dataOptions;
        ConnectionOptions sentinelOptions;
        int timeoutMs = 3000;             ///< connect + each survey command
        QString deploymentId;
        qint64 maxPreviewAgeMs = 120'000;
    };

    SentinelFailoverAction(Options options, AsyncHistoryStore *journal, Clock *clock, QObject *parent = nullptr);
    ~SentinelFailoverAction() override;

    void preview(const FailoverIntent &intent) override;
    bool execute(const QString &previewId, QString *why) override;
    void cancel() override;
    bool running() const override { return m_executor != nullptr; }

    /** The preview of @p plan (pure: tested on its own). */
    static ActionPreview previewOf(const SentinelFailoverPlan &plan, const QString &deploymentId);
    /** The planner's request for @p intent. */
    static SentinelFailoverRequest requestOf(const FailoverIntent &intent, const QByteArray &masterName);

private:
    void onSurvey(const SentinelSurvey &survey, const FailoverIntent &intent, int generation);
    void report(ActionProgress::Kind kind, const QString &text, bool failed = false);

    Options m_options;
    AsyncHistoryStore *m_journal;
    Clock *m_clock;
    int m_generation = 0;           ///< the latest preview asked for; older surveys are dropped
    SentinelFailoverPlan m_plan;    ///< of the latest preview
    QString m_previewId;
    bool m_previewAllowed = false;
    qint64 m_previewAtMs = 0;       ///< monotonic
    OperationRunner *m_runner = nullptr;
    SentinelFailoverExecutor *m_executor = nullptr;
    qint64 m_startedMs = 0;
};

} // namespace ops
