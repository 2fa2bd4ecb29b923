#include "ReportCommand.h"

#include "AppPaths.h"
#include "HistoryCommand.h"
#include "history/HistoryStore.h"
#include "reports/IncidentReportBuilder.h"
#include "reports/IncidentReportFiles.h"

#include <QDateTime>

namespace ops {

void ReportCommand::run(const QStringList &args)
{
    QCommandLineParser parser;
    prepare(parser, QStringLiteral("Write an incident report (Markdown and/or HTML) of a deployment's window from the history "
                                   "database: the timeline of events, a runbook run's steps with outcomes and notes, the "
                                   "operations and the failover episodes with their durations."));
    const QCommandLineOption output(QStringLiteral("output"), QStringLiteral("Folder to write the report into (created if needed)."),
                                    QStringLiteral("dir"));
    const QCommandLineOption run(QStringLiteral("runbook-run"), QStringLiteral("A runbook run (its operation id): its steps, and its "
                                                                               "span widened by --margin as the default window."),
                                 QStringLiteral("id"));
    const QCommandLineOption deployment(QStringLiteral("deployment"), QStringLiteral("The deployment (default: the run's)."), QStringLiteral("id"));
    const QCommandLineOption from(QStringLiteral("from"), QStringLiteral("Window start: 15m, 2h, 7d or ISO 8601."), QStringLiteral("time"));
    const QCommandLineOption to(QStringLiteral("to"), QStringLiteral("Window end: 15m, 2h, 7d or ISO 8601 (default: now or the run's end)."),
                                QStringLiteral("time"));
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("md, html or both (default both)."), QStringLiteral("fmt"),
                                    QStringLiteral("both"));
    const QCommandLineOption margin(QStringLiteral("margin"), QStringLiteral("Around a run: 90s, 5m, 1h (default 5m)."), QStringLiteral("d"),
                                    QStringLiteral("5m"));
    parser.addOptions({output, run, deployment, from, to, format, margin});
    if (!parseArguments(parser, args))
        return;
    if (!parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("report takes no arguments, only options"), parser.helpText());
    if (parser.value(output).isEmpty())
        return usageError(QStringLiteral("--output DIR is required"), parser.helpText());
    if (!parser.isSet(run) && (!parser.isSet(deployment) || !parser.isSet(from)))
        return usageError(QStringLiteral("give --runbook-run ID, or --deployment ID with --from (and --to)"), parser.helpText());
    const QString fmt = parser.value(format);
    const int formats = fmt == QLatin1String("md") ? IncidentReportFiles::Markdown
                      : fmt == QLatin1String("html") ? IncidentReportFiles::Html
                      : fmt == QLatin1String("both") ? IncidentReportFiles::Markdown | IncidentReportFiles::Html : 0;
    if (formats == 0)
        return usageError(QStringLiteral("invalid --format: %1 (md, html or both)").arg(fmt), parser.helpText());

    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    IncidentReportBuilder::Request request;
    request.deploymentId = parser.value(deployment);
    request.runOperationId = parser.value(run);
    request.nowMs = nowMs;
    for (const auto &[option, target] : {std::pair{&from, &request.fromMs}, std::pair{&to, &request.toMs}}) {
        if (!parser.isSet(*option))
            continue;
        const std::optional<qint64> t = HistoryCommand::parseTime(parser.value(*option), nowMs);
        if (!t)
            return usageError(QStringLiteral("invalid --%1: %2 (use 15m, 2h, 7d or an ISO 8601 date-time)")
                                  .arg(option->names().first(), parser.value(*option)),
                              parser.helpText());
        *target = *t;
    }
    const std::optional<qint64> back = HistoryCommand::parseTime(parser.value(margin), nowMs);
    if (!back)
        return usageError(QStringLiteral("invalid --margin: %1 (use 90s, 5m, 1h)").arg(parser.value(margin)), parser.helpText());
    request.marginMs = nowMs - *back;

    HistoryStore store(AppPaths::historyFile());
    if (const HistoryError e = store.open(); e.isError()) {
        err(QStringLiteral("redis-ops: %1").arg(e.message));
        return finish(ExitFailed);
    }
    HistoryError error;
    IncidentReport report = IncidentReportBuilder::build(store, request, &error);
    if (error.isError()) {
        err(QStringLiteral("redis-ops: %1").arg(error.message));
        return finish(ExitFailed);
    }
    report.plotsNote = IncidentReportBuilder::noMetricHistoryNote();
    const QStringList written = IncidentReportFiles::write(report, parser.value(output), formats, &error);
    if (error.isError()) {
        err(QStringLiteral("redis-ops: %1").arg(error.message));
        return finish(ExitFailed);
    }
    out(QStringLiteral("incident report of %1: %2 events, %3 operations, %4 failover episodes%5")
            .arg(report.deploymentId)
            .arg(report.events.size())
            .arg(report.operations.size())
            .arg(report.episodes.size())
            .arg(report.run ? QStringLiteral(", runbook run %1 (%2 steps)").arg(report.run->record.id).arg(report.run->steps.size()) : QString()));
    for (const QString &path : written)
        out(path);
    finish(ExitOk);
}

} // namespace ops
