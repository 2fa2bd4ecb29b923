#include "FixCommand.h"

#include "core/Clock.h"
#include "history/AsyncHistoryStore.h"
#include "reshard/FixPlanner.h"
#include "reshard/ReshardSurveyor.h"

namespace ops {

FixCommand::~FixCommand() = default;

void FixCommand::run(const QStringList &args)
{
    QCommandLineParser parser;
    prepare(parser, QStringLiteral("Repair open (migrating / importing) and uncovered slots of a Redis Cluster, only in the "
                                   "cases known to be safe; every other case is refused with what was seen."));
    const QCommandLineOption cluster(QStringLiteral("cluster"), QStringLiteral("A node of the cluster (or -h/-p)."), QStringLiteral("host:port"));
    const QCommandLineOption assign(QStringLiteral("assign-empty-to"), QStringLiteral("Uncovered slots without a key anywhere go to this master."), QStringLiteral("node"));
    const QCommandLineOption replace(QStringLiteral("replace"), QStringLiteral("Finishing a move: keys on the target with different values are overwritten."));
    for (const QCommandLineOption &o : {cluster, assign, replace})
        parser.addOption(o);
    addActionOptions(parser, false);
    m_connArgs.addTo(parser);
    if (!parseArguments(parser, args))
        return;
    QString error;
    if (!m_connArgs.read(parser, m_options, error) || !readActionOptions(parser, error))
        return usageError(error, parser.helpText());
    if (parser.isSet(cluster)) {
        bool ok = false;
        m_options.endpoint = Endpoint::parse(parser.value(cluster), 6379, &ok);
        if (!ok)
            return usageError(QStringLiteral("bad address: %1").arg(parser.value(cluster)), parser.helpText());
    }
    m_assignEmptyTo = parser.value(assign);
    m_replace = parser.isSet(replace);
    ReshardSurveyor::Options o;
    o.seeds = {m_options.endpoint};
    o.dataOptions = m_options;
    o.timeoutMs = m_options.connectTimeoutMs;
    o.nowMs = Clock::system()->wallMs();
    o.sampleSlots = 0;
    auto *surveyor = new ReshardSurveyor(o, this);
    connect(surveyor, &ReshardSurveyor::finished, this, &FixCommand::onSurvey);
    surveyor->start();
}

void FixCommand::onSurvey(const ReshardSurvey &survey)
{
    if (std::none_of(survey.cluster.nodes.cbegin(), survey.cluster.nodes.cend(), [](const ClusterNodeView &n) { return n.reachable(); })) {
        err(QStringLiteral("redis-ops fix: no node answered at %1").arg(m_options.endpoint.toString()));
        return finish(ExitConnection);
    }
    m_plan = FixPlanner::plan(survey, m_assignEmptyTo);
    m_plan.tuning.replaceConflicts = m_replace;
    warnUnfinished([this](const OperationRecord &op) { return op.deploymentId == m_plan.deploymentId; });
    if (m_plan.fixes.isEmpty() && preChecksAllow(m_plan.checks)) {
        if (m_json)
            emitJson(QStringLiteral("plan"), m_plan.toJson());
        else
            out(m_plan.describe().join(QLatin1Char('\n')) + QStringLiteral("\nNothing to fix: no open or uncovered slot."));
        return finish(ExitOk);
    }
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
    OperationRecord record;
    record.id = OperationRecord::newId();
    record.kind = QStringLiteral("cluster-fix");
    record.deploymentId = m_plan.deploymentId;
    record.operatorName = OperationRecord::currentOperator();
    record.target = m_plan.deploymentId;
    record.mode = QStringLiteral("open-slots");
    record.plan = m_plan.toJson();
    OperationRunner::Options options;
    options.dataOptions = m_options;
    options.connectTimeoutMs = m_options.connectTimeoutMs;
    options.commandTimeoutMs = m_options.commandTimeoutMs;
    auto *executor = new FixExecutor(m_plan, startOperation(record, options), this);
    connect(executor, &FixExecutor::phaseChanged, this, [this](const QString &text) { showPhase(text); });
    connect(executor, &FixExecutor::finished, this, [this](const FixExecutor::Result &r) {
        // A refused slot leaves the cluster unclean: exit 1 even when the rest is verified (the
        // first finish() decides the exit code).
        if (r.refused > 0)
            finish(ExitFailed);
        endOperation(r.state, r.outcome, r.details,
                     QStringLiteral("%1 fixed, %2 refused; confirmation to verified: %3 ms").arg(r.fixed).arg(r.refused).arg(r.totalMs));
    });
    executor->start();
}

} // namespace ops
