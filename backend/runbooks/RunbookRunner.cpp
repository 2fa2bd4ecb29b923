#include "RunbookRunner.h"

#include "RunbookActionIntent.h"
#include "RunbookCommandProbe.h"
#include "RunbookLiveState.h"
#include "RunbookJournal.h"
#include "core/Clock.h"
#include "core/Logging.h"
#include "history/AsyncHistoryStore.h"
#include "reshard/ReshardResumption.h"
#include "session/DeploymentSession.h"

#include <QDateTime>
#include <QJsonObject>

#include <utility>

namespace ops {

namespace {

auto log() { return Logging::get("runbook"); }

using Status = RunbookStepState::Status;

bool applies(Runbook::AppliesTo to, TopologySnapshot::Kind kind)
{
    switch (to) {
    case Runbook::AppliesTo::Sentinel: return kind == TopologySnapshot::Kind::Sentinel;
    case Runbook::AppliesTo::Cluster: return kind == TopologySnapshot::Kind::Cluster;
    case Runbook::AppliesTo::Both: return kind != TopologySnapshot::Kind::Standalone;
    }
    return false;
}

QString firstLine(const QString &text, int max = 160)
{
    const QString line = text.section(QLatin1Char('\n'), 0, 0).trimmed();
    return line.size() > max ? line.left(max) + QStringLiteral("…") : line;
}

} // namespace

RunbookRunner::RunbookRunner(Runbook runbook, QByteArray sourceHash, DeploymentSession *session, AsyncHistoryStore *journal,
                             Clock *clock, Options options, QObject *parent)
    : QObject(parent), m_runbook(std::move(runbook)), m_sourceHash(std::move(sourceHash)), m_session(session),
      m_journal(journal), m_clock(clock), m_options(options),
      m_live(new RunbookLiveState(session, clock, options.snapshotTimeoutMs, this))
{
    qRegisterMetaType<ops::RunbookRunState>();
    connect(m_session, &DeploymentSession::actionPreview, this, &RunbookRunner::onPreview);
    connect(m_session, &DeploymentSession::actionStarted, this, &RunbookRunner::onActionStarted);
    connect(m_session, &DeploymentSession::actionFinished, this, &RunbookRunner::onActionFinished);
    m_state.runbookId = m_runbook.id;
    m_state.title = m_runbook.title;
    for (const RunbookStep &s : m_runbook.steps)
        {
        RunbookStepState st;
        st.stepId = s.id;
        m_state.steps << st;
    }
}

RunbookRunner::~RunbookRunner() = default;

void RunbookRunner::start(const RunbookInputs::Result &inputs)
{
    if (m_phase != Phase::Idle)
        return;
    m_inputs = inputs;
    m_phase = Phase::Starting;
    const auto begin = [this](const SnapshotPtr &snapshot) {
        if (!snapshot || !applies(m_runbook.appliesTo, snapshot->kind)) {
            m_phase = Phase::Ended;
            m_state.state = OperationRecord::State::Failed;
            m_state.outcome = !snapshot ? tr("Not started: no snapshot of the deployment.")
                                        : tr("Not started: runbook '%1' is for %2 deployments; this one is %3.")
                                              .arg(m_runbook.id,
                                                   m_runbook.appliesTo == Runbook::AppliesTo::Cluster    ? QStringLiteral("cluster")
                                                   : m_runbook.appliesTo == Runbook::AppliesTo::Sentinel ? QStringLiteral("sentinel")
                                                                                                          : QStringLiteral("sentinel or cluster"),
                                                   TopologySnapshot::kindName(snapshot->kind));
            // Answered after start() returned, as every other end is.
            m_clock->callAfter(0, this, [this] {
                publish();
                emit finished(m_state);
            });
            return;
        }
        m_record.id = OperationRecord::newId();
        m_record.kind = RunbookJournal::kind();
        m_record.deploymentId = snapshot->deploymentId;
        m_record.operatorName = OperationRecord::currentOperator();
        m_record.target = m_runbook.id;
        m_record.mode = m_options.nonInteractive ? QStringLiteral("non-interactive") : QStringLiteral("interactive");
        m_record.plan = RunbookJournal::plan(m_runbook, m_inputs.texts, m_sourceHash);
        m_record.state = OperationRecord::State::Running;
        m_record.startedMs = m_clock->wallMs();
        m_state.operationId = m_record.id;
        m_state.deploymentId = m_record.deploymentId;
        m_state.state = OperationRecord::State::Running;
        log()->info("runbook {} started as operation {} on {}", m_runbook.id.toStdString(), m_record.id.toStdString(),
                    m_record.deploymentId.toStdString());
        m_journal->createOperation(m_record, this, [this](const OperationRecord &, const HistoryError &e) {
            if (e.isError()) {
                m_phase = Phase::Ended;
                m_state.state = OperationRecord::State::Failed;
                m_state.outcome = tr("Not started: the operations journal is unavailable: %1").arg(e.message);
                publish();
                emit finished(m_state);
                return;
            }
            runStep(0);
        });
    };
    if (m_session->snapshot())
        begin(m_session->snapshot());
    else
        m_live->withFreshSnapshot(begin);
}

void RunbookRunner::resume(const OperationRecord &record)
{
    if (m_phase != Phase::Idle)
        return;
    m_phase = Phase::Starting;
    m_record = record;
    m_inputs = RunbookInputs::resolve(m_runbook, RunbookJournal::inputsOf(record.plan));
    const RunbookJournal::Position position = RunbookJournal::replay(m_runbook, record);
    m_state.steps = position.steps;
    m_state.operationId = record.id;
    m_state.deploymentId = record.deploymentId;
    m_state.state = OperationRecord::State::Running;
    for (const OperationStep &s : record.steps)
        m_seq = std::max(m_seq, s.seq);
    // The attempt that was cut off (its row still open) is the one to settle or run again.
    std::optional<OperationStep> cut;
    for (const OperationStep &s : record.steps)
        if (const auto row = RunbookJournal::decode(s); row && !row->note)
            cut = row->ended ? std::nullopt : std::optional<OperationStep>(s);
    m_record.state = OperationRecord::State::Running;
    m_record.endedMs = 0;
    m_record.outcome.clear();
    log()->info("runbook {} resumes operation {} at step {}", m_runbook.id.toStdString(), record.id.toStdString(), position.resumeAt + 1);
    m_journal->updateOperation(m_record, this, [this, position, cut](const OperationRecord &, const HistoryError &e) {
        if (e.isError())
            return finishRun(OperationRecord::State::Failed, tr("Not resumed: the operations journal is unavailable: %1").arg(e.message));
        if (!m_inputs.ok())
            return finishRun(OperationRecord::State::Failed, tr("Not resumed: %1").arg(m_inputs.errors.join(QStringLiteral("; "))));
        const int at = position.resumeAt;
        if (cut && at < m_runbook.steps.size()) {
            m_open = cut;
            m_state.current = at;
            m_phase = Phase::Step;
            if (m_runbook.steps.at(at).kind == RunbookStep::Kind::Action && !m_state.steps.at(at).operationId.isEmpty())
                return settleAction(at);
            // A check, wait, command or manual step is safe to do again: close the cut-off attempt first.
            m_state.steps[at].status = Status::Failed;
            OperationStep row = *cut;
            row.state = OperationStep::State::Failed;
            row.replySummary = RunbookJournal::summary(Status::Failed, {}, QStringLiteral("cut off before it ended"));
            row.doneMs = m_clock->wallMs();
            m_open.reset();
            m_journal->updateStep(row, this, [this, at](const OperationStep &, const HistoryError &) { runStep(at); });
            return;
        }
        runStep(at);
    });
}

void RunbookRunner::runStep(int index)
{
    if (m_phase == Phase::Ending || m_phase == Phase::Ended)
        return;
    if (index >= m_runbook.steps.size()) {
        m_state.current = -1;
        return finishRun(OperationRecord::State::Succeeded, tr("Runbook '%1' ended: every step passed, was done or was skipped.").arg(m_runbook.id));
    }
    m_phase = Phase::Step;
    m_state.current = index;
    m_state.prompt = {};
    const RunbookStep &s = m_runbook.steps.at(index);
    QString what;
    switch (s.kind) {
    case RunbookStep::Kind::Check:
    case RunbookStep::Kind::Branch: what = s.expression.text(); break;
    case RunbookStep::Kind::Wait: what = tr("until %1 (timeout %2 s)").arg(s.expression.text()).arg(s.timeoutSeconds); break;
    case RunbookStep::Kind::Command: what = substitute(s.command.join(QLatin1Char(' '))); break;
    case RunbookStep::Kind::Manual: what = firstLine(s.instructions); break;
    case RunbookStep::Kind::Action: {
        QStringList words{s.action};
        const QVariantMap params = substitutedParams(s);
        for (auto it = params.cbegin(); it != params.cend(); ++it)
            words << QStringLiteral("%1=%2").arg(it.key(), it.value().toString());
        what = words.join(QLatin1Char(' '));
        break;
    }
    }
    OperationStep row;
    row.operationId = m_record.id;
    row.seq = ++m_seq;
    row.targetNode = m_record.deploymentId;
    row.commandText = RunbookJournal::commandText(s, what);
    row.plannedMs = m_clock->wallMs();
    m_journal->appendStep(row, this, [this, index, row](const OperationStep &, const HistoryError &e) {
        if (e.isError())
            return finishRun(OperationRecord::State::Failed, tr("Stopped: the operations journal is unavailable: %1").arg(e.message));
        if (m_phase != Phase::Step || m_state.current != index)
            return;
        // Shown as running only once the journal has the attempt: what a view (or the CLI's
        // JSON) says is running is what a resume will find.
        RunbookStepState &st = m_state.steps[index];
        st.status = Status::Running;
        st.startedMs = row.plannedMs;
        st.endedMs = 0;
        st.detail.clear();
        st.evidence.clear();
        st.output.clear();
        st.operationId.clear();
        publish();
        m_open = row;
        dispatch(index);
    });
}

void RunbookRunner::dispatch(int index)
{
    const RunbookStep &s = m_runbook.steps.at(index);
    switch (s.kind) {
    case RunbookStep::Kind::Check:
    case RunbookStep::Kind::Branch:
        return m_live->withFreshSnapshot([this, index](const SnapshotPtr &snapshot) { judge(index, snapshot); });
    case RunbookStep::Kind::Wait: {
        const qint64 deadline = m_clock->monotonicMs() + qint64(s.timeoutSeconds * 1000);
        return m_live->withFreshSnapshot([this, index, deadline](const SnapshotPtr &) { judgeWait(index, deadline); });
    }
    case RunbookStep::Kind::Command:
        return sendCommand(index);
    case RunbookStep::Kind::Manual:
        if (m_options.nonInteractive)
            return endStep(index, Status::Done, tr("acknowledged without an operator (non-interactive run)"));
        return prompt(RunbookPrompt::Kind::Manual, index, s.instructions);
    case RunbookStep::Kind::Action:
        if (!m_resumeOperation.isEmpty())
            return resumeAction(index, std::exchange(m_resumeOperation, QString()));
        return m_live->withFreshSnapshot([this, index](const SnapshotPtr &snapshot) { startAction(index, snapshot); });
    }
}

void RunbookRunner::judge(int index, const SnapshotPtr &snapshot)
{
    if (m_phase != Phase::Step || m_state.current != index)
        return;
    const RunbookStep &s = m_runbook.steps.at(index);
    if (!snapshot)
        return fail(index, tr("no snapshot of the deployment to judge it on"));
    const RunbookLiveState::Verdict v = RunbookLiveState::judge(s.expression, *snapshot, m_inputs.values);
    m_state.steps[index].evidence = v.evidence;
    const QString evidence = v.evidence.join(QStringLiteral(", "));
    if (!v.value.isKnown())
        return fail(index, tr("cannot be judged: a value it reads is unknown (%1)").arg(evidence));
    if (s.kind == RunbookStep::Kind::Branch) {
        const QString next = v.value.boolean ? s.onTrue : s.onFalse;
        return endStep(index, Status::Passed,
                       tr("%1, so on to %2 (%3)").arg(v.value.boolean ? QStringLiteral("true") : QStringLiteral("false"), next, evidence), next);
    }
    if (v.holds())
        return endStep(index, Status::Passed, tr("holds (%1)").arg(evidence));
    fail(index, tr("does not hold (%1)").arg(evidence));
}

void RunbookRunner::judgeWait(int index, qint64 deadlineMs)
{
    if (m_phase != Phase::Step || m_state.current != index)
        return;
    const RunbookStep &s = m_runbook.steps.at(index);
    RunbookStepState &st = m_state.steps[index];
    if (const SnapshotPtr snapshot = m_session->snapshot()) {
        const RunbookLiveState::Verdict v = RunbookLiveState::judge(s.expression, *snapshot, m_inputs.values);
        st.evidence = v.evidence;
        if (v.holds())
            return endStep(index, Status::Passed, tr("held after %1 s (%2)")
                                                      .arg((m_clock->wallMs() - st.startedMs) / 1000.0, 0, 'f', 1)
                                                      .arg(v.evidence.join(QStringLiteral(", "))));
        publish();
    }
    if (m_clock->monotonicMs() >= deadlineMs)
        return fail(index, tr("did not hold within %1 s (%2)").arg(s.timeoutSeconds).arg(st.evidence.join(QStringLiteral(", "))));
    m_clock->callAfter(qint64(s.intervalSeconds * 1000), this, [this, index, deadlineMs] {
        if (m_phase == Phase::Step && m_state.current == index)
            m_live->withFreshSnapshot([this, index, deadlineMs](const SnapshotPtr &) { judgeWait(index, deadlineMs); });
    });
}

void RunbookRunner::sendCommand(int index)
{
    QStringList argv;
    for (const QString &w : m_runbook.steps.at(index).command)
        argv << substitute(w);
    const QList<RunbookCommandProbe::Target> targets = m_live->commandTargets(argv);
    if (targets.isEmpty())
        return fail(index, tr("no node to send it to: none answers the monitor"));
    RunbookCommandProbe::run(this, m_clock, targets, argv, m_options.commandTimeoutMs,
                             [this, index, count = int(targets.size())](int answered, const QString &output) {
                                 if (m_phase != Phase::Step || m_state.current != index)
                                     return;
                                 m_state.steps[index].output = output;
                                 if (answered == 0)
                                     return fail(index, tr("no node answered (%1 asked)").arg(count));
                                 endStep(index, Status::Done, tr("%1 of %2 node(s) answered").arg(answered).arg(count));
                             });
}

void RunbookRunner::startAction(int index, const SnapshotPtr &snapshot)
{
    if (m_phase != Phase::Step || m_state.current != index)
        return;
    if (!snapshot)
        return fail(index, tr("no snapshot of the deployment to plan it on"));
    const RunbookStep &s = m_runbook.steps.at(index);
    const RunbookActionIntent intent = RunbookActionIntent::build(s.action, substitutedParams(s), *snapshot);
    if (intent.kind == RunbookActionIntent::Kind::Invalid)
        return fail(index, intent.error);
    if (m_session->actionRunning())
        return fail(index, tr("another action is running on this deployment"));
    m_phase = Phase::Action;
    m_awaitingPreview = true;
    if (intent.kind == RunbookActionIntent::Kind::Failover)
        m_session->previewFailover(intent.failover);
    else if (intent.kind == RunbookActionIntent::Kind::Reshard)
        m_session->previewReshard(intent.reshard);
    else
        m_session->previewMaintenance(intent.maintenance);
}

void RunbookRunner::resumeAction(int index, const QString &operationId)
{
    if (m_session->actionRunning())
        return fail(index, tr("another action is running on this deployment"));
    m_phase = Phase::Action;
    m_awaitingPreview = true;
    m_session->previewResume(operationId); // answered by onPreview, as a fresh action's preview
}

void RunbookRunner::onPreview(const ActionPreview &preview)
{
    if (!m_awaitingPreview)
        return;
    m_awaitingPreview = false;
    const int index = m_state.current;
    m_phase = Phase::Step;
    if (!preview.allowed())
        return fail(index, tr("refused: %1").arg(preview.blockingReasons().join(QStringLiteral("; "))));
    m_state.steps[index].detail = preview.title;
    if (m_options.nonInteractive) {
        m_phase = Phase::Action;
        m_session->executeAction(preview.id);
        return;
    }
    prompt(RunbookPrompt::Kind::ConfirmAction, index, preview.title, preview);
}

void RunbookRunner::onActionStarted(const QString &operationId)
{
    if (m_phase != Phase::Action || !m_open)
        return;
    m_state.steps[m_state.current].operationId = operationId;
    m_open->state = OperationStep::State::Sent;
    m_open->replySummary = RunbookJournal::startedSummary(operationId);
    m_open->sentMs = m_clock->wallMs();
    m_journal->updateStep(*m_open);
    publish();
}

void RunbookRunner::onActionFinished(const ActionOutcome &outcome)
{
    if (m_phase != Phase::Action)
        return;
    const int index = m_state.current;
    m_phase = Phase::Step;
    const bool ok = outcome.verified && outcome.state == QLatin1String("succeeded");
    const QString what = outcome.operationId.isEmpty()
        ? tr("refused: %1").arg(outcome.outcome)
        : tr("operation %1 %2: %3").arg(outcome.operationId.left(8), outcome.state, outcome.outcome);
    if (m_abortAfterAction) {
        endStep(index, ok ? Status::Done : Status::Failed, what);
        return finishRun(OperationRecord::State::Aborted, tr("Aborted by %1: %2").arg(OperationRecord::currentOperator(), m_abortReason));
    }
    if (ok)
        return endStep(index, Status::Done, what);
    fail(index, what);
}

void RunbookRunner::settleAction(int index)
{
    const QString id = m_state.steps.at(index).operationId;
    m_journal->operation(id, this, [this, index, id](const std::optional<OperationRecord> &op, const HistoryError &e) {
        if (e.isError() || !op)
            return fail(index, tr("operation %1 of this step is not in the journal (%2): retry to plan it again")
                                   .arg(id.left(8), e.isError() ? e.message : tr("missing")));
        if (op->state == OperationRecord::State::Succeeded)
            return endStep(index, Status::Done, tr("operation %1 succeeded while the run was cut off: %2").arg(id.left(8), op->outcome));
        if (!op->isFinished() && ReshardResumption::resumable(*op)) {
            // A reshard cut off with the run (the program running both died): the cut-off attempt
            // is closed as failed and a new attempt continues that same operation through the
            // session's resume (a fresh survey, the resume preview and its confirmation), never a
            // new plan on a half-moved cluster.
            OperationStep row = *m_open;
            m_open.reset();
            m_state.steps[index].status = Status::Failed;
            row.state = OperationStep::State::Failed;
            row.replySummary = RunbookJournal::summary(Status::Failed, {}, tr("cut off before it ended; operation %1 did not finish").arg(id.left(8)));
            row.error = row.replySummary;
            row.doneMs = m_clock->wallMs();
            m_resumeOperation = id;
            m_journal->updateStep(row, this, [this, index](const OperationStep &, const HistoryError &) { runStep(index); });
            return;
        }
        if (!op->isFinished())
            return fail(index, tr("operation %1 (%2) did not finish: resume it first (`redis-ops resume %1`, or Actions ▸ Resume), "
                                  "then retry this step")
                                   .arg(id, op->kind));
        fail(index, tr("operation %1 ended %2: %3").arg(id.left(8), OperationRecord::stateName(op->state), op->outcome));
    });
}

void RunbookRunner::endStep(int index, Status status, const QString &detail, const QString &next)
{
    RunbookStepState &st = m_state.steps[index];
    st.status = status;
    st.detail = detail;
    st.endedMs = m_clock->wallMs();
    m_state.prompt = {};
    OperationStep row;
    const bool append = !m_open;
    if (append) { // a skip after a failed attempt: a row of its own
        row.operationId = m_record.id;
        row.seq = ++m_seq;
        row.targetNode = m_record.deploymentId;
        row.commandText = RunbookJournal::commandText(m_runbook.steps.at(index), tr("skipped"));
        row.plannedMs = st.endedMs;
    } else {
        row = *m_open;
    }
    m_open.reset();
    row.state = status == Status::Failed ? OperationStep::State::Failed : OperationStep::State::Answered;
    row.replySummary = RunbookJournal::summary(status, next, detail);
    row.error = status == Status::Failed ? detail : QString();
    row.doneMs = st.endedMs;
    log()->info("runbook {} step {} {}: {}", m_runbook.id.toStdString(), st.stepId.toStdString(),
                RunbookStepState::statusName(status).toStdString(), detail.toStdString());
    publish();
    const auto then = [this, index, status, next](const OperationStep &, const HistoryError &e) {
        if (m_phase == Phase::Ending || m_phase == Phase::Ended)
            return;
        if (e.isError())
            return finishRun(OperationRecord::State::Failed, tr("Stopped: the operations journal is unavailable: %1").arg(e.message));
        if (status != Status::Failed)
            return runStep(RunbookJournal::indexOfNext(m_runbook, index, next));
        if (m_options.nonInteractive)
            return finishRun(OperationRecord::State::Failed,
                             tr("Step '%1' failed: %2").arg(m_runbook.steps.at(index).id, m_state.steps.at(index).detail));
        prompt(RunbookPrompt::Kind::StepFailed, index, m_state.steps.at(index).detail);
    };
    if (append)
        m_journal->appendStep(row, this, then);
    else
        m_journal->updateStep(row, this, then);
}

void RunbookRunner::prompt(RunbookPrompt::Kind kind, int index, const QString &text, const ActionPreview &preview)
{
    m_phase = Phase::Prompt;
    m_state.current = index;
    m_state.prompt = RunbookPrompt{kind, index, text, preview};
    if (kind != RunbookPrompt::Kind::StepFailed)
        m_state.steps[index].status = Status::Waiting;
    publish();
}

void RunbookRunner::confirm(const QString &typed)
{
    if (m_phase != Phase::Prompt)
        return;
    const RunbookPrompt p = m_state.prompt;
    if (p.kind == RunbookPrompt::Kind::Manual) {
        endStep(p.step, Status::Done, tr("confirmed by %1").arg(OperationRecord::currentOperator()));
    } else if (p.kind == RunbookPrompt::Kind::ConfirmAction) {
        if (typed != p.preview.confirmText)
            return;
        m_state.prompt = {};
        m_state.steps[p.step].status = Status::Running;
        m_phase = Phase::Action;
        publish();
        m_session->executeAction(p.preview.id);
    }
}

void RunbookRunner::retry()
{
    if (m_phase == Phase::Prompt && m_state.prompt.kind == RunbookPrompt::Kind::StepFailed)
        runStep(m_state.prompt.step);
}

void RunbookRunner::skip(const QString &reason)
{
    if (m_phase != Phase::Prompt || reason.trimmed().isEmpty() || RunbookInputs::hasControl(reason))
        return;
    endStep(m_state.prompt.step, Status::Skipped, tr("skipped by %1: %2").arg(OperationRecord::currentOperator(), reason.trimmed()));
}

void RunbookRunner::addNote(const QString &text)
{
    const QString note = text.trimmed();
    if (note.isEmpty() || RunbookInputs::hasControl(note, true) || m_record.id.isEmpty() || m_phase == Phase::Ended)
        return;
    int index = m_state.current;
    for (int i = 0; index < 0 && i < m_state.steps.size(); ++i)
        if (m_state.steps.at(i).startedMs > 0)
            index = i;
    if (index < 0)
        index = 0;
    OperationStep row;
    row.operationId = m_record.id;
    row.seq = ++m_seq;
    row.targetNode = m_record.deploymentId;
    row.commandText = RunbookJournal::noteText(m_runbook.steps.at(index).id, note);
    row.state = OperationStep::State::Answered;
    row.replySummary = QStringLiteral("note");
    row.plannedMs = row.doneMs = m_clock->wallMs();
    m_state.steps[index].notes << QStringLiteral("%1 %2").arg(QDateTime::fromMSecsSinceEpoch(row.plannedMs).toString(QStringLiteral("HH:mm:ss")), note);
    m_journal->appendStep(row);
    publish();
}

void RunbookRunner::abort(const QString &reason)
{
    if (m_phase == Phase::Idle || m_phase == Phase::Ending || m_phase == Phase::Ended)
        return;
    m_abortReason = reason.trimmed().isEmpty() ? tr("no reason given") : reason.trimmed();
    if (m_phase == Phase::Action && !m_awaitingPreview && m_session->actionRunning()) {
        m_abortAfterAction = true; // the action stops safely first; its end ends the run
        m_session->cancelAction();
        return;
    }
    m_awaitingPreview = false;
    m_live->cancel();
    const QString outcome = tr("Aborted by %1: %2").arg(OperationRecord::currentOperator(), m_abortReason);
    if (m_open && m_state.current >= 0) {
        const int index = m_state.current;
        OperationStep row = *m_open;
        m_open.reset();
        row.state = OperationStep::State::Failed;
        row.replySummary = RunbookJournal::summary(Status::Failed, {}, tr("aborted"));
        row.doneMs = m_clock->wallMs();
        m_state.steps[index].status = Status::Failed;
        m_state.steps[index].detail = tr("aborted");
        m_journal->updateStep(row);
    }
    finishRun(OperationRecord::State::Aborted, outcome);
}

void RunbookRunner::finishRun(OperationRecord::State state, const QString &outcome)
{
    if (m_phase == Phase::Ending || m_phase == Phase::Ended)
        return;
    m_phase = Phase::Ending;
    m_state.prompt = {};
    m_state.current = -1;
    m_record.state = state;
    m_record.endedMs = m_clock->wallMs();
    m_record.outcome = outcome;
    QJsonObject counts;
    for (const RunbookStepState &s : std::as_const(m_state.steps)) {
        const QString name = RunbookStepState::statusName(s.status);
        counts.insert(name, counts.value(name).toInt() + 1);
    }
    m_record.details = QJsonObject{{QStringLiteral("steps"), counts}};
    log()->info("runbook {} operation {} ended {}: {}", m_runbook.id.toStdString(), m_record.id.toStdString(),
                OperationRecord::stateName(state).toStdString(), outcome.toStdString());
    m_journal->updateOperation(m_record, this, [this, state, outcome](const OperationRecord &, const HistoryError &) {
        m_phase = Phase::Ended;
        m_state.state = state;
        m_state.outcome = outcome;
        publish();
        emit finished(m_state);
    });
}

void RunbookRunner::publish() { emit stateChanged(m_state); }

QString RunbookRunner::substitute(const QString &text) const { return RunbookInputs::substitute(text, m_inputs.texts); }

QVariantMap RunbookRunner::substitutedParams(const RunbookStep &step) const
{
    QVariantMap out;
    for (auto it = step.params.cbegin(); it != step.params.cend(); ++it)
        out.insert(it.key(), substitute(it.value().toString()));
    return out;
}

} // namespace ops
