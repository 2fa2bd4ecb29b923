#include "IncidentReportBuilder.h"

#include "core/Logging.h"
#include "history/HistoryStore.h"
#include "runbooks/RunbookJournal.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>

#include <algorithm>

namespace ops {

namespace {

std::optional<RunbookStep::Kind> kindOfWord(const QString &word)
{
    using K = RunbookStep::Kind;
    static const QList<QPair<QString, K>> words{{QStringLiteral("check"), K::Check},   {QStringLiteral("wait"), K::Wait},
                                                {QStringLiteral("action"), K::Action}, {QStringLiteral("command"), K::Command},
                                                {QStringLiteral("manual"), K::Manual}, {QStringLiteral("branch"), K::Branch}};
    for (const auto &[w, k] : words)
        if (w == word)
            return k;
    return std::nullopt;
}

/** The runbook's skeleton as the run's plan recorded it: enough for replay (step ids and order). */
Runbook skeletonOf(const QJsonObject &plan)
{
    Runbook r;
    r.id = plan.value(QStringLiteral("runbook")).toString();
    r.title = plan.value(QStringLiteral("title")).toString();
    r.file = plan.value(QStringLiteral("file")).toString();
    for (const QJsonValue &v : plan.value(QStringLiteral("steps")).toArray()) {
        const QJsonObject o = v.toObject();
        RunbookStep s;
        s.id = o.value(QStringLiteral("id")).toString();
        s.title = o.value(QStringLiteral("title")).toString();
        s.kind = kindOfWord(o.value(QStringLiteral("kind")).toString()).value_or(RunbookStep::Kind::Manual);
        r.steps << s;
    }
    return r;
}

QString severityOf(OperationRecord::State state)
{
    switch (state) {
    case OperationRecord::State::Failed:
    case OperationRecord::State::Unknown: return QStringLiteral("critical");
    case OperationRecord::State::Aborted:
    case OperationRecord::State::Cancelled: return QStringLiteral("warning");
    default: return QStringLiteral("info");
    }
}

bool overlaps(qint64 start, qint64 end, qint64 from, qint64 to) { return start <= to && (end == 0 || end >= from); }

} // namespace

QString IncidentReportBuilder::noMetricHistoryNote()
{
    return QStringLiteral("No lag or memory plots: metric samples are kept only in memory, by the console while it watches "
                          "the deployment. Export the report from the console (Runbooks or History page) to include them.");
}

IncidentRunbookRun IncidentReportBuilder::runbookRun(const OperationRecord &record)
{
    IncidentRunbookRun run;
    run.record = record;
    run.record.steps.clear();
    const Runbook skeleton = skeletonOf(record.plan);
    run.runbookId = skeleton.id.isEmpty() ? record.target : skeleton.id;
    run.title = skeleton.title;
    const QHash<QString, QString> inputs = RunbookJournal::inputsOf(record.plan);
    for (auto it = inputs.cbegin(); it != inputs.cend(); ++it)
        run.inputs << qMakePair(it.key(), it.value());
    std::sort(run.inputs.begin(), run.inputs.end());

    const RunbookJournal::Position position = RunbookJournal::replay(skeleton, record);
    for (int i = 0; i < skeleton.steps.size(); ++i) {
        IncidentRunbookStep s;
        s.state = position.steps.value(i);
        s.title = skeleton.steps.at(i).title;
        s.kind = record.plan.value(QStringLiteral("steps")).toArray().at(i).toObject().value(QStringLiteral("kind")).toString();
        // An action's final summary replaces "operation <id>" in its row; its detail still names
        // the operation by the first 8 digits of its id (build() completes it from the window's).
        static const QRegularExpression started(QStringLiteral("^operation ([0-9a-f]{8}) "));
        if (s.state.operationId.isEmpty() && s.kind == QLatin1String("action"))
            s.state.operationId = started.match(s.state.detail).captured(1);
        run.steps << s;
    }
    // Attempts, what the last one did, and the notes with their full times (replay keeps a time of day).
    for (const OperationStep &row : record.steps) {
        const std::optional<RunbookJournal::Row> r = RunbookJournal::decode(row);
        if (!r)
            continue;
        const int i = int(std::find_if(skeleton.steps.cbegin(), skeleton.steps.cend(), [&](const RunbookStep &st) { return st.id == r->stepId; })
                          - skeleton.steps.cbegin());
        if (i >= run.steps.size())
            continue;
        IncidentRunbookStep &s = run.steps[i];
        if (r->note) {
            s.notes << IncidentRunbookStep::Note{row.plannedMs, r->text};
        } else if (r->ended && r->status == RunbookStepState::Status::Skipped && s.attempts > 0) {
            continue; // the operator's skip of a failed attempt: an answer, not another attempt
        } else {
            // The step took from its first attempt to its end, retries and the operator's time included.
            if (s.attempts++ == 0 && row.plannedMs > 0)
                s.state.startedMs = row.plannedMs;
            s.what = r->text;
        }
    }
    return run;
}

QList<IncidentTimelineEntry> IncidentReportBuilder::timeline(const IncidentReport &report)
{
    QList<IncidentTimelineEntry> out;
    for (const OpsEvent &e : report.events)
        out << IncidentTimelineEntry{e.timestampMs, QStringLiteral("event"), e.kindName(), OpsEvent::severityName(e.severity),
                                     e.endpoint.isEmpty() ? e.message : e.endpoint + QStringLiteral(": ") + e.message};
    auto inWindow = [&report](qint64 ms) { return ms >= report.fromMs && ms <= report.toMs; };
    for (const OperationRecord &op : report.operations) {
        if (inWindow(op.startedMs))
            out << IncidentTimelineEntry{op.startedMs, QStringLiteral("operation"), op.kind, QStringLiteral("info"),
                                         QStringLiteral("started by %1 on %2").arg(op.operatorName, op.target)};
        if (op.endedMs > 0 && inWindow(op.endedMs))
            out << IncidentTimelineEntry{op.endedMs, QStringLiteral("operation"), op.kind, severityOf(op.state),
                                         OperationRecord::stateName(op.state) + QStringLiteral(": ") + op.outcome};
    }
    if (report.run) {
        const IncidentRunbookRun &run = *report.run;
        if (inWindow(run.record.startedMs))
            out << IncidentTimelineEntry{run.record.startedMs, QStringLiteral("runbook"), run.runbookId, QStringLiteral("info"),
                                         QStringLiteral("run started by %1").arg(run.record.operatorName)};
        for (const IncidentRunbookStep &s : run.steps) {
            if (s.state.endedMs > 0 && inWindow(s.state.endedMs)) {
                const bool bad = s.state.status == RunbookStepState::Status::Failed;
                const bool skipped = s.state.status == RunbookStepState::Status::Skipped;
                out << IncidentTimelineEntry{s.state.endedMs, QStringLiteral("runbook"), s.state.stepId,
                                             bad ? QStringLiteral("critical") : skipped ? QStringLiteral("warning") : QStringLiteral("info"),
                                             RunbookStepState::statusName(s.state.status) + QStringLiteral(": ") + s.state.detail};
            }
            for (const IncidentRunbookStep::Note &n : s.notes)
                if (inWindow(n.timestampMs))
                    out << IncidentTimelineEntry{n.timestampMs, QStringLiteral("runbook"), s.state.stepId, QStringLiteral("info"),
                                                 QStringLiteral("note: ") + n.text};
        }
        if (run.record.endedMs > 0 && inWindow(run.record.endedMs))
            out << IncidentTimelineEntry{run.record.endedMs, QStringLiteral("runbook"), run.runbookId, severityOf(run.record.state),
                                         OperationRecord::stateName(run.record.state) + QStringLiteral(": ") + run.record.outcome};
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const IncidentTimelineEntry &a, const IncidentTimelineEntry &b) { return a.timestampMs < b.timestampMs; });
    return out;
}

IncidentReport IncidentReportBuilder::build(const HistoryStore &store, const Request &request, HistoryError *error)
{
    static const auto log = Logging::get("reports");
    HistoryError ignored;
    HistoryError &err = error ? *error : ignored;
    err = {};
    IncidentReport report;
    report.generatedMs = request.nowMs > 0 ? request.nowMs : QDateTime::currentMSecsSinceEpoch();
    report.generatedBy = OperationRecord::currentOperator();
    report.deploymentId = request.deploymentId;
    report.fromMs = request.fromMs;
    report.toMs = request.toMs;

    if (!request.runOperationId.isEmpty()) {
        const std::optional<OperationRecord> op = store.operation(request.runOperationId, &err);
        if (err.isError())
            return report;
        if (!op || op->kind != RunbookJournal::kind()) {
            err = HistoryError::make(HistoryError::Kind::Query,
                                     op ? QStringLiteral("operation %1 is a %2, not a runbook run").arg(request.runOperationId, op->kind)
                                        : QStringLiteral("no runbook run %1 in %2").arg(request.runOperationId, store.displayName()));
            return report;
        }
        report.run = runbookRun(*op);
        if (report.deploymentId.isEmpty())
            report.deploymentId = op->deploymentId;
        if (report.fromMs <= 0)
            report.fromMs = op->startedMs - request.marginMs;
        if (report.toMs <= 0)
            report.toMs = (op->endedMs > 0 ? op->endedMs : report.generatedMs) + request.marginMs;
    }
    if (report.toMs <= 0)
        report.toMs = report.generatedMs;
    if (report.deploymentId.isEmpty() || report.fromMs <= 0 || report.fromMs > report.toMs) {
        err = HistoryError::make(HistoryError::Kind::Query,
                                 report.deploymentId.isEmpty() ? QStringLiteral("an incident report needs a deployment or a runbook run")
                                                               : QStringLiteral("an incident report needs a window whose start is before its end"));
        return report;
    }

    // Episodes that began before the window but end in it need their first events: read a
    // failover-timeout more, and keep only the episodes that overlap the window.
    const FailoverEpisodeOptions episodeOptions;
    HistoryQuery q;
    q.deploymentId = report.deploymentId;
    q.sinceMs = std::max<qint64>(1, report.fromMs - episodeOptions.timeoutMs);
    q.untilMs = report.toMs;
    const QList<OpsEvent> events = store.query(q, &err);
    if (err.isError())
        return report;
    FailoverEpisodeOptions opts = episodeOptions;
    opts.nowMs = std::min(report.toMs, report.generatedMs);
    for (const FailoverEpisode &e : groupFailoverEpisodes(events, opts))
        if (overlaps(e.startMs, e.endMs, report.fromMs, report.toMs))
            report.episodes << e;
    std::copy_if(events.cbegin(), events.cend(), std::back_inserter(report.events),
                 [&report](const OpsEvent &e) { return e.timestampMs >= report.fromMs; });

    OperationQuery oq;
    oq.deploymentId = report.deploymentId;
    oq.sinceMs = std::max<qint64>(1, report.fromMs - 24 * 3600'000);
    const QList<OperationRecord> operations = store.operations(oq, &err);
    if (err.isError())
        return report;
    for (const OperationRecord &op : operations)
        if (overlaps(op.startedMs, op.endedMs, report.fromMs, report.toMs) && op.id != request.runOperationId)
            report.operations << op;
    if (report.run)
        for (IncidentRunbookStep &s : report.run->steps)
            for (const OperationRecord &op : std::as_const(report.operations))
                if (s.state.operationId.size() == 8 && op.id.startsWith(s.state.operationId))
                    s.state.operationId = op.id;
    report.timeline = timeline(report);
    log->info("incident report of {}: {} events, {} operations, {} episodes, run {}", report.deploymentId.toStdString(),
              report.events.size(), report.operations.size(), report.episodes.size(),
              report.run ? report.run->record.id.toStdString() : std::string("none"));
    return report;
}

} // namespace ops
