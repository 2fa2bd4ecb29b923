#include "IncidentReportLayout.h"

#include <QDateTime>

namespace ops {

namespace {

QString dash() { return QStringLiteral("—"); }

QString orDash(const QString &s) { return s.isEmpty() ? dash() : s; }

IncidentReportLayout::Section summary(const IncidentReport &r)
{
    using L = IncidentReportLayout;
    L::Section s;
    s.title = QStringLiteral("Summary");
    s.facts << qMakePair(QStringLiteral("Deployment"), r.deploymentId)
            << qMakePair(QStringLiteral("Window (UTC)"), QStringLiteral("%1 to %2 (%3)").arg(L::time(r.fromMs), L::time(r.toMs),
                                                                                            L::duration(r.fromMs, r.toMs)))
            << qMakePair(QStringLiteral("Generated (UTC)"), QStringLiteral("%1 by %2").arg(L::time(r.generatedMs), r.generatedBy));
    if (r.run)
        s.facts << qMakePair(QStringLiteral("Runbook run"), QStringLiteral("%1 (%2), run %3 by %4: %5")
                                                               .arg(r.run->title, r.run->runbookId, r.run->record.id, r.run->record.operatorName,
                                                                    OperationRecord::stateName(r.run->record.state)));
    int critical = 0;
    int warning = 0;
    for (const OpsEvent &e : r.events) {
        critical += e.severity == OpsEvent::Severity::Critical;
        warning += e.severity == OpsEvent::Severity::Warning;
    }
    s.facts << qMakePair(QStringLiteral("Events"), QStringLiteral("%1 (%2 critical, %3 warning)").arg(r.events.size()).arg(critical).arg(warning))
            << qMakePair(QStringLiteral("Operations"), QString::number(r.operations.size()))
            << qMakePair(QStringLiteral("Failover episodes"), QString::number(r.episodes.size()));
    return s;
}

IncidentReportLayout::Section timeline(const IncidentReport &r)
{
    IncidentReportLayout::Section s;
    s.title = QStringLiteral("Timeline");
    if (r.timeline.isEmpty())
        s.paragraphs << QStringLiteral("Nothing was recorded for this deployment in the window.");
    s.headers = {QStringLiteral("Time (UTC)"), QStringLiteral("Source"), QStringLiteral("What"), QStringLiteral("Severity"),
                 QStringLiteral("Details")};
    for (const IncidentTimelineEntry &e : r.timeline)
        s.rows << QStringList{IncidentReportLayout::time(e.timestampMs), e.source, e.what, e.severity, e.text};
    return s;
}

IncidentReportLayout::Section runbookRun(const IncidentRunbookRun &run)
{
    using L = IncidentReportLayout;
    L::Section s;
    s.title = QStringLiteral("Runbook run: ") + orDash(run.title);
    s.facts << qMakePair(QStringLiteral("Runbook"), run.runbookId) << qMakePair(QStringLiteral("Run"), run.record.id)
            << qMakePair(QStringLiteral("Operator"), run.record.operatorName)
            << qMakePair(QStringLiteral("State"), OperationRecord::stateName(run.record.state))
            << qMakePair(QStringLiteral("Started (UTC)"), L::time(run.record.startedMs))
            << qMakePair(QStringLiteral("Ended (UTC)"), L::time(run.record.endedMs))
            << qMakePair(QStringLiteral("Duration"), L::duration(run.record.startedMs, run.record.endedMs))
            << qMakePair(QStringLiteral("Outcome"), orDash(run.record.outcome));
    for (const auto &[name, value] : run.inputs)
        s.facts << qMakePair(QStringLiteral("Input ") + name, value);
    s.headers = {QStringLiteral("#"), QStringLiteral("Step"), QStringLiteral("Kind"), QStringLiteral("Status"), QStringLiteral("Started (UTC)"),
                 QStringLiteral("Duration"), QStringLiteral("Attempts"), QStringLiteral("What it did"), QStringLiteral("Outcome / skip reason"),
                 QStringLiteral("Operation")};
    int n = 0;
    for (const IncidentRunbookStep &st : run.steps) {
        ++n;
        const bool started = st.state.startedMs > 0;
        s.rows << QStringList{QString::number(n),
                              st.title.isEmpty() ? st.state.stepId : QStringLiteral("%1 (%2)").arg(st.title, st.state.stepId),
                              st.kind,
                              RunbookStepState::statusName(st.state.status),
                              L::time(st.state.startedMs),
                              started && st.state.endedMs > 0 ? L::duration(st.state.startedMs, st.state.endedMs) : dash(),
                              QString::number(st.attempts),
                              orDash(st.what),
                              orDash(st.state.detail),
                              orDash(st.state.operationId)};
        if (!st.notes.isEmpty()) {
            QStringList lines;
            for (const IncidentRunbookStep::Note &note : st.notes)
                lines << L::time(note.timestampMs) + QStringLiteral(" ") + note.text;
            s.notes << qMakePair(QStringLiteral("Notes on %1").arg(st.state.stepId), lines);
        }
    }
    return s;
}

IncidentReportLayout::Section operations(const IncidentReport &r)
{
    using L = IncidentReportLayout;
    L::Section s;
    s.title = QStringLiteral("Operations");
    if (r.operations.isEmpty())
        s.paragraphs << QStringLiteral("No operation (failover, reshard, ...) ran in the window.");
    s.headers = {QStringLiteral("Started (UTC)"), QStringLiteral("Kind"), QStringLiteral("Target"), QStringLiteral("Mode"),
                 QStringLiteral("Operator"), QStringLiteral("State"), QStringLiteral("Duration"), QStringLiteral("Outcome"), QStringLiteral("Id")};
    for (const OperationRecord &op : r.operations)
        s.rows << QStringList{L::time(op.startedMs), op.kind, op.target, orDash(op.mode), op.operatorName,
                              OperationRecord::stateName(op.state), L::duration(op.startedMs, op.endedMs), orDash(op.outcome), op.id};
    return s;
}

IncidentReportLayout::Section episodes(const IncidentReport &r)
{
    using L = IncidentReportLayout;
    L::Section s;
    s.title = QStringLiteral("Failover episodes");
    if (r.episodes.isEmpty())
        s.paragraphs << QStringLiteral("No failover was seen in the window.");
    s.headers = {QStringLiteral("Started (UTC)"), QStringLiteral("Master"), QStringLiteral("Old master"), QStringLiteral("New master"),
                 QStringLiteral("Outcome"), QStringLiteral("Duration"), QStringLiteral("Ended by"), QStringLiteral("Events")};
    for (const FailoverEpisode &e : r.episodes) {
        const bool open = e.outcome == FailoverEpisode::Outcome::InProgress;
        s.rows << QStringList{L::time(e.startMs), e.subject, orDash(e.oldMasterAddress.isEmpty() ? e.oldMaster : e.oldMasterAddress),
                              orDash(e.newMasterAddress.isEmpty() ? e.newMaster : e.newMasterAddress),
                              FailoverEpisode::outcomeName(e.outcome),
                              open ? QStringLiteral("still open after ") + FailoverEpisode::durationText(e.durationMs())
                                   : FailoverEpisode::durationText(e.durationMs()),
                              orDash(e.endReason), QString::number(e.eventIds.size())};
    }
    return s;
}

IncidentReportLayout::Section plots(const IncidentReport &r)
{
    IncidentReportLayout::Section s;
    s.title = QStringLiteral("Lag and memory");
    if (!r.plotsNote.isEmpty())
        s.paragraphs << r.plotsNote;
    s.plots = r.plots;
    return s;
}

} // namespace

QString IncidentReportLayout::title(const IncidentReport &report)
{
    return QStringLiteral("Incident report: ") + report.deploymentId;
}

QList<IncidentReportLayout::Section> IncidentReportLayout::sections(const IncidentReport &report)
{
    QList<Section> out{summary(report), timeline(report)};
    if (report.run)
        out << runbookRun(*report.run);
    out << operations(report) << episodes(report) << plots(report);
    return out;
}

QString IncidentReportLayout::time(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : dash();
}

QString IncidentReportLayout::duration(qint64 startMs, qint64 endMs)
{
    if (startMs <= 0 || endMs <= 0)
        return dash();
    // durationText's "within one poll" is about monitor polls: a step or a run measures itself.
    return endMs - startMs <= 0 ? QStringLiteral("0 ms") : FailoverEpisode::durationText(endMs - startMs);
}

} // namespace ops
