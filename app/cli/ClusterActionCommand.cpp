#include "ClusterActionCommand.h"

#include "core/Clock.h"
#include "history/AsyncHistoryStore.h"
#include "reshard/ReshardSurveyor.h"

namespace ops {

ClusterActionCommand::~ClusterActionCommand() = default;

void ClusterActionCommand::addClusterOptions(QCommandLineParser &parser)
{
    parser.addOption(m_clusterOption);
    addActionOptions(parser, false);
    m_deploymentArgs.addTo(parser);
}

bool ClusterActionCommand::readClusterOptions(const QCommandLineParser &parser)
{
    QString error;
    if (!readClusterDeployment(parser, m_deploymentArgs, m_options, error) || !readActionOptions(parser, error)) {
        usageError(error, parser.helpText());
        return false;
    }
    if (parser.isSet(m_clusterOption) && parser.isSet(QStringLiteral("profile"))) {
        usageError(QStringLiteral("--profile gives the address: leave out --cluster"), parser.helpText());
        return false;
    }
    if (parser.isSet(m_clusterOption)) {
        bool ok = false;
        m_options.endpoint = Endpoint::parse(parser.value(m_clusterOption), 6379, &ok);
        if (!ok) {
            usageError(QStringLiteral("bad address: %1").arg(parser.value(m_clusterOption)), parser.helpText());
            return false;
        }
    }
    return true;
}

void ClusterActionCommand::surveyCluster(std::function<void(const ReshardSurvey &)> done, QList<Endpoint> seeds,
                                         int sampleSlots)
{
    ReshardSurveyor::Options o;
    o.seeds = seeds.isEmpty() ? QList<Endpoint>{m_options.endpoint} : seeds;
    o.dataOptions = m_options;
    o.timeoutMs = m_options.connectTimeoutMs;
    o.nowMs = Clock::system()->wallMs();
    o.sampleSlots = sampleSlots;
    auto *surveyor = new ReshardSurveyor(o, this);
    connect(surveyor, &ReshardSurveyor::finished, this, [surveyor, done](const ReshardSurvey &s) {
        surveyor->deleteLater();
        done(s);
    });
    surveyor->start();
}

bool ClusterActionCommand::someNodeAnswered(const ClusterSurvey &survey)
{
    if (std::any_of(survey.nodes.cbegin(), survey.nodes.cend(), [](const ClusterNodeView &n) { return n.reachable(); }))
        return true;
    QStringList why;
    for (const ClusterNodeView &n : survey.nodes)
        why << QStringLiteral("%1: %2").arg(n.endpoint.toString(), n.error);
    err(QStringLiteral("redis-ops: no cluster node answered (%1)").arg(why.join(QStringLiteral("; "))));
    finish(ExitConnection);
    return false;
}

void ClusterActionCommand::nothingToDo(const QJsonObject &planJson, const QStringList &planText, const QString &message)
{
    // The checks say why; nothing is journaled or sent.
    if (m_json)
        emitJson(QStringLiteral("plan"), planJson);
    else
        out(planText.join(QLatin1Char('\n')) + QLatin1Char('\n') + message);
    finish(ExitOk);
}

OperationRunner::Options ClusterActionCommand::runnerOptions() const
{
    OperationRunner::Options options;
    options.dataOptions = m_options;
    options.connectTimeoutMs = m_options.connectTimeoutMs;
    options.commandTimeoutMs = m_options.commandTimeoutMs;
    return options;
}

OperationRunner *ClusterActionCommand::startClusterOperation(const QString &kind, const QString &deploymentId,
                                                             const QString &target, const QString &mode,
                                                             const QJsonObject &plan)
{
    OperationRecord record;
    record.id = OperationRecord::newId();
    record.kind = kind;
    record.deploymentId = deploymentId;
    record.operatorName = OperationRecord::currentOperator();
    record.target = target;
    record.mode = mode;
    record.plan = plan;
    return startOperation(record, runnerOptions());
}

} // namespace ops
