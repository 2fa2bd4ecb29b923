#include "ClusterFailoverCommand.h"

#include "actions/ClusterFailoverPlanner.h"
#include "actions/ClusterSurveyor.h"
#include "core/Clock.h"

#include <algorithm>

namespace ops {

namespace {
using Mode = ClusterFailoverRequest::Mode;
const QString kReplicaOption = QStringLiteral("cluster-replica");
const QString kMasterOption = QStringLiteral("cluster-master");
} // namespace

ClusterFailoverCommand::~ClusterFailoverCommand() = default;

bool ClusterFailoverCommand::wanted(const QStringList &args)
{
    for (const QString &a : args)
        if (a.startsWith(QStringLiteral("--") + kReplicaOption) || a.startsWith(QStringLiteral("--") + kMasterOption))
            return true;
    return false;
}

void ClusterFailoverCommand::run(const QStringList &args)
{
    QCommandLineParser parser;
    prepare(parser, QStringLiteral("Guided manual failover of a Redis Cluster shard: plan, pre-checks, the exact command, "
                                   "confirmation, journaled execution and verification (ROLE, CLUSTER NODES from several "
                                   "nodes, the epoch change)."));
    const QCommandLineOption replica(kReplicaOption, QStringLiteral("Promote this replica."), QStringLiteral("host:port"));
    const QCommandLineOption master(kMasterOption, QStringLiteral("Fail over this master: its best replica is chosen, with reasons (-h/-p: another node to survey from, when the master is down)."), QStringLiteral("host:port"));
    const QCommandLineOption force(QStringLiteral("force"), QStringLiteral("CLUSTER FAILOVER FORCE: the master is unreachable; writes the replica lacks are lost."));
    const QCommandLineOption takeover(QStringLiteral("takeover"), QStringLiteral("CLUSTER FAILOVER TAKEOVER: no master handshake, no election (asks for a typed confirmation)."));
    for (const QCommandLineOption &o : {replica, master, force, takeover})
        parser.addOption(o);
    addActionOptions(parser);
    m_deploymentArgs.addTo(parser);
    if (!parseArguments(parser, args))
        return;
    if (parser.isSet(replica) == parser.isSet(master))
        return usageError(QStringLiteral("exactly one of --cluster-replica and --cluster-master is needed"), parser.helpText());
    if (parser.isSet(force) && parser.isSet(takeover))
        return usageError(QStringLiteral("--force and --takeover exclude each other"), parser.helpText());
    bool ok = false;
    const Endpoint node = Endpoint::parse(parser.value(parser.isSet(replica) ? replica : master), 6379, &ok);
    if (!ok)
        return usageError(QStringLiteral("bad address: %1").arg(parser.value(parser.isSet(replica) ? replica : master)),
                          parser.helpText());
    (parser.isSet(replica) ? m_request.replica : m_request.master) = node;
    QString error;
    if (!readClusterDeployment(parser, m_deploymentArgs, m_options, error))
        return usageError(error, parser.helpText());
    m_request.mode = parser.isSet(force) ? Mode::Force : parser.isSet(takeover) ? Mode::Takeover : Mode::Default;
    if (!readActionOptions(parser, error))
        return usageError(error, parser.helpText());
    m_request.maxLagBytes = m_maxLagBytes;
    m_request.overrideLag = m_overrideLag;

    ClusterSurveyor::Options o;
    o.seeds = {node};
    // -h/-p given too: a second way into the cluster (the named master may be down).
    if (parser.isSet(QStringLiteral("port")) && m_options.endpoint != node)
        o.seeds << m_options.endpoint;
    o.dataOptions = m_options;
    o.timeoutMs = m_options.connectTimeoutMs;
    o.nowMs = Clock::system()->wallMs();
    auto *surveyor = new ClusterSurveyor(o, this);
    connect(surveyor, &ClusterSurveyor::finished, this, &ClusterFailoverCommand::onSurvey);
    surveyor->start();
}

void ClusterFailoverCommand::onSurvey(const ClusterSurvey &survey)
{
    const bool anyAnswered = std::any_of(survey.nodes.cbegin(), survey.nodes.cend(),
                                         [](const ClusterNodeView &n) { return n.reachable(); });
    if (!anyAnswered) {
        QStringList why;
        for (const ClusterNodeView &n : survey.nodes)
            why << QStringLiteral("%1: %2").arg(n.endpoint.toString(), n.error);
        err(QStringLiteral("redis-ops failover: no node answered (%1); with the master down, name its replica "
                           "(--cluster-replica) or another node with -h/-p").arg(why.join(QStringLiteral("; "))));
        return finish(ExitConnection);
    }
    m_plan = ClusterFailoverPlanner::plan(survey, m_request);
    proceed(m_plan.describe(), m_plan.toJson(), m_plan.checks, m_plan.allowed());
}

bool ClusterFailoverCommand::confirmed()
{
    if (!mayConfirm())
        return false;
    if (m_yes)
        return true; // TAKEOVER: --takeover itself, typed by the script's author, is the confirmation
    const QString target = m_plan.target.toString();
    if (!ask(QStringLiteral("Type the replica's address (%1) to promote it: ").arg(target), target))
        return false;
    return m_request.mode != Mode::Takeover
        || ask(QStringLiteral("TAKEOVER promotes without the master's agreement or an election: writes the replica "
                              "lacks are lost and epochs can split.\nType TAKEOVER to go ahead: "),
               QStringLiteral("TAKEOVER"));
}

void ClusterFailoverCommand::execute()
{
    OperationRecord record;
    record.id = OperationRecord::newId();
    record.kind = QStringLiteral("cluster-failover");
    record.deploymentId = m_plan.deploymentId;
    record.operatorName = OperationRecord::currentOperator();
    record.target = m_plan.target.toString();
    record.mode = ClusterFailoverRequest::modeName(m_request.mode);
    record.plan = m_plan.toJson();
    OperationRunner::Options options;
    options.dataOptions = m_options;
    options.connectTimeoutMs = m_options.connectTimeoutMs;
    options.commandTimeoutMs = m_options.commandTimeoutMs;
    m_executor = new ClusterFailoverExecutor(m_plan, startOperation(record, options), this);
    connect(m_executor, &ClusterFailoverExecutor::phaseChanged, this,
            [this](ClusterFailoverExecutor::Phase, const QString &text) { showPhase(text); });
    connect(m_executor, &ClusterFailoverExecutor::finished, this, &ClusterFailoverCommand::onFinished);
    stopOnInterrupt([this](const QString &reason) { m_executor->cancel(reason); });
    m_executor->start();
}

void ClusterFailoverCommand::onFinished(const ClusterFailoverExecutor::Result &result)
{
    endOperation(result.state, result.outcome, result.details,
                 QStringLiteral("confirmation to verified: %1 ms; promoted after %2 ms%3")
                     .arg(result.totalMs)
                     .arg(result.promotedMs)
                     .arg(result.oldMasterBackMs >= 0
                              ? QStringLiteral("; old master back as replica after %1 ms").arg(result.oldMasterBackMs)
                              : QString()));
}

} // namespace ops
