#pragma once

#include "history/OperationRecord.h"
#include "model/OpsEvent.h"
#include "runbooks/RunbookRunState.h"
#include "viewmodels/FailoverEpisodes.h"

#include <QList>
#include <QString>

#include <optional>

namespace ops {

/** @brief One picture of a report (IncidentPlotRenderer), or why there is none. */
struct IncidentPlot
{
    QString title;    ///< "Replication lag (bytes)", ...
    QString fileName; ///< relative to the report's folder; empty when there is no image
    QString missing;  ///< why there is no image (no replica in the window, ...); empty when there is one
};

/** @brief One line of a report's timeline: an event, an operation's start or end, a runbook step. */
struct IncidentTimelineEntry
{
    qint64 timestampMs = 0;
    QString source;   ///< "event", "operation", "runbook"
    QString what;     ///< kind name, step id, operation kind
    QString severity; ///< "info", "warning", "critical"
    QString text;     ///< server- and operator-derived: writers escape it
};

/** @brief One step of the report's runbook run (replayed from the journal). */
struct IncidentRunbookStep
{
    struct Note
    {
        qint64 timestampMs = 0;
        QString text;
    };
    RunbookStepState state;  ///< status, times, detail (branch taken, skip reason, failure), operation
    QString kind;            ///< check, wait, action, command, manual, branch
    QString title;
    QString what;            ///< what the last attempt did ("<expression>", "<command>", ...)
    int attempts = 0;
    QList<Note> notes;
};

/** @brief The runbook run a report is about. */
struct IncidentRunbookRun
{
    OperationRecord record;  ///< operator, state, outcome, times
    QString runbookId;
    QString title;
    QList<QPair<QString, QString>> inputs; ///< sorted by name
    QList<IncidentRunbookStep> steps;      ///< in the runbook's order
};

/**
 * @brief What happened to one deployment in one time window, for an incident report
 * (IncidentReportBuilder builds it from the history; IncidentMarkdownWriter and
 * IncidentHtmlWriter render it). Plain data: every string may be server- or operator-derived.
 */
struct IncidentReport
{
    QString deploymentId;
    qint64 fromMs = 0;
    qint64 toMs = 0;
    qint64 generatedMs = 0;
    QString generatedBy;                   ///< OS user exporting the report
    QList<OpsEvent> events;                ///< in the window, oldest first
    QList<OperationRecord> operations;     ///< overlapping the window (the runbook run itself excluded)
    QList<FailoverEpisode> episodes;       ///< overlapping the window
    std::optional<IncidentRunbookRun> run;
    QList<IncidentTimelineEntry> timeline; ///< events, operations and runbook steps, by time
    QList<IncidentPlot> plots;
    QString plotsNote;                     ///< why plots are missing altogether (no samples, CLI ...); empty when drawn
};

} // namespace ops
