#include "ReshardAction.h"

#include "RebalancePlanner.h"
#include "ReshardExecutor.h"
#include "ReshardPlanner.h"
#include "ReshardResumePreview.h"
#include "ReshardResumption.h"
#include "ReshardSurveyor.h"
#include "actions/OperationRunner.h"
#include "core/Clock.h"
#include "history/AsyncHistoryStore.h"

namespace ops {

ReshardAction::ReshardAction(Context context, QList<Endpoint> nodes, QObject *parent)
    : DeploymentAction(std::move(context), parent), m_nodes(std::move(nodes))
{
    qRegisterMetaType<ops::ReshardProgress>();
    qRegisterMetaType<ops::ReshardIntent>();
}

ReshardAction::~ReshardAction() = default;

void ReshardAction::preview(const FailoverIntent &)
{
    ActionPreview p;
    p.kind = QStringLiteral("cluster-reshard");
    p.refusal = tr("a reshard is not a failover");
    publishPreview(p, false);
}

void ReshardAction::previewReshard(const ReshardIntent &intent)
{
    survey(m_nodes, [this, intent](const ReshardSurvey &s) { planned(intent, s); });
}

void ReshardAction::survey(const QList<Endpoint> &seeds, std::function<void(const ReshardSurvey &)> done)
{
    const int generation = beginSurvey();
    ReshardSurveyor::Options o;
    o.seeds = seeds;
    o.dataOptions = context().dataOptions;
    o.timeoutMs = context().timeoutMs;
    o.nowMs = context().clock->wallMs();
    auto *surveyor = new ReshardSurveyor(o, this);
    connect(surveyor, &ReshardSurveyor::finished, this, [this, surveyor, generation, done](const ReshardSurvey &s) {
        surveyor->deleteLater();
        if (isCurrent(generation))
            done(s);
    });
    surveyor->start();
}

void ReshardAction::previewResume(const QString &operationId)
{
    const int generation = beginSurvey(); // a newer preview (or resume) drops this one
    context().journal->operation(operationId, this, [this, generation, operationId](const std::optional<OperationRecord> &record,
                                                                                    const HistoryError &error) {
        if (!isCurrent(generation))
            return;
        if (error.isError())
            return refuseResume(tr("cannot read the operations journal: %1").arg(error.message));
        if (!record)
            return refuseResume(tr("operation %1 is not in the journal").arg(operationId));
        const QString refusal = ReshardResumption::refusal(*record, context().deploymentId);
        if (!refusal.isEmpty())
            return refuseResume(refusal);
        QString why;
        const std::optional<ReshardPlan> original = ReshardResumption::originalPlan(*record, &why);
        if (!original)
            return refuseResume(why);
        const OperationRecord op = *record;
        const ReshardPlan plan = *original;
        survey(ReshardResumption::seeds(plan, m_nodes),
               [this, op, plan](const ReshardSurvey &s) { plannedResume(op, plan, s); });
    });
}

void ReshardAction::refuseResume(const QString &why)
{
    m_resuming.reset();
    ActionPreview p;
    p.kind = QStringLiteral("cluster-reshard");
    p.mode = QStringLiteral("resume");
    p.title = tr("Resume a reshard");
    p.refusal = why;
    publishPreview(p, false);
}

void ReshardAction::plannedResume(const OperationRecord &record, const ReshardPlan &original, const ReshardSurvey &survey)
{
    m_plan = ReshardResumption::plan(survey, original, false, !context().dataOptions.password.isEmpty());
    m_resuming = record;
    publishPreview(ReshardResumePreview::build(record, m_plan, ReshardResumePreview::openSlotsOf(m_plan, survey.cluster),
                                               survey.cluster.takenAtMs),
                   m_plan.allowed());
}

void ReshardAction::planned(const ReshardIntent &intent, const ReshardSurvey &survey)
{
    ReshardRequest tuning;
    tuning.streamsPerPair = std::max(1, intent.streams);
    tuning.maxKeysPerSecond = intent.maxKeysPerSecond;
    if (intent.mode == ReshardIntent::Mode::Move) {
        ReshardRequest r = tuning;
        r.sources = intent.sources;
        r.target = intent.target;
        r.slotCount = intent.slotCount;
        r.ranges = intent.ranges;
        m_plan = ReshardPlanner::planMove(survey, r);
    } else {
        RebalanceRequest r;
        r.tuning = tuning;
        r.useEmptyMasters = intent.useEmptyMasters;
        r.weights = intent.weights;
        r.thresholdPercent = intent.thresholdPercent;
        r.drain = intent.sources.value(0);
        r.drainTo = intent.drainTo;
        m_plan = intent.mode == ReshardIntent::Mode::Rebalance ? RebalancePlanner::planRebalance(survey, r)
                                                               : RebalancePlanner::planDrain(survey, r);
    }
    m_plan.authenticated = !context().dataOptions.password.isEmpty();
    m_intent = intent;
    m_resuming.reset();
    ActionPreview p;
    p.kind = QStringLiteral("cluster-reshard");
    p.mode = ReshardIntent::modeName(intent.mode);
    p.surveyedAtMs = survey.cluster.takenAtMs;
    p.plan = m_plan.describe();
    p.checks = m_plan.checks;
    p.commands = m_plan.oneSlotCommands();
    for (const BigKey &k : std::as_const(m_plan.bigKeys))
        p.warnings << tr("Big key in slot %1 on %2: %3 bytes (smaller batches, longer timeout)").arg(k.slot).arg(k.node.toString()).arg(k.bytes);
    if (m_plan.pairs.isEmpty()) {
        p.title = tr("Reshard: nothing to move");
        if (preChecksAllow(m_plan.checks))
            p.refusal = tr("nothing to move: the masters are within their shares");
    } else if (intent.mode == ReshardIntent::Mode::Drain) {
        p.target = m_plan.pairs.first().source.endpoint.toString();
        p.title = tr("Drain %1: %2 slots to %3 master(s)").arg(p.target).arg(m_plan.slotCount()).arg(m_plan.pairs.size());
        p.confirmText = p.target;
    } else if (intent.mode == ReshardIntent::Mode::Rebalance) {
        p.title = tr("Rebalance: %1 slots in %2 move(s)").arg(m_plan.slotCount()).arg(m_plan.pairs.size());
        p.confirmText = QString::number(m_plan.slotCount());
    } else {
        p.target = m_plan.pairs.first().target.endpoint.toString();
        p.title = tr("Move %1 slots to %2").arg(m_plan.slotCount()).arg(p.target);
        p.confirmText = p.target;
    }
    publishPreview(p, m_plan.allowed());
}

OperationRecord ReshardAction::newRecord() const
{
    if (m_resuming)
        return *m_resuming; // the same operation goes on: its journaled steps are kept
    OperationRecord r;
    r.id = OperationRecord::newId();
    r.kind = QStringLiteral("cluster-reshard");
    r.deploymentId = context().deploymentId;
    r.operatorName = OperationRecord::currentOperator();
    r.target = m_plan.pairs.isEmpty() ? context().deploymentId
        : m_intent.mode == ReshardIntent::Mode::Drain ? m_plan.pairs.first().source.endpoint.toString()
        : m_intent.mode == ReshardIntent::Mode::Rebalance ? context().deploymentId
                                                          : m_plan.pairs.first().target.endpoint.toString();
    r.mode = ReshardIntent::modeName(m_intent.mode);
    r.plan = m_plan.toJson();
    return r;
}

void ReshardAction::run(OperationRunner *runner)
{
    m_executor = new ReshardExecutor(m_plan, runner, this);
    m_executor->setResuming(m_resuming.has_value());
    m_resuming.reset(); // one run per preview
    connect(m_executor, &ReshardExecutor::phaseChanged, this, [this](const QString &text) { report(ActionProgress::Kind::Phase, text); });
    connect(m_executor, &ReshardExecutor::warning, this, [this](const QString &text) { report(ActionProgress::Kind::Phase, text, true); });
    connect(m_executor, &ReshardExecutor::progressed, this, &ReshardAction::reshardProgress);
    connect(m_executor, &ReshardExecutor::finished, this, [this](const ReshardExecutor::Result &r) {
        ActionOutcome o;
        o.verified = r.state == OperationRecord::State::Succeeded && r.verification.verified;
        o.state = OperationRecord::stateName(r.state);
        o.outcome = r.outcome;
        o.totalMs = r.totalMs;
        o.details << tr("%1 slots, %2 keys moved in %3 ms (%4 keys/s)")
                         .arg(r.slotsMoved)
                         .arg(r.keysMoved)
                         .arg(r.movingMs)
                         .arg(qRound64(r.keysPerSecond));
        o.details << r.warnings.mid(0, 10);
        m_executor->deleteLater();
        m_executor = nullptr;
        finishRun(o);
    });
    m_executor->start();
}

void ReshardAction::cancel()
{
    if (m_executor)
        m_executor->cancel();
}

void ReshardAction::pause(bool paused)
{
    if (!m_executor)
        return;
    if (paused)
        m_executor->pause();
    else
        m_executor->resume();
}

} // namespace ops
