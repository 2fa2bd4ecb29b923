#include "RunbookRunCommand.h"

#include "AppPaths.h"
#include "core/Clock.h"
#include "history/AsyncHistoryStore.h"
#include "runbooks/RunbookJournal.h"
#include "CliInterruption.h"
#include "runbooks/RunbookRunner.h"
#include "session/DeploymentSession.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSocketNotifier>

#include <iostream>
#include <string>
#include <unistd.h>

namespace ops {

RunbookRunCommand::~RunbookRunCommand() = default;

void RunbookRunCommand::run(const QStringList &args)
{
    QCommandLineParser parser;
    prepare(parser, m_resume ? QStringLiteral("Resume an interrupted runbook run from the operations journal (`redis-ops history "
                                              "--operations` lists them): its steps go on where they stopped.")
                             : QStringLiteral("Run a runbook (`redis-ops runbook list`) against a deployment: checks on live state, "
                                              "waits, read-only commands, manual steps and guided actions, every step journaled."));
    const QCommandLineOption input(QStringLiteral("input"), QStringLiteral("An input of the runbook, name=value (repeatable)."), QStringLiteral("k=v"));
    const QCommandLineOption nonInteractive(QStringLiteral("non-interactive"),
                                            QStringLiteral("No questions: manual steps and allowed actions are confirmed by the run "
                                                           "(journaled as such); the first failed step ends it."));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("JSON lines instead of text."));
    parser.addOptions({input, nonInteractive, jsonOption});
    parser.addPositionalArgument(m_resume ? QStringLiteral("resume") : QStringLiteral("run"), QStringLiteral("The action."));
    parser.addPositionalArgument(m_resume ? QStringLiteral("operation") : QStringLiteral("runbook"),
                                 m_resume ? QStringLiteral("The run's operation id (or its first characters).")
                                          : QStringLiteral("A runbook id of the library, or a file."));
    addMonitorOptions(parser);
    if (!parseArguments(parser, args))
        return;
    const QStringList words = parser.positionalArguments();
    if (words.size() != 2) {
        usageError(QStringLiteral("runbook %1: one %2 is needed").arg(words.value(0), m_resume ? QStringLiteral("operation") : QStringLiteral("runbook")),
                   parser.helpText());
        return;
    }
    m_name = words.at(1);
    m_nonInteractive = parser.isSet(nonInteractive);
    m_json = parser.isSet(jsonOption);
    for (const QString &kv : parser.values(input)) {
        QString name, value, why;
        if (!RunbookInputs::parseAssignment(kv, &name, &value, &why)) {
            usageError(QStringLiteral("--input %1").arg(why), parser.helpText());
            return;
        }
        m_inputs.insert(name, value);
    }
    if (!m_nonInteractive && !isatty(STDIN_FILENO)) {
        usageError(QStringLiteral("stdin is not a terminal: answer the steps on a terminal, or run with --non-interactive"), parser.helpText());
        return;
    }
    const RunbookLibrary library({QDir(AppPaths::dataDir()).filePath(QStringLiteral("runbooks"))});
    if (!m_resume) {
        m_loaded = library.find(m_name);
        if (!m_loaded.runbook) {
            for (const QString &e : std::as_const(m_loaded.errors))
                err(e);
            finish(ExitFailed);
            return;
        }
        const RunbookInputs::Result r = RunbookInputs::resolve(*m_loaded.runbook, m_inputs);
        if (!r.ok()) {
            for (const QString &e : r.errors)
                err(QStringLiteral("redis-ops: ") + e);
            finish(ExitUsage);
            return;
        }
    }
    startMonitor(parser, true);
}

void RunbookRunCommand::onSettled(const SnapshotPtr &)
{
    if (!m_resume)
        return startRunner(nullptr);
    history()->operations(OperationQuery{}, this, [this](const QList<OperationRecord> &ops, const HistoryError &e) {
        QList<OperationRecord> hits;
        for (const OperationRecord &op : ops)
            if (op.kind == RunbookJournal::kind() && op.id.startsWith(m_name))
                hits << op;
        if (e.isError() || hits.size() != 1) {
            err(QStringLiteral("redis-ops: %1").arg(e.isError() ? e.message
                                                   : hits.isEmpty() ? QStringLiteral("no runbook run '%1' in the journal").arg(m_name)
                                                                    : QStringLiteral("'%1' names %2 runs: give more of the id").arg(m_name).arg(hits.size())));
            return finishMonitoring(ExitFailed);
        }
        history()->operation(hits.first().id, this, [this](const std::optional<OperationRecord> &op, const HistoryError &) {
            if (!op)
                return finishMonitoring(ExitFailed);
            if (op->deploymentId != session()->deploymentId()) {
                err(QStringLiteral("redis-ops: runbook run %1 was on %2, not on this deployment (%3)").arg(op->id, op->deploymentId, session()->deploymentId()));
                return finishMonitoring(ExitFailed);
            }
            m_loaded = RunbookLibrary({QDir(AppPaths::dataDir()).filePath(QStringLiteral("runbooks"))}).forRun(*op);
            if (!m_loaded.runbook) {
                err(QStringLiteral("redis-ops: ") + m_loaded.errors.join(QStringLiteral("; ")));
                return finishMonitoring(ExitFailed);
            }
            startRunner(&*op);
        });
    });
}

void RunbookRunCommand::startRunner(const OperationRecord *resumed)
{
    RunbookRunner::Options o;
    o.nonInteractive = m_nonInteractive;
    m_runner = new RunbookRunner(*m_loaded.runbook, m_loaded.sha256, session(), history(), Clock::system(), o, this);
    for (int i = 0; i < m_loaded.runbook->steps.size(); ++i)
        m_shown << RunbookStepState::Status::Pending;
    connect(m_runner, &RunbookRunner::stateChanged, this, &RunbookRunCommand::show);
    connect(m_runner, &RunbookRunner::finished, this, [this](const RunbookRunState &s) {
        if (m_json)
            json(QStringLiteral("finished"), {{QStringLiteral("state"), OperationRecord::stateName(s.state)}, {QStringLiteral("outcome"), s.outcome}});
        else
            out(QStringLiteral("%1 (operation %2)").arg(s.outcome, s.operationId));
        const bool stopped = m_interruption->interrupted() && s.state == OperationRecord::State::Aborted
            && s.outcome.contains(m_interruption->reason());
        finishMonitoring(s.state == OperationRecord::State::Succeeded ? ExitOk : stopped ? ExitInterrupted : ExitFailed);
    });
    m_interruption = new CliInterruption(QString(), [this](const QString &reason) {
        if (m_json)
            json(QStringLiteral("interrupted"), {{QStringLiteral("text"), reason}});
        else
            out(QStringLiteral("%1: aborting the run (a running action stops at its next safe point first; Ctrl-C again "
                               "for what is still going on)").arg(reason));
        m_runner->abort(reason);
    }, this);
    if (!m_nonInteractive) {
        m_stdin = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
        connect(m_stdin, &QSocketNotifier::activated, this, [this] {
            std::string line;
            if (!std::getline(std::cin, line)) {
                m_stdin->setEnabled(false);
                return m_runner->abort(QStringLiteral("the terminal closed"));
            }
            onLine(QString::fromStdString(line).trimmed());
        });
    }
    if (resumed)
        m_runner->resume(*resumed);
    else
        m_runner->start(RunbookInputs::resolve(*m_loaded.runbook, m_inputs));
}

void RunbookRunCommand::show(const RunbookRunState &state)
{
    if (!m_announced && !state.operationId.isEmpty()) {
        m_announced = true;
        m_interruption->setOperationId(state.operationId);
        if (m_json)
            json(QStringLiteral("started"), {{QStringLiteral("operation"), state.operationId}, {QStringLiteral("runbook"), state.runbookId},
                                             {QStringLiteral("deployment"), state.deploymentId}});
        else
            out(QStringLiteral("%1 \"%2\" on %3: operation %4").arg(m_resume ? QStringLiteral("Resuming") : QStringLiteral("Running"),
                                                                   state.title, state.deploymentId, state.operationId));
    }
    const int total = int(state.steps.size());
    for (int i = 0; i < total; ++i) {
        const RunbookStepState &st = state.steps.at(i);
        if (st.status == m_shown.value(i) || st.status == RunbookStepState::Status::Pending)
            continue;
        m_shown[i] = st.status;
        const RunbookStep &step = m_runner->runbook().steps.at(i);
        if (m_json) {
            json(QStringLiteral("step"), {{QStringLiteral("index"), i + 1}, {QStringLiteral("id"), st.stepId},
                                          {QStringLiteral("status"), RunbookStepState::statusName(st.status)},
                                          {QStringLiteral("detail"), st.detail}, {QStringLiteral("evidence"), QJsonArray::fromStringList(st.evidence)},
                                          {QStringLiteral("output"), st.output}, {QStringLiteral("operation"), st.operationId}});
            continue;
        }
        if (st.status == RunbookStepState::Status::Running || st.status == RunbookStepState::Status::Waiting) {
            if (st.status == RunbookStepState::Status::Running)
                out(QStringLiteral("[%1/%2] %3: %4").arg(i + 1).arg(total).arg(step.id, step.title));
            m_interruption->setStatus(QStringLiteral("step %1/%2 %3").arg(i + 1).arg(total).arg(step.id));
            continue;
        }
        out(QStringLiteral("      %1: %2").arg(RunbookStepState::statusName(st.status), st.detail));
        if (!st.output.isEmpty())
            for (const QString &line : st.output.split(QLatin1Char('\n')))
                out(QStringLiteral("        ") + line);
    }
    showPrompt(state);
}

void RunbookRunCommand::showPrompt(const RunbookRunState &state)
{
    const RunbookPrompt &p = state.prompt;
    if (p.kind == RunbookPrompt::Kind::None || (p.step == m_promptShown && p.kind == m_promptKind))
        return;
    m_promptShown = p.step;
    m_promptKind = p.kind;
    if (m_json)
        return json(QStringLiteral("prompt"), {{QStringLiteral("index"), p.step + 1}, {QStringLiteral("text"), p.text},
                                               {QStringLiteral("confirm"), p.preview.confirmText}});
    switch (p.kind) {
    case RunbookPrompt::Kind::Manual:
        out(QStringLiteral("      ") + p.text);
        out(QStringLiteral("      > 'done' when done, 'skip REASON', 'note TEXT', 'abort REASON'"));
        break;
    case RunbookPrompt::Kind::ConfirmAction:
        out(QStringLiteral("      ") + p.preview.title);
        for (const QString &l : p.preview.plan + p.preview.commands + p.preview.warnings)
            out(QStringLiteral("        ") + l);
        for (const PreCheck &c : p.preview.checks)
            out(QStringLiteral("        check %1 [%2]: %3").arg(c.title, PreCheck::statusName(c.status), c.evidence));
        out(QStringLiteral("      > type '%1' to run it, 'skip REASON', 'note TEXT', 'abort REASON'").arg(p.preview.confirmText));
        break;
    case RunbookPrompt::Kind::StepFailed:
        out(QStringLiteral("      > 'retry', 'skip REASON', 'note TEXT', 'abort REASON'"));
        break;
    case RunbookPrompt::Kind::None:
        break;
    }
}

void RunbookRunCommand::onLine(const QString &line)
{
    const QString word = line.section(QLatin1Char(' '), 0, 0);
    const QString rest = line.section(QLatin1Char(' '), 1).trimmed();
    const RunbookPrompt p = m_runner->state().prompt;
    if (word == QLatin1String("note") && !rest.isEmpty())
        m_runner->addNote(rest);
    else if (word == QLatin1String("abort"))
        m_runner->abort(rest);
    else if (word == QLatin1String("skip") && !rest.isEmpty())
        m_runner->skip(rest);
    else if (word == QLatin1String("retry") && p.kind == RunbookPrompt::Kind::StepFailed)
        m_runner->retry();
    else if (line == QLatin1String("done") && p.kind == RunbookPrompt::Kind::Manual)
        m_runner->confirm();
    else if (p.kind == RunbookPrompt::Kind::ConfirmAction && line == p.preview.confirmText)
        m_runner->confirm(line);
    else
        err(QStringLiteral("      ? not an answer here: '%1'").arg(line));
    m_promptShown = -1; // show the prompt again after an answer that left it waiting
}

void RunbookRunCommand::json(const QString &event, QJsonObject fields)
{
    fields.insert(QStringLiteral("event"), event);
    out(QString::fromUtf8(QJsonDocument(fields).toJson(QJsonDocument::Compact)));
}

} // namespace ops
