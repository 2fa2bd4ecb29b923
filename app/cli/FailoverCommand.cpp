#include "FailoverCommand.h"

#include "AppPaths.h"
#include "actions/OperationEventRecorder.h"
#include "actions/OperationRunner.h"
#include "actions/SentinelFailoverPlanner.h"
#include "actions/SentinelSurveyor.h"
#include "core/Clock.h"
#include "history/AsyncHistoryStore.h"
#include "history/HistoryStore.h"
#include "history/OperationSummary.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>
#include <unistd.h>

namespace ops {

FailoverCommand::~FailoverCommand() = default;

void FailoverCommand::run(const QStringList &args)
{
    QCommandLineParser parser;
    prepare(parser, QStringLiteral("Guided manual failover of a Sentinel master: plan, pre-checks, the exact commands, "
                                   "confirmation, journaled execution and verification."));
    const QCommandLineOption sentinel(QStringLiteral("sentinel"), QStringLiteral("A sentinel of the deployment (repeatable)."), QStringLiteral("host:port"));
    const QCommandLineOption master(QStringLiteral("master"), QStringLiteral("Sentinel master name."), QStringLiteral("name"));
    const QCommandLineOption graceful(QStringLiteral("graceful"), QStringLiteral("Pause writes, let the target catch up, fail over, demote the old master, resume: no acknowledged write is lost."));
    const QCommandLineOption to(QStringLiteral("to"), QStringLiteral("Promote this replica instead of the best one."), QStringLiteral("host:port"));
    const QCommandLineOption dryRun(QStringLiteral("dry-run"), QStringLiteral("Show the plan, checks and commands; execute nothing."));
    const QCommandLineOption yes(QStringLiteral("yes"), QStringLiteral("Do not ask for confirmation (scripts)."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("JSON lines instead of text."));
    const QCommandLineOption maxLag(QStringLiteral("max-lag"), QStringLiteral("Refuse a target further behind than this many bytes (default 1048576)."), QStringLiteral("bytes"), QStringLiteral("1048576"));
    const QCommandLineOption overrideLag(QStringLiteral("override-lag"), QStringLiteral("Promote even when the target is further behind than --max-lag (loses those writes)."));
    const QCommandLineOption pause(QStringLiteral("pause-timeout"), QStringLiteral("Graceful: server-side bound of the write pause in ms (default 5000)."), QStringLiteral("ms"), QStringLiteral("5000"));
    for (const QCommandLineOption &o : {sentinel, master, graceful, to, dryRun, yes, json, maxLag, overrideLag, pause})
        parser.addOption(o);
    m_connArgs.addTo(parser);
    if (!parseArguments(parser, args))
        return;
    if (!parser.isSet(sentinel) || !parser.isSet(master))
        return usageError(QStringLiteral("--sentinel and --master are required"), parser.helpText());
    for (const QString &s : parser.values(sentinel)) {
        bool ok = false;
        const Endpoint e = Endpoint::parse(s, 26379, &ok);
        if (!ok)
            return usageError(QStringLiteral("bad --sentinel address: %1").arg(s), parser.helpText());
        m_sentinels << e;
    }
    QString error;
    if (!m_connArgs.read(parser, m_options, error))
        return usageError(error, parser.helpText());
    m_request.masterName = parser.value(master).toUtf8();
    m_request.mode = parser.isSet(graceful) ? SentinelFailoverRequest::Mode::Graceful : SentinelFailoverRequest::Mode::Standard;
    if (parser.isSet(to)) {
        bool ok = false;
        m_request.preferred = Endpoint::parse(parser.value(to), 6379, &ok);
        if (!ok)
            return usageError(QStringLiteral("bad --to address: %1").arg(parser.value(to)), parser.helpText());
    }
    bool numeric = false;
    m_request.maxLagBytes = parser.value(maxLag).toLongLong(&numeric);
    if (!numeric || m_request.maxLagBytes < 0)
        return usageError(QStringLiteral("--max-lag needs a number of bytes"), parser.helpText());
    m_request.pauseTimeoutMs = parser.value(pause).toInt(&numeric);
    if (!numeric || m_request.pauseTimeoutMs < 100)
        return usageError(QStringLiteral("--pause-timeout needs at least 100 ms"), parser.helpText());
    m_request.overrideLag = parser.isSet(overrideLag);
    m_dryRun = parser.isSet(dryRun);
    m_yes = parser.isSet(yes);
    m_json = parser.isSet(json);
    m_deploymentId = QStringLiteral("sentinel:%1@%2").arg(QString::fromUtf8(m_request.masterName), m_sentinels.first().toString());
    warnUnfinished();

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
    // The same master through another of its sentinels (the id names the first one given).
    if (op.kind != QStringLiteral("sentinel-failover") || op.target != QString::fromUtf8(m_request.masterName))
        return false;
    const QString executing = op.plan.value(QStringLiteral("sentinel")).toString();
    return std::any_of(m_sentinels.cbegin(), m_sentinels.cend(), [&](const Endpoint &s) { return s.toString() == executing; });
}

void FailoverCommand::warnUnfinished()
{
    // An operator must see that a previous action was interrupted (or is still running elsewhere)
    // before starting another one on the same deployment.
    const QString path = AppPaths::historyFile();
    if (!QFileInfo::exists(path))
        return;
    HistoryStore store(path);
    HistoryError error = store.open();
    QList<OperationRecord> unfinished;
    if (!error.isError())
        unfinished = store.unfinishedOperations({}, &error);
    if (error.isError()) {
        err(QStringLiteral("redis-ops failover: warning: cannot read the operations journal: %1").arg(error.message));
        return;
    }
    for (const OperationRecord &op : std::as_const(unfinished)) {
        if (!sameDeployment(op))
            continue;
        const QString text = QStringLiteral("WARNING: unfinished operation %1: %2; state %3; last step %4")
                                 .arg(op.id, OperationSummary::headline(op), OperationSummary::stateText(op),
                                      OperationSummary::lastStepText(op));
        if (m_json) {
            QJsonObject o{{QStringLiteral("operation"), op.id},
                          {QStringLiteral("kind"), op.kind},
                          {QStringLiteral("deployment"), op.deploymentId},
                          {QStringLiteral("operator"), op.operatorName},
                          {QStringLiteral("mode"), op.mode},
                          {QStringLiteral("state"), OperationRecord::stateName(op.state)},
                          {QStringLiteral("startedMs"), op.startedMs},
                          {QStringLiteral("started"), OperationSummary::isoTime(op.startedMs)},
                          {QStringLiteral("message"), text}};
            if (!op.steps.isEmpty())
                o.insert(QStringLiteral("lastStep"), op.steps.constLast().toJson());
            emitJson(QStringLiteral("unfinished"), o);
        }
        err(text + QStringLiteral("\n  (interrupted, or still running elsewhere: check the deployment and "
                                  "`redis-ops history --operations --operation %1`)").arg(op.id));
    }
}

void FailoverCommand::emitJson(const QString &event, QJsonObject fields)
{
    fields.insert(QStringLiteral("event"), event);
    out(QString::fromUtf8(QJsonDocument(fields).toJson(QJsonDocument::Compact)));
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
    m_plan = SentinelFailoverPlanner::plan(survey, m_request);
    if (m_json)
        emitJson(QStringLiteral("plan"), m_plan.toJson());
    else
        out(m_plan.describe().join(QLatin1Char('\n')));
    if (!m_plan.allowed()) {
        QStringList blocking;
        for (const PreCheck &c : std::as_const(m_plan.checks))
            if (c.blocks())
                blocking << c.title + QStringLiteral(": ") + c.evidence;
        if (!m_plan.target.isValid() && blocking.isEmpty())
            blocking << QStringLiteral("no replica qualifies");
        if (m_json)
            emitJson(QStringLiteral("refused"), {{QStringLiteral("reasons"), QJsonArray::fromStringList(blocking)}});
        else
            err(QStringLiteral("Refused:\n  ") + blocking.join(QStringLiteral("\n  ")));
        return finish(ExitFailed);
    }
    if (m_dryRun) {
        if (!m_json)
            out(QStringLiteral("Dry run: nothing was executed."));
        return finish(ExitOk);
    }
    if (!confirmed()) {
        err(QStringLiteral("Not confirmed: nothing was executed."));
        return finish(ExitFailed);
    }
    execute();
}

bool FailoverCommand::confirmed()
{
    if (m_yes)
        return true;
    if (!::isatty(STDIN_FILENO)) {
        err(QStringLiteral("redis-ops failover: confirmation needed; pass --yes when not running on a terminal"));
        return false;
    }
    std::fprintf(stderr, "Type the master name (%s) to fail it over: ", m_request.masterName.constData());
    std::fflush(stderr);
    QTextStream in(stdin);
    return in.readLine().trimmed() == QString::fromUtf8(m_request.masterName);
}

void FailoverCommand::execute()
{
    m_journal = std::make_unique<AsyncHistoryStore>(AppPaths::historyFile());
    m_journal->open();
    const OperationRecord record = m_plan.newOperation(m_deploymentId);
    OperationRunner::Options options;
    options.dataOptions = m_options;
    options.sentinelOptions = m_options;
    options.sentinelOptions.user.clear();
    options.sentinelOptions.password.clear();
    options.connectTimeoutMs = m_options.connectTimeoutMs;
    options.commandTimeoutMs = m_options.commandTimeoutMs;
    m_runner = new OperationRunner(record, options, m_journal.get(), Clock::system(), this);
    m_executor = new SentinelFailoverExecutor(m_plan, m_runner, this);
    // What the sentinels say during the operation goes to the history with its id.
    (new OperationEventRecorder(m_journal.get(), record.id, m_deploymentId, this))->attach(m_executor);
    const qint64 started = Clock::system()->monotonicMs();
    auto at = [started] { return Clock::system()->monotonicMs() - started; };
    if (m_json)
        emitJson(QStringLiteral("started"), {{QStringLiteral("operation"), record.id}});
    else
        out(QStringLiteral("Operation %1").arg(record.id));
    connect(m_executor, &SentinelFailoverExecutor::phaseChanged, this,
            [this, at](SentinelFailoverExecutor::Phase, const QString &text) {
                if (m_json)
                    emitJson(QStringLiteral("phase"), {{QStringLiteral("ms"), at()}, {QStringLiteral("text"), text}});
                else
                    out(QStringLiteral("%1 ms  %2").arg(at(), 6).arg(text));
            });
    connect(m_runner, &OperationRunner::stepChanged, this, [this, at](const OperationStep &s) {
        if (m_json)
            emitJson(QStringLiteral("step"), s.toJson());
        else if (s.state != OperationStep::State::Planned && s.state != OperationStep::State::Sent)
            out(QStringLiteral("%1 ms    %2 %3 -> %4 %5")
                    .arg(at(), 6)
                    .arg(s.targetNode, s.commandText, OperationStep::stateName(s.state), s.error.isEmpty() ? s.replySummary : s.error));
    });
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
    m_executor->start();
}

void FailoverCommand::onFinished(const SentinelFailoverExecutor::Result &result)
{
    const bool ok = result.state == OperationRecord::State::Succeeded;
    if (m_json) {
        QJsonObject o = result.details;
        o.insert(QStringLiteral("state"), OperationRecord::stateName(result.state));
        o.insert(QStringLiteral("outcome"), result.outcome);
        emitJson(QStringLiteral("finished"), o);
    } else {
        out(QStringLiteral("%1: %2").arg(OperationRecord::stateName(result.state), result.outcome));
        out(QStringLiteral("confirmation to verified: %1 ms%2%3")
                .arg(result.totalMs)
                .arg(result.pauseMs >= 0 ? QStringLiteral("; writes paused %1 ms").arg(result.pauseMs) : QString())
                .arg(result.oldMasterBackMs >= 0 ? QStringLiteral("; old master back as replica after %1 ms").arg(result.oldMasterBackMs)
                                                 : QString()));
    }
    m_journal->close(); // every journal write is on disk before the process exits
    finish(ok ? ExitOk : ExitFailed);
}

} // namespace ops
