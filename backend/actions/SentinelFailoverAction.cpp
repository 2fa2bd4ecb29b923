#include "SentinelFailoverAction.h"

#include "OperationRunner.h"
#include "SentinelFailoverExecutor.h"
#include "SentinelFailoverPlanner.h"
#include "SentinelSurveyor.h"
#include "core/Clock.h"
#include "core/Logging.h"
#include "history/OperationRecord.h"

#include <QUuid>

namespace ops {

namespace {
auto log() { return Logging::get("actions"); }
}

SentinelFailoverAction::SentinelFailoverAction(Options options, AsyncHistoryStore *journal, Clock *clock, QObject *parent)
    : DeploymentAction(parent), m_options(std::move(options)), m_journal(journal), m_clock(clock)
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

ActionPreview SentinelFailoverAction::previewOf(const SentinelFailoverPlan &plan, const QString &deploymentId)
{
    ActionPreview p;
    p.kind = QStringLiteral("sentinel-failover");
    p.deploymentId = deploymentId;
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
    const int generation = ++m_generation;
    SentinelSurveyor::Options o;
    o.sentinels = m_options.sentinels;
    o.masterName = m_options.masterName;
    o.dataOptions = m_options.dataOptions;
    o.sentinelOptions = m_options.sentinelOptions;
    o.timeoutMs = m_options.timeoutMs;
    o.nowMs = m_clock->wallMs();
    auto *surveyor = new SentinelSurveyor(o, this);
    connect(surveyor, &SentinelSurveyor::finished, this, [this, surveyor, intent, generation](const SentinelSurvey &survey) {
        surveyor->deleteLater();
        onSurvey(survey, intent, generation);
    });
    surveyor->start();
}

void SentinelFailoverAction::onSurvey(const SentinelSurvey &survey, const FailoverIntent &intent, int generation)
{
    if (generation != m_generation)
        return; // a newer preview was asked for meanwhile
    ActionPreview p;
    if (survey.reachableSentinels() == 0) {
        p.kind = QStringLiteral("sentinel-failover");
        p.deploymentId = m_options.deploymentId;
        p.title = QStringLiteral("Fail over %1").arg(QString::fromUtf8(m_options.masterName));
        QStringList why;
        for (const SentinelView &s : survey.sentinels)
            why << QStringLiteral("%1: %2").arg(s.sentinel.toString(), s.error);
        p.refusal = QStringLiteral("no sentinel answered (%1)").arg(why.join(QStringLiteral("; ")));
        m_previewId.clear();
    } else {
        m_plan = SentinelFailoverPlanner::plan(survey, requestOf(intent, m_options.masterName));
        p = previewOf(m_plan, m_options.deploymentId);
        m_previewId = QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);
        p.id = m_previewId;
    }
    p.surveyedAtMs = survey.takenAtMs;
    m_previewAllowed = p.allowed();
    m_previewAtMs = m_clock->monotonicMs();
    emit previewReady(p);
}

bool SentinelFailoverAction::execute(const QString &previewId, QString *why)
{
    auto refuse = [why](const QString &text) {
        if (why)
            *why = text;
        return false;
    };
    if (running())
        return refuse(QStringLiteral("an action is already running on this deployment"));
    if (previewId.isEmpty() || previewId != m_previewId)
        return refuse(QStringLiteral("the deployment was surveyed again since that preview; review the new plan"));
    if (!m_previewAllowed)
        return refuse(QStringLiteral("the plan is refused by its pre-checks"));
    const qint64 age = m_clock->monotonicMs() - m_previewAtMs;
    if (age > m_options.maxPreviewAgeMs)
        return refuse(QStringLiteral("the plan is %1 s old; review a fresh one").arg(age / 1000));
    m_previewId.clear(); // one execution per preview

    OperationRecord record;
    record.id = OperationRecord::newId();
    record.kind = QStringLiteral("sentinel-failover");
    record.deploymentId = m_options.deploymentId;
    record.operatorName = OperationRecord::currentOperator();
    record.target = QString::fromUtf8(m_options.masterName);
    record.mode = SentinelFailoverRequest::modeName(m_plan.request.mode);
    record.plan = m_plan.toJson();
    OperationRunner::Options ro;
    ro.dataOptions = m_options.dataOptions;
    ro.sentinelOptions = m_options.sentinelOptions;
    ro.connectTimeoutMs = m_options.timeoutMs;
    ro.commandTimeoutMs = std::max(m_options.timeoutMs, 5000);
    m_runner = new OperationRunner(record, ro, m_journal, m_clock, this);
    m_executor = new SentinelFailoverExecutor(m_plan, m_runner, this);
    m_startedMs = m_clock->monotonicMs();
    log()->info("operation {}: sentinel failover of {} confirmed by {}", record.id.toStdString(),
                m_options.masterName.toStdString(), record.operatorName.toStdString());

    connect(m_executor, &SentinelFailoverExecutor::phaseChanged, this,
            [this](SentinelFailoverExecutor::Phase, const QString &text) { report(ActionProgress::Kind::Phase, text); });
    connect(m_runner, &OperationRunner::stepChanged, this, [this](const OperationStep &s) {
        if (s.state == OperationStep::State::Planned)
            return;
        const bool bad = s.state == OperationStep::State::Failed || s.state == OperationStep::State::Unknown;
        QString text = QStringLiteral("%1  %2  → %3").arg(s.targetNode, s.commandText, OperationStep::stateName(s.state));
        const QString reply = s.error.isEmpty() ? s.replySummary : s.error;
        if (!reply.isEmpty())
            text += QStringLiteral(" (%1)").arg(reply);
        report(ActionProgress::Kind::Step, text, bad);
    });
    connect(m_executor, &SentinelFailoverExecutor::sentinelEvent, this, [this](const Endpoint &sentinel, const SentinelEvent &e, qint64) {
        report(ActionProgress::Kind::ServerEvent,
               QStringLiteral("sentinel %1: %2 %3").arg(sentinel.toString(), QString::fromUtf8(e.type), QString::fromUtf8(e.payload)),
               e.type.startsWith("-failover-abort"));
    });
    connect(m_executor, &SentinelFailoverExecutor::finished, this, [this](const SentinelFailoverExecutor::Result &r) {
        ActionOutcome o;
        o.operationId = m_runner->record().id;
        o.state = OperationRecord::stateName(r.state);
        o.verified = r.state == OperationRecord::State::Succeeded; // the executor succeeds only once verified
        o.outcome = r.outcome;
        o.promoted = r.promoted.isValid() ? r.promoted.toString() : QString();
        o.totalMs = r.totalMs;
        o.pauseMs = r.pauseMs;
        if (r.oldMasterBackMs >= 0)
            o.details << QStringLiteral("Old master %1 back as a replica after %2 ms").arg(m_plan.oldMaster.toString()).arg(r.oldMasterBackMs);
        m_executor->deleteLater();
        m_runner->deleteLater();
        m_executor = nullptr;
        m_runner = nullptr;
        emit finished(o);
    });
    emit started(record.id);
    m_executor->start();
    return true;
}

void SentinelFailoverAction::cancel()
{
    if (m_executor)
        m_executor->cancel();
}

void SentinelFailoverAction::report(ActionProgress::Kind kind, const QString &text, bool failed)
{
    ActionProgress p;
    p.operationId = m_runner ? m_runner->record().id : QString();
    p.kind = kind;
    p.atMs = m_clock->monotonicMs() - m_startedMs;
    p.text = text;
    p.failed = failed;
    emit progress(p);
}

} // namespace ops
