#include "IncidentReportExporter.h"

#include "IncidentPlotRenderer.h"
#include "IncidentReportFiles.h"
#include "history/HistoryStore.h"

namespace ops {

IncidentReportExporter::Result IncidentReportExporter::run(const QString &historyLocation, const IncidentReportBuilder::Request &request,
                                                           const MetricHistoryPtr &metrics, const QString &folder, int formats)
{
    Result result;
    HistoryStore store(historyLocation);
    if (result.error = store.open(); result.error.isError())
        return result;
    IncidentReport report = IncidentReportBuilder::build(store, request, &result.error);
    store.close();
    if (result.error.isError())
        return result;
    if (metrics) {
        IncidentPlotRenderer::Options options;
        if (report.run) {
            options.highlightFromMs = report.run->record.startedMs;
            options.highlightToMs = report.run->record.endedMs > 0 ? report.run->record.endedMs : report.generatedMs;
        }
        IncidentPlotRenderer::render(*metrics, folder, report, options, &result.error);
        if (result.error.isError())
            return result;
    } else {
        report.plotsNote = IncidentReportBuilder::noMetricHistoryNote();
    }
    result.files = IncidentReportFiles::write(report, folder, formats, &result.error);
    result.summary = QStringLiteral("%1 events, %2 operations, %3 failover episodes, %4 plots")
                         .arg(report.events.size())
                         .arg(report.operations.size())
                         .arg(report.episodes.size())
                         .arg(std::count_if(report.plots.cbegin(), report.plots.cend(), [](const IncidentPlot &p) { return !p.fileName.isEmpty(); }));
    return result;
}

} // namespace ops
