#include "ActionCommand.h"

#include "AppPaths.h"
#include "CliInterruption.h"
#include "core/Clock.h"
#include "history/AsyncHistoryStore.h"
#include "history/HistoryStore.h"
#include "history/OperationLease.h"
#include "history/OperationSummary.h"

#include <QFileInfo>

#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>
#include <unistd.h>

namespace ops {

ActionCommand::~ActionCommand() = default;

void ActionCommand::emitJson(const QString &event, QJsonObject fields)
{
    fields.insert(QStringLiteral("event"), event);
    out(QString::fromUtf8(QJsonDocument(fields).toJson(QJsonDocument::Compact)));
}

void ActionCommand::addActionOptions(QCommandLineParser &parser, bool lagOptions)
{
    m_lagOptions = lagOptions;
    for (const QCommandLineOption &o : {m_dryRunOption, m_yesOption, m_jsonOption, m_takeOverOption})
        parser.addOption(o);
    if (lagOptions)
        for (const QCommandLineOption &o : {m_maxLagOption, m_overrideLagOption})
            parser.addOption(o);
}

bool ActionCommand::readActionOptions(const QCommandLineParser &parser, QString &error)
{
    if (m_lagOptions) {
        bool numeric = false;
        m_maxLagBytes = parser.value(m_maxLagOption).toLongLong(&numeric);
        if (!numeric || m_maxLagBytes < 0) {
            error = QStringLiteral("--max-lag needs a number of bytes");
            return false;
        }
        m_overrideLag = parser.isSet(m_overrideLagOption);
    }
    m_dryRun = parser.isSet(m_dryRunOption);
    m_yes = parser.isSet(m_yesOption);
    m_json = parser.isSet(m_jsonOption);
    m_takeOverLease = parser.value(m_takeOverOption).trimmed();
    if (parser.isSet(m_takeOverOption) && m_takeOverLease.size() < 8) {
        error = QStringLiteral("--take-over-lease needs the holder's operation id (at least its first 8 characters), "
                               "as the refusal printed it");
        return false;
    }
    return true;
}

void ActionCommand::proceed(const QStringList &text, const QJsonObject &json, const PreChecks &checks, bool allowed)
{
    if (!presentPlan(text, json, checks, allowed))
        return;
    if (!confirmed()) {
        err(QStringLiteral("Not confirmed: nothing was executed."));
        return finish(ExitFailed);
    }
    execute();
}

qint64 ActionCommand::elapsedMs() const { return Clock::system()->monotonicMs() - m_startedMs; }

bool ActionCommand::presentPlan(const QStringList &text, const QJsonObject &json, const PreChecks &checks, bool allowed)
{
    if (m_json)
        emitJson(QStringLiteral("plan"), json);
    else
        out(text.join(QLatin1Char('\n')));
    if (!allowed) {
        QStringList blocking;
        for (const PreCheck &c : checks)
            if (c.blocks())
                blocking << c.title + QStringLiteral(": ") + c.evidence;
        if (blocking.isEmpty())
            blocking << QStringLiteral("no replica qualifies");
        if (m_json)
            emitJson(QStringLiteral("refused"), {{QStringLiteral("reasons"), QJsonArray::fromStringList(blocking)}});
        else
            err(QStringLiteral("Refused:\n  ") + blocking.join(QStringLiteral("\n  ")));
        finish(ExitFailed);
        return false;
    }
    if (m_dryRun) {
        if (!m_json)
            out(QStringLiteral("Dry run: nothing was executed."));
        finish(ExitOk);
        return false;
    }
    if (m_readOnly) {
        const QString why = QStringLiteral("the deployment is read-only (--read-only or its saved profile): actions are refused, "
                                           "nothing was executed");
        if (m_json)
            emitJson(QStringLiteral("refused"), {{QStringLiteral("reasons"), QJsonArray{why}}});
        else
            err(QStringLiteral("Refused: ") + why);
        finish(ExitFailed);
        return false;
    }
    return true;
}

bool ActionCommand::readClusterDeployment(const QCommandLineParser &parser, const DeploymentArguments &arguments,
                                          ConnectionOptions &options, QString &error)
{
    ConnectionProfile deployment;
    if (!arguments.read(parser, deployment, error))
        return false;
    if (deployment.isSentinel()) {
        error = QStringLiteral("this command acts on a Redis Cluster: give a node of it (-h/-p, --cluster or a profile with a seed), "
                               "not sentinels");
        return false;
    }
    options = deployment.options;
    m_readOnly = deployment.readOnly;
    return true;
}

bool ActionCommand::mayConfirm()
{
    if (m_yes || ::isatty(STDIN_FILENO))
        return true;
    err(QStringLiteral("redis-ops: confirmation needed; pass --yes when not running on a terminal"));
    return false;
}

bool ActionCommand::ask(const QString &prompt, const QString &expected)
{
    std::fputs(prompt.toUtf8().constData(), stderr);
    std::fflush(stderr);
    QTextStream in(stdin);
    return in.readLine().trimmed() == expected;
}

OperationRunner *ActionCommand::startOperation(const OperationRecord &record, const OperationRunner::Options &options)
{
    m_journal = std::make_unique<AsyncHistoryStore>(AppPaths::historyFile());
    // A shared store going away mid-operation: the steps are journaled in the data dir and flushed
    // by the next console or CLI that reaches the store (no lease is taken while it is down).
    m_journal->enableSpool(AppPaths::spoolFile());
    connect(m_journal.get(), &AsyncHistoryStore::storeStatusChanged, this, &CliCommand::reportStoreStatus);
    m_journal->open();
    OperationRunner::Options runnerOptions = options;
    runnerOptions.takeOverLeaseFrom = m_takeOverLease;
    // Tests shorten the lease (renewed every third of it) to see a takeover or an expiry quickly.
    if (const qint64 leaseMs = qEnvironmentVariableIntValue("OPSCONSOLE_LEASE_MS"); leaseMs >= 300)
        runnerOptions.leaseLengthMs = leaseMs;
    m_runner = new OperationRunner(record, runnerOptions, m_journal.get(), Clock::system(), this);
    connect(m_runner, &OperationRunner::leaseTakenOver, this, [this](const OperationLease &previous) {
        const QString text = QStringLiteral("Took over the operation lease from %1 (journaled)").arg(previous.whoText());
        if (m_json)
            emitJson(QStringLiteral("lease-takeover"), {{QStringLiteral("previousOperation"), previous.operationId},
                                                        {QStringLiteral("previousOperator"), previous.operatorName},
                                                        {QStringLiteral("previousHost"), previous.host},
                                                        {QStringLiteral("text"), text}});
        else
            err(QStringLiteral("WARNING: ") + text);
    });
    m_startedMs = Clock::system()->monotonicMs();
    m_operationId = record.id;
    if (m_json)
        emitJson(QStringLiteral("started"), {{QStringLiteral("operation"), record.id}});
    else
        out(QStringLiteral("Operation %1").arg(record.id));
    connect(m_runner, &OperationRunner::stepChanged, this, [this](const OperationStep &s) {
        if (m_json)
            emitJson(QStringLiteral("step"), s.toJson());
        else if (s.state != OperationStep::State::Planned && s.state != OperationStep::State::Sent
                 && (!m_quietSteps || s.state != OperationStep::State::Answered))
            out(QStringLiteral("%1 ms    %2 %3 -> %4 %5")
                    .arg(elapsedMs(), 6)
                    .arg(s.targetNode, s.commandText, OperationStep::stateName(s.state), s.error.isEmpty() ? s.replySummary : s.error));
    });
    return m_runner;
}

void ActionCommand::stopOnInterrupt(std::function<void(const QString &)> stop)
{
    m_interruption = new CliInterruption(m_operationId, [this, stop](const QString &reason) {
        showPhase(QStringLiteral("%1: stopping at the next safe point (Ctrl-C again for what is still going on)").arg(reason));
        stop(reason);
    }, this);
}

bool ActionCommand::interrupted() const { return m_interruption != nullptr && m_interruption->interrupted(); }

void ActionCommand::showPhase(const QString &text)
{
    if (m_interruption)
        m_interruption->setStatus(text);
    if (m_json)
        emitJson(QStringLiteral("phase"), {{QStringLiteral("ms"), elapsedMs()}, {QStringLiteral("text"), text}});
    else
        out(QStringLiteral("%1 ms  %2").arg(elapsedMs(), 6).arg(text));
}

void ActionCommand::endOperation(OperationRecord::State state, const QString &outcome, const QJsonObject &details,
                                 const QString &summary)
{
    // Stopped by the interruption: the executor's cancel path ended it and named the signal.
    const bool stopped = interrupted() && outcome.contains(m_interruption->reason())
        && (state == OperationRecord::State::Cancelled || state == OperationRecord::State::Aborted);
    // An interruption that came after the point of no return: the operation ran to its end.
    const QString tooLate = interrupted() && !stopped
        ? QStringLiteral("%1 too late to stop it: it ran to its end (%2)")
              .arg(m_interruption->reason(), OperationRecord::stateName(state))
        : QString();
    if (m_json) {
        QJsonObject o = details;
        o.insert(QStringLiteral("state"), OperationRecord::stateName(state));
        o.insert(QStringLiteral("outcome"), outcome);
        if (interrupted())
            o.insert(QStringLiteral("interrupted"), tooLate.isEmpty() ? m_interruption->reason() : tooLate);
        emitJson(QStringLiteral("finished"), o);
    } else {
        out(QStringLiteral("%1: %2").arg(OperationRecord::stateName(state), outcome));
        out(summary);
        if (!tooLate.isEmpty())
            out(QStringLiteral("Note: ") + tooLate);
    }
    if (m_journal)
        m_journal->close(); // every journal write is on disk before the process exits
    finish(state == OperationRecord::State::Succeeded ? ExitOk : stopped ? ExitInterrupted : ExitFailed);
}

void ActionCommand::warnUnfinished(const std::function<bool(const OperationRecord &)> &relevant)
{
    // An operator must see that a previous action was interrupted (or is still running elsewhere)
    // before starting another one on the same deployment.
    const QString path = AppPaths::historyFile();
    if (!AppPaths::historyExists())
        return;
    HistoryStore store(path);
    HistoryError error = store.open();
    QList<OperationRecord> unfinished;
    if (!error.isError())
        unfinished = store.unfinishedOperations({}, &error);
    if (error.isError()) {
        err(QStringLiteral("redis-ops: warning: cannot read the operations journal: %1").arg(error.message));
        return;
    }
    for (const OperationRecord &op : std::as_const(unfinished)) {
        if (!relevant(op))
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
        err(text + (op.kind == QLatin1String("cluster-reshard")
                        ? QStringLiteral("\n  (interrupted, or still running elsewhere: finish it with `redis-ops resume %1`)").arg(op.id)
                        : QStringLiteral("\n  (interrupted, or still running elsewhere: check the deployment and "
                                         "`redis-ops history --operations --operation %1`)").arg(op.id)));
    }
}

} // namespace ops
