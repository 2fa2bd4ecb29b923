#include "FailoverCommand.h"

#include "AppPaths.h"
#include "actions/OperationEventRecorder.h"
#include "actions/OperationRunner.h"
#include "actions/SentinelFailoverPlanner.h"
#include "actions/SentinelSurveyor.h"
#include "core/Clock.h"
#include "history/HistoryStore.h"
#include "history/OperationSummary.h"

#include <QFileInfo>
#include <QJsonArray>

namespace ops {

FailoverCommand::~FailoverCommand() = default;

void FailoverCommand::run(const QStringList &args)
{
    QCommandLineParser parser;
    prepare(parser, QStringLiteral("Guided manual failover of a Sentinel master: plan, pre-checks, the exact commands, "
                                   "confirmation, journaled execution and verification."));
    const QCommandLineOption graceful(QStringLiteral("graceful"), QStringLiteral("Pause writes, let the target catch up, fail over, demote the old master, resume: no acknowledged write is lost."));
    const QCommandLineOption to(QStringLiteral("to"), QStringLiteral("Promote this replica instead of the best one."), QStringLiteral("host:port"));
    const QCommandLineOption pause(QStringLiteral("pause-timeout"), QStringLiteral("Graceful: server-side bound of the write pause in ms (default 5000)."), QStringLiteral("ms"), QStringLiteral("5000"));
    for (const QCommandLineOption &o : {graceful, to, pause})
        parser.addOption(o);
    addActionOptions(parser);
    m_deploymentArgs.addTo(parser);
    if (!parseArguments(parser, args))
        return;
    QString error;
    ConnectionProfile deployment;
    if (!m_deploymentArgs.read(parser, deployment, error))
        return usageError(error, parser.helpText());
    if (!deployment.isSentinel())
        return usageError(QStringLiteral("--sentinel and --master are required (or --profile of a Sentinel deployment)"), parser.helpText());
    m_sentinels = deployment.sentinels;
    m_options = deployment.options;
    m_request.masterName = deployment.masterName;
    m_request.mode = parser.isSet(graceful) ? SentinelFailoverRequest::Mode::Graceful : SentinelFailoverRequest::Mode::Standard;
    if (parser.isSet(to)) {
        bool ok = false;
        m_request.preferred = Endpoint::parse(parser.value(to), 6379, &ok);
        if (!ok)
            return usageError(QStringLiteral("bad --to address: %1").arg(parser.value(to)), parser.helpText());
    }
    bool numeric = false;
    m_request.pauseTimeoutMs = parser.value(pause).toInt(&numeric);
    if (!numeric || m_request.pauseTimeoutMs < 100)
        return usageError(QStringLiteral("--pause-timeout needs at least 100 ms"), parser.helpText());
    if (!readActionOptions(parser, error))
        return usageError(error, parser.helpText());
    m_readOnly = deployment.readOnly; // --read-only: the plan and checks, then refused; never the commands
    m_request.maxLagBytes = m_maxLagBytes;
    m_request.overrideLag = m_overrideLag;

    SentinelSurveyor::Options o;
    o.sentinels = m_sentinels;
    o.masterName = m_request.masterName;
    o.dataOptions = m_options;
    o.sentinelOptions = m_options; // sentinels usually have no password of their own
    o.sentinelOptions.user.clear();
    o.sentinelOptions.password.clear();
    o.timeoutMs = m_options.connectTimeoutMs;
    o.nowMs = Clock::system()->wallMs();
    auto *surveyor = new SentinelSurveyor(o, this);
    connect(surveyor, &SentinelSurveyor::finished, this, &FailoverCommand::onSurvey);
    surveyor->start();
}

bool FailoverCommand::sameDeployment(const OperationRecord &op) const
{
    if (op.deploymentId == m_deploymentId)
        return true;
    // Journaled before ids were derived from the sentinels' ids (`sentinel:<name>@<first sentinel
    // given>`): the same master through one of these sentinels.
    if (op.kind != QStringLiteral("sentinel-failover") || op.target != QString::fromUtf8(m_request.masterName))
        return false;
    const QString executing = op.plan.value(QStringLiteral("sentinel")).toString();
    return std::any_of(m_sentinels.cbegin(), m_sentinels.cend(), [&](const Endpoint &s) { return s.toString() == executing; });
}

void FailoverCommand::warnUnfinished()
{
    ActionCommand::warnUnfinished([this](const OperationRecord &op) { return sameDeployment(op); });
}

void FailoverCommand::onSurvey(const SentinelSurvey &survey)
{
    if (survey.reachableSentinels() == 0) {
        QStringList why;
        for (const SentinelView &s : survey.sentinels)
            why << QStringLiteral("%1: %2").arg(s.sentinel.toString(), s.error);
        err(QStringLiteral("redis-ops failover: no sentinel answered: %1").arg(why.join(QStringLiteral("; "))));
        return finish(ExitConnection);
    }
    // The console's id for this deployment (the same DeploymentIdentity over the same replies):
    // the journal, the history and the operation lease are keyed by it.
    const DeploymentIdentity::Result identity = survey.identity(m_sentinels);
    m_deploymentId = identity.id;
    if (!identity.settled)
        err(QStringLiteral("redis-ops: warning: deployment id %1 is a guess (%2): other consoles may name this "
                           "deployment differently and not see its lease")
                .arg(identity.id, identity.basis));
    warnUnfinished();
    m_plan = SentinelFailoverPlanner::plan(survey, m_request);
    QJsonObject json = m_plan.toJson();
    json.insert(QStringLiteral("deployment"), m_deploymentId);
    QStringList text = m_plan.describe();
    text.prepend(QStringLiteral("Deployment %1").arg(m_deploymentId));
    proceed(text, json, m_plan.checks, m_plan.allowed());
}

bool FailoverCommand::confirmed()
{
    if (!mayConfirm())
        return false;
    return m_yes
        || ask(QStringLiteral("Type the master name (%1) to fail it over: ").arg(QString::fromUtf8(m_request.masterName)),
               QString::fromUtf8(m_request.masterName));
}

void FailoverCommand::execute()
{
    const OperationRecord record = m_plan.newOperation(m_deploymentId);
    OperationRunner::Options options;
    options.dataOptions = m_options;
    options.sentinelOptions = m_options;
    options.sentinelOptions.user.clear();
    options.sentinelOptions.password.clear();
    options.connectTimeoutMs = m_options.connectTimeoutMs;
    options.commandTimeoutMs = m_options.commandTimeoutMs;
    OperationRunner *runner = startOperation(record, options);
    m_executor = new SentinelFailoverExecutor(m_plan, runner, this);
    // What the sentinels say during the operation goes to the history with its id.
    (new OperationEventRecorder(journal(), record.id, m_deploymentId, this))->attach(m_executor);
    connect(m_executor, &SentinelFailoverExecutor::phaseChanged, this,
            [this](SentinelFailoverExecutor::Phase, const QString &text) { showPhase(text); });
    connect(m_executor, &SentinelFailoverExecutor::sentinelEvent, this,
            [this](const Endpoint &sentinel, const SentinelEvent &e, qint64 ms) {
                if (m_json)
                    emitJson(QStringLiteral("sentinel"), {{QStringLiteral("ms"), ms},
                                                          {QStringLiteral("sentinel"), sentinel.toString()},
                                                          {QStringLiteral("type"), QString::fromUtf8(e.type)},
                                                          {QStringLiteral("payload"), QString::fromUtf8(e.payload)}});
                else
                    out(QStringLiteral("%1 ms    sentinel %2: %3 %4").arg(ms, 6).arg(sentinel.toString(),
                                                                          QString::fromUtf8(e.type), QString::fromUtf8(e.payload)));
            });
    connect(m_executor, &SentinelFailoverExecutor::finished, this, &FailoverCommand::onFinished);
    stopOnInterrupt([this](const QString &reason) { m_executor->cancel(reason); });
    m_executor->start();
}

void FailoverCommand::onFinished(const SentinelFailoverExecutor::Result &result)
{
    endOperation(result.state, result.outcome, result.details,
                 QStringLiteral("confirmation to verified: %1 ms%2%3")
                     .arg(result.totalMs)
                     .arg(result.pauseMs >= 0 ? QStringLiteral("; writes paused %1 ms").arg(result.pauseMs) : QString())
                     .arg(result.oldMasterBackMs >= 0
                              ? QStringLiteral("; old master back as replica after %1 ms").arg(result.oldMasterBackMs)
                              : QString()));
}

} // namespace ops
