#include "FixCommand.h"

#include "history/AsyncHistoryStore.h"
#include "reshard/FixPlanner.h"
#include "reshard/ReshardSurvey.h"

namespace ops {

FixCommand::~FixCommand() = default;

void FixCommand::run(const QStringList &args)
{
    QCommandLineParser parser;
    prepare(parser, QStringLiteral("Repair open (migrating / importing) and uncovered slots of a Redis Cluster, only in the "
                                   "cases known to be safe; every other case is refused with what was seen."));
    const QCommandLineOption assign(QStringLiteral("assign-empty-to"), QStringLiteral("Uncovered slots without a key anywhere go to this master."), QStringLiteral("node"));
    const QCommandLineOption replace(QStringLiteral("replace"), QStringLiteral("Finishing a move: keys on the target with different values are overwritten."));
    for (const QCommandLineOption &o : {assign, replace})
        parser.addOption(o);
    addClusterOptions(parser);
    if (!parseArguments(parser, args) || !readClusterOptions(parser))
        return;
    m_assignEmptyTo = parser.value(assign);
    m_replace = parser.isSet(replace);
    surveyCluster([this](const ReshardSurvey &s) { onSurvey(s); }, {}, 0);
}

void FixCommand::onSurvey(const ReshardSurvey &survey)
{
    if (!someNodeAnswered(survey.cluster))
        return;
    m_plan = FixPlanner::plan(survey, m_assignEmptyTo);
    m_plan.tuning.replaceConflicts = m_replace;
    warnUnfinished([this](const OperationRecord &op) { return op.deploymentId == m_plan.deploymentId; });
    if (m_plan.fixes.isEmpty() && preChecksAllow(m_plan.checks))
        return nothingToDo(m_plan.toJson(), m_plan.describe(), QStringLiteral("Nothing to fix: no open or uncovered slot."));
    proceed(m_plan.describe(), m_plan.toJson(), m_plan.checks, m_plan.allowed());
}

bool FixCommand::confirmed()
{
    if (!mayConfirm())
        return false;
    const QString n = QString::number(m_plan.fixes.size() - m_plan.count(SlotFix::Kind::Refused));
    return m_yes || ask(QStringLiteral("Type the number of slots to fix (%1): ").arg(n), n);
}

void FixCommand::execute()
{
    auto *executor = new FixExecutor(m_plan,
                                     startClusterOperation(QStringLiteral("cluster-fix"), m_plan.deploymentId, m_plan.deploymentId,
                                                           QStringLiteral("open-slots"), m_plan.toJson()),
                                     this);
    connect(executor, &FixExecutor::phaseChanged, this, [this](const QString &text) { showPhase(text); });
    connect(executor, &FixExecutor::finished, this, [this](const FixExecutor::Result &r) {
        // A refused slot leaves the cluster unclean: exit 1 even when the rest is verified (the
        // first finish() decides the exit code).
        if (r.refused > 0 && r.state != OperationRecord::State::Cancelled)
            finish(ExitFailed);
        endOperation(r.state, r.outcome, r.details,
                     QStringLiteral("%1 fixed, %2 refused; confirmation to verified: %3 ms").arg(r.fixed).arg(r.refused).arg(r.totalMs));
    });
    stopOnInterrupt([executor](const QString &reason) { executor->cancel(reason); });
    executor->start();
}

} // namespace ops
