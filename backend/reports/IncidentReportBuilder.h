#pragma once

#include "IncidentReport.h"
#include "history/HistoryError.h"

namespace ops {

class HistoryStore;

/**
 * @brief Builds an IncidentReport from the history store: the events of one deployment in a
 * time window, the operations overlapping it, the failover episodes (groupFailoverEpisodes) and,
 * when a runbook run is named, its steps replayed from the journal (RunbookJournal::replay).
 *
 * With only a run id, the window is the run's start and end (or now) widened by a margin on both
 * sides, and the deployment is the run's. Synchronous: call it on a thread that may block on disk.
 */
class IncidentReportBuilder
{
public:
    struct Request
    {
        QString deploymentId;    ///< empty: the run's deployment (a run id is then required)
        qint64 fromMs = 0;       ///< 0: the run's start minus marginMs
        qint64 toMs = 0;         ///< 0: the run's end (or now) plus marginMs
        QString runOperationId;  ///< a runbook run (operation of kind "runbook"); empty: none
        qint64 marginMs = 5 * 60'000;
        qint64 nowMs = 0;        ///< "now" for runs still going; 0: the system clock
    };

    /** The report, or an error (Kind::Query for a missing or non-runbook run id, a bad window). */
    static IncidentReport build(const HistoryStore &store, const Request &request, HistoryError *error);

    /** The runbook-run part alone, from a journaled operation of kind "runbook" (pure). */
    static IncidentRunbookRun runbookRun(const OperationRecord &record);
    /** IncidentReport::plotsNote of a report made without any metric history (the CLI). */
    static QString noMetricHistoryNote();
    /** Events, operations, the run's steps and episodes merged into one timeline by time (pure). */
    static QList<IncidentTimelineEntry> timeline(const IncidentReport &report);
};

} // namespace ops
