#include "SentinelFailoverAction.h"

#include "OperationRunner.h"
#include "SentinelFailoverExecutor.h"
#include "SentinelFailoverPlanner.h"
#include "SentinelSurveyor.h"
#include "core/Clock.h"
#include "history/OperationRecord.h"

namespace ops {

SentinelFailoverAction::SentinelFailoverAction(Context context, QList<Endpoint> sentinels, QByteArray masterName, QObject *parent)
    : DeploymentAction(std::move(context), parent), m_sentinels(std::move(sentinels)), m_masterName(std::move(masterName))
{
}

SentinelFailoverAction::~SentinelFailoverAction() = default;

SentinelFailoverRequest SentinelFailoverAction::requestOf(const FailoverIntent &intent, const QByteArray &masterName)
{
    SentinelFailoverRequest r;
    r.masterName = masterName;
    r.mode = intent.mode == FailoverIntent::Mode::Graceful ? SentinelFailoverRequest::Mode::Graceful
                                                           : SentinelFailoverRequest::Mode::Standard;
    r.preferred = intent.preferred;
    r.maxLagBytes = intent.maxLagBytes;
    r.overrideLag = intent.overrideLag;
    r.pauseTimeoutMs = intent.pauseTimeoutMs;
    return r;
}

ActionPreview SentinelFailoverAction::previewOf(const SentinelFailoverPlan &plan)
{
    ActionPreview p;
    p.kind = QStringLiteral("sentinel-failover");
    const QString master = QString::fromUtf8(plan.request.masterName);
    p.mode = SentinelFailoverRequest::modeName(plan.request.mode);
    p.target = plan.target.isValid() ? plan.target.toString() : QString();
    p.title = QStringLiteral("Fail over %1: %2 → %3")
                  .arg(master, plan.oldMaster.toString(), p.target.isEmpty() ? QStringLiteral("(no replica qualifies)") : p.target);
    for (const FailoverCandidate &c : plan.candidates) {
        if (c.eligible)
            p.eligibleTargets << c.endpoint.toString();
        p.plan << QStringLiteral("%1  %2  %3").arg(c.eligible ? QStringLiteral("#%1").arg(c.rank) : QStringLiteral("--"),
                                                 c.endpoint.toString(), c.reason);
    }
    p.checks = plan.checks;
    for (int i = 0; i < plan.commands.size(); ++i)
        p.commands << QStringLiteral("%1. %2").arg(i + 1).arg(plan.commands[i].previewLine());
    const bool graceful = plan.request.mode == SentinelFailoverRequest::Mode::Graceful;
    if (graceful)
        p.warnings << QStringLiteral("Writes to %1 are paused for at most %2 ms (the server lifts the pause by itself).")
                          .arg(plan.oldMaster.toString())
                          .arg(plan.request.pauseTimeoutMs);
    p.confirmText = master;
    if (!plan.target.isValid())
        p.refusal = QStringLiteral("no replica qualifies for promotion");
    return p;
}

void SentinelFailoverAction::preview(const FailoverIntent &intent)
{
    const int generation = beginSurvey();
    SentinelSurveyor::Options o;
    o.sentinels = m_sentinels;
    o.masterName = m_masterName;
    o.dataOptions = context().dataOptions;
    o.sentinelOptions = context().sentinelOptions;
    o.timeoutMs = context().timeoutMs;
    o.nowMs = context().clock->wallMs();
    auto *surveyor = new SentinelSurveyor(o, this);
    connect(surveyor, &SentinelSurveyor::finished, this, [this, surveyor, intent, generation](const SentinelSurvey &survey) {
        surveyor->deleteLater();
        if (isCurrent(generation)) // else a newer preview was asked for meanwhile
            onSurvey(survey, intent);
    });
    surveyor->start();
}

void SentinelFailoverAction::onSurvey(const SentinelSurvey &survey, const FailoverIntent &intent)
{
    if (survey.reachableSentinels() == 0) {
        ActionPreview p;
        p.kind = QStringLiteral("sentinel-failover");
        p.title = tr("Fail over %1").arg(QString::fromUtf8(m_masterName));
        QStringList why;
        for (const SentinelView &s : survey.sentinels)
            why << QStringLiteral("%1: %2").arg(s.sentinel.toString(), s.error);
        p.refusal = tr("no sentinel answered (%1)").arg(why.join(QStringLiteral("; ")));
        p.surveyedAtMs = survey.takenAtMs;
        publishPreview(p, false);
        return;
    }
    m_plan = SentinelFailoverPlanner::plan(survey, requestOf(intent, m_masterName));
    ActionPreview p = previewOf(m_plan);
    p.surveyedAtMs = survey.takenAtMs;
    publishPreview(p, true);
}

OperationRecord SentinelFailoverAction::newRecord() const
{
    return m_plan.newOperation(context().deploymentId);
}

void SentinelFailoverAction::run(OperationRunner *runner)
{
    m_executor = new SentinelFailoverExecutor(m_plan, runner, this);
    connect(m_executor, &SentinelFailoverExecutor::phaseChanged, this,
            [this](SentinelFailoverExecutor::Phase, const QString &text) { report(ActionProgress::Kind::Phase, text); });
    connect(m_executor, &SentinelFailoverExecutor::sentinelEvent, this, [this](const Endpoint &sentinel, const SentinelEvent &e, qint64) {
        report(ActionProgress::Kind::ServerEvent,
               QStringLiteral("sentinel %1: %2 %3").arg(sentinel.toString(), QString::fromUtf8(e.type), QString::fromUtf8(e.payload)),
               e.type.startsWith("-failover-abort"));
    });
    connect(m_executor, &SentinelFailoverExecutor::finished, this, [this](const SentinelFailoverExecutor::Result &r) {
        ActionOutcome o;
        o.state = OperationRecord::stateName(r.state);
        o.verified = r.state == OperationRecord::State::Succeeded; // the executor succeeds only once verified
        o.outcome = r.outcome;
        o.promoted = r.promoted.isValid() ? r.promoted.toString() : QString();
        o.totalMs = r.totalMs;
        o.pauseMs = r.pauseMs;
        if (r.oldMasterBackMs >= 0)
            o.details << tr("Old master %1 back as a replica after %2 ms").arg(m_plan.oldMaster.toString()).arg(r.oldMasterBackMs);
        m_executor->deleteLater();
        m_executor = nullptr;
        finishRun(o);
    });
    m_executor->start();
}

void SentinelFailoverAction::cancel()
{
    if (m_executor)
        m_executor->cancel();
}

} // namespace ops
