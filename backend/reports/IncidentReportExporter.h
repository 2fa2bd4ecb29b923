#pragma once

#include "IncidentReportBuilder.h"
#include "monitor/MetricHistory.h"

#include <QStringList>

namespace ops {

/**
 * @brief The whole export of an incident report, as the console does it: opens its own reader
 * of the history store, builds the report (IncidentReportBuilder), draws the plots from the
 * deployment's metric history (IncidentPlotRenderer; none: the report says why) and writes the
 * files (IncidentReportFiles). Synchronous and blocking on disk: run it on a worker thread
 * (every object it uses is its own; MetricHistory reads are thread-safe).
 */
class IncidentReportExporter
{
public:
    struct Result
    {
        QStringList files;  ///< written, the Markdown first
        HistoryError error;
        QString summary;    ///< one line: what the report holds
    };

    static Result run(const QString &historyLocation, const IncidentReportBuilder::Request &request, const MetricHistoryPtr &metrics,
                      const QString &folder, int formats);
};

} // namespace ops
